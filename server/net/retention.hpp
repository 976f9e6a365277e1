// retention: the server's own job that removes participants' display names from the
// closed sessions of workspaces with a retention (domain/retention.hpp; README.md,
// "Personal data"). It runs once the server starts, every hour, and whenever an admin
// changes a workspace's settings: it reads which closed sessions still have their names
// (storage::retention_candidates), and each whose day has come (names_removed_on, against
// `today`, which SAMSKAB_TODAY pins) has its room remove them (room::remove_names).
//
// Threading: start, run_now and stop are thread-safe; the job's own work runs on its
// strand, and one run at a time (a run asked for meanwhile follows it).
#pragma once

#include "net/registry.hpp"
#include "net/workspace_api.hpp"
#include "storage/journal.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include <chrono>
#include <memory>

namespace samskab::server {

class retention_job : public std::enable_shared_from_this<retention_job> {
public:
    static constexpr std::chrono::hours interval{1};

    retention_job(boost::asio::any_io_executor ex, storage::journal& j, registry& sessions,
                  workspace_api::today_fn today);

    // The first run now, then one every interval.
    void start();
    // A run as soon as the one under way (if any) ends.
    void run_now();
    // No more runs (shutdown): the timer no longer holds the io_context.
    void stop();

private:
    void run();
    void finished();
    void wait();

    boost::asio::strand<boost::asio::any_io_executor> strand_;
    storage::journal& journal_;
    registry& sessions_;
    workspace_api::today_fn today_;
    boost::asio::steady_timer timer_;
    bool running_ = false, again_ = false, stopped_ = false;
};

}  // namespace samskab::server
