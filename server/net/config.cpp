// Flag parsing (see config.hpp).
#include "net/config.hpp"

#include "net/metrics.hpp"
#include "net/version.hpp"

#include <cctype>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <fstream>
#include <optional>
#include <set>
#include <string_view>

extern char** environ;

#ifndef SAMSKAB_DEFAULT_WEB_ROOT
#define SAMSKAB_DEFAULT_WEB_ROOT "web-client"
#endif

namespace samskab::server {

namespace {

template <class T>
bool parse_number(std::string_view s, T& out, T min, T max) {
    T v{};
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || p != s.data() + s.size() || v < min || v > max) return false;
    out = v;
    return true;
}

// A switch (--verbose) alone, or with =true or =false (as a config file or the environment
// gives it).
std::optional<bool> parse_switch(bool has_value, std::string_view value) {
    if (!has_value || value == "true") return true;
    if (value == "false") return false;
    return std::nullopt;
}

// One word of the flags: a word of the command line, or "--name=value" made from a line of
// the config file or an environment variable.
struct arg {
    std::string text;
    std::string flag;   // "--name" for a line of the file or a variable; empty for argv
    std::string where;  // "FILE:LINE" or "environment SAMSKAB_NAME"; empty for argv
};
using arg_list = std::vector<arg>;
using flag_names = std::set<std::string, std::less<>>;

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

// The flags in the config file, one "name = value" a line.
std::optional<config_error> read_config_file(const std::string& path, arg_list& out) {
    std::ifstream in(path);
    if (!in) return config_error{"--config " + path + ": cannot read it (" + std::strerror(errno) + ")"};
    std::string line;
    for (int number = 1; std::getline(in, line); ++number) {
        const std::string where = path + ":" + std::to_string(number);
        const std::string_view text = trim(line);
        if (text.empty() || text.starts_with('#')) continue;
        const auto eq = text.find('=');
        if (eq == std::string_view::npos) return config_error{where + ": expected name = value"};
        const std::string_view name = trim(text.substr(0, eq));
        const bool name_ok = !name.empty() && !name.starts_with('-') &&
                             name.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-") == std::string_view::npos;
        if (!name_ok) return config_error{where + ": '" + std::string(name) + "' is no option name (a flag without its dashes, e.g. port)"};
        if (name == "config") return config_error{where + ": config cannot be set in a config file"};
        const std::string flag = "--" + std::string(name);
        out.push_back({flag + "=" + std::string(trim(text.substr(eq + 1))), flag, where});
    }
    if (in.bad()) return config_error{"--config " + path + ": cannot read it"};
    return std::nullopt;
}

// SAMSKAB_ALLOW_ORIGIN=x as --allow-origin=x; other names are left out.
arg_list environment_args(const environment& env) {
    constexpr std::string_view prefix = "SAMSKAB_";
    arg_list out;
    for (const auto& [variable, value] : env) {
        std::string_view name = variable;
        if (!name.starts_with(prefix) || name.size() == prefix.size()) continue;
        name.remove_prefix(prefix.size());
        if (name.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") != std::string_view::npos) continue;
        std::string flag = "--";
        for (char ch : name) flag += ch == '_' ? '-' : static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        out.push_back({flag + "=" + value, flag, "environment " + variable});
    }
    return out;
}

}  // namespace

std::string usage() {
    return "Usage: samskab-server [options]\n"
           "       samskab-server workspace create --name NAME [--db PATH] [--key-file PATH]\n"
           "                      [--public-url URL]\n"
           "       samskab-server import [--db PATH] [--key-file PATH] [--workspace ID]\n"
           "                      [--public-url URL] ARCHIVE.json\n"
           "\n"
           "Serves Samskab, the co-creation workshop server: the web client, the HTTP API\n"
           "and the WebSocket endpoint /ws. See protocol/PROTOCOL.md.\n"
           "\n"
           "Options:\n"
           "  --config FILE     also read the options from FILE, one 'name = value' a line,\n"
           "                    name being the option without its dashes (port = 8080,\n"
           "                    verbose = true; a repeatable option on several lines; lines\n"
           "                    that begin with # are comments)\n"
           "  --bind ADDRESS    address to listen on (default 127.0.0.1; 0.0.0.0 for all)\n"
           "  --port PORT       TCP port (default 8080; 0 picks a free port)\n"
           "  --db PATH         SQLite database file, created with its folder if missing\n"
           "                    (default ./data/samskab.db)\n"
           "  --key-file PATH   the server's secret key, from which invitation links are\n"
           "                    derived; created (mode 0600) if missing. Back it up with the\n"
           "                    database (default: the --db path plus .key)\n"
           "  --web-root DIR    folder of the web client (default: " SAMSKAB_DEFAULT_WEB_ROOT ")\n"
           "  --threads N       network threads (default: one per CPU the process may run\n"
           "                    on, as taskset or a container limits it)\n"
           "  --allow-origin ORIGIN\n"
           "                    also accept WebSockets from pages of ORIGIN, e.g.\n"
           "                    https://workshops.example.dk (repeatable; the server's own\n"
           "                    origin is always accepted)\n"
           "  --trusted-proxy ADDRESS\n"
           "                    a reverse proxy in front of the server: for connections from\n"
           "                    it, the client is the last address in X-Forwarded-For\n"
           "                    (repeatable)\n"
           "  --metrics-from ADDRESS[/BITS]\n"
           "                    clients that may read GET /metrics (Prometheus), an address\n"
           "                    or a network such as 10.0.0.0/8 (repeatable; default\n"
           "                    127.0.0.0/8 and ::1). Behind a --trusted-proxy the client\n"
           "                    is the one the proxy names\n"
           "  --max-connections-per-address N\n"
           "                    connections one client address may hold open (default 256)\n"
           "  --joins-per-address N\n"
           "                    new participants one client address may add at once, then\n"
           "                    one a second (default 100)\n"
           "  --changes-per-address N\n"
           "                    changes per second the participants behind one client\n"
           "                    address may make together, and twenty times as many at\n"
           "                    once (default 10; 0: no limit)\n"
           "  --participant-pace N\n"
           "                    changes one participant may make at once, then one a second;\n"
           "                    facilitators are not limited (default 10; 0: no limit)\n"
           "  --request-timeout SECONDS\n"
           "                    time a client has to send a whole HTTP request or WebSocket\n"
           "                    upgrade before it is disconnected (default 30)\n"
           "  --idle-timeout SECONDS\n"
           "                    a WebSocket that stays silent this long is closed; it is\n"
           "                    pinged halfway (default 60)\n"
           "  --backup-to FILE  instead of serving, write a consistent copy of --db to the new\n"
           "                    FILE, also while a server runs on it, check it, and exit\n"
           "  --restore-from FILE\n"
           "                    instead of serving, put the backup FILE back into --db (stop\n"
           "                    the server first), check it, and exit\n"
           "  --log-format text|json\n"
           "                    the log on standard error: text lines (default) or one JSON\n"
           "                    object per line, for journald and log shippers\n"
           "  --verbose         also log debug lines: connections that fail other than by\n"
           "                    being closed or reset (never tokens or what people write);\n"
           "                    --verbose=false turns it off\n"
           "  --version         print the version (samskab-server VERSION) and exit\n"
           "  --help            show this text\n"
           "\n"
           "workspace create: instead of serving, create a workspace (an organisation's home\n"
           "for its sessions and trial actions) in --db, also while a server runs on it, and\n"
           "print its admin link once; the database keeps only a hash of it.\n"
           "  --name NAME       the workspace's name, e.g. \"Dragør Kommune\" (1 to 120\n"
           "                    characters)\n"
           "  --public-url URL  the address people reach the server at, put in front of\n"
           "                    the link, e.g. https://samskab.example.dk (default: the\n"
           "                    link's path only)\n"
           "\n"
           "import: instead of serving, import a session archive (a session.json export,\n"
           "PROTOCOL.md \"Session archive\") into --db as a new session with a new id, join\n"
           "code and tokens, also while a server runs on it, and print its facilitators'\n"
           "new links once. All of it is written in one transaction, or nothing. A running\n"
           "server shows the session after its next start (or import over HTTP instead:\n"
           "POST /api/workspaces/{id}/import).\n"
           "  --workspace ID    the workspace the session is put in (default: none)\n"
           "\n"
           "Every option can also be set in the environment as SAMSKAB_NAME, upper case\n"
           "with underscores for dashes (SAMSKAB_PORT=8080, SAMSKAB_CONFIG=FILE), one value\n"
           "each; a SAMSKAB_ variable that names no option is ignored. The command line\n"
           "goes before the environment, the environment before the config file; a\n"
           "repeatable option given at a higher level replaces all its lower-level values.\n"
           "The subcommands read them too.\n"
           "\n"
           "When ready it logs 'listening on http://ADDRESS:PORT' (and, started by systemd\n"
           "with Type=notify, sends READY=1; WATCHDOG=1 if WatchdogSec= is set). SIGINT or\n"
           "SIGTERM stop it gracefully: pending writes are committed, clients get close code\n"
           "1001. A database of an older schema is backed up beside it, then migrated.\n";
}

std::string version_line() {
    // Appended, not "a" + b + "c": GCC 12 warns falsely (-Warray-bounds) on that chain here.
    std::string line = "samskab-server ";
    line += version_text;
    line += '\n';
    return line;
}

environment samskab_environment() {
    environment env;
    for (char** e = environ; e && *e; ++e) {
        const std::string_view entry = *e;
        const auto eq = entry.find('=');
        if (entry.starts_with("SAMSKAB_") && eq != std::string_view::npos)
            env.emplace_back(entry.substr(0, eq), entry.substr(eq + 1));
    }
    return env;
}

namespace {

// Applies the flags in args to c, from args[i] on; on an error, args[i] is where it is.
// Puts the name of every flag it applies into applied. An option it does not know is an
// error, or left out if skip_unknown. Returns nothing when all went well.
std::optional<parsed_args> apply_flags(config& c, const arg_list& args, std::size_t& i, flag_names& applied,
                                       bool skip_unknown) {
    for (; i < args.size(); ++i) {
        std::string_view arg = args[i].text;
        if (arg == "--help" || arg == "-h") return show_help{};
        if (arg == "--version") return show_version{};
        std::string_view value;
        bool has_value = false;
        if (auto eq = arg.find('='); arg.starts_with("--") && eq != std::string_view::npos) {
            value = arg.substr(eq + 1);
            arg = arg.substr(0, eq);
            has_value = true;
        }
        if (c.import_session && !arg.starts_with("--")) {
            if (!c.import_file.empty()) return config_error{"import takes one archive file"};
            c.import_file = arg;
            continue;
        }
        if (arg == "--verbose") {
            const auto on = parse_switch(has_value, value);
            if (!on) return config_error{"--verbose takes no value, or true or false"};
            c.verbose = *on;
            applied.emplace(arg);
            continue;
        }
        const bool known = arg == "--config" || arg == "--bind" || arg == "--port" || arg == "--db" || arg == "--web-root" ||
                           arg == "--threads" || arg == "--allow-origin" || arg == "--max-connections-per-address" ||
                           arg == "--trusted-proxy" || arg == "--backup-to" || arg == "--restore-from" ||
                           arg == "--request-timeout" || arg == "--idle-timeout" || arg == "--joins-per-address" ||
                           arg == "--participant-pace" || arg == "--changes-per-address" ||
                           arg == "--key-file" || arg == "--public-url" || arg == "--metrics-from" || arg == "--log-format" || (c.workspace_create && arg == "--name") ||
                           (c.import_session && arg == "--workspace");
        if (!known && skip_unknown) continue;
        if (!known) return config_error{"unknown option: " + std::string(arg)};
        applied.emplace(arg);
        if (!has_value) {
            if (i + 1 >= args.size()) return config_error{std::string(arg) + " needs a value"};
            value = args[++i].text;
        }
        if (value.empty()) return config_error{std::string(arg) + " needs a value"};
        if (arg == "--config") c.config_file = value;
        else if (arg == "--bind") c.bind = value;
        else if (arg == "--db") c.db = value;
        else if (arg == "--key-file") c.key_file = value;
        else if (arg == "--name") c.workspace_name = value;
        else if (arg == "--workspace") c.import_workspace = value;
        else if (arg == "--public-url") {
            if (!(value.starts_with("http://") || value.starts_with("https://")))
                return config_error{"--public-url takes an address like https://samskab.example.dk"};
            c.public_url = value;
            while (c.public_url.ends_with('/')) c.public_url.pop_back();
        }
        else if (arg == "--web-root") c.web_root = value;
        else if (arg == "--log-format") {
            if (value != "text" && value != "json") return config_error{"--log-format must be text or json"};
            c.log_json = value == "json";
        }
        else if (arg == "--allow-origin") {
            if (!(value.starts_with("http://") || value.starts_with("https://")) || value.ends_with("/"))
                return config_error{"--allow-origin takes an origin like https://example.org"};
            c.allowed_origins.emplace_back(value);
        } else if (arg == "--backup-to") {
            c.backup_to = value;
        } else if (arg == "--restore-from") {
            c.restore_from = value;
        } else if (arg == "--trusted-proxy") {
            c.trusted_proxies.emplace_back(value);
        } else if (arg == "--metrics-from") {
            std::string error;
            if (!metrics::allowlist().assign({std::string(value)}, error)) return config_error{"--metrics-from: " + error};
            c.metrics_from.emplace_back(value);
        } else if (arg == "--max-connections-per-address") {
            if (!parse_number<std::size_t>(value, c.max_connections_per_address, 1, 1'000'000))
                return config_error{"--max-connections-per-address must be a number from 1"};
        } else if (arg == "--joins-per-address") {
            if (!parse_number<std::size_t>(value, c.joins_per_address, 1, 1'000'000))
                return config_error{"--joins-per-address must be a number from 1"};
        } else if (arg == "--changes-per-address") {
            if (!parse_number<std::size_t>(value, c.changes_per_address, 0, 1'000'000))
                return config_error{"--changes-per-address must be a number from 0 (no limit)"};
        } else if (arg == "--participant-pace") {
            if (!parse_number<std::size_t>(value, c.participant_pace, 0, 1'000'000))
                return config_error{"--participant-pace must be a number from 0 (no limit)"};
        }
        else if (arg == "--request-timeout") {
            if (!parse_number<unsigned>(value, c.request_timeout_s, 1, 3600))
                return config_error{"--request-timeout must be a number of seconds from 1 to 3600"};
        } else if (arg == "--idle-timeout") {
            if (!parse_number<unsigned>(value, c.idle_timeout_s, 2, 3600))
                return config_error{"--idle-timeout must be a number of seconds from 2 to 3600"};
        } else if (arg == "--port") {
            if (!parse_number<std::uint16_t>(value, c.port, 0, 65535))
                return config_error{"--port must be a number from 0 to 65535"};
        } else if (!parse_number<unsigned>(value, c.threads, 1, 256)) {
            return config_error{"--threads must be a number from 1 to 256"};
        }
    }
    return std::nullopt;
}

// apply_flags over all of args, with where they came from in front of an error.
std::optional<parsed_args> apply_level(config& c, const arg_list& args, flag_names& applied, bool skip_unknown) {
    std::size_t i = 0;
    auto result = apply_flags(c, args, i, applied, skip_unknown);
    if (auto* e = result ? std::get_if<config_error>(&*result) : nullptr; e && i < args.size() && !args[i].where.empty())
        e->message = args[i].where + ": " + e->message;
    return result;
}

// The checks of the flags together, once all are read.
parsed_args finish(config c) {
    if (!c.backup_to.empty() && !c.restore_from.empty())
        return config_error{"--backup-to and --restore-from cannot be used together"};
    if (c.workspace_create && (!c.backup_to.empty() || !c.restore_from.empty()))
        return config_error{"workspace create cannot be used with --backup-to or --restore-from"};
    if (c.workspace_create && c.workspace_name.empty()) return config_error{"workspace create needs --name NAME"};
    if (c.import_session && (!c.backup_to.empty() || !c.restore_from.empty()))
        return config_error{"import cannot be used with --backup-to or --restore-from"};
    if (c.import_session && c.import_file.empty()) return config_error{"import needs the archive file: import FILE"};
    if (c.key_file.empty()) c.key_file = c.db + ".key";
    return c;
}

}  // namespace

parsed_args parse_args(int argc, const char* const* argv, const environment& env) {
    config c;
    c.web_root = SAMSKAB_DEFAULT_WEB_ROOT;
    int first = 1;
    if (argc > 1 && std::string_view(argv[1]) == "workspace") {
        if (argc < 3 || std::string_view(argv[2]) != "create")
            return config_error{"workspace: the subcommand is 'workspace create --name NAME'"};
        c.workspace_create = true;
        first = 3;
    } else if (argc > 1 && std::string_view(argv[1]) == "import") {
        c.import_session = true;
        first = 2;
    }
    arg_list command_line;
    for (int i = first; i < argc; ++i) command_line.push_back({argv[i], {}, {}});
    const arg_list from_environment = environment_args(env);

    // Each level alone first, from the defaults: it is checked, with where an error is,
    // and tells which flags it sets (and which config file to read).
    flag_names on_command_line, in_environment, in_file;
    config alone = c;
    if (auto r = apply_level(alone, command_line, on_command_line, false)) return *r;
    std::string config_file = alone.config_file;
    alone = c;
    if (auto r = apply_level(alone, from_environment, in_environment, true)) return *r;
    if (config_file.empty()) config_file = alone.config_file;
    arg_list from_file;
    if (!config_file.empty()) {
        if (auto e = read_config_file(config_file, from_file)) return *e;
        alone = c;
        if (auto r = apply_level(alone, from_file, in_file, false)) return *r;
    }

    // Then all in one pass, lowest level first, without a lower level's values of a flag
    // that a higher level sets: so a repeatable flag's values are replaced, not added to.
    arg_list all;
    for (const arg& a : from_file)
        if (!on_command_line.contains(a.flag) && !in_environment.contains(a.flag)) all.push_back(a);
    for (const arg& a : from_environment)
        if (in_environment.contains(a.flag) && !on_command_line.contains(a.flag)) all.push_back(a);
    all.insert(all.end(), command_line.begin(), command_line.end());
    flag_names applied;
    if (auto r = apply_level(c, all, applied, false)) return *r;
    c.config_file = config_file;
    return finish(std::move(c));
}

}  // namespace samskab::server
