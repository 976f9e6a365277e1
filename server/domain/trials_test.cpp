// Tests of trial actions (creation from ideas, fields and conflicts, owners, the
// lifecycle, learnings) and of managers' decisions.
#include "domain/trials.hpp"

#include "domain/limits.hpp"
#include "domain/test_fixture.hpp"

#include <catch2/catch.hpp>

#include <limits>

using namespace samskab::domain;
using namespace samskab::domain::testing;

namespace {

struct deciding : session_fixture {
    idea_id a = 0, b = 0;
    deciding() {
        phase(phase::ideas);
        a = add(citizen, "Bordtennis på tværs af generationer");
        b = add(staff, "Læseklub for børnehave og plejehjem");
        phase(phase::trial_actions);
    }

    trial_id create(std::vector<idea_id> ideas = {}, std::vector<participant_id> owners = {}) {
        create_trial c;
        c.title = "Bordtennisturnering";
        c.what = "En turnering hver fredag i fælleshuset";
        c.we_believe = "unge og ældre får kontakt";
        c.we_know_when = "ti faste deltagere efter en måned";
        c.start_date = "2026-12-01";
        c.review_date = "2027-02-01";
        c.ideas = std::move(ideas);
        c.owners = std::move(owners);
        return std::get<trial_saved>(run(fac, c)).item.id;
    }
    const trial_action& trial(trial_id id) const { return *w.trial_actions().find(id); }
};

}  // namespace

TEST_CASE("a trial action made from ideas gives them their fate", "[domain]") {
    deciding f;
    const trial_id t = f.create({f.a, f.b}, {f.staff.id, f.citizen.id});
    CHECK(f.trial(t).status == trial_status::proposed);
    CHECK(f.trial(t).owners.size() == 2);
    CHECK(f.trial(t).owners[1].name == "Anna");
    CHECK(f.w.ideas().find_idea(f.a)->fate_ == fate::trial_action);
    CHECK(f.w.ideas().find_idea(f.a)->trial == t);
    // An idea becomes at most one trial action.
    create_trial again;
    again.title = "Again";
    again.ideas = {f.a};
    CHECK(f.refuse(f.fac, again) == errc::invalid_state);
    CHECK(f.refuse(f.fac, set_fate{f.a, fate::parked, "no"}) == errc::invalid_state);
    // Deleting the (proposed) trial action opens its ideas again.
    f.run(f.fac, delete_trial{t});
    CHECK(f.w.ideas().find_idea(f.a)->fate_ == fate::open);
    CHECK(f.refuse(f.fac, delete_trial{t}) == errc::trial_not_found);
}

TEST_CASE("trial action fields are checked", "[domain]") {
    deciding f;
    struct row { std::function<void(create_trial&)> set; errc want; const char* field; };
    const row rows[] = {
        {[](create_trial& c) { c.title = " "; }, errc::invalid_field, "title"},
        {[](create_trial& c) { c.title = std::string(121, 't'); }, errc::too_long, "title"},
        {[](create_trial& c) { c.what = std::string(1001, 'w'); }, errc::too_long, "what"},
        {[](create_trial& c) { c.start_date = "2026-02-30"; }, errc::invalid_field, "start_date"},
        {[](create_trial& c) { c.start_date = "1.12.2026"; }, errc::invalid_field, "start_date"},
        {[](create_trial& c) { c.start_date = "2027-03-01"; c.review_date = "2027-02-01"; }, errc::invalid_field, "review_date"},
        {[](create_trial& c) { c.owners = {999}; }, errc::participant_not_found, ""},
        {[&](create_trial& c) { c.owners = {f.observer.id}; }, errc::invalid_state, ""},
        {[&](create_trial& c) { c.owners = {f.staff.id, f.staff.id}; }, errc::invalid_field, "owners"},
        {[](create_trial& c) { c.ideas = {999}; }, errc::idea_not_found, ""},
    };
    for (const auto& r : rows) {
        create_trial c;
        c.title = "Valid";
        r.set(c);
        const workshop_state before = f.w.state();
        auto ev = f.w.decide(f.fac, c, f.ctx());
        REQUIRE_FALSE(ev.ok());
        CHECK(ev.err().code == r.want);
        CHECK(ev.err().field == r.field);
        CHECK(f.w.state() == before);
    }
    CHECK(f.refuse(f.citizen, create_trial{"Mine", "", "", "", "", "", {}, {}}) == errc::forbidden);
    CHECK(valid_date("2028-02-29"));
    CHECK_FALSE(valid_date("2027-02-29"));
}

TEST_CASE("a date is exactly YYYY-MM-DD and a real day of the calendar", "[domain]") {
    struct row { const char* text; bool valid; };
    const row rows[] = {
        {"2026-12-01", true},
        {"2028-02-29", true},   // a leap year
        {"2000-02-29", true},   // divisible by 400: leap
        {"1900-02-29", false},  // divisible by 100 only: not
        {"2027-02-29", false},
        {"2026-04-31", false},
        {"2026-12-31", true},
        {"2026-00-10", false},
        {"2026-13-01", false},
        {"2026-01-00", false},
        {"2026-01-32", false},
        {"0000-01-01", true},   // the first year four digits can write (ISO 8601's year 0)
        {"0000-02-29", true},
        {"9999-12-31", true},
        {"-001-01-01", false},  // a negative year
        {"-2026-01-01", false},
        {"+202-01-01", false},
        {"+2026-01-01", false},
        {"2026-2-01", false},
        {"2026-02-1", false},
        {"26-02-01", false},
        {"12026-02-01", false},
        {" 2026-01-01", false},
        {"2026-01-01 ", false},
        {"2026-01-01x", false},
        {"2026-01-01T00:00:00Z", false},
        {"2026/01/01", false},
        {"2026-01+01", false},
        {"2026--1-01", false},
        {"2026-+1-01", false},
        {"2026-01--1", false},
        {"2O26-01-01", false},
        {"２０２６-01-01", false},  // fullwidth digits
        {"", false},
    };
    for (const auto& r : rows) {
        INFO('"' << r.text << '"');
        CHECK(valid_date(r.text) == r.valid);
    }
    // What a trial action refuses: the same rule, for both dates, on creation and update.
    deciding f;
    create_trial c;
    c.title = "T";
    c.start_date = "-001-01-01";
    auto e = f.w.decide(f.fac, c, f.ctx());
    REQUIRE_FALSE(e.ok());
    CHECK(e.err().code == errc::invalid_field);
    CHECK(e.err().field == "start_date");
    const trial_id t = f.create();
    update_trial u{t, 1, {}, {}, {}, {}, {}, std::string("-001-01-01")};
    auto e2 = f.w.decide(f.fac, u, f.ctx());
    REQUIRE_FALSE(e2.ok());
    CHECK(e2.err().field == "review_date");
}

