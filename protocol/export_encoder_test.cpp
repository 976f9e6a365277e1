// Tests of the exports' converters (export.hpp): RFC 4180 quoting, the formula guard, the
// byte order mark, Markdown escaping, the columns of each CSV, and that a session that
// is not "named" has no idea authors in any export, whoever reads it; and the workspace
// archive's frame around its sessions' archives.
#include "protocol/export.hpp"
#include "protocol/archive.hpp"
#include "protocol/export_json.hpp"

#include "domain/test_fixture.hpp"
#include "protocol/encoder.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <sstream>

using namespace samskab::protocol;
using namespace samskab::domain;
using namespace samskab::domain::testing;
using nlohmann::json;

namespace {

const std::string bom = "\xEF\xBB\xBF";

// The CSV's lines (split at CRLF; the BOM removed from the first).
std::vector<std::string> lines_of(const std::string& csv) {
    REQUIRE(csv.starts_with(bom));
    std::vector<std::string> out;
    std::size_t from = bom.size();
    while (from < csv.size()) {
        const auto end = csv.find("\r\n", from);
        REQUIRE(end != std::string::npos);  // every line ends with CRLF
        out.push_back(csv.substr(from, end - from));
        from = end + 2;
    }
    return out;
}

json snapshot_with(const std::string& anonymity) {
    return json{
        {"type", "snapshot"},
        {"session", {{"id", "s1"}, {"title", "Ældreplejen"}, {"question", "Hvad er *umuligt*?"}, {"status", "open"},
                     {"created_at", "2026-11-23T13:27:00.123Z"}}},
        {"controls", {{"phase", "vote"}, {"settings", {{"anonymity", anonymity}}}}},
        {"columns", {{{"id", 1}, {"title", "Idéer"}}}},
        {"clusters", {{{"id", 3}, {"column", 1}, {"name", "Tid"}}}},
        {"ideas",
         {{{"id", 7}, {"column", 1}, {"cluster", 3}, {"text", "=HYPERLINK(\"http://x\"), sagde \"Anna\""},
           {"author", {{"id", 3}, {"name", "Anna"}, {"role", "citizen"}}}, {"fate", "parked"},
           {"fate_reason", "Later\nmaybe"}, {"merged_into", 0}, {"trial_action", 0},
           {"created_at", "2026-11-23T13:30:00.000Z"}},
          {{"id", 9}, {"column", 1}, {"cluster", 0}, {"text", "Mere tid"}, {"author", nullptr}, {"fate", "open"},
           {"fate_reason", ""}, {"merged_into", 0}, {"trial_action", 0}, {"created_at", "2026-11-23T13:31:00.000Z"}}}},
        {"votes",
         {{"results",
           {{"groups", {"citizen", "others"}},
            {"voters", {{"citizen", 3}, {"others", 3}}},
            {"ideas", {{{"id", 7}, {"total", 5}, {"by_group", {{"citizen", 4}, {"others", 1}}}}}}}}}},
        {"trial_actions",
         {{{"id", 2}, {"title", "Bordtennis"}, {"what", "-1+1"}, {"we_believe", "unge og ældre, får kontakt"},
           {"we_know_when", "@ti faste"}, {"owners", {{{"id", 5}, {"name", "Bo"}}, {{"id", 3}, {"name", "Anna"}}}},
           {"start_date", "2026-12-01"}, {"review_date", "2027-02-01"}, {"status", "approved"}, {"outcome", "none"},
           {"from_ideas", {7, 9}}, {"created_at", "2026-11-23T14:00:00.000Z"}, {"updated_at", "2026-11-23T14:01:00.000Z"}}}},
        {"decisions",
         {{{"id", 1}, {"target_kind", "trial_action"}, {"target_id", 2}, {"kind", "approve"}, {"note", "Vi prøver"},
           {"by", {{"id", 4}, {"name", "Mona"}, {"role", "manager"}}}, {"at", "2026-11-23T14:02:00.000Z"}}}}};
}

}  // namespace

