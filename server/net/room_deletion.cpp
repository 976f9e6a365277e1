// Deleting a session (see room.hpp and deletion_api.hpp): the room stops taking changes,
// the journal deletes the session's rows (and writes back its shell if its trial actions
// are kept), then its connections are closed.
#include "net/room.hpp"

#include "domain/deletion.hpp"
#include "net/log.hpp"
#include "net/log_events.hpp"
#include "storage/write_set.hpp"

#include <boost/asio/post.hpp>

#include <chrono>

namespace samskab::server {

namespace asio = boost::asio;
using namespace samskab::domain;

void room::role_of(std::string token_hash, role_fn done) {
    asio::post(strand_, [self = shared_from_this(), hash = std::move(token_hash), done = std::move(done)] {
        // Only committed participants have been given their token (as on join).
        const participant* who = self->committed_.people().find_by_token_hash(hash);
        if (!who || who->removed || self->erasing_) return done(std::nullopt);
        done(who->role_);
    });
}

void room::erase(bool keep_trials, erased_fn done) {
    asio::post(strand_, [self = shared_from_this(), keep_trials, done = std::move(done)]() mutable {
        if (self->erasing_)
            return done(storage::status::success(), storage::deletion_outcome::not_found, false, std::nullopt);
        // From here on nothing is written for the session; what is queued is written
        // first (the journal keeps the order), then deleted with the rest.
        self->erasing_ = true;
        if (!keep_trials) return self->delete_rows(std::nullopt, std::move(done));
        // The shell is made of what is committed, so of everything once the queue is
        // written: each write's answer reaches the strand before the flush's.
        self->journal_.flush([self, done = std::move(done)]() mutable {
            asio::post(self->strand_, [self, done = std::move(done)]() mutable {
                const auto now = std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
                auto shell = workshop::restore(trials_kept(self->committed_.state(), now));
                if (!self->pending_.empty() || !shell) {
                    log::write(log::events::session_delete_failed,
                               {{"session", self->id_}, {"reason", "its shell (its trial actions) could not be made"}});
                    self->erasing_ = false;
                    return done(storage::status{1, "the session's trial actions could not be kept"},
                                storage::deletion_outcome::not_found, false, std::nullopt);
                }
                self->delete_rows(std::move(shell.value()), std::move(done));
            });
        });
    });
}

void room::delete_rows(std::optional<workshop> shell, erased_fn done) {
    std::optional<storage::journal::kept_shell> kept;
    if (shell) kept = storage::journal::kept_shell{storage::collect_all(*shell), shell->state()};
    journal_.delete_session(
        id_, std::move(kept),
        [self = shared_from_this(), shell = std::move(shell), done = std::move(done)](
            const storage::status& st, storage::deletion_outcome outcome, bool wal_emptied) mutable {
            asio::post(self->strand_, [self, st, outcome, wal_emptied, shell = std::move(shell),
                                       done = std::move(done)]() mutable {
                if (!st.ok() || outcome != storage::deletion_outcome::deleted) {
                    self->erasing_ = false;  // nothing was deleted: the session goes on
                    return done(st, outcome, wal_emptied, std::nullopt);
                }
                // After the answers already queued for them, as on shutdown.
                auto shell_left = std::make_shared<std::optional<workshop>>(std::move(shell));
                self->close_all(close_code::deleted, [self, st, outcome, wal_emptied, shell_left, done] {
                    self->pace_.clear();
                    self->refs_.clear();
                    done(st, outcome, wal_emptied, std::move(*shell_left));
                });
            });
        });
}

}  // namespace samskab::server