TEST_CASE("owners and facilitators edit, concurrent edits of one field conflict", "[domain]") {
    deciding f;
    const trial_id t = f.create({}, {f.staff.id});
    update_trial title{t, 1, std::string("Bordtennis fredag"), {}, {}, {}, {}, {}};
    CHECK(f.refuse(f.citizen, title) == errc::forbidden);  // not an owner
    f.run(f.staff, title);
    CHECK(f.trial(t).version == 2);
    // Based on version 1: the title changed since, the hypothesis did not.
    update_trial stale_title{t, 1, std::string("Other"), {}, {}, {}, {}, {}};
    CHECK(f.refuse(f.fac, stale_title) == errc::stale_version);
    update_trial hypothesis{t, 1, {}, {}, std::string("unge og ældre mødes"), {}, {}, {}};
    f.run(f.fac, hypothesis);
    CHECK(f.trial(t).we_believe == "unge og ældre mødes");
    CHECK(f.trial(t).title == "Bordtennis fredag");
    update_trial clear_date{t, 3, {}, {}, {}, {}, std::string(""), {}};
    f.run(f.fac, clear_date);
    CHECK(f.trial(t).start_date.empty());
    CHECK(f.refuse(f.fac, update_trial{t, 4, {}, {}, {}, {}, {}, {}}) == errc::invalid_field);
}

TEST_CASE("citizens volunteer as owners, facilitators add and remove anyone", "[domain]") {
    deciding f;
    const trial_id t = f.create();
    f.run(f.citizen, add_owner{t, f.citizen.id});
    CHECK(trials::owns(f.trial(t), f.citizen.id));
    CHECK(f.refuse(f.citizen, add_owner{t, f.citizen2.id}) == errc::forbidden);
    CHECK(f.refuse(f.citizen, add_owner{t, f.citizen.id}) == errc::invalid_state);
    CHECK(f.refuse(f.observer, add_owner{t, f.observer.id}) == errc::forbidden);
    f.run(f.co, add_owner{t, f.manager.id});
    f.run(f.citizen, remove_owner{t, f.citizen.id});
    CHECK(f.refuse(f.citizen2, remove_owner{t, f.manager.id}) == errc::forbidden);
    f.run(f.fac, remove_owner{t, f.manager.id});
    CHECK(f.trial(t).owners.empty());
}

TEST_CASE("the trial action lifecycle", "[domain]") {
    // From a status, a status change -> allowed or its error.
    struct row { trial_status from; trial_status to; outcome result; errc want; };
    const errc ok = errc::internal_error;  // stands for "accepted"
    const row rows[] = {
        {trial_status::proposed, trial_status::running, outcome::none, errc::invalid_state},   // needs approval
        {trial_status::proposed, trial_status::approved, outcome::none, errc::invalid_state},  // only by decision
        {trial_status::proposed, trial_status::stopped, outcome::none, ok},
        {trial_status::approved, trial_status::running, outcome::none, ok},
        {trial_status::approved, trial_status::evaluated, outcome::worked, errc::invalid_state},
        {trial_status::running, trial_status::evaluated, outcome::none, errc::invalid_field},
        {trial_status::running, trial_status::evaluated, outcome::did_not_work, ok},
        {trial_status::running, trial_status::running, outcome::none, errc::invalid_state},
        {trial_status::approved, trial_status::running, outcome::worked, errc::invalid_field},
        {trial_status::running, trial_status::stopped, outcome::none, ok},
        {trial_status::evaluated, trial_status::stopped, outcome::none, errc::invalid_state},
        {trial_status::stopped, trial_status::running, outcome::none, errc::invalid_state},
        {trial_status::proposed, trial_status::parked, outcome::none, errc::invalid_state},  // only by decision
        {trial_status::running, trial_status::parked, outcome::none, errc::invalid_state},
        {trial_status::parked, trial_status::running, outcome::none, errc::invalid_state},  // needs approval again
        {trial_status::parked, trial_status::evaluated, outcome::worked, errc::invalid_state},
        {trial_status::parked, trial_status::approved, outcome::none, errc::invalid_state},
        {trial_status::parked, trial_status::stopped, outcome::none, ok},
    };
    for (const auto& r : rows) {
        INFO(to_string(r.from) << " -> " << to_string(r.to) << " (" << to_string(r.result) << ")");
        deciding f;
        const trial_id t = f.create({}, {f.staff.id});
        if (r.from != trial_status::proposed)
            f.run(f.manager, record_decision{target_kind::trial_action, t, decision_kind::approve, ""});
        if (r.from == trial_status::running || r.from == trial_status::evaluated)
            f.run(f.staff, set_trial_status{t, trial_status::running, outcome::none});
        if (r.from == trial_status::evaluated)
            f.run(f.staff, set_trial_status{t, trial_status::evaluated, outcome::partly});
        if (r.from == trial_status::stopped) f.run(f.fac, set_trial_status{t, trial_status::stopped, outcome::none});
        if (r.from == trial_status::parked)
            f.run(f.manager, record_decision{target_kind::trial_action, t, decision_kind::park, "Ikke nu"});
        REQUIRE(f.trial(t).status == r.from);
        set_trial_status c{t, r.to, r.result};
        if (r.want == ok) {
            f.run(f.staff, c);
            CHECK(f.trial(t).status == r.to);
            CHECK(f.trial(t).result == r.result);
        } else {
            CHECK(f.refuse(f.staff, c) == r.want);
        }
    }
}

