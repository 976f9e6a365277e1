// The session archive's decoder (see archive.hpp): every check names the JSON Pointer of
// what it found wrong, and nothing throws.
#include "protocol/archive.hpp"

#include "domain/limits.hpp"
#include "domain/text.hpp"
#include "protocol/json_depth.hpp"
#include "protocol/limits.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <set>
#include <utility>

namespace samskab::protocol {

using json = nlohmann::json;
using namespace samskab::domain;

namespace {

// Thrown inside the decoder only, caught in decode_archive.
struct refusal {
    error e;
};

[[noreturn]] void refuse(errc code, const std::string& path, std::string message) {
    error e = error::make(code, std::move(message));
    e.field = path;
    throw refusal{std::move(e)};
}

[[noreturn]] void bad(const std::string& path, const std::string& what) {
    refuse(errc::invalid_field, path, path + ": " + what);
}

// A member of an object, with its path.
struct node {
    const json& j;
    std::string path;

    node at(std::string_view key) const {
        if (!j.is_object()) bad(path, "must be an object");
        auto it = j.find(key);
        if (it == j.end()) bad(path + "/" + std::string(key), "is missing");
        return node{*it, path + "/" + std::string(key)};
    }
    bool has(std::string_view key) const { return j.is_object() && j.contains(key); }
    node at(std::size_t k) const { return node{j[k], path + "/" + std::to_string(k)}; }
    std::size_t size(std::size_t max) const {
        if (!j.is_array()) bad(path, "must be an array");
        if (j.size() > max) {
            error e = error::at_limit(path + ": more items than a session holds", max);
            e.field = path;
            throw refusal{std::move(e)};
        }
        return j.size();
    }
    std::int64_t integer(std::int64_t min = 0, std::int64_t max = INT64_MAX) const {
        if (!j.is_number_integer()) bad(path, "must be a whole number");
        const std::int64_t v = j.get<std::int64_t>();
        if (j.is_number_unsigned() && j.get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX))
            bad(path, "is out of range");
        if (v < min || v > max) bad(path, "is out of range");
        return v;
    }
    double number() const {
        if (!j.is_number()) bad(path, "must be a number");
        return j.get<double>();
    }
    bool boolean() const {
        if (!j.is_boolean()) bad(path, "must be true or false");
        return j.get<bool>();
    }
    time_point time() const { return time_point{std::chrono::milliseconds{integer(0)}}; }
    const std::string& string() const {
        if (!j.is_string()) bad(path, "must be a string");
        return j.get_ref<const std::string&>();
    }
    // A text a session would hold: within max characters, as clean_text leaves it (UTF-8,
    // no control character but tab and line feed, no white space around it); empty only
    // if allowed.
    std::string text(std::size_t max, bool may_be_empty = false) const {
        const std::string& s = string();
        if (s.empty()) {
            if (!may_be_empty) bad(path, "must not be empty");
            return s;
        }
        auto cleaned = clean_text(s, text_rule{path, max, true});
        if (!cleaned && cleaned.err().code == errc::too_long) {
            error e = error::make(errc::too_long, path + ": longer than " + std::to_string(max) + " characters");
            e.field = path;
            e.limit = static_cast<std::int64_t>(max);
            throw refusal{std::move(e)};
        }
        if (!cleaned || cleaned.value() != s) bad(path, "is not a text as a session keeps it");
        return s;
    }
    template <class E>
    E word(std::optional<E> (*from)(std::string_view)) const {
        auto v = from(string());
        if (!v) bad(path, "names no known value");
        return *v;
    }
};

std::optional<timer_state::status> timer_status_of(std::string_view s) {
    for (auto st : {timer_state::status::idle, timer_state::status::running, timer_state::status::paused})
        if (to_string(st) == s) return st;
    return std::nullopt;
}

bool is_date(const std::string& s) {
    if (s.empty()) return true;
    if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
    for (std::size_t k : {0, 1, 2, 3, 5, 6, 8, 9})
        if (s[k] < '0' || s[k] > '9') return false;
    return true;
}

std::string date(const node& n) {
    std::string s = n.string();
    if (!is_date(s)) bad(n.path, "must be a date YYYY-MM-DD or empty");
    return s;
}

// An id of a session of another server or this one: the letters a session id is made of.
std::string session_ref(const node& n) {
    const std::string& s = n.string();
    if (s.size() > 64) bad(n.path, "is not a session id");
    for (char c : s)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'))
            bad(n.path, "is not a session id");
    return s;
}

struct decoder {
    session_archive out;
    std::set<participant_id> people;
    std::set<idea_id> ideas;
    std::set<trial_id> trials;

