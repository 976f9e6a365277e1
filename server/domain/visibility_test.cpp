// Tests of who may see what, as the commands meet it: an idea or comment the sender may
// not see (another's private idea, a hidden idea or comment, a comment on an idea the
// sender may not see) is answered exactly like an id that does not exist, by every
// command that takes one; and what everyone would be shown (a merge, a trial action, a
// decision) cannot be built from an idea that not everyone may see.
#include "domain/visibility.hpp"

#include "domain/test_fixture.hpp"
#include "domain/workshop.hpp"

#include <catch2/catch.hpp>

#include <functional>

using namespace samskab::domain;
using namespace samskab::domain::testing;

namespace {

constexpr std::int64_t missing = 999;

// A session with, besides public ideas, one of each thing someone may not see:
// citizen2's idea hidden by the facilitator, citizen's private idea (written once
// private writing was turned on), a comment on that private idea, and citizen2's
// comment hidden by the facilitator.
struct hiding : session_fixture {
    idea_id pub = 0, pub2 = 0, hidden = 0, priv = 0;
    comment_id on_priv = 0, hidden_comment = 0;

    hiding() {
        phase(phase::ideas);
        pub = add(fac, "public");
        pub2 = add(fac, "public too");
        hidden = add(citizen2, "hidden by the facilitator");
        run(fac, moderate_idea{hidden, true});
        hidden_comment = std::get<comment_added>(run(citizen2, add_comment{target_kind::idea, pub, "rude"})).item.id;
        run(fac, moderate_comment{hidden_comment, true});
        update_settings on{};
        on.private_writing = true;
        run(fac, on);
        priv = add(citizen, "Anna's private idea");
        on_priv = std::get<comment_added>(run(citizen, add_comment{target_kind::idea, priv, "a note to self"})).item.id;
    }

    result<event> decide(const participant& who, const command& c) { return w.decide(current(who), c, ctx()); }
};

// The error a refused command gives, as a client would read it.
std::string describe(const result<event>& r) {
    if (r.ok()) return "accepted";
    const error& e = r.err();
    return std::string(to_string(e.code)) + " | " + e.message + " | field=" + e.field +
           " | limit=" + (e.limit ? std::to_string(*e.limit) : "-") + " | current=" + (e.current ? "yes" : "no");
}

}  // namespace

