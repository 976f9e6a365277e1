// Tests of workspaces: their roles' names and a new workspace's name and admin link.
#include "domain/workspace.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace samskab::domain;

TEST_CASE("workspace roles have one wire name each, both ways", "[domain]") {
    for (auto r : {workspace_role::admin, workspace_role::facilitator, workspace_role::manager, workspace_role::viewer}) {
        INFO(to_string(r));
        CHECK(workspace_role_from_string(to_string(r)) == r);
    }
    CHECK(to_string(workspace_role::admin) == "admin");
    CHECK_FALSE(workspace_role_from_string("Admin"));
    CHECK_FALSE(workspace_role_from_string("owner"));
    CHECK_FALSE(workspace_role_from_string(""));
}

TEST_CASE("a new workspace has a clean name and one active admin link", "[domain]") {
    const time_point now{std::chrono::milliseconds(1796472131782)};
    auto w = make_workspace("w1", "  Dragør\r\nKommune ", now, workspace_link{workspace_role::viewer, "n", "h", false, {}});
    REQUIRE(w.ok());
    CHECK(w.value().name == "Dragør Kommune");
    CHECK(w.value().created_at == now);
    REQUIRE(w.value().links.size() == 1);
    CHECK(w.value().links[0] == workspace_link{workspace_role::admin, "n", "h", true, now});
}

TEST_CASE("a workspace's name is refused as any title is: empty, too long, not text", "[domain]") {
    const time_point now{};
    struct row {
        std::string name;
        errc code;
    };
    for (const auto& [name, code] : {row{"", errc::invalid_field}, row{"   ", errc::invalid_field},
                                     row{std::string(limits::workspace_name_chars + 1, 'x'), errc::too_long},
                                     row{"bad\x01name", errc::invalid_field}, row{"\xff\xfe", errc::invalid_field}}) {
        INFO(name);
        auto w = make_workspace("w", name, now, {});
        REQUIRE_FALSE(w.ok());
        CHECK(w.err().code == code);
        CHECK(w.err().field == "name");
    }
    CHECK(make_workspace("w", std::string(limits::workspace_name_chars, 'x'), now, {}).ok());
}