TEST_CASE("learnings are dated and signed, by owners, facilitators and managers", "[domain]") {
    deciding f;
    const trial_id t = f.create({}, {f.citizen.id});
    f.now = t0 + std::chrono::hours(24 * 14);
    const event added = f.run(f.citizen, add_learning{t, "De unge kom, de ældre ikke endnu"});
    // The event tells the learning alone, not the whole log again.
    REQUIRE(std::holds_alternative<learning_added>(added));
    CHECK(std::get<learning_added>(added).trial == t);
    CHECK(std::get<learning_added>(added).version == 2);
    CHECK(std::get<learning_added>(added).updated_at == f.now);
    CHECK(f.trial(t).version == 2);
    CHECK(f.trial(t).updated_at == f.now);
    f.run(f.manager, add_learning{t, "Flyt det til formiddagen"});
    CHECK(f.refuse(f.staff, add_learning{t, "not an owner"}) == errc::forbidden);
    CHECK(f.refuse(f.citizen, add_learning{t, ""}) == errc::invalid_field);
    const auto& log = f.trial(t).learnings;
    REQUIRE(log.size() == 2);
    CHECK(log[0].by_name == "Anna");
    CHECK(log[0].at == f.now);
    CHECK(log[1].id == 2);
    CHECK(log[1].by == f.manager.id);

    // Other changes neither carry the log nor lose it.
    const event owned = f.run(f.staff, add_owner{t, f.staff.id});
    CHECK(std::get<trial_saved>(owned).item.learnings.empty());
    CHECK(std::get<trial_saved>(owned).item.version == 4);
    f.run(f.manager, record_decision{target_kind::trial_action, t, decision_kind::approve, ""});
    CHECK(f.trial(t).status == trial_status::approved);
    const event edited = f.run(f.staff, update_trial{t, 5, std::string("Bordtennis fredag"), {}, {}, {}, {}, {}});
    CHECK(std::get<trial_saved>(edited).item.learnings.empty());
    CHECK(f.trial(t).version == 6);
    REQUIRE(f.trial(t).learnings.size() == 2);
    CHECK(f.trial(t).learnings[1].text == "Flyt det til formiddagen");
}

TEST_CASE("a trial action holds 500 learnings, a session 5,000", "[domain]") {
    deciding f;
    std::vector<trial_id> ids;
    for (int k = 0; k < 10; ++k) ids.push_back(f.create());
    // Restored with every log full but the last, which lacks one.
    workshop_state st = f.w.state();
    std::int64_t next = 1;
    for (auto& t : st.trials) {
        const std::size_t n = t.id == ids.back() ? limits::learnings_per_trial - 1 : limits::learnings_per_trial;
        for (std::size_t k = 0; k < n; ++k) t.learnings.push_back(learning{next++, t0, f.fac.id, "Fac", "noted", std::nullopt});
    }
    auto restored = workshop::restore(std::move(st));
    REQUIRE(restored.ok());
    f.w = std::move(restored.value());
    REQUIRE(next - 1 == static_cast<std::int64_t>(limits::learnings_per_session) - 1);

    auto refusal = [&](trial_id t) {
        auto ev = f.w.decide(f.fac, add_learning{t, "one more"}, f.ctx());
        REQUIRE_FALSE(ev.ok());
        return ev.err();
    };
    const error full_log = refusal(ids.front());
    CHECK(full_log.code == errc::limit_reached);
    CHECK(full_log.limit == static_cast<std::int64_t>(limits::learnings_per_trial));
    f.run(f.fac, add_learning{ids.back(), "the session's last"});
    CHECK(f.trial(ids.back()).learnings.back().id == next);
    // A new trial action has room in its log, the session none.
    const trial_id fresh = f.create();
    const error full_session = refusal(fresh);
    CHECK(full_session.code == errc::limit_reached);
    CHECK(full_session.limit == static_cast<std::int64_t>(limits::learnings_per_session));
    CHECK(f.refuse(f.fac, add_learning{fresh, "one more"}) == errc::limit_reached);
    CHECK(f.trial(fresh).learnings.empty());
}

