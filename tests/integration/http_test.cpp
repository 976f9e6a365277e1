// Integration tests of the HTTP side: health, the sessions API and the web client's
// files, against the real server.
#include "live_server.hpp"

#include <fstream>

using namespace samskab::testing;
using nlohmann::json;

namespace {

// A web root of the test's own, so these tests do not depend on the real client.
struct web_fixture {
    temp_dir web;
    live_server server;

    web_fixture() : server(prepare(web)) {}

    static std::string prepare(const temp_dir& d) {
        std::ofstream(d.file("index.html")) << "<!doctype html><title>Samskab</title>";
        std::filesystem::create_directories(d.path() / "js");
        std::ofstream(d.path() / "js" / "main.js") << "export const x = 1;";
        std::ofstream(d.file("styles.css")) << "body{}";
        return d.path().string();
    }
};

}  // namespace

TEST_CASE("healthz reports the version and the database", "[integration]") {
    live_server s;
    auto r = http(s.port(), "GET", "/healthz");
    CHECK(r.status == 200);
    CHECK(r.headers["content-type"] == "application/json; charset=utf-8");
    auto j = json::parse(r.body);
    CHECK(j["status"] == "ok");
    CHECK(j["database"] == "ok");
    CHECK(j["version"] == "0.1.0");
}

TEST_CASE("the web client's files are served, and nothing else", "[integration]") {
    web_fixture f;
    const auto port = f.server.port();
    struct row { const char* target; int status; const char* type; };
    const row rows[] = {
        {"/", 200, "text/html; charset=utf-8"},
        {"/join/K7M4QX", 200, "text/html; charset=utf-8"},
        {"/join", 200, "text/html; charset=utf-8"},
        {"/board/K7M4QX", 200, "text/html; charset=utf-8"},
        {"/js/main.js", 200, "text/javascript; charset=utf-8"},
        {"/styles.css?v=2", 200, "text/css; charset=utf-8"},
        {"/missing.js", 404, "application/json; charset=utf-8"},
        {"/../CMakeLists.txt", 404, "application/json; charset=utf-8"},
        {"/js/../index.html", 404, "application/json; charset=utf-8"},
        {"/%2e%2e/etc/passwd", 404, "application/json; charset=utf-8"},
        {"/.hidden", 404, "application/json; charset=utf-8"},
        {"/js", 404, "application/json; charset=utf-8"},
        {"/js/", 404, "application/json; charset=utf-8"},
        {"/api/nothing", 404, "application/json; charset=utf-8"},
    };
    for (const auto& r : rows) {
        INFO(r.target);
        auto got = http(port, "GET", r.target);
        CHECK(got.status == r.status);
        CHECK(got.headers["content-type"] == r.type);
        CHECK(got.headers["x-content-type-options"] == "nosniff");
        CHECK(got.headers["content-security-policy"].find("default-src 'self'") != std::string::npos);
    }
    auto index = http(port, "GET", "/");
    CHECK(index.body == "<!doctype html><title>Samskab</title>");
    CHECK(index.headers["cache-control"] == "no-cache");
    auto head = http(port, "HEAD", "/");
    CHECK(head.status == 200);
    CHECK(head.headers["content-length"] == std::to_string(index.body.size()));
    CHECK(head.body.empty());
    auto post = http(port, "POST", "/", "x");
    CHECK(post.status == 405);
    CHECK(post.headers["allow"] == "GET, HEAD");
}

