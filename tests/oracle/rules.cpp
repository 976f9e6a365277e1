// "Who sees what", as the oracle's predicate (see rules.hpp).
//
// PROTOCOL.md's rules, and how each is checked on the raw bytes of one message:
//
//   rule             PROTOCOL.md                                     checked by
//   ---------------  ----------------------------------------------  ---------------------------------
//   token            a participant's token is theirs alone            the token, as a substring
//   invite-token     invitation tokens: the facilitators only         the token, as a substring
//   private-text     a private idea: its author only, not even        its unique marker, as a substring
//                    the facilitators
//   hidden-text      a hidden idea: its author and the facilitators   its marker
//   deleted-text     a deleted idea: nobody, in anything sent after   its marker
//                    the deletion (a replay is "the version now")
//   old-text         an idea's text before an edit: nobody, after     the old text's marker
//                    the edit
//   hidden-comment,  a comment: those who may see what it is on;      its marker
//   comment-scope,   while hidden, only its author and the
//   deleted-comment  facilitators; nobody once deleted (with its
//                    idea, trial action, or by comment.delete)
//   name             names in presence: named, everyone; else the     the name's marker
//                    facilitators only; owners, learnings and
//                    decisions are always named
//   author           who wrote an idea or comment: named, everyone;   an object with "text" holding an
//                    hidden_from_participants, the author and the     idea's or comment's marker and a
//                    facilitators; anonymous, the author only         non-null "author", or "mine": true
//   private-id       a private idea reaches its author only: so       idea ids in "reranked", "ideas",
//                    does its id, in any list                         "from_ideas", "absorbed", "into",
//                                                                     "merged_into", and the "id" of
//                                                                     "idea.*" events
//   screen-focus     the big screen's focus names only an idea         "screen": {"kind": "idea", "id"}
//                    everyone sees, and none once it leaves their       in controls, live (the audit log's
//                    view                                               history may name it)
//   reaction-scope   reactions on an idea: those who may see it       an object with "target_kind":
//                                                                     "idea" and "counts"
//   votes            a participant's dots: that participant only      "vote.updated" to anyone but the
//                                                                     voter of its seq; a "mine" map
//                                                                     naming ideas the recipient never
//                                                                     gave dots
//   results-group    "nobody is ever told who voted for what": no     "voters" of a results object: each
//                    group of fewer than max(2, fold_threshold)       group at least max(2, threshold)
//                    voters, never a group of one                     ("others" alone may be smaller:
//                                                                     it then only repeats the totals)
//   audit-votes      the audit log holds no votes                     entries with action "vote.set"
//   audit-author     the audit log follows the anonymity too          an entry whose actor is thereby
//                                                                     known to have written an idea or
//                                                                     comment (added it, or, as a member,
//                                                                     edited, moved or deleted it)
//   error-identity   an id the sender may not see gets the error      judge_twin
//                    of an id that does not exist
//
// Texts and names are found by their markers, tokens as substrings, in the raw bytes:
// those rules hold whatever the format of the message. The structural rules read the
// JSON, by the field names above.
//
// The audit log is the record of past actions, "the event as the facilitators received
// it": a facilitator reading it may see the texts ideas had then (old, or since deleted,
// ideas and comments), but never what was private, nor who wrote what beyond the
// anonymity the session had then (the server lets the anonymity change once all that
// was written is deleted), nor votes.
#include "oracle/rules.hpp"

#include <algorithm>

