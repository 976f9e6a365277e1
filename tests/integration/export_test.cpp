// Integration tests of the session exports, GET /api/sessions/{id}/export/{file}, with
// the real server: a short workshop in a workspace played over WebSockets, then each
// export (ideas.csv, trial_actions.csv, decisions.csv, minutes.md) checked against what
// happened, who may export and who is refused (401, 403 forbidden, 403 invalid_token),
// that an anonymous session's exports name no author, and no token in any answer.
#include "live_server.hpp"
#include "recorder.hpp"
#include "workspace_helpers.hpp"

#include <set>

using namespace samskab::testing;
using nlohmann::json;

namespace {

const std::string bom = "\xEF\xBB\xBF";

// Every answer the tests received (bodies and headers), to look for tokens in them.
std::vector<std::string> answers;

http_reply exported(std::uint16_t port, const std::string& session_id, const std::string& file,
                    const std::string& token, const std::string& method = "GET") {
    std::map<std::string, std::string> headers;
    if (!token.empty()) headers["Authorization"] = "Bearer " + token;
    auto r = http(port, method, "/api/sessions/" + session_id + "/export/" + file, "", headers);
    std::string all = r.body;
    for (const auto& [k, v] : r.headers) all += "\n" + k + ": " + v;
    answers.push_back(all);
    return r;
}

// A CSV (RFC 4180, with a BOM) read into rows of fields, each row as header -> field.
using csv_row = std::map<std::string, std::string>;
std::vector<csv_row> parse_csv(const std::string& text) {
    REQUIRE(text.starts_with(bom));
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string> row;
    std::string field;
    bool quoted = false;
    for (std::size_t k = bom.size(); k < text.size(); ++k) {
        const char c = text[k];
        if (quoted) {
            if (c == '"' && k + 1 < text.size() && text[k + 1] == '"') field += '"', ++k;
            else if (c == '"') quoted = false;
            else field += c;
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            row.push_back(std::move(field));
            field.clear();
        } else if (c == '\r') {
            REQUIRE(k + 1 < text.size());
            REQUIRE(text[k + 1] == '\n');  // CRLF only
            ++k;
            row.push_back(std::move(field));
            field.clear();
            rows.push_back(std::move(row));
            row.clear();
        } else {
            REQUIRE(c != '\n');  // a bare LF only inside quotes
            field += c;
        }
    }
    REQUIRE(row.empty());
    REQUIRE(field.empty());
    REQUIRE_FALSE(rows.empty());
    std::vector<csv_row> out;
    for (std::size_t r = 1; r < rows.size(); ++r) {
        REQUIRE(rows[r].size() == rows[0].size());
        csv_row m;
        for (std::size_t c = 0; c < rows[0].size(); ++c) m[rows[0][c]] = rows[r][c];
        out.push_back(std::move(m));
    }
    return out;
}

std::vector<std::string> header_of(const std::string& csv) {
    const auto end = csv.find("\r\n");
    std::vector<std::string> out;
    std::string line = csv.substr(bom.size(), end - bom.size());
    std::size_t from = 0;
    for (auto comma = line.find(','); ; comma = line.find(',', from)) {
        out.push_back(line.substr(from, comma - from));
        if (comma == std::string::npos) break;
        from = comma + 1;
    }
    return out;
}

const csv_row& row_with(const std::vector<csv_row>& rows, const std::string& column, const std::string& value) {
    for (const auto& r : rows)
        if (r.at(column) == value) return r;
    FAIL("no row with " << column << " = " << value);
    return rows.front();
}

std::string ok_export(std::uint16_t port, const std::string& id, const std::string& file, const std::string& token) {
    auto r = exported(port, id, file, token);
    INFO(file << ": " << r.body);
    REQUIRE(r.status == 200);
    const bool md = file.ends_with(".md");
    CHECK(r.headers["content-type"] == (md ? "text/markdown; charset=utf-8" : "text/csv; charset=utf-8"));
    CHECK(r.headers["content-disposition"] == "attachment; filename=\"samskab-" + id + "-" + file + "\"");
    CHECK(r.headers["cache-control"] == "no-store");
    return r.body;
}

}  // namespace

