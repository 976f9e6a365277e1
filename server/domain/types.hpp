// The plain value types of a workshop session: who takes part and in which role, the
// phases and settings, the board's themes, clusters and ideas, votes, comments,
// trial actions and decisions. No behaviour lives here; the rules are in workshop.hpp
// and the classes it is made of. All types are regular values: copyable, comparable,
// and safe to hand between threads once copied.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace samskab::domain {

using participant_id = std::int64_t;
using idea_id = std::int64_t;
using column_id = std::int64_t;
using cluster_id = std::int64_t;
using comment_id = std::int64_t;
using trial_id = std::int64_t;
using decision_id = std::int64_t;
// Sequence number of an accepted change within one session: 1, 2, 3, ...
// 0 means "nothing yet".
using seq_t = std::int64_t;
// Wall-clock time at millisecond precision, UTC.
using time_point = std::chrono::sys_time<std::chrono::milliseconds>;

// ---- enumerations, each with its wire name ------------------------------------------

enum class role { facilitator, co_facilitator, manager, staff, citizen, observer };
std::string_view to_string(role r);
std::optional<role> role_from_string(std::string_view s);
// The facilitator and co-facilitators: they run the session.
inline bool facilitates(role r) { return r == role::facilitator || r == role::co_facilitator; }
// The roles whose votes are counted and split in the results.
inline bool votes_as_member(role r) { return r == role::manager || r == role::staff || r == role::citizen; }

enum class session_status { open, closed };
std::string_view to_string(session_status s);
std::optional<session_status> session_status_from_string(std::string_view s);

enum class phase { welcome, ideas, cluster, vote, trial_actions, review, wrap_up };
std::string_view to_string(phase p);
std::optional<phase> phase_from_string(std::string_view s);

// A session's sequence of phases comes from its template.
enum class session_template { idea_workshop, review };
std::string_view to_string(session_template t);
std::optional<session_template> template_from_string(std::string_view s);
std::vector<phase> phases_of(session_template t);

enum class anonymity {
    named,                     // everyone sees who wrote what
    hidden_from_participants,  // only the facilitators see who wrote what
    anonymous,                 // nobody is shown who wrote what
};
std::string_view to_string(anonymity a);
std::optional<anonymity> anonymity_from_string(std::string_view s);

// What became of an idea. Every idea ends with a visible fate.
enum class fate { open, selected, merged, parked, trial_action };
std::string_view to_string(fate f);
std::optional<fate> fate_from_string(std::string_view s);

// parked: set aside by a manager's decision, with the decision's note as the reason;
// neither running nor taken into a review session until a manager approves it again.
enum class trial_status { proposed, approved, running, evaluated, stopped, parked };
std::string_view to_string(trial_status s);
std::optional<trial_status> trial_status_from_string(std::string_view s);
// Still under way: proposed, approved or running. A review session takes these over.
inline bool under_way(trial_status s) {
    return s == trial_status::proposed || s == trial_status::approved || s == trial_status::running;
}

enum class outcome { none, worked, partly, did_not_work };
std::string_view to_string(outcome o);
std::optional<outcome> outcome_from_string(std::string_view s);

// approve, park and needs_check in the workshop; continue_, adapt, scale and stop answer
// an owner's check-in, and spread marks one that worked as worth spreading to other
// units (on trial actions only).
enum class decision_kind { approve, park, needs_check, continue_, adapt, scale, stop, spread };
std::string_view to_string(decision_kind k);
std::optional<decision_kind> decision_kind_from_string(std::string_view s);

// What a comment, a reaction or a decision is about.
enum class target_kind { idea, trial_action };
std::string_view to_string(target_kind k);
std::optional<target_kind> target_kind_from_string(std::string_view s);

// The reactions a participant can give; shown as emoji by clients.
enum class reaction { like, love, idea, question, celebrate };
std::string_view to_string(reaction r);
std::optional<reaction> reaction_from_string(std::string_view s);

// ---- participants and invitations ---------------------------------------------------

struct participant {
    participant_id id = 0;
    std::string name;
    role role_ = role::citizen;
    // Hex SHA-256 of the participant's secret token; the token itself is never kept.
    std::string token_hash;
    time_point joined_at{};
    bool removed = false;  // removed by a facilitator: the token no longer admits
    bool operator==(const participant&) const = default;
};

