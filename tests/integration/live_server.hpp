// Shared set-up of the integration tests: a real server on a free port with a
// database in a fresh folder, and a helper to create sessions over the real API.
#pragma once

#include "support/http_client.hpp"
#include "support/server_process.hpp"
#include "support/temp_dir.hpp"
#include "support/ws_client.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <memory>
#include <string>

namespace samskab::testing {

struct live_server {
    temp_dir dir;
    std::unique_ptr<server_process> proc;

    explicit live_server(std::string web_root = "") : web_root_(std::move(web_root)) { start(0); }

    // (Re)starts the server on port (0: any) with the same database.
    void start(std::uint16_t port) {
        proc = std::make_unique<server_process>(server_process::options{dir.file("samskab.db"), port, web_root_, {}});
    }
    std::uint16_t port() const { return proc->port(); }

private:
    std::string web_root_;
};

struct test_session {
    std::string code;
    std::string facilitator_token;
    nlohmann::json created;
};

inline test_session make_session(std::uint16_t port, const nlohmann::json& columns = {"Ideas", "Later"}) {
    auto r = create_session(port, nlohmann::json{{"title", "Ældreplejen"},
                                                 {"question", "Hvad er umuligt i dag?"},
                                                 {"facilitator_name", "Mette"},
                                                 {"columns", columns}}
                                      .dump());
    REQUIRE(r.status == 201);
    auto j = nlohmann::json::parse(r.body);
    return {j["code"], j["facilitator_token"], j};
}

inline nlohmann::json idea_add(const std::string& ref, int column, const std::string& text) {
    return {{"type", "idea.add"}, {"ref", ref}, {"column", column}, {"text", text}};
}

}  // namespace samskab::testing