TEST_CASE("exports: each CSV and the minutes tell what happened, for those who may export", "[integration]") {
    answers.clear();
    live_server s;
    const auto w = make_workspace(s, "Dragør Kommune");
    const std::string viewer_link = workspace_link(s, w, "viewer");
    const std::string manager_link = workspace_link(s, w, "manager");
    const std::string facilitator_link = workspace_link(s, w, "facilitator");
    const auto sess = workspace_session(s, w, {{"fold_threshold", 2}});
    const std::string id = sess.created["id"];
    std::set<std::string> tokens{w.token, viewer_link, manager_link, facilitator_link, sess.facilitator_token};

    recorder fac(s.port());
    fac.join({{"code", sess.code}, {"token", sess.facilitator_token}});
    REQUIRE(fac.answer(cmd("phase.set", "f1", {{"phase", "ideas"}}))["type"] == "ack");
    auto invite = [&](const std::string& role, const std::string& ref) {
        REQUIRE(fac.answer(cmd("invite.renew", ref, {{"role", role}}))["type"] == "ack");
        const auto link = link_of(fac.next_of_type("invites"), role);
        tokens.insert(link);
        return link;
    };
    const std::string manager_invite = invite("manager", "f2");
    const std::string staff_invite = invite("staff", "f3");

    recorder anna(s.port()), bo(s.port()), sam(s.port()), tove(s.port()), mona(s.port());
    anna.join({{"code", sess.code}, {"name", "Anna"}});
    bo.join({{"code", sess.code}, {"name", "Bo"}});
    sam.join({{"code", sess.code}, {"name", "Sam"}, {"invite", staff_invite}});
    tove.join({{"code", sess.code}, {"name", "Tove"}, {"invite", staff_invite}});
    mona.join({{"code", sess.code}, {"name", "Mona"}, {"invite", manager_invite}});
    for (auto* r : {&anna, &bo, &sam, &tove, &mona}) {
        REQUIRE(r->token.size() == 43);
        tokens.insert(r->token);
    }

    const std::string formula = "=HYPERLINK(\"http://evil\",\"click\")";
    const auto a_idea = added_idea(anna, "a1", "Longer visits, \"real\" time");
    const auto b_idea = added_idea(bo, "b1", formula);
    const auto s_idea = added_idea(sam, "s1", "Two lines\nof text");
    const auto hidden = added_idea(tove, "t1", "Tove: hidden by the facilitator");
    REQUIRE(fac.answer(cmd("idea.moderate", "f4", {{"id", hidden}, {"hidden", true}}))["type"] == "ack");
    REQUIRE(fac.answer(cmd("idea.fate", "f5", {{"id", s_idea}, {"fate", "parked"}, {"reason", "Not now, maybe later"}}))["type"] == "ack");

    REQUIRE(fac.answer(cmd("phase.set", "f6", {{"phase", "vote"}}))["type"] == "ack");
    REQUIRE(anna.answer(cmd("vote.set", "a2", {{"idea", a_idea}, {"dots", 2}}))["type"] == "ack");
    REQUIRE(bo.answer(cmd("vote.set", "b2", {{"idea", a_idea}, {"dots", 1}}))["type"] == "ack");
    REQUIRE(bo.answer(cmd("vote.set", "b3", {{"idea", b_idea}, {"dots", 1}}))["type"] == "ack");
    REQUIRE(sam.answer(cmd("vote.set", "s2", {{"idea", b_idea}, {"dots", 2}}))["type"] == "ack");
    REQUIRE(tove.answer(cmd("vote.set", "t2", {{"idea", a_idea}, {"dots", 1}}))["type"] == "ack");
    REQUIRE(fac.answer(cmd("votes.reveal", "f7"))["type"] == "ack");

    REQUIRE(fac.answer(cmd("phase.set", "f8", {{"phase", "trial_actions"}}))["type"] == "ack");
    const std::int64_t anna_id = anna.of_type("welcome").front()["you"]["id"];
    const auto trial = fac.answer(cmd("trial.create", "f9",
                                      {{"title", "Længere besøg"},
                                       {"what", "-Visits of an hour"},
                                       {"we_believe", "longer visits help"},
                                       {"we_know_when", "fewer calls, per week"},
                                       {"start_date", "2027-01-04"},
                                       {"review_date", "2027-03-01"},
                                       {"ideas", {a_idea}},
                                       {"owners", {anna_id}}}));
    REQUIRE(trial["type"] == "ack");
    const std::int64_t trial_id = trial["event"]["trial_action"]["id"];
    REQUIRE(mona.answer(cmd("decision.record", "m1",
                            {{"target_kind", "trial_action"}, {"target_id", trial_id}, {"kind", "approve"},
                             {"note", "Vi prøver det til marts"}}))["type"] == "ack");
    REQUIRE(mona.answer(cmd("decision.record", "m2",
                            {{"target_kind", "idea"}, {"target_id", b_idea}, {"kind", "needs_check"},
                             {"note", "Juridisk vurdering"}}))["type"] == "ack");
    REQUIRE(fac.answer(cmd("phase.set", "f10", {{"phase", "wrap_up"}}))["type"] == "ack");

    SECTION("ideas.csv: every idea the reader may see, fates, authors, votes by role") {
        const auto csv = ok_export(s.port(), id, "ideas.csv", sess.facilitator_token);
        CHECK(header_of(csv) == std::vector<std::string>{"id", "text", "column", "cluster", "fate", "fate_reason",
                                                         "merged_into", "trial_action", "author", "votes",
                                                         "votes_citizen", "votes_staff", "created_at"});
        const auto rows = parse_csv(csv);
        REQUIRE(rows.size() == 4);  // the facilitator sees the hidden idea too
        const auto& a = row_with(rows, "id", std::to_string(a_idea));
        CHECK(a.at("text") == "Longer visits, \"real\" time");
        CHECK(a.at("column") == "Ideas");
        CHECK(a.at("author") == "Anna");
        CHECK(a.at("fate") == "trial_action");
        CHECK(a.at("trial_action") == std::to_string(trial_id));
        CHECK(a.at("votes") == "4");
        CHECK(a.at("votes_citizen") == "3");
        CHECK(a.at("votes_staff") == "1");
        const auto& b = row_with(rows, "id", std::to_string(b_idea));
        CHECK(b.at("text") == "'" + formula);  // the formula guard
        CHECK(b.at("author") == "Bo");
        CHECK(b.at("fate") == "open");
        CHECK(b.at("votes") == "3");
        CHECK(b.at("votes_citizen") == "1");
        CHECK(b.at("votes_staff") == "2");
        // The facilitator's minutes show the hidden idea as hidden.
        CHECK(ok_export(s.port(), id, "minutes.md", sess.facilitator_token)
                  .find("- Tove: hidden by the facilitator (Tove) (hidden by the facilitators), votes: 0\n") !=
              std::string::npos);
        const auto& p = row_with(rows, "id", std::to_string(s_idea));
        CHECK(p.at("text") == "Two lines\nof text");
        CHECK(p.at("fate") == "parked");
        CHECK(p.at("fate_reason") == "Not now, maybe later");
        CHECK(p.at("author") == "Sam");
        CHECK(p.at("votes") == "0");
        CHECK(row_with(rows, "id", std::to_string(hidden)).at("author") == "Tove");

        // A workspace link reads as an observer: no hidden idea.
        const auto as_link = parse_csv(ok_export(s.port(), id, "ideas.csv", manager_link));
        CHECK(as_link.size() == 3);
        for (const auto& r : as_link) CHECK(r.at("text") != "Tove: hidden by the facilitator");
    }

    SECTION("trial_actions.csv and decisions.csv") {
        const auto trials = parse_csv(ok_export(s.port(), id, "trial_actions.csv", sess.facilitator_token));
        REQUIRE(trials.size() == 1);
        const auto& t = trials.front();
        CHECK(t.at("id") == std::to_string(trial_id));
        CHECK(t.at("title") == "Længere besøg");
        CHECK(t.at("status") == "approved");
        CHECK(t.at("outcome") == "none");
        CHECK(t.at("what") == "'-Visits of an hour");
        CHECK(t.at("we_believe") == "longer visits help");
        CHECK(t.at("we_know_when") == "fewer calls, per week");
        CHECK(t.at("owners") == "Anna");
        CHECK(t.at("start_date") == "2027-01-04");
        CHECK(t.at("review_date") == "2027-03-01");
        CHECK(t.at("from_ideas") == std::to_string(a_idea));
        CHECK(t.at("created_at").size() == 24);

        const auto decisions = parse_csv(ok_export(s.port(), id, "decisions.csv", mona.token));
        REQUIRE(decisions.size() == 2);
        CHECK(decisions[0].at("target_kind") == "trial_action");
        CHECK(decisions[0].at("target") == "Længere besøg");
        CHECK(decisions[0].at("kind") == "approve");
        CHECK(decisions[0].at("note") == "Vi prøver det til marts");
        CHECK(decisions[0].at("by") == "Mona");
        CHECK(decisions[0].at("role") == "manager");
        CHECK(decisions[1].at("target_kind") == "idea");
        CHECK(decisions[1].at("target_id") == std::to_string(b_idea));
        CHECK(decisions[1].at("target") == "'" + formula);
        CHECK(decisions[1].at("kind") == "needs_check");
        CHECK(decisions[1].at("note") == "Juridisk vurdering");
    }

    SECTION("minutes.md: the question, participation, phases, trial actions, decisions, fates, votes") {
        const auto md = ok_export(s.port(), id, "minutes.md", facilitator_link);
        INFO(md);
        CHECK(md.starts_with("# Ældreplejen\n"));
        CHECK(md.find("- **Question:** Hvad er umuligt i dag?\n") != std::string::npos);
        CHECK(md.find("- **Status:** open\n") != std::string::npos);
        CHECK(md.find("| facilitator | 1 | 1 |\n| co\\_facilitator | 0 | 0 |\n| manager | 1 | 1 |\n| staff | 2 | 2 |\n"
                      "| citizen | 2 | 2 |\n| observer | 0 | 0 |\n") != std::string::npos);
        CHECK(md.find("Voters: citizen 2, staff 2.\n") != std::string::npos);
        for (const auto* phase : {"| welcome |", "| ideas |", "| vote |", "| trial\\_actions |", "| wrap\\_up |"})
            CHECK(md.find(phase) != std::string::npos);
        CHECK(md.find("### Længere besøg\n") != std::string::npos);
        CHECK(md.find("- **We believe:** longer visits help\n") != std::string::npos);
        CHECK(md.find("- **Owners:** Anna\n") != std::string::npos);
        CHECK(md.find("- **Review:** 2027-03-01\n") != std::string::npos);
        CHECK(md.find("**approve** on trial action \"Længere besøg\" by Mona (manager): Vi prøver det til marts") !=
              std::string::npos);
        CHECK(md.find("### Parked\n\n- Two lines of text (Sam), votes: 0: Not now, maybe later\n") != std::string::npos);
        CHECK(md.find("| Idea | Votes | citizen | staff |\n") != std::string::npos);
        CHECK(md.find("| Longer visits, \"real\" time | 4 | 3 | 1 |\n") != std::string::npos);
        // A workspace link reads as an observer: not the hidden idea.
        CHECK(md.find("Tove: hidden") == std::string::npos);
    }

    SECTION("portfolio.csv: the workspace's trial actions as its portfolio shows them, for the links that may export") {
        auto get = [&](const std::string& query, const std::string& token) {
            std::map<std::string, std::string> headers;
            if (!token.empty()) headers["Authorization"] = "Bearer " + token;
            auto r = http(s.port(), "GET", "/api/workspaces/" + w.id + "/export/portfolio.csv" + query, "", headers);
            answers.push_back(r.body);
            return r;
        };
        auto r = get("", w.token);
        INFO(r.body);
        REQUIRE(r.status == 200);
        CHECK(r.headers["content-type"] == "text/csv; charset=utf-8");
        CHECK(r.headers["content-disposition"] == "attachment; filename=\"samskab-" + w.id + "-portfolio.csv\"");
        CHECK(r.headers["cache-control"] == "no-store");
        const auto rows = parse_csv(r.body);
        REQUIRE(rows.size() == 1);
        const auto& t = rows.front();
        // A random id may begin with '-': the formula guard puts a ' before it, as before
        // any field that begins with = + - or @.
        CHECK(t.at("session_id") == (id.starts_with('-') ? "'" + id : id));
        CHECK(t.at("session") == "Ældreplejen");
        CHECK(t.at("session_status") == "open");
        CHECK(t.at("trial_action_id") == std::to_string(trial_id));
        CHECK(t.at("title") == "Længere besøg");
        CHECK(t.at("status") == "approved");
        CHECK(t.at("owners") == "Anna");
        CHECK(t.at("start_date") == "2027-01-04");
        CHECK(t.at("review_date") == "2027-03-01");
        CHECK(t.at("what") == "'-Visits of an hour");  // the formula guard
        CHECK(t.at("we_know_when") == "fewer calls, per week");
        CHECK(t.at("spread") == "no");
        CHECK(t.at("check_ins") == "0");
        CHECK(t.at("last_decision") == "approve");
        CHECK(t.at("last_decision_note") == "Vi prøver det til marts");
        CHECK(t.at("last_decision_by") == "Mona");
        // No join code in it, though the portfolio's JSON has one.
        CHECK(r.body.find(sess.code) == std::string::npos);

        // The portfolio's filters and sort: the rows the page shows.
        CHECK(parse_csv(get("?status=approved&sort=title", manager_link).body).size() == 1);
        CHECK(parse_csv(get("?status=running", facilitator_link).body).empty());
        auto after = get("?after=1", w.token);
        CHECK(after.status == 400);
        CHECK(error_code(after) == "invalid_field");
        auto bad = get("?status=flying", w.token);
        CHECK(bad.status == 400);

        auto viewer = get("", viewer_link);
        CHECK(viewer.status == 403);
        CHECK(error_code(viewer) == "forbidden");
        auto none = get("", "");
        CHECK(none.status == 401);
        CHECK(error_code(none) == "credentials_required");
        // A session's token is no workspace link.
        auto session_token = get("", sess.facilitator_token);
        CHECK(session_token.status == 403);
        CHECK(error_code(session_token) == "invalid_token");
        auto other = http(s.port(), "GET", "/api/workspaces/" + w.id + "/export/portfolio.xlsx", "",
                          {{"Authorization", "Bearer " + w.token}});
        CHECK(other.status == 404);
    }

    SECTION("who may export: facilitators, managers, a workspace's admin, facilitator and manager links") {
        for (const auto& file : {"ideas.csv", "trial_actions.csv", "decisions.csv", "minutes.md"}) {
            INFO(file);
            for (const auto& t : {sess.facilitator_token, mona.token, w.token, facilitator_link, manager_link})
                CHECK(exported(s.port(), id, file, t).status == 200);
            // Others: a good token, but no export.
            for (const auto& t : {anna.token, sam.token, viewer_link}) {
                auto r = exported(s.port(), id, file, t);
                CHECK(r.status == 403);
                CHECK(error_code(r) == "forbidden");
            }
            auto none = exported(s.port(), id, file, "");
            CHECK(none.status == 401);
            CHECK(error_code(none) == "credentials_required");
            CHECK(none.headers["www-authenticate"] == "Bearer");
            auto wrong = exported(s.port(), id, file, std::string(43, 'A'));
            CHECK(wrong.status == 403);
            CHECK(error_code(wrong) == "invalid_token");
        }
        // Refusals of good tokens are not failed attempts: the facilitator still gets in.
        CHECK(exported(s.port(), id, "ideas.csv", sess.facilitator_token).status == 200);
        auto head = exported(s.port(), id, "minutes.md", sess.facilitator_token, "HEAD");
        CHECK(head.status == 200);
        CHECK(head.body.empty());
        CHECK(std::stoul(head.headers["content-length"]) > 100);
        auto unknown = exported(s.port(), id, "ideas.xlsx", sess.facilitator_token);
        CHECK(unknown.status == 404);
        CHECK(error_code(unknown) == "not_found");
        auto post = http(s.port(), "POST", "/api/sessions/" + id + "/export/ideas.csv", "{}",
                         {{"Authorization", "Bearer " + sess.facilitator_token}, {"Content-Type", "application/json"}});
        answers.push_back(post.body);
        CHECK(post.status == 405);
        CHECK(post.headers["allow"] == "GET, HEAD");
    }

    // No token anywhere in any answer.
    CHECK_FALSE(answers.empty());
    for (const auto& a : answers)
        for (const auto& t : tokens) CHECK(a.find(t) == std::string::npos);
}