TEST_CASE("an idea or comment the sender may not see is answered like one that does not exist", "[domain]") {
    // Each command that names an idea (or a comment), with the id to try in its place.
    struct row {
        const char* name;
        participant hiding::*sender;
        phase in;
        std::function<command(hiding&, std::int64_t)> make;
        bool about_comment;
        errc want;  // what a missing id gets
    };
    using h = hiding;
    const row rows[] = {
        {"idea.add before", &h::staff, phase::ideas, [](h&, std::int64_t id) { return command{add_idea{1, id, "x"}}; }, false, errc::invalid_field},
        {"idea.move before", &h::fac, phase::ideas, [](h& f, std::int64_t id) { return command{move_idea{f.pub, 1, 1, id}}; }, false, errc::invalid_field},
        {"idea.edit", &h::fac, phase::ideas, [](h&, std::int64_t id) { return command{edit_idea{id, 1, "x"}}; }, false, errc::idea_not_found},
        {"idea.move", &h::fac, phase::ideas, [](h&, std::int64_t id) { return command{move_idea{id, 1, 2, 0}}; }, false, errc::idea_not_found},
        {"idea.delete", &h::fac, phase::ideas, [](h&, std::int64_t id) { return command{delete_idea{id, 1}}; }, false, errc::idea_not_found},
        {"idea.merge into", &h::fac, phase::cluster, [](h& f, std::int64_t id) { return command{merge_ideas{id, {f.pub}}}; }, false, errc::idea_not_found},
        {"idea.merge ideas", &h::fac, phase::cluster, [](h& f, std::int64_t id) { return command{merge_ideas{f.pub, {f.pub2, id}}}; }, false, errc::idea_not_found},
        {"idea.fate", &h::fac, phase::cluster, [](h&, std::int64_t id) { return command{set_fate{id, fate::selected, ""}}; }, false, errc::idea_not_found},
        {"idea.moderate", &h::fac, phase::cluster, [](h&, std::int64_t id) { return command{moderate_idea{id, true}}; }, false, errc::idea_not_found},
        {"cluster.create", &h::fac, phase::cluster, [](h& f, std::int64_t id) { return command{create_cluster{1, "c", {f.pub, id}}}; }, false, errc::idea_not_found},
        {"cluster.assign", &h::fac, phase::cluster, [](h&, std::int64_t id) { return command{assign_cluster{id, 0}}; }, false, errc::idea_not_found},
        {"vote.set", &h::staff, phase::vote, [](h&, std::int64_t id) { return command{set_vote{id, 1}}; }, false, errc::idea_not_found},
        {"comment.add", &h::staff, phase::cluster, [](h&, std::int64_t id) { return command{add_comment{target_kind::idea, id, "x"}}; }, false, errc::idea_not_found},
        {"reaction.toggle", &h::staff, phase::cluster, [](h&, std::int64_t id) { return command{toggle_reaction{target_kind::idea, id, reaction::like}}; }, false, errc::idea_not_found},
        {"trial.create", &h::fac, phase::trial_actions, [](h& f, std::int64_t id) { return command{create_trial{"T", "", "", "", "", "", {f.pub, id}, {}}}; }, false, errc::idea_not_found},
        {"decision.record", &h::manager, phase::trial_actions, [](h&, std::int64_t id) { return command{record_decision{target_kind::idea, id, decision_kind::approve, ""}}; }, false, errc::idea_not_found},
        {"comment.delete", &h::fac, phase::cluster, [](h&, std::int64_t id) { return command{delete_comment{id}}; }, true, errc::comment_not_found},
        {"comment.delete (not own)", &h::staff, phase::cluster, [](h&, std::int64_t id) { return command{delete_comment{id}}; }, true, errc::comment_not_found},
        {"comment.moderate", &h::fac, phase::cluster, [](h&, std::int64_t id) { return command{moderate_comment{id, true}}; }, true, errc::comment_not_found},
    };
    for (const auto& r : rows) {
        hiding f;
        f.phase(r.in);
        const participant& sender = f.*r.sender;
        // What the sender may not see: another's private idea (or a comment on it), and,
        // unless the sender is a facilitator, what a facilitator hid.
        std::vector<std::pair<const char*, std::int64_t>> unseen;
        if (r.about_comment) {
            unseen.push_back({"a comment on a private idea", f.on_priv});
            if (!facilitates(sender.role_)) unseen.push_back({"a hidden comment", f.hidden_comment});
        } else {
            unseen.push_back({"a private idea", f.priv});
            if (!facilitates(sender.role_)) unseen.push_back({"a hidden idea", f.hidden});
        }
        const auto none = f.decide(sender, r.make(f, missing));
        INFO(r.name);
        REQUIRE_FALSE(none.ok());
        CHECK(none.err().code == r.want);
        for (const auto& [what, id] : unseen) {
            INFO(what);
            CHECK(describe(f.decide(sender, r.make(f, id))) == describe(none));
        }
    }
}

