// The outcome report's body (GET /api/sessions/{id}/outcome, PROTOCOL.md "The outcome
// report"), and the reading of the stored changes its timeline is made of.
//
// Threading: plain functions of values; safe from any thread.
#pragma once

#include "domain/outcome.hpp"
#include "domain/types.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace samskab::protocol {

// Who reads the report: a participant of the session (with their role), or the holder
// of a link of the session's workspace (with the link's role), who reads as an observer
// who is no participant.
struct outcome_reader {
    // A participant of the session, a link of its workspace, or the session's receipt.
    enum class kind { participant, workspace, receipt };
    kind by = kind::participant;
    std::string role;  // the session role's wire name, the workspace role's, or "observer" for a receipt
    domain::participant_id participant = 0;  // 0 but for a participant
};

struct outcome_answer {
    domain::time_point generated_at{};
    outcome_reader reader;
    // encode_snapshot's text for the reader's viewer: spliced in as it is, so the report
    // shows exactly what the reader's own WebSocket snapshot would.
    std::string snapshot;
    domain::participation participation;
    std::vector<domain::phase_span> timeline;
    // False if the session has more stored phase changes than were read (see
    // server/net/outcome_api.cpp): the timeline then stops at the last one read.
    bool timeline_complete = true;
};

// The reader as the answers name it: {"kind", "role", "participant"}.
std::string encode_reader(const outcome_reader& r);

// The 200 answer's body. Precondition: snapshot is a JSON object's text.
std::string encode_outcome(const outcome_answer& a);

// The phase that a stored phase.set change's text (its controls.updated event) names;
// nullopt if the text is not such an event.
std::optional<domain::phase> phase_of_stored_change(std::string_view event_text);

}  // namespace samskab::protocol