    void session(const node& n) {
        session_info& s = out.state.info;
        s.title = n.at("title").text(limits::session_title_chars);
        s.question = n.at("question").text(limits::question_chars, true);
        s.status = n.at("status").word(session_status_from_string);
        s.created_at = n.at("created_at").time();
        s.template_ = n.at("template").word(template_from_string);
        s.follow_up_of = session_ref(n.at("follow_up_of"));
        out.state.seq = n.at("seq").integer(0);
        if (n.has("deleted_at")) s.deleted_at = n.at("deleted_at").time();
    }

    void controls(const node& n) {
        facilitation& f = out.state.controls;
        f.current = n.at("phase").word(phase_from_string);
        const auto phases = phases_of(out.state.info.template_);
        if (std::find(phases.begin(), phases.end(), f.current) == phases.end())
            bad(n.path + "/phase", "is not a phase of the session's template");
        const node s = n.at("settings");
        settings& o = f.options;
        o.anonymity_ = s.at("anonymity").word(anonymity_from_string);
        o.private_writing = s.at("private_writing").boolean();
        o.late_ideas = s.at("late_ideas").boolean();
        o.vote_budget = s.at("vote_budget").integer(limits::min_vote_budget, limits::max_vote_budget);
        o.vote_cap = s.at("vote_cap").integer(limits::min_vote_budget, limits::max_vote_budget);
        o.fold_threshold = s.at("fold_threshold").integer(limits::min_fold_threshold, limits::max_fold_threshold);
        o.join_by_code = s.at("join_by_code").boolean();
        o.idea_quota = s.at("idea_quota").integer(limits::min_idea_quota, limits::max_idea_quota);
        const node t = n.at("timer");
        f.timer.state = t.at("state").word(timer_status_of);
        f.timer.duration_ms = t.at("duration_ms").integer(0);
        f.timer.ends_at = t.at("ends_at").time();
        f.timer.remaining_ms = t.at("remaining_ms").integer(0);
        f.locked = n.at("locked").boolean();
        f.votes_revealed = n.at("votes_revealed").boolean();
        f.focus = n.at("focus").integer(0);
        const node sc = n.at("screen");
        f.screen.kind = sc.at("kind").word(screen_kind_from_string);
        f.screen.id = sc.at("id").integer(0);
        f.phase_started_at = n.at("phase_started_at").time();
    }

    void participants(const node& n) {
        const std::size_t count = n.size(limits::participants_per_session);
        for (std::size_t k = 0; k < count; ++k) {
            const node p = n.at(k);
            participant x;
            x.id = p.at("id").integer(1);
            if (!people.insert(x.id).second) bad(p.path + "/id", "is used twice");
            x.name = p.at("name").text(limits::display_name_chars);
            x.role_ = p.at("role").word(role_from_string);
            x.joined_at = p.at("joined_at").time();
            x.removed = p.at("removed").boolean();
            out.state.participants.push_back(std::move(x));
        }
        bool facilitator = false;
        for (const auto& p : out.state.participants) facilitator = facilitator || p.role_ == role::facilitator;
        // A session deleted with its trial actions kept has nobody left.
        if (out.state.info.deleted_at && !out.state.participants.empty())
            bad(n.path, "a session deleted with its trial actions kept has no participants");
        if (!facilitator && !out.state.info.deleted_at) bad(n.path, "has no facilitator");
    }

    void invitations(const node& n) {
        const std::size_t count = n.size(limits::participants_per_session);
        for (std::size_t k = 0; k < count; ++k) {
            const node i = n.at(k);
            invite x;
            x.for_role = i.at("role").word(role_from_string);
            if (x.for_role == role::citizen || x.for_role == role::facilitator)
                bad(i.path + "/role", "is not a role one is invited to");
            x.active = i.at("active").boolean();
            x.created_at = i.at("created_at").time();
            out.state.invites.push_back(std::move(x));
        }
    }

    // A participant named by what someone made or gave: one of the session's, or 0 where allowed.
    participant_id person(const node& n, bool zero_allowed) {
        const participant_id id = n.integer(0);
        if (id == 0 && zero_allowed) return 0;
        if (!people.contains(id)) bad(n.path, "names no participant of the session");
        return id;
    }

