// workshop::decide for the discussion: comments and reactions (see workshop_decide.hpp).
#include "domain/workshop_decide.hpp"

namespace samskab::domain {

result<event> workshop::discussion_commands::operator()(const add_comment& c) const {
    if (auto e = d.w.check_target(d.a, c.on, c.target, false)) return *e;
    if (auto e = d.allowed(false)) return *e;
    return d.w.discussion_.add(d.a.id, c, d.ctx.now);
}

result<event> workshop::discussion_commands::operator()(const delete_comment& c) const {
    auto k = d.w.comment_for(d.v, c.id);
    if (!k) return k.err();
    if (auto e = d.allowed(k.value()->author == d.a.id)) return *e;
    return event{comment_deleted{c.id, *k.value()}};
}

result<event> workshop::discussion_commands::operator()(const moderate_comment& c) const {
    auto k = d.w.comment_for(d.v, c.id);
    if (!k) return k.err();
    if (auto e = d.allowed(false)) return *e;
    return d.w.discussion_.moderate(*k.value(), c.hidden);
}

result<event> workshop::discussion_commands::operator()(const toggle_reaction& c) const {
    if (auto e = d.w.check_target(d.a, c.on, c.target, false)) return *e;
    if (auto e = d.allowed(false)) return *e;
    return d.w.discussion_.toggle(d.a.id, c);
}

}  // namespace samskab::domain
