// board: the idea board of one session: its columns (themes), clusters and ideas,
// and the rules for changing them.
//
// The board checks what the state allows (ids that exist, versions, limits, texts);
// who may do what, and in which phase, is checked before by the workshop (see
// workshop.hpp and permissions.hpp). Its decide functions never modify the board;
// apply() applies an event they returned.
//
// Ordering within a column is kept twice: as the vector of ids in each column_slot,
// which gives clients their index, and as a rank per idea, which lets storage persist
// a move by writing one row.
//
// Ideas merged into another stay in the board (fate merged) but in no column.
//
// Every command resolves the ideas it names for its sender (idea_for): an idea the
// sender may not see is answered exactly as one that does not exist.
// Threading: a plain value, confined to its owner's thread.
#pragma once

#include "domain/command.hpp"
#include "domain/event.hpp"
#include "domain/result.hpp"
#include "domain/types.hpp"
#include "domain/visibility.hpp"

#include <cstddef>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

namespace samskab::domain {

struct column_slot {
    column item;
    std::vector<idea_id> ideas;  // on the board, in order, top first
};

// Everything needed to rebuild a board, e.g. from storage.
struct board_state {
    std::vector<column> columns;  // in board order
    std::vector<cluster> clusters;
    std::vector<idea> ideas;      // any order; each column is sorted by (rank, id)
    idea_id last_idea_id = 0;     // highest idea id ever used, deleted ones included
    column_id last_column_id = 0;
    cluster_id last_cluster_id = 0;
    bool operator==(const board_state&) const = default;
};

class board {
public:
    board() = default;
    // A new board with columns 1..n from titles (already cleaned).
    static board create(const std::vector<std::string>& column_titles);
    // Rebuilds a board. Fails with internal_error if the state is inconsistent.
    static result<board> restore(board_state state);
    board_state state() const;

    const std::vector<column_slot>& columns() const noexcept { return columns_; }
    const column_slot* find_column(column_id id) const;
    const std::map<cluster_id, cluster>& clusters() const noexcept { return clusters_; }
    const cluster* find_cluster(cluster_id id) const;
    const std::unordered_map<idea_id, idea>& ideas() const noexcept { return ideas_; }
    // Any idea, whoever may see it: for applying events and for storage. What a
    // participant names or is sent goes through the lookups for a viewer below.
    const idea* find_idea(idea_id id) const;
    // The idea with this id if v may see it, else nullptr (see visibility.hpp).
    const idea* find_idea_for(const viewer& v, idea_id id) const;
    // The same for a command: the idea, or idea_not_found whether it does not exist or
    // v may not see it (the two are one answer, word for word).
    result<const idea*> idea_for(const viewer& v, idea_id id) const;
    // As idea_for, for what everyone will be shown (a merge, a trial action, a
    // decision): besides, invalid_state if v may see the idea but not everyone may.
    result<const idea*> public_idea_for(const viewer& v, idea_id id) const;
    // Whether an idea sits in a column (it may have been merged away).
    static bool on_board(const idea& i) { return i.fate_ != fate::merged; }
    // The position of an idea in its column; -1 if it is not on the board.
    std::int64_t index_of(const idea& i) const;
    std::size_t ideas_on_board() const;
    std::size_t private_count() const;

    // ---- decisions: each returns the event or the refusal, and changes nothing ----
    // Those that name ideas take the actor as a viewer, and resolve the ids through
    // idea_for (an idea given as `const idea&` was already resolved so).
    result<event> add(const viewer& author, const add_idea& c, time_point now, bool make_private) const;
    result<event> edit(const idea& i, const edit_idea& c) const;
    result<event> move(const viewer& actor, const idea& i, const move_idea& c) const;
    result<event> remove(const idea& i, const delete_idea& c) const;
    result<event> reveal() const;
    result<event> merge(const viewer& actor, const merge_ideas& c) const;
    result<event> decide_fate(const idea& i, const set_fate& c) const;
    result<event> moderate(const idea& i, const moderate_idea& c) const;
    result<event> add_column_(const add_column& c) const;
    result<event> rename_column_(const rename_column& c) const;
    result<event> move_column_(const move_column& c) const;
    result<event> delete_column_(const delete_column& c) const;
    result<event> create_cluster_(const viewer& actor, const create_cluster& c) const;
    result<event> rename_cluster_(const rename_cluster& c) const;
    result<event> assign_cluster_(const viewer& actor, const assign_cluster& c) const;
    result<event> delete_cluster_(const delete_cluster& c) const;

    // ---- applying events --------------------------------------------------------------
    void apply(const change& c, const idea_added& e);
    void apply(const change& c, const idea_edited& e);
    void apply(const change& c, const idea_moved& e);
    void apply(const change& c, const idea_deleted& e);
    void apply(const change& c, const ideas_revealed& e);
    void apply(const change& c, const ideas_merged& e);
    void apply(const change& c, const fate_set& e);
    void apply(const change& c, const idea_moderated& e);
    void apply(const change& c, const column_added& e);
    void apply(const change& c, const column_renamed& e);
    void apply(const change& c, const column_moved& e);
    void apply(const change& c, const column_deleted& e);
    void apply(const change& c, const cluster_created& e);
    void apply(const change& c, const cluster_renamed& e);
    void apply(const change& c, const cluster_assigned& e);
    void apply(const change& c, const cluster_deleted& e);
    // Fates that other parts of the session decide (trial actions, decisions).
    void give_fate(idea_id id, fate f, std::string reason, trial_id trial, time_point at);

private:
    column_slot* find_column_(column_id id);
    // Where an idea goes in ids (a column's ideas): before `before`, or at the end for
    // 0. Fails with invalid_field unless `before` is in ids and v may see it.
    result<std::size_t> position_before(const viewer& v, const std::vector<idea_id>& ids, idea_id before) const;
    idea& idea_(idea_id id) { return ideas_.at(id); }
    void apply_reranks_(const rerank_list& r);
    void take_out_(idea& i);

    std::vector<column_slot> columns_;
    std::map<cluster_id, cluster> clusters_;
    std::unordered_map<idea_id, idea> ideas_;
    idea_id last_idea_id_ = 0;
    column_id last_column_id_ = 0;
    cluster_id last_cluster_id_ = 0;
};

}  // namespace samskab::domain
