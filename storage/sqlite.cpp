// SQLite handle wrappers (see sqlite.hpp).
#include "storage/sqlite.hpp"

#include <sqlite3.h>

#include <mutex>
#include <utility>

namespace samskab::storage {

namespace {

status error_of(sqlite3* db, int rc) {
    return status{rc, db ? sqlite3_errmsg(db) : sqlite3_errstr(rc)};
}

}  // namespace

std::optional<connection> connection::open(const std::string& path, status& err, bool read_only) {
    // By default SQLite keeps global counts of its memory use, under a mutex taken on
    // every allocation; nothing here reads them. (Possible only before SQLite's first use.)
    static std::once_flag no_memory_counts;
    std::call_once(no_memory_counts, [] { sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
    sqlite3* db = nullptr;
    const int flags = (read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) | SQLITE_OPEN_NOMUTEX;
    const int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
    if (rc != SQLITE_OK) {
        err = error_of(db, rc);
        sqlite3_close(db);  // a handle is returned even on most failures
        return std::nullopt;
    }
    sqlite3_extended_result_codes(db, 1);
    return connection(db);
}

connection::connection(connection&& o) noexcept : db_(std::exchange(o.db_, nullptr)) {}

connection& connection::operator=(connection&& o) noexcept {
    if (this != &o) {
        sqlite3_close(db_);
        db_ = std::exchange(o.db_, nullptr);
    }
    return *this;
}

// sqlite3_close fails only while statements are unfinalized; every statement is owned
// by a wrapper that outlives no connection it was prepared on.
connection::~connection() { sqlite3_close(db_); }

status connection::exec(std::string_view sql) {
    const std::string text(sql);
    char* msg = nullptr;
    const int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &msg);
    status s;
    if (rc != SQLITE_OK) s = status{rc, msg ? msg : sqlite3_errstr(rc)};
    sqlite3_free(msg);
    return s;
}

bool connection::in_transaction() const noexcept { return sqlite3_get_autocommit(db_) == 0; }

status connection::rollback() {
    if (!in_transaction()) return status::success();
    return exec("ROLLBACK");
}

status connection::rollback_after(status failure) {
    if (const status r = rollback(); !r.ok()) failure.message += "; the rollback failed too: " + r.message;
    return failure;
}

statement connection::prepare(std::string_view sql, status& err) {
    sqlite3_stmt* stmt = nullptr;
    const int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &stmt,
                                      nullptr);
    if (rc != SQLITE_OK) {
        err = error_of(db_, rc);
        sqlite3_finalize(stmt);
        return statement();
    }
    return statement(stmt, db_);
}

std::int64_t connection::changes() const noexcept { return sqlite3_changes64(db_); }

status connection::last_error() const { return error_of(db_, sqlite3_errcode(db_)); }

statement::statement(statement&& o) noexcept
    : stmt_(std::exchange(o.stmt_, nullptr)), db_(std::exchange(o.db_, nullptr)) {}

statement& statement::operator=(statement&& o) noexcept {
    if (this != &o) {
        sqlite3_finalize(stmt_);
        stmt_ = std::exchange(o.stmt_, nullptr);
        db_ = std::exchange(o.db_, nullptr);
    }
    return *this;
}

statement::~statement() { sqlite3_finalize(stmt_); }

// Bind failures (a bad index, SQLITE_NOMEM) surface at the next step, which reports
// the connection's error; so binding returns *this for chaining.
statement& statement::bind(int index, std::int64_t value) {
    sqlite3_bind_int64(stmt_, index, value);
    return *this;
}

statement& statement::bind(int index, std::string_view text) {
    // Not copied: the journal binds texts of a kilobyte for every change, and SQLite
    // would copy each into memory of its own and free it again.
    sqlite3_bind_text64(stmt_, index, text.data(), text.size(), SQLITE_STATIC, SQLITE_UTF8);
    return *this;
}

statement& statement::bind_real(int index, double value) {
    sqlite3_bind_double(stmt_, index, value);
    return *this;
}

statement& statement::bind_null(int index) {
    sqlite3_bind_null(stmt_, index);
    return *this;
}

bool statement::step(status& err) {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc != SQLITE_DONE) err = error_of(db_, rc);
    return false;
}

status statement::run() {
    status err;
    if (step(err) && err.ok()) err = status{SQLITE_MISUSE, "statement returned rows where none were expected"};
    reset();
    return err;
}

void statement::reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
}

std::int64_t statement::column_int(int index) const { return sqlite3_column_int64(stmt_, index); }

double statement::column_real(int index) const { return sqlite3_column_double(stmt_, index); }

std::string statement::column_text(int index) const { return std::string(column_view(index)); }

std::string_view statement::column_view(int index) const {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, index));
    return p ? std::string_view(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, index))) : std::string_view();
}

bool statement::column_is_null(int index) const { return sqlite3_column_type(stmt_, index) == SQLITE_NULL; }

}  // namespace samskab::storage
