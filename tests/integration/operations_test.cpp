// Integration tests of what an operator runs the server with: --version, readiness
// (GET /readyz) while ready, while shutting down and while the database takes no
// writes, systemd's notifications (Type=notify, the watchdog) and the backup taken
// before a migration. The real binary, on real sockets and SQLite files.
#include "live_server.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <iterator>

using namespace samskab::testing;
using nlohmann::json;
namespace asio = boost::asio;

namespace {

// One HTTP/1.1 connection kept open across requests, as a proxy's health checks may
// keep it.
class kept_connection {
public:
    explicit kept_connection(std::uint16_t port) : socket_(ioc_) {
        socket_.connect({asio::ip::make_address("127.0.0.1"), port});
        timeval t{10, 0};
        ::setsockopt(socket_.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &t, sizeof t);
    }

    // Sends `method target` and reads the one response: its status, its headers (names in
    // lower case) and its body, framed by Content-Length (none after HEAD).
    http_reply request(const std::string& method, const std::string& target) {
        asio::write(socket_, asio::buffer(method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"));
        std::string raw;
        char buf[4096];
        for (;;) {
            if (const auto end = raw.find("\r\n\r\n"); end != std::string::npos) {
                http_reply r;
                r.status = std::stoi(raw.substr(raw.find(' ') + 1, 3));
                std::size_t line = raw.find("\r\n") + 2;
                while (line < end) {
                    const std::size_t next = raw.find("\r\n", line);
                    const std::string field = raw.substr(line, next - line);
                    std::string name = field.substr(0, field.find(':'));
                    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
                    r.headers[name] = field.substr(field.find(':') + 2);
                    line = next + 2;
                }
                const std::size_t length = method == "HEAD" ? 0 : std::stoul(r.headers["content-length"]);
                if (raw.size() >= end + 4 + length) {
                    r.body = raw.substr(end + 4, length);
                    return r;
                }
            }
            boost::system::error_code ec;
            const std::size_t n = socket_.read_some(asio::buffer(buf), ec);
            if (ec) throw std::runtime_error("the connection ended: " + ec.message());
            raw.append(buf, n);
        }
    }

private:
    asio::io_context ioc_;
    asio::ip::tcp::socket socket_;
};

// Runs SQL on the database file with a connection of the test's own; returns the first
// column of the first row ("" if none).
std::string sql(const std::string& db, const std::string& statement) {
    sqlite3* h = nullptr;
    REQUIRE(sqlite3_open(db.c_str(), &h) == SQLITE_OK);
    sqlite3_busy_timeout(h, 5000);
    std::string first;
    sqlite3_stmt* st = nullptr;
    REQUIRE(sqlite3_prepare_v2(h, statement.c_str(), -1, &st, nullptr) == SQLITE_OK);
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
        first = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    sqlite3_close(h);
    return first;
}

// A unix datagram socket at a path, where systemd would listen for sd_notify.
class notify_socket {
public:
    explicit notify_socket(std::string path) : path_(std::move(path)) {
        fd_ = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        REQUIRE(fd_ >= 0);
        sockaddr_un a{};
        a.sun_family = AF_UNIX;
        REQUIRE(path_.size() < sizeof a.sun_path);
        std::copy(path_.begin(), path_.end(), a.sun_path);
        REQUIRE(::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
    }
    ~notify_socket() { ::close(fd_); }
    const std::string& path() const { return path_; }

    // The next datagram, or nullopt after timeout.
    std::optional<std::string> next(std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
        pollfd p{fd_, POLLIN, 0};
        if (::poll(&p, 1, static_cast<int>(timeout.count())) <= 0) return std::nullopt;
        char buf[4096];
        const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
        if (n < 0) return std::nullopt;
        return std::string(buf, static_cast<std::size_t>(n));
    }

private:
    std::string path_;
    int fd_ = -1;
};

bool has_line(const std::string& datagram, const std::string& line) {
    return ("\n" + datagram + "\n").find("\n" + line + "\n") != std::string::npos;
}

}  // namespace

TEST_CASE("the binary prints with --version the version /healthz reports, and --help mentions it", "[integration]") {
    live_server s;
    const std::string version = json::parse(http(s.port(), "GET", "/healthz").body)["version"];
    CHECK_FALSE(version.empty());
    const auto r = run_binary({"--version"});
    CHECK(r.exit_code == 0);
    CHECK(r.output == "samskab-server " + version + "\n");
    const auto help = run_binary({"--help"});
    CHECK(help.exit_code == 0);
    CHECK(help.output.find("--version") != std::string::npos);
}

TEST_CASE("readyz answers 200 ready with the version, to GET and HEAD only", "[integration]") {
    live_server s;
    auto r = http(s.port(), "GET", "/readyz");
    CHECK(r.status == 200);
    CHECK(r.headers["content-type"] == "application/json; charset=utf-8");
    CHECK(r.headers["cache-control"] == "no-store");
    const auto j = json::parse(r.body);
    CHECK(j == json{{"status", "ready"}, {"version", json::parse(http(s.port(), "GET", "/healthz").body)["version"]}});
    auto head = http(s.port(), "HEAD", "/readyz");
    CHECK(head.status == 200);
    CHECK(head.body.empty());
    auto post = http(s.port(), "POST", "/readyz");
    CHECK(post.status == 405);
    CHECK(post.headers["allow"] == "GET, HEAD");
    CHECK(json::parse(post.body)["error"]["code"] == "method_not_allowed");
}

TEST_CASE("readyz answers 503 shutting_down as soon as a graceful shutdown begins", "[integration]") {
    live_server s;
    const std::string db = s.dir.file("samskab.db");
    auto sess = make_session(s.port());
    auto fac = facilitator(s.port(), sess);
    kept_connection check(s.port());  // a proxy's connection, open before the shutdown
    REQUIRE(check.request("GET", "/readyz").status == 200);

    // Another process holds the database's write lock: the server's next write waits for
    // it, and so does the shutdown, which commits what is pending before it closes
    // anything. That keeps the server draining while the test asks.
    sqlite3* holder = nullptr;
    REQUIRE(sqlite3_open(db.c_str(), &holder) == SQLITE_OK);
    sqlite3_busy_timeout(holder, 5000);
    REQUIRE(sqlite3_exec(holder, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) == SQLITE_OK);
    fac->send(idea_add("pending", 1, "written during the shutdown"));
    // The room answers this after it has handed the idea to the journal.
    fac->send(json{{"type", "participants.get"}, {"ref", "p"}, {"limit", 3}});
    fac->next_of_type("participants");

    ::kill(s.proc->pid(), SIGTERM);
    REQUIRE(eventually([&] { return s.proc->log().find("shutting down") != std::string::npos; }));
    const auto during = check.request("GET", "/readyz");
    CHECK(during.status == 503);
    CHECK(json::parse(during.body)["status"] == "not_ready");
    CHECK(json::parse(during.body)["reason"] == "shutting_down");
    CHECK(check.request("HEAD", "/readyz").status == 503);
    CHECK(json::parse(check.request("GET", "/healthz").body)["database"] == "ok");  // healthy, only not ready
    CHECK_THROWS(http(s.port(), "GET", "/readyz"));  // and a new connection is refused: nobody listens
    sqlite3_exec(holder, "COMMIT", nullptr, nullptr, nullptr);
    sqlite3_close(holder);

    // The pending change was committed and acknowledged before the clients were closed.
    CHECK(next_change(*fac)["type"] == "ack");
    CHECK(s.proc->stop() == 0);
}

TEST_CASE("readyz answers 503 while the disk is full, also with nobody writing, and 200 once it is not",
          "[integration]") {
    small_disk_server disk;
    server_process& server = *disk.server;
    REQUIRE(http(server.port(), "GET", "/readyz").status == 200);

    // Fill the file system; nobody sends anything: the server's own probe finds out.
    REQUIRE(disk.fill() > 0);
    http_reply r;
    CHECK(eventually([&] { return (r = http(server.port(), "GET", "/readyz")).status == 503; },
                     std::chrono::seconds(15)));
    INFO(r.body);
    CHECK(json::parse(r.body)["reason"] == "database_unavailable");
    CHECK(json::parse(r.body)["status"] == "not_ready");
    CHECK(http(server.port(), "GET", "/healthz").status == 503);
    CHECK(server.log().find("probe write to the database failed") != std::string::npos);

    disk.empty();
    CHECK(eventually([&] { return http(server.port(), "GET", "/readyz").status == 200; }, std::chrono::seconds(15)));
    CHECK(http(server.port(), "GET", "/healthz").status == 200);
    CHECK(server.stop() == 0);
}

TEST_CASE("under systemd the server notifies READY=1 once listening, WATCHDOG=1 from its loop, STOPPING=1",
          "[integration]") {
    temp_dir dir;
    notify_socket sock(dir.file("notify"));
    // systemd sets WATCHDOG_PID too; without it sd_watchdog_enabled takes the watchdog
    // as meant for this process, which is what an exec'ing wrapper needs.
    server_process server({dir.file("samskab.db"), 0, "", {},
                           {"env", "NOTIFY_SOCKET=" + sock.path(), "WATCHDOG_USEC=200000"}});
    const auto ready = sock.next();
    REQUIRE(ready);
    INFO(*ready);
    CHECK(has_line(*ready, "READY=1"));
    CHECK(ready->find("STATUS=samskab/") != std::string::npos);
    CHECK(ready->find("listening on http://127.0.0.1:" + std::to_string(server.port())) != std::string::npos);
    // Ready means ready: the port takes connections and requests.
    CHECK(http(server.port(), "GET", "/readyz").status == 200);

    // A ping every 100 ms (half the watchdog's 200 ms), and nothing else meanwhile.
    const auto t0 = std::chrono::steady_clock::now();
    for (int k = 0; k < 5; ++k) {
        const auto ping = sock.next(std::chrono::seconds(2));
        REQUIRE(ping);
        CHECK(*ping == "WATCHDOG=1");
    }
    CHECK(std::chrono::steady_clock::now() - t0 < std::chrono::seconds(3));
    CHECK(server.log().find("a ping every 0.1 s") != std::string::npos);

    ::kill(server.pid(), SIGTERM);
    std::optional<std::string> m;
    bool stopping = false;
    while (!stopping && (m = sock.next())) stopping = has_line(*m, "STOPPING=1");
    CHECK(stopping);
    CHECK(server.stop() == 0);
}

namespace {

// A database at `db` made by the release before check-ins (schema version 9), from
// tests/fixtures/schema-9-before-check-ins.sql: four sessions.
void old_database(const std::string& db) {
    std::ifstream in(std::string(SAMSKAB_FIXTURES_DIR) + "/schema-9-before-check-ins.sql");
    REQUIRE(in);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    sqlite3* h = nullptr;
    REQUIRE(sqlite3_open(db.c_str(), &h) == SQLITE_OK);
    REQUIRE(sqlite3_exec(h, text.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(h);
    REQUIRE(sql(db, "PRAGMA user_version") == "9");
}

std::size_t backups_in(const temp_dir& dir) {
    std::size_t n = 0;
    for (const auto& e : std::filesystem::directory_iterator(dir.path()))
        if (e.path().string().ends_with(".bak")) ++n;
    return n;
}

}  // namespace

TEST_CASE("a database of an older schema is backed up beside it before the server migrates it", "[integration]") {
    temp_dir dir;
    const std::string db = dir.file("samskab.db");
    old_database(db);
    {
        server_process server({db, 0, "", {}, {}});
        CHECK(server.log().find("4 session(s) loaded") != std::string::npos);
        CHECK(http(server.port(), "GET", "/readyz").status == 200);
        CHECK(server.stop() == 0);
        const std::string newest = sql(db, "PRAGMA user_version");
        CHECK(std::stoi(newest) > 9);
        const std::string backup = db + ".before-schema-" + newest + ".bak";
        INFO(server.log());
        CHECK(server.log().find("backed it up (4 session(s)) to " + backup) != std::string::npos);
        CHECK(server.log().find("migrated the database " + db + " from schema version 9 to " + newest) !=
              std::string::npos);
        // The backup is the old database, whole: what the previous version would run.
        REQUIRE(std::filesystem::exists(backup));
        CHECK(sql(backup, "PRAGMA user_version") == "9");
        CHECK(sql(backup, "PRAGMA integrity_check") == "ok");
        CHECK(sql(backup, "SELECT count(*) FROM sessions") == "4");
    }
    // Started again, there is nothing to migrate and no second backup.
    server_process again({db, 0, "", {}, {}});
    CHECK(again.log().find("backed it up") == std::string::npos);
    CHECK(backups_in(dir) == 1);
    CHECK(again.stop() == 0);
}

TEST_CASE("a subcommand does not migrate a database an older server runs on, and backs it up when none does",
          "[integration]") {
    temp_dir dir;
    const std::string db = dir.file("samskab.db");
    old_database(db);
    // An older server runs on it: it holds the database's lock, as every server does.
    const int lock = ::open((db + ".lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    REQUIRE(lock >= 0);
    REQUIRE(::flock(lock, LOCK_EX) == 0);
    const auto refused = run_binary({"workspace", "create", "--name", "Dragør Kommune", "--db", db});
    CHECK(refused.exit_code == 1);
    CHECK(refused.output.find("a server runs on it: stop that server") != std::string::npos);
    CHECK(sql(db, "PRAGMA user_version") == "9");
    CHECK(backups_in(dir) == 0);

    ::close(lock);  // that server stopped
    const auto done = run_binary({"workspace", "create", "--name", "Dragør Kommune", "--db", db});
    INFO(done.output);
    CHECK(done.exit_code == 0);
    CHECK(done.output.find("backed it up (4 session(s))") != std::string::npos);
    CHECK(done.output.find("workspace created") != std::string::npos);
    CHECK(std::stoi(sql(db, "PRAGMA user_version")) > 9);
    CHECK(backups_in(dir) == 1);
}
