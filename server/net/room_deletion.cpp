// Deleting a session (see room.hpp and deletion_api.hpp): the room stops taking changes,
// the journal deletes the session's rows, then its connections are closed.
#include "net/room.hpp"

#include <boost/asio/post.hpp>

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

void room::erase(erased_fn done) {
    asio::post(strand_, [self = shared_from_this(), done = std::move(done)]() mutable {
        if (self->erasing_) return done(storage::status::success(), storage::deletion_outcome::not_found, false);
        // From here on nothing is written for the session; what is queued is written
        // first (the journal keeps the order), then deleted with the rest.
        self->erasing_ = true;
        self->journal_.delete_session(
            self->id_, [self, done = std::move(done)](const storage::status& st, storage::deletion_outcome outcome,
                                                      bool wal_emptied) mutable {
                asio::post(self->strand_, [self, st, outcome, wal_emptied, done = std::move(done)] {
                    if (!st.ok() || outcome != storage::deletion_outcome::deleted) {
                        self->erasing_ = false;  // nothing was deleted: the session goes on
                        return done(st, outcome, wal_emptied);
                    }
                    // After the answers already queued for them, as on shutdown.
                    self->close_all(close_code::deleted, [self, st, outcome, wal_emptied, done] {
                        self->pace_.clear();
                        self->refs_.clear();
                        done(st, outcome, wal_emptied);
                    });
                });
            });
    });
}

}  // namespace samskab::server
