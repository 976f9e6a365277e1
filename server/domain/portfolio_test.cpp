// Tests of the portfolio: what each session gives, the parts put together, and the
// queries of management's review with an injected day.
#include "domain/portfolio.hpp"

#include "domain/test_fixture.hpp"

#include <catch2/catch.hpp>

using namespace samskab::domain;
using namespace samskab::domain::testing;
using namespace std::chrono;

namespace {

sys_days on_day(int y, unsigned m, unsigned d) { return sys_days{year{y} / month{m} / std::chrono::day{d}}; }

// A workshop with three trial actions: one from a clustered idea, one from an idea in the
// second column, one from no idea; the second runs, checked in on twice.
struct workshop_with_trials : session_fixture {
    trial_id clustered = 0, columned = 0, bare = 0;
    workshop_with_trials() {
        phase(phase::ideas);
        const idea_id a = add(citizen, "Bordtennis");
        const idea_id b = add(staff, "Læseklub", 2);
        phase(phase::cluster);
        run(fac, create_cluster{1, "Fællesskab", {a}});
        phase(phase::trial_actions);
        clustered = make("Bordtennisturnering", {a}, {staff.id}, "2027-02-01");
        columned = make("Læseklub", {b}, {citizen.id}, "2027-01-10");
        bare = make("aftenåbent", {}, {staff.id, citizen.id}, "");
        for (trial_id t : {clustered, columned}) run(manager, record_decision{target_kind::trial_action, t, decision_kind::approve, ""});
        run(citizen, set_trial_status{columned, trial_status::running, outcome::none});
        now += hours(24);
        run(citizen, check_in_trial{columned, check_in{"Seks kom", evidence{evidence::kind::measure, 6, "børn", ""}, proposal::continue_}, ""});
        now += hours(24);
        run(citizen, add_learning{columned, "Mandag er bedst"});
        run(citizen, check_in_trial{columned, check_in{"Ti kom", {}, proposal::scale}, "Flere"});
        run(manager, record_decision{target_kind::trial_action, columned, decision_kind::scale, "Alle skoler"});
    }
    trial_id make(const std::string& title, std::vector<idea_id> ideas, std::vector<participant_id> owners,
                  const std::string& review) {
        create_trial c;
        c.title = title;
        c.review_date = review;
        c.ideas = std::move(ideas);
        c.owners = std::move(owners);
        return std::get<trial_saved>(run(fac, c)).item.id;
    }
};

const portfolio_entry& entry(const std::vector<portfolio_entry>& all, trial_id id) {
    for (const auto& e : all)
        if (e.action.id == id) return e;
    FAIL("no entry " << id);
    return all.front();
}

// A filter with what `set` sets (designated initializers would warn of the fields left out).
template <class F>
portfolio_filter with(F set) {
    portfolio_filter f;
    set(f);
    return f;
}

std::vector<trial_id> ids(const std::vector<const portfolio_entry*>& picked) {
    std::vector<trial_id> out;
    for (const auto* e : picked) out.push_back(e->action.id);
    return out;
}

}  // namespace

TEST_CASE("a session gives its trial actions with their theme, last check-in and last decision", "[domain]") {
    workshop_with_trials f;
    const portfolio_part part = portfolio_part_of(f.w);
    REQUIRE(part.made_here.size() == 3);
    CHECK(part.decided_here.empty());
    const auto all = assemble({part});
    CHECK(entry(all, f.clustered).theme == "Fællesskab");
    CHECK(entry(all, f.columned).theme == "Later");  // the second column's title
    CHECK(entry(all, f.bare).theme.empty());
    const portfolio_entry& run = entry(all, f.columned);
    CHECK(run.session_id == "s1");
    CHECK(run.session_title == "Title");
    CHECK(run.check_ins == 2);
    CHECK(run.learnings == 3);
    CHECK(run.action.learnings.empty());  // the log stays home
    REQUIRE(run.last_check_in);
    CHECK(run.last_check_in->checked_in->what_happened == "Ti kom");
    REQUIRE(run.last_decision);
    CHECK(run.last_decision->kind == decision_kind::scale);
    CHECK(run.last_decision->by_name == "Mona");
    CHECK_FALSE(entry(all, f.bare).last_decision);
}