// An invitation link for one role other than citizen (citizens use the join code).
// Its token is never kept: the server derives it from the nonce with a key of its own
// (outside the domain) whenever it shows the link to the facilitators.
struct invite {
    role for_role = role::staff;
    std::string nonce;       // random, drawn when made; empty once revoked, and for invitations
                             // made before tokens were derived (their link cannot be shown)
    std::string token_hash;  // kept after revocation, to tell revoked links from unknown ones
    bool active = true;
    time_point created_at{};
    bool operator==(const invite&) const = default;
};

// ---- session, settings, timer --------------------------------------------------------

struct settings {
    anonymity anonymity_ = anonymity::named;
    bool private_writing = false;  // ideas stay hidden from others until revealed
    bool late_ideas = false;       // ideas may still be added after the ideas phase
    std::int64_t vote_budget = 3;  // dots per participant
    std::int64_t vote_cap = 2;     // dots one participant may give one idea
    std::int64_t fold_threshold = 3;  // role groups with fewer voters fold into "others"
    bool join_by_code = true;        // newcomers may join with the code (else by invitation only)
    std::int64_t idea_quota = 30;    // ideas one participant may add in one phase (facilitators: any)
    bool operator==(const settings&) const = default;
};

struct timer_state {
    enum class status { idle, running, paused };
    status state = status::idle;
    std::int64_t duration_ms = 0;   // the length it was started with, plus extensions
    time_point ends_at{};           // while running: when it reaches zero (server clock)
    std::int64_t remaining_ms = 0;  // while paused: what is left
    bool operator==(const timer_state&) const = default;
};
std::string_view to_string(timer_state::status s);

struct session_info {
    std::string id;    // stable, random; never reused
    std::string code;  // the join code, unique among open sessions
    std::string title;
    std::string question;  // the guiding question
    session_status status = session_status::open;
    time_point created_at{};
    session_template template_ = session_template::idea_workshop;
    std::string follow_up_of;  // the id of the session a review session follows up, if any
    std::string workspace_id;  // the workspace it belongs to, if any (domain/workspace.hpp)
    // When the session was deleted with its trial actions kept (domain/deletion.hpp):
    // what is left is those trial actions, and the session has no code.
    std::optional<time_point> deleted_at;
    bool operator==(const session_info&) const = default;
};

// How much a session holds, for a list of sessions (a workspace's page): counts only,
// nothing anyone wrote.
struct session_counts {
    std::map<role, std::size_t> participants;  // who joined and was not removed, by role
    std::size_t ideas = 0;                     // on the board (not those merged into others)
    std::size_t trial_actions = 0;
    bool operator==(const session_counts&) const = default;
};

// A session as a list shows it.
struct session_listing {
    session_info info;
    session_counts counts;
};

// What the facilitators put in focus on the big screen: nothing, one idea, one cluster
// or the vote's results. Only what everyone may see: see workshop::drop_lost_focus.
enum class screen_kind { none, idea, cluster, results };
std::string_view to_string(screen_kind k);
std::optional<screen_kind> screen_kind_from_string(std::string_view s);
struct screen_focus {
    screen_kind kind = screen_kind::none;
    std::int64_t id = 0;  // the idea or cluster; 0 for none and results
    bool operator==(const screen_focus&) const = default;
};

// The facilitators' controls: where the session is and how it behaves.
struct facilitation {
    phase current = phase::welcome;
    settings options;
    timer_state timer;
    bool locked = false;          // only facilitators may change the board
    bool votes_revealed = false;
    trial_id focus = 0;           // review: the trial action under review, 0 for none
    screen_focus screen;          // what the big screen shows large
    time_point phase_started_at{};  // when the current phase was entered (for idea_quota)
    bool operator==(const facilitation&) const = default;
};

// ---- the board -----------------------------------------------------------------------

struct column {
    column_id id = 0;
    std::string title;
    bool operator==(const column&) const = default;
};

struct cluster {
    cluster_id id = 0;
    column_id column = 0;
    std::string name;
    bool operator==(const cluster&) const = default;
};

struct idea {
    idea_id id = 0;
    column_id column = 0;
    cluster_id group = 0;  // the cluster it is in, 0 for none
    // Sort key within the column; only storage and the board see it, clients see
    // the index. Smaller ranks come first.
    std::int64_t rank = 0;
    std::string text;
    participant_id author = 0;
    // Bumped by every change to the idea. text_version and place_version are the
    // versions at which the text, and the column or position, last changed: they
    // decide which concurrent changes conflict (see board::decide).
    std::int64_t version = 1;
    std::int64_t text_version = 1;
    std::int64_t place_version = 1;
    time_point created_at{};
    time_point updated_at{};
    bool is_private = false;  // written while private writing was on, not yet revealed
    bool moderated = false;   // hidden by a facilitator
    fate fate_ = fate::open;
    std::string fate_reason;  // why it was parked
    idea_id merged_into = 0;  // fate merged: the idea that absorbed it
    trial_id trial = 0;       // fate trial_action: the trial action it became
    bool operator==(const idea&) const = default;
};

