// samskab_load: the load generator's command line (see README.md in this folder).
#include "cli.hpp"
#include "load.hpp"
#include "samskab_adapter.hpp"
#include "socketio_relay_adapter.hpp"
#include "ws_relay_adapter.hpp"

#include "support/server_process.hpp"
#include "support/temp_dir.hpp"

#include <sys/resource.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace {

const char* const usage = R"(usage: samskab_load [flags]

Simulated participants join sessions and make changes (idea.add, idea.move) on an
open-loop schedule; reports the latency until every other participant of the session
has received each change, deliveries per second, the server's CPU and memory, and errors.

  --sessions N              sessions (default 1)
  --clients-per-session M   participants per session (default 3)
  --rate R                  changes per second per participant (default 2; at most 20,
                            the server's per-connection message rate); 0: the participants
                            join and stay idle, and the server's memory per connection is
                            reported (from its RSS before the first one connected)
  --warmup S                seconds of load before the measured window (default 2)
  --duration S              seconds of the measured window (default 10)
  --drain S                 seconds to wait after the window for changes in flight (default 5)
  --scenario NAME           label of the run in the output (default "adhoc")
  --server NAME             the server and its protocol: "samskab" (default), "ws-relay",
                            the `ws` broadcast relay of tests/load/peers/ws-relay, or
                            "socketio-relay", the Socket.IO relay of
                            tests/load/peers/socketio-relay (relays are started with `node`;
                            run `npm ci` in their folder first)
  --json FILE               append the result as one JSON object (one line) to FILE
  --port P                  use the server already running on 127.0.0.1:P instead of
                            starting one (give --server-pid to sample its CPU and memory)
  --server-pid PID          the running server's PID, for CPU, memory and --server-cpu
  --server-bin PATH         the samskab-server to start (default: the one built with this tool);
                            with --server ws-relay or socketio-relay, the relay's server.js
  --server-threads N        --threads of the server the generator starts (default: its own)
  --server-cpu K            pin every thread of the server to CPU K (a server started here
                            is started under `taskset -c K`)
  --cpu K                   pin the generator to CPU K
  --text-length N           characters of each idea's text (default 60)
  --mix ideas|vote          what Samskab's participants do: add and move ideas (the
                            phase ideas; the default), or move a dot around 8 ideas
                            with vote.set (the phase vote)
  --quiet                   print only the result
  --help
)";

[[noreturn]] void die(const std::string& msg) {
    std::cerr << "samskab_load: " << msg << "\n";
    std::exit(2);
}

}  // namespace

