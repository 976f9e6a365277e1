// Tests of the flags: on the command line, in a config file and in the environment.
#include "net/config.hpp"
#include "net/version.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <fstream>
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

namespace {

parsed_args parse_with(std::vector<const char*> args, const environment& env) {
    args.insert(args.begin(), "samskab-server");
    return parse_args(static_cast<int>(args.size()), args.data(), env);
}

std::string write_config(const samskab::testing::temp_dir& dir, const std::string& text) {
    const std::string path = dir.file("samskab.conf");
    std::ofstream(path) << text;
    return path;
}

std::string error_of(const parsed_args& r) {
    REQUIRE(std::holds_alternative<config_error>(r));
    return std::get<config_error>(r).message;
}

}  // namespace

TEST_CASE("every flag can be set in a config file, one name = value a line", "[server]") {
    samskab::testing::temp_dir dir;
    const auto path = write_config(dir,
                                   "# Samskab\n"
                                   "\n"
                                   "port = 9090\n"
                                   "  db=/var/lib/samskab/samskab.db  \n"
                                   "allow-origin = https://a.example\n"
                                   "allow-origin = https://b.example\n"
                                   "verbose = true\r\n"
                                   "\t# indented comment\n"
                                   "public-url = https://samskab.example.dk/#x\n");
    auto r = parse({"--config", path.c_str()});
    REQUIRE(std::holds_alternative<config>(r));
    const auto& c = std::get<config>(r);
    CHECK(c.port == 9090);
    CHECK(c.db == "/var/lib/samskab/samskab.db");
    CHECK(c.key_file == "/var/lib/samskab/samskab.db.key");  // beside the database, as from the command line
    CHECK(c.allowed_origins == std::vector<std::string>{"https://a.example", "https://b.example"});
    CHECK(c.verbose);
    CHECK(c.public_url == "https://samskab.example.dk/#x");  // a # inside a value is no comment
    CHECK(c.config_file == path);
    CHECK(c.bind == "127.0.0.1");  // what the file does not set keeps its default

    // The subcommands read it too, so that they find the server's database.
    const std::string config_flag = "--config=" + path;
    auto w = parse({"workspace", "create", "--name", "Dragør", config_flag.c_str()});
    REQUIRE(std::holds_alternative<config>(w));
    CHECK(std::get<config>(w).db == "/var/lib/samskab/samskab.db");
    CHECK(std::get<config>(w).workspace_create);
    auto i = parse_with({"import", "a.json"}, {{"SAMSKAB_CONFIG", path}});
    REQUIRE(std::holds_alternative<config>(i));
    CHECK(std::get<config>(i).db == "/var/lib/samskab/samskab.db");
    CHECK(std::get<config>(i).import_file == "a.json");

    // A switch may be turned off.
    write_config(dir, "verbose = false\n");
    CHECK_FALSE(std::get<config>(parse({"--config", path.c_str()})).verbose);
    CHECK_FALSE(std::get<config>(parse({"--config", path.c_str(), "--verbose=false"})).verbose);
    write_config(dir, "verbose = true\n");
    CHECK_FALSE(std::get<config>(parse({"--config", path.c_str(), "--verbose=false"})).verbose);
    CHECK(usage().find("--config FILE") != std::string::npos);
    CHECK(usage().find("SAMSKAB_PORT") != std::string::npos);
}

TEST_CASE("a bad config file is refused, naming the file and the line", "[server]") {
    samskab::testing::temp_dir dir;
    const std::vector<std::pair<std::string, std::string>> rows = {
        {"port = 8080\n\nfrobnicate = 1\n", ":3: unknown option: --frobnicate"},
        {"# c\nport = 99999\n", ":2: --port must be a number from 0 to 65535"},
        {"port 8080\n", ":1: expected name = value"},
        {"--port = 8080\n", ":1: '--port' is no option name"},
        {"Port = 8080\n", ":1: 'Port' is no option name"},
        {" = 8080\n", ":1: '' is no option name"},
        {"db =\n", ":1: --db needs a value"},
        {"verbose = 1\n", ":1: --verbose takes no value, or true or false"},
        {"config = /etc/other.conf\n", ":1: config cannot be set in a config file"},
        {"help = true\n", ":1: unknown option: --help"},
        {"name = X\n", ":1: unknown option: --name"},  // --name belongs to workspace create
        {"allow-origin = example.org\n", ":1: --allow-origin takes an origin"},
    };
    for (const auto& [text, expected] : rows) {
        const auto path = write_config(dir, text);
        const auto message = error_of(parse({"--config", path.c_str()}));
        INFO(text);
        CHECK(message.starts_with(path + expected));
    }
    const auto missing = dir.file("missing.conf");
    CHECK(error_of(parse({"--config", missing.c_str()})).starts_with("--config " + missing + ": cannot read it"));
    CHECK_FALSE(error_of(parse({"--config"})).empty());
    CHECK_FALSE(error_of(parse({"--config="})).empty());
}

