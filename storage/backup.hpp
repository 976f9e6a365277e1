// Consistent copies of a Samskab database taken while a server runs on it, checking a
// copy, and putting one back; and the lock that keeps two processes from running a
// server on (or restoring into) the same database at once.
#pragma once

#include "storage/sqlite.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace samskab::storage {

// How long a backup or a restore waits, at most, for a lock another connection holds
// on either database (the writer of a source in rollback-journal mode, such as a
// backup file; a writer of the restore's target) before it gives up with SQLITE_BUSY.
constexpr std::chrono::milliseconds lock_patience = std::chrono::seconds(10);

struct database_info {
    int schema_version = 0;
    std::int64_t sessions = 0;
    std::int64_t changes = 0;
};

// Copies the database at src to a new file at dst with SQLite's online backup, which
// reads one consistent snapshot even while a server writes to src. The copy is written
// to dst + ".partial", checked, and only then renamed to dst. Fails if dst exists, if
// src is not a usable Samskab database, if src stays locked longer than `patience`, or
// if the copy fails its check (nothing is left at dst then).
status backup_database(const std::string& src, const std::string& dst, database_info& info,
                       std::chrono::milliseconds patience = lock_patience);

// Checks that the file at path is a Samskab database this program can use:
// PRAGMA integrity_check says ok, PRAGMA foreign_key_check finds no orphaned row, and
// its schema is not newer than ours.
status check_database(const std::string& path, database_info& info);

// Replaces the content of the database at dst (created if missing) with the backup at
// src, after checking src. Precondition: no server uses dst (hold its database_lock).
// Fails with SQLITE_BUSY, dst unchanged, if either stays locked longer than `patience`.
status restore_database(const std::string& src, const std::string& dst, database_info& info,
                        std::chrono::milliseconds patience = lock_patience);

// An exclusive advisory lock on `<db>.lock`, held while a server runs on db or a restore
// writes it. Released by the destructor (or by the process ending, however it ends).
class database_lock {
public:
    // Takes the lock, or fails (with the reason in err) if another process holds it.
    static std::optional<database_lock> acquire(const std::string& db, status& err);
    database_lock(database_lock&& o) noexcept;
    database_lock& operator=(database_lock&&) = delete;
    ~database_lock();

private:
    explicit database_lock(int fd) : fd_(fd) {}
    int fd_ = -1;
};

}  // namespace samskab::storage
