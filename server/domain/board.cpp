// The rules of a board (see board.hpp).
//
// Ordering within a column is kept twice: as the vector of ids in each column_slot,
// which gives clients their index, and as a rank per idea, which lets storage persist
// a move by writing one row. A new rank is chosen between its neighbours' ranks; when
// there is no room left between them, the whole column is given fresh ranks spaced
// rank_gap apart and the event carries that list.
#include "domain/board.hpp"

#include "domain/limits.hpp"
#include "domain/overloaded.hpp"
#include "domain/text.hpp"

#include <algorithm>
#include <limits>
#include <optional>
#include <unordered_set>

namespace samskab::domain {

namespace {

constexpr std::int64_t rank_gap = std::int64_t{1} << 32;

std::size_t clamp_index(std::int64_t index, std::size_t size) {
    if (index < 0) return 0;
    return std::min(static_cast<std::size_t>(index), size);
}

error forbidden(const char* what) { return error::make(errc::forbidden, std::string("only ") + what); }

bool may_change_idea(const participant& actor, const idea& i) {
    return actor.role_ == role::facilitator || actor.id == i.author;
}

error stale(const idea& current) {
    error e = error::make(errc::stale_version, "the idea was changed by someone else; see current");
    e.current = current;
    return e;
}

}  // namespace

// ---- construction --------------------------------------------------------------

board board::create(session_info info, const std::vector<std::string>& column_titles, participant facilitator) {
    board b(std::move(info));
    for (const auto& title : column_titles)
        b.columns_.push_back(column_slot{column{++b.last_column_id_, title}, {}});
    facilitator.id = b.next_participant_id();
    facilitator.role_ = role::facilitator;
    b.add_participant(std::move(facilitator));
    return b;
}

result<board> board::restore(board_state st) {
    board b(std::move(st.info));
    b.seq_ = st.seq;
    b.last_idea_id_ = st.last_idea_id;
    b.last_column_id_ = st.last_column_id;
    for (auto& c : st.columns) {
        if (b.find_column(c.id) || c.id > st.last_column_id)
            return error::make(errc::internal_error, "stored board has a bad column id");
        b.columns_.push_back(column_slot{std::move(c), {}});
    }
    std::sort(st.ideas.begin(), st.ideas.end(), [](const idea& x, const idea& y) {
        return x.rank != y.rank ? x.rank < y.rank : x.id < y.id;
    });
    for (auto& i : st.ideas) {
        column_slot* slot = b.find_column_(i.column);
        if (!slot || b.ideas_.count(i.id) || i.id > st.last_idea_id)
            return error::make(errc::internal_error, "stored board has a bad idea");
        slot->ideas.push_back(i.id);
        b.ideas_.emplace(i.id, std::move(i));
    }
    for (auto& p : st.participants) {
        if (b.participants_.count(p.id) || b.by_token_hash_.count(p.token_hash))
            return error::make(errc::internal_error, "stored board has a duplicate participant");
        b.last_participant_id_ = std::max(b.last_participant_id_, p.id);
        b.by_token_hash_.emplace(p.token_hash, p.id);
        b.participants_.emplace(p.id, std::move(p));
    }
    return b;
}

board_state board::state() const {
    board_state st;
    st.info = info_;
    st.seq = seq_;
    st.last_idea_id = last_idea_id_;
    st.last_column_id = last_column_id_;
    for (const auto& slot : columns_) {
        st.columns.push_back(slot.item);
        for (idea_id id : slot.ideas) st.ideas.push_back(ideas_.at(id));
    }
    for (const auto& [id, p] : participants_) st.participants.push_back(p);
    std::sort(st.participants.begin(), st.participants.end(),
              [](const participant& a, const participant& b) { return a.id < b.id; });
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

std::int64_t board::index_of(const idea& i) const {
    const auto& v = find_column(i.column)->ideas;
    return std::find(v.begin(), v.end(), i.id) - v.begin();
}

const participant* board::find_participant(participant_id id) const {
    auto it = participants_.find(id);
    return it == participants_.end() ? nullptr : &it->second;
}

const participant* board::find_by_token_hash(const std::string& hash) const {
    auto it = by_token_hash_.find(hash);
    return it == by_token_hash_.end() ? nullptr : find_participant(it->second);
}

void board::add_participant(participant p) {
    last_participant_id_ = p.id;
    by_token_hash_.emplace(p.token_hash, p.id);
    participants_.emplace(p.id, std::move(p));
}

// ---- ranks ---------------------------------------------------------------------

namespace {

// Chooses a rank for an idea inserted at index into ids (which does not contain it).
// Returns nullopt when the neighbours leave no room and the column must be reranked.
std::optional<std::int64_t> rank_between(const std::unordered_map<idea_id, idea>& ideas,
                                         const std::vector<idea_id>& ids, std::size_t index) {
    constexpr auto max = std::numeric_limits<std::int64_t>::max();
    constexpr auto min = std::numeric_limits<std::int64_t>::min();
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

// Fresh ranks for a column whose ideas will be ids with moved inserted at index.
rerank_list spread_ranks(std::vector<idea_id> ids, std::size_t index, idea_id moved, std::int64_t& moved_rank) {
    ids.insert(ids.begin() + static_cast<std::ptrdiff_t>(index), moved);
    rerank_list out;
    out.reserve(ids.size());
    for (std::size_t k = 0; k < ids.size(); ++k) {
        const std::int64_t r = static_cast<std::int64_t>(k) * rank_gap;
        if (ids[k] == moved) moved_rank = r;
        out.emplace_back(ids[k], r);
    }
    return out;
}

}  // namespace

void board::apply_reranks_(const rerank_list& r) {
    for (const auto& [id, rank] : r) ideas_.at(id).rank = rank;
}

// ---- decide --------------------------------------------------------------------

result<event> board::decide(const participant& actor, const command& cmd, time_point now) const {
    if (info_.status == session_status::closed)
        return error::make(errc::session_closed, "the session is closed and can no longer be changed");
    return std::visit(overloaded{
                          [&](const add_idea& c) { return decide_(actor, c, now); },
                          [&](const auto& c) { return decide_(actor, c); },
                      },
                      cmd);
}

result<event> board::decide_(const participant& actor, const add_idea& c, time_point now) const {
    const column_slot* slot = find_column(c.column);
    if (!slot) return error::make(errc::column_not_found, "no column has this id");
    if (ideas_.size() >= limits::ideas_per_session) {
        error e = error::make(errc::limit_reached, "the board holds the most ideas it can");
        e.limit = static_cast<std::int64_t>(limits::ideas_per_session);
        return e;
    }
    auto text = clean_text(c.text, idea_text_rule);
    if (!text) return text.err();

    const std::size_t index = clamp_index(c.index.value_or(std::numeric_limits<std::int64_t>::max()), slot->ideas.size());
    idea item;
    item.id = last_idea_id_ + 1;
    item.column = c.column;
    item.text = std::move(text.value());
    item.author = actor.id;
    item.created_at = item.updated_at = now;
    rerank_list reranked;
    if (auto r = rank_between(ideas_, slot->ideas, index)) item.rank = *r;
    else reranked = spread_ranks(slot->ideas, index, item.id, item.rank);
    return event{idea_added{std::move(item), static_cast<std::int64_t>(index), std::move(reranked)}};
}

result<event> board::decide_(const participant& actor, const edit_idea& c) const {
    const idea* i = find_idea(c.id);
    if (!i) return error::make(errc::idea_not_found, "no idea has this id");
    if (!may_change_idea(actor, *i)) return forbidden("the author and the facilitator may edit an idea");
    if (i->text_version > c.base_version || c.base_version > i->version) return stale(*i);
    auto text = clean_text(c.text, idea_text_rule);
    if (!text) return text.err();
    return event{idea_edited{i->id, std::move(text.value()), i->version + 1}};
}

result<event> board::decide_(const participant&, const move_idea& c) const {
    const idea* i = find_idea(c.id);
    if (!i) return error::make(errc::idea_not_found, "no idea has this id");
    const column_slot* target = find_column(c.column);
    if (!target) return error::make(errc::column_not_found, "no column has this id");
    if (i->place_version > c.base_version || c.base_version > i->version) return stale(*i);

    std::vector<idea_id> rest = target->ideas;
    rest.erase(std::remove(rest.begin(), rest.end(), i->id), rest.end());
    const std::size_t index = clamp_index(c.index, rest.size());
    idea_moved ev{i->id, c.column, static_cast<std::int64_t>(index), 0, i->version + 1, {}};
    if (auto r = rank_between(ideas_, rest, index)) ev.rank = *r;
    else ev.reranked = spread_ranks(std::move(rest), index, i->id, ev.rank);
    return event{std::move(ev)};
}

result<event> board::decide_(const participant& actor, const delete_idea& c) const {
    const idea* i = find_idea(c.id);
    if (!i) return error::make(errc::idea_not_found, "no idea has this id");
    if (!may_change_idea(actor, *i)) return forbidden("the author and the facilitator may delete an idea");
    if (i->version != c.base_version) return stale(*i);
    return event{idea_deleted{i->id}};
}

result<event> board::decide_(const participant& actor, const add_column& c) const {
    if (actor.role_ != role::facilitator) return forbidden("the facilitator may add columns");
    if (columns_.size() >= limits::columns_per_session) {
        error e = error::make(errc::limit_reached, "the board has the most columns it can");
        e.limit = static_cast<std::int64_t>(limits::columns_per_session);
        return e;
    }
    auto title = clean_text(c.title, column_title_rule);
    if (!title) return title.err();
    const std::size_t index = clamp_index(c.index.value_or(std::numeric_limits<std::int64_t>::max()), columns_.size());
    return event{column_added{column{last_column_id_ + 1, std::move(title.value())}, static_cast<std::int64_t>(index)}};
}

result<event> board::decide_(const participant& actor, const rename_column& c) const {
    if (actor.role_ != role::facilitator) return forbidden("the facilitator may rename columns");
    if (!find_column(c.id)) return error::make(errc::column_not_found, "no column has this id");
    auto title = clean_text(c.title, column_title_rule);
    if (!title) return title.err();
    return event{column_renamed{c.id, std::move(title.value())}};
}

result<event> board::decide_(const participant& actor, const move_column& c) const {
    if (actor.role_ != role::facilitator) return forbidden("the facilitator may move columns");
    if (!find_column(c.id)) return error::make(errc::column_not_found, "no column has this id");
    return event{column_moved{c.id, static_cast<std::int64_t>(clamp_index(c.index, columns_.size() - 1))}};
}

result<event> board::decide_(const participant& actor, const delete_column& c) const {
    if (actor.role_ != role::facilitator) return forbidden("the facilitator may delete columns");
    const column_slot* slot = find_column(c.id);
    if (!slot) return error::make(errc::column_not_found, "no column has this id");
    if (!slot->ideas.empty()) return error::make(errc::column_not_empty, "move or delete the column's ideas first");
    if (columns_.size() == 1) return error::make(errc::last_column, "a board keeps at least one column");
    return event{column_deleted{c.id}};
}

result<event> board::decide_(const participant& actor, const update_session& c) const {
    if (actor.role_ != role::facilitator) return forbidden("the facilitator may change the session");
    if (!c.title && !c.question) return error::in_field(errc::invalid_field, "title", "give a title, a question or both");
    session_updated ev{info_.title, info_.question};
    if (c.title) {
        auto t = clean_text(*c.title, session_title_rule);
        if (!t) return t.err();
        ev.title = std::move(t.value());
    }
    if (c.question) {
        auto q = clean_text(*c.question, question_rule);
        if (!q) return q.err();
        ev.question = std::move(q.value());
    }
    return event{std::move(ev)};
}

// ---- apply ---------------------------------------------------------------------

void board::apply(const change& c) {
    seq_ = c.seq;
    std::visit([&](const auto& ev) { apply_(c, ev); }, c.what);
}

void board::apply_(const change&, const idea_added& ev) {
    column_slot* slot = find_column_(ev.item.column);
    last_idea_id_ = ev.item.id;
    ideas_.emplace(ev.item.id, ev.item);
    slot->ideas.insert(slot->ideas.begin() + ev.index, ev.item.id);
    apply_reranks_(ev.reranked);
}

void board::apply_(const change& c, const idea_edited& ev) {
    idea& i = ideas_.at(ev.id);
    i.text = ev.text;
    i.version = i.text_version = ev.version;
    i.updated_at = c.at;
}

void board::apply_(const change& c, const idea_moved& ev) {
    idea& i = ideas_.at(ev.id);
    auto& from = find_column_(i.column)->ideas;
    from.erase(std::remove(from.begin(), from.end(), i.id), from.end());
    auto& to = find_column_(ev.column)->ideas;
    to.insert(to.begin() + ev.index, i.id);
    i.column = ev.column;
    i.rank = ev.rank;
    i.version = i.place_version = ev.version;
    i.updated_at = c.at;
    apply_reranks_(ev.reranked);
}

void board::apply_(const change&, const idea_deleted& ev) {
    auto& v = find_column_(ideas_.at(ev.id).column)->ideas;
    v.erase(std::remove(v.begin(), v.end(), ev.id), v.end());
    ideas_.erase(ev.id);
}

void board::apply_(const change&, const column_added& ev) {
    last_column_id_ = ev.item.id;
    columns_.insert(columns_.begin() + ev.index, column_slot{ev.item, {}});
}

void board::apply_(const change&, const column_renamed& ev) { find_column_(ev.id)->item.title = ev.title; }

void board::apply_(const change&, const column_moved& ev) {
    auto it = std::find_if(columns_.begin(), columns_.end(), [&](const column_slot& s) { return s.item.id == ev.id; });
    column_slot moved = std::move(*it);
    columns_.erase(it);
    columns_.insert(columns_.begin() + ev.index, std::move(moved));
}

void board::apply_(const change&, const column_deleted& ev) {
    std::erase_if(columns_, [&](const column_slot& s) { return s.item.id == ev.id; });
}

void board::apply_(const change&, const session_updated& ev) {
    info_.title = ev.title;
    info_.question = ev.question;
}

}  // namespace samskab::domain