TEST_CASE("managers decide, and their decisions reach the idea or trial action", "[domain]") {
    deciding f;
    const trial_id t = f.create({f.b}, {});
    for (const participant* who : {&f.fac, &f.co, &f.staff, &f.citizen, &f.observer})
        CHECK(f.refuse(*who, record_decision{target_kind::idea, f.a, decision_kind::approve, ""}) == errc::forbidden);
    CHECK(f.refuse(f.manager, record_decision{target_kind::idea, f.a, decision_kind::park, " "}) == errc::invalid_field);
    CHECK(f.refuse(f.manager, record_decision{target_kind::idea, 99, decision_kind::approve, ""}) == errc::idea_not_found);
    CHECK(f.refuse(f.manager, record_decision{target_kind::trial_action, 99, decision_kind::approve, ""}) == errc::trial_not_found);

    f.run(f.manager, record_decision{target_kind::idea, f.a, decision_kind::needs_check, "Kræver juridisk vurdering"});
    CHECK(f.w.ideas().find_idea(f.a)->fate_ == fate::open);
    f.run(f.manager, record_decision{target_kind::idea, f.a, decision_kind::park, "Ikke i år"});
    CHECK(f.w.ideas().find_idea(f.a)->fate_ == fate::parked);
    CHECK(f.w.ideas().find_idea(f.a)->fate_reason == "Ikke i år");
    f.run(f.manager, record_decision{target_kind::idea, f.a, decision_kind::approve, ""});
    CHECK(f.w.ideas().find_idea(f.a)->fate_ == fate::selected);

    f.run(f.manager, record_decision{target_kind::trial_action, t, decision_kind::approve, "Go"});
    CHECK(f.trial(t).status == trial_status::approved);
    // The history is kept, in order.
    REQUIRE(f.w.decisions().size() == 4);
    CHECK(f.w.decisions()[0].kind == decision_kind::needs_check);
    CHECK(f.w.decisions()[3].by_name == "Mona");
    CHECK(f.w.decisions()[3].note == "Go");
    CHECK(f.w.decisions()[3].id == 4);
}

TEST_CASE("a manager parks a trial action under way, and an approval takes it up again", "[domain]") {
    deciding f;
    const trial_id t = f.create({f.a}, {f.staff.id});
    auto decide = [&](decision_kind k, const std::string& note) {
        return record_decision{target_kind::trial_action, t, k, note};
    };
    // Parking needs a reason, like parking an idea.
    CHECK(f.refuse(f.manager, decide(decision_kind::park, "")) == errc::invalid_field);
    const event parked = f.run(f.manager, decide(decision_kind::park, "Vi venter på budgettet"));
    REQUIRE(std::holds_alternative<decision_recorded>(parked));
    CHECK(f.trial(t).status == trial_status::parked);
    CHECK(f.trial(t).version == 2);
    CHECK(f.trial(t).updated_at == f.now);
    CHECK(f.w.decisions().back().note == "Vi venter på budgettet");
    // It stays a trial action: its idea keeps its fate, it cannot be deleted, and its
    // owners may still refine it, write learnings or stop it; but not run it.
    CHECK(f.w.ideas().find_idea(f.a)->fate_ == fate::trial_action);
    CHECK(f.refuse(f.fac, delete_trial{t}) == errc::invalid_state);
    f.run(f.staff, update_trial{t, 2, std::string("Bordtennis om foråret"), {}, {}, {}, {}, {}});
    f.run(f.staff, add_learning{t, "Budgettet kommer i marts"});
    CHECK(f.refuse(f.staff, set_trial_status{t, trial_status::running, outcome::none}) == errc::invalid_state);
    CHECK(f.refuse(f.manager, decide(decision_kind::park, "igen")) == errc::invalid_state);
    // Asking for a check leaves it parked.
    f.run(f.manager, decide(decision_kind::needs_check, "Tjek forsikringen"));
    CHECK(f.trial(t).status == trial_status::parked);

    // A manager's approval takes it up again; then it runs, and may be parked while it does.
    f.run(f.manager, decide(decision_kind::approve, "Budgettet er der"));
    CHECK(f.trial(t).status == trial_status::approved);
    f.run(f.staff, set_trial_status{t, trial_status::running, outcome::none});
    f.run(f.manager, decide(decision_kind::park, "Sommerferie"));
    CHECK(f.trial(t).status == trial_status::parked);
    f.run(f.manager, decide(decision_kind::approve, ""));
    f.run(f.staff, set_trial_status{t, trial_status::running, outcome::none});
    f.run(f.staff, set_trial_status{t, trial_status::evaluated, outcome::worked});
    // An ended trial action is kept as it ended.
    CHECK(f.refuse(f.manager, decide(decision_kind::park, "for sent")) == errc::invalid_state);
    CHECK(f.trial(t).status == trial_status::evaluated);
    CHECK(f.trial(t).learnings.size() == 1);

    const trial_id stopped = f.create();
    f.run(f.manager, record_decision{target_kind::trial_action, stopped, decision_kind::park, "Ikke i år"});
    f.run(f.fac, set_trial_status{stopped, trial_status::stopped, outcome::none});
    CHECK(f.trial(stopped).status == trial_status::stopped);
    CHECK(f.refuse(f.manager, record_decision{target_kind::trial_action, stopped, decision_kind::park, "x"}) ==
          errc::invalid_state);
}

