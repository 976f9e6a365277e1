// The Socket.IO relay's adapter (see socketio_relay_adapter.hpp).
#include "socketio_relay_adapter.hpp"

#include "relay_common.hpp"

#include <algorithm>
#include <array>
#include <charconv>

namespace samskab::load {

namespace {

class socketio_relay_client : public relay_client {
public:
    using relay_client::relay_client;

    // Nothing until the server's open packet: the namespace connect is its answer.
    std::vector<std::string> join() override { return {}; }

    std::string make_change(std::uint64_t id) override {
        if (state_ != state::joined) return {};
        // The IV: 16 hex digits of the id (Excalidraw's 12-byte IV is 16 in base64).
        std::array<char, 16> iv;
        iv.fill('0');
        std::array<char, 16> hex{};
        const auto [end, ec] = std::to_chars(hex.data(), hex.data() + hex.size(), id, 16);
        const auto digits = static_cast<std::size_t>(end - hex.data());
        std::copy(hex.data(), end, iv.data() + iv.size() - digits);
        return concat({R"(42["server-broadcast",")", room_, R"(",)", relay_change_json(id, name_, text_length_),
                       R"(,")", std::string_view(iv.data(), iv.size()), R"("])"});
    }

    received on_message(std::string_view text, std::vector<std::string>& replies) override {
        // The hot path: the others' changes, one fixed prefix and the id after it.
        static constexpr std::string_view broadcast_prefix = R"(42["client-broadcast",)";
        static constexpr std::string_view change_prefix = R"(42["client-broadcast",{"change":)";
        if (starts_with(text, broadcast_prefix)) {
            // Anything else relayed is garbled: read at the end, where there is no id.
            const bool ours = starts_with(text, change_prefix) && text.back() == ']';
            return change_at(text, ours ? change_prefix.size() : text.size());
        }
        received r;
        if (text == "2") {  // Engine.IO ping
            replies.emplace_back("3");
            return r;
        }
        if (starts_with(text, R"(42[")")) return on_event(text.substr(4));
        if (starts_with(text, "0{")) {  // Engine.IO open: connect to the main namespace
            if (state_ != state::opening) {
                r.problem = "unexpected_open";
                return r;
            }
            state_ = state::connecting;
            replies.emplace_back("40");
            return r;
        }
        if (starts_with(text, "40")) {  // Socket.IO connect ack, 40{"sid":...}: join the room
            if (state_ != state::connecting) {
                r.problem = "unexpected_connect";
                return r;
            }
            state_ = state::joining;
            replies.push_back(concat({R"(42["join-room",")", room_, R"("])"}));
            return r;
        }
        if (starts_with(text, "44")) {  // Socket.IO connect error
            r.what = received::kind::error;
            r.detail = "connect_error";
            return r;
        }
        if (text == "41" || text == "1") {  // Socket.IO disconnect, Engine.IO close
            r.problem = "disconnected_by_server";
            return r;
        }
        if (text == "6") return r;  // Engine.IO noop
        r.problem = "unreadable_message";
        return r;
    }

private:
    enum class state { opening, connecting, joining, joined };

    // An event other than a change, `name",...]` (after `42["`).
    received on_event(std::string_view rest) {
        received r;
        if (starts_with(rest, R"(room-user-change",)")) {
            // Sent to everyone in the room after each join (and when one leaves): this
            // client is in its room. Any later one changes nothing.
            if (state_ == state::joining) state_ = state::joined;
            if (state_ == state::joined)
                r.what = received::kind::joined;
            else
                r.problem = "room_user_change_before_join";
            return r;
        }
        if (starts_with(rest, R"(init-room"])") || starts_with(rest, R"(first-in-room"])") ||
            starts_with(rest, R"(new-user",)"))
            return r;
        r.problem = "unexpected_event";
        return r;
    }

    state state_ = state::opening;
};

}  // namespace

std::unique_ptr<client_protocol> socketio_relay_adapter::make_client(int session, int index) {
    return std::make_unique<socketio_relay_client>(session, index, text_length_);
}

}  // namespace samskab::load
