// Backup and restore from the command line (see maintenance.hpp).
#include "net/maintenance.hpp"

#include "domain/join_code.hpp"
#include "net/archive_import.hpp"
#include "net/log.hpp"
#include "net/log_events.hpp"
#include "net/secrets.hpp"
#include "protocol/archive.hpp"
#include "protocol/limits.hpp"
#include "storage/sqlite_journal.hpp"
#include "net/server_key.hpp"
#include "storage/backup.hpp"
#include "storage/schema.hpp"
#include "storage/workspaces.hpp"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <future>
#include <optional>
#include <sstream>
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

// The server's key (created if missing, as the server would), or nullopt after saying why.
std::optional<server_key> key_of(const config& cfg, const char* what) {
    std::string error;
    bool created = false;
    auto key = server_key::load_or_create(cfg.key_file, error, created);
    if (!key) std::fprintf(stderr, "samskab-server: %s failed: %s\n", what, error.c_str());
    return key;
}

// For a subcommand, which may run beside a server: a database of an older schema with a
// server running on it (a server of an older version, since it has not migrated it) is
// not migrated under that server, which would go on writing with the old schema. Holds
// the database's lock while the subcommand migrates, or fails saying what to do.
std::optional<storage::database_lock> migrate_only_unserved(const std::string& db, storage::status& err) {
    std::error_code ec;
    if (!std::filesystem::exists(db, ec)) return std::nullopt;
    int version = 0;
    {
        auto peek = storage::connection::open(db, err, true);
        if (!peek) return std::nullopt;  // err says why
        version = storage::schema_version(*peek);
    }
    const int newest = storage::migrations().back().version;
    if (version < 1 || version >= newest) return std::nullopt;
    auto lock = storage::database_lock::acquire(db, err);
    if (!lock)
        err = storage::status{err.code, "the database has schema version " + std::to_string(version) +
                                            ", older than this program's " + std::to_string(newest) +
                                            ", and a server runs on it: stop that server and start this version's,"
                                            " which backs the database up and migrates it, then run this again"};
    return lock;
}

}  // namespace

std::optional<storage::connection> open_database_logged(const std::string& path, storage::status& err) {
    storage::opening done;
    const auto began = std::chrono::steady_clock::now();
    auto db = storage::open_database(path, err, &done);
    if (!db) return db;
    // The opening's time is the backup's and the migration's: opening alone takes none.
    const auto took = std::chrono::steady_clock::now() - began;
    if (!done.backup.empty()) {
        std::error_code ec;
        const auto bytes = std::filesystem::file_size(done.backup, ec);
        log::write(log::events::database_backed_up, {{"db", path},
                                                     {"from_version", done.from_version},
                                                     {"to_version", done.to_version},
                                                     {"sessions", done.backup_sessions},
                                                     {"backup", done.backup},
                                                     {"bytes", ec ? std::uintmax_t{0} : bytes}});
    }
    if (done.from_version >= 1 && done.to_version != done.from_version)
        log::write(log::events::database_migrated,
                   {{"db", path}, {"from_version", done.from_version}, {"to_version", done.to_version}, {"seconds", took}});
    return db;
}

int run_backup(const config& cfg) {
    storage::database_info info;
    const auto began = std::chrono::steady_clock::now();
    if (auto s = storage::backup_database(cfg.db, cfg.backup_to, info); !s.ok()) return fail("backup", s);
    std::error_code ec;
    const auto bytes = std::filesystem::file_size(cfg.backup_to, ec);
    log::write(log::events::backup_written, {{"db", cfg.db},
                                             {"backup", cfg.backup_to},
                                             {"sessions", info.sessions},
                                             {"changes", info.changes},
                                             {"bytes", ec ? std::uintmax_t{0} : bytes},
                                             {"seconds", std::chrono::steady_clock::now() - began}});
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
    const auto held = migrate_only_unserved(cfg.db, err);
    if (!err.ok()) return fail("workspace create", err);
    auto db = open_database_logged(cfg.db, err);
    if (!db) return fail("workspace create", err);
    auto key = key_of(cfg, "workspace create");
    if (!key) return 1;
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

namespace {

int refused(const domain::error& e) {
    std::fprintf(stderr, "samskab-server: import refused (%s)%s%s: %s\nNothing was imported.\n",
                 std::string(domain::to_string(e.code)).c_str(), e.field.empty() ? "" : " at ",
                 e.field.c_str(), e.message.c_str());
    return 2;
}

}  // namespace

int run_import(const config& cfg) {
    // The size first, before anything is read.
    std::error_code ec;
    const auto size = std::filesystem::file_size(cfg.import_file, ec);
    if (ec) {
        std::fprintf(stderr, "samskab-server: import: cannot read %s: %s\n", cfg.import_file.c_str(),
                     ec.message().c_str());
        return 1;
    }
    if (size > protocol::max_archive_bytes)
        return refused(domain::error::make(domain::errc::too_long, "a session archive is at most " +
                                                                       std::to_string(protocol::max_archive_bytes) +
                                                                       " bytes"));
    std::ifstream in(cfg.import_file, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    if (!in) {
        std::fprintf(stderr, "samskab-server: import: cannot read %s\n", cfg.import_file.c_str());
        return 1;
    }
    auto archive = protocol::decode_archive(text.str());
    if (!archive) return refused(archive.err());

    storage::status err;
    const auto held = migrate_only_unserved(cfg.db, err);
    if (!err.ok()) return fail("import", err);
    auto db = open_database_logged(cfg.db, err);
    if (!db) return fail("import", err);
    if (!cfg.import_workspace.empty()) {
        auto w = storage::read_workspace(*db, cfg.import_workspace, err);
        if (!err.ok()) return fail("import", err);
        if (!w)
            return refused(domain::error::in_field(domain::errc::not_found, "--workspace",
                                                   "the database has no workspace with this id"));
    }
    auto key = key_of(cfg, "import");
    if (!key) return 1;
    // Written by the journal's writer, as the server writes: one transaction.
    storage::sqlite_journal journal(std::move(*db));
    // A code an open session of this database already has is refused by its unique
    // index: then another is drawn.
    for (int attempt = 0;; ++attempt) {
        auto prepared = prepare_import(archive.value(), new_session_id(), new_join_code(),
                                       cfg.import_workspace, *key);
        if (!prepared) return refused(prepared.err());
        std::promise<storage::status> written;
        journal.import_session(std::move(prepared->rows), prepared->session.state(), std::move(prepared->history),
                               [&written](const storage::status& s) { written.set_value(s); });
        const storage::status s = written.get_future().get();
        if (!s.ok()) {
            if (attempt < 3) continue;
            return fail("import", s);
        }
        const auto& info = prepared->session.info();
        std::printf("session imported: %s (id %s, join code %s)\n", info.title.c_str(), info.id.c_str(),
                    domain::display_join_code(info.code).c_str());
        std::printf("its facilitators' links, shown only now (keep them secret; the database keeps only hashes):\n");
        for (const auto& l : prepared->links)
            std::printf("%s (%s): %s/board/%s#token=%s\n", l.name.c_str(), std::string(domain::to_string(l.role_)).c_str(),
                        cfg.public_url.c_str(), info.code.c_str(), l.token.c_str());
        std::printf("a server running on this database shows the session after its next start\n");
        return 0;
    }
}

}  // namespace samskab::server
