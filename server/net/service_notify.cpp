// Notifications to systemd (see service_notify.hpp).
#include "net/service_notify.hpp"

#include "net/log.hpp"
#include "net/log_events.hpp"

#include <boost/asio/post.hpp>

#include <systemd/sd-daemon.h>

#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <cstring>

namespace samskab::server {

namespace asio = boost::asio;

namespace {

// sd_notify with the state lines; errors (a socket that went away) are logged, not fatal.
void notify(const std::string& state) {
    static std::atomic<bool> warned{false};
    if (const int r = sd_notify(0, state.c_str()); r < 0 && !warned.exchange(true))
        log::write(log::events::notify_failed, {{"reason", std::strerror(-r)}});
}

// A STATUS= value is one line.
std::string one_line(std::string s) {
    for (char& c : s)
        if (c == '\n' || c == '\r') c = ' ';
    return s;
}

}  // namespace

service_notify::service_notify(asio::any_io_executor ex)
    : strand_(asio::make_strand(ex)), timer_(strand_), interval_(ping_interval()) {}

std::chrono::microseconds service_notify::ping_interval() {
    std::uint64_t usec = 0;
    // Pings nobody receives would only wake the loop.
    if (!std::getenv("NOTIFY_SOCKET") || sd_watchdog_enabled(0, &usec) <= 0) return std::chrono::microseconds(0);
    return std::chrono::microseconds(usec / 2);
}

void service_notify::ready(const std::string& status) {
    notify("READY=1\nSTATUS=" + one_line(status));
    if (interval_.count() == 0) return;
    log::write(log::events::watchdog_on, {{"interval_seconds", interval_}});
    asio::post(strand_, [self = shared_from_this()] { self->ping(); });
}

void service_notify::stopping(const std::string& status) {
    notify("STOPPING=1\nSTATUS=" + one_line(status));
    asio::post(strand_, [self = shared_from_this()] {
        self->stopped_ = true;
        self->timer_.cancel();
    });
}

void service_notify::ping() {
    if (stopped_) return;
    notify("WATCHDOG=1");
    timer_.expires_after(interval_);
    timer_.async_wait([self = shared_from_this()](boost::system::error_code ec) {
        if (ec) return;
        self->ping();
    });
}

}  // namespace samskab::server
