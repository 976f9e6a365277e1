// Backup and restore from the command line (see maintenance.hpp).
#include "net/maintenance.hpp"

#include "storage/backup.hpp"

#include <cstdio>
#include <string>

namespace samskab::server {

namespace {

void report(const char* what, const std::string& path, const storage::database_info& info) {
    std::printf("%s %s: %lld session(s), %lld change(s), schema version %d, integrity ok\n", what, path.c_str(),
                static_cast<long long>(info.sessions), static_cast<long long>(info.changes), info.schema_version);
}

int fail(const char* what, const storage::status& s) {
    std::fprintf(stderr, "samskab-server: %s failed: %s\n", what, s.message.c_str());
    return 1;
}

}  // namespace

int run_backup(const config& cfg) {
    storage::database_info info;
    if (auto s = storage::backup_database(cfg.db, cfg.backup_to, info); !s.ok()) return fail("backup", s);
    report("backup written to", cfg.backup_to, info);
    return 0;
}

int run_restore(const config& cfg) {
    storage::status err;
    auto lock = storage::database_lock::acquire(cfg.db, err);
    if (!lock) return fail("restore", storage::status{err.code, err.message + "; stop the server first"});
    storage::database_info info;
    if (auto s = storage::restore_database(cfg.restore_from, cfg.db, info); !s.ok()) return fail("restore", s);
    report("restored into", cfg.db, info);
    return 0;
}

}  // namespace samskab::server
