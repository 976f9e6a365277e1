// peer: one client connection as a room sees it. A room never touches a socket; it
// delivers serialized messages and asks for closes through this interface, so rooms
// can be tested with fake peers (see room_test.cpp).
#pragma once

#include "net/guard.hpp"

#include <cstdint>
#include <memory>
#include <string>

namespace samskab::server {

// WebSocket close codes the server uses (RFC 6455, section 7.4.1).
enum class close_code : std::uint16_t {
    normal = 1000,
    going_away = 1001,        // the server is shutting down
    unsupported_data = 1003,  // a binary frame
    policy_violation = 1008,  // the client did not read its messages
    internal_error = 1011,
    removed = 4001,           // the facilitator removed this participant
    deleted = 4002,           // the session was deleted (PROTOCOL.md, "Deleting a session")
};

// The reason sent with a close code (at most 123 bytes; "" for none).
constexpr const char* close_reason_of(close_code c) {
    switch (c) {
    case close_code::removed: return "participant removed";
    case close_code::deleted: return "session deleted";
    default: return "";
    }
}

class peer {
public:
    virtual ~peer() = default;

    // Queues msg to be sent after everything queued before it. The text is shared
    // with other recipients and never modified. Thread-safe; returns at once.
    virtual void deliver(std::shared_ptr<const std::string> msg) = 0;

    // Sends what is queued, then closes with code. Thread-safe; a second call has no
    // effect.
    virtual void close(close_code code) = 0;

    // Tells the peer whether its join succeeded. Thread-safe. A failed join is told
    // before its error is delivered: a client that retries the moment it reads the
    // error must find the connection ready to join again.
    virtual void join_result(bool joined) = 0;

    // True once the connection is closing (or has overflowed its send queue): nothing
    // more need be prepared for it. Thread-safe.
    virtual bool closing() const = 0;

    // The change budget of the client address this connection comes from, shared by
    // everyone behind it (see address_guard::may_change): whether a change may be
    // made now, and spending one once it is accepted. Thread-safe.
    virtual admission may_change() = 0;
    virtual void changed() = 0;
};

}  // namespace samskab::server
