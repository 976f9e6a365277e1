// The rules of the idea board (see board.hpp).
//
// A new rank is chosen between its neighbours' ranks; when there is no room left
// between them, the whole column is given fresh ranks spaced rank_gap apart and the
// event carries that list.
#include "domain/board.hpp"

#include "domain/limits.hpp"
#include "domain/text.hpp"

#include <algorithm>
#include <limits>
#include <optional>
#include <set>

namespace samskab::domain {

namespace {

constexpr std::int64_t rank_gap = std::int64_t{1} << 32;
// Ranks stay within 2^52 either way, so that clients in JavaScript read them exactly.
constexpr std::int64_t max_rank = std::int64_t{1} << 52;

std::size_t clamp_index(std::int64_t index, std::size_t size) {
    if (index < 0) return 0;
    return std::min(static_cast<std::size_t>(index), size);
}

error stale(const idea& current) {
    error e = error::make(errc::stale_version, "the idea was changed by someone else; see current");
    e.current = current;
    return e;
}

error no_column() { return error::make(errc::column_not_found, "no column has this id"); }
error no_cluster() { return error::make(errc::cluster_not_found, "no cluster has this id"); }
error bad_state(const std::string& why) { return error::make(errc::invalid_state, why); }

// Chooses a rank for an idea inserted at index into ids (which does not contain it).
// Returns nullopt when the neighbours leave no room and the column must be reranked.
std::optional<std::int64_t> rank_between(const std::unordered_map<idea_id, idea>& ideas,
                                         const std::vector<idea_id>& ids, std::size_t index) {
    constexpr auto max = max_rank;
    constexpr auto min = -max_rank;
    const bool has_prev = index > 0;
    const bool has_next = index < ids.size();
    if (!has_prev && !has_next) return 0;
    if (!has_next) {
        const std::int64_t prev = ideas.at(ids[index - 1]).rank;
        if (prev > max - rank_gap) return std::nullopt;
        return prev + rank_gap;
    }
    const std::int64_t next = ideas.at(ids[index]).rank;
    if (!has_prev) {
        if (next < min + rank_gap) return std::nullopt;
        return next - rank_gap;
    }
    const std::int64_t prev = ideas.at(ids[index - 1]).rank;
    // prev < next holds; compute the midpoint without overflow.
    const auto gap = static_cast<std::uint64_t>(next) - static_cast<std::uint64_t>(prev);
    if (gap < 2) return std::nullopt;
    return prev + static_cast<std::int64_t>(gap / 2);
}

// Fresh ranks around index, for a column whose ideas will be ids with `placed`
// inserted at index, when its neighbours leave no room. Only the run of ideas that
// everyone may see around it is spread out, between the nearest ideas that some may
// not see (private or hidden), which keep their ranks: each recipient of the event can
// be told every new rank it needs, and nobody the rank of an idea they may not see.
// Should that run have no room either, the whole column is spread out.
rerank_list spread_ranks(const std::unordered_map<idea_id, idea>& ideas, std::vector<idea_id> ids, std::size_t index,
                         idea_id placed, std::int64_t& placed_rank) {
    ids.insert(ids.begin() + static_cast<std::ptrdiff_t>(index), placed);
    const auto kept = [&](std::size_t k) { return ids[k] != placed && !seen_by_all(ideas.at(ids[k])); };
    std::size_t lo = index, hi = index + 1;
    while (lo > 0 && !kept(lo - 1)) --lo;
    while (hi < ids.size() && !kept(hi)) ++hi;
    // The bounds of the run from lo to hi, exclusive: the ranks of the ideas kept on
    // either side of it, or just past the limits at the column's ends.
    const auto floor_of = [&](std::size_t k) { return k > 0 ? ideas.at(ids[k - 1]).rank : -max_rank - 1; };
    const auto ceiling_of = [&](std::size_t k) { return k < ids.size() ? ideas.at(ids[k]).rank : max_rank + 1; };
    if (static_cast<std::uint64_t>(ceiling_of(hi) - floor_of(lo)) <= hi - lo) lo = 0, hi = ids.size();
    const std::int64_t floor = floor_of(lo);
    const auto room = static_cast<std::uint64_t>(ceiling_of(hi) - floor);
    const std::uint64_t count = hi - lo;
    // rank_gap apart where there is room for that, and centred: both ends keep room.
    const std::uint64_t step = std::min<std::uint64_t>(rank_gap, room / (count + 1));
    auto rank = floor + static_cast<std::int64_t>((room - step * (count - 1)) / 2);
    rerank_list out;
    out.reserve(count);
    for (std::size_t k = lo; k < hi; ++k, rank += static_cast<std::int64_t>(step)) {
        if (ids[k] == placed) placed_rank = rank;
        out.emplace_back(ids[k], rank);
    }
    return out;
}

}  // namespace

// ---- construction --------------------------------------------------------------

board board::create(const std::vector<std::string>& column_titles) {
    board b;
    for (const auto& title : column_titles) b.columns_.push_back(column_slot{column{++b.last_column_id_, title}, {}});
    return b;
}

result<board> board::restore(board_state st) {
    board b;
    b.last_idea_id_ = st.last_idea_id;
    b.last_column_id_ = st.last_column_id;
    b.last_cluster_id_ = st.last_cluster_id;
    for (auto& c : st.columns) {
        if (b.find_column(c.id) || c.id > st.last_column_id)
            return error::make(errc::internal_error, "stored board has a bad column id");
        b.columns_.push_back(column_slot{std::move(c), {}});
    }
    for (auto& c : st.clusters) {
        if (!b.find_column(c.column) || b.clusters_.count(c.id) || c.id > st.last_cluster_id)
            return error::make(errc::internal_error, "stored board has a bad cluster");
        b.clusters_.emplace(c.id, std::move(c));
    }
    std::sort(st.ideas.begin(), st.ideas.end(), [](const idea& x, const idea& y) {
        return x.rank != y.rank ? x.rank < y.rank : x.id < y.id;
    });
    for (auto& i : st.ideas) {
        column_slot* slot = b.find_column_(i.column);
        const bool placed = on_board(i);
        if ((placed && !slot) || b.ideas_.count(i.id) || i.id > st.last_idea_id ||
            (i.group != 0 && !b.clusters_.count(i.group)))
            return error::make(errc::internal_error, "stored board has a bad idea");
        if (placed) slot->ideas.push_back(i.id);
        b.ideas_.emplace(i.id, std::move(i));
    }
    return b;
}

board_state board::state() const {
    board_state st;
    st.last_idea_id = last_idea_id_;
    st.last_column_id = last_column_id_;
    st.last_cluster_id = last_cluster_id_;
    for (const auto& slot : columns_) {
        st.columns.push_back(slot.item);
        for (idea_id id : slot.ideas) st.ideas.push_back(ideas_.at(id));
    }
    std::vector<idea> merged;
    for (const auto& [id, i] : ideas_)
        if (!on_board(i)) merged.push_back(i);
    std::sort(merged.begin(), merged.end(), [](const idea& a, const idea& b) { return a.id < b.id; });
    st.ideas.insert(st.ideas.end(), merged.begin(), merged.end());
    for (const auto& [id, c] : clusters_) st.clusters.push_back(c);
    return st;
}

// ---- lookups -------------------------------------------------------------------

const idea* board::find_idea(idea_id id) const {
    auto it = ideas_.find(id);
    return it == ideas_.end() ? nullptr : &it->second;
}

const column_slot* board::find_column(column_id id) const {
    for (const auto& slot : columns_)
        if (slot.item.id == id) return &slot;
    return nullptr;
}

column_slot* board::find_column_(column_id id) {
    return const_cast<column_slot*>(std::as_const(*this).find_column(id));
}

const cluster* board::find_cluster(cluster_id id) const {
    auto it = clusters_.find(id);
    return it == clusters_.end() ? nullptr : &it->second;
}

std::int64_t board::index_of(const idea& i) const {
    if (!on_board(i)) return -1;
    const auto& v = find_column(i.column)->ideas;
    return std::find(v.begin(), v.end(), i.id) - v.begin();
}

result<std::size_t> board::position_before(const viewer& v, const std::vector<idea_id>& ids, idea_id before) const {
    if (before == 0) return ids.size();
    auto it = std::find(ids.begin(), ids.end(), before);
    if (it == ids.end() || !find_idea_for(v, before))
        return error::in_field(errc::invalid_field, "before", "before names no idea in that column");
    return static_cast<std::size_t>(it - ids.begin());
}

std::size_t board::ideas_on_board() const {
    std::size_t n = 0;
    for (const auto& slot : columns_) n += slot.ideas.size();
    return n;
}

std::size_t board::private_count() const {
    return static_cast<std::size_t>(
        std::count_if(ideas_.begin(), ideas_.end(), [](const auto& kv) { return kv.second.is_private; }));
}

void board::apply_reranks_(const rerank_list& r) {
    for (const auto& [id, rank] : r) idea_(id).rank = rank;
}

// ---- decide: ideas -------------------------------------------------------------

result<event> board::add(const viewer& author, const add_idea& c, time_point now, bool make_private) const {
    const column_slot* slot = find_column(c.column);
    if (!slot) return no_column();
    if (ideas_on_board() >= limits::ideas_per_session) {
        return error::at_limit("the board holds the most ideas it can", limits::ideas_per_session);
    }
    auto text = clean_text(c.text, idea_text_rule);
    if (!text) return text.err();

    auto at = position_before(author, slot->ideas, c.before);
    if (!at) return at.err();
    const std::size_t index = at.value();
    idea item;
    item.id = last_idea_id_ + 1;
    item.column = c.column;
    item.text = std::move(text.value());
    item.author = author.id;
    item.created_at = item.updated_at = now;
    item.is_private = make_private;
    rerank_list reranked;
    if (auto r = rank_between(ideas_, slot->ideas, index)) item.rank = *r;
    else reranked = spread_ranks(ideas_, slot->ideas, index, item.id, item.rank);
    return event{idea_added{std::move(item), static_cast<std::int64_t>(index), std::move(reranked)}};
}

result<event> board::edit(const idea& i, const edit_idea& c) const {
    if (i.text_version > c.base_version || c.base_version > i.version) return stale(i);
    auto text = clean_text(c.text, idea_text_rule);
    if (!text) return text.err();
    return event{idea_edited{i.id, std::move(text.value()), i.version + 1}};
}

result<event> board::move(const viewer& actor, const idea& i, const move_idea& c) const {
    if (!on_board(i)) return bad_state("a merged idea cannot be moved");
    const column_slot* target = find_column(c.column);
    if (!target) return no_column();
    if (i.place_version > c.base_version || c.base_version > i.version) return stale(i);

    if (c.before == i.id) return error::in_field(errc::invalid_field, "before", "an idea cannot go before itself");
    std::vector<idea_id> rest = target->ideas;
    rest.erase(std::remove(rest.begin(), rest.end(), i.id), rest.end());
    auto at = position_before(actor, rest, c.before);
    if (!at) return at.err();
    const std::size_t index = at.value();
    idea_moved ev{i.id, c.column, static_cast<std::int64_t>(index), 0, i.version + 1, {}};
    if (auto r = rank_between(ideas_, rest, index)) ev.rank = *r;
    else ev.reranked = spread_ranks(ideas_, std::move(rest), index, i.id, ev.rank);
    return event{std::move(ev)};
}

result<event> board::remove(const idea& i, const delete_idea& c) const {
    if (i.version != c.base_version) return stale(i);
    if (i.fate_ == fate::trial_action) return bad_state("the idea became a trial action; delete that first");
    for (const auto& [id, other] : ideas_)
        if (other.merged_into == i.id) return bad_state("the idea has absorbed others");
    return event{idea_deleted{i.id, i}};
}

result<event> board::reveal() const {
    std::vector<idea_id> ids;
    for (const auto& [id, i] : ideas_)
        if (i.is_private) ids.push_back(id);
    if (ids.empty()) return bad_state("there are no hidden ideas to reveal");
    std::sort(ids.begin(), ids.end());
    return event{ideas_revealed{std::move(ids)}};
}

result<event> board::merge(const viewer& actor, const merge_ideas& c) const {
    // Everyone is shown a merge, the idea that absorbs and those absorbed: each must be
    // one everyone may see.
    auto into = public_idea_for(actor, c.into);
    if (!into) return into.err();
    if (!on_board(*into.value())) return bad_state("ideas can only be merged into an idea on the board");
    if (c.ideas.empty()) return error::in_field(errc::invalid_field, "ideas", "name at least one idea to merge");
    std::set<idea_id> seen;
    for (idea_id id : c.ideas) {
        auto i = public_idea_for(actor, id);
        if (!i) return i.err();
        if (id == c.into || !seen.insert(id).second)
            return error::in_field(errc::invalid_field, "ideas", "each idea may be merged once, and not into itself");
        if (!on_board(*i.value()) || i.value()->fate_ == fate::trial_action)
            return bad_state("only open ideas on the board can be merged");
    }
    return event{ideas_merged{c.into, c.ideas}};
}

result<event> board::decide_fate(const idea& i, const set_fate& c) const {
    if (i.fate_ == fate::merged || i.fate_ == fate::trial_action)
        return bad_state("this idea's fate follows from its merge or its trial action");
    if (c.to != fate::open && c.to != fate::selected && c.to != fate::parked)
        return error::in_field(errc::invalid_field, "fate", "fate must be open, selected or parked");
    std::string reason;
    if (c.to == fate::parked) {
        auto r = clean_text(c.reason, reason_rule);
        if (!r) return r.err();
        reason = std::move(r.value());
    }
    return event{fate_set{i.id, c.to, std::move(reason)}};
}

result<event> board::moderate(const idea& i, const moderate_idea& c) const {
    if (i.moderated == c.hidden) return bad_state(c.hidden ? "the idea is already hidden" : "the idea is not hidden");
    return event{idea_moderated{i.id, c.hidden}};
}

// ---- decide: columns and clusters ------------------------------------------------

result<event> board::add_column_(const add_column& c) const {
    if (columns_.size() >= limits::columns_per_session) {
        return error::at_limit("the board has the most columns it can", limits::columns_per_session);
    }
    auto title = clean_text(c.title, column_title_rule);
    if (!title) return title.err();
    const std::size_t index = clamp_index(c.index.value_or(std::numeric_limits<std::int64_t>::max()), columns_.size());
    return event{column_added{column{last_column_id_ + 1, std::move(title.value())}, static_cast<std::int64_t>(index)}};
}

result<event> board::rename_column_(const rename_column& c) const {
    if (!find_column(c.id)) return no_column();
    auto title = clean_text(c.title, column_title_rule);
    if (!title) return title.err();
    return event{column_renamed{c.id, std::move(title.value())}};
}

result<event> board::move_column_(const move_column& c) const {
    if (!find_column(c.id)) return no_column();
    return event{column_moved{c.id, static_cast<std::int64_t>(clamp_index(c.index, columns_.size() - 1))}};
}

result<event> board::delete_column_(const delete_column& c) const {
    const column_slot* slot = find_column(c.id);
    if (!slot) return no_column();
    if (!slot->ideas.empty()) return error::make(errc::column_not_empty, "move or delete the column's ideas first");
    if (columns_.size() == 1) return error::make(errc::last_column, "a board keeps at least one column");
    return event{column_deleted{c.id}};
}

result<event> board::create_cluster_(const viewer& actor, const create_cluster& c) const {
    if (!find_column(c.column)) return no_column();
    if (clusters_.size() >= limits::clusters_per_session) {
        return error::at_limit("the board has the most clusters it can", limits::clusters_per_session);
    }
    auto name = clean_text(c.name, cluster_name_rule);
    if (!name) return name.err();
    std::set<idea_id> seen;
    for (idea_id id : c.ideas) {
        auto found = idea_for(actor, id);
        if (!found) return found.err();
        const idea* i = found.value();
        if (!seen.insert(id).second) return error::in_field(errc::invalid_field, "ideas", "an idea is named twice");
        if (!on_board(*i) || i->is_private || i->column != c.column)
            return bad_state("a cluster groups ideas on the board in its own column; move them there first");
    }
    return event{cluster_created{cluster{last_cluster_id_ + 1, c.column, std::move(name.value())}, c.ideas}};
}

result<event> board::rename_cluster_(const rename_cluster& c) const {
    if (!find_cluster(c.id)) return no_cluster();
    auto name = clean_text(c.name, cluster_name_rule);
    if (!name) return name.err();
    return event{cluster_renamed{c.id, std::move(name.value())}};
}

result<event> board::assign_cluster_(const viewer& actor, const assign_cluster& c) const {
    auto found = idea_for(actor, c.idea);
    if (!found) return found.err();
    const idea* i = found.value();
    if (!on_board(*i) || i->is_private) return bad_state("only ideas on the board can be clustered");
    if (c.group != 0) {
        const cluster* g = find_cluster(c.group);
        if (!g) return no_cluster();
        if (g->column != i->column) return bad_state("move the idea to the cluster's column first");
    }
    if (i->group == c.group) return bad_state("the idea is already there");
    return event{cluster_assigned{c.idea, c.group}};
}

result<event> board::delete_cluster_(const delete_cluster& c) const {
    if (!find_cluster(c.id)) return no_cluster();
    return event{cluster_deleted{c.id}};
}

// ---- apply ---------------------------------------------------------------------

void board::apply(const change&, const idea_added& e) {
    column_slot* slot = find_column_(e.item.column);
    last_idea_id_ = e.item.id;
    ideas_.emplace(e.item.id, e.item);
    slot->ideas.insert(slot->ideas.begin() + e.index, e.item.id);
    apply_reranks_(e.reranked);
}

void board::apply(const change& c, const idea_edited& e) {
    idea& i = idea_(e.id);
    i.text = e.text;
    i.version = i.text_version = e.version;
    i.updated_at = c.at;
}

void board::take_out_(idea& i) {
    auto& from = find_column_(i.column)->ideas;
    from.erase(std::remove(from.begin(), from.end(), i.id), from.end());
}

void board::apply(const change& c, const idea_moved& e) {
    idea& i = idea_(e.id);
    take_out_(i);
    auto& to = find_column_(e.column)->ideas;
    to.insert(to.begin() + e.index, i.id);
    if (i.column != e.column) i.group = 0;  // a cluster lives in one column
    i.column = e.column;
    i.rank = e.rank;
    i.version = i.place_version = e.version;
    i.updated_at = c.at;
    apply_reranks_(e.reranked);
}

void board::apply(const change&, const idea_deleted& e) {
    idea& i = idea_(e.id);
    if (on_board(i)) take_out_(i);
    ideas_.erase(e.id);
}

void board::apply(const change&, const ideas_revealed& e) {
    for (idea_id id : e.ideas) idea_(id).is_private = false;
}

void board::apply(const change& c, const ideas_merged& e) {
    for (idea_id id : e.absorbed) {
        idea& i = idea_(id);
        take_out_(i);
        i.fate_ = fate::merged;
        i.merged_into = e.into;
        i.group = 0;
        i.updated_at = c.at;
    }
    idea_(e.into).updated_at = c.at;
}

void board::apply(const change& c, const fate_set& e) { give_fate(e.id, e.to, e.reason, 0, c.at); }

void board::give_fate(idea_id id, fate f, std::string reason, trial_id trial, time_point at) {
    idea& i = idea_(id);
    i.fate_ = f;
    i.fate_reason = std::move(reason);
    i.trial = trial;
    i.updated_at = at;
}

void board::apply(const change& c, const idea_moderated& e) {
    idea& i = idea_(e.id);
    i.moderated = e.hidden;
    i.updated_at = c.at;
}

void board::apply(const change&, const column_added& e) {
    last_column_id_ = e.item.id;
    columns_.insert(columns_.begin() + e.index, column_slot{e.item, {}});
}

void board::apply(const change&, const column_renamed& e) { find_column_(e.id)->item.title = e.title; }

void board::apply(const change&, const column_moved& e) {
    auto it = std::find_if(columns_.begin(), columns_.end(), [&](const column_slot& s) { return s.item.id == e.id; });
    column_slot moved = std::move(*it);
    columns_.erase(it);
    columns_.insert(columns_.begin() + e.index, std::move(moved));
}

void board::apply(const change&, const column_deleted& e) {
    std::erase_if(columns_, [&](const column_slot& s) { return s.item.id == e.id; });
    std::erase_if(clusters_, [&](const auto& kv) { return kv.second.column == e.id; });
}

void board::apply(const change&, const cluster_created& e) {
    last_cluster_id_ = e.item.id;
    clusters_.emplace(e.item.id, e.item);
    for (idea_id id : e.ideas) idea_(id).group = e.item.id;
}

void board::apply(const change&, const cluster_renamed& e) { clusters_.at(e.id).name = e.name; }

void board::apply(const change&, const cluster_assigned& e) { idea_(e.idea).group = e.group; }

void board::apply(const change&, const cluster_deleted& e) {
    clusters_.erase(e.id);
    for (auto& [id, i] : ideas_)
        if (i.group == e.id) i.group = 0;
}

}  // namespace samskab::domain
