// Backup and restore from the command line (see maintenance.hpp).
#include "net/maintenance.hpp"

#include "net/secrets.hpp"
#include "net/server_key.hpp"
#include "storage/backup.hpp"
#include "storage/schema.hpp"
#include "storage/workspaces.hpp"

#include <chrono>
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

int run_workspace_create(const config& cfg) {
    const auto now = std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
    // The name first, so that a refused one leaves no key file and no database behind.
    if (auto named = domain::make_workspace("", cfg.workspace_name, now, {}); !named) {
        std::fprintf(stderr, "samskab-server: workspace create: --name: %s\n", named.err().message.c_str());
        return 2;
    }
    // The database first: it makes its folder, where the key file goes by default.
    storage::status err;
    auto db = storage::open_database(cfg.db, err);
    if (!db) return fail("workspace create", err);
    std::string error;
    bool created = false;
    auto key = server_key::load_or_create(cfg.key_file, error, created);
    if (!key) {
        std::fprintf(stderr, "samskab-server: workspace create failed: %s\n", error.c_str());
        return 1;
    }
    const std::string id = new_session_id();
    auto admin = key->new_workspace_link(id, domain::workspace_role::admin, now);
    const std::string token = key->workspace_token(id, admin.nonce);
    auto w = domain::make_workspace(id, cfg.workspace_name, now, std::move(admin));
    if (!w) return 2;  // checked above
    if (auto s = storage::insert_workspace(*db, w.value()); !s.ok()) return fail("workspace create", s);
    std::printf("workspace created: %s (id %s)\n", w.value().name.c_str(), id.c_str());
    std::printf("its admin link, shown only now (keep it secret; the database keeps only its hash):\n%s/workspace/%s#token=%s\n",
                cfg.public_url.c_str(), id.c_str(), token.c_str());
    if (cfg.public_url.empty())
        std::printf("(put the address people reach the server at in front of it, or give --public-url)\n");
    return 0;
}

}  // namespace samskab::server
