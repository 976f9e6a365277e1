// sqlite_journal: the journal on a SQLite file, written by one thread of its own.
//
// Writes queue up while a transaction commits; the writer then takes everything
// queued (up to max_batch) into the next transaction. Each write runs inside its own
// SAVEPOINT, so one failing write is rolled back alone; a failing COMMIT fails the
// whole batch. This is group commit: one fsync serves many writes, and no write is
// reported committed before its transaction is.
#pragma once

#include "storage/journal.hpp"
#include "storage/sqlite.hpp"

#include <atomic>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>

namespace samskab::storage {

class sqlite_journal final : public journal {
public:
    static constexpr std::size_t max_batch = 1024;

    // Takes over db (opened by open_database) and starts the writer thread.
    explicit sqlite_journal(connection db);
    // Finishes every queued write, then stops the thread.
    ~sqlite_journal() override;

    sqlite_journal(const sqlite_journal&) = delete;
    sqlite_journal& operator=(const sqlite_journal&) = delete;

    void create_session(write_set rows, completion done) override;
    void add_participant(const session_epoch& s, domain::participant p, completion done) override;
    void append(const session_epoch& s, domain::change c, change_texts texts, write_set rows,
                completion done) override;
    void read_audit(std::string session_id, domain::seq_t before, std::int64_t limit, audit_completion done) override;
    void flush(std::function<void()> done) override;
    bool healthy() const override { return healthy_.load(std::memory_order_relaxed); }

    // Test hook: the next n commits fail as if the disk were full, and roll back.
    void inject_commit_failures(int n) { inject_failures_.store(n); }

    struct statements;  // the writer's prepared statements (sqlite_journal.cpp)
    // A queued write. run executes its SQL inside the open transaction.
    struct job {
        session_epoch owner;  // empty session_id: not bound to a session's epoch
        std::function<status(statements&)> run;
        completion done;
        std::function<void()> flushed;  // set for flush markers instead of run/done
    };

private:
    void enqueue(job j);
    void writer_loop();
    void run_batch(std::deque<job>& batch);
    bool poisoned(const session_epoch& s) const;

    connection db_;
    std::unique_ptr<statements> stmts_;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<job> queue_;
    bool stopping_ = false;
    std::atomic<bool> healthy_{true};
    std::atomic<int> inject_failures_{0};
    // Sessions whose write failed, with the epoch it failed in (writer thread only).
    std::unordered_map<std::string, std::uint64_t> failed_epoch_;
    std::thread thread_;
};

}  // namespace samskab::storage
