// Helpers of the integration tests that read a session through a workspace (the outcome
// report, the exports): a workspace made with the server's `workspace create`, its links,
// a session made in it, and an HTTP error's code.
#pragma once

#include "live_server.hpp"
#include "recorder.hpp"

#include <regex>
#include <string>

namespace samskab::testing {

struct made_workspace {
    std::string id;
    std::string token;
};

// The id and token of the admin link a `workspace create` printed after `prefix`.
inline made_workspace link_in(const std::string& output, const std::string& prefix) {
    std::smatch m;
    const std::regex link(prefix + "/workspace/([A-Za-z0-9_-]{16})#token=([A-Za-z0-9_-]{43})\n");
    REQUIRE(std::regex_search(output, m, link));
    return {m[1], m[2]};
}

// A workspace made beside the running server with `workspace create`: its id and admin token.
inline made_workspace make_workspace(live_server& s, const std::string& name) {
    auto r = run_binary({"workspace", "create", "--db", s.dir.file("samskab.db"), "--name", name});
    INFO(r.output);
    REQUIRE(r.exit_code == 0);
    return link_in(r.output, "");
}

// The id of the idea r adds to the first column as `ref`.
inline std::int64_t added_idea(recorder& r, const std::string& ref, const std::string& text) {
    const auto a = r.answer(idea_add(ref, 1, text));
    REQUIRE(a["type"] == "ack");
    return a["event"]["idea"]["id"];
}

// The admin makes the workspace's link for `role`; its token.
inline std::string workspace_link(live_server& s, const made_workspace& w, const std::string& role) {
    auto r = http(s.port(), "POST", "/api/workspaces/" + w.id + "/links",
                  nlohmann::json{{"role", role}, {"action", "renew"}}.dump(),
                  {{"Authorization", "Bearer " + w.token}, {"Content-Type", "application/json"}});
    REQUIRE(r.status == 200);
    const auto answer = nlohmann::json::parse(r.body);
    for (const auto& l : answer["links"])
        if (l["role"] == role && l["active"] == true) return l["token"];
    FAIL("no active " << role << " link");
    return "";
}

// A session made in the workspace with its admin link.
inline test_session workspace_session(live_server& s, const made_workspace& w, nlohmann::json settings) {
    auto r = http(s.port(), "POST", "/api/sessions",
                  nlohmann::json{{"title", "Ældreplejen"},
                                 {"question", "Hvad er umuligt i dag?"},
                                 {"facilitator_name", "Mette"},
                                 {"columns", {"Ideas"}},
                                 {"settings", std::move(settings)},
                                 {"workspace", w.id}}
                      .dump(),
                  {{"Content-Type", "application/json"}, {"Authorization", "Bearer " + w.token}});
    INFO(r.body);
    REQUIRE(r.status == 201);
    const auto j = nlohmann::json::parse(r.body);
    return {j["code"], j["facilitator_token"], j};
}

// A request to path with the token as `Authorization: Bearer` (no header if it is empty).
inline http_reply with_bearer(std::uint16_t port, const std::string& method, const std::string& path,
                              const std::string& token) {
    std::map<std::string, std::string> headers;
    if (!token.empty()) headers["Authorization"] = "Bearer " + token;
    return http(port, method, path, "", headers);
}

// The JSON of an answer that must be a 200 in JSON, never cached.
inline nlohmann::json ok_json(const http_reply& r) {
    INFO(r.body);
    REQUIRE(r.status == 200);
    CHECK(r.headers.at("content-type").starts_with("application/json"));
    CHECK(r.headers.at("cache-control") == "no-store");
    return nlohmann::json::parse(r.body);
}

// The code of an HTTP error answer, {"error": {"code": ...}}.
inline std::string error_code(const http_reply& r) {
    const auto j = nlohmann::json::parse(r.body);
    return j["error"]["code"];
}

}  // namespace samskab::testing
