// Workspaces (see workspace.hpp).
#include "domain/workspace.hpp"

#include <array>
#include <utility>

namespace samskab::domain {

namespace {

constexpr std::array<std::pair<workspace_role, std::string_view>, 4> role_names{{
    {workspace_role::admin, "admin"},
    {workspace_role::facilitator, "facilitator"},
    {workspace_role::manager, "manager"},
    {workspace_role::viewer, "viewer"},
}};

}  // namespace

std::string_view to_string(workspace_role r) {
    for (const auto& [role, name] : role_names)
        if (role == r) return name;
    return "viewer";
}

std::optional<workspace_role> workspace_role_from_string(std::string_view s) {
    for (const auto& [role, name] : role_names)
        if (name == s) return role;
    return std::nullopt;
}

result<workspace> make_workspace(std::string id, std::string_view name, time_point now, workspace_link admin) {
    auto clean = clean_text(name, workspace_name_rule);
    if (!clean) return clean.err();
    admin.role = workspace_role::admin;
    admin.active = true;
    admin.created_at = now;
    return workspace{std::move(id), std::move(clean).value(), now, {std::move(admin)}};
}

}  // namespace samskab::domain
