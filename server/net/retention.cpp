// The server's retention job (see retention.hpp).
#include "net/retention.hpp"

#include "domain/retention.hpp"
#include "net/log.hpp"
#include "net/log_events.hpp"

#include <boost/asio/post.hpp>

namespace samskab::server {

namespace asio = boost::asio;

retention_job::retention_job(asio::any_io_executor ex, storage::journal& j, registry& sessions,
                             workspace_api::today_fn today)
    : strand_(asio::make_strand(ex)), journal_(j), sessions_(sessions), today_(std::move(today)), timer_(strand_) {}

void retention_job::start() {
    asio::post(strand_, [self = shared_from_this()] {
        self->run();
        self->wait();
    });
}

void retention_job::run_now() {
    asio::post(strand_, [self = shared_from_this()] { self->run(); });
}

void retention_job::stop() {
    asio::post(strand_, [self = shared_from_this()] {
        self->stopped_ = true;
        self->timer_.cancel();
    });
}

void retention_job::wait() {
    if (stopped_) return;
    timer_.expires_after(interval);
    timer_.async_wait([self = shared_from_this()](boost::system::error_code ec) {
        if (ec || self->stopped_) return;
        self->run();
        self->wait();
    });
}

void retention_job::run() {
    if (stopped_) return;
    if (running_) {
        again_ = true;
        return;
    }
    running_ = true;
    journal_.read_retention_candidates([self = shared_from_this()](const storage::status& st,
                                                                   std::vector<storage::retention_candidate> found) {
        asio::post(self->strand_, [self, st, found = std::move(found)] {
            if (!st.ok()) {
                log::write(log::events::retention_failed, {{"reason", st.message}});
                return self->finished();
            }
            const auto today = self->today_();
            const auto now = std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
            for (const auto& c : found) {
                if (domain::names_removed_on(c.closed_at, c.months) > today) continue;
                auto r = self->sessions_.find_by_id(c.session_id);
                if (!r) continue;  // being deleted
                r->remove_names(domain::time_point{now}, [id = c.session_id](bool removed) {
                    if (removed) log::write(log::events::names_removed, {{"session", id}});
                });
            }
            self->finished();
        });
    });
}

void retention_job::finished() {
    running_ = false;
    if (std::exchange(again_, false)) run();
}

}  // namespace samskab::server