namespace samskab::oracle {

using nlohmann::json;

bool sees_idea(const state& s, const recipient& to, item_id id) {
    auto it = s.ideas.find(id);
    if (it == s.ideas.end() || it->second.deleted) return false;
    const idea_truth& i = it->second;
    if (i.author == to.id) return true;
    if (i.is_private) return false;
    return !i.moderated || facilitates(to.r);
}

bool sees_comment(const state& s, const recipient& to, item_id id) {
    auto it = s.comments.find(id);
    if (it == s.comments.end() || it->second.deleted) return false;
    const comment_truth& c = it->second;
    const bool target = c.on_idea ? sees_idea(s, to, c.target) : s.trials.count(c.target) > 0;
    if (!target) return false;
    return c.author == to.id || !c.moderated || facilitates(to.r);
}

bool sees_author(anonymity a, const recipient& to, person_id author) {
    if (author == to.id) return true;
    switch (a) {
    case anonymity::named: return true;
    case anonymity::hidden_from_participants: return facilitates(to.r);
    case anonymity::anonymous: return false;
    }
    return false;
}

bool sees_name(const state& s, const recipient& to, person_id p) {
    return p == to.id || s.anon == anonymity::named || facilitates(to.r) || s.named_openly.count(p) > 0;
}

bool private_to_others(const state& s, const recipient& to, item_id id) {
    auto it = s.ideas.find(id);
    return it != s.ideas.end() && it->second.is_private && it->second.author != to.id;
}

namespace {

std::string who(const registry& reg, person_id id) {
    const person* p = reg.find(id);
    return "participant " + std::to_string(id) + (p ? " (" + to_string(p->r) + ")" : "");
}

std::string idea_state(const idea_truth& i) {
    if (i.deleted) return i.is_private ? "deleted (and was private)" : "deleted";
    if (i.is_private) return "private";
    return i.moderated ? "hidden" : "visible";
}

// Tokens, as substrings: a participant's reaches only them, invitations only the
// facilitators.
std::optional<violation> secrets(const registry& reg, const recipient& to, const std::string& raw) {
    for (const auto& [id, p] : reg.people) {
        if (p.token.empty() || id == to.id) continue;
        if (auto at = raw.find(p.token); at != std::string::npos)
            return violation{"token", "the token of " + who(reg, id), at};
    }
    if (facilitates(to.r)) return std::nullopt;
    for (const auto& [token, r] : reg.invites)
        if (auto at = raw.find(token); at != std::string::npos)
            return violation{"invite-token", "the " + to_string(r) + " invitation's token", at};
    return std::nullopt;
}

// Texts and names, by their markers. `history`: the message is the audit log, read by
// a facilitator (see the top of this file).
std::optional<violation> texts(const state& s, const registry& reg, const recipient& to, const std::string& raw,
                               bool history) {
    for (const auto& found : markers_in(raw)) {
        const std::string& m = found.first;  // not a structured binding: lambdas below use it
        const std::size_t at = found.second;
        auto it = reg.markers.find(m);
        if (it == reg.markers.end()) continue;
        const marker_owner& o = it->second;
        switch (o.what) {
        case marker_owner::name:
            if (!sees_name(s, to, o.id))
                return violation{"name", "the name of " + who(reg, o.id) + ", in a " + to_string(s.anon) + " session", at};
            break;
        case marker_owner::idea_text:
        case marker_owner::idea_reason: {
            // A text or reason written after the state judged by is not judged; an earlier
            // text (before an edit) is an old one, an earlier reason is not judged.
            auto idea = s.ideas.find(o.id);
            if (idea == s.ideas.end()) break;
            const idea_truth& i = idea->second;
            const bool reason = o.what == marker_owner::idea_reason;
            const bool current = (reason ? i.reason : i.text).find(m) != std::string::npos;
            const bool old = !reason && std::any_of(i.old_texts.begin(), i.old_texts.end(),
                                                    [&](const std::string& t) { return t.find(m) != std::string::npos; });
            if (!current && !old) break;
            if (history && !private_to_others(s, to, o.id)) break;
            if (!current)
                return violation{"old-text", "a text idea " + std::to_string(o.id) + " had before it was edited", at};
            if (sees_idea(s, to, o.id)) break;
            const std::string rule = i.deleted ? "deleted-text" : i.is_private ? "private-text" : "hidden-text";
            return violation{rule,
                             std::string(reason ? "the park reason" : "the text") + " of idea " + std::to_string(o.id) +
                                 " by " + who(reg, i.author) + ", which is " + idea_state(i),
                             at};
        }
        case marker_owner::comment_text: {
            if (!s.comments.count(o.id)) break;  // written after the state judged by
            if (sees_comment(s, to, o.id)) break;
            const comment_truth& c = s.comments.at(o.id);
            if (history && !(c.on_idea && private_to_others(s, to, c.target))) break;
            const std::string target =
                (c.on_idea ? "idea " : "trial action ") + std::to_string(c.target) +
                (c.on_idea && s.ideas.count(c.target) ? " (" + idea_state(s.ideas.at(c.target)) + ")" : "");
            const std::string rule = c.deleted ? "deleted-comment"
                                     : c.on_idea && !sees_idea(s, to, c.target) ? "comment-scope"
                                                                                : "hidden-comment";
            return violation{rule,
                             "comment " + std::to_string(o.id) + " by " + who(reg, c.author) + " on " + target +
                                 (c.deleted ? ", deleted" : c.moderated ? ", hidden" : ""),
                             at};
        }
        }
    }
    return std::nullopt;
}

// Where a key first appears in the raw message, for the excerpt.
std::size_t offset_of(const std::string& raw, const std::string& key) {
    auto at = raw.find("\"" + key + "\"");
    return at == std::string::npos ? 0 : at;
}

std::optional<std::int64_t> integer(const json& j) {
    if (j.is_number_integer()) return j.get<std::int64_t>();
    return std::nullopt;
}

// The JSON rules, over every object of the message.
class structure {
public:
    structure(const state& s, const registry& reg, const recipient& to, const std::string& raw, bool history)
        : s_(s), reg_(reg), to_(to), raw_(raw), history_(history) {}

