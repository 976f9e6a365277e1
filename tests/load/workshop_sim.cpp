// Simulated workshop sessions (see workshop_sim.hpp).
#include "workshop_sim.hpp"

#include "domain/join_code.hpp"
#include "domain/limits.hpp"
#include "net/room.hpp"
#include "net/secrets.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <stdexcept>

namespace samskab::load {

using namespace samskab::domain;

namespace {

constexpr std::size_t f_board_ideas = 4500;  // scenario f stops adding here (limit 5,000)

time_point now() { return std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now()); }

role role_of(participant_id p) {
    if (p == 1) return role::facilitator;
    if (p == 2) return role::co_facilitator;
    if (p % 10 == 3) return role::manager;
    return p % 3 == 0 ? role::staff : role::citizen;
}

const char* const words[] = {"borgere",   "medarbejdere", "plejehjem", "daginstitution", "video",   "supervision",
                             "cafe",      "bordtennis",   "laeseklub", "velfaerd",       "forsoeg", "hverdag",
                             "samarbejde", "tryghed",     "morgenmad", "frivillige",     "turnus",  "aftenvagt"};

}  // namespace

std::string sim_session_id(int session) {
    char buf[24];
    std::snprintf(buf, sizeof buf, "bench%011d", session);
    return buf;
}

std::string sim_join_code(int session) {
    std::string code(join_code_length, join_code_alphabet[0]);
    auto n = static_cast<std::size_t>(session);
    for (std::size_t k = code.size(); k-- > 0; n /= join_code_alphabet.size())
        code[k] = join_code_alphabet[n % join_code_alphabet.size()];
    return code;
}

std::string sim_token(int session, participant_id who) {
    // 43 characters, like the server's tokens (256 bits in base64url).
    return server::sha256_hex("samskab-bench/" + std::to_string(session) + "/" + std::to_string(who)).substr(0, 43);
}

session_sim::session_sim(int index, int people, std::uint64_t seed)
    : index_(index), people_(std::max(people, 4)), rng_(seed) {
    const time_point t0 = now();
    session_info info{sim_session_id(index), sim_join_code(index),
                      "Workshop " + std::to_string(index) + ": hverdagen paa plejehjemmet",
                      "Hvad er umuligt i dag, men ville forbedre hverdagen grundlaeggende, hvis det var muligt?",
                      session_status::open, t0, session_template::idea_workshop, ""};
    // A benchmark's members write far more ideas each than a person would: the quota
    // per phase at its largest.
    settings options;
    options.idea_quota = limits::max_idea_quota;
    w_ = workshop::create(info, options, {"Ideer", "Senere"},
                          participant{0, "Facilitator", role::facilitator, server::hash_token(sim_token(index, 1)), t0, false});
    for (participant_id p = 2; p <= people_; ++p)
        w_.add_participant(participant{p, "Deltager " + std::to_string(p), role_of(p),
                                       server::hash_token(sim_token(index, p)), t0, false});
}

storage::write_set session_sim::creation() const { return storage::collect_all(w_); }

std::optional<sim_change> session_sim::attempt(participant_id who, const command& cmd, std::string* why) {
    const participant* actor = w_.people().find(who);
    long secret = 0;
    const decide_context ctx{now(), [&] {
                                 // The nonce stands in for the one the room draws; the token
                                 // the room would derive from it is not needed here.
                                 std::string nonce = sim_token(index_, 1000000 + w_.seq() * 10 + ++secret);
                                 std::string hash = server::hash_token(nonce);
                                 return invite_secret{std::move(nonce), std::move(hash)};
                             }};
    auto ev = w_.decide(*actor, cmd, ctx);
    if (!ev) {
        ++refused_;
        if (why) *why = ev.err().message;
        return std::nullopt;
    }
    sim_change s;
    std::string ref = "r";  // (appended: "r" + std::to_string(...) trips GCC 12's -Wrestrict)
    ref += std::to_string(w_.seq() + 1);
    s.c = change{w_.seq() + 1, who, ctx.now, std::move(ref), std::string(command_name(cmd)), std::move(ev.value())};
    w_.apply(s.c);
    // What the room does with an accepted change (room::do_submit).
    s.texts = server::texts_for(s.c, w_);
    s.rows = storage::collect(s.c, w_);
    if (const auto* added = std::get_if<idea_added>(&s.c.what)) ideas_.push_back(added->item.id);
    ++actions_[s.c.action];
    return s;
}

sim_change session_sim::must(participant_id who, const command& cmd) {
    std::string why;
    if (auto c = attempt(who, cmd, &why)) return std::move(*c);
    throw std::runtime_error("session " + std::to_string(index_) + ": " + std::string(command_name(cmd)) +
                             " refused: " + why);
}

