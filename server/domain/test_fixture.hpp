// For the domain's tests only: a session with one participant of every role, and
// helpers to run commands through decide() and apply() and to check refusals.
#pragma once

#include "domain/workshop.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

namespace samskab::domain::testing {

inline const time_point t0{std::chrono::milliseconds{1'795'440'420'123}};  // 2026-11-23T13:27:00.123Z

struct session_fixture {
    workshop w;
    participant fac, co, manager, staff, citizen, citizen2, observer;
    time_point now = t0;
    int secrets = 0;

    explicit session_fixture(settings options = {}, session_template tpl = session_template::idea_workshop)
        : w(workshop::create(session_info{"s1", "K7M4QX", "Title", "Question?", session_status::open, t0, tpl, "", "", std::nullopt},
                             options, {"Ideas", "Later"}, participant{0, "Fac", role::facilitator, "h-fac", t0, false})) {
        fac = *w.people().find(1);
        co = join("Co", role::co_facilitator);
        manager = join("Mona", role::manager);
        staff = join("Sam", role::staff);
        citizen = join("Anna", role::citizen);
        citizen2 = join("Bo", role::citizen);
        observer = join("Screen", role::observer);
    }

    participant join(const std::string& name, role r) {
        participant p{w.people().next_id(), name, r, "h-" + name, t0, false};
        w.add_participant(p);
        return p;
    }

    // The participant as the workshop knows them now (e.g. after a removal).
    const participant& current(const participant& p) const { return *w.people().find(p.id); }

    decide_context ctx() {
        return decide_context{now, [this] {
                                  ++secrets;
                                  return invite_secret{"nonce-" + std::to_string(secrets), "hash-" + std::to_string(secrets)};
                              }};
    }

    // Decides and applies; fails the test if the command is refused.
    event run(const participant& who, const command& cmd) {
        auto ev = w.decide(current(who), cmd, ctx());
        if (!ev.ok()) FAIL(command_name(cmd) << " refused: " << to_string(ev.err().code) << ": " << ev.err().message);
        w.apply(change{w.seq() + 1, who.id, now, "r", std::string(command_name(cmd)), ev.value()});
        return ev.value();
    }

    // Decides cmd, expects a refusal, checks that nothing changed; returns its code.
    errc refuse(const participant& who, const command& cmd) {
        const workshop_state before = w.state();
        auto ev = w.decide(current(who), cmd, ctx());
        if (ev.ok()) FAIL(command_name(cmd) << " was accepted");
        CHECK(w.state() == before);
        CHECK_FALSE(ev.err().message.empty());
        return ev.err().code;
    }

    void phase(phase p) {
        if (w.controls().current != p) run(fac, set_phase{p});
    }

    idea_id add(const participant& who, const std::string& text, column_id col = 1) {
        return std::get<idea_added>(run(who, add_idea{col, 0, text})).item.id;
    }

    std::vector<std::string> texts(column_id col) const {
        std::vector<std::string> out;
        for (idea_id id : w.ideas().find_column(col)->ideas) out.push_back(w.ideas().find_idea(id)->text);
        return out;
    }
};

}  // namespace samskab::domain::testing
