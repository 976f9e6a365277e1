// A workspace: an organisation's home (a municipality, an administration, a
// department), whose sessions and trial actions belong to it, and the links that give
// its roles. See DEVELOPERS.md, "Workspaces and trial actions across sessions".
//
// An operator creates a workspace with `samskab-server workspace create`, which prints
// its admin link once. Each role's link is derived from the server's key like a
// session's invitations: the database keeps only its nonce and the hash of its token.
#pragma once

#include "domain/result.hpp"
#include "domain/text.hpp"
#include "domain/types.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace samskab::domain {

// What a workspace link lets its holder do: admin (links, settings, deletion),
// facilitator (creates sessions in the workspace), manager (sees everything in it,
// decides on its trial actions), viewer (reads the portfolio and the outcomes).
enum class workspace_role { admin, facilitator, manager, viewer };
std::string_view to_string(workspace_role r);
std::optional<workspace_role> workspace_role_from_string(std::string_view s);

inline constexpr text_rule workspace_name_rule{"name", limits::workspace_name_chars, false};

// One role's link. Renewing makes a new one and deactivates the old; revoking
// deactivates it.
struct workspace_link {
    workspace_role role = workspace_role::viewer;
    std::string nonce;       // random; with the server's key it gives the token again
    std::string token_hash;  // hex SHA-256 of the token, to admit whoever presents it
    bool active = true;
    time_point created_at{};
    bool operator==(const workspace_link&) const = default;
};

struct workspace {
    std::string id;  // stable, random, like a session's id
    std::string name;
    time_point created_at{};
    std::vector<workspace_link> links;  // oldest first
    // The most trial actions that may run at once before the portfolio warns of overload
    // (the method warns against overloading staff); 0: no warning. The admin sets it.
    std::int64_t overload_limit = 0;
    // Months after a session of the workspace closes when the server removes its
    // participants' display names (domain/retention.hpp); 0: never. The admin sets it.
    std::int64_t retention_months = 0;
    bool operator==(const workspace&) const = default;
};

// A new workspace with its first admin link. Fails with invalid_field or too_long on a
// name that clean_text refuses under workspace_name_rule.
result<workspace> make_workspace(std::string id, std::string_view name, time_point now, workspace_link admin);

}  // namespace samskab::domain