    std::optional<violation> walk(const json& j, seq_t own_seq) {
        if (j.is_array()) {
            for (const auto& e : j)
                if (auto v = walk(e, own_seq)) return v;
            return std::nullopt;
        }
        if (!j.is_object()) return std::nullopt;
        // Each event, audit entry or snapshot says as of which seq it speaks.
        if (auto seq = j.find("seq"); seq != j.end() && seq->is_number_integer()) own_seq = seq->get<seq_t>();
        if (auto v = object(j, own_seq)) return v;
        for (const auto& [k, v] : j.items())
            if (auto bad = walk(v, own_seq)) return bad;
        return std::nullopt;
    }

private:
    std::optional<violation> object(const json& o, seq_t own_seq) {
        if (auto v = authorship(o, own_seq)) return v;
        if (auto v = private_ids(o)) return v;
        if (auto v = discussion(o)) return v;
        if (auto v = screen_focus(o)) return v;
        return votes(o, own_seq);
    }

    // The anonymity to judge authors by: the session's, or in the audit log, the one the
    // session had when the entry was made.
    anonymity anonymity_at(seq_t own_seq) const {
        const auto at = static_cast<std::size_t>(own_seq);
        return history_ && own_seq > 0 && at < reg_.anon_at.size() ? reg_.anon_at[at] : s_.anon;
    }

    // An idea or comment object names its author only where the anonymity allows.
    std::optional<violation> authorship(const json& o, seq_t own_seq) {
        auto text = o.find("text");
        if (text == o.end() || !text->is_string()) return std::nullopt;
        for (const auto& [m, at] : markers_in(text->get_ref<const std::string&>())) {
            auto it = reg_.markers.find(m);
            if (it == reg_.markers.end()) continue;
            const marker_owner& mo = it->second;
            person_id author = 0;
            if (mo.what == marker_owner::idea_text && s_.ideas.count(mo.id))
                author = s_.ideas.at(mo.id).author;
            else if (mo.what == marker_owner::comment_text && s_.comments.count(mo.id))
                author = s_.comments.at(mo.id).author;
            else
                continue;
            const std::string what = (mo.what == marker_owner::comment_text ? "comment " : "idea ") + std::to_string(mo.id);
            auto a = o.find("author");
            const anonymity mode = anonymity_at(own_seq);
            if (a != o.end() && !a->is_null() && !sees_author(mode, to_, author))
                return violation{"author", what + " names its author, " + who(reg_, author) + ", in a " +
                                               to_string(mode) + " session",
                                 offset_of(raw_, "author")};
            auto mine = o.find("mine");
            if (mine != o.end() && mine->is_boolean() && mine->get<bool>() && author != to_.id)
                return violation{"author", what + " is marked \"mine\" for someone who did not write it",
                                 offset_of(raw_, "mine")};
        }
        return std::nullopt;
    }

