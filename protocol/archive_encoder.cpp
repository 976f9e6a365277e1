// The session archive's encoder (see archive.hpp).
#include "protocol/archive.hpp"

#include "domain/join_code.hpp"
#include "protocol/json_objects.hpp"
#include "protocol/time_format.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>

namespace samskab::protocol {

using json = nlohmann::ordered_json;
using namespace samskab::domain;

namespace {

std::int64_t ms(time_point t) { return t.time_since_epoch().count(); }

json learning_json(const learning& l) {
    json j{{"id", l.id}, {"at", ms(l.at)}, {"by", l.by}, {"by_name", l.by_name}, {"text", l.text}};
    if (l.checked_in) {
        const check_in& c = *l.checked_in;
        json ev{{"kind", to_string(c.shown.is)}};
        if (c.shown.is == evidence::kind::measure) {
            ev["value"] = c.shown.value;
            ev["unit"] = c.shown.unit;
        } else if (c.shown.is == evidence::kind::note) {
            ev["note"] = c.shown.note;
        }
        j["check_in"] = json{{"what_happened", c.what_happened}, {"evidence", std::move(ev)},
                             {"proposal", to_string(c.proposed)}};
    }
    return j;
}

json trial_json(const trial_action& t, bool anonymous) {
    json owners = json::array();
    for (const auto& o : t.owners) owners.push_back(json{{"id", o.id}, {"name", o.name}});
    json learnings = json::array();
    for (const auto& l : t.learnings) learnings.push_back(learning_json(l));
    json moves = json::array();
    for (const auto& m : t.review_moves)
        moves.push_back(json{{"from", m.from}, {"to", m.to}, {"reason", m.reason}, {"by", m.by},
                             {"by_name", m.by_name}, {"at", ms(m.at)}});
    json fields = json::object();
    for (const auto& [name, version] : t.field_versions) fields[name] = version;
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
           {"from_ideas", t.from_ideas},
           {"learnings", std::move(learnings)},
           {"review_moves", std::move(moves)},
           {"spread", t.spread},
           {"version", t.version},
           {"field_versions", std::move(fields)},
           {"created_at", ms(t.created_at)},
           {"updated_at", ms(t.updated_at)},
           {"origin_session", t.origin_session},
           {"origin_trial", t.origin_trial}};
    if (!anonymous) j["created_by"] = t.created_by;
    return j;
}

}  // namespace

