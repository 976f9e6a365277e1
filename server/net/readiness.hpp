// readiness: whether the server takes new clients now (GET /readyz, PROTOCOL.md): not
// while it shuts down, and only while the database takes writes. A real write shows
// that: every probe_interval the monitor has the journal commit a write that changes
// nothing (journal::probe_write), so that a database that stopped taking writes (a full
// disk, a file another process keeps locked, an I/O error) is noticed also when nobody
// writes, and a write that waits longer than `patience` (a disk that hangs) too.
//
// Threading: start, shut_down and state are thread-safe; the probes are sent from the
// monitor's strand, one at a time.
#pragma once

#include "protocol/encoder.hpp"
#include "storage/journal.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>

namespace samskab::server {

// What readiness is made of, and the rule that judges it (a plain function, for tests).
struct readiness_facts {
    bool shutting_down = false;
    bool journal_healthy = true;  // storage::journal::healthy(): the last commit succeeded
    bool last_probe_ok = true;    // the last probe write committed (true before the first)
    // How long the probe under way has waited for its commit (nullopt: none under way).
    std::optional<std::chrono::steady_clock::duration> probe_waiting;
};
// Shutting down first, then a probe waiting longer than patience (not responding), then
// a failed commit or probe (unavailable); otherwise ready.
protocol::readiness judge(const readiness_facts& f, std::chrono::steady_clock::duration patience);

class readiness_monitor : public std::enable_shared_from_this<readiness_monitor> {
public:
    static constexpr std::chrono::seconds probe_interval{2};
    static constexpr std::chrono::seconds patience{10};

    readiness_monitor(boost::asio::any_io_executor ex, storage::journal& j);

    // The first probe now, then one probe_interval after each has completed.
    void start();
    // From now on state() says shutting_down; no more probes (the timer no longer holds
    // the io_context).
    void shut_down();
    // The server's readiness now. Never waits.
    protocol::readiness state() const;

private:
    void probe();
    void wait();

    boost::asio::strand<boost::asio::any_io_executor> strand_;
    storage::journal& journal_;
    boost::asio::steady_timer timer_;
    std::atomic<bool> shutting_down_{false};
    std::atomic<bool> last_probe_ok_{true};
    // When the probe under way was sent (steady clock, in its ticks); 0: none under way.
    std::atomic<std::int64_t> probe_sent_{0};
};

}  // namespace samskab::server