std::string session_sim::text(std::size_t length, const char* kind) {
    std::string t = std::string(kind) + " " + std::to_string(index_) + "-" + std::to_string(++texts_made_) + ":";
    while (t.size() < length) {
        t += ' ';
        t += words[roll(std::size(words))];
    }
    t.resize(length);
    if (t.back() == ' ') t.back() = 'x';  // the domain trims trailing spaces
    return t;
}

participant_id session_sim::member() {
    for (;;)
        if (participant_id p = 3 + roll(people_ - 2); !facilitates(role_of(p))) return p;
}

participant_id session_sim::contributor() { return 1 + roll(people_); }

participant_id session_sim::manager() {
    const participant_id managers = (people_ - 3) / 10 + 1;  // 3, 13, 23, ...
    return 3 + 10 * roll(managers);
}

idea_id session_sim::any_idea() { return ideas_.empty() ? 0 : ideas_[static_cast<std::size_t>(roll(ideas_.size()))]; }

// ---- scenario f ---------------------------------------------------------------------------

sim_change session_sim::next_idea(std::size_t text_length) {
    if (w_.seq() == 0) return must(1, set_phase{phase::ideas});
    if (w_.ideas().ideas_on_board() < f_board_ideas) {
        // The members in turn.
        participant_id who = 3 + static_cast<participant_id>(ideas_.size()) % (people_ - 2);
        while (facilitates(role_of(who))) who = who % people_ + 1;
        return must(who, add_idea{1 + static_cast<column_id>(ideas_.size() % 2), 0, text(text_length, "idea")});
    }
    const idea& i = *w_.ideas().find_idea(ideas_[next_to_move_++ % ideas_.size()]);
    return must(i.author, move_idea{i.id, i.version, i.column == 1 ? 2 : 1, 0});
}

// ---- scenario g ---------------------------------------------------------------------------

sim_change session_sim::next_workshop(std::int64_t total) {
    const std::int64_t k = w_.seq() + 1;
    const double at = static_cast<double>(k) / static_cast<double>(std::max<std::int64_t>(total, 1));
    const phase now_in = w_.controls().current;
    // The facilitator moves the session on at fixed shares of the total.
    if (now_in == phase::welcome) return must(1, set_phase{phase::ideas});
    if (k == 2) return must(1, start_timer{600});
    if (now_in == phase::ideas && at >= 0.55) return must(1, set_phase{phase::cluster});
    if (now_in == phase::cluster && at >= 0.65) return must(1, set_phase{phase::vote});
    if (now_in == phase::vote && at >= 0.80) {
        if (!w_.controls().votes_revealed && !w_.votes().empty()) return must(1, reveal_votes{});
        return must(1, set_phase{phase::trial_actions});
    }
    if (now_in == phase::trial_actions && at >= 0.95) return must(1, set_phase{phase::wrap_up});

    for (int tries = 0; tries < 8; ++tries) {
        std::optional<sim_change> c;
        switch (now_in) {
        case phase::ideas: c = try_ideas_phase(); break;
        case phase::cluster: c = try_cluster_phase(); break;
        case phase::vote: c = try_vote_phase(); break;
        case phase::trial_actions: c = try_trial_phase(); break;
        default: c = try_talk(); break;
        }
        if (c) return std::move(*c);
    }
    return fallback();
}

std::optional<sim_change> session_sim::try_ideas_phase() {
    const auto r = roll(100);
    if (r < 60 || ideas_.empty()) {
        // Mostly at the end of a column, sometimes before another idea.
        const column_id col = 1 + roll(2);
        idea_id before = 0;
        if (roll(4) == 0) {
            const auto& slot = w_.ideas().find_column(col)->ideas;
            if (!slot.empty()) before = slot[static_cast<std::size_t>(roll(slot.size()))];
        }
        return attempt(roll(10) == 0 ? facilitator() : member(), add_idea{col, before, text(60, "idea")});
    }
    const idea* i = w_.ideas().find_idea(any_idea());
    if (r < 72) return attempt(i->author, move_idea{i->id, i->version, 1 + roll(2), 0});
    if (r < 80) return attempt(i->author, edit_idea{i->id, i->version, text(70, "idea (edited)")});
    return try_talk();
}

