// A session's history for one reader (see history.hpp).
#include "protocol/history.hpp"

#include "protocol/json_objects.hpp"

#include <map>
#include <set>
#include <string_view>

namespace samskab::protocol {

using json = nlohmann::ordered_json;

namespace {

// What the reader's snapshot holds now: everything the history may show.
class visible_now {
public:
    explicit visible_now(const json& snap) {
        for (const auto& i : list(snap, "ideas")) ideas_.emplace(id_of(i), i);
        for (const auto& c : list(snap, "comments")) comments_.emplace(id_of(c), c);
        for (const auto& t : list(snap, "trial_actions")) trials_.insert(id_of(t));
        for (const auto& d : list(snap, "decisions")) decisions_.insert(id_of(d));
    }

    bool idea(const json& id) const { return id.is_number_integer() && ideas_.contains(id.get<std::int64_t>()); }
    bool trial(const json& id) const { return id.is_number_integer() && trials_.contains(id.get<std::int64_t>()); }

    // An idea object as it may be shown: false if it may not be; else with its text and
    // author as they are now.
    bool show_idea(json& i) const { return now_as(i, ideas_); }
    bool show_comment(json& c) const { return now_as(c, comments_); }
    bool show_decision(const json& d) const { return d.is_object() && decisions_.contains(id_of(d)); }

    bool target(const json& kind, const json& id) const {
        if (!id.is_number_integer()) return false;
        const auto key = id.get<std::int64_t>();
        if (kind == "idea") return ideas_.contains(key);
        if (kind == "trial_action") return trials_.contains(key);
        if (kind == "comment") return comments_.contains(key);
        return false;
    }

    // Filters a list of objects in place with keep (which may change each one).
    template <typename Keep>
    static void filter(json& j, const char* field, Keep keep) {
        if (!j.contains(field) || !j[field].is_array()) return;
        json kept = json::array();
        for (auto& item : j[field])
            if (keep(item)) kept.push_back(std::move(item));
        j[field] = std::move(kept);
    }

    void ideas_in(json& j, const char* field) const {
        filter(j, field, [this](json& i) { return show_idea(i); });
    }
    void comments_in(json& j, const char* field) const {
        filter(j, field, [this](json& c) { return show_comment(c); });
    }
    void ids_in(json& j, const char* field) const {
        filter(j, field, [this](json& id) { return idea(id); });
    }
    // A reranked list of [id, rank] pairs, or a results object's ideas.
    void reranked_in(json& j) const {
        filter(j, "reranked", [this](json& pair) { return pair.is_array() && !pair.empty() && idea(pair[0]); });
        if (j.contains("reranked") && j["reranked"].empty()) j.erase("reranked");
    }
    void results_in(json& j) const {
        if (!j.contains("results") || !j["results"].is_object()) return;
        filter(j["results"], "ideas", [this](json& r) { return r.is_object() && r.contains("id") && idea(r["id"]); });
    }

    // A snapshot (the origin) as it may be shown.
    void snapshot(json& s) const {
        ideas_in(s, "ideas");
        comments_in(s, "comments");
        filter(s, "trial_actions", [this](json& t) { return t.is_object() && trial(t.value("id", json())); });
        filter(s, "decisions", [this](json& d) { return show_decision(d); });
        filter(s, "reactions", [this](json& r) {
            return r.is_object() && target(r.value("target_kind", json()), r.value("target_id", json()));
        });
        if (s.contains("votes") && s["votes"].is_object()) results_in(s["votes"]);
    }

