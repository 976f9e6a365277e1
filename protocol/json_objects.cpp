// JSON objects per recipient (see json_objects.hpp).
#include "protocol/json_objects.hpp"

#include "protocol/time_format.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace samskab::protocol::objects {

using namespace samskab::domain;

namespace {

std::string nlohmann_dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

// Whether s is well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates, at most
// U+10FFFF).
bool valid_utf8(std::string_view s) {
    for (std::size_t k = 0; k < s.size();) {
        const auto c = static_cast<unsigned char>(s[k]);
        std::size_t n = 0;
        std::uint32_t cp = 0;
        if (c < 0x80) n = 1, cp = c;
        else if ((c & 0xe0) == 0xc0) n = 2, cp = c & 0x1fu;
        else if ((c & 0xf0) == 0xe0) n = 3, cp = c & 0x0fu;
        else if ((c & 0xf8) == 0xf0) n = 4, cp = c & 0x07u;
        else return false;
        if (k + n > s.size()) return false;
        for (std::size_t m = 1; m < n; ++m) {
            const auto d = static_cast<unsigned char>(s[k + m]);
            if ((d & 0xc0) != 0x80) return false;
            cp = (cp << 6) | (d & 0x3fu);
        }
        static constexpr std::uint32_t least[] = {0, 0, 0x80, 0x800, 0x10000};
        if (cp < least[n] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
        k += n;
    }
    return true;
}

void write_string(std::string_view s, std::string& out) {
    bool ascii = true;
    for (const char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        // What JSON must escape: the rare case, left to nlohmann.
        if (c < 0x20 || c == '"' || c == '\\') return out.append(nlohmann_dump(json(s))), void();
        ascii = ascii && c < 0x80;
    }
    if (!ascii && !valid_utf8(s)) return out.append(nlohmann_dump(json(s))), void();  // replaced there
    out.push_back('"');
    out.append(s);
    out.push_back('"');
}

// nlohmann's serializer, for the value types the encoder uses, without its check of
// every byte of every string against a UTF-8 decoder: a string with nothing to escape
// is copied as it is. The same text as nlohmann's, at a third of the cost.
void write(const json& j, std::string& out) {
    switch (j.type()) {
    case json::value_t::object: {
        out.push_back('{');
        bool first = true;
        for (const auto& [key, value] : j.get_ref<const json::object_t&>()) {
            if (!first) out.push_back(',');
            first = false;
            write_string(key, out);
            out.push_back(':');
            write(value, out);
        }
        out.push_back('}');
        return;
    }
    case json::value_t::array: {
        out.push_back('[');
        bool first = true;
        for (const auto& value : j.get_ref<const json::array_t&>()) {
            if (!first) out.push_back(',');
            first = false;
            write(value, out);
        }
        out.push_back(']');
        return;
    }
    case json::value_t::string: return write_string(j.get_ref<const std::string&>(), out);
    case json::value_t::boolean: return out.append(j.get<bool>() ? "true" : "false"), void();
    case json::value_t::null: return out.append("null"), void();
    case json::value_t::number_integer: return out.append(std::to_string(j.get<std::int64_t>())), void();
    case json::value_t::number_unsigned: return out.append(std::to_string(j.get<std::uint64_t>())), void();
    default: return out.append(nlohmann_dump(j)), void();  // floats, binary: nlohmann's own form
    }
}

}  // namespace

std::string dump(const json& j) {
    std::string out;
    out.reserve(512);
    write(j, out);
    return out;
}

json session(const session_info& s) {
    json out{{"id", s.id},
             {"code", s.code},
             {"title", s.title},
             {"question", s.question},
             {"status", to_string(s.status)},
             {"created_at", format_time(s.created_at)},
             {"template", to_string(s.template_)},
             {"follow_up_of", s.follow_up_of},
             {"workspace", s.workspace_id}};
    if (s.deleted_at) out["deleted_at"] = format_time(*s.deleted_at);  // only its trial actions are left
    return out;
}

namespace {

json screen_json(const screen_focus& s) {
    if (s.kind == screen_kind::idea || s.kind == screen_kind::cluster) return json{{"kind", to_string(s.kind)}, {"id", s.id}};
    return json{{"kind", to_string(s.kind)}};
}

}  // namespace

json settings(const domain::settings& s) {
    return json{{"anonymity", to_string(s.anonymity_)},   {"private_writing", s.private_writing},
                {"late_ideas", s.late_ideas},             {"vote_budget", s.vote_budget},
                {"vote_cap", s.vote_cap},                 {"fold_threshold", s.fold_threshold},
                {"join_by_code", s.join_by_code},         {"idea_quota", s.idea_quota}};
}

json controls(const workshop& w) {
    const facilitation& f = w.controls();
    const domain::settings& s = f.options;
    json phases = json::array();
    for (phase p : phases_of(w.info().template_)) phases.push_back(to_string(p));
    return json{{"phase", to_string(f.current)},
                {"phases", std::move(phases)},
                {"settings", settings(s)},
                {"timer", json{{"state", to_string(f.timer.state)},
                               {"duration_ms", f.timer.duration_ms},
                               {"ends_at", format_time(f.timer.ends_at)},
                               {"remaining_ms", f.timer.remaining_ms}}},
                {"locked", f.locked},
                {"votes_revealed", f.votes_revealed},
                {"focus", f.focus},
                {"screen", screen_json(f.screen)},
                {"phase_started_at", format_time(f.phase_started_at)}};
}

json person(const workshop& w, participant_id id) {
    const participant* p = w.people().find(id);
    if (!p) return object_builder(3).add("id", id).add("name", "").add("role", "citizen").done();
    return object_builder(3).add("id", id).add("name", p->name).add("role", to_string(p->role_)).done();
}

json idea(const workshop& w, const domain::idea& i, const viewer& v) {
    const bool shown = shows_author(w.controls().options.anonymity_, v, i.author);
    return object_builder(16)
        .add("id", i.id)
        .add("column", i.column)
        .add("rank", i.rank)
        .add("cluster", i.group)
        .add("text", i.text)
        .add("author", shown ? person(w, i.author) : json(nullptr))
        .add("mine", v.id != 0 && i.author == v.id)
        .add("version", i.version)
        .add("created_at", format_time(i.created_at))
        .add("updated_at", format_time(i.updated_at))
        .add("private", i.is_private)
        .add("moderated", i.moderated)
        .add("fate", to_string(i.fate_))
        .add("fate_reason", i.fate_reason)
        .add("merged_into", i.merged_into)
        .add("trial_action", i.trial)
        .done();
}

json cluster(const domain::cluster& c) { return json{{"id", c.id}, {"column", c.column}, {"name", c.name}}; }

json comment(const workshop& w, const domain::comment& c, const viewer& v) {
    const bool shown = shows_author(w.controls().options.anonymity_, v, c.author);
    return json{{"id", c.id},
                {"target_kind", to_string(c.on)},
                {"target_id", c.target},
                {"text", c.text},
                {"author", shown ? person(w, c.author) : json(nullptr)},
                {"mine", v.id != 0 && c.author == v.id},
                {"created_at", format_time(c.created_at)},
                {"moderated", c.moderated}};
}

namespace {

json evidence(const domain::evidence& e) {
    switch (e.is) {
        case domain::evidence::kind::measure:
            return json{{"value", e.value}, {"unit", e.unit}};
        case domain::evidence::kind::note:
            return json{{"note", e.note}};
        case domain::evidence::kind::none:
            break;
    }
    return nullptr;
}

json person_named(domain::participant_id id, const std::string& name) { return json{{"id", id}, {"name", name}}; }

}  // namespace

json learning(const domain::learning& l) {
    json check_in = nullptr;
    if (l.checked_in)
        check_in = json{{"what_happened", l.checked_in->what_happened},
                        {"evidence", evidence(l.checked_in->shown)},
                        {"proposal", to_string(l.checked_in->proposed)}};
    return json{{"id", l.id},
                {"at", format_time(l.at)},
                {"by", person_named(l.by, l.by_name)},
                {"text", l.text},
                {"check_in", std::move(check_in)}};
}

json trial(const trial_action& t, learnings with) {
    json owners = json::array();
    for (const auto& o : t.owners) owners.push_back(json{{"id", o.id}, {"name", o.name}});
    json j{{"id", t.id},
           {"title", t.title},
           {"what", t.what},
           {"we_believe", t.we_believe},
           {"we_know_when", t.we_know_when},
           {"owners", std::move(owners)},
           {"start_date", t.start_date},
           {"review_date", t.review_date},
           {"status", to_string(t.status)},
           {"outcome", to_string(t.result)},
           {"from_ideas", t.from_ideas}};
    if (with == learnings::included) {
        json log = json::array();
        for (const auto& l : t.learnings) log.push_back(learning(l));
        j["learnings"] = std::move(log);
    }
    json moves = json::array();
    for (const auto& m : t.review_moves)
        moves.push_back(json{{"from", m.from},
                             {"to", m.to},
                             {"reason", m.reason},
                             {"by", person_named(m.by, m.by_name)},
                             {"at", format_time(m.at)}});
    j["review_moves"] = std::move(moves);
    j["spread"] = t.spread;
    j["version"] = t.version;
    j["created_at"] = format_time(t.created_at);
    j["updated_at"] = format_time(t.updated_at);
    j["origin"] = t.origin_session.empty() ? json(nullptr)
                                           : json{{"session", t.origin_session}, {"trial_action", t.origin_trial}};
    return j;
}

json decision(const workshop& w, const domain::decision& d) {
    // Made from the workspace's portfolio (by id 0): a manager of the workspace.
    json by = d.by == 0 ? json{{"id", 0}, {"name", ""}, {"role", "manager"}} : person(w, d.by);
    by["name"] = d.by_name;
    return json{{"id", d.id},
                {"target_kind", to_string(d.on)},
                {"target_id", d.target},
                {"kind", to_string(d.kind)},
                {"note", d.note},
                {"by", std::move(by)},
                {"at", format_time(d.at)}};
}

json results(const workshop& w, const vote_results& r, const viewer& v) {
    json ideas = json::array();
    for (const auto& i : r.ideas) {
        if (!w.ideas().find_idea_for(v, i.id)) continue;
        json by_group = json::object();
        for (const auto& g : r.groups)
            if (auto it = i.by_group.find(g); it != i.by_group.end()) by_group[g] = it->second;
        ideas.push_back(json{{"id", i.id}, {"total", i.total}, {"by_group", std::move(by_group)}});
    }
    json voters = json::object();
    for (const auto& g : r.groups) voters[g] = r.voters.at(g);
    return json{{"groups", r.groups}, {"voters", std::move(voters)}, {"ideas", std::move(ideas)}};
}

json reactions(target_key target, const reaction_set& set, const viewer* mine_for) {
    json counts = json::object();
    json mine = json::array();
    for (const auto& [r, who] : set.given) {
        counts[std::string(to_string(r))] = who.size();
        if (mine_for && who.count(mine_for->id)) mine.push_back(to_string(r));
    }
    json j{{"target_kind", to_string(target.first)}, {"target_id", target.second}, {"counts", std::move(counts)}};
    if (mine_for) j["mine"] = std::move(mine);
    return j;
}

json invites(const workshop& w) {
    json out = json::array();
    for (const auto& i : w.people().invites())
        out.push_back(json{{"role", to_string(i.for_role)}, {"active", i.active}, {"created_at", format_time(i.created_at)}});
    return out;
}

json rerank(const workshop& w, const rerank_list& r, const viewer& v) {
    json out = json::array();
    for (const auto& [id, rank] : r)
        if (w.ideas().find_idea_for(v, id)) out.push_back(json::array({id, rank}));
    return out;
}

}  // namespace samskab::protocol::objects