TEST_CASE("sessions are created and found by their join code", "[integration]") {
    live_server s;
    auto created = make_session(s.port(), {"Idéer", "Til drøftelse", "Klar til afprøvning"});
    const std::string code = created.code;
    CHECK(code.size() == 6);
    CHECK(created.created["display_code"] == code.substr(0, 3) + "-" + code.substr(3));
    CHECK(created.created["join_path"] == "/join/" + code);
    CHECK(created.facilitator_token.size() >= 43);
    CHECK(created.created["session"]["question"] == "Hvad er umuligt i dag?");

    std::string lower = code;
    for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (const std::string& form : {code, lower, code.substr(0, 3) + "-" + code.substr(3)}) {
        INFO(form);
        auto r = http(s.port(), "GET", "/api/sessions/" + form);
        REQUIRE(r.status == 200);
        auto j = json::parse(r.body);
        CHECK(j["title"] == "Ældreplejen");
        CHECK(j["status"] == "open");
        CHECK_FALSE(j.contains("facilitator_token"));
    }
    auto missing = http(s.port(), "GET", "/api/sessions/" + std::string(code == "222222" ? "333333" : "222222"));
    CHECK(missing.status == 404);
    CHECK(json::parse(missing.body)["error"]["code"] == "session_not_found");
    CHECK(http(s.port(), "GET", "/api/sessions/not-a-code").status == 404);
}

TEST_CASE("bad session requests get typed errors", "[integration]") {
    live_server s;
    const auto port = s.port();
    struct row { std::string body; std::string type; int status; const char* code; const char* field; };
    const std::string json_type = "application/json";
    const row rows[] = {
        {"not json", json_type, 400, "bad_json", ""},
        {R"({"question":"Q"})", json_type, 400, "invalid_field", "title"},
        {R"({"title":"  ","question":"Q"})", json_type, 400, "invalid_field", "title"},
        {R"({"title":")" + std::string(121, 't') + R"(","question":"Q"})", json_type, 400, "too_long", "title"},
        {R"({"title":"T","question":"Q","columns":[]})", json_type, 400, "invalid_field", "columns"},
        {R"({"title":"T","question":"Q","columns":[""]})", json_type, 400, "invalid_field", "columns"},
        {R"({"title":"T","question":"Q","admin":true})", json_type, 400, "invalid_field", "admin"},
        {R"({"title":"T","question":"Q"})", "text/plain", 415, "invalid_field", "Content-Type"},
        {R"({"title":"T","question":"Q"})", "application/x-www-form-urlencoded", 415, "invalid_field", "Content-Type"},
        {std::string(17 * 1024, ' '), json_type, 413, "too_long", ""},
    };
    for (const auto& r : rows) {
        INFO(r.body.substr(0, 60) << " as " << r.type);
        auto got = http(port, "POST", "/api/sessions", r.body, {{"Content-Type", r.type}});
        CHECK(got.status == r.status);
        auto j = json::parse(got.body);
        CHECK(j["error"]["code"] == r.code);
        if (*r.field) CHECK(j["error"]["field"] == r.field);
        CHECK_FALSE(j["error"]["message"].get<std::string>().empty());
    }
    auto get = http(port, "GET", "/api/sessions");
    CHECK(get.status == 405);
    CHECK(get.headers["allow"] == "POST");
    CHECK(http(port, "PATCH", "/api/sessions/ABCDEF").status == 405);
    // DELETE deletes a session (deletion_test.cpp), with credentials only.
    CHECK(http(port, "DELETE", "/api/sessions/ABCDEF?trial_actions=delete").status == 401);
    CHECK(http(port, "GET", "/ws").status == 426);
    // The server still works after all that.
    CHECK(create_session(port, R"({"title":"T","question":"Q"})").status == 201);
}

TEST_CASE("a session without columns gets the default one", "[integration]") {
    live_server s;
    auto r = create_session(s.port(), R"({"title":"T","question":"Q"})");
    REQUIRE(r.status == 201);
    auto code = json::parse(r.body)["code"].get<std::string>();
    ws_client c(s.port());
    c.join_name(code, "Anna");
    auto snap = c.next_of_type("snapshot");
    REQUIRE(snap["columns"].size() == 1);
    CHECK(snap["columns"][0]["title"] == "Ideas");
    auto w = ws_client(s.port()).join_token(code, json::parse(r.body)["facilitator_token"]);
    CHECK(w["you"]["name"] == "Facilitator");
    CHECK(w["you"]["role"] == "facilitator");
}