TEST_CASE("every flag can be set in the environment as SAMSKAB_NAME", "[server]") {
    auto r = parse_with({}, {{"SAMSKAB_PORT", "9091"},
                             {"SAMSKAB_ALLOW_ORIGIN", "https://a.example"},
                             {"SAMSKAB_MAX_CONNECTIONS_PER_ADDRESS", "7"},
                             {"SAMSKAB_VERBOSE", "true"},
                             // Not flags: left alone (the server reads SAMSKAB_TODAY itself).
                             {"SAMSKAB_TODAY", "2026-01-02"},
                             {"SAMSKAB_SERVER", "/x"},
                             {"SAMSKAB_", "x"},
                             {"SAMSKAB_port", "1"},
                             {"SAMSKAB_WEB-ROOT", "/x"},
                             {"PORT", "1"}});
    REQUIRE(std::holds_alternative<config>(r));
    const auto& c = std::get<config>(r);
    CHECK(c.port == 9091);
    CHECK(c.allowed_origins == std::vector<std::string>{"https://a.example"});
    CHECK(c.max_connections_per_address == 7);
    CHECK(c.verbose);
    CHECK(c.web_root == std::get<config>(parse({})).web_root);

    // A flag of a subcommand is read for that subcommand only.
    auto w = parse_with({"workspace", "create"}, {{"SAMSKAB_NAME", "Dragør"}, {"SAMSKAB_DB", "w.db"}});
    REQUIRE(std::holds_alternative<config>(w));
    CHECK(std::get<config>(w).workspace_name == "Dragør");
    CHECK(std::get<config>(w).db == "w.db");
    CHECK(std::get<config>(parse_with({}, {{"SAMSKAB_NAME", "Dragør"}})).workspace_name.empty());

    // A bad value of a flag is refused, naming the variable.
    CHECK(error_of(parse_with({}, {{"SAMSKAB_PORT", "x"}})) ==
          "environment SAMSKAB_PORT: --port must be a number from 0 to 65535");
    CHECK(error_of(parse_with({}, {{"SAMSKAB_DB", ""}})) == "environment SAMSKAB_DB: --db needs a value");
    CHECK(error_of(parse_with({}, {{"SAMSKAB_CONFIG", "/nonexistent/samskab.conf"}})).starts_with("--config /nonexistent/samskab.conf: cannot read it"));
}

TEST_CASE("the command line goes before the environment, the environment before the file", "[server]") {
    samskab::testing::temp_dir dir;
    const auto path = write_config(dir,
                                   "port = 1\n"
                                   "bind = 0.0.0.0\n"
                                   "threads = 3\n"
                                   "allow-origin = https://file-1.example\n"
                                   "allow-origin = https://file-2.example\n"
                                   "trusted-proxy = 10.0.0.1\n"
                                   "trusted-proxy = 10.0.0.2\n");
    const environment env = {{"SAMSKAB_CONFIG", path},
                             {"SAMSKAB_PORT", "2"},
                             {"SAMSKAB_THREADS", "4"},
                             {"SAMSKAB_ALLOW_ORIGIN", "https://env.example"}};
    auto r = parse_with({"--port", "3", "--trusted-proxy", "127.0.0.1"}, env);
    REQUIRE(std::holds_alternative<config>(r));
    const auto& c = std::get<config>(r);
    CHECK(c.port == 3);           // command line over environment and file
    CHECK(c.threads == 4);        // environment over file
    CHECK(c.bind == "0.0.0.0");   // the file alone
    // A repeatable flag set at a higher level replaces the lower level's values.
    CHECK(c.allowed_origins == std::vector<std::string>{"https://env.example"});
    CHECK(c.trusted_proxies == std::vector<std::string>{"127.0.0.1"});
    auto more = parse_with({"--allow-origin", "https://cl-1.example", "--allow-origin=https://cl-2.example"}, env);
    CHECK(std::get<config>(more).allowed_origins == std::vector<std::string>{"https://cl-1.example", "https://cl-2.example"});
    CHECK(std::get<config>(more).trusted_proxies == std::vector<std::string>{"10.0.0.1", "10.0.0.2"});

    // --config on the command line goes before SAMSKAB_CONFIG.
    const auto other = dir.file("other.conf");
    std::ofstream(other) << "bind = ::1\n";
    auto o = parse_with({"--config", other.c_str()}, env);
    CHECK(std::get<config>(o).bind == "::1");
    CHECK(std::get<config>(o).port == 2);
    CHECK(std::get<config>(o).config_file == other);

    // An error in a level that is overridden is still an error: each level is checked.
    write_config(dir, "port = x\n");
    CHECK(error_of(parse({"--config", path.c_str(), "--port", "3"})) == path + ":1: --port must be a number from 0 to 65535");
    // Help and version still win.
    CHECK(std::holds_alternative<show_help>(parse_with({"--help"}, env)));
}