TEST_CASE("a decision a follow-up records on a trial action it shows is its latest, wherever made", "[domain]") {
    workshop_with_trials home;
    // A follow-up of the same workspace showing `columned` as its trial action 1.
    session_fixture follow({}, session_template::review);
    workshop_state st = follow.w.state();
    st.info.id = "s2";
    st.info.workspace_id = "w1";
    trial_action view = trials::viewed(*home.w.trial_actions().find(home.columned), 1, "s1", t0);
    st.trials.push_back(view);
    st.last_trial_id = 1;
    auto restored = workshop::restore(std::move(st));
    REQUIRE(restored.ok());
    follow.w = std::move(restored.value());
    follow.now = home.now + hours(1);
    follow.run(follow.manager, record_decision{target_kind::trial_action, 1, decision_kind::adapt, "Om mandagen"});

    const portfolio_part theirs = portfolio_part_of(follow.w);
    CHECK(theirs.made_here.empty());  // the view is not the follow-up's own
    REQUIRE(theirs.decided_here.size() == 1);
    CHECK(theirs.decided_here[0].first == trial_ref{"s1", home.columned});
    for (const auto& parts : {std::vector{portfolio_part_of(home.w), theirs}, std::vector{theirs, portfolio_part_of(home.w)}}) {
        const auto all = assemble(parts);
        REQUIRE(all.size() == 3);
        CHECK(entry(all, home.columned).last_decision->kind == decision_kind::adapt);
        CHECK(entry(all, home.columned).last_decision->note == "Om mandagen");
    }
}

TEST_CASE("the rows a change changed: new, changed and gone trial actions, and new decisions on views", "[domain]") {
    workshop_with_trials home;
    const portfolio_part before = portfolio_part_of(home.w);
    CHECK(changed_rows(before, before).empty());
    // A title: that row only.
    update_trial rename;
    rename.id = home.bare;
    rename.base_version = 1;
    rename.title = "Aftenåbent";
    home.run(home.fac, rename);
    const portfolio_part renamed = portfolio_part_of(home.w);
    CHECK(changed_rows(before, renamed) == std::set<trial_ref>{{"s1", home.bare}});
    // A new one, and one no longer there.
    const trial_id more = home.make("Lektiecafé", {}, {}, "");
    const portfolio_part grown = portfolio_part_of(home.w);
    CHECK(changed_rows(renamed, grown) == std::set<trial_ref>{{"s1", more}});
    CHECK(changed_rows(grown, renamed) == std::set<trial_ref>{{"s1", more}});
    // A follow-up's decision on a view: the row of its home.
    portfolio_part follow;
    portfolio_part decided = follow;
    decision d;
    d.id = 1;
    d.on = target_kind::trial_action;
    d.kind = decision_kind::adapt;
    decided.decided_here.emplace_back(trial_ref{"s1", home.columned}, d);
    CHECK(changed_rows(follow, decided) == std::set<trial_ref>{{"s1", home.columned}});

    // Only the rows asked for are put together, each still with its latest decision.
    const portfolio_part theirs = decided;
    const std::vector<const portfolio_part*> parts{&grown, &theirs};
    const auto some = assemble(parts, [&](const trial_ref& r) { return r.trial == home.columned; });
    REQUIRE(some.size() == 1);
    CHECK(some[0].last_decision->kind == decision_kind::scale);  // the home's own is later (t0 + 2 days)
    CHECK(running_count(parts) == 1);
    CHECK(spread_of(parts).empty());
}

TEST_CASE("overdue by the day given, age, and the overload warning", "[domain]") {
    workshop_with_trials f;
    const auto all = assemble({portfolio_part_of(f.w)});
    const auto& columned = entry(all, f.columned);  // running, review 2027-01-10
    CHECK_FALSE(is_overdue(columned, on_day(2027, 1, 10)));  // due today: not yet
    CHECK(is_overdue(columned, on_day(2027, 1, 11)));
    CHECK_FALSE(is_overdue(entry(all, f.bare), on_day(2030, 1, 1)));  // no review date
    // Made on the fixture's first day, 2026-11-23.
    CHECK(age_days(columned, on_day(2026, 11, 23)) == 0);
    CHECK(age_days(columned, on_day(2026, 12, 3)) == 10);
    CHECK(age_days(columned, on_day(2026, 1, 1)) == 0);
    CHECK(running_count(all) == 1);
    CHECK_FALSE(is_overloaded(all, 0));  // no limit set
    CHECK_FALSE(is_overloaded(all, 1));
    f.run(f.staff, set_trial_status{f.clustered, trial_status::running, outcome::none});
    const auto more = assemble({portfolio_part_of(f.w)});
    CHECK(running_count(more) == 2);
    CHECK(is_overloaded(more, 1));
    // An ended or parked one is never overdue.
    f.run(f.staff, set_trial_status{f.clustered, trial_status::evaluated, outcome::worked});
    CHECK_FALSE(is_overdue(entry(assemble({portfolio_part_of(f.w)}), f.clustered), on_day(2030, 1, 1)));
    f.run(f.manager, record_decision{target_kind::trial_action, f.columned, decision_kind::park, "Sommer"});
    CHECK_FALSE(is_overdue(entry(assemble({portfolio_part_of(f.w)}), f.columned), on_day(2030, 1, 1)));
}