    void board(const node& n) {
        board_state& b = out.state.board;
        const node cols = n.at("columns");
        const std::size_t nc = cols.size(limits::columns_per_session);
        if (nc == 0) bad(cols.path, "must hold a column");
        std::set<column_id> column_ids;
        for (std::size_t k = 0; k < nc; ++k) {
            const node c = cols.at(k);
            column x{c.at("id").integer(1), c.at("title").text(limits::column_title_chars)};
            if (!column_ids.insert(x.id).second) bad(c.path + "/id", "is used twice");
            b.columns.push_back(std::move(x));
        }
        b.last_column_id = n.at("last_column_id").integer(0);
        if (b.last_column_id < *column_ids.rbegin()) bad(n.path + "/last_column_id", "is below a column's id");
        const node cls = n.at("clusters");
        const std::size_t ncl = cls.size(limits::clusters_per_session);
        std::set<cluster_id> cluster_ids;
        for (std::size_t k = 0; k < ncl; ++k) {
            const node c = cls.at(k);
            cluster x{c.at("id").integer(1), c.at("column").integer(0), c.at("name").text(limits::cluster_name_chars)};
            if (!cluster_ids.insert(x.id).second) bad(c.path + "/id", "is used twice");
            if (!column_ids.contains(x.column)) bad(c.path + "/column", "names no column of the board");
            b.clusters.push_back(std::move(x));
        }
        b.last_cluster_id = n.at("last_cluster_id").integer(0);
        if (!cluster_ids.empty() && b.last_cluster_id < *cluster_ids.rbegin())
            bad(n.path + "/last_cluster_id", "is below a cluster's id");
        const node is = n.at("ideas");
        const std::size_t ni = is.size(limits::ideas_per_session);
        const bool anonymous = out.state.controls.options.anonymity_ == anonymity::anonymous;
        for (std::size_t k = 0; k < ni; ++k) {
            const node i = is.at(k);
            idea x;
            x.id = i.at("id").integer(1);
            if (!ideas.insert(x.id).second) bad(i.path + "/id", "is used twice");
            x.column = i.at("column").integer(0);
            x.group = i.at("cluster").integer(0);
            x.rank = i.at("rank").integer(INT64_MIN);
            x.text = i.at("text").text(limits::idea_text_chars);
            if (anonymous && i.has("author")) bad(i.path + "/author", "an anonymous session's archive names no author");
            if (!anonymous) x.author = person(i.at("author"), true);
            x.version = i.at("version").integer(1);
            x.text_version = i.at("text_version").integer(1, x.version);
            x.place_version = i.at("place_version").integer(1, x.version);
            x.created_at = i.at("created_at").time();
            x.updated_at = i.at("updated_at").time();
            x.is_private = i.at("private").boolean();
            x.moderated = i.at("moderated").boolean();
            x.fate_ = i.at("fate").word(fate_from_string);
            x.fate_reason = i.at("fate_reason").text(limits::reason_chars, true);
            x.merged_into = i.at("merged_into").integer(0);
            x.trial = i.at("trial").integer(0);
            if (x.fate_ != fate::merged && !column_ids.contains(x.column))
                bad(i.path + "/column", "names no column of the board");
            if (x.group != 0 && !cluster_ids.contains(x.group)) bad(i.path + "/cluster", "names no cluster");
            b.ideas.push_back(std::move(x));
        }
        b.last_idea_id = n.at("last_idea_id").integer(0);
        if (!ideas.empty() && b.last_idea_id < *ideas.rbegin()) bad(n.path + "/last_idea_id", "is below an idea's id");
        for (std::size_t k = 0; k < b.ideas.size(); ++k) {
            const idea& x = b.ideas[k];
            const std::string at = is.path + "/" + std::to_string(k);
            if (x.fate_ == fate::merged && (x.merged_into == x.id || !ideas.contains(x.merged_into)))
                bad(at + "/merged_into", "names no other idea");
        }
    }

    void check_target(const node& on, const node& target, target_kind& kind, std::int64_t& id) {
        kind = on.word(target_kind_from_string);
        id = target.integer(1);
        if (kind == target_kind::idea ? !ideas.contains(id) : !trials.contains(id))
            bad(target.path, "names nothing in the session");
    }

