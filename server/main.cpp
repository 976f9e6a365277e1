// samskab-server: parses the flags and runs the server (see net/server.hpp).
#include "net/config.hpp"
#include "net/log.hpp"
#include "net/maintenance.hpp"
#include "net/server.hpp"

#include <cstdio>
#include <variant>

int main(int argc, char** argv) {
    using namespace samskab::server;
    auto parsed = parse_args(argc, argv, samskab_environment());
    if (std::holds_alternative<show_help>(parsed)) {
        std::fputs(usage().c_str(), stdout);
        return 0;
    }
    if (std::holds_alternative<show_version>(parsed)) {
        std::fputs(version_line().c_str(), stdout);
        return 0;
    }
    if (auto* e = std::get_if<config_error>(&parsed)) {
        std::fprintf(stderr, "samskab-server: %s\nTry 'samskab-server --help'.\n", e->message.c_str());
        return 2;
    }
    const config& cfg = std::get<config>(parsed);
    log::enable_debug(cfg.verbose);
    log::set_format(cfg.log_json ? log::format::json : log::format::text);
    if (!cfg.backup_to.empty()) return run_backup(cfg);
    if (!cfg.restore_from.empty()) return run_restore(cfg);
    if (cfg.workspace_create) return run_workspace_create(cfg);
    if (cfg.import_session) return run_import(cfg);
    return run_server(cfg);
}
