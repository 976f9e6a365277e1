// The outcome report's part that a room gives (see room.hpp and outcome_api.hpp): built
// on the room's strand from its committed state, with the same encoder and visibility as
// the reader's WebSocket snapshot, so the report shows nobody more than the board does.
#include "net/room.hpp"

#include "domain/outcome.hpp"
#include "protocol/encoder.hpp"

#include <boost/asio/post.hpp>

#include <chrono>

namespace samskab::server {

namespace asio = boost::asio;
using namespace samskab::domain;

void room::outcome_for_participant(std::string token_hash, outcome_fn done) {
    asio::post(strand_, [self = shared_from_this(), hash = std::move(token_hash), done = std::move(done)] {
        // Only committed participants have been given their token (as on join).
        const participant* who = self->committed_.people().find_by_token_hash(hash);
        if (!who || who->removed) return done(std::nullopt);
        done(self->draft_outcome(viewer_of(*who),
                                 {protocol::outcome_reader::kind::participant, std::string(to_string(who->role_)), who->id}));
    });
}

void room::outcome_for_workspace(workspace_role role, outcome_fn done) {
    asio::post(strand_, [self = shared_from_this(), role, done = std::move(done)] {
        done(self->draft_outcome(viewer{0, domain::role::observer},
                                 {protocol::outcome_reader::kind::workspace, std::string(to_string(role)), 0}));
    });
}

void room::outcome_for_receipt(outcome_fn done) {
    asio::post(strand_, [self = shared_from_this(), done = std::move(done)] {
        done(self->draft_outcome(viewer{0, domain::role::observer},
                                 {protocol::outcome_reader::kind::receipt, "observer", 0}));
    });
}

void room::committed_state(std::function<void(workshop_state)> done) {
    asio::post(strand_, [self = shared_from_this(), done = std::move(done)] { done(self->committed_.state()); });
}

room::outcome_draft room::draft_outcome(const viewer& v, protocol::outcome_reader reader) const {
    outcome_draft d;
    d.answer.generated_at =
        std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
    d.answer.reader = std::move(reader);
    d.answer.snapshot = protocol::encode_snapshot(committed_, v);
    d.answer.participation = participation_of(committed_);
    d.info = committed_.info();
    d.current = committed_.controls().current;
    d.seq = committed_.seq();
    return d;
}

}  // namespace samskab::server