int main(int argc, char** argv) {
    using namespace samskab;
    load::config cfg;
    std::string json_file, server_label = "samskab", server_bin;
    int cpu = -1, server_cpu = -1, server_threads = 0;
    std::size_t text_length = 60;
    std::string mix = "ideas";
    load::flags args("samskab_load", usage, argc, argv);
    auto value = [&] { return args.value(); };
    auto number = [&] { return args.number(); };
    while (args.next()) {
        const std::string& a = args.flag();
        if (a == "--sessions") cfg.sessions = static_cast<int>(number());
        else if (a == "--clients-per-session") cfg.clients_per_session = static_cast<int>(number());
        else if (a == "--rate") cfg.rate = number();
        else if (a == "--warmup") cfg.warmup = number();
        else if (a == "--duration") cfg.duration = number();
        else if (a == "--drain") cfg.drain = number();
        else if (a == "--scenario") cfg.scenario = value();
        else if (a == "--server") server_label = value();
        else if (a == "--json") json_file = value();
        else if (a == "--port") cfg.server.port = static_cast<std::uint16_t>(number());
        else if (a == "--server-pid") cfg.server_pid = static_cast<pid_t>(number());
        else if (a == "--server-bin") server_bin = value();
        else if (a == "--server-threads") server_threads = static_cast<int>(number());
        else if (a == "--server-cpu") server_cpu = static_cast<int>(number());
        else if (a == "--cpu") cpu = static_cast<int>(number());
        else if (a == "--text-length") text_length = static_cast<std::size_t>(number());
        else if (a == "--mix") mix = value();
        else if (a == "--quiet") cfg.quiet = true;
        else die("unknown flag " + a + " (see --help)");
    }
    if (cfg.sessions < 1 || cfg.clients_per_session < 2) die("need at least 1 session and 2 clients per session");
    if (!(cfg.rate >= 0) || cfg.rate > 20) die("--rate must be 0 (idle) to 20 (the server's per-connection rate)");
    if (!(cfg.duration > 0) || cfg.warmup < 0 || cfg.drain < 0) die("bad --warmup, --duration or --drain");
    if (text_length < 20 || text_length > 500) die("--text-length must be 20 to 500");
    if (mix != "ideas" && mix != "vote") die("--mix must be ideas or vote");
    if (server_label != "samskab" && server_label != "ws-relay" && server_label != "socketio-relay")
        die("--server " + server_label + ": no adapter for it (samskab, ws-relay or socketio-relay)");
    if (mix != "ideas" && server_label != "samskab") die("--mix is for --server samskab (the relays only forward bytes)");
    const bool socketio = server_label == "socketio-relay";
    const bool relay = server_label == "ws-relay" || socketio;

    if (cpu >= 0 && !load::pin_process(0, cpu)) die("cannot pin the generator to CPU " + std::to_string(cpu));

    // The server: the one given, or one of our own with a database in a temporary folder.
    const long total_clients = static_cast<long>(cfg.sessions) * cfg.clients_per_session;
    // One descriptor per client here, and one per client in a server started from here
    // (it inherits the limit): raise the soft limit to the hard one, and say so if that
    // is still too few rather than failing connections half-way.
    if (rlimit lim{}; ::getrlimit(RLIMIT_NOFILE, &lim) == 0) {
        if (lim.rlim_cur < lim.rlim_max) {
            lim.rlim_cur = lim.rlim_max;
            ::setrlimit(RLIMIT_NOFILE, &lim);
        }
        const auto needed = static_cast<rlim_t>(total_clients + 64);
        if (lim.rlim_cur != RLIM_INFINITY && lim.rlim_cur < needed)
            die(std::to_string(total_clients) + " clients need about " + std::to_string(needed) +
                " open files in this process and in the server, but the limit is " + std::to_string(lim.rlim_cur) +
                " (ulimit -Hn; raise it, or run fewer clients)");
    }
    std::unique_ptr<testing::temp_dir> dir;
    std::unique_ptr<testing::server_process> server;
    const bool own_server = cfg.server.port == 0;
    if (own_server) {
        dir = std::make_unique<testing::temp_dir>();
        // The generator plays many fast clients from one address: the limits meant for
        // people (a human pace per participant, new participants per address) are off.
        std::vector<std::string> extra{"--max-connections-per-address", std::to_string(total_clients + 64),
                                       "--joins-per-address", std::to_string(total_clients + 64),
                                       "--participant-pace", "0", "--changes-per-address", "0"};
        // Over 10 sessions, each session's clients come from an address of their own
        // (X-Forwarded-For), so that the limit on created sessions does not apply.
        if (cfg.sessions > 10) extra.insert(extra.end(), {"--trusted-proxy", "127.0.0.1"});
        if (server_threads > 0) extra.insert(extra.end(), {"--threads", std::to_string(server_threads)});
        testing::server_process::options opts{dir->file("samskab.db"), 0, "", extra, {}};
        if (relay) {
            // server_process runs `WRAPPER samskab-server --bind 127.0.0.1 --port 0 --db ...`
            // and waits for "listening on http://127.0.0.1:PORT", which the relay prints too:
            // the wrapper drops those arguments and execs node on the relay, which binds
            // 127.0.0.1 on a port of the system's choice (the same PID, for /proc and signals).
            if (server_bin.empty()) server_bin = socketio ? SAMSKAB_SOCKETIO_RELAY_SCRIPT : SAMSKAB_WS_RELAY_SCRIPT;
            opts.wrapper = {"sh", "-c", "exec node \"$0\"", server_bin};
        } else if (!server_bin.empty()) {
            // server_process always runs its own binary; a different one is run through a
            // tiny shell wrapper that drops the default binary's path and execs the other.
            opts.wrapper = {"sh", "-c", "shift; exec \"$0\" \"$@\"", server_bin};
        }
        if (server_cpu >= 0) {
            // Started on its CPU rather than moved there afterwards, so that the server's
            // default thread count (one per CPU it may run on) is one.
            std::vector<std::string> pinned{"taskset", "-c", std::to_string(server_cpu)};
            pinned.insert(pinned.end(), opts.wrapper.begin(), opts.wrapper.end());
            opts.wrapper = std::move(pinned);
        }
        try {
            server = std::make_unique<testing::server_process>(opts);
        } catch (const std::exception& e) {
            die(e.what());
        }
        cfg.server.port = server->port();
        cfg.server_pid = server->pid();
        if (!cfg.quiet)
            std::cerr << "load: started " << (server_bin.empty() ? testing::server_process::binary() : server_bin)
                      << " (PID " << cfg.server_pid << ") on port " << cfg.server.port << "\n";
    }
    if (server_cpu >= 0) {
        if (cfg.server_pid <= 0) die("--server-cpu needs --server-pid (or a server the generator starts)");
        if (!load::pin_process(cfg.server_pid, server_cpu))
            die("cannot pin the server to CPU " + std::to_string(server_cpu));
    }
    if (!own_server && cfg.server_pid <= 0 && !cfg.quiet)
        std::cerr << "load: no --server-pid: the server's CPU and memory will not be sampled\n";

    std::unique_ptr<load::protocol_adapter> adapter;
    if (socketio)
        adapter = std::make_unique<load::socketio_relay_adapter>(text_length);
    else if (relay)
        adapter = std::make_unique<load::ws_relay_adapter>(text_length);
    else
        adapter = std::make_unique<load::samskab_adapter>(
            load::samskab_adapter::options{cfg.sessions > 10 && own_server, text_length, mix == "vote"});
    load::result r;
    try {
        r = load::run(cfg, *adapter);
    } catch (const std::exception& e) {
        std::cerr << "samskab_load: " << e.what() << "\n";
        if (server) std::cerr << "server log:\n" << server->log() << "\n";
        return 1;
    }
    if (server) {
        const auto status = server->stop();
        if (!status || *status != 0) {
            ++r.errors;
            ++r.error_kinds["server exit status " + (status ? std::to_string(*status) : std::string("timeout"))];
        }
    }

    const auto j = load::to_json(cfg, server_label, r);
    std::cout << load::report(cfg, r) << j.dump() << "\n";
    if (!json_file.empty()) {
        std::ofstream out(json_file, std::ios::app);
        out << j.dump() << "\n";
        if (!out) die("cannot write " + json_file);
    }
    return r.errors == 0 ? 0 : 3;
}