    void votes(const node& n) {
        const bool anonymous = out.state.controls.options.anonymity_ == anonymity::anonymous;
        const std::size_t count = n.size(static_cast<std::size_t>(limits::participants_per_session) * static_cast<std::size_t>(limits::max_vote_budget));
        for (std::size_t k = 0; k < count; ++k) {
            const node v = n.at(k);
            if (anonymous && v.has("voter")) bad(v.path + "/voter", "an anonymous session's archive names no voter");
            const participant_id voter = anonymous ? 0 : person(v.at("voter"), false);
            const idea_id id = v.at("idea").integer(1);
            if (!ideas.contains(id)) bad(v.path + "/idea", "names no idea of the board");
            const std::int64_t dots = v.at("dots").integer(1);
            auto& slot = out.state.votes[voter][id];
            if (slot != 0) bad(v.path, "gives dots to the same idea twice");
            slot = dots;
        }
    }

    void trial_list(const node& n) {
        const bool anonymous = out.state.controls.options.anonymity_ == anonymity::anonymous;
        const std::size_t count = n.size(limits::trials_per_session);
        for (std::size_t k = 0; k < count; ++k) {
            const node t = n.at(k);
            trial_action x;
            x.id = t.at("id").integer(1);
            if (!trials.insert(x.id).second) bad(t.path + "/id", "is used twice");
            x.title = t.at("title").text(limits::trial_title_chars);
            x.what = t.at("what").text(limits::trial_text_chars, true);
            x.we_believe = t.at("we_believe").text(limits::trial_text_chars, true);
            x.we_know_when = t.at("we_know_when").text(limits::trial_text_chars, true);
            const node owners = t.at("owners");
            const std::size_t no = owners.size(limits::owners_per_trial);
            for (std::size_t o = 0; o < no; ++o) {
                const node ow = owners.at(o);
                x.owners.push_back(owner{person(ow.at("id"), true), ow.at("name").text(limits::display_name_chars)});
            }
            x.start_date = date(t.at("start_date"));
            x.review_date = date(t.at("review_date"));
            x.status = t.at("status").word(trial_status_from_string);
            x.result = t.at("outcome").word(outcome_from_string);
            const node from = t.at("from_ideas");
            const std::size_t nf = from.size(limits::ideas_per_command);
            for (std::size_t f = 0; f < nf; ++f) {
                const node id = from.at(f);
                if (!ideas.contains(id.integer(1))) bad(id.path, "names no idea of the board");
                x.from_ideas.push_back(id.integer(1));
            }
            const node ls = t.at("learnings");
            const std::size_t nl = ls.size(limits::learnings_per_trial);
            for (std::size_t l = 0; l < nl; ++l) x.learnings.push_back(learning_of(ls.at(l)));
            const node ms = t.at("review_moves");
            const std::size_t nm = ms.size(limits::review_moves_per_trial);
            for (std::size_t m = 0; m < nm; ++m) {
                const node mv = ms.at(m);
                review_move r;
                r.from = date(mv.at("from"));
                r.to = date(mv.at("to"));
                r.reason = mv.at("reason").text(limits::review_move_reason_chars, true);
                r.by = person(mv.at("by"), true);
                r.by_name = mv.at("by_name").text(limits::display_name_chars, true);
                r.at = mv.at("at").time();
                x.review_moves.push_back(std::move(r));
            }
            x.spread = t.at("spread").boolean();
            x.version = t.at("version").integer(1);
            const node fields = t.at("field_versions");
            if (!fields.j.is_object() || fields.j.size() > 32) bad(fields.path, "must be an object of versions");
            for (const auto& [name, v] : fields.j.items()) {
                const node fv{v, fields.path + "/" + name};
                if (name.empty() || name.size() > 32) bad(fv.path, "names no field");
                x.field_versions[name] = fv.integer(1, x.version);
            }
            if (anonymous && t.has("created_by"))
                bad(t.path + "/created_by", "an anonymous session's archive names no author");
            if (!anonymous) x.created_by = person(t.at("created_by"), true);
            x.created_at = t.at("created_at").time();
            x.updated_at = t.at("updated_at").time();
            x.origin_session = session_ref(t.at("origin_session"));
            x.origin_trial = t.at("origin_trial").integer(0);
            out.state.trials.push_back(std::move(x));
        }
    }

