// The exports' converters on parsed JSON (see export.hpp for the formats and their
// guards). `snapshot` is a snapshot message as the outcome report embeds it; `report`
// is the whole outcome report (encode_outcome's text, parsed). Tolerant: a member that
// is missing or of another type reads as empty.
//
// Threading: plain functions of values; safe from any thread.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace samskab::protocol {

std::string export_ideas_csv(const nlohmann::json& snapshot);
std::string export_trial_actions_csv(const nlohmann::json& snapshot);
std::string export_decisions_csv(const nlohmann::json& snapshot);
std::string export_minutes_md(const nlohmann::json& report);
// A workspace's portfolio (GET /api/workspaces/{id}/portfolio's answer, parsed) as CSV:
// one row per trial action it selected, with its session, status, owners, dates, last
// check-in and last decision (PROTOCOL.md, "Exports"). No join code.
std::string export_portfolio_csv(const nlohmann::json& portfolio);

// One CSV field as written: the formula guard, then RFC 4180 quoting.
std::string csv_field(std::string_view text);
// User text escaped for Markdown (inline: line breaks become spaces).
std::string markdown_escape(std::string_view text);

}  // namespace samskab::protocol
