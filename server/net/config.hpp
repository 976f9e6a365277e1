// The server's command-line flags.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace samskab::server {

struct config {
    std::string bind = "127.0.0.1";
    std::uint16_t port = 8080;  // 0: the system picks a free port
    std::string db = "./data/samskab.db";
    // The server's key file (see server_key.hpp). parse_args sets it to db + ".key"
    // unless --key-file names another.
    std::string key_file;
    std::string web_root;       // default: the source tree's web-client folder
    unsigned threads = 0;       // 0: one per CPU the process may run on
    // Origins (scheme://host[:port]) whose pages may open WebSockets, besides the
    // server's own.
    std::vector<std::string> allowed_origins;
    std::size_t max_connections_per_address = 256;
    // New participants (joins by name) one client address may add at once; then one a
    // second.
    std::size_t joins_per_address = 100;
    // Changes one participant (not a facilitator) may make at once; then one a second.
    // 0: no limit (for load tests that play many fast clients).
    std::size_t participant_pace = 10;
    // Changes per second the participants behind one client address may make together
    // (and twenty times as many at once); 0: no limit.
    std::size_t changes_per_address = 10;
    // Seconds a client has to send a whole HTTP request or WebSocket upgrade.
    unsigned request_timeout_s = 30;
    // Seconds of silence after which a WebSocket is closed; a ping goes out halfway.
    unsigned idle_timeout_s = 60;
    // Reverse proxies whose X-Forwarded-For names the real client (see http_session).
    std::vector<std::string> trusted_proxies;
    // Addresses and networks (CIDR) that may read GET /metrics; empty: loopback only.
    std::vector<std::string> metrics_from;
    // Instead of serving: write an online backup of --db to this new file...
    std::string backup_to;
    // ...or put the backup in this file back into --db (with no server running on it).
    std::string restore_from;
    // `samskab-server workspace create --name NAME`: instead of serving, create a
    // workspace in --db (also while a server runs on it) and print its admin link once.
    bool workspace_create = false;
    std::string workspace_name;
    // `samskab-server import [--workspace ID] FILE`: instead of serving, import the session
    // archive FILE into --db as a new session (of workspace ID, if given).
    bool import_session = false;
    std::string import_file;
    std::string import_workspace;
    // The address people reach the server at (e.g. https://samskab.example.dk), put in
    // front of the links printed on the command line; empty: the links' paths only.
    std::string public_url;
    // Also log debug lines: connections that fail other than the ordinary way.
    bool verbose = false;
    // The config file the flags were also read from (--config or SAMSKAB_CONFIG); empty:
    // none.
    std::string config_file;
    // The log's format: text lines, or one JSON object per line (README.md, "Logs").
    bool log_json = false;
};

struct show_help {};
struct show_version {};
struct config_error {
    std::string message;
};
using parsed_args = std::variant<config, show_help, show_version, config_error>;

// The process's environment variables whose names begin with SAMSKAB_, as name and value.
using environment = std::vector<std::pair<std::string, std::string>>;
environment samskab_environment();

// Parses the flags: argv, the environment env and the config file (--config FILE, or
// SAMSKAB_CONFIG). Accepts "--flag value" and "--flag=value" (switches such as --verbose
// take no value, or =true / =false). Returns the config, a request for help (--help, -h)
// or for the version (--version), or what is wrong (naming the file and line, or the
// environment variable, where it came from).
//
// Every flag may also be set
//   - in the config file, one "name = value" a line, name being the flag without its
//     dashes ("port = 8080", "verbose = true"); a repeatable flag on several lines; lines
//     that begin with # are comments; and
//   - in the environment, as SAMSKAB_NAME (upper case, dashes as underscores:
//     SAMSKAB_PORT, SAMSKAB_ALLOW_ORIGIN), one value each. A SAMSKAB_ variable that names
//     no flag is ignored (SAMSKAB_TODAY and the like are not flags).
// The command line goes before the environment, the environment before the file: a flag
// set at a higher level replaces what the lower ones set, all of a repeatable flag's
// values at once. The three are read by the same parser, so every flag is read from all
// of them with no list of its own.
parsed_args parse_args(int argc, const char* const* argv, const environment& env = {});

// The text printed by --help.
std::string usage();

// The line printed by --version: "samskab-server 0.1.0" (the version CMake's project()
// gives, as /healthz reports it), with its newline.
std::string version_line();

}  // namespace samskab::server
