// workspace_rules: which workspace links may do what, read from protocol/messages.json's
// "workspace_actions" (the file the web client imports too, so the two cannot drift).
// Every role reads the workspace, its sessions and its portfolio.
// Threading: the table is read once, on first use; then read-only.
#pragma once

#include "domain/types.hpp"
#include "domain/workspace.hpp"

namespace samskab::protocol {

// export_: the session exports made from the report; delete_session: a session of the
// workspace deleted; archive: the whole session as session.json; import: a session
// archive into the workspace.
enum class workspace_action { start_workshop, decide, change_settings, manage_links, export_, delete_session, archive, import };

// Whether a link of role r may do a. Throws std::logic_error on first use if the built-in
// messages.json lacks an action or names an unknown role (the tests run it).
bool workspace_may(domain::workspace_role r, workspace_action a);

// Whether a participant of role r may download the session's exports (messages.json's
// "session_exports"). Throws std::logic_error on first use as above.
bool session_may_export(domain::role r);

// Whether a participant of role r may delete the session (messages.json's
// "session_deletion"). Throws std::logic_error on first use as above.
bool session_may_delete(domain::role r);
// Whether a participant of role r may download the whole session as its archive
// (messages.json's "session_archive": those who see everything of it). Throws as above.
bool session_may_archive(domain::role r);

}  // namespace samskab::protocol
