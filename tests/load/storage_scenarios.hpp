// The storage benchmark's scenarios (samskab_storage_bench; README.md, "Storage and
// start-up (scenarios f and g)"):
//   f  durable changes per second through the server's own journal (SQLite in WAL mode,
//      synchronous=FULL, group commit) on a real disk, and the commit latency of each
//      change: from journal::append until its completion runs;
//   g  start-up of the real samskab-server on a database of 1,000,000 changes, until a
//      client that joins one of its sessions has its snapshot.
#pragma once

#include "stats.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace samskab::load {

struct storage_config {
    std::string scenario = "f";  // "f" or "g"
    std::string label;           // "scenario" in the output; default f, f-max (--rate 0) or g
    std::string dir;             // a fresh folder is made in it; empty: the system's temporary folder
    int sessions = 0;            // 0: 100 for f, 500 for g
    int people = 30;             // participants per session
    std::size_t text_length = 60;
    bool quiet = false;

    // f
    double rate = 50000;     // changes per second offered, all producers together; 0: as fast as possible
    double warmup = 2;       // seconds of load before the measured window
    double duration = 5;     // seconds of the measured window
    int producers = 4;       // threads that make changes and append them
    int in_flight = 16384;   // --rate 0: appended and not yet committed, at most
    int fsync_probe = 500;   // bare fsyncs (4 KiB append + fdatasync) measured in the folder first
    bool live = false;       // make each change when it is appended, not all before the run
    std::int64_t pool = 500'000;  // --rate 0: changes made before the run

    // g
    std::int64_t changes = 1'000'000;
    std::string db;          // the database to start on, built first if it does not exist
    int repeat = 5;          // start-ups measured
    bool cold = false;       // drop the database from the page cache before each start-up
    int server_cpu = -1;     // >= 0: run the server on this CPU only (taskset)
};

struct storage_result {
    std::string filesystem;  // of the database's folder: "ext4", "tmpfs", ...
    stats fsync;             // the bare fsync probe
    long errors = 0;
    std::map<std::string, long> error_kinds;
    double rss_mib = -1;     // f: this process at the end of the window; g: the server once it served

    // f
    double offered_per_s = 0;
    double appended_per_s = 0;   // appends in the window per second
    double durable_per_s = 0;    // completions in the window per second
    long completed = 0;          // completions in the window
    stats commit;                // append() until completion, for the changes appended in the window
    stats lag;                   // open loop: how late the producers appended (their own lateness)
    std::uint64_t transactions = 0;  // committed in the window (one WAL fsync each)
    double mean_batch = 0;           // writes per transaction in the window
    std::uint64_t largest_batch = 0; // over the whole run
    double cpu_s = -1;               // this process (producers + journal) in the window
    double writer_cpu_s = -1;        // the journal's writer thread in the window
    double producer_cpu_s = -1;      // the producer threads in the window
    std::map<std::string, long> actions;  // changes made, by action

    // g
    std::int64_t changes = 0;        // in the database
    int sessions = 0;
    bool built = false;              // the database was built by this run
    double build_s = 0;
    std::vector<double> startup_s;   // per start-up: spawn until the joined client had its snapshot
    std::vector<double> listen_s;    // per start-up: spawn until the server logged "listening on"
    std::vector<double> server_cpu;  // per start-up: CPU seconds the server had used by then
    double startup_median_s = 0;
    double db_mib = 0;
};

storage_result run_f(const storage_config& cfg);
storage_result run_g(const storage_config& cfg);

// The result object of --json: the keys of the benchmark's table, then extra ones.
nlohmann::ordered_json storage_json(const storage_config& cfg, const storage_result& r);
// A human-readable report.
std::string storage_report(const storage_config& cfg, const storage_result& r);

}  // namespace samskab::load