std::optional<sim_change> session_sim::try_cluster_phase() {
    const auto r = roll(100);
    const auto& clusters = w_.ideas().clusters();
    if (r < 12 || clusters.empty()) {
        const column_id col = 1 + roll(2);
        const auto& slot = w_.ideas().find_column(col)->ideas;
        std::vector<idea_id> pick;
        for (int n = 0; n < 4 && !slot.empty(); ++n) {
            const idea_id id = slot[static_cast<std::size_t>(roll(slot.size()))];
            if (std::find(pick.begin(), pick.end(), id) == pick.end()) pick.push_back(id);
        }
        return attempt(facilitator(), create_cluster{col, text(30, "tema"), pick});
    }
    if (r < 60) {
        auto it = std::next(clusters.begin(), static_cast<std::ptrdiff_t>(roll(clusters.size())));
        const auto& slot = w_.ideas().find_column(it->second.column)->ideas;
        if (slot.empty()) return std::nullopt;
        return attempt(facilitator(), assign_cluster{slot[static_cast<std::size_t>(roll(slot.size()))], it->first});
    }
    const idea_id id = any_idea();
    if (r < 72) return attempt(facilitator(), set_fate{id, fate::selected, ""});
    if (r < 78) return attempt(facilitator(), set_fate{id, fate::parked, text(80, "parkeret fordi")});
    if (r < 82) {
        const idea* into = w_.ideas().find_idea(id);
        const auto& slot = w_.ideas().find_column(into->column)->ideas;
        const idea_id other = slot.empty() ? 0 : slot[static_cast<std::size_t>(roll(slot.size()))];
        return attempt(facilitator(), merge_ideas{id, {other}});
    }
    return try_talk();
}

std::optional<sim_change> session_sim::try_vote_phase() {
    if (roll(100) >= 75) return try_talk();
    const participant_id who = member();
    const idea_id id = any_idea();
    if (auto c = attempt(who, set_vote{id, 1 + roll(2)})) return c;
    // Over the budget: take the dots off one of the ideas voted for.
    const auto mine = w_.votes().mine(who);
    if (mine.empty()) return std::nullopt;
    auto it = std::next(mine.begin(), static_cast<std::ptrdiff_t>(roll(mine.size())));
    return attempt(who, set_vote{it->first, 0});
}

std::optional<sim_change> session_sim::try_trial_phase() {
    const auto r = roll(100);
    const auto& all = w_.trial_actions().all();
    if (r < 8 || all.empty()) {
        if (all.size() >= 15) return try_talk();
        std::vector<idea_id> from;
        for (int n = 0; n < 2; ++n)
            if (const idea* i = w_.ideas().find_idea(any_idea()); i && i->fate_ == fate::selected) from.push_back(i->id);
        std::sort(from.begin(), from.end());
        from.erase(std::unique(from.begin(), from.end()), from.end());
        return attempt(facilitator(), create_trial{text(50, "proevehandling"), text(300, "hvad vi proever"),
                                                   text(200, "vi tror at"), text(200, "vi ved det virkede naar"),
                                                   "2026-03-02", "2026-05-04", from, {member(), member()}});
    }
    auto it = std::next(all.begin(), static_cast<std::ptrdiff_t>(roll(all.size())));
    const trial_action& t = it->second;
    if (r < 25) {
        if (t.status == trial_status::proposed) return attempt(manager(), record_decision{target_kind::trial_action, t.id, decision_kind::approve, ""});
        return attempt(manager(), record_decision{target_kind::idea, any_idea(), decision_kind::needs_check,
                                                  text(120, "skal tjekkes juridisk")});
    }
    if (r < 35) return attempt(facilitator(), set_trial_status{t.id, trial_status::running, outcome::none});
    if (r < 55) return attempt(facilitator(), add_learning{t.id, text(250, "det har vi laert")});
    if (r < 65) {
        update_trial u{t.id, t.version, {}, {}, {}, {}, {}, {}};
        u.what = text(300, "hvad vi proever (rettet)");
        return attempt(facilitator(), u);
    }
    if (r < 75) {
        const participant_id who = member();
        return attempt(who, add_owner{t.id, who});
    }
    if (r < 85) return attempt(contributor(), add_comment{target_kind::trial_action, t.id, text(120, "kommentar")});
    return try_talk();
}

std::optional<sim_change> session_sim::try_talk() {
    const idea_id id = any_idea();
    if (roll(2) == 0) return attempt(contributor(), add_comment{target_kind::idea, id, text(120, "kommentar")});
    return attempt(contributor(), toggle_reaction{target_kind::idea, id, static_cast<reaction>(roll(5))});
}

sim_change session_sim::fallback() {
    if (ideas_.empty()) return must(1, add_idea{1, 0, text(60, "idea")});
    for (int tries = 0; tries < 100; ++tries)
        if (auto c = attempt(contributor(), add_comment{target_kind::idea, any_idea(), text(120, "kommentar")}))
            return std::move(*c);
    return must(1, add_comment{target_kind::idea, any_idea(), text(120, "kommentar")});
}

}  // namespace samskab::load