TEST_CASE("the portfolio is filtered and sorted the way management asks", "[domain]") {
    workshop_with_trials f;
    f.run(f.staff, set_trial_status{f.clustered, trial_status::running, outcome::none});
    f.run(f.staff, set_trial_status{f.clustered, trial_status::evaluated, outcome::worked});
    f.run(f.manager, record_decision{target_kind::trial_action, f.clustered, decision_kind::spread, "Til alle klubber"});
    const auto all = assemble({portfolio_part_of(f.w)});
    const auto today = on_day(2027, 1, 20);
    auto pick = [&](const portfolio_filter& filter, portfolio_sort by = portfolio_sort::title) {
        return ids(select(all, filter, by, today));
    };
    using v = std::vector<trial_id>;
    CHECK(pick({}) == v{f.bare, f.clustered, f.columned});  // aftenåbent, Bordtennis..., Læseklub
    CHECK(pick(with([](portfolio_filter& q) { q.status = trial_status::running; })) == v{f.columned});
    CHECK(pick(with([](portfolio_filter& q) { q.overdue = true; })) == v{f.columned});
    CHECK(pick(with([](portfolio_filter& q) { q.session_id = std::string("s1"); })).size() == 3);
    CHECK(pick(with([](portfolio_filter& q) { q.session_id = std::string("s9"); })).empty());
    CHECK(pick(with([](portfolio_filter& q) { q.owner = std::string("  ANNA "); })) == v{f.bare, f.columned});
    CHECK(pick(with([](portfolio_filter& q) { q.result = outcome::worked; })) == v{f.clustered});
    CHECK(pick(with([](portfolio_filter& q) { q.theme = std::string("fællesskab"); })) == v{f.clustered});
    CHECK(pick(with([](portfolio_filter& q) { q.spread = true; })) == v{f.clustered});
    const portfolio_part part = portfolio_part_of(f.w);
    CHECK(spread_of({&part}) == std::vector<trial_ref>{{"s1", f.clustered}});
    CHECK(pick(with([](portfolio_filter& q) { q.status = trial_status::running; q.owner = std::string("Sam"); })).empty());
    CHECK(pick({}, portfolio_sort::review_date) == v{f.columned, f.clustered, f.bare});  // none last
    CHECK(pick({}, portfolio_sort::last_check_in) == v{f.clustered, f.bare, f.columned});  // never first
    CHECK(pick({}, portfolio_sort::status) == v{f.bare, f.columned, f.clustered});  // proposed, running, evaluated
    CHECK(pick({}, portfolio_sort::created) == v{f.clustered, f.columned, f.bare});
    CHECK(portfolio_sort_from_string("review_date") == portfolio_sort::review_date);
    CHECK_FALSE(portfolio_sort_from_string("age").has_value());
    for (auto s : {portfolio_sort::review_date, portfolio_sort::created, portfolio_sort::last_check_in,
                   portfolio_sort::title, portfolio_sort::status})
        CHECK(portfolio_sort_from_string(to_string(s)) == s);
}

TEST_CASE("a manager marks a trial action that worked to spread, once", "[domain]") {
    workshop_with_trials f;
    auto spread = [&](trial_id t) { return record_decision{target_kind::trial_action, t, decision_kind::spread, "Alle"}; };
    CHECK(f.refuse(f.manager, spread(f.columned)) == errc::invalid_state);  // running
    CHECK(f.refuse(f.manager, record_decision{target_kind::trial_action, f.clustered, decision_kind::spread, " "}) ==
          errc::invalid_state);
    f.run(f.staff, set_trial_status{f.clustered, trial_status::running, outcome::none});
    f.run(f.staff, set_trial_status{f.clustered, trial_status::evaluated, outcome::did_not_work});
    CHECK(f.refuse(f.manager, spread(f.clustered)) == errc::invalid_state);
    f.run(f.citizen, set_trial_status{f.columned, trial_status::evaluated, outcome::partly});
    CHECK(f.refuse(f.manager, record_decision{target_kind::trial_action, f.columned, decision_kind::spread, " "}) ==
          errc::invalid_field);  // a note: where to
    CHECK(f.refuse(f.staff, spread(f.columned)) == errc::forbidden);
    f.run(f.manager, spread(f.columned));
    CHECK(f.w.trial_actions().find(f.columned)->spread);
    CHECK(f.refuse(f.manager, spread(f.columned)) == errc::invalid_state);
    CHECK(f.refuse(f.manager, record_decision{target_kind::idea, 1, decision_kind::spread, "x"}) == errc::invalid_field);
}
