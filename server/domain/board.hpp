// board: the state of one workshop session (its columns, ideas and participants) and
// the rules for changing it.
//
// Changes follow a decide/apply split. decide() checks a command against the current
// state and the actor's rights and returns either an event or a typed error; it never
// modifies the board, so a refused command leaves nothing half-applied. apply() then
// applies an accepted event. The server keeps two boards per session: one with every
// accepted change, one with the committed changes only (see net/room.hpp).
//
// Threading: a board is a plain value with no internal locking; the owner confines it
// to one thread or strand.
#pragma once

#include "domain/command.hpp"
#include "domain/event.hpp"
#include "domain/result.hpp"
#include "domain/types.hpp"

#include <cstddef>
#include <string>
#include <unordered_map>
#include <vector>

namespace samskab::domain {

struct column_slot {
    column item;
    std::vector<idea_id> ideas;  // in board order, top first
};

// Everything needed to rebuild a board, e.g. from storage.
struct board_state {
    session_info info;
    seq_t seq = 0;
    std::vector<column> columns;  // in board order
    std::vector<idea> ideas;      // any order; each column is sorted by (rank, id)
    std::vector<participant> participants;
    idea_id last_idea_id = 0;     // highest idea id ever used, deleted ones included
    column_id last_column_id = 0;
    bool operator==(const board_state&) const = default;
};

class board {
public:
    // A new session's board: columns with ids 1..n from titles (already cleaned), and
    // the facilitator as participant 1.
    static board create(session_info info, const std::vector<std::string>& column_titles,
                        participant facilitator);

    // Rebuilds a board. Fails with internal_error if the state is inconsistent (an
    // idea in a column that does not exist, duplicate ids).
    static result<board> restore(board_state state);

    const session_info& info() const noexcept { return info_; }
    seq_t seq() const noexcept { return seq_; }
    const std::vector<column_slot>& columns() const noexcept { return columns_; }
    std::size_t idea_count() const noexcept { return ideas_.size(); }
    const idea* find_idea(idea_id id) const;
    const column_slot* find_column(column_id id) const;
    // The position of an idea within its column. Precondition: the idea exists.
    std::int64_t index_of(const idea& i) const;

    const participant* find_participant(participant_id id) const;
    const participant* find_by_token_hash(const std::string& hash) const;
    std::size_t participant_count() const noexcept { return participants_.size(); }
    participant_id next_participant_id() const noexcept { return last_participant_id_ + 1; }
    // Precondition: p.id == next_participant_id(), and the hash is unique.
    void add_participant(participant p);

    // Checks cmd from actor against this board. On success returns the event that
    // carries it out; on failure the error, and the board is unchanged either way.
    // now stamps what the event creates.
    result<event> decide(const participant& actor, const command& cmd, time_point now) const;

    // Applies an accepted change. Preconditions: c.seq == seq() + 1, and c.what was
    // returned by decide() on a board equal to this one.
    void apply(const change& c);

    board_state state() const;

private:
    explicit board(session_info info) : info_(std::move(info)) {}

    result<event> decide_(const participant&, const add_idea&, time_point now) const;
    result<event> decide_(const participant&, const edit_idea&) const;
    result<event> decide_(const participant&, const move_idea&) const;
    result<event> decide_(const participant&, const delete_idea&) const;
    result<event> decide_(const participant&, const add_column&) const;
    result<event> decide_(const participant&, const rename_column&) const;
    result<event> decide_(const participant&, const move_column&) const;
    result<event> decide_(const participant&, const delete_column&) const;
    result<event> decide_(const participant&, const update_session&) const;

    void apply_(const change&, const idea_added&);
    void apply_(const change&, const idea_edited&);
    void apply_(const change&, const idea_moved&);
    void apply_(const change&, const idea_deleted&);
    void apply_(const change&, const column_added&);
    void apply_(const change&, const column_renamed&);
    void apply_(const change&, const column_moved&);
    void apply_(const change&, const column_deleted&);
    void apply_(const change&, const session_updated&);

    column_slot* find_column_(column_id id);
    void apply_reranks_(const rerank_list& r);

    session_info info_;
    seq_t seq_ = 0;
    std::vector<column_slot> columns_;
    std::unordered_map<idea_id, idea> ideas_;
    std::unordered_map<participant_id, participant> participants_;
    std::unordered_map<std::string, participant_id> by_token_hash_;
    idea_id last_idea_id_ = 0;
    column_id last_column_id_ = 0;
    participant_id last_participant_id_ = 0;
};

}  // namespace samskab::domain
