// metrics: what the server counts for its operators, served as GET /metrics in the
// Prometheus text format (README, "Metrics"; the names and types are listed there and in
// tests/integration/metrics_test.cpp).
//
// The counters and histograms are process-wide (prometheus-cpp's, thread-safe, lock-free
// for counters): any part of server/net counts through the functions below, without a
// handle passed around. Nothing here takes a label from what a client sent except through
// a fixed set (error codes, close codes, limits), so no join code, name, id or text can
// become a label, and the number of series is bounded.
//
// What is a level rather than an event (connections open, sessions loaded, the journal's
// queue, the process's CPU and memory) is read when /metrics is asked for.
#pragma once

#include "domain/error.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace samskab::server::metrics {

// How an error reached its client.
enum class transport { websocket, http };

// The limits that refuse (samskab_rate_limited_total's label `limit`).
enum class limit {
    connections,       // --max-connections-per-address: a connection refused with 503
    failed_attempts,   // unknown codes, tokens and invitations from one address
    creations,         // sessions created from one address
    joins,             // participants added from one address (--joins-per-address)
    address_changes,   // changes from one address (--changes-per-address)
    participant_pace,  // changes of one participant (--participant-pace)
    messages,          // WebSocket messages of one connection (refused with rate_limited)
    flooding,          // a connection closed for going on sending after its refusals
};

// The limit's name, as the metrics' label and the log's `limit` field give it.
std::string_view name_of(limit which);

using duration = std::chrono::steady_clock::duration;

void connection_accepted();
void message_received();
void messages_sent(std::size_t n);
// An error sent to a client: a WebSocket `error` message or an HTTP error response.
void error_sent(domain::errc code, transport via);
// A WebSocket close, by the server (a close_code, or Beast's 1002/1007/1009) or by the
// client (its code if a standard one, else counted as "other").
void closed_by_server(std::uint16_t code);
void closed_by_client(std::uint16_t code);
// A change committed: the time from handing it to the journal to its commit reaching the
// session's room.
void change_committed(duration since_queued);
// The time a room spent giving one committed change to all its connections.
void fanned_out(duration took);
// Messages dropped from the send queue of a client that does not read them.
void send_queue_dropped(std::size_t messages);
void rate_limited(limit which);

// What /metrics reads at the moment it is asked for.
struct levels {
    std::function<std::size_t()> connections_open;
    std::function<std::size_t()> sessions_loaded;
    std::function<std::size_t()> journal_queue_depth;
};

// The whole exposition, in the Prometheus text format (version 0.0.4).
std::string render(const levels& now);

// The content type of render()'s text.
inline constexpr std::string_view content_type = "text/plain; version=0.0.4; charset=utf-8";

// Who may read /metrics: addresses and networks, as --metrics-from gives them
// ("127.0.0.1", "10.0.0.0/8", "::1", "fd00::/8").
class allowlist {
public:
    // Loopback only (127.0.0.0/8 and ::1).
    allowlist();
    // Replaces the list; false (and the list unchanged) if an entry is not an address or a
    // network, with what is wrong in `error`.
    bool assign(const std::vector<std::string>& entries, std::string& error);
    // Whether a client at this address (as http_session names it: the connection's, or
    // the one a trusted proxy names) may read /metrics. IPv4 addresses mapped into IPv6
    // are taken as IPv4.
    bool allows(std::string_view address) const;

private:
    struct network {
        std::vector<unsigned char> bytes;  // 4 or 16
        unsigned prefix = 0;
    };
    std::vector<network> networks_;
};

}  // namespace samskab::server::metrics
