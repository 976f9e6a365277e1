// Tests of the permission matrix: every role in every phase for every action, against
// protocol/messages.json read independently of the table generated from it, and the
// lock.
#include "domain/permissions.hpp"

#include "domain/test_fixture.hpp"

#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <string>

using namespace samskab::domain;
using namespace samskab::domain::testing;

namespace {

const std::vector<role> all_roles = {role::facilitator, role::co_facilitator, role::manager,
                                     role::staff,       role::citizen,        role::observer};
const std::vector<phase> all_phase_list = {phase::welcome, phase::ideas,         phase::cluster, phase::vote,
                                           phase::trial_actions, phase::review, phase::wrap_up};

// The specification: protocol/messages.json, read here as a client would read it (not
// through the table CMake generates from it), so that a fault in the generator or in
// check_permission shows. PROTOCOL.md's table is held to the same file by
// tests/browser/unit/protocol-facts.test.mjs.
struct spec_row {
    std::set<std::string> anyone_roles;
    std::string anyone_phases;
    std::set<std::string> self_roles;
    std::string self_phases;
    bool lock_exempt = false;
};

std::map<std::string, spec_row> read_spec() {
    std::ifstream in(SAMSKAB_MESSAGES_JSON);
    REQUIRE(in);
    const auto doc = nlohmann::json::parse(in);
    std::map<std::string, spec_row> out;
    for (const auto& c : doc.at("commands")) {
        spec_row row;
        for (const auto& r : c.at("anyone")) row.anyone_roles.insert(r.get<std::string>());
        row.anyone_phases = c.at("phases").get<std::string>();
        if (c.contains("own")) {
            for (const auto& r : c.at("own")) row.self_roles.insert(r.get<std::string>());
            row.self_phases = c.at("own_phases").get<std::string>();
        }
        row.lock_exempt = c.value("lock_exempt", false);
        out.emplace(c.at("type").get<std::string>(), std::move(row));
    }
    return out;
}

bool phase_in(const std::string& phases, phase p, bool late) {
    if (phases == "all") return true;
    if (phases == "writing")
        return p == phase::ideas || (late && (p == phase::cluster || p == phase::vote || p == phase::trial_actions ||
                                              p == phase::review));
    return phases == to_string(p);
}

// A sample of every command, in the order of the variant, to ask check_permission.
template <std::size_t... I>
std::vector<command> every_command(std::index_sequence<I...>) {
    return {command{std::in_place_index<I>}...};
}

}  // namespace

TEST_CASE("the permission matrix matches the specification for every role, phase and action", "[domain]") {
    const auto commands = every_command(std::make_index_sequence<std::variant_size_v<command>>{});
    const auto spec = read_spec();
    REQUIRE(spec.size() == commands.size());
    std::set<std::string> names;
    for (const auto& cmd : commands) {
        const std::string name(command_name(cmd));
        CHECK(names.insert(name).second);  // names are unique
        REQUIRE(spec.contains(name));
        const spec_row& want = spec.at(name);
        for (bool late : {false, true})
            for (role r : all_roles)
                for (phase p : all_phase_list)
                    for (bool own : {false, true})
                        for (bool locked : {false, true}) {
                            facilitation f;
                            f.current = p;
                            f.options.late_ideas = late;
                            f.locked = locked;
                            const bool as_anyone = want.anyone_roles.contains(std::string(to_string(r))) &&
                                                   phase_in(want.anyone_phases, p, late);
                            const bool as_self = own && want.self_roles.contains(std::string(to_string(r))) &&
                                                 phase_in(want.self_phases, p, late);
                            const bool role_ok = want.anyone_roles.contains(std::string(to_string(r))) ||
                                                 (own && want.self_roles.contains(std::string(to_string(r))));
                            auto got = check_permission(cmd, r, own, f);
                            INFO(name << " by " << to_string(r) << " in " << to_string(p) << (own ? ", own" : "")
                                      << (late ? ", late ideas" : "") << (locked ? ", locked" : ""));
                            if (!role_ok) {
                                REQUIRE(got.has_value());
                                CHECK(got->code == errc::forbidden);
                            } else if (!as_anyone && !as_self) {
                                REQUIRE(got.has_value());
                                CHECK(got->code == errc::wrong_phase);
                            } else if (locked && !facilitates(r) && !want.lock_exempt) {
                                REQUIRE(got.has_value());
                                CHECK(got->code == errc::board_locked);
                            } else {
                                CHECK_FALSE(got.has_value());
                            }
                        }
    }
    CHECK(names.size() == 48);
}