    learning learning_of(const node& n) {
        learning l;
        l.id = n.at("id").integer(1);
        l.at = n.at("at").time();
        l.by = person(n.at("by"), true);
        l.by_name = n.at("by_name").text(limits::display_name_chars, true);
        l.text = n.at("text").text(limits::learning_chars, true);
        if (n.has("check_in")) {
            const node c = n.at("check_in");
            check_in ci;
            ci.what_happened = c.at("what_happened").text(limits::check_in_text_chars, true);
            const node ev = c.at("evidence");
            ci.shown.is = ev.at("kind").word(evidence_kind_from_string);
            if (ci.shown.is == evidence::kind::measure) {
                ci.shown.value = ev.at("value").number();
                ci.shown.unit = ev.at("unit").text(limits::evidence_unit_chars, true);
            } else if (ci.shown.is == evidence::kind::note) {
                ci.shown.note = ev.at("note").text(limits::check_in_text_chars, true);
            }
            ci.proposed = c.at("proposal").word(proposal_from_string);
            l.checked_in = std::move(ci);
        }
        return l;
    }

    void discussion(const node& root) {
        const bool anonymous = out.state.controls.options.anonymity_ == anonymity::anonymous;
        const node n = root.at("comments");
        const std::size_t count = n.size(limits::comments_per_session);
        std::set<comment_id> ids;
        for (std::size_t k = 0; k < count; ++k) {
            const node c = n.at(k);
            comment x;
            x.id = c.at("id").integer(1);
            if (!ids.insert(x.id).second) bad(c.path + "/id", "is used twice");
            check_target(c.at("on"), c.at("target"), x.on, x.target);
            if (anonymous && c.has("author")) bad(c.path + "/author", "an anonymous session's archive names no author");
            if (!anonymous) x.author = person(c.at("author"), true);
            x.text = c.at("text").text(limits::comment_chars);
            x.created_at = c.at("created_at").time();
            x.moderated = c.at("moderated").boolean();
            out.state.comments.push_back(std::move(x));
        }
        out.state.last_comment_id = root.at("last_comment_id").integer(0);
        if (!ids.empty() && out.state.last_comment_id < *ids.rbegin())
            bad(root.path + "/last_comment_id", "is below a comment's id");
        const node rs = root.at("reactions");
        const std::size_t nr = rs.size(limits::comments_per_session);
        for (std::size_t k = 0; k < nr; ++k) {
            const node r = rs.at(k);
            target_key key;
            check_target(r.at("on"), r.at("target"), key.first, key.second);
            const reaction kind = r.at("reaction").word(reaction_from_string);
            auto& who = out.state.reactions[key].given[kind];
            if (!who.empty()) bad(r.path, "repeats a reaction on the same target");
            const std::int64_t n_given = r.at("count").integer(1, limits::participants_per_session);
            if (anonymous) {
                if (r.has("by")) bad(r.path + "/by", "an anonymous session's archive names nobody who reacted");
                for (std::int64_t g = 1; g <= n_given; ++g) who.insert(-g);  // nobody's
                continue;
            }
            const node by = r.at("by");
            const std::size_t nb = by.size(limits::participants_per_session);
            for (std::size_t g = 0; g < nb; ++g)
                if (!who.insert(person(by.at(g), false)).second) bad(by.at(g).path, "is there twice");
            if (static_cast<std::int64_t>(who.size()) != n_given) bad(r.path + "/count", "is not the number in by");
        }
    }

    void decisions(const node& n) {
        const std::size_t count = n.size(limits::decisions_per_session);
        std::set<decision_id> ids;
        for (std::size_t k = 0; k < count; ++k) {
            const node d = n.at(k);
            decision x;
            x.id = d.at("id").integer(1);
            if (!ids.insert(x.id).second) bad(d.path + "/id", "is used twice");
            check_target(d.at("on"), d.at("target"), x.on, x.target);
            x.kind = d.at("kind").word(decision_kind_from_string);
            x.note = d.at("note").text(limits::decision_note_chars, true);
            x.by = person(d.at("by"), true);
            x.by_name = d.at("by_name").text(limits::display_name_chars, true);
            x.at = d.at("at").time();
            out.state.decisions.push_back(std::move(x));
        }
    }

