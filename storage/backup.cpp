// Backups, checks, restores and the database lock (see backup.hpp).
#include "storage/backup.hpp"

#include "storage/schema.hpp"

#include <sqlite3.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <string>
#include <utility>

namespace samskab::storage {

namespace fs = std::filesystem;

namespace {

// Reads what a checked database holds; fails unless integrity_check says "ok" and
// foreign_key_check finds no row of a session that is not there (the server does not
// have SQLite enforce the foreign keys on every write: see open_database).
status inspect(connection& db, database_info& info) {
    if (auto s = db.exec("PRAGMA busy_timeout = 5000"); !s.ok()) return s;
    status err;
    statement check = db.prepare("PRAGMA integrity_check", err);
    if (!check.valid()) return err;
    if (!check.step(err)) return err.ok() ? status{SQLITE_CORRUPT, "integrity_check gave no answer"} : err;
    if (const std::string verdict = check.column_text(0); verdict != "ok")
        return status{SQLITE_CORRUPT, "integrity_check: " + verdict};
    check.reset();
    statement keys = db.prepare("PRAGMA foreign_key_check", err);
    if (!keys.valid()) return err;
    if (keys.step(err))  // table, rowid, parent table, constraint: one row per orphan
        return status{SQLITE_CORRUPT, "foreign_key_check: a row of " + keys.column_text(0) + " refers to a missing row of " +
                                          keys.column_text(2)};
    if (!err.ok()) return err;
    keys.reset();
    info.schema_version = schema_version(db);
    const int newest = migrations().back().version;
    if (info.schema_version < 1) return status{SQLITE_NOTADB, "this is not a Samskab database"};
    if (info.schema_version > newest)
        return status{SQLITE_ERROR, "the database has schema version " + std::to_string(info.schema_version) +
                                        ", newer than this program's " + std::to_string(newest)};
    for (auto [sql, out] : {std::pair{"SELECT count(*) FROM sessions", &info.sessions},
                            std::pair{"SELECT count(*) FROM changes", &info.changes}}) {
        statement count = db.prepare(sql, err);
        if (!count.valid() || !count.step(err)) return err.ok() ? status{SQLITE_ERROR, "cannot count rows"} : err;
        *out = count.column_int(0);
    }
    return status::success();
}

// Copies every page of from into to, in one step (one consistent snapshot). A lock
// another connection holds on either is waited for, by the connections' busy handlers
// and between steps, until `patience` has passed; then the copy fails with SQLITE_BUSY.
status copy_pages(connection& from, connection& to, std::chrono::milliseconds patience) {
    const auto deadline = std::chrono::steady_clock::now() + patience;
    const int wait_ms = static_cast<int>(patience.count());
    sqlite3_busy_timeout(from.handle(), wait_ms);
    sqlite3_busy_timeout(to.handle(), wait_ms);
    sqlite3_backup* b = sqlite3_backup_init(to.handle(), "main", from.handle(), "main");
    if (!b) return to.last_error();
    int rc;
    // SQLITE_LOCKED does not go through a busy handler: it is retried here.
    while (((rc = sqlite3_backup_step(b, -1)) == SQLITE_BUSY || rc == SQLITE_LOCKED) &&
           std::chrono::steady_clock::now() < deadline)
        sqlite3_sleep(10);
    const int finished = sqlite3_backup_finish(b);  // nothing of a copy that failed is kept
    if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
        return status{SQLITE_BUSY, "another connection kept the database locked for " +
                                       std::to_string(patience.count()) + " ms; try again"};
    if (rc != SQLITE_DONE) return status{rc, sqlite3_errstr(rc)};
    if (finished != SQLITE_OK) return to.last_error();
    return status::success();
}

}  // namespace

status check_database(const std::string& path, database_info& info) {
    std::error_code ec;
    if (!fs::is_regular_file(path, ec)) return status{SQLITE_CANTOPEN, path + " does not exist"};
    status err;
    auto db = connection::open(path, err, true);
    if (!db) return err;
    return inspect(*db, info);
}

status backup_database(const std::string& src, const std::string& dst, database_info& info,
                       std::chrono::milliseconds patience) {
    std::error_code ec;
    if (fs::exists(dst, ec)) return status{SQLITE_CANTOPEN, dst + " exists already; choose a new name"};
    if (!fs::is_regular_file(src, ec)) return status{SQLITE_CANTOPEN, src + " does not exist"};
    status err;
    auto from = connection::open(src, err, true);
    if (!from) return err;
    const std::string partial = dst + ".partial";
    fs::remove(partial, ec);
    {
        auto to = connection::open(partial, err);
        if (!to) return err;
        status s = copy_pages(*from, *to, patience);
        // A backup is one self-contained file: no write-ahead log beside it.
        if (s.ok()) s = to->exec("PRAGMA journal_mode = DELETE");
        if (s.ok()) s = inspect(*to, info);
        if (!s.ok()) {
            to.reset();
            fs::remove(partial, ec);
            return s;
        }
    }
    fs::rename(partial, dst, ec);
    if (ec) return status{SQLITE_IOERR, "cannot rename " + partial + ": " + ec.message()};
    return status::success();
}

status restore_database(const std::string& src, const std::string& dst, database_info& info,
                        std::chrono::milliseconds patience) {
    if (status s = check_database(src, info); !s.ok()) return s;
    status err;
    auto from = connection::open(src, err, true);
    if (!from) return err;
    // Created, in WAL mode, migrated; no backup of what it held before, which is replaced.
    auto to = open_database(dst, err, nullptr, before_migrating::no_backup);
    if (!to) return err;
    if (status s = copy_pages(*from, *to, patience); !s.ok()) return s;
    // The copied database may be older than this program: bring it up to date now.
    if (status s = migrate(*to); !s.ok()) return s;
    database_info after;
    return inspect(*to, after);
}

std::optional<database_lock> database_lock::acquire(const std::string& db, status& err) {
    const std::string path = db + ".lock";
    const auto dir = fs::path(path).parent_path();
    std::error_code ec;
    if (!dir.empty()) fs::create_directories(dir, ec);
    const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) {
        err = status{SQLITE_CANTOPEN, "cannot open " + path + ": " + std::strerror(errno)};
        return std::nullopt;
    }
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        ::close(fd);
        err = status{SQLITE_BUSY, "another process uses " + db + " (it holds " + path + ")"};
        return std::nullopt;
    }
    return database_lock(fd);
}

database_lock::database_lock(database_lock&& o) noexcept : fd_(std::exchange(o.fd_, -1)) {}

database_lock::~database_lock() {
    if (fd_ >= 0) ::close(fd_);  // closing releases the lock
}

}  // namespace samskab::storage
