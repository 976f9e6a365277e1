// Start-up, the thread pool and the orderly shutdown (see server.hpp).
#include "net/server.hpp"

#include "net/guard.hpp"
#include "net/http_routes.hpp"
#include "net/metrics.hpp"
#include "net/readiness.hpp"
#include "net/retention.hpp"
#include "net/listener.hpp"
#include "net/log.hpp"
#include "net/log_events.hpp"
#include "net/maintenance.hpp"
#include "net/registry.hpp"
#include "net/server_key.hpp"
#include "net/service_notify.hpp"
#include "net/tracker.hpp"
#include "net/version.hpp"
#include "storage/backup.hpp"
#include "storage/loader.hpp"
#include "storage/schema.hpp"
#include "storage/sqlite_journal.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>

#include <sched.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <optional>
#include <csignal>
#include <thread>
#include <unistd.h>
#include <vector>

namespace samskab::server {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

namespace {

// The CPUs this process may run on (taskset, cpusets, container limits), not all the
// machine's: more threads than that only take turns on the same cores.
unsigned usable_cpus() {
    cpu_set_t set;
    CPU_ZERO(&set);
    if (sched_getaffinity(0, sizeof set, &set) == 0) {
        const int n = CPU_COUNT(&set);
        if (n > 0) return static_cast<unsigned>(n);
    }
    return std::max(1u, std::thread::hardware_concurrency());
}

constexpr auto shutdown_deadline = std::chrono::seconds(3);

// The pieces that live as long as the server runs, in the order they must die.
// Members are destroyed in reverse: the journal first (it drains, and its last
// completions post to the io_context), then the rooms are dropped, then the
// io_context (destroying handlers, and with them connections that still deregister
// from the tracker), and last the registry and the tracker.
struct running {
    tracker connections;
    std::unique_ptr<address_guard> guard;
    std::unique_ptr<registry> sessions;
    std::optional<static_files> files;
    std::shared_ptr<retention_job> retention;
    std::shared_ptr<readiness_monitor> readiness;
    std::shared_ptr<service_notify> notify;
    std::unique_ptr<workspace_api> workspaces;
    std::unique_ptr<outcome_api> outcomes;
    std::unique_ptr<deletion_api> deletions;
    std::unique_ptr<http_routes> routes;
    std::unique_ptr<server_context> ctx;
    asio::io_context ioc;
    std::unique_ptr<storage::sqlite_journal> journal;
    std::shared_ptr<listener> accept;
    asio::steady_timer deadline{ioc};
    std::atomic<bool> stopping{false};
    const std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
    std::chrono::steady_clock::time_point shutdown_began;  // set by begin_shutdown

    explicit running(unsigned threads) : ioc(static_cast<int>(threads)) {}

    // Precondition: no thread runs the io_context any more.
    ~running() {
        accept.reset();
        // Their timers and strands must not outlive the io_context either.
        retention.reset();
        readiness.reset();
        notify.reset();
        journal.reset();
        // A room's strand must not outlive the io_context it runs on.
        if (sessions) sessions->clear();
    }

    // Step 1: stop accepting and wait until everything submitted is committed.
    void begin_shutdown() {
        if (stopping.exchange(true)) return;
        shutdown_began = std::chrono::steady_clock::now();
        log::write(log::events::shutdown_begun,
                   {{"connections", connections.size()}, {"sessions", sessions->rooms().size()}});
        // First of all: a proxy checking /readyz sends no new clients from now on.
        readiness->shut_down();
        notify->stopping("shutting down: committing pending writes, closing connections");
        accept->stop();
        retention->stop();
        deadline.expires_after(shutdown_deadline);
        deadline.async_wait([this](boost::system::error_code ec) {
            if (ec) return;
            log::write(log::events::shutdown_deadline,
                       {{"connections", connections.size()}, {"seconds", shutdown_deadline}});
            ioc.stop();
        });
        journal->flush([this] {
            log::write(log::events::shutdown_drained, {{"seconds", std::chrono::steady_clock::now() - shutdown_began},
                                                       {"connections", connections.size()}});
            asio::post(ioc, [this] { close_rooms(); });
        });
    }

    // Step 2: each room closes its clients with 1001 after the answers already queued.
    void close_rooms() {
        auto rooms = sessions->rooms();
        auto left = std::make_shared<std::atomic<std::size_t>>(rooms.size());
        if (rooms.empty()) return close_the_rest();
        for (auto& r : rooms)
            r->close_all(close_code::going_away, [this, left] {
                if (left->fetch_sub(1) == 1) asio::post(ioc, [this] { close_the_rest(); });
            });
    }