TEST_CASE("observers may do nothing at all", "[domain]") {
    const auto commands = every_command(std::make_index_sequence<std::variant_size_v<command>>{});
    for (const auto& cmd : commands) CHECK_FALSE(may_ever(role::observer, cmd));
}

TEST_CASE("the permission matrix holds in a running session", "[domain]") {
    session_fixture f;
    // Welcome: nobody but the facilitators writes yet.
    CHECK(f.refuse(f.citizen, add_idea{1, 0, "too early"}) == errc::wrong_phase);
    f.add(f.fac, "the facilitator may");
    f.phase(phase::ideas);
    const idea_id anna = f.add(f.citizen, "Anna's");
    f.add(f.manager, "Mona's");
    f.add(f.staff, "Sam's");
    CHECK(f.refuse(f.observer, add_idea{1, 0, "screen"}) == errc::forbidden);
    CHECK(f.refuse(f.citizen2, edit_idea{anna, 1, "not Bo's"}) == errc::forbidden);
    f.run(f.citizen, edit_idea{anna, 1, "Anna's, edited"});
    CHECK(f.refuse(f.citizen, set_vote{anna, 1}) == errc::wrong_phase);
    CHECK(f.refuse(f.citizen, record_decision{target_kind::idea, anna, decision_kind::approve, ""}) == errc::forbidden);
    CHECK(f.refuse(f.co, renew_invite{role::staff}) == errc::forbidden);
    CHECK(f.refuse(f.citizen, reveal_votes{}) == errc::forbidden);

    f.phase(phase::cluster);
    CHECK(f.refuse(f.citizen, add_idea{1, 0, "late"}) == errc::wrong_phase);
    CHECK(f.refuse(f.citizen, edit_idea{anna, 2, "late edit"}) == errc::wrong_phase);
    f.run(f.fac, update_settings{.late_ideas = true});
    f.add(f.citizen, "late, but allowed");

    f.run(f.co, lock_board{true});
    CHECK(f.refuse(f.citizen, add_idea{1, 0, "while locked"}) == errc::board_locked);
    CHECK(f.refuse(f.citizen, add_comment{target_kind::idea, anna, "while locked"}) == errc::board_locked);
    f.add(f.co, "facilitators are not locked out");
    f.run(f.manager, record_decision{target_kind::idea, anna, decision_kind::approve, ""});  // decisions are not either
    f.run(f.co, lock_board{false});
    f.add(f.citizen, "unlocked");
}

TEST_CASE("the audit log keeps control actions, never contributions or votes", "[domain]") {
    const auto audited = audited_actions();
    auto has = [&](std::string_view n) { return std::find(audited.begin(), audited.end(), n) != audited.end(); };
    for (const char* contribution : {"idea.add", "idea.edit", "idea.move", "idea.delete", "vote.set", "comment.add",
                                     "comment.delete", "reaction.toggle"}) {
        INFO(contribution);
        CHECK_FALSE(has(contribution));
    }
    for (const char* control : {"phase.set", "timer.start", "settings.update", "board.lock", "idea.moderate",
                                "comment.moderate", "idea.merge", "idea.fate", "ideas.reveal", "votes.reveal",
                                "decision.record", "participant.remove", "invite.renew", "invite.revoke",
                                "session.close", "trial.create", "trial.status"}) {
        INFO(control);
        CHECK(has(control));
    }
    CHECK(audited.size() == action_rules().size() - 8);
}