TEST_CASE("an earlier owner who volunteers again in a review session is listed once", "[domain]") {
    // The earlier session's trial action: Sam and Bo own it, and Kim from a session
    // before that, known by name only. Bo is listed twice, as older versions did when an
    // earlier owner volunteered again.
    trial_action earlier;
    earlier.id = 4;
    earlier.title = "Bordtennis";
    earlier.status = trial_status::running;
    earlier.owners = {owner{4, "Sam"}, owner{0, "Bo"}, owner{12, "Bo"}, owner{0, "Kim"}};
    earlier.learnings = {learning{1, t0, 4, "Sam", "De unge kom", std::nullopt}};
    earlier.from_ideas = {3};
    earlier.version = 9;
    const trial_action copy = trials::taken_over(earlier, 1, "s0", t0);
    CHECK(copy.owners == std::vector<owner>{owner{0, "Sam"}, owner{0, "Bo"}, owner{0, "Kim"}});
    CHECK(copy.learnings[0].by == 0);
    CHECK(copy.learnings[0].by_name == "Sam");
    CHECK(copy.status == trial_status::running);
    CHECK(copy.version == 1);
    CHECK(copy.from_ideas.empty());
    CHECK(copy.origin_session == "s0");
    CHECK(copy.origin_trial == 4);

    session_fixture f({}, session_template::review);
    workshop_state st = f.w.state();
    st.trials.push_back(copy);
    st.last_trial_id = 1;
    auto restored = workshop::restore(std::move(st));
    REQUIRE(restored.ok());
    f.w = std::move(restored.value());
    f.phase(phase::review);
    auto owners = [&] { return f.w.trial_actions().find(1)->owners; };

    // Sam volunteers: it is his entry, in its place, and he may now act as an owner.
    CHECK(f.refuse(f.staff, add_learning{1, "not an owner yet"}) == errc::forbidden);
    f.run(f.staff, add_owner{1, f.staff.id});
    CHECK(owners() == std::vector<owner>{owner{f.staff.id, "Sam"}, owner{0, "Bo"}, owner{0, "Kim"}});
    f.run(f.staff, add_learning{1, "Flere ældre nu"});
    CHECK(f.refuse(f.staff, add_owner{1, f.staff.id}) == errc::invalid_state);
    // Anna is new to it: she is added.
    f.run(f.citizen, add_owner{1, f.citizen.id});
    CHECK(owners().size() == 4);
    // The name is matched whatever its case and spacing; the entry takes the name used now.
    const participant kim = f.join("KIM", role::citizen);
    f.run(kim, add_owner{1, kim.id});
    CHECK(owners()[2] == owner{kim.id, "KIM"});
    // A facilitator adding Bo recognises him too.
    f.run(f.fac, add_owner{1, f.citizen2.id});
    CHECK(owners() == std::vector<owner>{owner{f.staff.id, "Sam"}, owner{f.citizen2.id, "Bo"}, owner{kim.id, "KIM"},
                                         owner{f.citizen.id, "Anna"}});
    // Once every entry is claimed, another Bo is a new owner.
    const participant bo2 = f.join("Bo", role::staff);
    f.run(bo2, add_owner{1, bo2.id});
    CHECK(owners().size() == 5);
}

TEST_CASE("an earlier owner is recognised even when the list of owners is full", "[domain]") {
    trial_action t;
    t.id = 1;
    t.title = "Fuld";
    t.owners.push_back(owner{0, "Sam"});
    for (std::size_t k = 1; k < limits::owners_per_trial; ++k) t.owners.push_back(owner{0, "Ejer " + std::to_string(k)});
    session_fixture f({}, session_template::review);
    workshop_state st = f.w.state();
    st.trials.push_back(t);
    st.last_trial_id = 1;
    auto restored = workshop::restore(std::move(st));
    REQUIRE(restored.ok());
    f.w = std::move(restored.value());
    CHECK(f.refuse(f.citizen, add_owner{1, f.citizen.id}) == errc::limit_reached);
    f.run(f.staff, add_owner{1, f.staff.id});
    CHECK(f.w.trial_actions().find(1)->owners.size() == limits::owners_per_trial);
    CHECK(f.w.trial_actions().find(1)->owners[0] == owner{f.staff.id, "Sam"});
}

TEST_CASE("a follow-up in a workspace shows a trial action as a view: the original's versions, its changes mirrored",
          "[domain]") {
    trial_action origin;
    origin.id = 4;
    origin.title = "Bordtennis";
    origin.status = trial_status::proposed;
    origin.owners = {owner{4, "Sam"}, owner{0, "Kim"}};
    origin.learnings = {learning{1, t0, 4, "Sam", "De unge kom", std::nullopt}};
    origin.from_ideas = {3};
    origin.version = 9;
    origin.field_versions = {{"title", 7}};
    origin.created_at = t0;
    origin.updated_at = t0 + std::chrono::hours(2);
    const auto later = t0 + std::chrono::hours(30);

    const trial_action view = trials::viewed(origin, 1, "s0", later);
    CHECK(view.id == 1);
    CHECK(view.version == 9);
    CHECK(view.field_versions == origin.field_versions);
    CHECK(view.updated_at == origin.updated_at);
    CHECK(view.owners == std::vector<owner>{owner{0, "Sam"}, owner{0, "Kim"}});
    CHECK(view.origin_session == "s0");
    CHECK(view.origin_trial == 4);
    CHECK(view.from_ideas.empty());

    // Sam volunteered in the follow-up (an id there); the original changed since.
    trial_action here = view;
    here.owners[0] = owner{15, "Sam"};
    trial_action changed = origin;
    changed.title = "Bordtennis for alle";
    changed.version = 11;
    changed.owners.push_back(owner{0, "Ida"});
    const participant ida{16, "Ida", role::staff, "h", t0, false};
    const trial_action mirrored = trials::mirrored(here, changed, &ida);
    CHECK(mirrored.id == 1);
    CHECK(mirrored.title == "Bordtennis for alle");
    CHECK(mirrored.version == 11);
    CHECK(mirrored.owners == std::vector<owner>{owner{15, "Sam"}, owner{0, "Kim"}, owner{16, "Ida"}});
    CHECK(mirrored.origin_session == "s0");
    CHECK(mirrored.from_ideas.empty());
    CHECK(mirrored.learnings == view.learnings);  // they come one by one
    CHECK(trials::mirrored(here, changed, nullptr).owners[2] == owner{0, "Ida"});
}

