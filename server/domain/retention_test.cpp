// Tests of retention's rules: which names a session's state holds and what replaces
// them, and the day names are removed.
#include "domain/retention.hpp"

#include <catch2/catch.hpp>

using namespace samskab::domain;
using namespace std::chrono;

namespace {

samskab::domain::time_point at(year_month_day d, hours h = hours{0}) {
    return samskab::domain::time_point{sys_days{d} + h};
}

participant person(participant_id id, std::string name, role r) {
    participant p;
    p.id = id;
    p.name = std::move(name);
    p.role_ = r;
    return p;
}

learning learned(std::int64_t id, participant_id by, std::string by_name, std::string text) {
    learning l;
    l.id = id;
    l.by = by;
    l.by_name = std::move(by_name);
    l.text = std::move(text);
    return l;
}

}  // namespace

TEST_CASE("retention: every display name in a session's state is replaced by a label that names nobody",
          "[domain]") {
    workshop_state st;
    st.participants = {person(1, "Mette Frederiksen", role::facilitator), person(2, "Ole", role::citizen),
                       person(3, "Ole", role::manager)};
    trial_action t;
    t.id = 1;
    t.owners = {owner{2, "Ole"}, owner{0, "Kari Nordmann"}};
    t.learnings = {learned(1, 3, "Ole", "lært"), learned(2, 0, "Per fra i fjor", "tidligere")};
    t.review_moves = {review_move{"", "2027-03-01", "ferie", 1, "Mette Frederiksen"}};
    st.trials = {t};
    st.decisions = {decision{1, target_kind::trial_action, 1, decision_kind::approve, "ja", 3, "Ole"},
                    decision{2, target_kind::trial_action, 1, decision_kind::approve, "", 0, "Leder fra portalen"}};

    const auto was = remove_names(st);

    CHECK(st.participants[0].name == "#1");
    CHECK(st.participants[1].name == "#2");
    CHECK(st.participants[2].name == "#3");
    CHECK(st.trials[0].owners == std::vector<owner>{owner{2, "#2"}, owner{0, "\u2014"}});
    CHECK(st.trials[0].learnings[0].by_name == "#3");
    CHECK(st.trials[0].learnings[1].by_name == "\u2014");
    CHECK(st.trials[0].learnings[0].text == "lært");  // what people wrote stays
    CHECK(st.trials[0].review_moves[0].by_name == "#1");
    CHECK(st.decisions[0].by_name == "#3");
    CHECK(st.decisions[1].by_name == "\u2014");
    CHECK(st.decisions[0].note == "ja");
    // Each name that was there, with the label of the first person who had it.
    CHECK(was == std::map<std::string, std::string>{{"Mette Frederiksen", "#1"},
                                                    {"Ole", "#2"},
                                                    {"Kari Nordmann", "\u2014"},
                                                    {"Per fra i fjor", "\u2014"},
                                                    {"Leder fra portalen", "\u2014"}});
    // Done twice, nothing more changes and no name is reported.
    const auto again = st;
    CHECK(remove_names(st).empty());
    CHECK(st == again);
}

TEST_CASE("retention: names go the same day N months after the session closed, or on a shorter month's last day",
          "[domain]") {
    CHECK(names_removed_on(at(2026y / December / 6, hours{23}), 6) == sys_days{2027y / June / 6});
    CHECK(names_removed_on(at(2026y / August / 31), 6) == sys_days{2027y / February / 28});
    CHECK(names_removed_on(at(2027y / August / 31), 6) == sys_days{2028y / February / 29});
    CHECK(names_removed_on(at(2026y / January / 15), 12) == sys_days{2027y / January / 15});
    CHECK(names_removed_on(at(2026y / March / 31), 1) == sys_days{2026y / April / 30});
}