    std::optional<violation> private_id(std::optional<std::int64_t> id, const std::string& where) {
        if (!id || !private_to_others(s_, to_, *id)) return std::nullopt;
        // For the excerpt: the first place the key is followed closely by the id.
        std::size_t at = offset_of(raw_, where);
        const std::string n = std::to_string(*id);
        for (std::size_t k = raw_.find("\"" + where + "\""); k != std::string::npos; k = raw_.find("\"" + where + "\"", k + 1)) {
            const std::string near = raw_.substr(k, 3000);
            if (near.find("[" + n + ",") != std::string::npos || near.find("\"id\":" + n + ",") != std::string::npos ||
                near.find(":" + n + ",") != std::string::npos || near.find("," + n + "]") != std::string::npos) {
                at = k;
                break;
            }
        }
        return violation{"private-id",
                         "id " + n + " in \"" + where + "\" is a private idea of " + who(reg_, s_.ideas.at(*id).author), at};
    }

    // Ids of ideas: a private one reaches its author only.
    std::optional<violation> private_ids(const json& o) {
        for (const char* key : {"reranked", "from_ideas", "absorbed", "ideas", "into", "merged_into"}) {
            auto it = o.find(key);
            if (it == o.end()) continue;
            const json& v = *it;
            auto one = [&](const json& e) -> std::optional<violation> {
                if (e.is_array() && !e.empty()) return private_id(integer(e[0]), key);  // [id, rank]
                if (e.is_object() && e.contains("id")) return private_id(integer(e["id"]), key);
                return private_id(integer(e), key);
            };
            if (v.is_array()) {
                for (const auto& e : v)
                    if (auto bad = one(e)) return bad;
            } else if (auto bad = one(v)) {
                return bad;
            }
        }
        auto type = o.find("type");
        if (type != o.end() && type->is_string() && type->get_ref<const std::string&>().rfind("idea.", 0) == 0 &&
            o.contains("id"))
            return private_id(integer(o["id"]), type->get<std::string>());
        return std::nullopt;
    }

    // The big screen shows its focus to the whole room: an idea everyone sees, at the time
    // of the message (the server clears it in the change that takes the idea from view).
    std::optional<violation> screen_focus(const json& o) {
        auto screen = o.find("screen");
        if (history_ || screen == o.end() || !screen->is_object() || screen->value("kind", "") != "idea")
            return std::nullopt;
        auto id = integer((*screen)["id"]);
        if (!id) return std::nullopt;
        for (const auto& [pid, p] : reg_.people) {
            if (sees_idea(s_, recipient{pid, p.r}, *id)) continue;
            const auto it = s_.ideas.find(*id);
            return violation{"screen-focus",
                             "the big screen's focus on idea " + std::to_string(*id) +
                                 (it == s_.ideas.end() ? ", which does not exist" : ", which is " + idea_state(it->second)) +
                                 ", not seen by " + who(reg_, pid),
                             offset_of(raw_, "screen")};
        }
        return std::nullopt;
    }

    // Reactions on an idea reach only those who may see it (comments: by their text).
    std::optional<violation> discussion(const json& o) {
        auto kind = o.find("target_kind");
        if (kind == o.end() || *kind != "idea" || !o.contains("counts")) return std::nullopt;
        auto target = integer(o["target_id"]);
        if (!target) return std::nullopt;
        if (sees_idea(s_, to_, *target) || (history_ && !private_to_others(s_, to_, *target))) return std::nullopt;
        const auto it = s_.ideas.find(*target);
        return violation{"reaction-scope",
                         "reactions on idea " + std::to_string(*target) +
                             (it == s_.ideas.end() ? "" : ", which is " + idea_state(it->second)),
                         offset_of(raw_, "counts")};
    }

    std::optional<violation> votes(const json& o, seq_t own_seq) {
        auto type = o.find("type");
        if (type != o.end() && *type == "vote.updated") {
            auto it = reg_.voter_of.find(own_seq);
            if (it == reg_.voter_of.end() || it->second != to_.id)
                return violation{"votes",
                                 "vote.updated of seq " + std::to_string(own_seq) + ", the dots of " +
                                     (it == reg_.voter_of.end() ? std::string("nobody known") : who(reg_, it->second)),
                                 offset_of(raw_, "mine")};
        }
        if (auto mine = o.find("mine"); mine != o.end() && mine->is_object()) {
            auto given = s_.voted.find(to_.id);
            for (const auto& [k, dots] : mine->items()) {
                const bool own = given != s_.voted.end() && given->second.count(std::atoll(k.c_str())) > 0;
                if (!own)
                    return violation{"votes", "\"mine\" names idea " + k + ", which the recipient never gave dots",
                                     offset_of(raw_, "mine")};
            }
        }
        auto groups = o.find("groups");
        auto voters = o.find("voters");
        if (groups != o.end() && groups->is_array() && voters != o.end() && voters->is_object()) {
            const auto at = static_cast<std::size_t>(own_seq > 0 ? own_seq : s_.seq);
            const std::int64_t fold = at < reg_.fold_at.size() ? reg_.fold_at[at] : s_.fold_threshold;
            const std::int64_t least = std::max<std::int64_t>(2, fold);
            for (const auto& [g, n] : voters->items()) {
                if (!n.is_number_integer() || n.get<std::int64_t>() >= least) continue;
                if (g == "others" && voters->size() == 1) continue;  // only repeats the totals
                return violation{"results-group",
                                 "the results show group \"" + g + "\" of " + std::to_string(n.get<std::int64_t>()) +
                                     " voter(s); the fold threshold is " + std::to_string(fold),
                                 offset_of(raw_, "voters")};
            }
        }
        return std::nullopt;
    }

