// Tests of the command-line flags.
#include "net/config.hpp"
#include "net/version.hpp"

#include <catch2/catch.hpp>

#include <vector>

using namespace samskab::server;

namespace {

parsed_args parse(std::vector<const char*> args) {
    args.insert(args.begin(), "samskab-server");
    return parse_args(static_cast<int>(args.size()), args.data());
}

}  // namespace

TEST_CASE("defaults and flags in both forms", "[server]") {
    auto d = std::get<config>(parse({}));
    CHECK(d.bind == "127.0.0.1");
    CHECK(d.port == 8080);
    CHECK(d.db == "./data/samskab.db");
    CHECK_FALSE(d.web_root.empty());

    auto c = std::get<config>(parse({"--bind", "0.0.0.0", "--port=0", "--db", "/tmp/x.db", "--web-root=/srv/web", "--threads", "2"}));
    CHECK(c.bind == "0.0.0.0");
    CHECK(c.port == 0);
    CHECK(c.db == "/tmp/x.db");
    CHECK(c.web_root == "/srv/web");
    CHECK(c.threads == 2);

    auto o = std::get<config>(parse({"--allow-origin", "https://a.example", "--allow-origin=http://b.example:8080",
                                     "--max-connections-per-address", "9", "--request-timeout", "5", "--idle-timeout=8"}));
    CHECK(o.idle_timeout_s == 8);
    CHECK(d.idle_timeout_s == 60);
    CHECK(o.request_timeout_s == 5);
    CHECK(d.request_timeout_s == 30);
    CHECK(o.allowed_origins == std::vector<std::string>{"https://a.example", "http://b.example:8080"});
    CHECK(o.max_connections_per_address == 9);

    auto floods = std::get<config>(parse({"--joins-per-address", "500", "--participant-pace=0", "--changes-per-address", "0"}));
    CHECK(floods.changes_per_address == 0);
    CHECK(d.changes_per_address == 10);
    CHECK(floods.joins_per_address == 500);
    CHECK(floods.participant_pace == 0);
    CHECK(d.joins_per_address == 100);
    CHECK(d.participant_pace == 10);
    CHECK(std::holds_alternative<config_error>(parse({"--joins-per-address", "0"})));
    CHECK(std::holds_alternative<config_error>(parse({"--participant-pace", "-1"})));
    CHECK_FALSE(d.verbose);
    auto v = std::get<config>(parse({"--verbose", "--port", "1"}));
    CHECK(v.verbose);
    CHECK(v.port == 1);
    CHECK(usage().find("--verbose") != std::string::npos);
    CHECK_FALSE(d.log_json);
    CHECK(std::get<config>(parse({"--log-format", "json"})).log_json);
    CHECK(std::get<config>(parse({"--log-format=json"})).log_json);
    CHECK_FALSE(std::get<config>(parse({"--log-format", "json", "--log-format", "text"})).log_json);
    CHECK(usage().find("--log-format text|json") != std::string::npos);

    CHECK(std::holds_alternative<show_help>(parse({"--port", "1", "--help"})));
    CHECK(std::holds_alternative<show_help>(parse({"-h"})));
    CHECK(usage().find("--version") != std::string::npos);
}

TEST_CASE("the version flag asks for the version, whatever comes with it", "[server]") {
    CHECK(std::holds_alternative<show_version>(parse({"--version"})));
    CHECK(std::holds_alternative<show_version>(parse({"--port", "1", "--version"})));
    CHECK(std::holds_alternative<show_version>(parse({"workspace", "create", "--version"})));
    CHECK(std::holds_alternative<config_error>(parse({"--version=2"})));  // takes no value
    // The one source: CMake's project(VERSION), as version.hpp and /healthz have it.
    CHECK(version_line() == std::string("samskab-server ") + version_text + "\n");
    CHECK(std::string(version_text).find('.') != std::string::npos);
    CHECK(usage().find("--web-root") != std::string::npos);
}

TEST_CASE("the key file sits beside the database unless --key-file names another", "[server]") {
    CHECK(std::get<config>(parse({})).key_file == "./data/samskab.db.key");
    CHECK(std::get<config>(parse({"--db", "/srv/s.db"})).key_file == "/srv/s.db.key");
    // Wherever the flags stand.
    CHECK(std::get<config>(parse({"--key-file", "/etc/samskab/key", "--db", "/srv/s.db"})).key_file == "/etc/samskab/key");
    CHECK(std::get<config>(parse({"--key-file=/k"})).key_file == "/k");
    CHECK(usage().find("--key-file PATH") != std::string::npos);
}

TEST_CASE("bad flags are refused with a reason", "[server]") {
    const std::vector<std::vector<const char*>> rows = {
        {"--port", "65536"}, {"--port", "-1"}, {"--port", "80x"}, {"--port"}, {"--threads", "0"},
        {"--frobnicate"},    {"--db="},        {"extra"},
        {"--allow-origin", "example.org"}, {"--allow-origin", "https://example.org/"},
        {"--max-connections-per-address", "0"}, {"--request-timeout", "0"}, {"--request-timeout", "3601"},
        {"--idle-timeout", "1"}, {"--verbose=yes"}, {"--verbose=1"}, {"--log-format", "JSON"}, {"--log-format", "logfmt"}, {"--log-format"}, {"--key-file"}, {"--key-file="},
        // The workspace subcommand: only `create`, always with a name; --name belongs to it.
        {"--name", "X"}, {"workspace"}, {"workspace", "delete"}, {"workspace", "create"},
        {"workspace", "create", "--name="}, {"workspace", "create", "--name", "X", "--backup-to", "b.db"},
        {"workspace", "create", "--name", "X", "--public-url", "samskab.example.dk"}, {"create", "workspace"},
        // import: one archive file; --workspace belongs to it.
        {"import"}, {"import", "--db", "x.db"}, {"import", "a.json", "b.json"}, {"--workspace", "W"},
        {"import", "a.json", "--backup-to", "b.db"}, {"a.json"},
    };
    for (const auto& args : rows) {
        auto r = parse(args);
        REQUIRE(std::holds_alternative<config_error>(r));
        CHECK_FALSE(std::get<config_error>(r).message.empty());
    }
}

TEST_CASE("workspace create takes a name, the database, the key file and a public address", "[server]") {
    auto r = parse({"workspace", "create", "--name", "Dragør Kommune", "--db", "d/s.db", "--public-url",
                    "https://samskab.example.dk/"});
    REQUIRE(std::holds_alternative<config>(r));
    const auto& c = std::get<config>(r);
    CHECK(c.workspace_create);
    CHECK(c.workspace_name == "Dragør Kommune");
    CHECK(c.db == "d/s.db");
    CHECK(c.key_file == "d/s.db.key");
    CHECK(c.public_url == "https://samskab.example.dk");  // without the trailing slash

    auto plain = parse({"--db", "x.db"});
    REQUIRE(std::holds_alternative<config>(plain));
    CHECK_FALSE(std::get<config>(plain).workspace_create);
    CHECK(std::get<config>(plain).public_url.empty());
}

TEST_CASE("import takes one archive file, the database, the key file and a workspace", "[server]") {
    auto r = parse({"import", "--db", "d/s.db", "--workspace", "Wk3h2k1L0pQx9aZb", "d/session.json"});
    REQUIRE(std::holds_alternative<config>(r));
    const auto& c = std::get<config>(r);
    CHECK(c.import_session);
    CHECK(c.import_file == "d/session.json");
    CHECK(c.import_workspace == "Wk3h2k1L0pQx9aZb");
    CHECK(c.key_file == "d/s.db.key");
    CHECK_FALSE(c.workspace_create);
}
