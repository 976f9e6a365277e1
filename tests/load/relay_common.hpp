// What the relay adapters (ws_relay_adapter, socketio_relay_adapter) share: a client's
// room and name, building a change's JSON, and reading the change id back cheaply on the
// hot path (a fixed prefix, then the digits).
#pragma once

#include "protocol_adapter.hpp"

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

namespace samskab::load {

inline bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

// Concatenation into a reserved string (assigning short literals and appending trips
// GCC 12's -Wrestrict false positive in char_traits::copy at -O2).
std::string concat(std::initializer_list<std::string_view> parts);

// A change as the relays carry it, {"change":<id>,"from":"L0-3","text":"lg:<id> idea from
// L0-3 xxx…"}, its text `text_length` characters long like Samskab's idea texts, so that
// every server moves messages of about the same size. `from` is the client's name.
std::string relay_change_json(std::uint64_t id, std::string_view from, std::size_t text_length);

// What every relay_change_json starts with: its id follows.
inline constexpr std::string_view relay_change_prefix = R"({"change":)";

// A client of a relay: client `index` of session `session` is "L<session>-<index>" in
// room "load-<session>".
class relay_client : public client_protocol {
public:
    relay_client(int session, int index, std::size_t text_length);

protected:
    // The change whose id stands at `at` in `text` (a received message); a problem
    // ("unreadable_change") if there is no id there.
    static received change_at(std::string_view text, std::size_t at);

    std::size_t text_length_;
    std::string room_;
    std::string name_;
};

}  // namespace samskab::load
