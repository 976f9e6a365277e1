// A session's exports (GET /api/sessions/{id}/export/{file}, PROTOCOL.md "Exports"):
// CSV files of its ideas, trial actions and decisions, and Markdown minutes, each made
// from the reader's outcome report (outcome.hpp) and nothing else, so that an export
// never shows more than the reader's own snapshot.
//
// CSV: RFC 4180 (a header row, CRLF line ends, a field with a comma, quote, CR or LF in
// quotes with its quotes doubled), UTF-8 with a byte order mark (without one, Excel in
// Denmark reads UTF-8 as Windows-1252), and every text field that starts with '=', '+',
// '-', '@', a tab or a CR gets a leading apostrophe so a spreadsheet never runs it as a
// formula (OWASP, "CSV Injection"). Markdown: in user text, \ ` * _ [ ] < > # | ~ are
// backslash-escaped, a leading "-", "+" or "1." / "1)" too, and line breaks become
// spaces, so a text can make no link, image, HTML, heading, list or table cell of its own
// (a bare address may still be shown as a link by a GFM viewer: it is only text).
//
// Authors: an idea's author is given only when the snapshot shows it AND the session's
// anonymity is "named"; in any other session no export names an idea's author, whoever
// reads it. Trial actions' owners and managers' decisions are named by the protocol's
// rules (taking on a trial action and deciding are done openly) and stay named.
//
// Threading: plain functions of values; safe from any thread.
#pragma once

#include "protocol/encoder.hpp"
#include "protocol/outcome.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace samskab::protocol {

enum class export_kind { ideas_csv, trial_actions_csv, decisions_csv, minutes_md };

// The export a file name of the path names ("ideas.csv", "trial_actions.csv",
// "decisions.csv", "minutes.md"), or nullopt.
std::optional<export_kind> export_kind_of(std::string_view file);
// "text/csv; charset=utf-8" or "text/markdown; charset=utf-8".
std::string_view export_content_type(export_kind k);
// A safe ASCII file name for Content-Disposition, from the session's id (only its
// letters, digits, '-' and '_' are kept) and the kind: "samskab-{id}-ideas.csv".
std::string export_filename(std::string_view session_id, export_kind k);
// Any export's file name, "samskab-{id}-{file}", from the id's safe characters (the
// session archive's is "samskab-{id}-session.json").
std::string export_filename(std::string_view id, std::string_view file);

// The export of kind k made from the outcome report a (its snapshot, participation and
// timeline). Precondition: a.snapshot is a JSON object's text.
std::string encode_export(export_kind k, const outcome_answer& a);

// A workspace's portfolio as CSV (GET /api/workspaces/{id}/export/portfolio.csv), made
// from its JSON answer a (encode_portfolio) and nothing else: one row per trial action
// selected, with its session, status, owners, dates, last check-in and last decision.
// No join code.
std::string encode_portfolio_csv(const portfolio_answer& a);

}  // namespace samskab::protocol
