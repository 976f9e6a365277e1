// Tests of the outcome report's body: its members in order, the snapshot spliced in as
// the WebSocket snapshot gives it, and the phase read back from a stored phase change.
#include "protocol/outcome.hpp"

#include "domain/test_fixture.hpp"
#include "protocol/encoder.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace samskab::protocol;
using namespace samskab::domain;
using namespace samskab::domain::testing;
using nlohmann::json;

TEST_CASE("the outcome report's body: reader, the snapshot as the WebSocket gives it, participation, timeline",
          "[protocol]") {
    session_fixture f;
    f.phase(phase::ideas);
    f.add(f.citizen, "An idea");
    outcome_answer a;
    a.generated_at = t0 + std::chrono::seconds(90);
    a.reader = {outcome_reader::kind::workspace, "viewer", 0};
    a.snapshot = encode_snapshot(f.w, viewer{0, role::observer});
    a.participation = participation_of(f.w);
    a.timeline = timeline_of(f.w.info(), phase::ideas, {{1, t0 + std::chrono::seconds(30), phase::ideas}}, std::nullopt,
                             a.generated_at);
    const std::string text = encode_outcome(a);
    const auto in_order = nlohmann::ordered_json::parse(text);
    std::vector<std::string> keys;
    for (const auto& [k, v] : in_order.items()) keys.push_back(k);
    const auto j = json::parse(text);
    CHECK(keys == std::vector<std::string>{"format", "generated_at", "reader", "snapshot", "participation", "timeline",
                                           "timeline_complete"});
    CHECK(j["format"] == 1);
    CHECK(j["generated_at"] == "2026-11-23T13:28:30.123Z");
    CHECK(j["reader"] == json{{"kind", "workspace"}, {"role", "viewer"}, {"participant", 0}});
    CHECK(j["snapshot"] == json::parse(a.snapshot));
    CHECK(j["participation"].size() == 6);
    CHECK(j["participation"]["citizen"] == json{{"joined", 2}, {"active", 1}});
    CHECK(j["participation"]["observer"] == json{{"joined", 1}, {"active", 0}});
    REQUIRE(j["timeline"].size() == 2);
    CHECK(j["timeline"][0] == json{{"phase", "welcome"},
                                   {"started_at", "2026-11-23T13:27:00.123Z"},
                                   {"ended_at", "2026-11-23T13:27:30.123Z"},
                                   {"seconds", 30}});
    CHECK(j["timeline"][1]["ended_at"].is_null());
    CHECK(j["timeline"][1]["seconds"] == 60);
    CHECK(j["timeline_complete"] == true);

    a.reader = {outcome_reader::kind::participant, "citizen", f.citizen.id};
    CHECK(json::parse(encode_outcome(a))["reader"] == json{{"kind", "participant"}, {"role", "citizen"}, {"participant", 5}});
}

TEST_CASE("the phase of a stored phase change, and nothing from other texts", "[protocol]") {
    session_fixture f;
    const auto ev = f.run(f.fac, set_phase{phase::vote});
    const change c{f.w.seq(), f.fac.id, t0, "r", "phase.set", ev};
    CHECK(phase_of_stored_change(encode_event(c, f.w, viewer{0, role::citizen})) == phase::vote);
    CHECK_FALSE(phase_of_stored_change(R"({"type":"idea.added","controls":{"phase":"vote"}})"));
    CHECK_FALSE(phase_of_stored_change(R"({"type":"controls.updated","controls":{"phase":"nonsense"}})"));
    CHECK_FALSE(phase_of_stored_change(R"({"type":"controls.updated","controls":{"phase":3}})"));
    CHECK_FALSE(phase_of_stored_change(R"({"type":"controls.updated"})"));
    CHECK_FALSE(phase_of_stored_change("[1,2"));
    CHECK_FALSE(phase_of_stored_change(""));
}
