// A session's exports (see export.hpp and export_json.hpp).
#include "protocol/export.hpp"
#include "protocol/export_json.hpp"

#include <algorithm>
#include <map>
#include <vector>

namespace samskab::protocol {

using json = nlohmann::json;

namespace {

constexpr std::string_view bom = "\xEF\xBB\xBF";
constexpr std::string_view crlf = "\r\n";

// The member `key` of j if j is an object that has it, else null.
const json& at(const json& j, std::string_view key) {
    static const json none;
    if (!j.is_object()) return none;
    const auto it = j.find(key);
    return it == j.end() ? none : *it;
}

std::string str(const json& j) {
    if (j.is_string()) return j.get<std::string>();
    if (j.is_number_integer() || j.is_number_unsigned() || j.is_boolean()) return j.dump();
    return "";
}

std::string str(const json& j, std::string_view key) { return str(at(j, key)); }

// A number (an id, a count) as a CSV field: never text, so never guarded.
std::string num(const json& j) { return j.is_number() ? j.dump() : ""; }

const json& array_of(const json& j, std::string_view key) {
    static const json empty = json::array();
    const json& a = at(j, key);
    return a.is_array() ? a : empty;
}

void row(std::string& out, const std::vector<std::string>& fields) {
    for (std::size_t k = 0; k < fields.size(); ++k) {
        if (k) out += ',';
        out += fields[k];
    }
    out += crlf;
}

std::string header(const std::vector<std::string_view>& names) {
    std::string out(bom);
    std::vector<std::string> fields;
    for (auto n : names) fields.push_back(csv_field(n));
    row(out, fields);
    return out;
}

// Whether the session names the authors of its ideas (settings.anonymity "named").
bool named(const json& snapshot) {
    return str(at(at(snapshot, "controls"), "settings"), "anonymity") == "named";
}

// The object of `list` with this id, or null.
const json& by_id(const json& list, const json& id) {
    static const json none;
    if (!list.is_array()) return none;
    for (const auto& x : list)
        if (at(x, "id") == id) return x;
    return none;
}

std::string joined(const std::vector<std::string>& parts, std::string_view sep) {
    std::string out;
    for (std::size_t k = 0; k < parts.size(); ++k) {
        if (k) out += sep;
        out += parts[k];
    }
    return out;
}

std::string owner_names(const json& trial) {
    std::vector<std::string> names;
    for (const auto& o : array_of(trial, "owners")) names.push_back(str(o, "name"));
    return joined(names, "; ");
}

std::string idea_ids(const json& trial) {
    std::vector<std::string> ids;
    for (const auto& i : array_of(trial, "from_ideas")) ids.push_back(num(i));
    return joined(ids, "; ");
}

// The revealed results (the results object), or null.
const json& results(const json& snapshot) {
    const json& r = at(at(snapshot, "votes"), "results");
    static const json none;
    return r.is_object() ? r : none;
}

// An idea's author's name as an export may give it ("" when it may not).
std::string author_of(const json& snapshot, const json& idea) {
    if (!named(snapshot)) return "";
    return str(at(idea, "author"), "name");
}

// The decision's target as text: the idea's text or the trial action's title.
std::string target_text(const json& snapshot, const json& d) {
    const std::string kind = str(d, "target_kind");
    if (kind == "idea") return str(by_id(at(snapshot, "ideas"), at(d, "target_id")), "text");
    if (kind == "trial_action") return str(by_id(at(snapshot, "trial_actions"), at(d, "target_id")), "title");
    return "";
}

std::string md_line(std::string_view label, std::string_view value_escaped) {
    std::string out = "- **";
    out += label;
    out += ":** ";
    out += value_escaped;
    out += '\n';
    return out;
}

std::string date_of(const std::string& time) { return time.substr(0, std::min<std::size_t>(10, time.size())); }

// "2026-11-23T13:27:00.123Z" as "2026-11-23 13:27 UTC".
std::string readable_time(const std::string& time) {
    if (time.size() < 16) return markdown_escape(time);
    return time.substr(0, 10) + " " + time.substr(11, 5) + " UTC";
}

}  // namespace

std::string csv_field(std::string_view text) {
    std::string v;
    // OWASP: a cell a spreadsheet would read as a formula starts with an apostrophe.
    if (!text.empty() && (text[0] == '=' || text[0] == '+' || text[0] == '-' || text[0] == '@' || text[0] == '\t' ||
                          text[0] == '\r'))
        v += '\'';
    v += text;
    if (v.find_first_of(",\"\r\n") == std::string::npos) return v;
    std::string q = "\"";
    for (char c : v) {
        if (c == '"') q += '"';
        q += c;
    }
    q += '"';
    return q;
}

std::string markdown_escape(std::string_view text) {
    std::string out;
    out.reserve(text.size() + 8);
    // A list marker or an ordered list's number at the start: "- x", "+ x", "1. x", "1) x".
    std::size_t k = 0;
    while (k < text.size() && text[k] == ' ') out += text[k++];
    if (k < text.size() && (text[k] == '-' || text[k] == '+')) {
        out += '\\';
        out += text[k++];
    } else {
        std::size_t d = k;
        while (d < text.size() && text[d] >= '0' && text[d] <= '9') ++d;
        if (d > k && d < text.size() && (text[d] == '.' || text[d] == ')')) {
            out.append(text.substr(k, d - k));
            out += '\\';
            out += text[d];
            k = d + 1;
        }
    }
    for (; k < text.size(); ++k) {
        const char c = text[k];
        if (c == '\r' || c == '\n') {
            if (c == '\r' && k + 1 < text.size() && text[k + 1] == '\n') ++k;
            out += ' ';
            continue;
        }
        switch (c) {
        case '\\': case '`': case '*': case '_': case '[': case ']': case '<': case '>': case '#': case '|': case '~':
            out += '\\';
            break;
        default: break;
        }
        out += c;
    }
    return out;
}

std::string export_ideas_csv(const json& snapshot) {
    const json& res = results(snapshot);
    std::vector<std::string> groups;
    for (const auto& g : array_of(res, "groups")) groups.push_back(str(g));
    std::vector<std::string> names{"id", "text", "column", "cluster", "fate", "fate_reason", "merged_into",
                                   "trial_action", "author", "votes"};
    for (const auto& g : groups) names.push_back("votes_" + g);
    names.emplace_back("created_at");
    std::string out(bom);
    {
        std::vector<std::string> fields;
        for (const auto& n : names) fields.push_back(csv_field(n));
        row(out, fields);
    }
    for (const auto& idea : array_of(snapshot, "ideas")) {
        const json& id = at(idea, "id");
        std::vector<std::string> f;
        f.push_back(num(id));
        f.push_back(csv_field(str(idea, "text")));
        f.push_back(csv_field(str(by_id(at(snapshot, "columns"), at(idea, "column")), "title")));
        f.push_back(csv_field(str(by_id(at(snapshot, "clusters"), at(idea, "cluster")), "name")));
        f.push_back(csv_field(str(idea, "fate")));
        f.push_back(csv_field(str(idea, "fate_reason")));
        const json& merged = at(idea, "merged_into");
        f.push_back(merged.is_number() && merged != 0 ? num(merged) : "");
        const json& trial = at(idea, "trial_action");
        f.push_back(trial.is_number() && trial != 0 ? num(trial) : "");
        f.push_back(csv_field(author_of(snapshot, idea)));
        if (res.is_null()) {
            f.emplace_back("");
            for (std::size_t k = 0; k < groups.size(); ++k) f.emplace_back("");
        } else {
            // A revealed result lists the ideas with dots: one not listed has none.
            const json& r = by_id(at(res, "ideas"), id);
            f.push_back(r.is_null() ? "0" : num(at(r, "total")));
            for (const auto& g : groups) {
                const json& n = at(at(r, "by_group"), g);
                f.push_back(n.is_number() ? num(n) : (r.is_null() ? "0" : ""));
            }
        }
        f.push_back(csv_field(str(idea, "created_at")));
        row(out, f);
    }
    return out;
}

std::string export_trial_actions_csv(const json& snapshot) {
    std::string out = header({"id", "title", "status", "outcome", "what", "we_believe", "we_know_when", "owners",
                              "start_date", "review_date", "from_ideas", "created_at", "updated_at"});
    for (const auto& t : array_of(snapshot, "trial_actions")) {
        row(out, {num(at(t, "id")), csv_field(str(t, "title")), csv_field(str(t, "status")), csv_field(str(t, "outcome")),
                  csv_field(str(t, "what")), csv_field(str(t, "we_believe")), csv_field(str(t, "we_know_when")),
                  csv_field(owner_names(t)), csv_field(str(t, "start_date")), csv_field(str(t, "review_date")),
                  csv_field(idea_ids(t)), csv_field(str(t, "created_at")), csv_field(str(t, "updated_at"))});
    }
    return out;
}

std::string export_decisions_csv(const json& snapshot) {
    std::string out =
        header({"id", "at", "target_kind", "target_id", "target", "kind", "note", "by", "role"});
    for (const auto& d : array_of(snapshot, "decisions")) {
        const json& by = at(d, "by");
        row(out, {num(at(d, "id")), csv_field(str(d, "at")), csv_field(str(d, "target_kind")), num(at(d, "target_id")),
                  csv_field(target_text(snapshot, d)), csv_field(str(d, "kind")), csv_field(str(d, "note")),
                  csv_field(str(by, "name")), csv_field(str(by, "role"))});
    }
    return out;
}

std::string export_minutes_md(const json& report) {
    const json& snapshot = at(report, "snapshot");
    const json& session = at(snapshot, "session");
    const json& res = results(snapshot);
    std::string out = "# " + markdown_escape(str(session, "title")) + "\n\n";
    out += md_line("Question", markdown_escape(str(session, "question")));
    out += md_line("Date", markdown_escape(date_of(str(session, "created_at"))));
    out += md_line("Status", markdown_escape(str(session, "status")));
    out += md_line("Phase", markdown_escape(str(at(snapshot, "controls"), "phase")));
    out += md_line("Minutes made", readable_time(str(report, "generated_at")));

    out += "\n## Participation\n\n| Role | Joined | Contributed |\n| --- | --- | --- |\n";
    const json& participation = at(report, "participation");
    if (participation.is_object()) {
        // The session's roles in their usual order, then any other the report may name.
        static const std::vector<std::string> order{"facilitator", "co_facilitator", "manager",
                                                    "staff",       "citizen",        "observer"};
        std::vector<std::string> roles;
        for (const auto& r : order)
            if (participation.contains(r)) roles.push_back(r);
        for (const auto& [r, p] : participation.items())
            if (std::find(order.begin(), order.end(), r) == order.end()) roles.push_back(r);
        for (const auto& role : roles) {
            const json& p = participation[role];
            out += "| " + markdown_escape(role) + " | " + num(at(p, "joined")) + " | " + num(at(p, "active")) + " |\n";
        }
    }

    out += "\n## Phases\n\n| Phase | Started | Ended | Minutes |\n| --- | --- | --- | --- |\n";
    for (const auto& span : array_of(report, "timeline")) {
        const json& ended = at(span, "ended_at");
        const json& seconds = at(span, "seconds");
        out += "| " + markdown_escape(str(span, "phase")) + " | " + readable_time(str(span, "started_at")) + " | " +
               (ended.is_string() ? readable_time(ended.get<std::string>()) : std::string("going on")) + " | " +
               (seconds.is_number_integer() ? std::to_string((seconds.get<std::int64_t>() + 30) / 60) : std::string()) +
               " |\n";
    }
    if (at(report, "timeline_complete") == false) out += "\nThe timeline stops at its first 2,000 phase changes.\n";

    out += "\n## Trial actions\n";
    const json& trials = array_of(snapshot, "trial_actions");
    if (trials.empty()) out += "\nNone.\n";
    for (const auto& t : trials) {
        out += "\n### " + markdown_escape(str(t, "title")) + "\n\n";
        std::string status = str(t, "status");
        if (str(t, "outcome") != "" && str(t, "outcome") != "none") status += " (" + str(t, "outcome") + ")";
        out += md_line("Status", markdown_escape(status));
        if (!str(t, "what").empty()) out += md_line("What", markdown_escape(str(t, "what")));
        if (!str(t, "we_believe").empty()) out += md_line("We believe", markdown_escape(str(t, "we_believe")));
        if (!str(t, "we_know_when").empty()) out += md_line("We know when", markdown_escape(str(t, "we_know_when")));
        const std::string owners = owner_names(t);
        out += md_line("Owners", owners.empty() ? std::string("none yet") : markdown_escape(owners));
        if (!str(t, "start_date").empty()) out += md_line("Start", markdown_escape(str(t, "start_date")));
        if (!str(t, "review_date").empty()) out += md_line("Review", markdown_escape(str(t, "review_date")));
        std::vector<std::string> from;
        for (const auto& i : array_of(t, "from_ideas")) {
            const std::string text = str(by_id(at(snapshot, "ideas"), i), "text");
            from.push_back(text.empty() ? "idea " + num(i) : markdown_escape(text));
        }
        if (!from.empty()) out += md_line("From ideas", joined(from, "; "));
    }

    out += "\n## Decisions\n\n";
    const json& decisions = array_of(snapshot, "decisions");
    if (decisions.empty()) out += "None.\n";
    for (const auto& d : decisions) {
        const json& by = at(d, "by");
        const std::string target = target_text(snapshot, d);
        out += "- " + readable_time(str(d, "at")) + ": **" + markdown_escape(str(d, "kind")) + "** on " +
               markdown_escape(str(d, "target_kind") == "idea" ? "idea" : "trial action") +
               (target.empty() ? std::string() : " \"" + markdown_escape(target) + "\"");
        if (!str(by, "name").empty())
            out += " by " + markdown_escape(str(by, "name")) + " (" + markdown_escape(str(by, "role")) + ")";
        if (!str(d, "note").empty()) out += ": " + markdown_escape(str(d, "note"));
        out += '\n';
    }

    out += "\n## Ideas by fate\n";
    static const std::vector<std::pair<std::string, std::string>> fates{
        {"trial_action", "Became trial actions"}, {"selected", "Selected"}, {"open", "Open"},
        {"parked", "Parked"},                     {"merged", "Merged"}};
    const json& ideas = array_of(snapshot, "ideas");
    if (ideas.empty()) out += "\nNone.\n";
    for (const auto& [fate, heading] : fates) {
        std::string items;
        for (const auto& idea : ideas) {
            if (str(idea, "fate") != fate) continue;
            items += "- " + markdown_escape(str(idea, "text"));
            const std::string author = author_of(snapshot, idea);
            if (!author.empty()) items += " (" + markdown_escape(author) + ")";
            if (at(idea, "moderated") == true) items += " (hidden by the facilitators)";
            if (at(idea, "private") == true) items += " (private, not revealed)";
            if (!res.is_null()) {
                const json& r = by_id(at(res, "ideas"), at(idea, "id"));
                items += ", votes: " + (r.is_null() ? std::string("0") : num(at(r, "total")));
            }
            if (!str(idea, "fate_reason").empty()) items += ": " + markdown_escape(str(idea, "fate_reason"));
            items += '\n';
        }
        if (!items.empty()) out += "\n### " + heading + "\n\n" + items;
    }

    out += "\n## Votes\n\n";
    if (res.is_null()) {
        out += "Not revealed.\n";
    } else {
        std::vector<std::string> groups;
        for (const auto& g : array_of(res, "groups")) groups.push_back(str(g));
        out += "| Idea | Votes |";
        for (const auto& g : groups) out += " " + markdown_escape(g) + " |";
        out += "\n| --- | --- |";
        for (std::size_t k = 0; k < groups.size(); ++k) out += " --- |";
        out += '\n';
        for (const auto& r : array_of(res, "ideas")) {
            out += "| " + markdown_escape(str(by_id(ideas, at(r, "id")), "text")) + " | " + num(at(r, "total")) + " |";
            for (const auto& g : groups) out += " " + num(at(at(r, "by_group"), g)) + " |";
            out += '\n';
        }
        const json& voters = at(res, "voters");
        if (!groups.empty()) {
            std::vector<std::string> parts;
            for (const auto& g : groups) parts.push_back(markdown_escape(g) + " " + num(at(voters, g)));
            out += "\nVoters: " + joined(parts, ", ") + ".\n";
        }
    }
    return out;
}

std::optional<export_kind> export_kind_of(std::string_view file) {
    if (file == "ideas.csv") return export_kind::ideas_csv;
    if (file == "trial_actions.csv") return export_kind::trial_actions_csv;
    if (file == "decisions.csv") return export_kind::decisions_csv;
    if (file == "minutes.md") return export_kind::minutes_md;
    return std::nullopt;
}

std::string_view export_content_type(export_kind k) {
    return k == export_kind::minutes_md ? "text/markdown; charset=utf-8" : "text/csv; charset=utf-8";
}

std::string export_stem(std::string_view session_id) {
    std::string out = "samskab-";
    for (char c : session_id.substr(0, 64))
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_') out += c;
    return out;
}

std::string export_filename(std::string_view session_id, export_kind k) {
    const std::string out = export_stem(session_id);
    switch (k) {
    case export_kind::ideas_csv: return out + "-ideas.csv";
    case export_kind::trial_actions_csv: return out + "-trial_actions.csv";
    case export_kind::decisions_csv: return out + "-decisions.csv";
    case export_kind::minutes_md: return out + "-minutes.md";
    }
    return out;
}

std::string encode_export(export_kind k, const outcome_answer& a) {
    const json report = json::parse(encode_outcome(a), nullptr, false);
    const json& snapshot = at(report, "snapshot");
    switch (k) {
    case export_kind::ideas_csv: return export_ideas_csv(snapshot);
    case export_kind::trial_actions_csv: return export_trial_actions_csv(snapshot);
    case export_kind::decisions_csv: return export_decisions_csv(snapshot);
    case export_kind::minutes_md: return export_minutes_md(report);
    }
    return "";
}

}  // namespace samskab::protocol
