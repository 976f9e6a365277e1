// Which workspace links may do what (see workspace_rules.hpp).
#include "protocol/workspace_rules.hpp"

#include "protocol/messages_json.hpp"

#include <nlohmann/json.hpp>

#include <array>
#include <stdexcept>
#include <string>

namespace samskab::protocol {

namespace {

constexpr std::array<const char*, 8> action_names{"start_workshop", "decide",         "change_settings", "manage_links",
                                                 "export",         "delete_session", "archive",         "import"};

using table = std::array<std::array<bool, 4>, action_names.size()>;  // [action][role]

table read_table() {
    const auto doc = nlohmann::json::parse(messages_json);
    table t{};
    for (std::size_t a = 0; a < action_names.size(); ++a) {
        const auto& roles = doc.at("workspace_actions").at(action_names[a]);
        for (const auto& r : roles) {
            auto role = domain::workspace_role_from_string(r.get<std::string>());
            if (!role) throw std::logic_error("messages.json: unknown workspace role in " + std::string(action_names[a]));
            t[a][static_cast<std::size_t>(*role)] = true;
        }
    }
    return t;
}

// The session roles a section of messages.json ("session_exports", "session_archive") names.
std::array<bool, 8> read_session_roles(const char* section) {
    const auto doc = nlohmann::json::parse(messages_json);
    std::array<bool, 8> t{};
    for (const auto& r : doc.at(section).at("roles")) {
        auto role = domain::role_from_string(r.get<std::string>());
        if (!role || static_cast<std::size_t>(*role) >= t.size())
            throw std::logic_error("messages.json: unknown role in " + std::string(section));
        t[static_cast<std::size_t>(*role)] = true;
    }
    return t;
}

}  // namespace

bool session_may_export(domain::role r) {
    static const auto roles = read_session_roles("session_exports");
    const auto k = static_cast<std::size_t>(r);
    return k < roles.size() && roles[k];
}

bool session_may_delete(domain::role r) {
    static const auto roles = read_session_roles("session_deletion");
    const auto k = static_cast<std::size_t>(r);
    return k < roles.size() && roles[k];
}

bool session_may_archive(domain::role r) {
    static const auto roles = read_session_roles("session_archive");
    const auto k = static_cast<std::size_t>(r);
    return k < roles.size() && roles[k];
}

bool workspace_may(domain::workspace_role r, workspace_action a) {
    static const table rules = read_table();
    return rules[static_cast<std::size_t>(a)][static_cast<std::size_t>(r)];
}

}  // namespace samskab::protocol