    // Step 3: close HTTP connections and WebSockets that never joined; when the last
    // connection is gone the io_context runs out of work and run() returns.
    void close_the_rest() {
        connections.shutdown_all([this] { asio::post(ioc, [this] { deadline.cancel(); }); });
    }
};

}  // namespace

int run_server(const config& cfg) {
    boost::system::error_code ec;
    const auto address = asio::ip::make_address(cfg.bind, ec);
    if (ec) {
        log::write(log::events::start_failed, {{"stage", "bind"}, {"reason", "--bind " + cfg.bind + " is not an IP address"}});
        return 1;
    }
    const unsigned threads = cfg.threads ? cfg.threads : usable_cpus();
    running r(threads);
    log::write(log::events::starting,
               {{"version", version_text}, {"pid", static_cast<std::int64_t>(::getpid())}, {"threads", threads}, {"db", cfg.db}});

    storage::status st;
    // One server per database: a second one, or a restore, would corrupt what this writes.
    auto lock = storage::database_lock::acquire(cfg.db, st);
    if (!lock) {
        log::write(log::events::start_failed, {{"stage", "lock"}, {"reason", st.message}});
        return 1;
    }
    // The key before the database: a server that cannot have its key migrates nothing.
    std::string key_error;
    bool key_created = false;
    auto key = server_key::load_or_create(cfg.key_file, key_error, key_created);
    if (!key) {
        log::write(log::events::start_failed, {{"stage", "key"}, {"reason", key_error}});
        return 1;
    }
    if (key_created) log::write(log::events::key_created, {{"key_file", cfg.key_file}});
    auto shared_key = std::make_shared<const server_key>(std::move(*key));
    auto db = open_database_logged(cfg.db, st);
    if (!db) {
        log::write(log::events::start_failed,
                   {{"stage", "database"}, {"reason", "cannot open the database " + cfg.db + ": " + st.message}});
        return 1;
    }
    const auto load_began = std::chrono::steady_clock::now();
    std::vector<storage::loaded_session> loaded;
    // The sessions' state only: each room reads its recent changes (for clients that
    // resume) when a client first joins it, so that start-up does not read the history.
    if (st = storage::load_sessions(*db, 0, loaded); !st.ok()) {
        log::write(log::events::start_failed,
                   {{"stage", "load"}, {"reason", "cannot read the database " + cfg.db + ": " + st.message}});
        return 1;
    }
    r.journal = std::make_unique<storage::sqlite_journal>(std::move(*db));
    r.journal->observe_checkpoints([](const storage::sqlite_journal::checkpoint_report& c) {
        const std::string_view mode = c.restart ? "restart" : "passive";
        if (c.busy || !c.error.empty())
            log::write(log::events::wal_checkpoint_incomplete,
                       {{"mode", mode},
                        {"wal_pages", c.wal_pages},
                        {"reason", c.busy ? std::string("a reader kept it from restarting the WAL") : c.error}});
        else
            log::write(log::events::wal_checkpointed, {{"mode", mode},
                                                       {"wal_pages", c.wal_pages},
                                                       {"checkpointed_pages", c.checkpointed_pages},
                                                       {"seconds", c.took}});
    });
    r.readiness = std::make_shared<readiness_monitor>(r.ioc.get_executor(), *r.journal);
    r.notify = std::make_shared<service_notify>(r.ioc.get_executor());
    room_limits per_room;
    per_room.pace_burst = static_cast<double>(cfg.participant_pace);
    if (cfg.participant_pace == 0) per_room.pace_per_second = 0;  // no limit (see check_pace)
    r.sessions = std::make_unique<registry>(r.ioc.get_executor(), *r.journal, shared_key, per_room);
    auto count = r.sessions->load(std::move(loaded));
    if (!count) {
        log::write(log::events::start_failed,
                   {{"stage", "load"}, {"reason", "cannot restore the sessions: " + count.err().message}});
        return 1;
    }
    const auto loaded_at = std::chrono::steady_clock::now();
    guard_limits limits;
    limits.max_connections = cfg.max_connections_per_address;
    limits.join_burst = static_cast<double>(cfg.joins_per_address);
    limits.changes_per_second = static_cast<double>(cfg.changes_per_address);
    r.guard = std::make_unique<address_guard>(limits);
    std::string files_error;
    r.files = static_files::load(cfg.web_root, files_error);
    if (!r.files) {
        log::write(log::events::start_failed, {{"stage", "web_root"}, {"reason", files_error}});
        return 1;
    }
    // SAMSKAB_TODAY=YYYY-MM-DD pins the day the portfolio takes as today (tests, demos).
    workspace_api::today_fn today = workspace_api::utc_today;
    if (const char* pinned = std::getenv("SAMSKAB_TODAY"); pinned && *pinned) {
        const auto day = domain::day_of(pinned);
        if (!day) {
            log::write(log::events::start_failed,
                       {{"stage", "today"}, {"reason", "SAMSKAB_TODAY must be a date written YYYY-MM-DD"}});
            return 1;
        }
        log::write(log::events::today_pinned, {{"today", pinned}});
        today = [d = *day] { return d; };
    }
    r.retention = std::make_shared<retention_job>(r.ioc.get_executor(), *r.journal, *r.sessions, today);
    r.workspaces = std::make_unique<workspace_api>(*r.journal, *r.guard, *r.sessions, shared_key, std::move(today));
    // Weak: the job must go before the io_context (see ~running), not live on in here.
    r.workspaces->on_settings_changed([job = std::weak_ptr<retention_job>(r.retention)] {
        if (auto j = job.lock()) j->run_now();
    });
    r.outcomes = std::make_unique<outcome_api>(*r.sessions, *r.journal, *r.guard, *r.workspaces, shared_key);
    r.deletions = std::make_unique<deletion_api>(*r.sessions, *r.guard, *r.workspaces);
    r.routes = std::make_unique<http_routes>(*r.sessions, *r.journal, *r.guard, *r.files, *r.workspaces, *r.outcomes,
                                             *r.deletions, *r.readiness);
    metrics::allowlist metrics_from;
    if (std::string e; !cfg.metrics_from.empty() && !metrics_from.assign(cfg.metrics_from, e)) {
        log::write(log::events::start_failed, {{"stage", "metrics_from"}, {"reason", "--metrics-from: " + e}});
        return 1;
    }
    r.routes->serve_metrics(std::move(metrics_from),
                            metrics::levels{[&c = r.connections] { return c.size(); },
                                            [&s = *r.sessions] { return s.size(); },
                                            [&j = *r.journal] { return j.queue_depth(); }});
    r.ctx = std::make_unique<server_context>(
        server_context{*r.routes, *r.sessions, r.connections, *r.guard, cfg.allowed_origins, cfg.trusted_proxies,
                       std::chrono::seconds(cfg.request_timeout_s), std::chrono::seconds(cfg.idle_timeout_s)});

    r.accept = std::make_shared<listener>(r.ioc, *r.ctx);
    if (auto e = r.accept->open(tcp::endpoint(address, cfg.port))) {
        log::write(log::events::start_failed,
                   {{"stage", "listen"},
                    {"reason", "cannot listen on " + cfg.bind + ":" + std::to_string(cfg.port) + ": " + e.message()}});
        return 1;
    }
    r.accept->run();
    r.retention->start();
    r.readiness->start();

    asio::signal_set signals(r.ioc, SIGINT, SIGTERM);
    signals.async_wait([&](boost::system::error_code e, int) {
        if (!e) r.begin_shutdown();
    });

    const auto at = r.accept->local_endpoint();
    log::write(log::events::sessions_loaded, {{"sessions", count.value()},
                                              {"seconds", loaded_at - load_began},
                                              {"db", cfg.db},
                                              {"web_root", cfg.web_root},
                                              {"web_files", r.files->size()}});
    const std::string host = at.address().is_v6() ? "[" + at.address().to_string() + "]" : at.address().to_string();
    const std::string url = "http://" + host + ":" + std::to_string(at.port());
    log::write(log::events::listening, {{"address", at.address().to_string()}, {"port", at.port()}, {"url", url}});
    r.notify->ready(std::string(server_name) + ": listening on " + url + ", " + std::to_string(count.value()) +
                    " session(s) loaded");

    std::vector<std::thread> pool;
    for (unsigned i = 1; i < threads; ++i) pool.emplace_back([&] { r.ioc.run(); });
    r.ioc.run();
    for (auto& t : pool) t.join();
    signals.cancel();
    const auto now = std::chrono::steady_clock::now();
    log::write(log::events::stopped, {{"shutdown_seconds", r.stopping ? now - r.shutdown_began : now - now},
                                      {"uptime_seconds", now - r.started}});
    return 0;
}

}  // namespace samskab::server
