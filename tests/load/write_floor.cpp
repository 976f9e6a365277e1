// samskab_write_floor: what one send costs on this machine, the floor under every
// server's deliveries per CPU second in the benchmarks (BENCHMARKS.md).
//
// A writer process sends messages of --size bytes to --connections loopback TCP
// connections, one write() per message and connection, --rate rounds per second (each
// round is one message to every connection, as a server fans one change out); a reader
// process on another CPU reads them all with epoll. Nothing is parsed, framed, stored
// or allocated: the writer's CPU per write is what the kernel alone charges for one
// message to one client. A server that sends each delivery in a system call of its own
// cannot do better than this; the Node relays and Samskab at low load all do so.
//
// Prints a report and one JSON object with the benchmark's keys (server "write-floor");
// --json FILE appends it to FILE. Exit status 0, or 1 if the set-up failed.
#include "cli.hpp"
#include "stats.hpp"

#include <nlohmann/json.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sched.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

namespace {

const char* const usage = R"(usage: samskab_write_floor [flags]

One write() per message and connection to loopback TCP connections read by another
process: the writer's CPU per write is the least any server pays per delivery here.

  --connections N   connections (default 30)
  --rate R          rounds per second, one message to every connection each (default 150)
  --duration S      seconds measured (default 10)
  --size B          bytes per message (default 450, about a Samskab idea event)
  --cpu K           the writer's CPU (default 0)
  --reader-cpu K    the reader's CPU (default 1)
  --scenario NAME   label in the output (default "floor")
  --json FILE       append the result as one JSON object (one line) to FILE
  --quiet           print only the result
  --help
)";

[[noreturn]] void die(const std::string& what) {
    std::cerr << "samskab_write_floor: " << what << ": " << std::strerror(errno) << "\n";
    std::exit(1);
}

void pin(int cpu) {
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    if (sched_setaffinity(0, sizeof set, &set) != 0) die("cannot pin to CPU " + std::to_string(cpu));
}

double cpu_seconds() {
    rusage r{};
    getrusage(RUSAGE_SELF, &r);
    auto s = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
    return s(r.ru_utime) + s(r.ru_stime);
}

// The reader: connects n times to port, then reads until every connection is closed.
[[noreturn]] void reader(std::uint16_t port, int n) {
    const int ep = epoll_create1(0);
    if (ep < 0) die("epoll_create1");
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    for (int k = 0; k < n; ++k) {
        const int fd = socket(AF_INET, SOCK_STREAM, 0);
        if (fd < 0 || connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) die("connect");
        epoll_event ev{};
        ev.events = EPOLLIN;
        ev.data.fd = fd;
        epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
    }
    std::vector<char> buf(1 << 16);
    std::vector<epoll_event> events(256);
    for (int open = n; open > 0;) {
        const int ready = epoll_wait(ep, events.data(), static_cast<int>(events.size()), -1);
        if (ready < 0 && errno != EINTR) die("epoll_wait");
        for (int k = 0; k < ready; ++k) {
            const ssize_t got = read(events[static_cast<std::size_t>(k)].data.fd, buf.data(), buf.size());
            if (got <= 0) {
                close(events[static_cast<std::size_t>(k)].data.fd);
                --open;
            }
        }
    }
    _exit(0);
}

}  // namespace

int main(int argc, char** argv) {
    int connections = 30, cpu = 0, reader_cpu = 1;
    double rate = 150, duration = 10;
    std::size_t size = 450;
    std::string scenario = "floor", json_file;
    bool quiet = false;
    samskab::load::flags args("samskab_write_floor", usage, argc, argv);
    while (args.next()) {
        const std::string& a = args.flag();
        if (a == "--connections") connections = static_cast<int>(args.number());
        else if (a == "--rate") rate = args.number();
        else if (a == "--duration") duration = args.number();
        else if (a == "--size") size = static_cast<std::size_t>(args.number());
        else if (a == "--cpu") cpu = static_cast<int>(args.number());
        else if (a == "--reader-cpu") reader_cpu = static_cast<int>(args.number());
        else if (a == "--scenario") scenario = args.value();
        else if (a == "--json") json_file = args.value();
        else if (a == "--quiet") quiet = true;
        else args.die("unknown flag " + a + " (see --help)");
    }
    if (connections < 1 || !(rate > 0) || !(duration > 0) || size < 1 || size > 65536)
        args.die("need --connections >= 1, --rate > 0, --duration > 0 and --size 1..65536");

    const int listener = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    if (listener < 0 || bind(listener, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
        listen(listener, 4096) != 0 || getsockname(listener, reinterpret_cast<sockaddr*>(&addr), &len) != 0)
        die("listen on 127.0.0.1");
    const pid_t child = fork();
    if (child < 0) die("fork");
    if (child == 0) {
        pin(reader_cpu);
        reader(ntohs(addr.sin_port), connections);
    }
    pin(cpu);
    std::vector<int> fds;
    for (int k = 0; k < connections; ++k) {
        const int fd = accept(listener, nullptr, nullptr);
        if (fd < 0) die("accept");
        const int one = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);  // as every server here does
        fds.push_back(fd);
    }

    // Open loop on a fixed schedule, sleeping between rounds as a server waits for work.
    const std::string msg(size, 'x');
    using clock = std::chrono::steady_clock;
    const auto period = std::chrono::duration_cast<clock::duration>(std::chrono::duration<double>(1.0 / rate));
    const auto rounds = static_cast<long>(rate * duration);
    long writes = 0, errors = 0;
    const double cpu0 = cpu_seconds();
    const auto t0 = clock::now();
    for (long r = 0; r < rounds; ++r) {
        std::this_thread::sleep_until(t0 + period * r);
        for (int fd : fds) {
            if (write(fd, msg.data(), msg.size()) == static_cast<ssize_t>(msg.size())) ++writes;
            else ++errors;
        }
    }
    const double used = cpu_seconds() - cpu0;
    const double elapsed = std::chrono::duration<double>(clock::now() - t0).count();
    for (int fd : fds) close(fd);
    int status = 0;
    waitpid(child, &status, 0);

    using samskab::load::round3;
    nlohmann::ordered_json j;
    j["scenario"] = scenario;
    j["server"] = "write-floor";
    j["clients"] = connections;
    j["sessions"] = 1;
    j["offered_changes_per_s"] = round3(rate);
    j["deliveries_per_s"] = round3(static_cast<double>(writes) / elapsed);
    for (const char* k : {"p50_ms", "p95_ms", "p99_ms", "p999_ms"}) j[k] = nullptr;
    j["server_cpu_s"] = round3(used);
    j["deliveries_per_cpu_s"] = round3(used > 0 ? static_cast<double>(writes) / used : 0);
    j["rss_mib"] = nullptr;
    j["errors"] = errors;
    j["us_per_write"] = round3(writes > 0 ? used / static_cast<double>(writes) * 1e6 : 0);
    j["message_bytes"] = size;
    if (!quiet)
        std::cout << "write floor: " << connections << " connections x " << rate << " rounds/s of " << size
                  << " bytes for " << elapsed << " s: " << writes << " writes, " << used << " CPU s, "
                  << j["us_per_write"].get<double>() << " us per write, "
                  << j["deliveries_per_cpu_s"].get<double>() << " writes per CPU second\n";
    std::cout << j.dump() << "\n";
    if (!json_file.empty()) {
        std::ofstream out(json_file, std::ios::app);
        out << j.dump() << "\n";
        if (!out) die("cannot write " + json_file);
    }
    return errors == 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 1;
}
