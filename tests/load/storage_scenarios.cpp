// The storage benchmark's scenarios (see storage_scenarios.hpp).
#include "storage_scenarios.hpp"

#include "load.hpp"
#include "workshop_sim.hpp"

#include "storage/schema.hpp"
#include "storage/sqlite_journal.hpp"
#include "support/server_process.hpp"
#include "support/temp_dir.hpp"
#include "support/ws_client.hpp"

#include <fcntl.h>
#include <linux/magic.h>
#include <sys/vfs.h>
#include <time.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <memory>
#include <mutex>
#include <semaphore>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace samskab::load {

namespace {

namespace fs = std::filesystem;
using clock_type = std::chrono::steady_clock;

// A session's changes waiting for the journal, at most, as in the server (room_limits::max_pending).
constexpr int max_pending = 4096;
// Open loop: how often a producer wakes at most (see produce).
constexpr auto wake_period = std::chrono::microseconds(500);

double ms_between(clock_type::time_point a, clock_type::time_point b) {
    return std::chrono::duration<double, std::milli>(b - a).count();
}

clock_type::duration seconds(double s) {
    return std::chrono::duration_cast<clock_type::duration>(std::chrono::duration<double>(s));
}

void say(const storage_config& cfg, const std::string& s) {
    if (!cfg.quiet) std::fprintf(stderr, "storage: %s\n", s.c_str());
}

std::string filesystem_of(const fs::path& p) {
    struct statfs s {};
    if (::statfs(p.c_str(), &s) != 0) return "unknown";
    switch (static_cast<unsigned long>(s.f_type)) {
    case EXT4_SUPER_MAGIC: return "ext4";  // also ext2 and ext3
    case TMPFS_MAGIC: return "tmpfs";
    case BTRFS_SUPER_MAGIC: return "btrfs";
    case XFS_SUPER_MAGIC: return "xfs";
    case OVERLAYFS_SUPER_MAGIC: return "overlayfs";
    default: {
        char buf[32];
        std::snprintf(buf, sizeof buf, "0x%lx", static_cast<unsigned long>(s.f_type));
        return buf;
    }
    }
}

// n appends of 4 KiB to a new file in dir, each followed by fdatasync (what a WAL commit
// costs at least), in milliseconds.
stats fsync_probe(const fs::path& dir, int n) {
    std::vector<double> t;
    if (n <= 0) return summarise(t);
    const fs::path file = dir / "fsync-probe";
    const int fd = ::open(file.c_str(), O_CREAT | O_TRUNC | O_WRONLY | O_CLOEXEC, 0600);
    if (fd < 0) throw std::runtime_error("cannot create " + file.string());
    const std::string page(4096, 'x');
    for (int k = 0; k < n; ++k) {
        const auto a = clock_type::now();
        if (::write(fd, page.data(), page.size()) != static_cast<ssize_t>(page.size()) || ::fdatasync(fd) != 0) {
            ::close(fd);
            throw std::runtime_error("write or fdatasync failed in " + dir.string());
        }
        t.push_back(ms_between(a, clock_type::now()));
    }
    ::close(fd);
    fs::remove(file);
    return summarise(t);
}

double thread_cpu_seconds() {
    timespec ts{};
    ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

// CPU seconds of this process's thread named `name` (see /proc/self/task/*/comm); -1 if none.
double named_thread_cpu_seconds(const std::string& name) {
    std::error_code ec;
    for (const auto& task : fs::directory_iterator("/proc/self/task", ec)) {
        std::ifstream comm(task.path() / "comm");
        std::string n;
        if (!std::getline(comm, n) || n != name) continue;
        return stat_cpu_seconds((task.path() / "stat").string());
    }
    return -1;
}

storage::connection open_db(const std::string& path) {
    storage::status st;
    auto db = storage::open_database(path, st);  // WAL, synchronous=FULL: as the server opens it
    if (!db) throw std::runtime_error("cannot open " + path + ": " + st.message);
    return std::move(*db);
}

// Waits until every write submitted to j before has completed.
void flush(storage::journal& j) {
    std::binary_semaphore done(0);
    j.flush([&] { done.release(); });
    done.acquire();
}

// ---- producers: make changes and append them -------------------------------------------

// What the producer threads share. Completions run on the journal's writer thread, one
// at a time: what only they touch needs no lock.
struct run_state {
    storage::sqlite_journal& journal;
    std::vector<std::unique_ptr<session_sim>> sims;
    std::unique_ptr<std::atomic<int>[]> pending;  // per session: appended, not completed
    // Session s's next change; nullopt when it has none left (the run ends).
    std::function<std::optional<sim_change>(std::size_t s)> next;
    std::int64_t quota = 0;  // > 0: changes per session to make, then stop (scenario g's build)

    clock_type::time_point window_start, window_end;
    std::atomic<bool> stop{false};
    std::atomic<bool> exhausted{false};  // a session ran out of changes
    std::counting_semaphore<1 << 30> slots{0};  // closed loop: appends allowed in flight
    bool closed_loop = false;
    std::atomic<long> appended_in_window{0};
    std::atomic<long> overloaded{0};

    // Writer thread only, read after a flush.
    std::vector<double> commit_ms;  // of changes appended in the window
    long completed_in_window = 0;
    long completed = 0;
    std::map<std::string, long> failures;

    // Producers, under mutex.
    std::mutex mutex;
    std::vector<double> lag_ms;
    double producer_cpu_s = 0;
    std::vector<std::string> exceptions;

    explicit run_state(storage::sqlite_journal& j) : journal(j) {}
};

bool in_window(const run_state& st, clock_type::time_point t) { return t >= st.window_start && t < st.window_end; }

enum class appended { yes, overloaded, none_left };

// Appends session s's next change, unless the session is at its limit of pending writes
// (the room would refuse the command as overloaded) or has no change left.
appended append_next(run_state& st, std::size_t s) {
    if (st.pending[s].load(std::memory_order_relaxed) >= max_pending) {
        st.overloaded.fetch_add(1, std::memory_order_relaxed);
        return appended::overloaded;
    }
    std::optional<sim_change> ch = st.next(s);
    if (!ch) {
        st.exhausted = true;
        return appended::none_left;
    }
    st.pending[s].fetch_add(1, std::memory_order_relaxed);
    const auto start = clock_type::now();
    if (in_window(st, start)) st.appended_in_window.fetch_add(1, std::memory_order_relaxed);
    st.journal.append({sim_session_id(st.sims[s]->index()), 1}, std::move(ch->c), std::move(ch->texts),
                      std::move(ch->rows), [&st, s, start](const storage::status& result) {
                          const auto end = clock_type::now();
                          st.pending[s].fetch_sub(1, std::memory_order_relaxed);
                          if (st.closed_loop) st.slots.release();
                          ++st.completed;
                          if (!result.ok()) {
                              ++st.failures["write failed: " + result.message];
                              return;
                          }
                          if (in_window(st, start)) st.commit_ms.push_back(ms_between(start, end));
                          if (in_window(st, end)) ++st.completed_in_window;
                      });
    return appended::yes;
}

// Producer p of n: its sessions are those with s % n == p, in turn. Open loop at `rate`
// changes per second (this producer's share), or closed loop on st.slots when rate is 0.
void produce(run_state& st, int p, int n, double rate, clock_type::time_point start) {
    std::vector<std::size_t> mine;
    for (std::size_t s = static_cast<std::size_t>(p); s < st.sims.size(); s += static_cast<std::size_t>(n))
        mine.push_back(s);
    if (mine.empty()) return;
    std::vector<double> lag;
    double cpu_start = -1, cpu_end = -1;
    std::size_t turn = 0;
    std::vector<std::int64_t> made(mine.size(), 0);
    std::size_t finished = 0;
    const auto period = rate > 0 ? seconds(1.0 / rate) : clock_type::duration::zero();
    // The producers' schedules are staggered over one period.
    auto due = start + period * p / n;
    std::this_thread::sleep_until(start);
    try {
        while (!st.stop.load(std::memory_order_relaxed) && finished < mine.size()) {
            auto now = clock_type::now();
            if (cpu_start < 0 && now >= st.window_start) cpu_start = thread_cpu_seconds();
            if (cpu_end < 0 && now >= st.window_end) cpu_end = thread_cpu_seconds();
            if (now >= st.window_end && st.quota == 0) break;
            if (rate > 0) {
                if (due > now) {
                    // A producer wakes at most every wake_period and appends all that is
                    // due by then, as a network thread reads what has arrived: waking for
                    // every change would cost the machine more than the appends.
                    std::this_thread::sleep_until(std::max(due, now + wake_period));
                    continue;
                }
                if (in_window(st, due)) lag.push_back(ms_between(due, now));
                due += period;
            } else {
                st.slots.acquire();
            }
            const std::size_t k = turn++ % mine.size();
            if (st.quota > 0 && made[k] >= st.quota) {
                if (st.closed_loop) st.slots.release();
                continue;
            }
            const appended a = append_next(st, mine[k]);
            if (a == appended::yes) {
                if (st.quota > 0 && ++made[k] == st.quota) ++finished;
                continue;
            }
            if (st.closed_loop) st.slots.release();
            if (a == appended::none_left) break;
        }
    } catch (const std::exception& e) {
        std::lock_guard lock(st.mutex);
        st.exceptions.push_back(e.what());
        st.stop = true;
    }
    if (cpu_end < 0) cpu_end = thread_cpu_seconds();
    std::lock_guard lock(st.mutex);
    st.lag_ms.insert(st.lag_ms.end(), lag.begin(), lag.end());
    if (cpu_start >= 0) st.producer_cpu_s += cpu_end - cpu_start;
}

void start_producers(run_state& st, std::vector<std::thread>& threads, int n, double rate, clock_type::time_point start) {
    for (int p = 0; p < n; ++p)
        threads.emplace_back([&st, p, n, rate, start] { produce(st, p, n, n > 0 ? rate / n : 0, start); });
}

// Creates the sessions of st.sims through the journal, as the server does.
void create_sessions(run_state& st) {
    st.pending = std::make_unique<std::atomic<int>[]>(st.sims.size());
    std::atomic<long> failed{0};
    for (auto& sim : st.sims)
        st.journal.create_session(sim->creation(), [&failed](const storage::status& s) {
            if (!s.ok()) failed.fetch_add(1);
        });
    flush(st.journal);
    if (failed > 0) throw std::runtime_error(std::to_string(failed.load()) + " sessions could not be created");
}

// Makes `per_session` scenario f changes for each session, on `threads` threads, before
// the run: the producers then only append, so that the run measures the journal rather
// than the domain and the JSON encoding that make a change (see README.md).
std::vector<std::vector<sim_change>> pregenerate(run_state& st, std::int64_t per_session, int threads,
                                                 std::size_t text_length) {
    std::vector<std::vector<sim_change>> ready(st.sims.size());
    std::vector<std::thread> workers;
    for (int t = 0; t < threads; ++t)
        workers.emplace_back([&, t] {
            for (std::size_t s = static_cast<std::size_t>(t); s < st.sims.size(); s += static_cast<std::size_t>(threads)) {
                ready[s].reserve(static_cast<std::size_t>(per_session));
                for (std::int64_t k = 0; k < per_session; ++k) ready[s].push_back(st.sims[s]->next_idea(text_length));
            }
        });
    for (auto& w : workers) w.join();
    return ready;
}

void collect_errors(run_state& st, storage_result& r) {
    for (const auto& [k, v] : st.failures) {
        r.errors += v;
        r.error_kinds[k] += v;
    }
    if (st.overloaded > 0) {
        r.errors += st.overloaded;
        r.error_kinds["overloaded: a session had " + std::to_string(max_pending) + " writes pending"] += st.overloaded;
    }
    for (const auto& e : st.exceptions) {
        ++r.errors;
        ++r.error_kinds["producer: " + e];
    }
    for (const auto& sim : st.sims)
        for (const auto& [action, count] : sim->actions()) r.actions[action] += count;
}

std::string fmt(double v, int decimals = 1) {
    std::ostringstream o;
    o << std::fixed << std::setprecision(decimals) << v;
    return o.str();
}

}  // namespace

// ---- scenario f ---------------------------------------------------------------------------

storage_result run_f(const storage_config& cfg) {
    storage_result r;
    const int sessions = cfg.sessions > 0 ? cfg.sessions : 100;
    testing::temp_dir dir(cfg.dir);
    r.filesystem = filesystem_of(dir.path());
    say(cfg, "database in " + dir.path().string() + " (" + r.filesystem + ")");
    if (r.filesystem == "tmpfs") say(cfg, "warning: tmpfs is memory, not a disk: fsync costs nothing there");
    r.fsync = fsync_probe(dir.path(), cfg.fsync_probe);
    if (r.fsync.count > 0) say(cfg, "bare fsync (4 KiB + fdatasync):" + stats_line("", r.fsync).substr(36));

    storage::sqlite_journal journal(open_db(dir.file("samskab.db")));
    run_state st(journal);
    for (int s = 0; s < sessions; ++s) st.sims.push_back(std::make_unique<session_sim>(s, cfg.people, 1000 + s));
    create_sessions(st);
    const std::size_t text_length = cfg.text_length;
    std::vector<std::vector<sim_change>> ready;  // made before the run, per session
    std::vector<std::size_t> taken(st.sims.size(), 0);
    if (cfg.live) {
        st.next = [&st, text_length](std::size_t s) { return std::optional(st.sims[s]->next_idea(text_length)); };
    } else {
        const double seconds_of_load = cfg.warmup + cfg.duration + 0.5;
        const auto total = static_cast<std::int64_t>(cfg.rate > 0 ? cfg.rate * seconds_of_load : cfg.pool);
        const auto t0 = clock_type::now();
        ready = pregenerate(st, total / sessions + 1, std::max(1, cfg.producers), text_length);
        say(cfg, std::to_string(total) + " changes made in " +
                     fmt(std::chrono::duration<double>(clock_type::now() - t0).count()) + " s, before the run");
        st.next = [&ready, &taken](std::size_t s) -> std::optional<sim_change> {
            if (taken[s] == ready[s].size()) return std::nullopt;
            return std::move(ready[s][taken[s]++]);
        };
    }
    st.closed_loop = cfg.rate <= 0;
    if (st.closed_loop) st.slots.release(cfg.in_flight);

    const auto start = clock_type::now() + std::chrono::milliseconds(50);
    st.window_start = start + seconds(cfg.warmup);
    st.window_end = st.window_start + seconds(cfg.duration);
    say(cfg, std::to_string(sessions) + " sessions created; " + std::to_string(cfg.producers) + " producers " +
                 (st.closed_loop ? "as fast as they can (" + std::to_string(cfg.in_flight) + " in flight)"
                                 : "offering " + fmt(cfg.rate, 0) + " changes/s") +
                 ", warm-up " + fmt(cfg.warmup) + " s, window " + fmt(cfg.duration) + " s");
    std::vector<std::thread> producers;
    start_producers(st, producers, cfg.producers, cfg.rate, start);

    std::this_thread::sleep_until(st.window_start);
    const double cpu0 = process_cpu_seconds(::getpid());
    const double writer0 = named_thread_cpu_seconds("samskab-journal");
    const auto c0 = journal.stats();
    std::this_thread::sleep_until(st.window_end);
    const double cpu1 = process_cpu_seconds(::getpid());
    const double writer1 = named_thread_cpu_seconds("samskab-journal");
    const auto c1 = journal.stats();
    r.rss_mib = process_rss_mib(::getpid());
    for (auto& t : producers) t.join();
    flush(journal);  // every change appended has completed

    r.offered_per_s = cfg.rate;
    r.appended_per_s = static_cast<double>(st.appended_in_window.load()) / cfg.duration;
    r.completed = st.completed_in_window;
    r.durable_per_s = static_cast<double>(st.completed_in_window) / cfg.duration;
    r.commit = summarise(st.commit_ms);
    r.lag = summarise(st.lag_ms);
    r.transactions = c1.transactions - c0.transactions;
    r.mean_batch = r.transactions > 0 ? static_cast<double>(c1.writes - c0.writes) / static_cast<double>(r.transactions) : 0;
    r.largest_batch = c1.largest;
    if (cpu0 >= 0 && cpu1 >= 0) r.cpu_s = cpu1 - cpu0;
    if (writer0 >= 0 && writer1 >= 0) r.writer_cpu_s = writer1 - writer0;
    r.producer_cpu_s = st.producer_cpu_s;
    r.sessions = sessions;
    collect_errors(st, r);
    if (st.exhausted) {
        ++r.errors;
        ++r.error_kinds["the changes made before the run ran out in the window (raise --pool)"];
    }
    return r;
}

// ---- scenario g ---------------------------------------------------------------------------

namespace {

std::int64_t count_rows(const std::string& path, const char* table) {
    storage::status st;
    auto db = storage::connection::open(path, st, true);
    if (!db) throw std::runtime_error("cannot open " + path + ": " + st.message);
    auto s = db->prepare(std::string("SELECT count(*) FROM ") + table, st);
    if (!s.valid() || !s.step(st)) throw std::runtime_error("cannot count the " + std::string(table) + " of " + path);
    return s.column_int(0);
}

// Builds a database of cfg.changes changes over `sessions` sessions, through the journal.
void build(const storage_config& cfg, const std::string& path, int sessions, storage_result& r) {
    const auto t0 = clock_type::now();
    {
        storage::sqlite_journal journal(open_db(path));
        run_state st(journal);
        for (int s = 0; s < sessions; ++s) st.sims.push_back(std::make_unique<session_sim>(s, cfg.people, 7000 + s));
        create_sessions(st);
        const std::int64_t per_session = cfg.changes / sessions;
        st.quota = per_session;
        st.next = [&st, per_session](std::size_t s) { return std::optional(st.sims[s]->next_workshop(per_session)); };
        st.closed_loop = true;
        st.slots.release(20000);
        st.window_start = st.window_end = clock_type::time_point::max();
        std::vector<std::thread> producers;
        start_producers(st, producers, std::max(1, std::min(cfg.producers, 2)), 0, clock_type::now());
        for (auto& t : producers) t.join();
        flush(journal);
        collect_errors(st, r);
        if (r.errors > 0) throw std::runtime_error("building the database failed");
    }  // the journal drains and closes the database (SQLite checkpoints the WAL into it)
    r.built = true;
    r.build_s = std::chrono::duration<double>(clock_type::now() - t0).count();
}

double file_mib(const std::string& path) {
    std::error_code ec;
    double bytes = 0;
    for (const char* suffix : {"", "-wal"})
        if (auto n = fs::file_size(path + suffix, ec); !ec) bytes += static_cast<double>(n);
    return bytes / (1024.0 * 1024.0);
}

// Drops the file's pages from the page cache (they are clean: written and synced).
void evict(const std::string& path) {
    for (const char* suffix : {"", "-wal", "-shm"}) {
        const int fd = ::open((path + suffix).c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0) continue;
        ::fdatasync(fd);
        ::posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
        ::close(fd);
    }
}

double median(std::vector<double> v) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

}  // namespace

storage_result run_g(const storage_config& cfg) {
    storage_result r;
    const int sessions = cfg.sessions > 0 ? cfg.sessions : 500;
    std::unique_ptr<testing::temp_dir> dir;
    std::string path = cfg.db;
    if (path.empty()) {
        dir = std::make_unique<testing::temp_dir>(cfg.dir);
        path = dir->file("samskab.db");
    }
    r.filesystem = filesystem_of(fs::absolute(path).parent_path());
    if (fs::exists(path)) {
        say(cfg, "using " + path + " as it is");
    } else {
        say(cfg, "building " + path + ": " + std::to_string(cfg.changes) + " changes over " + std::to_string(sessions) +
                     " sessions, through the journal");
        build(cfg, path, sessions, r);
        say(cfg, "built in " + fmt(r.build_s) + " s (" + fmt(static_cast<double>(cfg.changes) / r.build_s, 0) +
                     " changes/s)");
    }
    r.changes = count_rows(path, "changes");
    r.sessions = static_cast<int>(count_rows(path, "sessions"));
    r.db_mib = file_mib(path);
    if (r.changes != cfg.changes)
        say(cfg, "note: the database holds " + std::to_string(r.changes) + " changes, not " + std::to_string(cfg.changes));
    const std::int64_t per_session = r.sessions > 0 ? r.changes / r.sessions : 0;

    for (int run = 0; run < cfg.repeat; ++run) {
        if (cfg.cold) evict(path);
        const auto t0 = clock_type::now();
        testing::server_process::options opts{path, 0, "", {}, {}};
        // taskset execs the server: the same PID, pinned from its first instruction.
        if (cfg.server_cpu >= 0) opts.wrapper = {"taskset", "-c", std::to_string(cfg.server_cpu)};
        testing::server_process server(opts);
        const auto listening = clock_type::now();
        // The first client: the facilitator of session 0 comes back with its token and
        // gets the session's welcome and snapshot, which need the loaded state.
        testing::ws_client client(server.port());
        const auto welcome = client.join_token(sim_join_code(0), sim_token(0, 1));
        client.next_of_type("snapshot", std::chrono::seconds(30));
        const auto served = clock_type::now();
        r.startup_s.push_back(std::chrono::duration<double>(served - t0).count());
        r.listen_s.push_back(std::chrono::duration<double>(listening - t0).count());
        r.server_cpu.push_back(process_cpu_seconds(server.pid()));
        r.rss_mib = process_rss_mib(server.pid());
        if (welcome.value("seq", std::int64_t{-1}) != per_session) {
            ++r.errors;
            ++r.error_kinds["session 0's welcome has seq " + welcome.value("seq", nlohmann::json()).dump() + ", not " +
                            std::to_string(per_session)];
        }
        client.close();
        client.wait_closed();
        if (const auto status = server.stop(); !status || *status != 0) {
            ++r.errors;
            ++r.error_kinds["server exit status " + (status ? std::to_string(*status) : std::string("timeout"))];
        }
        say(cfg, "start-up " + std::to_string(run + 1) + ": listening after " + fmt(r.listen_s.back(), 3) +
                     " s, first client served after " + fmt(r.startup_s.back(), 3) + " s, RSS " + fmt(r.rss_mib) + " MiB");
    }
    r.startup_median_s = median(r.startup_s);
    return r;
}

// ---- output -------------------------------------------------------------------------------

nlohmann::ordered_json storage_json(const storage_config& cfg, const storage_result& r) {
    using json = nlohmann::ordered_json;
    auto num = [](double v) { return json(round3(v)); };
    auto maybe = [&](double v) { return v >= 0 ? num(v) : json(nullptr); };
    auto list = [&](const std::vector<double>& v) {
        json a = json::array();
        for (double x : v) a.push_back(round3(x));
        return a;
    };
    const bool f = cfg.scenario == "f";
    json j;
    j["scenario"] = !cfg.label.empty() ? cfg.label : !f ? "g" : cfg.rate > 0 ? "f" : "f-max";
    j["server"] = "samskab";
    if (f) {
        j["clients"] = cfg.producers;
        j["sessions"] = r.sessions;
        j["offered_changes_per_s"] = cfg.rate > 0 ? num(cfg.rate) : json(nullptr);
        j["deliveries_per_s"] = num(r.durable_per_s);
        j["p50_ms"] = num(r.commit.p50);
        j["p95_ms"] = num(r.commit.p95);
        j["p99_ms"] = num(r.commit.p99);
        j["p999_ms"] = num(r.commit.p999);
        j["server_cpu_s"] = maybe(r.cpu_s);
        j["deliveries_per_cpu_s"] = r.cpu_s > 0 ? num(static_cast<double>(r.completed) / r.cpu_s) : json(nullptr);
        j["rss_mib"] = maybe(r.rss_mib);
        j["errors"] = r.errors;
        j["commit_max_ms"] = num(r.commit.max);
        j["commit_mean_ms"] = num(r.commit.mean);
        j["mean_batch"] = num(r.mean_batch);
        j["max_batch"] = r.largest_batch;
        j["transactions_per_s"] = num(static_cast<double>(r.transactions) / cfg.duration);
        j["writer_cpu_s"] = maybe(r.writer_cpu_s);
        j["producer_cpu_s"] = maybe(r.producer_cpu_s);
        if (cfg.rate <= 0) j["in_flight"] = cfg.in_flight;
        j["changes_made"] = cfg.live ? "live" : "before";
    } else {
        j["clients"] = 1;
        j["sessions"] = r.sessions;
        j["offered_changes_per_s"] = nullptr;
        j["deliveries_per_s"] = nullptr;
        for (const char* k : {"p50_ms", "p95_ms", "p99_ms", "p999_ms"}) j[k] = nullptr;
        j["server_cpu_s"] = r.server_cpu.empty() ? json(nullptr) : num(median(r.server_cpu));
        j["deliveries_per_cpu_s"] = nullptr;
        j["rss_mib"] = maybe(r.rss_mib);
        j["errors"] = r.errors;
        j["startup_s"] = num(r.startup_median_s);
        j["startup_runs_s"] = list(r.startup_s);
        j["listening_runs_s"] = list(r.listen_s);
        j["changes"] = r.changes;
        j["db_mib"] = num(r.db_mib);
        j["cold_cache"] = cfg.cold;
        j["server_cpus"] = cfg.server_cpu >= 0 ? nlohmann::ordered_json(1) : nlohmann::ordered_json(nullptr);
    }
    j["filesystem"] = r.filesystem;
    if (r.fsync.count > 0) {
        j["fsync_p50_ms"] = num(r.fsync.p50);
        j["fsync_p99_ms"] = num(r.fsync.p99);
    }
    return j;
}

std::string storage_report(const storage_config& cfg, const storage_result& r) {
    std::ostringstream o;
    o << std::fixed << std::setprecision(3);
    if (cfg.scenario == "f") {
        o << "scenario f: " << r.sessions << " sessions, " << cfg.producers << " producers, "
          << (cfg.rate > 0 ? "offered " + fmt(cfg.rate, 0) + " changes/s" : "as fast as possible, " +
                                                                                std::to_string(cfg.in_flight) + " in flight")
          << ", warm-up " << cfg.warmup << " s, window " << cfg.duration << " s, on " << r.filesystem
          << (cfg.live ? ", changes made as they are appended" : ", changes made before the run") << "\n";
        o << "  appended " << fmt(r.appended_per_s) << " changes/s, durable " << fmt(r.durable_per_s)
          << " changes/s (" << r.completed << " committed in the window)\n";
        o << stats_line("commit latency (append to done):", r.commit);
        if (cfg.rate > 0) o << stats_line("producer lateness (open loop):", r.lag);
        if (r.fsync.count > 0) o << stats_line("bare fsync (4 KiB + fdatasync):", r.fsync);
        o << "  transactions " << fmt(static_cast<double>(r.transactions) / cfg.duration) << "/s, mean batch "
          << fmt(r.mean_batch) << " writes, largest " << r.largest_batch << "\n";
        o << "  CPU in the window: process " << r.cpu_s << " s (journal writer " << r.writer_cpu_s << " s, producers "
          << r.producer_cpu_s << " s), RSS " << r.rss_mib << " MiB\n";
    } else {
        o << "scenario g: " << r.changes << " changes in " << r.sessions << " sessions, database " << fmt(r.db_mib)
          << " MiB on " << r.filesystem << (r.built ? ", built in " + fmt(r.build_s) + " s" : "")
          << (cfg.cold ? ", page cache dropped before each start" : "")
          << (cfg.server_cpu >= 0 ? ", server on CPU " + std::to_string(cfg.server_cpu) + " only" : "") << "\n";
        for (std::size_t k = 0; k < r.startup_s.size(); ++k)
          o << "  start-up " << k + 1 << ": listening after " << r.listen_s[k] << " s, first client served after "
            << r.startup_s[k] << " s (server CPU " << r.server_cpu[k] << " s)\n";
        o << "  median " << r.startup_median_s << " s; server RSS after start-up " << fmt(r.rss_mib) << " MiB\n";
    }
    if (!r.actions.empty()) {
        o << "  changes made:";
        for (const auto& [action, n] : r.actions) o << " " << action << " " << n;
        o << "\n";
    }
    o << "  errors: " << r.errors << "\n";
    for (const auto& [k, v] : r.error_kinds) o << "    " << k << ": " << v << "\n";
    return o.str();
}

}  // namespace samskab::load
