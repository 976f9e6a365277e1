// The leak oracle's random steps (see scenario.hpp).
#include "oracle/scenario.hpp"

#include "oracle/rules.hpp"

#include <algorithm>
#include <functional>
#include <utility>

namespace samskab::oracle {

using nlohmann::json;
using pointer = json::json_pointer;

namespace {

// A few words besides the markers, so that texts are not all ASCII.
const std::vector<std::string> words = {"ældrepleje", "bordtennis", "læseklub", "café", "vuggestue", "forsøk",
                                        "straks", "velferd", "VR-briller", "fællesspisning"};

const std::vector<std::string> idea_phases = {"welcome", "ideas", "cluster", "vote", "trial_actions", "wrap_up"};

// A weighted choice among actions.
struct choice {
    double weight;
    std::function<step()> make;
};

step pick(std::mt19937_64& rng, const std::vector<choice>& choices) {
    double total = 0;
    for (const auto& c : choices) total += c.weight;
    double x = std::uniform_real_distribution<double>(0, total)(rng);
    for (const auto& c : choices) {
        if (x < c.weight) return c.make();
        x -= c.weight;
    }
    return choices.back().make();
}

step command(person_id actor, json cmd, std::vector<id_ref> refs = {}) {
    step s;
    s.what = step::command;
    s.actor = actor;
    s.cmd = std::move(cmd);
    s.refs = std::move(refs);
    return s;
}

id_ref idea_at(const std::string& where) { return id_ref{pointer(where), false}; }
id_ref comment_at(const std::string& where) { return id_ref{pointer(where), true}; }

}  // namespace

scenario::scenario(std::uint64_t seed) : rng_(seed), seed_(seed) {}

bool scenario::chance(double p) { return std::uniform_real_distribution<double>(0, 1)(rng_) < p; }

std::size_t scenario::below(std::size_t n) { return n == 0 ? 0 : std::uniform_int_distribution<std::size_t>(0, n - 1)(rng_); }

std::string scenario::text(char kind) {
    const std::string m = marker(kind, seed_, ++counter_, rng_());
    switch (kind) {
    case 'i': return "idea " + m + " " + one_of(words);
    case 'c': return "comment " + m + " " + one_of(words);
    case 'n': return "Name " + m;
    case 'r': return "reason " + m;
    default: return one_of(words) + " " + m;
    }
}

json scenario::settings() {
    static const char* modes[] = {"named", "hidden_from_participants", "anonymous"};
    json s{{"anonymity", modes[below(3)]},
           {"private_writing", chance(0.65)},
           {"late_ideas", chance(0.3)},
           {"vote_budget", 1 + static_cast<int>(below(5))},
           {"vote_cap", 1 + static_cast<int>(below(3))},
           {"fold_threshold", 2 + static_cast<int>(below(4))}};
    // Half the sessions let a member write a burst (see burst_step) in one phase.
    if (chance(0.5)) s["idea_quota"] = 200;
    return s;
}

// ---- what to name ----------------------------------------------------------------------

item_id scenario::pick_idea(const state& s, const cast_member& me, bool own, bool on_board) {
    const recipient r{me.id, me.r};
    std::vector<item_id> visible, mine, hidden_from_me;
    for (const auto& [id, i] : s.ideas) {
        if (sees_idea(s, r, id)) {
            if (on_board && (i.merged || i.deleted)) continue;
            visible.push_back(id);
            if (i.author == me.id) mine.push_back(id);
        } else {
            hidden_from_me.push_back(id);
        }
    }
    const double x = std::uniform_real_distribution<double>(0, 1)(rng_);
    if (own && !mine.empty() && x < 0.6) return one_of(mine);
    if (x < 0.68 && !visible.empty()) return one_of(visible);
    if (x < 0.94 && !hidden_from_me.empty()) return one_of(hidden_from_me);
    return s.last_idea + 1 + static_cast<item_id>(below(3));
}

item_id scenario::pick_comment(const state& s, const cast_member& me, bool own) {
    const recipient r{me.id, me.r};
    std::vector<item_id> visible, mine, hidden_from_me;
    for (const auto& [id, c] : s.comments) {
        if (sees_comment(s, r, id)) {
            visible.push_back(id);
            if (c.author == me.id) mine.push_back(id);
        } else {
            hidden_from_me.push_back(id);
            if (c.author == me.id) mine.push_back(id);  // its own, on an idea it may no longer see
        }
    }
    const double x = std::uniform_real_distribution<double>(0, 1)(rng_);
    if (own && !mine.empty() && x < 0.6) return one_of(mine);
    if (x < 0.6 && !visible.empty()) return one_of(visible);
    if (x < 0.94 && !hidden_from_me.empty()) return one_of(hidden_from_me);
    return s.last_comment + 1 + static_cast<item_id>(below(3));
}

item_id scenario::pick_column(const state& s) {
    if (s.columns.empty() || chance(0.03)) return s.last_column + 1;
    return one_of(s.columns);
}

item_id scenario::pick_trial(const state& s) {
    if (s.trials.empty() || chance(0.1)) return s.last_trial + 1;
    auto it = s.trials.begin();
    std::advance(it, static_cast<std::ptrdiff_t>(below(s.trials.size())));
    return it->first;
}

person_id scenario::pick_person(const std::vector<cast_member>& cast) { return one_of(cast).id; }

std::optional<seq_t> scenario::since(seq_t now) {
    const double y = std::uniform_real_distribution<double>(0, 1)(rng_);
    if (y < 0.25) return 0;
    if (y < 0.5) return now > 0 ? 1 + static_cast<seq_t>(below(static_cast<std::size_t>(now))) : 0;
    if (y < 0.72) return now;
    if (y < 0.87) return now + 1 + static_cast<seq_t>(below(50));
    return std::nullopt;
}

// ---- commands both facilitators and members send -------------------------------------

step scenario::add_idea(const state& s, const cast_member& me) {
    json c{{"type", "idea.add"}, {"column", pick_column(s)}, {"text", text('i')}};
    std::vector<id_ref> refs;
    if (chance(0.3)) c["before"] = pick_idea(s, me), refs.push_back(idea_at("/before"));
    return command(me.id, c, refs);
}

step scenario::edit_idea(const state& s, const cast_member& me) {
    const item_id id = pick_idea(s, me, true);
    auto it = s.ideas.find(id);
    const std::int64_t v = it == s.ideas.end() ? 1 : it->second.version - (chance(0.1) ? 1 : 0);
    return command(me.id, json{{"type", "idea.edit"}, {"id", id}, {"base_version", v}, {"text", text('i')}}, {idea_at("/id")});
}

step scenario::move_idea(const state& s, const cast_member& me) {
    const item_id id = pick_idea(s, me, true, true);
    auto it = s.ideas.find(id);
    json c{{"type", "idea.move"}, {"id", id}, {"base_version", it == s.ideas.end() ? 1 : it->second.version},
           {"column", pick_column(s)}};
    std::vector<id_ref> refs{idea_at("/id")};
    if (chance(0.4)) c["before"] = pick_idea(s, me), refs.push_back(idea_at("/before"));
    return command(me.id, c, refs);
}

step scenario::delete_idea(const state& s, const cast_member& me) {
    const item_id id = pick_idea(s, me, true);
    auto it = s.ideas.find(id);
    return command(me.id, json{{"type", "idea.delete"}, {"id", id}, {"base_version", it == s.ideas.end() ? 1 : it->second.version}},
                   {idea_at("/id")});
}

step scenario::add_comment(const state& s, const cast_member& me) {
    if (chance(0.15) && !s.trials.empty())
        return command(me.id, json{{"type", "comment.add"}, {"target_kind", "trial_action"}, {"target_id", pick_trial(s)}, {"text", text('c')}});
    return command(me.id, json{{"type", "comment.add"}, {"target_kind", "idea"}, {"target_id", pick_idea(s, me)}, {"text", text('c')}},
                   {idea_at("/target_id")});
}

step scenario::react(const state& s, const cast_member& me) {
    static const char* reactions[] = {"like", "love", "idea", "question", "celebrate"};
    return command(me.id, json{{"type", "reaction.toggle"}, {"target_kind", "idea"}, {"target_id", pick_idea(s, me)}, {"reaction", reactions[below(5)]}},
                   {idea_at("/target_id")});
}

// ---- steps -----------------------------------------------------------------------------------

step scenario::next(const state& s, const registry& reg, const std::vector<cast_member>& cast) {
    if (auto b = burst_step(s, cast)) return *b;
    std::vector<cast_member> present, absent;
    for (const auto& c : cast)
        if (!c.removed) (c.connections > 0 ? present : absent).push_back(c);
    const double x = std::uniform_real_distribution<double>(0, 100)(rng_);
    step st;
    st.actor = present.empty() ? cast.front().id : one_of(present).id;
    if (x < 5 || present.empty() || (!absent.empty() && x < 7)) {
        st.what = step::reconnect;
        if (!absent.empty() && (present.empty() || chance(0.5))) st.actor = one_of(absent).id;
        st.since = since(s.seq);
        return st;
    }
    if (x < 8.5) return st.what = step::second_tab, st;
    if (x < 10) return st.what = step::close_tab, st;
    if (x < 14) {
        st.what = step::audit;
        std::vector<cast_member> facilitators;
        for (const auto& c : present)
            if (facilitates(c.r)) facilitators.push_back(c);
        if (!facilitators.empty() && chance(0.85)) st.actor = one_of(facilitators).id;
        st.cmd = json{{"type", "audit.get"}, {"limit", 1 + static_cast<int>(below(200))}};
        if (chance(0.3)) st.cmd["before"] = 1 + static_cast<seq_t>(below(static_cast<std::size_t>(s.seq + 2)));
        return st;
    }
    if (x < 15.2 && newcomers_ < 3) {
        ++newcomers_;
        st.what = step::newcomer;
        st.name = text('n');
        return st;
    }
    if (x < 16 && intruders_ < 3) {
        ++intruders_;
        st.what = step::intruder;
        st.intrusion = static_cast<step::intrusion_kind>(below(3));
        return st;
    }
    if (x < 16.6) return st.what = step::restart, st;
    if (x < 17.8 && burst_.left == 0 && !s.columns.empty()) {
        // Start a burst before an idea that is not first in its column.
        std::vector<std::pair<item_id, item_id>> targets;  // (column, idea)
        for (const auto& [id, i] : s.ideas)
            if (!i.deleted && !i.merged) targets.emplace_back(i.column, id);
        if (targets.size() >= 2) {
            const auto [column, before] = one_of(targets);
            burst_ = burst{one_of(present).id, column, before, 36};
            if (auto b = burst_step(s, cast)) return *b;
        }
    }
    return command_step(s, reg, cast);
}

std::optional<step> scenario::burst_step(const state& s, const std::vector<cast_member>& cast) {
    if (burst_.left == 0) return std::nullopt;
    --burst_.left;
    auto who = std::find_if(cast.begin(), cast.end(), [&](const cast_member& c) { return c.id == burst_.actor; });
    if (who == cast.end() || who->removed || who->connections == 0 || s.closed) {
        burst_.left = 0;
        return std::nullopt;
    }
    return command(burst_.actor,
                   json{{"type", "idea.add"}, {"column", burst_.column}, {"text", text('i')}, {"before", burst_.before}},
                   {idea_at("/before")});
}

step scenario::command_step(const state& s, const registry& reg, const std::vector<cast_member>& cast) {
    std::vector<cast_member> present;
    for (const auto& c : cast)
        if (!c.removed && c.connections > 0) present.push_back(c);
    // Facilitators a third of the time; the others in proportion to how many there are.
    std::vector<cast_member> facilitators, others;
    for (const auto& c : present) (facilitates(c.r) ? facilitators : others).push_back(c);
    if (!facilitators.empty() && (others.empty() || chance(0.35)))
        return facilitator_command(s, reg, one_of(facilitators), cast);
    const cast_member& me = one_of(others);
    if (me.r == role::observer && chance(0.5))  // an observer tries anything
        return chance(0.5) ? facilitator_command(s, reg, me, cast) : member_command(s, reg, me, cast);
    return member_command(s, reg, me, cast);
}

step scenario::facilitator_command(const state& s, const registry&, const cast_member& me,
                                   const std::vector<cast_member>& cast) {
    const person_id a = me.id;
    auto idea_ids = [&](int most, bool on_board) {
        json ids = json::array();
        const int n = static_cast<int>(below(static_cast<std::size_t>(most) + 1));
        for (int k = 0; k < n; ++k) ids.push_back(pick_idea(s, me, false, on_board));
        return ids;
    };
    auto refs_for = [](const std::string& key, const json& ids) {
        std::vector<id_ref> refs;
        for (std::size_t k = 0; k < ids.size(); ++k) refs.push_back(idea_at("/" + key + "/" + std::to_string(k)));
        return refs;
    };
    std::vector<choice> choices = {
        {7, [&] {
             const double y = std::uniform_real_distribution<double>(0, 1)(rng_);
             const std::string p = y < 0.35 ? "ideas" : y < 0.6 ? "vote" : y < 0.72 ? "cluster" : y < 0.84 ? "trial_actions"
                                   : y < 0.9 ? "welcome" : "wrap_up";
             return command(a, json{{"type", "phase.set"}, {"phase", p}});
         }},
        {2, [&] { return command(a, json{{"type", "ideas.reveal"}}); }},
        {10, [&] { return add_idea(s, me); }},
        {4, [&] { return edit_idea(s, me); }},
        {4, [&] { return move_idea(s, me); }},
        {3, [&] { return delete_idea(s, me); }},
        {5, [&] {
             // Often into a hidden idea, which only the facilitators see.
             std::vector<item_id> hidden;
             for (const auto& [id, i] : s.ideas)
                 if (i.moderated && !i.deleted && !i.merged && !i.is_private) hidden.push_back(id);
             const item_id into = !hidden.empty() && chance(0.4) ? one_of(hidden) : pick_idea(s, me, false, true);
             json ids = idea_ids(2, true);
             if (ids.empty()) ids.push_back(pick_idea(s, me, false, true));
             std::vector<id_ref> refs = refs_for("ideas", ids);
             refs.push_back(idea_at("/into"));
             return command(a, json{{"type", "idea.merge"}, {"into", into}, {"ideas", ids}}, refs);
         }},
        {3, [&] {
             static const char* fates[] = {"open", "selected", "parked"};
             json c{{"type", "idea.fate"}, {"id", pick_idea(s, me)}, {"fate", fates[below(3)]}};
             if (c["fate"] == "parked") c["reason"] = text('r');
             return command(a, c, {idea_at("/id")});
         }},
        {8, [&] {
             const item_id id = pick_idea(s, me, chance(0.3));
             auto it = s.ideas.find(id);
             const bool hidden = it == s.ideas.end() ? true : (chance(0.85) ? !it->second.moderated : it->second.moderated);
             return command(a, json{{"type", "idea.moderate"}, {"id", id}, {"hidden", hidden}}, {idea_at("/id")});
         }},
        {2, [&] {
             const json ids = idea_ids(2, true);
             return command(a, json{{"type", "cluster.create"}, {"column", pick_column(s)}, {"name", text('p')}, {"ideas", ids}},
                            refs_for("ideas", ids));
         }},
        {2, [&] {
             item_id cluster = 0;
             if (!s.clusters.empty() && chance(0.8)) {
                 auto it = s.clusters.begin();
                 std::advance(it, static_cast<std::ptrdiff_t>(below(s.clusters.size())));
                 cluster = it->first;
             }
             return command(a, json{{"type", "cluster.assign"}, {"idea", pick_idea(s, me, false, true)}, {"cluster", cluster}},
                            {idea_at("/idea")});
         }},
        {1, [&] { return command(a, json{{"type", "cluster.delete"}, {"id", s.last_cluster > 0 ? 1 + static_cast<item_id>(below(static_cast<std::size_t>(s.last_cluster))) : 1}}); }},
        {0.5, [&] { return command(a, json{{"type", "column.add"}, {"title", text('p')}}); }},
        {0.5, [&] { return command(a, json{{"type", "column.delete"}, {"id", pick_column(s)}}); }},
        {2, [&] { return command(a, json{{"type", "votes.reveal"}}); }},
        {1.5, [&] { return command(a, json{{"type", "votes.reset"}}); }},
        {4, [&] { return add_comment(s, me); }},
        {2, [&] { return command(a, json{{"type", "comment.delete"}, {"id", pick_comment(s, me)}}, {comment_at("/id")}); }},
        {5, [&] {
             const item_id id = pick_comment(s, me);
             auto it = s.comments.find(id);
             const bool hidden = it == s.comments.end() || !it->second.moderated;
             return command(a, json{{"type", "comment.moderate"}, {"id", id}, {"hidden", hidden}}, {comment_at("/id")});
         }},
        {2, [&] { return react(s, me); }},
        {2, [&] {
             const json ids = idea_ids(2, true);
             json owners = json::array();
             for (std::size_t k = below(3); k > 0; --k) owners.push_back(pick_person(cast));
             std::sort(owners.begin(), owners.end());
             owners.erase(std::unique(owners.begin(), owners.end()), owners.end());
             return command(a, json{{"type", "trial.create"}, {"title", text('p')}, {"what", text('p')}, {"ideas", ids}, {"owners", owners}},
                            refs_for("ideas", ids));
         }},
        {1, [&] { return command(a, json{{"type", "trial.owner_add"}, {"id", pick_trial(s)}, {"participant", pick_person(cast)}}); }},
        {1, [&] { return command(a, json{{"type", "trial.learning"}, {"id", pick_trial(s)}, {"text", text('p')}}); }},
        {0.5, [&] { return command(a, json{{"type", "trial.delete"}, {"id", pick_trial(s)}}); }},
        {0.5, [&] {
             static const char* statuses[] = {"running", "evaluated", "stopped"};
             json c{{"type", "trial.status"}, {"id", pick_trial(s)}, {"status", statuses[below(3)]}};
             if (c["status"] == "evaluated") c["outcome"] = "partly";
             return command(a, c);
         }},
        {3, [&] {
             json c{{"type", "settings.update"}};
             static const char* modes[] = {"named", "hidden_from_participants", "anonymous"};
             if (chance(0.25)) c["anonymity"] = modes[below(3)];
             if (chance(0.4)) c["private_writing"] = !s.private_writing;
             if (chance(0.2)) c["late_ideas"] = !s.late_ideas;
             if (chance(0.3)) c["vote_budget"] = 1 + static_cast<int>(below(5));
             if (chance(0.2)) c["vote_cap"] = 1 + static_cast<int>(below(3));
             if (chance(0.3)) c["fold_threshold"] = 1 + static_cast<int>(below(5));
             if (c.size() == 1) c["private_writing"] = !s.private_writing;
             return command(a, c);
         }},
        {0.7, [&] { return command(a, json{{"type", "board.lock"}, {"locked", !s.locked}}); }},
        {1.5, [&] {
             // Any idea: a hidden, private or deleted one must be answered as a missing one,
             // and a focus must be cleared when its idea leaves the room's view.
             if (chance(0.2)) return command(a, json{{"type", "screen.focus"}, {"kind", chance(0.5) ? "none" : "results"}});
             return command(a, json{{"type", "screen.focus"}, {"kind", "idea"}, {"id", pick_idea(s, me)}}, {idea_at("/id")});
         }},
        {0.5, [&] { return command(a, json{{"type", "timer.start"}, {"seconds", 60 + static_cast<int>(below(600))}}); }},
        {0.6, [&] {
             if (removals_ >= 2) return command(a, json{{"type", "timer.stop"}});
             ++removals_;
             return command(a, json{{"type", "participant.remove"}, {"participant", pick_person(cast)}});
         }},
        {0.4, [&] {
             static const char* roles[] = {"co_facilitator", "manager", "staff", "observer"};
             return command(a, json{{"type", "invite.renew"}, {"role", roles[below(4)]}});
         }},
        {0.4, [&] {
             static const char* roles[] = {"co_facilitator", "manager", "staff", "observer"};
             return command(a, json{{"type", "invite.revoke"}, {"role", roles[below(4)]}});
         }},
        {0.3, [&] { return command(a, json{{"type", "session.update"}, {"title", text('p')}}); }},
        {0.01, [&] { return command(a, json{{"type", "session.close"}}); }},
        {0.5, [&] { return command(a, json{{"type", "vote.set"}, {"idea", pick_idea(s, me)}, {"dots", 1}}, {idea_at("/idea")}); }},
        {0.3, [&] {
             return command(a, json{{"type", "decision.record"}, {"target_kind", "idea"}, {"target_id", pick_idea(s, me)}, {"kind", "approve"}, {"note", ""}},
                            {idea_at("/target_id")});
         }},
    };
    return pick(rng_, choices);
}

step scenario::member_command(const state& s, const registry&, const cast_member& me, const std::vector<cast_member>& cast) {
    const person_id a = me.id;
    std::vector<choice> choices = {
        {18, [&] { return add_idea(s, me); }},
        {6, [&] { return edit_idea(s, me); }},
        {4, [&] { return move_idea(s, me); }},
        {3, [&] { return delete_idea(s, me); }},
        {16, [&] {
             return command(a, json{{"type", "vote.set"}, {"idea", pick_idea(s, me, chance(0.2), true)}, {"dots", static_cast<int>(below(static_cast<std::size_t>(s.vote_cap) + 2))}},
                            {idea_at("/idea")});
         }},
        {10, [&] { return add_comment(s, me); }},
        {3, [&] { return command(a, json{{"type", "comment.delete"}, {"id", pick_comment(s, me, true)}}, {comment_at("/id")}); }},
        {6, [&] { return react(s, me); }},
        {2, [&] { return command(a, json{{"type", "trial.owner_add"}, {"id", pick_trial(s)}, {"participant", chance(0.8) ? a : pick_person(cast)}}); }},
        {0.5, [&] { return command(a, json{{"type", "trial.owner_remove"}, {"id", pick_trial(s)}, {"participant", a}}); }},
        {2, [&] { return command(a, json{{"type", "trial.learning"}, {"id", pick_trial(s)}, {"text", text('p')}}); }},
        {me.r == role::manager ? 6.0 : 0.5, [&] {
             static const char* kinds[] = {"approve", "park", "needs_check"};
             const std::string kind = kinds[below(3)];
             if (chance(0.25) && !s.trials.empty())
                 return command(a, json{{"type", "decision.record"}, {"target_kind", "trial_action"}, {"target_id", pick_trial(s)}, {"kind", kind}, {"note", text('p')}});
             return command(a, json{{"type", "decision.record"}, {"target_kind", "idea"}, {"target_id", pick_idea(s, me)}, {"kind", kind}, {"note", text('p')}},
                            {idea_at("/target_id")});
         }},
        // What a member may not do, tried all the same.
        {1, [&] { return command(a, json{{"type", "idea.moderate"}, {"id", pick_idea(s, me)}, {"hidden", true}}, {idea_at("/id")}); }},
        {1, [&] { return command(a, json{{"type", "comment.moderate"}, {"id", pick_comment(s, me)}, {"hidden", true}}, {comment_at("/id")}); }},
        {1, [&] {
             return command(a, json{{"type", "idea.merge"}, {"into", pick_idea(s, me)}, {"ideas", json::array({pick_idea(s, me)})}},
                            {idea_at("/into"), idea_at("/ideas/0")});
         }},
        {0.5, [&] { return command(a, json{{"type", "ideas.reveal"}}); }},
        {0.5, [&] { return command(a, json{{"type", "screen.focus"}, {"kind", "idea"}, {"id", pick_idea(s, me)}}, {idea_at("/id")}); }},
        {0.5, [&] { return command(a, json{{"type", "votes.reveal"}}); }},
        {0.3, [&] { return command(a, json{{"type", "phase.set"}, {"phase", one_of(idea_phases)}}); }},
    };
    return pick(rng_, choices);
}

}  // namespace samskab::oracle