std::string encode_archive(const workshop_state& st, const std::vector<archive_change>& history,
                           const std::optional<archive_origin>& origin) {
    const bool anonymous = st.controls.options.anonymity_ == anonymity::anonymous;
    const facilitation& f = st.controls;
    const settings& s = f.options;
    json doc;
    doc["format"] = archive_format;
    doc["version"] = archive_version;
    doc["session"] = json{{"id", st.info.id},
                          {"code", st.info.code},
                          {"workspace", st.info.workspace_id},
                          {"title", st.info.title},
                          {"question", st.info.question},
                          {"status", to_string(st.info.status)},
                          {"created_at", ms(st.info.created_at)},
                          {"template", to_string(st.info.template_)},
                          {"follow_up_of", st.info.follow_up_of},
                          {"seq", st.seq}};
    if (st.info.deleted_at) doc["session"]["deleted_at"] = ms(*st.info.deleted_at);
    doc["controls"] = json{{"phase", to_string(f.current)},
                           {"settings", objects::settings(s)},
                           {"timer", json{{"state", to_string(f.timer.state)},
                                          {"duration_ms", f.timer.duration_ms},
                                          {"ends_at", ms(f.timer.ends_at)},
                                          {"remaining_ms", f.timer.remaining_ms}}},
                           {"locked", f.locked},
                           {"votes_revealed", f.votes_revealed},
                           {"focus", f.focus},
                           {"screen", json{{"kind", to_string(f.screen.kind)}, {"id", f.screen.id}}},
                           {"phase_started_at", ms(f.phase_started_at)}};

    json people = json::array();
    for (const auto& p : st.participants)
        people.push_back(json{{"id", p.id}, {"name", p.name}, {"role", to_string(p.role_)},
                              {"joined_at", ms(p.joined_at)}, {"removed", p.removed}});
    doc["participants"] = std::move(people);
    json invites = json::array();
    for (const auto& i : st.invites)
        invites.push_back(json{{"role", to_string(i.for_role)}, {"active", i.active}, {"created_at", ms(i.created_at)}});
    doc["invitations"] = std::move(invites);

    json columns = json::array();
    for (const auto& c : st.board.columns) columns.push_back(json{{"id", c.id}, {"title", c.title}});
    std::vector<cluster> clusters = st.board.clusters;
    std::sort(clusters.begin(), clusters.end(), [](const cluster& a, const cluster& b) { return a.id < b.id; });
    json cl = json::array();
    for (const auto& c : clusters) cl.push_back(json{{"id", c.id}, {"column", c.column}, {"name", c.name}});
    std::vector<idea> ideas = st.board.ideas;
    std::sort(ideas.begin(), ideas.end(), [](const idea& a, const idea& b) { return a.id < b.id; });
    json ij = json::array();
    for (const auto& i : ideas) {
        json j{{"id", i.id},
               {"column", i.column},
               {"cluster", i.group},
               {"rank", i.rank},
               {"text", i.text},
               {"version", i.version},
               {"text_version", i.text_version},
               {"place_version", i.place_version},
               {"created_at", ms(i.created_at)},
               {"updated_at", ms(i.updated_at)},
               {"private", i.is_private},
               {"moderated", i.moderated},
               {"fate", to_string(i.fate_)},
               {"fate_reason", i.fate_reason},
               {"merged_into", i.merged_into},
               {"trial", i.trial}};
        if (!anonymous) j["author"] = i.author;
        ij.push_back(std::move(j));
    }
    doc["board"] = json{{"columns", std::move(columns)},
                        {"clusters", std::move(cl)},
                        {"ideas", std::move(ij)},
                        {"last_column_id", st.board.last_column_id},
                        {"last_cluster_id", st.board.last_cluster_id},
                        {"last_idea_id", st.board.last_idea_id}};

    json votes = json::array();
    if (anonymous) {
        std::map<idea_id, std::int64_t> totals;
        for (const auto& [voter, m] : st.votes)
            for (const auto& [id, dots] : m) totals[id] += dots;
        for (const auto& [id, dots] : totals) votes.push_back(json{{"idea", id}, {"dots", dots}});
    } else {
        for (const auto& [voter, m] : st.votes)
            for (const auto& [id, dots] : m) votes.push_back(json{{"voter", voter}, {"idea", id}, {"dots", dots}});
    }
    doc["votes"] = std::move(votes);

    std::vector<comment> comments = st.comments;
    std::sort(comments.begin(), comments.end(), [](const comment& a, const comment& b) { return a.id < b.id; });
    json cj = json::array();
    for (const auto& c : comments) {
        json j{{"id", c.id}, {"on", to_string(c.on)}, {"target", c.target}, {"text", c.text},
               {"created_at", ms(c.created_at)}, {"moderated", c.moderated}};
        if (!anonymous) j["author"] = c.author;
        cj.push_back(std::move(j));
    }
    doc["comments"] = std::move(cj);
    doc["last_comment_id"] = st.last_comment_id;

    json rj = json::array();
    for (const auto& [target, set] : st.reactions)
        for (const auto& [kind, who] : set.given) {
            if (who.empty()) continue;
            json j{{"on", to_string(target.first)}, {"target", target.second}, {"reaction", to_string(kind)},
                   {"count", who.size()}};
            if (!anonymous) j["by"] = who;
            rj.push_back(std::move(j));
        }
    doc["reactions"] = std::move(rj);

    std::vector<trial_action> trials = st.trials;
    std::sort(trials.begin(), trials.end(), [](const trial_action& a, const trial_action& b) { return a.id < b.id; });
    json tj = json::array();
    for (const auto& t : trials) tj.push_back(trial_json(t, anonymous));
    doc["trial_actions"] = std::move(tj);
    doc["last_trial_id"] = st.last_trial_id;

    json dj = json::array();
    for (const auto& d : st.decisions)
        dj.push_back(json{{"id", d.id}, {"on", to_string(d.on)}, {"target", d.target}, {"kind", to_string(d.kind)},
                          {"note", d.note}, {"by", d.by}, {"by_name", d.by_name}, {"at", ms(d.at)}});
    doc["decisions"] = std::move(dj);

    json hj = json::array();
    for (const auto& c : history) {
        json j{{"seq", c.seq}, {"at", ms(c.at)}};
        if (!anonymous) j["by"] = c.by;
        j["action"] = c.action;
        auto event = json::parse(c.event, nullptr, false);
        j["event"] = event.is_discarded() ? json::object() : std::move(event);
        hj.push_back(std::move(j));
    }
    doc["history"] = std::move(hj);
    if (origin) {
        auto object = [](const std::string& text) {
            auto j = json::parse(text, nullptr, false);
            return j.is_discarded() ? json::object() : std::move(j);
        };
        doc["origin"] = json{{"others", object(origin->others)}, {"facilitators", object(origin->facilitators)}};
    }
    return doc.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string rebased_origin(std::string_view snapshot, const domain::session_info& info) {
    auto j = json::parse(snapshot, nullptr, false);
    if (j.is_discarded() || !j.is_object() || !j.contains("session") || !j["session"].is_object())
        return std::string(snapshot);  // the decoder let only snapshots with a session object in
    auto& s = j["session"];
    s["id"] = info.id;
    s["code"] = info.code;
    s["workspace"] = info.workspace_id;
    return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

workspace_archive_writer::workspace_archive_writer(const domain::workspace& w, time_point exported_at,
                                                   std::size_t cap)
    : cap_(cap) {
    json links = json::array();
    for (const auto& l : w.links)  // never the nonce or the token's hash
        links.push_back(json{{"role", to_string(l.role)}, {"active", l.active}, {"created_at", ms(l.created_at)}});
    json head{{"format", workspace_archive_format},
              {"version", workspace_archive_version},
              {"exported_at", ms(exported_at)},
              {"workspace", json{{"id", w.id},
                                 {"name", w.name},
                                 {"created_at", ms(w.created_at)},
                                 {"overload_limit", w.overload_limit},
                                 {"retention_months", w.retention_months}}},
              {"links", std::move(links)},
              {"sessions", json::array()}};
    text_ = head.dump(-1, ' ', false, json::error_handler_t::replace);
    // The sessions are added as the texts they are: open the empty array again.
    text_.resize(text_.size() - std::string_view("]}").size());
}

result<std::size_t> workspace_archive_writer::add(std::string_view session_archive) {
    const std::size_t separator = first_ ? 0 : 1, closing = 2;  // "," before all but the first, "]}" at the end
    if (text_.size() + separator + session_archive.size() + closing > cap_) {
        error e = error::make(errc::too_long, "the workspace's sessions together are more than " + std::to_string(cap_) +
                                                  " bytes: download each session's session.json instead");
        e.limit = static_cast<std::int64_t>(cap_);
        return e;
    }
    if (!first_) text_ += ',';
    first_ = false;
    text_ += session_archive;
    return text_.size();
}

std::string workspace_archive_writer::finish() && {
    text_ += "]}";
    return std::move(text_);
}

std::string encode_imported_session(const session_info& info, const std::vector<imported_link>& links) {
    json list = json::array();
    for (const auto& l : links)
        list.push_back(json{{"participant", l.id},
                            {"name", l.name},
                            {"role", to_string(l.role_)},
                            {"token", l.token},
                            {"path", "/board/" + info.code + "#token=" + l.token}});
    json session{{"id", info.id},
                 {"code", info.code},
                 {"title", info.title},
                 {"status", to_string(info.status)},
                 {"workspace", info.workspace_id}};
    // A session deleted with its trial actions kept has no code: nobody joins it.
    if (info.deleted_at) session["deleted_at"] = format_time(*info.deleted_at);
    return json{{"id", info.id},
                {"code", info.code},
                {"display_code", display_join_code(info.code)},
                {"join_path", info.code.empty() ? std::string() : "/join/" + info.code},
                {"session", std::move(session)},
                {"links", std::move(list)}}
        .dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace samskab::protocol