TEST_CASE("CSV fields: RFC 4180 quoting and the formula guard", "[protocol]") {
    CHECK(csv_field("plain") == "plain");
    CHECK(csv_field("") == "");
    CHECK(csv_field("a,b") == "\"a,b\"");
    CHECK(csv_field("say \"hi\"") == "\"say \"\"hi\"\"\"");
    CHECK(csv_field("two\nlines") == "\"two\nlines\"");
    CHECK(csv_field("cr\rhere") == "\"cr\rhere\"");
    CHECK(csv_field("Æble ø å") == "Æble ø å");
    // OWASP: what a spreadsheet would run as a formula starts with an apostrophe.
    CHECK(csv_field("=1+2") == "'=1+2");
    CHECK(csv_field("+45 1234") == "'+45 1234");
    CHECK(csv_field("-3") == "'-3");
    CHECK(csv_field("@SUM(A1)") == "'@SUM(A1)");
    CHECK(csv_field("\tx") == "'\tx");
    CHECK(csv_field("\rx") == "\"'\rx\"");
    CHECK(csv_field("=A1,B1") == "\"'=A1,B1\"");
    CHECK(csv_field("a=b") == "a=b");
}

TEST_CASE("Markdown escaping: user text makes no link, HTML, emphasis, heading, list or cell", "[protocol]") {
    CHECK(markdown_escape("plain text, ok.") == "plain text, ok.");
    CHECK(markdown_escape("[click](http://evil)") == "\\[click\\](http://evil)");
    CHECK(markdown_escape("![img](x)") == "!\\[img\\](x)");
    CHECK(markdown_escape("<script>alert(1)</script>") == "\\<script\\>alert(1)\\</script\\>");
    CHECK(markdown_escape("*bold* _it_ `code` ~s~") == "\\*bold\\* \\_it\\_ \\`code\\` \\~s\\~");
    CHECK(markdown_escape("# heading") == "\\# heading");
    CHECK(markdown_escape("a | b") == "a \\| b");
    CHECK(markdown_escape("back\\slash") == "back\\\\slash");
    CHECK(markdown_escape("- item") == "\\- item");
    CHECK(markdown_escape("+ item") == "\\+ item");
    CHECK(markdown_escape("12. item") == "12\\. item");
    CHECK(markdown_escape("3) item") == "3\\) item");
    CHECK(markdown_escape("2026 was -good") == "2026 was -good");
    CHECK(markdown_escape("one\ntwo\r\nthree") == "one two three");
    CHECK(markdown_escape("line\n# not a heading") == "line \\# not a heading");
}

TEST_CASE("ideas.csv: BOM, header, one row per idea with votes by role group", "[protocol]") {
    const auto csv = export_ideas_csv(snapshot_with("named"));
    const auto lines = lines_of(csv);
    REQUIRE(lines.size() == 3);
    CHECK(lines[0] ==
          "id,text,column,cluster,fate,fate_reason,merged_into,trial_action,author,votes,votes_citizen,votes_others,"
          "created_at");
    // The formula guard, then quoting (the text has a comma and quotes).
    CHECK(lines[1] == "7,\"'=HYPERLINK(\"\"http://x\"\"), sagde \"\"Anna\"\"\",Idéer,Tid,parked,\"Later\nmaybe\",,,"
                      "Anna,5,4,1,2026-11-23T13:30:00.000Z");
    CHECK(lines[2] == "9,Mere tid,Idéer,,open,,,,,0,0,0,2026-11-23T13:31:00.000Z");

    // Before the votes are revealed: the vote columns are empty, and no group columns.
    auto hidden = snapshot_with("named");
    hidden["votes"]["results"] = nullptr;
    const auto before = lines_of(export_ideas_csv(hidden));
    CHECK(before[0] == "id,text,column,cluster,fate,fate_reason,merged_into,trial_action,author,votes,created_at");
    CHECK(before[2] == "9,Mere tid,Idéer,,open,,,,,,2026-11-23T13:31:00.000Z");
}

