// Owning wrappers for SQLite handles: a connection and a prepared statement. Every
// statement goes prepare, bind, step, reset; the destructor finalizes. Errors come back
// as status values, never as exceptions.
//
// Threading: a connection and its statements are used by one thread at a time.
#pragma once

#include "domain/types.hpp"

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace samskab::storage {

// Times are stored as milliseconds since the epoch.
inline std::int64_t ms(domain::time_point t) { return t.time_since_epoch().count(); }
inline domain::time_point from_ms(std::int64_t v) { return domain::time_point{std::chrono::milliseconds{v}}; }

// [[nodiscard]]: a status ignored is an error swallowed; the compiler says so.
struct [[nodiscard]] status {
    int code = 0;  // SQLite's result code; 0 (SQLITE_OK) for success
    std::string message;

    bool ok() const noexcept { return code == 0; }
    static status success() { return {}; }
};

class statement;

class connection {
public:
    // Opens (creating if needed) the database file at path; ":memory:" for a private
    // in-memory database. Read-only opens an existing file without writing to it. On
    // failure returns nullopt and fills err.
    static std::optional<connection> open(const std::string& path, status& err, bool read_only = false);

    connection(connection&&) noexcept;
    connection& operator=(connection&&) noexcept;
    ~connection();

    // Runs one or more SQL statements without results (DDL, PRAGMA, BEGIN ...).
    status exec(std::string_view sql);
    // Whether a transaction is open (BEGIN, or a SAVEPOINT outside one, not yet ended).
    bool in_transaction() const noexcept;
    // Rolls the open transaction back, if one is open: SQLite rolls it back by itself
    // after some errors (a full disk, an I/O error, no memory). On failure the
    // transaction may still be open: nothing more may be written in it.
    status rollback();
    // Rolls back after `failure` and returns it, with the rollback's own error added
    // to its message if the rollback failed too.
    status rollback_after(status failure);
    // Prepares sql; on failure the returned statement is invalid and err is set.
    statement prepare(std::string_view sql, status& err);

    sqlite3* handle() const noexcept { return db_; }
    // The number of rows the last INSERT, UPDATE or DELETE changed.
    std::int64_t changes() const noexcept;
    status last_error() const;

private:
    explicit connection(sqlite3* db) : db_(db) {}
    sqlite3* db_ = nullptr;
};

class statement {
public:
    statement() = default;
    statement(statement&&) noexcept;
    statement& operator=(statement&&) noexcept;
    ~statement();

    bool valid() const noexcept { return stmt_ != nullptr; }

    // Binding, 1-based as in SQLite. A text is not copied (SQLITE_STATIC): it must stay
    // alive and unchanged until the statement is reset (run() resets it; a query is
    // reset by its caller). Binding in the same expression as run() is always safe.
    statement& bind(int index, std::int64_t value);
    statement& bind(int index, std::string_view text);
    statement& bind_real(int index, double value);
    statement& bind_null(int index);

    // Steps once. Returns true when a row is ready, false when done; on error returns
    // false and sets err (the statement must then be reset before reuse).
    bool step(status& err);
    // Steps to completion, expecting no rows. Resets the statement afterwards either way.
    status run();
    // Resets and clears bindings, ready for the next use.
    void reset();

    std::int64_t column_int(int index) const;
    double column_real(int index) const;
    std::string column_text(int index) const;
    // The text without a copy: valid until the next step, reset or column call on it.
    std::string_view column_view(int index) const;
    bool column_is_null(int index) const;

private:
    friend class connection;
    statement(sqlite3_stmt* s, sqlite3* db) : stmt_(s), db_(db) {}
    sqlite3_stmt* stmt_ = nullptr;
    sqlite3* db_ = nullptr;
};

}  // namespace samskab::storage