    const state& s_;
    const registry& reg_;
    const recipient& to_;
    const std::string& raw_;
    const bool history_;
};

// The audit log: no votes, and no entry that tells who wrote what beyond the anonymity.
std::optional<violation> audit_log(const state& s, const registry& reg, const recipient& to, const json& j,
                                   const std::string& raw) {
    auto entries = j.find("entries");
    if (entries == j.end() || !entries->is_array()) return std::nullopt;
    for (const auto& e : *entries) {
        if (!e.is_object()) continue;
        const auto seq = integer(e.value("seq", json()));
        const std::string at_seq = seq ? " (seq " + std::to_string(*seq) + ")" : "";
        const json event = e.value("event", json());
        const std::string event_type = event.is_object() ? event.value("type", "") : "";
        if (e.value("action", json()) == "vote.set" || event_type == "vote.updated" || event_type == "votes.progress")
            return violation{"audit-votes", "an entry for a vote" + at_seq, raw.find("vote")};
        const json actor = e.value("actor", json());
        if (!seq || !actor.is_object()) continue;
        const auto actor_id = integer(actor.value("id", json()));
        auto it = reg.authorship_of.find(*seq);
        const auto k = static_cast<std::size_t>(*seq);
        const anonymity mode = k < reg.anon_at.size() ? reg.anon_at[k] : s.anon;
        if (actor_id && it != reg.authorship_of.end() && it->second == *actor_id && !sees_author(mode, to, *actor_id))
            return violation{"audit-author",
                             "the entry" + at_seq + " for " + e.value("action", std::string("?")) +
                                 " shows that its author is " + who(reg, *actor_id) + ", in a " + to_string(mode) +
                                 " session",
                             raw.find("\"seq\":" + std::to_string(*seq))};
    }
    return std::nullopt;
}

}  // namespace

std::optional<violation> judge(const state& s, const registry& reg, const recipient& to, const std::string& raw,
                               seq_t own_seq) {
    if (auto v = secrets(reg, to, raw)) return v;
    const json j = json::parse(raw, nullptr, false);
    const bool audit = j.is_object() && j.value("type", json()) == "audit";
    const bool history = audit && facilitates(to.r);
    if (auto v = texts(s, reg, to, raw, history)) return v;
    if (j.is_discarded()) return std::nullopt;
    if (auto v = structure(s, reg, to, raw, history).walk(j, own_seq)) return v;
    if (audit)
        if (auto v = audit_log(s, reg, to, j, raw)) return v;
    return std::nullopt;
}

std::optional<violation> judge_twin(const json& answer, const json& twin_answer) {
    auto code = [](const json& a) { return a.value("type", json()) == "ack" ? std::string("ack") : a.value("code", std::string("?")); };
    if (code(answer) == "rate_limited" || code(twin_answer) == "rate_limited") return std::nullopt;
    json a = answer, b = twin_answer;
    a.erase("ref");
    b.erase("ref");
    if (code(answer) == "ack" && code(twin_answer) == "ack") return std::nullopt;
    if (a == b) return std::nullopt;
    return violation{"error-identity",
                     "answered " + code(answer) + " (" + answer.dump().substr(0, 200) + ") where an id that never existed gets " +
                         code(twin_answer) + " (" + twin_answer.dump().substr(0, 200) + ")",
                     0};
}

}  // namespace samskab::oracle