TEST_CASE("trial_actions.csv and decisions.csv: their columns and values", "[protocol]") {
    const auto trials = lines_of(export_trial_actions_csv(snapshot_with("named")));
    REQUIRE(trials.size() == 2);
    CHECK(trials[0] == "id,title,status,outcome,what,we_believe,we_know_when,owners,start_date,review_date,from_ideas,"
                       "created_at,updated_at");
    CHECK(trials[1] == "2,Bordtennis,approved,none,'-1+1,\"unge og ældre, får kontakt\",'@ti faste,Bo; Anna,2026-12-01,"
                       "2027-02-01,7; 9,2026-11-23T14:00:00.000Z,2026-11-23T14:01:00.000Z");

    const auto decisions = lines_of(export_decisions_csv(snapshot_with("named")));
    REQUIRE(decisions.size() == 2);
    CHECK(decisions[0] == "id,at,target_kind,target_id,target,kind,note,by,role");
    CHECK(decisions[1] == "1,2026-11-23T14:02:00.000Z,trial_action,2,Bordtennis,approve,Vi prøver,Mona,manager");

    auto empty = json{{"type", "snapshot"}};
    CHECK(lines_of(export_decisions_csv(empty)).size() == 1);
    CHECK(lines_of(export_trial_actions_csv(empty)).size() == 1);
}

TEST_CASE("portfolio.csv: one row per trial action of the portfolio's answer, no join code", "[protocol]") {
    const json portfolio = {
        {"version", 7},
        {"today", "2027-03-05"},
        {"trial_actions",
         {{{"session", {{"id", "q0b7cZ1fTRe2n9xY"}, {"title", "Ældreplejen"}, {"code", "K7M2QX"}, {"status", "closed"}}},
           {"trial_action",
            {{"id", 2}, {"title", "Bordtennis"}, {"status", "running"}, {"outcome", "none"}, {"what", "=1+1"},
             {"we_believe", "unge og ældre, får kontakt"}, {"we_know_when", "ti faste"},
             {"owners", {{{"id", 0}, {"name", "Bo"}}, {{"id", 4}, {"name", "Anna"}}}}, {"start_date", "2027-01-04"},
             {"review_date", "2027-03-01"}, {"spread", false}, {"created_at", "2026-11-23T14:00:00.000Z"},
             {"updated_at", "2027-02-01T09:00:00.000Z"}}},
           {"theme", "Fællesskab"},
           {"age_days", 102},
           {"overdue", true},
           {"check_ins", 1},
           {"last_check_in", {{"at", "2027-02-01T09:00:00.000Z"}, {"check_in", {{"proposal", "adapt"}}}}},
           {"last_decision",
            {{"kind", "adapt"}, {"note", "Om eftermiddagen"}, {"at", "2027-02-02T10:00:00.000Z"},
             {"by", {{"name", "Mona"}, {"role", "manager"}}}}}},
          // A row whose session is not at hand, with nothing checked in or decided.
          {{"session", nullptr},
           {"trial_action", {{"id", 3}, {"title", "Tur"}, {"status", "proposed"}, {"spread", true}}},
           {"overdue", false},
           {"check_ins", 0},
           {"last_check_in", nullptr},
           {"last_decision", nullptr}}}}};
    const auto lines = lines_of(export_portfolio_csv(portfolio));
    REQUIRE(lines.size() == 3);
    CHECK(lines[0] == "session_id,session,session_status,trial_action_id,title,status,outcome,theme,owners,start_date,"
                      "review_date,overdue,age_days,spread,check_ins,last_check_in_at,last_check_in_proposal,"
                      "last_decision,last_decision_note,last_decision_at,last_decision_by,what,we_believe,"
                      "we_know_when,created_at,updated_at");
    CHECK(lines[1] == "q0b7cZ1fTRe2n9xY,Ældreplejen,closed,2,Bordtennis,running,none,Fællesskab,Bo; Anna,2027-01-04,"
                      "2027-03-01,yes,102,no,1,2027-02-01T09:00:00.000Z,adapt,adapt,Om eftermiddagen,"
                      "2027-02-02T10:00:00.000Z,Mona,'=1+1,\"unge og ældre, får kontakt\",ti faste,"
                      "2026-11-23T14:00:00.000Z,2027-02-01T09:00:00.000Z");
    CHECK(lines[2] == ",,,3,Tur,proposed,,,,,,no,,yes,0,,,,,,,,,,,");
    CHECK(export_portfolio_csv(portfolio).find("K7M2QX") == std::string::npos);
    CHECK(lines_of(export_portfolio_csv(json::object())).size() == 1);
    CHECK(export_filename("hV3kq9ZtR2xY7bNa", "portfolio.csv") == "samskab-hV3kq9ZtR2xY7bNa-portfolio.csv");
}

