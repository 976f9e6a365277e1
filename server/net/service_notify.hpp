// service_notify: tells systemd how the server is doing, for a unit with Type=notify
// (sd_notify(3), with Debian's libsystemd): READY=1 with a STATUS= line once it
// listens, WATCHDOG=1 from the event loop at half the interval the unit's WatchdogSec=
// asks for (so that a loop that stops turning stops the pings, and systemd restarts
// the server), and STOPPING=1 when the shutdown begins. Started without NOTIFY_SOCKET
// (not by systemd), every call does nothing; without WATCHDOG_USEC there are no pings.
//
// Threading: ready and stopping are thread-safe; the pings run on the notifier's strand.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include <chrono>
#include <memory>
#include <string>

namespace samskab::server {

class service_notify : public std::enable_shared_from_this<service_notify> {
public:
    explicit service_notify(boost::asio::any_io_executor ex);

    // READY=1 and STATUS=status; then the watchdog's pings, if systemd wants them.
    void ready(const std::string& status);
    // STOPPING=1 and STATUS=status; the pings stop (their timer no longer holds the
    // io_context).
    void stopping(const std::string& status);

    // The interval between two pings: half of what WATCHDOG_USEC gives this process
    // (sd_watchdog_enabled(3): WATCHDOG_PID, if set, must be our PID); zero if there is
    // no watchdog.
    static std::chrono::microseconds ping_interval();

private:
    void ping();

    boost::asio::strand<boost::asio::any_io_executor> strand_;
    boost::asio::steady_timer timer_;
    std::chrono::microseconds interval_;
    bool stopped_ = false;  // on the strand
};

}  // namespace samskab::server
