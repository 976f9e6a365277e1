// The readiness monitor (see readiness.hpp).
#include "net/readiness.hpp"

#include "net/log.hpp"
#include "net/log_events.hpp"

#include <boost/asio/post.hpp>

#include <algorithm>

namespace samskab::server {

namespace asio = boost::asio;
using clock = std::chrono::steady_clock;

protocol::readiness judge(const readiness_facts& f, clock::duration patience) {
    if (f.shutting_down) return protocol::readiness::shutting_down;
    if (f.probe_waiting && *f.probe_waiting > patience) return protocol::readiness::database_not_responding;
    if (!f.journal_healthy || !f.last_probe_ok) return protocol::readiness::database_unavailable;
    return protocol::readiness::ready;
}

readiness_monitor::readiness_monitor(asio::any_io_executor ex, storage::journal& j)
    : strand_(asio::make_strand(ex)), journal_(j), timer_(strand_) {}

void readiness_monitor::start() {
    asio::post(strand_, [self = shared_from_this()] { self->probe(); });
}

void readiness_monitor::shut_down() {
    shutting_down_.store(true);
    asio::post(strand_, [self = shared_from_this()] { self->timer_.cancel(); });
}

protocol::readiness readiness_monitor::state() const {
    readiness_facts f;
    f.shutting_down = shutting_down_.load();
    f.journal_healthy = journal_.healthy();
    f.last_probe_ok = last_probe_ok_.load();
    if (const auto sent = probe_sent_.load(); sent != 0)
        f.probe_waiting = clock::now().time_since_epoch() - clock::duration(sent);
    return judge(f, patience);
}

void readiness_monitor::probe() {
    if (shutting_down_.load()) return;
    // Never 0, which means "none under way".
    probe_sent_.store(std::max<std::int64_t>(1, clock::now().time_since_epoch().count()));
    journal_.probe_write([self = shared_from_this()](const storage::status& s) {
        const bool ok = s.ok();
        // A change of verdict is worth a line; the same one every two seconds is not.
        if (self->last_probe_ok_.exchange(ok) != ok) {
            if (ok) log::write(log::events::database_writable);
            else log::write(log::events::database_unwritable, {{"reason", s.message}});
        }
        self->probe_sent_.store(0);
        asio::post(self->strand_, [self] { self->wait(); });
    });
}

void readiness_monitor::wait() {
    if (shutting_down_.load()) return;
    timer_.expires_after(probe_interval);
    timer_.async_wait([self = shared_from_this()](boost::system::error_code ec) {
        if (ec) return;
        self->probe();
    });
}

}  // namespace samskab::server