TEST_CASE("an export of a session that is not named has no idea authors, even for a facilitator", "[protocol]") {
    for (const std::string anonymity : {"anonymous", "hidden_from_participants"}) {
        INFO(anonymity);
        const auto snapshot = snapshot_with(anonymity);  // as a facilitator: the author is in the snapshot
        CHECK(export_ideas_csv(snapshot).find(",Anna,") == std::string::npos);
        const json report{{"snapshot", snapshot}, {"participation", json::object()}, {"timeline", json::array()}};
        const auto md = export_minutes_md(report);
        CHECK(md.find("(Anna)") == std::string::npos);
    }
    const json named{{"snapshot", snapshot_with("named")}};
    CHECK(export_minutes_md(named).find("(Anna)") != std::string::npos);
}

TEST_CASE("minutes.md: title, question, participation, phases, trial actions, decisions, ideas by fate, votes",
          "[protocol]") {
    const json report{{"generated_at", "2026-11-23T15:00:00.000Z"},
                      {"snapshot", snapshot_with("named")},
                      {"participation", {{"facilitator", {{"joined", 1}, {"active", 1}}},
                                         {"citizen", {{"joined", 14}, {"active", 11}}}}},
                      {"timeline", {{{"phase", "welcome"}, {"started_at", "2026-11-23T13:27:00.123Z"},
                                     {"ended_at", "2026-11-23T13:37:00.123Z"}, {"seconds", 600}},
                                    {{"phase", "ideas"}, {"started_at", "2026-11-23T13:37:00.123Z"},
                                     {"ended_at", nullptr}, {"seconds", 90}}}},
                      {"timeline_complete", true}};
    const auto md = export_minutes_md(report);
    INFO(md);
    CHECK(md.starts_with("# Ældreplejen\n"));
    CHECK(md.find("- **Question:** Hvad er \\*umuligt\\*?\n") != std::string::npos);
    CHECK(md.find("- **Date:** 2026-11-23\n") != std::string::npos);
    CHECK(md.find("| facilitator | 1 | 1 |\n| citizen | 14 | 11 |\n") != std::string::npos);  // in the roles' order
    CHECK(md.find("| welcome | 2026-11-23 13:27 UTC | 2026-11-23 13:37 UTC | 10 |\n") != std::string::npos);
    CHECK(md.find("| ideas | 2026-11-23 13:37 UTC | going on | 2 |\n") != std::string::npos);
    CHECK(md.find("### Bordtennis\n") != std::string::npos);
    CHECK(md.find("- **Owners:** Bo; Anna\n") != std::string::npos);
    CHECK(md.find("- **We know when:** @ti faste\n") != std::string::npos);
    CHECK(md.find("- **Review:** 2027-02-01\n") != std::string::npos);
    CHECK(md.find("**approve** on trial action \"Bordtennis\" by Mona (manager): Vi prøver\n") != std::string::npos);
    CHECK(md.find("### Parked\n\n- =HYPERLINK(\"http://x\"), sagde \"Anna\" (Anna), votes: 5: Later maybe\n") !=
          std::string::npos);
    CHECK(md.find("### Open\n\n- Mere tid, votes: 0\n") != std::string::npos);
    CHECK(md.find("| Idea | Votes | citizen | others |\n") != std::string::npos);
    CHECK(md.find("Voters: citizen 3, others 3.\n") != std::string::npos);
}

