// What the relay adapters share (see relay_common.hpp).
#include "relay_common.hpp"

#include <algorithm>
#include <charconv>

namespace samskab::load {

std::string concat(std::initializer_list<std::string_view> parts) {
    std::size_t n = 0;
    for (auto p : parts) n += p.size();
    std::string s;
    s.reserve(n);
    for (auto p : parts) s.append(p);
    return s;
}

std::string relay_change_json(std::uint64_t id, std::string_view from, std::size_t text_length) {
    const std::string ids = std::to_string(id);
    std::string text = concat({"lg:", ids, " idea from ", from, " "});
    if (text.size() < text_length) text.append(text_length - text.size(), 'x');
    return concat({relay_change_prefix, ids, R"(,"from":")", from, R"(","text":")", text, "\"}"});
}

relay_client::relay_client(int session, int index, std::size_t text_length)
    : text_length_(text_length),
      room_(concat({"load-", std::to_string(session)})),
      name_(concat({"L", std::to_string(session), "-", std::to_string(index)})) {}

received relay_client::change_at(std::string_view text, std::size_t at) {
    received r;
    std::uint64_t id = 0;
    const char* b = text.data() + std::min(at, text.size());
    auto [p, ec] = std::from_chars(b, text.data() + text.size(), id);
    if (ec != std::errc() || p == b) {
        r.problem = "unreadable_change";
        return r;
    }
    r.what = received::kind::change;
    r.change = id;
    return r;
}

}  // namespace samskab::load
