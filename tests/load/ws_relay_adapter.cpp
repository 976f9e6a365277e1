// The `ws` relay's adapter (see ws_relay_adapter.hpp).
#include "ws_relay_adapter.hpp"

#include <charconv>
#include <initializer_list>

namespace samskab::load {

namespace {

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

// Concatenation into a reserved string (assigning short literals and appending trips
// GCC 12's -Wrestrict false positive in char_traits::copy at -O2).
std::string concat(std::initializer_list<std::string_view> parts) {
    std::size_t n = 0;
    for (auto p : parts) n += p.size();
    std::string s;
    s.reserve(n);
    for (auto p : parts) s.append(p);
    return s;
}

class ws_relay_client : public client_protocol {
public:
    ws_relay_client(int session, int index, std::size_t text_length) : text_length_(text_length) {
        room_ = concat({"load-", std::to_string(session)});
        name_ = concat({"L", std::to_string(session), "-", std::to_string(index)});
    }

    std::vector<std::string> join() override {
        std::string msg = R"({"join":")";
        msg += room_;
        msg += "\"}";
        return {msg};
    }

    std::string make_change(std::uint64_t id) override {
        const std::string ids = std::to_string(id);
        std::string text = "lg:";
        text += ids;
        text += " idea from ";
        text += name_;
        text += ' ';
        if (text.size() < text_length_) text.append(text_length_ - text.size(), 'x');
        std::string msg = R"({"change":)";
        msg += ids;
        msg += R"(,"from":")";
        msg += name_;
        msg += R"(","text":")";
        msg += text;
        msg += "\"}";
        return msg;
    }

    received on_message(std::string_view text, std::vector<std::string>&) override {
        received r;
        // The relay forwards the others' messages unchanged: the hot path, one prefix.
        static constexpr std::string_view change_prefix = R"({"change":)";
        if (starts_with(text, change_prefix)) {
            std::uint64_t id = 0;
            const char* b = text.data() + change_prefix.size();
            auto [p, ec] = std::from_chars(b, text.data() + text.size(), id);
            if (ec != std::errc() || p == b) {
                r.problem = "unreadable_change";
                return r;
            }
            r.what = received::kind::change;
            r.change = id;
            return r;
        }
        if (starts_with(text, R"({"joined":)")) {
            r.what = received::kind::joined;
            return r;
        }
        r.problem = "unreadable_message";
        return r;
    }

private:
    std::size_t text_length_;
    std::string room_;
    std::string name_;
};

}  // namespace

std::unique_ptr<client_protocol> ws_relay_adapter::make_client(int session, int index) {
    return std::make_unique<ws_relay_client>(session, index, text_length_);
}

}  // namespace samskab::load