TEST_CASE("encode_export: from the outcome report, with file names and content types", "[protocol]") {
    settings anonymous;
    anonymous.anonymity_ = anonymity::anonymous;
    session_fixture f(anonymous);
    f.phase(phase::ideas);
    f.add(f.citizen, "An idea of Anna's");
    outcome_answer a;
    a.generated_at = t0;
    a.reader = {outcome_reader::kind::participant, "facilitator", f.fac.id};
    a.snapshot = encode_snapshot(f.w, viewer_of(f.fac));
    a.participation = participation_of(f.w);
    const auto csv = encode_export(export_kind::ideas_csv, a);
    CHECK(csv.find("An idea of Anna's") != std::string::npos);
    CHECK(csv.find(",Anna,") == std::string::npos);
    CHECK(encode_export(export_kind::minutes_md, a).starts_with("# Title\n"));

    CHECK(export_kind_of("ideas.csv") == export_kind::ideas_csv);
    CHECK(export_kind_of("minutes.md") == export_kind::minutes_md);
    CHECK_FALSE(export_kind_of("ideas.xlsx"));
    CHECK_FALSE(export_kind_of(""));
    CHECK(export_filename("q0b7cZ1fTRe2n9xY", export_kind::decisions_csv) == "samskab-q0b7cZ1fTRe2n9xY-decisions.csv");
    CHECK(export_filename("a\"b/c;d", export_kind::minutes_md) == "samskab-abcd-minutes.md");
    CHECK(export_content_type(export_kind::trial_actions_csv) == "text/csv; charset=utf-8");
    CHECK(export_content_type(export_kind::minutes_md) == "text/markdown; charset=utf-8");
}

TEST_CASE("workspace archive: the workspace, its links without secrets, its sessions' archives as given", "[protocol]") {
    workspace w;
    w.id = "hV3kq9ZtR2xY7bNa";
    w.name = "Dragør \"Kommune\"";
    w.created_at = time_point{std::chrono::milliseconds(1000)};
    w.overload_limit = 8;
    w.links.push_back({workspace_role::admin, "NONCE-ADMIN", "HASH-ADMIN", true, time_point{std::chrono::milliseconds(1000)}});
    w.links.push_back({workspace_role::manager, "NONCE-OLD", "HASH-OLD", false, time_point{std::chrono::milliseconds(2000)}});
    const time_point at{std::chrono::milliseconds(5000)};

    const std::string none = workspace_archive_writer(w, at).finish();
    const json empty = json::parse(none);
    CHECK(empty["sessions"] == json::array());
    CHECK(empty["format"] == "samskab-workspace");

    workspace_archive_writer two(w, at);
    REQUIRE(two.add(R"({"format":"samskab-session","n":1})"));
    const auto after_one = two.size();
    REQUIRE(two.add(R"({"format":"samskab-session","n":2})"));
    CHECK(two.size() > after_one);
    const std::string text = std::move(two).finish();
    const json doc = json::parse(text);
    CHECK(doc == json::parse(R"({"format": "samskab-workspace", "version": 1, "exported_at": 5000,
        "workspace": {"id": "hV3kq9ZtR2xY7bNa", "name": "Dragør \"Kommune\"", "created_at": 1000, "overload_limit": 8, "retention_months": 0},
        "links": [{"role": "admin", "active": true, "created_at": 1000}, {"role": "manager", "active": false, "created_at": 2000}],
        "sessions": [{"format": "samskab-session", "n": 1}, {"format": "samskab-session", "n": 2}]})"));
    // The members in the documented order, and no secret of a link.
    CHECK(text.starts_with(R"({"format":"samskab-workspace","version":1,"exported_at":5000,"workspace":)"));
    for (const char* secret : {"NONCE", "HASH"}) CHECK(text.find(secret) == std::string::npos);
}

TEST_CASE("workspace archive: a session that would take the document over its cap is refused, too_long with the cap",
          "[protocol]") {
    workspace w;
    w.id = "hV3kq9ZtR2xY7bNa";
    w.name = "Dragør";
    const std::string session = R"({"format":"samskab-session"})";
    const std::size_t head = workspace_archive_writer(w, time_point{}).size();
    // Room for exactly one session and the closing "]}".
    const std::size_t cap = head + session.size() + 2;
    workspace_archive_writer doc(w, time_point{}, cap);
    REQUIRE(doc.add(session));
    const auto second = doc.add(session);
    REQUIRE_FALSE(second);
    CHECK(second.err().code == errc::too_long);
    CHECK(second.err().limit == static_cast<std::int64_t>(cap));
    // Nothing of the refused session went in: the document so far is whole, and exactly the cap.
    const std::string text = std::move(doc).finish();
    CHECK(text.size() == cap);
    CHECK(json::parse(text)["sessions"].size() == 1);
    // One byte less and not even one session fits.
    CHECK_FALSE(workspace_archive_writer(w, time_point{}, cap - 1).add(session));
}