TEST_CASE("the lookup for a viewer finds what the viewer may see and nothing else", "[domain]") {
    hiding f;
    const workshop& w = f.w;
    CHECK(w.idea_for(viewer_of(f.citizen), f.priv).ok());
    CHECK(w.idea_for(viewer_of(f.fac), f.hidden).ok());
    CHECK(w.idea_for(viewer_of(f.citizen2), f.hidden).ok());  // its author
    for (const auto& [who, id] : {std::pair{f.fac, f.priv}, std::pair{f.staff, f.hidden}, std::pair{f.staff, missing}}) {
        auto r = w.idea_for(viewer_of(who), id);
        REQUIRE_FALSE(r.ok());
        CHECK(r.err().code == errc::idea_not_found);
    }
    CHECK(w.comment_for(viewer_of(f.citizen), f.on_priv).ok());
    CHECK(w.comment_for(viewer_of(f.fac), f.hidden_comment).ok());
    for (const auto& [who, id] : {std::pair{f.fac, f.on_priv}, std::pair{f.staff, f.hidden_comment}, std::pair{f.staff, missing}}) {
        auto r = w.comment_for(viewer_of(who), id);
        REQUIRE_FALSE(r.ok());
        CHECK(r.err().code == errc::comment_not_found);
    }
}

TEST_CASE("a merge is shown to everyone: never into or from a hidden or private idea", "[domain]") {
    hiding f;
    f.phase(phase::cluster);
    struct row { const char* name; std::function<merge_ideas(hiding&)> make; errc want; };
    const row rows[] = {
        // The facilitators see hidden ideas: they are told why.
        {"into a hidden idea", [](hiding& g) { return merge_ideas{g.hidden, {g.pub}}; }, errc::invalid_state},
        {"a hidden idea absorbed", [](hiding& g) { return merge_ideas{g.pub, {g.hidden}}; }, errc::invalid_state},
        // Nobody but its author sees a private idea: for them it does not exist.
        {"into a private idea", [](hiding& g) { return merge_ideas{g.priv, {g.pub}}; }, errc::idea_not_found},
        {"a private idea absorbed", [](hiding& g) { return merge_ideas{g.pub, {g.priv}}; }, errc::idea_not_found},
    };
    for (const auto& r : rows) {
        INFO(r.name);
        CHECK(f.refuse(f.fac, r.make(f)) == r.want);
    }
    auto e = f.decide(f.fac, merge_ideas{f.hidden, {f.pub}});
    REQUIRE_FALSE(e.ok());
    CHECK(e.err().message.find("hidden") != std::string::npos);
    // Shown again, it can take part in a merge.
    f.run(f.fac, moderate_idea{f.hidden, false});
    f.run(f.fac, merge_ideas{f.hidden, {f.pub}});
}

TEST_CASE("trial actions and decisions are shown to everyone: not from an idea only some may see", "[domain]") {
    hiding f;
    f.phase(phase::trial_actions);
    // The facilitator sees the hidden idea; everyone would see the trial action.
    CHECK(f.refuse(f.fac, create_trial{"T", "", "", "", "", "", {f.hidden}, {}}) == errc::invalid_state);
    // A manager's own private idea: seen by the manager, but a decision is public.
    f.phase(phase::ideas);
    const idea_id own = f.add(f.manager, "Mona's private idea");
    CHECK(f.w.ideas().find_idea(own)->is_private);
    CHECK(f.refuse(f.manager, record_decision{target_kind::idea, own, decision_kind::approve, ""}) == errc::invalid_state);
    f.run(f.fac, reveal_ideas{});
    f.run(f.manager, record_decision{target_kind::idea, own, decision_kind::approve, ""});
}

TEST_CASE("facilitators cannot delete or hide a comment on an idea they may not see", "[domain]") {
    hiding f;
    CHECK(f.refuse(f.fac, delete_comment{f.on_priv}) == errc::comment_not_found);
    CHECK(f.refuse(f.co, moderate_comment{f.on_priv, true}) == errc::comment_not_found);
    f.run(f.citizen, delete_comment{f.on_priv});  // its author may
    // Once the idea is revealed its comments are the facilitators' to moderate.
    const comment_id later = std::get<comment_added>(f.run(f.citizen, add_comment{target_kind::idea, f.priv, "n"})).item.id;
    f.run(f.fac, reveal_ideas{});
    f.run(f.fac, moderate_comment{later, true});
}
