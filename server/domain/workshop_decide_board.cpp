// workshop::decide for the board and the ballot: ideas, columns, clusters and votes
// (see workshop_decide.hpp).
#include "domain/workshop_decide.hpp"

#include "domain/limits.hpp"

namespace samskab::domain {

namespace {

error too_many_ideas() { return error::in_field(errc::too_long, "ideas", "too many ideas at once"); }

}  // namespace

// ---- ideas ---------------------------------------------------------------------------

result<event> workshop::board_commands::operator()(const add_idea& c) const {
    if (auto e = d.allowed(true)) return *e;
    if (auto e = check_idea_quota()) return *e;
    const facilitation& f = d.w.controls_;
    const bool hidden = f.options.private_writing && f.current == phase::ideas;
    return d.w.board_.add(d.v, c, d.ctx.now, hidden);
}

result<event> workshop::board_commands::operator()(const edit_idea& c) const {
    return d.on_idea(c.id, true, [&](const idea& i) { return d.w.board_.edit(i, c); });
}

result<event> workshop::board_commands::operator()(const move_idea& c) const {
    return d.on_idea(c.id, true, [&](const idea& i) { return d.w.board_.move(d.v, i, c); });
}

result<event> workshop::board_commands::operator()(const delete_idea& c) const {
    return d.on_idea(c.id, true, [&](const idea& i) { return d.w.board_.remove(i, c); });
}

result<event> workshop::board_commands::operator()(const reveal_ideas&) const {
    if (auto e = d.allowed(false)) return *e;
    return d.w.board_.reveal();
}

result<event> workshop::board_commands::operator()(const merge_ideas& c) const {
    if (auto e = d.allowed(false)) return *e;
    if (c.ideas.size() > limits::ideas_per_command) return too_many_ideas();
    return d.w.board_.merge(d.v, c);
}

result<event> workshop::board_commands::operator()(const set_fate& c) const {
    return d.on_idea(c.id, false, [&](const idea& i) { return d.w.board_.decide_fate(i, c); });
}

result<event> workshop::board_commands::operator()(const moderate_idea& c) const {
    return d.on_idea(c.id, false, [&](const idea& i) { return d.w.board_.moderate(i, c); });
}

std::optional<error> workshop::board_commands::check_idea_quota() const {
    // A facilitator fills the board on purpose (copying a wall of sticky notes in).
    if (facilitates(d.a.role_)) return std::nullopt;
    const std::int64_t quota = d.w.controls_.options.idea_quota;
    std::int64_t written = 0;
    for (const auto& [id, i] : d.w.board_.ideas())
        if (i.author == d.a.id && i.created_at >= d.w.controls_.phase_started_at) ++written;
    if (written < quota) return std::nullopt;
    error e = error::at_limit("you have written as many ideas in this phase as the facilitator allows one person",
                              static_cast<std::size_t>(quota));
    e.field = "idea_quota";
    return e;
}

// ---- columns and clusters --------------------------------------------------------------

result<event> workshop::board_commands::operator()(const add_column& c) const {
    if (auto e = d.allowed(false)) return *e;
    return d.w.board_.add_column_(c);
}

result<event> workshop::board_commands::operator()(const rename_column& c) const {
    if (auto e = d.allowed(false)) return *e;
    return d.w.board_.rename_column_(c);
}

result<event> workshop::board_commands::operator()(const move_column& c) const {
    if (auto e = d.allowed(false)) return *e;
    return d.w.board_.move_column_(c);
}

result<event> workshop::board_commands::operator()(const delete_column& c) const {
    if (auto e = d.allowed(false)) return *e;
    return d.w.board_.delete_column_(c);
}

result<event> workshop::board_commands::operator()(const create_cluster& c) const {
    if (auto e = d.allowed(false)) return *e;
    if (c.ideas.size() > limits::ideas_per_command) return too_many_ideas();
    return d.w.board_.create_cluster_(d.v, c);
}

result<event> workshop::board_commands::operator()(const rename_cluster& c) const {
    if (auto e = d.allowed(false)) return *e;
    return d.w.board_.rename_cluster_(c);
}

result<event> workshop::board_commands::operator()(const assign_cluster& c) const {
    if (auto e = d.allowed(false)) return *e;
    return d.w.board_.assign_cluster_(d.v, c);
}

result<event> workshop::board_commands::operator()(const delete_cluster& c) const {
    if (auto e = d.allowed(false)) return *e;
    return d.w.board_.delete_cluster_(c);
}

// ---- voting --------------------------------------------------------------------------------

result<event> workshop::ballot_commands::operator()(const set_vote& c) const {
    const facilitation& f = d.w.controls_;
    return d.on_idea(c.idea, false, [&](const idea& i) { return d.w.ballot_.decide(d.a.id, i, c, f.options, f.votes_revealed); });
}

result<event> workshop::ballot_commands::operator()(const reveal_votes&) const {
    if (auto e = d.allowed(false)) return *e;
    if (d.w.controls_.votes_revealed) return deciding::bad_state("the votes are already revealed");
    return event{votes_revealed{}};
}

result<event> workshop::ballot_commands::operator()(const reset_votes&) const {
    if (auto e = d.allowed(false)) return *e;
    if (d.w.ballot_.empty() && !d.w.controls_.votes_revealed) return deciding::bad_state("there are no votes to reset");
    return event{votes_reset{}};
}

}  // namespace samskab::domain
