// The load generator's engine: simulated clients over real WebSockets on one Asio
// thread, sending changes on an open-loop schedule, and the per-change fan-out latency
// (from the moment a change is handed to its sender's socket until the last other
// client of its session has received it). See README.md in this folder.
#pragma once

#include "protocol_adapter.hpp"
#include "stats.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <string>

#include <sys/types.h>

namespace samskab::load {

struct config {
    int sessions = 1;
    int clients_per_session = 3;
    double rate = 2;        // changes per second per client; 0: idle clients (memory per connection)
    double warmup = 2;      // seconds sent but not measured
    double duration = 10;   // seconds of the measured window
    double drain = 5;       // seconds to wait after the window for changes still in flight
    double join_timeout = 30;  // seconds without any client joining before the run gives up
    int max_connecting = 256;  // clients connecting or joining at a time
    std::string scenario = "adhoc";
    std::string server_label;  // default: the adapter's name
    server_address server;     // port 0: the caller starts a server
    pid_t server_pid = 0;      // 0: no CPU or memory samples
    bool quiet = false;
};


struct result {
    long clients = 0;
    double offered_changes_per_s = 0;  // what the schedule asks for
    double sent_changes_per_s = 0;     // what was sent in the window
    long changes_measured = 0;         // sent in the window
    long changes_completed = 0;        // of those, received by every other client of its session
    long deliveries = 0;               // change-carrying messages received in the window
    double deliveries_per_s = 0;
    stats fanout;                      // per change: until every other client has it
    stats delivery;                    // per delivery: until that one client has it
    stats ack;                         // per change: until its sender has the ack
    stats send_lag;                    // how late the generator's timers fired (its own lateness)
    double server_cpu_s = -1;          // utime+stime over the window; -1: unknown
    double rss_mib = -1;               // VmRSS at the end of the window; -1: unknown
    double rss_start_mib = -1;
    double rss_before_connect_mib = -1;  // VmRSS before the first client connected
    long errors = 0;
    std::map<std::string, long> error_kinds;  // "server:<code>", "closed:<code>", "connect", ...
};

// Runs one measurement. Throws if the server cannot be prepared or the clients cannot join.
result run(const config& cfg, protocol_adapter& adapter);

// The result object of --json: exactly the keys of the benchmark's table.
nlohmann::ordered_json to_json(const config& cfg, const std::string& server_label, const result& r);

// A human-readable report.
std::string report(const config& cfg, const result& r);

// CPU seconds (utime+stime) and resident memory (MiB) of a process, from /proc; -1 if unknown.
double process_cpu_seconds(pid_t pid);
// The same from a stat file of /proc: /proc/PID/stat, or /proc/PID/task/TID/stat for a thread.
double stat_cpu_seconds(const std::string& stat_file);
double process_rss_mib(pid_t pid);

// Pins every thread of process `pid` (0: this one) to CPU `cpu`; false on failure.
bool pin_process(pid_t pid, int cpu);

}  // namespace samskab::load
