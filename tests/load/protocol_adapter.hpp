// The protocol-specific part of the load generator, behind a small interface, so that
// the same engine (connections, open-loop schedule, fan-out bookkeeping, statistics)
// can later drive other servers: a plain `ws` broadcast relay or a Socket.IO relay.
//
// An adapter knows how to prepare the server (create sessions/rooms), how a client
// joins, how to encode one change carrying the engine's change id, and how to recognise
// in a received message a change that some other client made. Everything runs on the
// engine's single I/O thread: adapters need no locks.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace samskab::load {

// What a client makes of one message it received.
struct received {
    enum class kind {
        other,   // nothing the engine counts (presence, snapshot, pong, ...)
        joined,  // the client is in its session and may start sending changes
        change,  // a change made by another client: `change` is its id
        // A change made by another client that only its `seq` tells apart (a vote: the
        // others learn the new totals, not whose vote it was): it is the change whose
        // ack (with `by_seq`) carries the same seq, which may arrive before or after.
        change_by_seq,
        ack,     // the server confirmed this client's change `change`
        error,   // the server refused something: `detail` is the code; `change` its change, or 0
    };
    kind what = kind::other;
    std::uint64_t change = 0;
    std::int64_t seq = 0;  // change_by_seq: the event's; ack with by_seq: the change's
    bool by_seq = false;   // ack: the others recognise this change by its seq
    std::string detail;
    // A violation of the protocol's promises seen in this message (a gap in the
    // sequence numbers, an unreadable message, ...); counted as an error by the engine.
    std::string problem;
};

// One simulated client's protocol state.
class client_protocol {
public:
    virtual ~client_protocol() = default;
    // The messages to send once the WebSocket is open.
    virtual std::vector<std::string> join() = 0;
    // The text of the next change, carrying change id `id` so that every receiver can
    // recognise it. Empty: this client cannot make a change now (nothing is sent).
    virtual std::string make_change(std::uint64_t id) = 0;
    // Classifies one received message; may append messages to send back (keep-alives).
    virtual received on_message(std::string_view text, std::vector<std::string>& replies) = 0;
};

struct server_address {
    std::string host = "127.0.0.1";
    std::uint16_t port = 0;
};

class protocol_adapter {
public:
    virtual ~protocol_adapter() = default;
    // The server's label in the results ("samskab").
    virtual std::string name() const = 0;
    // The WebSocket path to connect to.
    virtual std::string ws_target() const = 0;
    // Prepares `sessions` sessions (rooms) of `clients_per_session` clients each on the
    // server, synchronously, before any client connects. Throws on failure.
    virtual void prepare(const server_address& server, int sessions, int clients_per_session) = 0;
    // The protocol state of client `index` (0-based) of session `session` (0-based).
    virtual std::unique_ptr<client_protocol> make_client(int session, int index) = 0;
    // Extra headers for a client's upgrade request (e.g. X-Forwarded-For).
    virtual std::vector<std::pair<std::string, std::string>> upgrade_headers(int /*session*/, int /*index*/) {
        return {};
    }
};

}  // namespace samskab::load