// ---- conversation --------------------------------------------------------------------

struct comment {
    comment_id id = 0;
    target_kind on = target_kind::idea;
    std::int64_t target = 0;
    participant_id author = 0;
    std::string text;
    time_point created_at{};
    bool moderated = false;
    bool operator==(const comment&) const = default;
};

// Who gave which reaction to one idea or trial action.
struct reaction_set {
    std::map<reaction, std::set<participant_id>> given;
    bool operator==(const reaction_set&) const = default;
};

// ---- trial actions and decisions -----------------------------------------------------

// An owner of a trial action: a participant of this session, or (for trial actions a
// review session took over from an earlier one) a name only, with id 0.
struct owner {
    participant_id id = 0;
    std::string name;
    bool operator==(const owner&) const = default;
};

// What an owner proposes in a check-in; a manager's decision answers it with the same
// four words (decision_kind continue_, adapt, scale, stop).
enum class proposal { continue_, adapt, scale, stop };
std::string_view to_string(proposal p);  // "continue", "adapt", "scale", "stop"
std::optional<proposal> proposal_from_string(std::string_view s);

// The evidence of a check-in: a number with its unit ("8 faste deltagere"), a note, or
// none (neither: unit and note empty).
struct evidence {
    enum class kind { none, measure, note };
    kind is = kind::none;
    double value = 0;  // measure
    std::string unit;  // measure
    std::string note;  // note
    bool operator==(const evidence&) const = default;
};

std::string_view to_string(evidence::kind k);  // "none", "measure", "note"
std::optional<evidence::kind> evidence_kind_from_string(std::string_view s);

// An owner's report between sessions: what happened, what it showed, what they propose.
// What they learned is the learning's text.
struct check_in {
    std::string what_happened;
    evidence shown;
    proposal proposed = proposal::continue_;
    bool operator==(const check_in&) const = default;
};

// One entry of a trial action's log of learnings, dated and signed: a learning, or a
// check-in (whose text is what was learned, and may be empty).
struct learning {
    std::int64_t id = 0;
    time_point at{};
    participant_id by = 0;  // 0 when written in an earlier session
    std::string by_name;
    std::string text;
    std::optional<check_in> checked_in;  // a check-in
    bool operator==(const learning&) const = default;
};

// A move of a trial action's review date, with its reason (trial.review_date).
struct review_move {
    std::string from;  // the review date before, YYYY-MM-DD, or empty
    std::string to;    // YYYY-MM-DD
    std::string reason;
    participant_id by = 0;  // 0 when moved in another session
    std::string by_name;
    time_point at{};
    bool operator==(const review_move&) const = default;
};

struct trial_action {
    trial_id id = 0;
    std::string title;
    std::string what;           // what we will try
    std::string we_believe;     // the hypothesis: "we believe that ..."
    std::string we_know_when;   // "... we will know it worked when ..."
    std::vector<owner> owners;
    std::string start_date;     // YYYY-MM-DD, or empty
    std::string review_date;    // YYYY-MM-DD, or empty
    trial_status status = trial_status::proposed;
    outcome result = outcome::none;
    std::vector<idea_id> from_ideas;
    std::vector<learning> learnings;
    std::vector<review_move> review_moves;  // oldest first
    bool spread = false;  // a manager found it worth spreading to other units
    std::int64_t version = 1;
    // The version at which each editable field last changed, for conflicts.
    std::map<std::string, std::int64_t> field_versions;
    participant_id created_by = 0;
    time_point created_at{};
    time_point updated_at{};
    std::string origin_session;  // taken over from this session by a review session
    trial_id origin_trial = 0;
    bool operator==(const trial_action&) const = default;
};

struct decision {
    decision_id id = 0;
    target_kind on = target_kind::idea;
    std::int64_t target = 0;
    decision_kind kind = decision_kind::approve;
    std::string note;
    participant_id by = 0;
    std::string by_name;
    time_point at{};
    bool operator==(const decision&) const = default;
};

}  // namespace samskab::domain
