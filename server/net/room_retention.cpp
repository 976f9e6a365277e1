// Retention in a room (see room.hpp, remove_names): the session's display names replaced
// by labels in its state, then in the database.
#include "net/room.hpp"

#include "domain/retention.hpp"
#include "net/log.hpp"
#include "net/log_events.hpp"
#include "protocol/name_removal.hpp"

#include <boost/asio/post.hpp>

namespace samskab::server {

namespace asio = boost::asio;

void room::remove_names(domain::time_point at, std::function<void(bool removed)> done) {
    asio::post(strand_, [self = shared_from_this(), at, done = std::move(done)] {
        // What is being written (or read) was made with the names: the job comes back
        // once it is done.
        if (self->erasing_ || !self->pending_.empty() || self->history_state_ == history_state::reading)
            return done(false);
        auto st = self->committed_.state();
        domain::remove_names(st);
        auto restored = domain::workshop::restore(st);
        if (!restored) {
            log::write(log::events::names_remove_failed, {{"session", self->id_}, {"reason", restored.err().message}});
            return done(false);
        }
        self->committed_ = std::move(restored.value());
        self->speculative_.reset();
        // The texts kept for resuming clients have the names: none is replayed any more.
        self->history_.clear();
        self->history_state_ = history_state::ready;
        self->last_withdrawal_ = self->committed_.seq() + 1;
        {
            std::lock_guard lock(self->info_mutex_);
            self->listing_ = domain::session_listing{self->committed_.info(), self->committed_.counts()};
        }
        if (!self->committed_.info().workspace_id.empty()) {
            auto part = std::make_shared<const domain::portfolio_part>(domain::portfolio_part_of(self->committed_));
            std::set<domain::trial_ref> rows;
            {
                std::lock_guard lock(self->info_mutex_);
                rows = domain::changed_rows(*self->portfolio_, *part);
                self->portfolio_ = part;
            }
            if (!rows.empty() && self->directory_)
                self->directory_->portfolio_changed(self->committed_.info().workspace_id, rows);
        }
        self->journal_.remove_names(
            std::move(st), [](std::string_view text) { return protocol::without_names(text); }, at,
            [self, done = std::move(done)](const storage::status& written) {
                asio::post(self->strand_, [self, written, done] {
                    if (!written.ok())
                        log::write(log::events::names_remove_failed,
                                   {{"session", self->id_},
                                    {"reason", "the database: " + written.message + "; tried again on the next run"}});
                    done(written.ok());
                });
            });
        // Every client has names in its memory: closed (as on a restart), it comes back
        // to a snapshot. No join waits for the history here (it is not being read).
        for (auto& [ptr, each] : self->peers_) {
            each.conn->close(close_code::going_away);
            if (each.joined) (void)self->presence_.disconnect(each.who);
        }
        self->peers_.clear();
    });
}

}  // namespace samskab::server