    // An event as it may be shown: changed in place, or turned into `unseen`.
    void event(json& e) const {
        const std::string type = e.value("type", "");
        bool seen = true;
        if (type == "idea.added") {
            seen = e.contains("idea") && show_idea(e["idea"]);
        } else if (type == "idea.updated") {
            seen = e.contains("idea") && show_idea(e["idea"]);
            comments_in(e, "comments");
        } else if (type == "idea.edited") {
            seen = idea(e.value("id", json()));
            if (seen) e["text"] = ideas_.at(e["id"].get<std::int64_t>()).value("text", json(""));
        } else if (type == "idea.moved") {
            seen = idea(e.value("id", json()));
        } else if (type == "ideas.revealed" || type == "trial_action.deleted") {
            ideas_in(e, "ideas");
        } else if (type == "ideas.merged") {
            seen = e.contains("into") && show_idea(e["into"]);
            ideas_in(e, "absorbed");
            results_in(e);
        } else if (type == "votes.revealed") {
            results_in(e);
        } else if (type == "cluster.created") {
            ids_in(e, "ideas");
        } else if (type == "comment.added" || type == "comment.updated") {
            seen = e.contains("comment") && show_comment(e["comment"]);
        } else if (type == "reactions.updated") {
            seen = target(e.value("target_kind", json()), e.value("target_id", json()));
        } else if (type == "trial_action.saved") {
            seen = e.contains("trial_action") && e["trial_action"].is_object() && trial(e["trial_action"].value("id", json()));
            ideas_in(e, "ideas");
        } else if (type == "trial_action.learning_added") {
            seen = trial(e.value("trial_action", json()));
        } else if (type == "decision.recorded") {
            seen = e.contains("decision") && show_decision(e["decision"]);
            if (e.contains("idea") && !show_idea(e["idea"])) e.erase("idea");
            if (e.contains("trial_action") && !(e["trial_action"].is_object() && trial(e["trial_action"].value("id", json()))))
                e.erase("trial_action");
        } else if (type == "participant.removed") {
            ideas_in(e, "ideas");
            comments_in(e, "comments");
        }
        reranked_in(e);
        if (seen) return;
        json unseen{{"type", "unseen"}, {"seq", e.value("seq", json(0))}, {"at", e.value("at", json(""))}};
        if (e.contains("private_count")) unseen["private_count"] = e["private_count"];
        if (e.contains("reranked")) unseen["reranked"] = e["reranked"];
        e = std::move(unseen);
    }

private:
    static const json& list(const json& snap, const char* field) {
        static const json none = json::array();
        return snap.contains(field) && snap[field].is_array() ? snap[field] : none;
    }
    static std::int64_t id_of(const json& o) {
        return o.is_object() && o.contains("id") && o["id"].is_number_integer() ? o["id"].get<std::int64_t>() : -1;
    }
    static bool now_as(json& o, const std::map<std::int64_t, json>& now) {
        auto it = now.find(id_of(o));
        if (it == now.end()) return false;
        for (const char* field : {"text", "author"})
            if (it->second.contains(field)) o[field] = it->second[field];
        return true;
    }

    std::map<std::int64_t, json> ideas_, comments_;
    std::set<std::int64_t> trials_, decisions_;
};

}  // namespace

std::string encode_history(const history_answer& a) {
    const json current = json::parse(a.current, nullptr, false);
    const visible_now now(current.is_object() ? current : json::object());
    json origin = nullptr;
    if (a.origin) {
        origin = json::parse(*a.origin, nullptr, false);
        if (origin.is_object()) now.snapshot(origin);
        else origin = nullptr;
    }
    std::string out = R"({"format":1,"reader":)";
    out += encode_reader(a.reader);
    out += R"(,"seq":)";
    out += std::to_string(a.seq);
    out += R"(,"origin":)";
    out += objects::dump(origin);
    out += R"(,"changes":[)";
    bool first = true;
    // Without the origin there is nothing to apply the changes to: none are given.
    for (const auto& text : origin.is_null() ? std::vector<std::shared_ptr<const std::string>>{} : a.changes) {
        if (!text) continue;
        json e = json::parse(*text, nullptr, false);
        if (!e.is_object()) continue;
        now.event(e);
        if (!first) out += ',';
        first = false;
        out += objects::dump(e);
    }
    out += R"(],"complete":)";
    out += a.complete || origin.is_null() ? "true" : "false";
    out += '}';
    return out;
}

}  // namespace samskab::protocol
