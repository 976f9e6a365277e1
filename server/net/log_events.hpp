// The catalogue of the server's log events (see log.hpp): every line the server logs is
// one of these. The names are stable: operators' alerts match them. README.md, "Logs",
// lists each with its fields, and log_test.cpp fails when the two differ.
//
// A field is an id, a count, a path, a number in base units (_seconds, _bytes) or a text
// the server made (an SQLite or OS message); never a token, a join code, a display name
// or what people wrote. Client addresses only where an operator needs them to act: the
// refusals of a limit per address (rate_limited), throttled per address and limit.
#pragma once

#include "net/log.hpp"

#include <array>

namespace samskab::server::log::events {

// ---- start-up ----
inline constexpr event starting{"starting", level::info,
                                "samskab-server {version} starting: pid {pid}, {threads} thread(s), database {db}"};
inline constexpr event start_failed{"start_failed", level::error, "cannot start: {reason}", "stage"};
inline constexpr event key_created{"key_created", level::info,
                                   "created the server key {key_file}; back it up with the database"};
inline constexpr event database_backed_up{
    "database_backed_up", level::info,
    "the database {db} has schema version {from_version}, older than this program's {to_version}: backed it up "
    "({sessions} session(s)) to {backup} ({bytes} bytes) before migrating it; to go back to the previous version, "
    "restore that file with --restore-from (README.md, \"Upgrading and rolling back\")"};
inline constexpr event database_migrated{
    "database_migrated", level::info,
    "migrated the database {db} from schema version {from_version} to {to_version} in {seconds} s"};
inline constexpr event today_pinned{"today_pinned", level::info,
                                    "the portfolio takes {today} as today (SAMSKAB_TODAY)"};
inline constexpr event sessions_loaded{
    "sessions_loaded", level::info,
    "{sessions} session(s) loaded from {db} in {seconds} s, web client from {web_root} ({web_files} files)"};
inline constexpr event listening{"listening", level::info, "listening on {url}", "address port"};
inline constexpr event watchdog_on{"watchdog_on", level::info,
                                   "systemd's watchdog is on: a ping every {interval_seconds} s"};
inline constexpr event notify_failed{"notify_failed", level::warn,
                                     "cannot notify systemd through NOTIFY_SOCKET: {reason}"};

// ---- one-shot commands ----
inline constexpr event backup_written{
    "backup_written", level::info,
    "backup of {db} written to {backup} ({sessions} session(s), {changes} change(s), {bytes} bytes) in {seconds} s"};

// ---- sessions ----
inline constexpr event session_created{"session_created", level::info, "session {session} created"};
inline constexpr event session_create_failed{"session_create_failed", level::error,
                                             "creating a session failed: {reason}"};
inline constexpr event session_imported{"session_imported", level::info, "session {session} imported"};
inline constexpr event session_import_failed{"session_import_failed", level::error,
                                             "importing a session failed: {reason}"};
inline constexpr event session_deleted{"session_deleted", level::info,
                                       "session {session} deleted (trial actions kept: {trial_actions_kept})"};
inline constexpr event session_delete_failed{"session_delete_failed", level::error,
                                             "session {session}: {reason}; nothing was deleted"};
inline constexpr event names_removed{"names_removed", level::info,
                                     "retention: the display names of session {session} were removed"};
inline constexpr event names_remove_failed{"names_remove_failed", level::error,
                                           "session {session}: its names could not be removed ({reason})"};
inline constexpr event retention_failed{"retention_failed", level::error,
                                        "retention: the sessions to check could not be read ({reason})"};
inline constexpr event remote_change_refused{"remote_change_refused", level::warn,
                                             "session {session}: a follow-up's decision was not carried out ({code})"};

// ---- storage ----
inline constexpr event write_failed{
    "write_failed", level::error, "session {session}: write failed ({reason}); refusing {refused_changes} pending change(s)"};
inline constexpr event history_unreadable{"history_unreadable", level::error,
                                          "session {session}: its recent changes could not be read ({reason})"};
inline constexpr event history_mismatch{"history_mismatch", level::error,
                                        "session {session}: its recent changes end at {last_seq}, not at {seq}"};
inline constexpr event unexpected_write{"unexpected_write", level::error,
                                        "session {session}: a write completed that nothing was waiting for"};
inline constexpr event database_unwritable{
    "database_unwritable", level::error, "readiness: a probe write to the database failed ({reason}); /readyz answers 503"};
inline constexpr event database_writable{"database_writable", level::info,
                                         "readiness: the database takes writes again"};
inline constexpr event wal_checkpointed{
    "wal_checkpointed", level::info,
    "checkpoint ({mode}): {checkpointed_pages} of the WAL's {wal_pages} page(s) copied into the database in {seconds} s"};
inline constexpr event wal_checkpoint_incomplete{
    "wal_checkpoint_incomplete", level::warn,
    "checkpoint ({mode}) did not finish: {reason}; the WAL holds {wal_pages} page(s) and keeps every change; tried "
    "again after the next commits"};

// ---- connections and limits ----
inline constexpr event rate_limited{
    "rate_limited", level::warn,
    "refused {address}: limit {limit} ({suppressed} earlier refusal(s) of it not logged)"};
inline constexpr event slow_reader_closed{
    "slow_reader_closed", level::warn,
    "closing a WebSocket client that does not read its messages ({queued_messages} message(s), {queued_bytes} bytes "
    "waiting; session {session})"};
inline constexpr event accept_failed{"accept_failed", level::warn,
                                     "accept failed: {reason}; retrying in {retry_seconds} s"};
inline constexpr event connection_failed{"connection_failed", level::debug, "{what}: {reason}"};

// ---- shutdown ----
inline constexpr event shutdown_begun{
    "shutdown_begun", level::info,
    "shutting down: {connections} connection(s) open, {sessions} session(s); committing pending writes"};
inline constexpr event shutdown_drained{
    "shutdown_drained", level::info, "pending writes committed in {seconds} s; closing {connections} connection(s)"};
inline constexpr event shutdown_deadline{
    "shutdown_deadline", level::warn,
    "{connections} connection(s) still open at the shutdown deadline ({seconds} s); closing anyway"};
inline constexpr event stopped{"stopped", level::info,
                               "stopped: shutdown took {shutdown_seconds} s, after {uptime_seconds} s up"};

// Every event, for the tests.
inline constexpr std::array all{
    &starting,         &start_failed,          &key_created,        &database_backed_up,
    &database_migrated, &today_pinned,         &sessions_loaded,    &listening,
    &watchdog_on,      &notify_failed,         &backup_written,     &session_created,
    &session_create_failed, &session_imported, &session_import_failed, &session_deleted,
    &session_delete_failed, &names_removed,    &names_remove_failed, &retention_failed,
    &remote_change_refused, &write_failed,     &history_unreadable, &history_mismatch,
    &unexpected_write, &database_unwritable,   &database_writable,  &wal_checkpointed,
    &wal_checkpoint_incomplete, &rate_limited,       &slow_reader_closed,
    &accept_failed,    &connection_failed,     &shutdown_begun,     &shutdown_drained,
    &shutdown_deadline, &stopped,
};

}  // namespace samskab::server::log::events