TEST_CASE("a decision on a view changes it where it belongs, and the original decides what a follow-up asks",
          "[domain]") {
    auto in_workspace = [](session_fixture& f, const std::string& workspace) {
        workshop_state st = f.w.state();
        st.info.workspace_id = workspace;
        trial_action t;
        t.id = 1;
        t.title = "Læseklub";
        t.origin_session = "s0";
        t.origin_trial = 4;
        st.trials.push_back(t);
        st.last_trial_id = 1;
        auto restored = workshop::restore(std::move(st));
        REQUIRE(restored.ok());
        f.w = std::move(restored.value());
    };
    // In a workspace the view waits for its origin; a copy outside one changes at once.
    session_fixture live({}, session_template::review);
    in_workspace(live, "w1");
    CHECK(live.w.shows_live(*live.w.trial_actions().find(1)));
    live.run(live.manager, record_decision{target_kind::trial_action, 1, decision_kind::approve, ""});
    CHECK(live.w.trial_actions().find(1)->status == trial_status::proposed);
    CHECK(live.w.decisions().size() == 1);
    session_fixture copy({}, session_template::review);
    in_workspace(copy, "");
    CHECK_FALSE(copy.w.shows_live(*copy.w.trial_actions().find(1)));
    copy.run(copy.manager, record_decision{target_kind::trial_action, 1, decision_kind::approve, ""});
    CHECK(copy.w.trial_actions().find(1)->status == trial_status::approved);

    // The original: a follow-up's asks are decided by the trial action's rules.
    session_fixture origin;
    origin.run(origin.fac, [] {
        create_trial c;
        c.title = "Læseklub";
        return c;
    }());
    const auto now = origin.now;
    auto decide = [&](remote_trial_change::kind what) {
        return origin.w.decide_remote(remote_trial_change{1, "Sofie", std::move(what)}, now);
    };
    auto approved = decide(decision_kind::approve);
    REQUIRE(approved.ok());
    CHECK(std::get<trial_saved>(approved.value()).item.status == trial_status::approved);
    CHECK(decide(decision_kind::needs_check).err().code == errc::invalid_state);  // changes nothing
    CHECK(decide(set_trial_status{1, trial_status::running, outcome::none}).err().code == errc::invalid_state);
    update_trial renamed;
    renamed.id = 1;
    renamed.base_version = 1;
    renamed.title = "Læseklub for alle";
    origin.run(origin.fac, renamed);
    update_trial stale = renamed;  // decided in the follow-up on what it showed before
    stale.title = "Gammel";
    CHECK(decide(stale).err().code == errc::stale_version);
    auto learned = decide(add_learning{1, "Flere kom"});
    REQUIRE(learned.ok());
    CHECK(std::get<learning_added>(learned.value()).item.by == 0);
    CHECK(std::get<learning_added>(learned.value()).item.by_name == "Sofie");
    auto volunteer = decide(add_owner{1, 99});
    REQUIRE(volunteer.ok());
    CHECK(std::get<trial_saved>(volunteer.value()).item.owners == std::vector<owner>{owner{0, "Sofie"}});
    CHECK(origin.w.decide_remote(remote_trial_change{7, "Sofie", decision_kind::approve}, now).err().code ==
          errc::trial_not_found);
}

TEST_CASE("owners check in between sessions: what happened, evidence, what they learned, a proposal", "[domain]") {
    deciding f;
    const trial_id t = f.create({f.a}, {f.staff.id});
    auto report = [](std::string happened, evidence shown, proposal p) {
        return check_in{std::move(happened), std::move(shown), p};
    };
    const check_in measured = report("Fire turneringer", evidence{evidence::kind::measure, 8, "faste deltagere", ""},
                                     proposal::adapt);
    // Only an owner checks in: not the facilitators, not a manager, not another owner's colleague.
    for (const participant* who : {&f.fac, &f.co, &f.manager, &f.citizen, &f.observer})
        CHECK(f.refuse(*who, check_in_trial{t, measured, ""}) == errc::forbidden);
    CHECK(f.refuse(f.staff, check_in_trial{99, measured, ""}) == errc::trial_not_found);

    const event e = f.run(f.staff, check_in_trial{t, measured, "  De ældre vil hellere spille om eftermiddagen  "});
    const auto& added = std::get<learning_added>(e);
    CHECK(added.item.by == f.staff.id);
    CHECK(added.item.text == "De ældre vil hellere spille om eftermiddagen");
    REQUIRE(added.item.checked_in.has_value());
    CHECK(*added.item.checked_in == measured);
    CHECK(f.trial(t).learnings.size() == 1);
    CHECK(f.trial(t).version == 2);

    // A note, or no evidence; what was learned may be left out.
    f.run(f.staff, check_in_trial{t, report("Stille uge", evidence{evidence::kind::note, 0, "", " Bo: 'hyggeligt' "},
                                            proposal::continue_),
                                  ""});
    CHECK(f.trial(t).learnings.back().checked_in->shown == evidence{evidence::kind::note, 0, "", "Bo: 'hyggeligt'"});
    CHECK(f.trial(t).learnings.back().text.empty());
    f.run(f.staff, check_in_trial{t, report("Ingen tal endnu", evidence{}, proposal::scale), ""});
    CHECK(f.trial(t).learnings.back().checked_in->shown.is == evidence::kind::none);

    // Bad input: nothing is added.
    auto refused = [&](check_in c, const std::string& learned = "") {
        const auto before = f.trial(t).learnings.size();
        auto r = f.w.decide(f.staff, check_in_trial{t, std::move(c), learned}, f.ctx());
        CHECK(f.trial(t).learnings.size() == before);
        REQUIRE_FALSE(r.ok());
        return std::pair{r.err().code, r.err().field};
    };
    CHECK(refused(report(" ", {}, proposal::stop)) == std::pair{errc::invalid_field, std::string("what_happened")});
    CHECK(refused(report(std::string(limits::check_in_text_chars + 1, 'x'), {}, proposal::stop)).first == errc::too_long);
    CHECK(refused(report("x", {}, proposal::stop), std::string(limits::check_in_text_chars + 1, 'x')) ==
          std::pair{errc::too_long, std::string("learned")});
    CHECK(refused(report("x", evidence{evidence::kind::measure, 3, " ", ""}, proposal::stop)) ==
          std::pair{errc::invalid_field, std::string("unit")});
    CHECK(refused(report("x", evidence{evidence::kind::measure, 3, std::string(limits::evidence_unit_chars + 1, 'u'), ""},
                         proposal::stop))
              .first == errc::too_long);
    CHECK(refused(report("x", evidence{evidence::kind::measure, std::numeric_limits<double>::infinity(), "u", ""},
                         proposal::stop)) == std::pair{errc::invalid_field, std::string("value")});
    CHECK(refused(report("x", evidence{evidence::kind::note, 0, "", ""}, proposal::stop)) ==
          std::pair{errc::invalid_field, std::string("note")});

    // Not on one that has ended; a learning still is (a failed trial is a result).
    f.run(f.fac, set_trial_status{t, trial_status::stopped, outcome::none});
    CHECK(f.refuse(f.staff, check_in_trial{t, measured, ""}) == errc::invalid_state);
    f.run(f.staff, add_learning{t, "Det virkede ikke, og vi ved hvorfor"});
}