    void history(const node& n) {
        const bool anonymous = out.state.controls.options.anonymity_ == anonymity::anonymous;
        const std::size_t count = n.size(static_cast<std::size_t>(INT32_MAX));
        seq_t last = 0;
        for (std::size_t k = 0; k < count; ++k) {
            const node c = n.at(k);
            archive_change x;
            x.seq = c.at("seq").integer(1);
            if (x.seq <= last) bad(c.path + "/seq", "does not follow the change before");
            last = x.seq;
            x.at = c.at("at").time();
            if (anonymous && c.has("by")) bad(c.path + "/by", "an anonymous session's archive names nobody's changes");
            if (!anonymous) x.by = person(c.at("by"), true);
            const std::string& action = c.at("action").string();
            if (action.size() > 64 || action.find_first_not_of("abcdefghijklmnopqrstuvwxyz._") != std::string::npos)
                bad(c.path + "/action", "names no command");
            x.action = action;
            const node e = c.at("event");
            if (!e.j.is_object() || !e.j.contains("type") || !e.j["type"].is_string())
                bad(e.path, "must be an event: an object with a type");
            x.event = e.j.dump(-1, ' ', false, json::error_handler_t::strict);
            out.history.push_back(std::move(x));
        }
        if (last != out.state.seq) bad(n.path, "does not end at the session's seq");
    }

    void trial_ids(const node& root) {
        out.state.last_trial_id = root.at("last_trial_id").integer(0);
        if (!trials.empty() && out.state.last_trial_id < *trials.rbegin())
            bad(root.path + "/last_trial_id", "is below a trial action's id");
        // Ideas that became trial actions name them.
        for (std::size_t k = 0; k < out.state.board.ideas.size(); ++k) {
            const idea& x = out.state.board.ideas[k];
            if (x.trial != 0 && !trials.contains(x.trial))
                bad("/board/ideas/" + std::to_string(k) + "/trial", "names no trial action");
        }
    }

    void document(const json& j) {
        const node root{j, ""};
        if (!j.is_object()) bad("", "must be an object");
        const node format = root.at("format");
        if (!format.j.is_string() || format.string() != archive_format)
            refuse(errc::unsupported_protocol, "/format", "this is not a Samskab session archive");
        const node version = root.at("version");
        if (!version.j.is_number_integer() || version.j.get<std::int64_t>() != archive_version)
            refuse(errc::unsupported_protocol, "/version",
                   "this server reads session archives of version " + std::to_string(archive_version));
        session(root.at("session"));
        controls(root.at("controls"));
        participants(root.at("participants"));
        invitations(root.at("invitations"));
        board(root.at("board"));
        // Trial actions before what refers to them (comments, reactions and decisions on them).
        trial_list(root.at("trial_actions"));
        trial_ids(root);
        votes(root.at("votes"));
        discussion(root);
        decisions(root.at("decisions"));
        history(root.at("history"));
        if (root.has("origin")) origin(root.at("origin"));
    }

    // The snapshots the session began with (optional: sessions made before they were kept
    // have none), each a `snapshot` message at seq 0 with a session object.
    void origin(const node& n) {
        archive_origin o;
        for (auto [key, text] : {std::pair{"others", &o.others}, std::pair{"facilitators", &o.facilitators}}) {
            const node s = n.at(key);
            if (!s.j.is_object() || s.j.value("type", json()) != "snapshot" || s.j.value("seq", json()) != 0 ||
                !s.j.contains("session") || !s.j["session"].is_object())
                bad(s.path, "must be the snapshot a session began with: type snapshot, seq 0, a session");
            *text = s.j.dump(-1, ' ', false, json::error_handler_t::strict);
        }
        out.origin = std::move(o);
    }
};

}  // namespace

result<session_archive> decode_archive(std::string_view text) {
    if (text.size() > max_archive_bytes) {
        error e = error::make(errc::too_long, "a session archive is at most " + std::to_string(max_archive_bytes) + " bytes");
        e.limit = static_cast<std::int64_t>(max_archive_bytes);
        return e;
    }
    if (!within_depth(text, max_json_depth)) return error::make(errc::too_deep, "the archive is nested too deeply");
    json j = json::parse(text, nullptr, false);
    if (j.is_discarded()) return error::make(errc::bad_json, "the archive is not JSON, or it is cut short");
    decoder d;
    try {
        d.document(j);
    } catch (const refusal& r) {
        return r.e;
    } catch (const std::exception&) {
        return error::make(errc::invalid_field, "the archive holds a value this server cannot read");
    }
    return std::move(d.out);
}

}  // namespace samskab::protocol