TEST_CASE("exports of an anonymous session name no author, even to its facilitator", "[integration]") {
    answers.clear();
    live_server s;
    const auto w = make_workspace(s, "Dragør Kommune");
    const auto sess = workspace_session(s, w, {{"anonymity", "anonymous"}});
    const std::string id = sess.created["id"];

    recorder fac(s.port()), anna(s.port());
    fac.join({{"code", sess.code}, {"token", sess.facilitator_token}});
    REQUIRE(fac.answer(cmd("phase.set", "f1", {{"phase", "ideas"}}))["type"] == "ack");
    anna.join({{"code", sess.code}, {"name", "Annabelle"}});
    const auto a = anna.answer(idea_add("a1", 1, "Nobody knows who wrote this"));
    REQUIRE(a["type"] == "ack");
    REQUIRE(fac.answer(cmd("idea.fate", "f2", {{"id", a["event"]["idea"]["id"]}, {"fate", "selected"}}))["type"] ==
            "ack");

    for (const auto& token : {sess.facilitator_token, w.token}) {
        const auto rows = parse_csv(ok_export(s.port(), id, "ideas.csv", token));
        REQUIRE(rows.size() == 1);
        CHECK(rows[0].at("text") == "Nobody knows who wrote this");
        CHECK(rows[0].at("fate") == "selected");
        CHECK(rows[0].at("author").empty());
        for (const auto& file : {"ideas.csv", "trial_actions.csv", "decisions.csv", "minutes.md"}) {
            const auto body = ok_export(s.port(), id, file, token);
            CHECK(body.find("Annabelle") == std::string::npos);
        }
    }
    // Anna herself may not export (a citizen).
    CHECK(exported(s.port(), id, "minutes.md", anna.token).status == 403);

    for (const auto& answer : answers)
        for (const auto& t : {w.token, sess.facilitator_token, anna.token}) CHECK(answer.find(t) == std::string::npos);
}