TEST_CASE("check-ins count against the log's limits", "[domain]") {
    deciding f;
    const trial_id t = f.create({}, {f.staff.id});
    for (std::size_t k = 0; k < limits::learnings_per_trial; ++k) f.run(f.staff, add_learning{t, "l"});
    CHECK(f.refuse(f.staff, check_in_trial{t, check_in{"x", {}, proposal::stop}, ""}) == errc::limit_reached);
}

TEST_CASE("the review date is moved with a reason, and every move is kept", "[domain]") {
    deciding f;
    const trial_id t = f.create({}, {f.staff.id});  // start 2026-12-01, review 2027-02-01
    // Owners, facilitators and managers; not a citizen who is no owner, nor an observer.
    CHECK(f.refuse(f.citizen, move_review_date{t, "2027-03-01", "Ferie"}) == errc::forbidden);
    CHECK(f.refuse(f.observer, move_review_date{t, "2027-03-01", "Ferie"}) == errc::forbidden);
    f.run(f.staff, move_review_date{t, "2027-03-01", " Juleferien "});
    f.now += std::chrono::hours(24);
    f.run(f.manager, move_review_date{t, "2027-04-01", "Budgettet"});
    f.run(f.fac, move_review_date{t, "2027-03-15", "Mødet er flyttet"});
    const trial_action& moved = f.trial(t);
    CHECK(moved.review_date == "2027-03-15");
    REQUIRE(moved.review_moves.size() == 3);
    CHECK(moved.review_moves[0] ==
          review_move{"2027-02-01", "2027-03-01", "Juleferien", f.staff.id, "Sam", moved.review_moves[0].at});
    CHECK(moved.review_moves[1].by_name == "Mona");
    CHECK(moved.review_moves[1].at > moved.review_moves[0].at);
    CHECK(moved.review_moves[2].from == "2027-04-01");
    CHECK(moved.version == 4);

    // Bad input changes nothing.
    auto refused = [&](std::string to, std::string reason) {
        auto r = f.w.decide(f.staff, move_review_date{t, std::move(to), std::move(reason)}, f.ctx());
        CHECK(f.trial(t).review_moves.size() == 3);
        CHECK(f.trial(t).review_date == "2027-03-15");
        REQUIRE_FALSE(r.ok());
        return std::pair{r.err().code, r.err().field};
    };
    CHECK(refused("2027-02-30", "x") == std::pair{errc::invalid_field, std::string("to")});
    CHECK(refused("1. marts", "x") == std::pair{errc::invalid_field, std::string("to")});
    CHECK(refused("2027-03-15", "x") == std::pair{errc::invalid_field, std::string("to")});  // no move
    CHECK(refused("2026-11-30", "x") == std::pair{errc::invalid_field, std::string("to")});  // before the start
    CHECK(refused("2027-05-01", " ") == std::pair{errc::invalid_field, std::string("reason")});
    CHECK(refused("2027-05-01", std::string(limits::review_move_reason_chars + 1, 'r')).first == errc::too_long);

    // At most review_moves_per_trial moves.
    for (std::size_t k = 3; k < limits::review_moves_per_trial; ++k)
        f.run(f.staff, move_review_date{t, k % 2 ? "2027-06-01" : "2027-06-02", "igen"});
    CHECK(f.refuse(f.staff, move_review_date{t, "2027-07-01", "igen"}) == errc::limit_reached);

    // Not once it has ended.
    const trial_id ended = f.create({}, {f.staff.id});
    f.run(f.staff, set_trial_status{ended, trial_status::stopped, outcome::none});
    CHECK(f.refuse(f.staff, move_review_date{ended, "2027-03-01", "x"}) == errc::invalid_state);
}

