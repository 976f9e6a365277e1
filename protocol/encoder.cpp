// Messages to JSON (see encoder.hpp). ordered_json keeps "type" first, which makes the
// text easier to read in logs of a client and in the protocol document.
#include "protocol/encoder.hpp"

#include "domain/join_code.hpp"
#include "domain/overloaded.hpp"
#include "protocol/limits.hpp"
#include "protocol/time_format.hpp"

#include <nlohmann/json.hpp>

namespace samskab::protocol {

using json = nlohmann::ordered_json;
using namespace samskab::domain;

namespace {

// Never throws: invalid UTF-8 (which the domain does not let in) would be replaced.
std::string dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

json author_json(const board& b, participant_id id) {
    const participant* p = b.find_participant(id);
    return json{{"id", id}, {"name", p ? p->name : std::string()}};
}

json idea_json(const board& b, const idea& i, std::int64_t index) {
    return json{{"id", i.id},
                {"column", i.column},
                {"index", index},
                {"text", i.text},
                {"author", author_json(b, i.author)},
                {"version", i.version},
                {"created_at", format_time(i.created_at)},
                {"updated_at", format_time(i.updated_at)}};
}

json session_json(const session_info& s) {
    return json{{"id", s.id},
                {"code", s.code},
                {"title", s.title},
                {"question", s.question},
                {"status", to_string(s.status)},
                {"created_at", format_time(s.created_at)}};
}

// The event's name and payload fields, added to j.
void event_fields(json& j, const change& c, const board& b) {
    std::visit(overloaded{
                   [&](const idea_added& e) {
                       j["type"] = "idea.added";
                       j["idea"] = idea_json(b, e.item, e.index);
                   },
                   [&](const idea_edited& e) {
                       j["type"] = "idea.edited";
                       j["id"] = e.id;
                       j["text"] = e.text;
                       j["version"] = e.version;
                   },
                   [&](const idea_moved& e) {
                       j["type"] = "idea.moved";
                       j["id"] = e.id;
                       j["column"] = e.column;
                       j["index"] = e.index;
                       j["version"] = e.version;
                   },
                   [&](const idea_deleted& e) {
                       j["type"] = "idea.deleted";
                       j["id"] = e.id;
                   },
                   [&](const column_added& e) {
                       j["type"] = "column.added";
                       j["column"] = json{{"id", e.item.id}, {"title", e.item.title}};
                       j["index"] = e.index;
                   },
                   [&](const column_renamed& e) {
                       j["type"] = "column.renamed";
                       j["id"] = e.id;
                       j["title"] = e.title;
                   },
                   [&](const column_moved& e) {
                       j["type"] = "column.moved";
                       j["id"] = e.id;
                       j["index"] = e.index;
                   },
                   [&](const column_deleted& e) {
                       j["type"] = "column.deleted";
                       j["id"] = e.id;
                   },
                   [&](const session_updated& e) {
                       j["type"] = "session.updated";
                       j["title"] = e.title;
                       j["question"] = e.question;
                   },
               },
               c.what);
}

}  // namespace

std::string encode_event(const change& c, const board& b) {
    json j;
    j["type"] = nullptr;  // placeholder keeps "type" first
    event_fields(j, c, b);
    j["seq"] = c.seq;
    j["at"] = format_time(c.at);
    return dump(j);
}

std::string encode_snapshot(const board& b) {
    json columns = json::array();
    json ideas = json::array();
    for (const auto& slot : b.columns()) {
        columns.push_back(json{{"id", slot.item.id}, {"title", slot.item.title}, {"ideas", slot.ideas}});
        std::int64_t index = 0;
        for (idea_id id : slot.ideas) ideas.push_back(idea_json(b, *b.find_idea(id), index++));
    }
    return dump(json{{"type", "snapshot"},
                     {"seq", b.seq()},
                     {"session", session_json(b.info())},
                     {"columns", std::move(columns)},
                     {"ideas", std::move(ideas)}});
}

std::string encode_welcome(const board& b, const welcome_info& w) {
    json j{{"type", "welcome"},
           {"protocol", version},
           {"session", session_json(b.info())},
           {"you", json{{"id", w.you->id}, {"name", w.you->name}, {"role", to_string(w.you->role_)}}}};
    if (w.token) j["token"] = *w.token;
    j["seq"] = w.seq;
    j["resume"] = w.snapshot ? "snapshot" : "events";
    j["pending_refs"] = w.pending_refs;
    j["recent_refs"] = w.recent_refs;
    return dump(j);
}

std::string encode_ack(std::string_view ref, seq_t seq, std::string_view event_text) {
    std::string out = R"({"type":"ack","ref":)";
    out += dump(json(std::string(ref)));
    out += R"(,"seq":)";
    out += std::to_string(seq);
    out += R"(,"event":)";
    out += event_text;
    out += '}';
    return out;
}

std::string encode_error(std::string_view ref, const error& e, const board* b) {
    json j{{"type", "error"}};
    if (!ref.empty()) j["ref"] = std::string(ref);
    j["code"] = to_string(e.code);
    j["message"] = e.message;
    if (!e.field.empty()) j["field"] = e.field;
    if (e.limit) j["limit"] = *e.limit;
    if (e.current && b) j["current"] = idea_json(*b, *e.current, b->index_of(*e.current));
    return dump(j);
}

std::string encode_session_summary(const session_info& info) { return dump(session_json(info)); }

std::string encode_created_session(const session_info& info, std::string_view facilitator_token) {
    return dump(json{{"id", info.id},
                     {"code", info.code},
                     {"display_code", display_join_code(info.code)},
                     {"facilitator_token", std::string(facilitator_token)},
                     {"join_path", "/join/" + info.code},
                     {"session", session_json(info)}});
}

std::string encode_http_error(const error& e) {
    json err{{"code", to_string(e.code)}, {"message", e.message}};
    if (!e.field.empty()) err["field"] = e.field;
    if (e.limit) err["limit"] = *e.limit;
    return dump(json{{"error", std::move(err)}});
}

std::string encode_health(std::string_view version_text, bool database_ok) {
    return dump(json{{"status", database_ok ? "ok" : "degraded"},
                     {"version", std::string(version_text)},
                     {"database", database_ok ? "ok" : "unavailable"}});
}

}  // namespace samskab::protocol