TEST_CASE("a manager answers a check-in: continue, adapt, scale or stop, with a note", "[domain]") {
    deciding f;
    const trial_id t = f.create({}, {f.staff.id});
    auto decide = [&](decision_kind k, const std::string& note, trial_id id = 0) {
        return record_decision{target_kind::trial_action, id ? id : t, k, note};
    };
    // A proposed one is approved first.
    for (decision_kind k : {decision_kind::continue_, decision_kind::adapt, decision_kind::scale})
        CHECK(f.refuse(f.manager, decide(k, "n")) == errc::invalid_state);
    // Only on trial actions; every one but continue needs a note; only managers.
    CHECK(f.refuse(f.manager, record_decision{target_kind::idea, f.a, decision_kind::scale, "n"}) == errc::invalid_field);
    CHECK(f.refuse(f.fac, decide(decision_kind::stop, "n")) == errc::forbidden);
    CHECK(f.refuse(f.staff, decide(decision_kind::stop, "n")) == errc::forbidden);
    f.run(f.manager, decide(decision_kind::approve, ""));
    for (decision_kind k : {decision_kind::adapt, decision_kind::scale, decision_kind::stop})
        CHECK(f.refuse(f.manager, decide(k, " ")) == errc::invalid_field);

    // continue sets an approved one running; one that runs stays so, and the decision is kept.
    f.run(f.manager, decide(decision_kind::continue_, ""));
    CHECK(f.trial(t).status == trial_status::running);
    f.run(f.manager, decide(decision_kind::adapt, "Om eftermiddagen i stedet"));
    CHECK(f.trial(t).status == trial_status::running);
    // A parked one is taken up again by continue, adapt or scale.
    f.run(f.manager, decide(decision_kind::park, "Sommer"));
    f.run(f.manager, decide(decision_kind::scale, "Alle fire bydele"));
    CHECK(f.trial(t).status == trial_status::running);
    f.run(f.manager, decide(decision_kind::stop, "Det virkede ikke"));
    CHECK(f.trial(t).status == trial_status::stopped);
    for (decision_kind k : {decision_kind::continue_, decision_kind::adapt, decision_kind::scale, decision_kind::stop})
        CHECK(f.refuse(f.manager, decide(k, "n")) == errc::invalid_state);
    REQUIRE(f.w.decisions().size() == 6);
    CHECK(f.w.decisions()[2].kind == decision_kind::adapt);
    CHECK(f.w.decisions()[2].note == "Om eftermiddagen i stedet");
    CHECK(f.w.decisions()[2].by_name == "Mona");
    // Its log is kept: a stopped trial action keeps what it learned.
    f.run(f.staff, add_learning{t, "Vi lærte noget"});
    CHECK(f.trial(t).learnings.size() == 1);

    // stop also ends a proposed one.
    const trial_id proposed = f.create();
    f.run(f.manager, decide(decision_kind::stop, "Nej tak", proposed));
    CHECK(f.trial(proposed).status == trial_status::stopped);
}

TEST_CASE("a trial action's life goes on after the session closes", "[domain]") {
    deciding f;
    const trial_id t = f.create({f.a}, {f.staff.id});
    f.run(f.manager, record_decision{target_kind::trial_action, t, decision_kind::approve, ""});
    f.run(f.fac, close_session{});
    f.run(f.staff, set_trial_status{t, trial_status::running, outcome::none});
    f.run(f.staff, check_in_trial{t, check_in{"Godt i gang", {}, proposal::continue_}, ""});
    f.run(f.staff, move_review_date{t, "2027-03-01", "Ferie"});
    f.run(f.staff, add_learning{t, "Fredag virker"});
    update_trial edit;
    edit.id = t;
    edit.base_version = f.trial(t).version;
    edit.what = "Hver fredag kl. 14";
    f.run(f.staff, edit);
    f.run(f.manager, record_decision{target_kind::trial_action, t, decision_kind::adapt, "Også lørdag"});
    CHECK(f.trial(t).learnings.size() == 2);
    // The rest of the session is closed: decisions on ideas too.
    CHECK(f.refuse(f.manager, record_decision{target_kind::idea, f.a, decision_kind::approve, ""}) == errc::session_closed);
    CHECK(f.refuse(f.fac, create_trial{"Ny", "", "", "", "", "", {}, {}}) == errc::session_closed);
    CHECK(f.refuse(f.staff, add_owner{t, f.citizen.id}) == errc::session_closed);
    CHECK(f.refuse(f.fac, delete_trial{t}) == errc::session_closed);
    CHECK(f.refuse(f.citizen, add_comment{target_kind::trial_action, t, "hej"}) == errc::session_closed);
}

TEST_CASE("a follow-up's check-in and review date move are made where the trial action belongs", "[domain]") {
    session_fixture origin;
    origin.run(origin.fac, [] {
        create_trial c;
        c.title = "Læseklub";
        c.start_date = "2027-01-01";
        return c;
    }());
    origin.run(origin.manager, record_decision{target_kind::trial_action, 1, decision_kind::approve, ""});
    auto decide = [&](remote_trial_change::kind what) {
        return origin.w.decide_remote(remote_trial_change{1, "Sofie", std::move(what)}, origin.now);
    };
    auto checked = decide(check_in_trial{1, check_in{"Fem kom", evidence{evidence::kind::measure, 5, "børn", ""}, proposal::scale}, "Mere"});
    REQUIRE(checked.ok());
    const auto& added = std::get<learning_added>(checked.value());
    CHECK(added.item.by == 0);
    CHECK(added.item.by_name == "Sofie");
    CHECK(added.item.checked_in->proposed == proposal::scale);
    auto moved = decide(move_review_date{1, "2027-02-01", "Vinterferie"});
    REQUIRE(moved.ok());
    CHECK(std::get<trial_saved>(moved.value()).item.review_moves.back().by_name == "Sofie");
    CHECK(decide(move_review_date{1, "2026-12-01", "før start"}).err().field == "to");
    auto scaled = decide(decision_kind::scale);  // approved: scaling sets it running
    REQUIRE(scaled.ok());
    CHECK(std::get<trial_saved>(scaled.value()).item.status == trial_status::running);
    CHECK(decide(decision_kind::needs_check).err().code == errc::invalid_state);  // changes nothing there
}
