// samskab_storage_bench: the storage benchmark's command line (scenarios f and g; see
// README.md in this folder, "Storage and start-up").
#include "cli.hpp"
#include "storage_scenarios.hpp"

#include <fstream>
#include <iostream>
#include <string>

namespace {

const char* const usage = R"(usage: samskab_storage_bench --scenario f|g [flags]

--scenario f: durable changes per second through the server's journal (SQLite, WAL,
  synchronous=FULL, group commit) on a real disk. The changes are idea.add (idea.move
  once a board holds 4,500 ideas), made with the server's own domain code before the
  run; producer threads append them, open loop at --rate. Reports changes committed per
  second and the commit latency of each change (from journal append until its
  completion runs), batch sizes, CPU. --rate 0: as fast as possible, with --in-flight
  changes appended and not committed.
--scenario g: start-up of the real samskab-server on a database of --changes changes
  (built first through the journal, whole workshops: ideas, moves, edits, comments,
  reactions, clusters, votes, trial actions, decisions), until a client that joins a
  session with its token has its snapshot; --repeat times.

  --rate R            f: changes per second offered, in all (default 50000); 0: saturate
  --warmup S          f: seconds before the measured window (default 2)
  --duration S        f: seconds of the measured window (default 5)
  --producers N       f: producer threads (default 4)
  --in-flight N       f with --rate 0: changes in flight at most (default 16384)
  --fsync-probe N     f: bare fsyncs measured first in the same folder (default 500; 0: none)
  --live              f: make each change (domain decision, JSON texts, rows) as it is
                      appended, on the producers, instead of all before the run
  --pool N            f with --rate 0: changes made before the run (default 500000;
                      about 3 KiB of memory each)
  --changes N         g: changes in the database (default 1000000)
  --db PATH           g: the database; built there if missing, used as it is if present
  --repeat N          g: start-ups measured (default 5)
  --cold              g: drop the database from the page cache before each start-up
  --server-cpu K      g: run the server on CPU K only (with taskset, from its start)
  --sessions N        sessions (default 100 for f, 500 for g)
  --people N          participants per session (default 30)
  --text-length N     f: characters of each idea (default 60)
  --dir DIR           put the database in a fresh folder in DIR (default: the system's
                      temporary folder; check that it is a disk, not tmpfs)
  --label NAME        "scenario" in the output (default f, f-max with --rate 0, or g)
  --json FILE         append the result as one JSON object (one line) to FILE
  --quiet             print only the result
  --help
)";

}  // namespace

int main(int argc, char** argv) {
    using namespace samskab;
    load::storage_config cfg;
    cfg.scenario.clear();
    std::string json_file;
    load::flags args("samskab_storage_bench", usage, argc, argv);
    while (args.next()) {
        const std::string& a = args.flag();
        if (a == "--scenario") cfg.scenario = args.value();
        else if (a == "--rate") cfg.rate = args.number();
        else if (a == "--warmup") cfg.warmup = args.number();
        else if (a == "--duration") cfg.duration = args.number();
        else if (a == "--producers") cfg.producers = static_cast<int>(args.number());
        else if (a == "--in-flight") cfg.in_flight = static_cast<int>(args.number());
        else if (a == "--fsync-probe") cfg.fsync_probe = static_cast<int>(args.number());
        else if (a == "--live") cfg.live = true;
        else if (a == "--pool") cfg.pool = static_cast<std::int64_t>(args.number());
        else if (a == "--changes") cfg.changes = static_cast<std::int64_t>(args.number());
        else if (a == "--db") cfg.db = args.value();
        else if (a == "--repeat") cfg.repeat = static_cast<int>(args.number());
        else if (a == "--cold") cfg.cold = true;
        else if (a == "--server-cpu") cfg.server_cpu = static_cast<int>(args.number());
        else if (a == "--sessions") cfg.sessions = static_cast<int>(args.number());
        else if (a == "--people") cfg.people = static_cast<int>(args.number());
        else if (a == "--text-length") cfg.text_length = static_cast<std::size_t>(args.number());
        else if (a == "--dir") cfg.dir = args.value();
        else if (a == "--label") cfg.label = args.value();
        else if (a == "--json") json_file = args.value();
        else if (a == "--quiet") cfg.quiet = true;
        else args.die("unknown flag " + a + " (see --help)");
    }
    if (cfg.scenario != "f" && cfg.scenario != "g") args.die("--scenario f or --scenario g (see --help)");
    if (cfg.rate < 0 || !(cfg.duration > 0) || cfg.warmup < 0) args.die("bad --rate, --warmup or --duration");
    if (cfg.producers < 1 || cfg.in_flight < 1) args.die("--producers and --in-flight must be at least 1");
    if (cfg.people < 4 || cfg.people > 25000) args.die("--people must be 4 to 25000 (the server's limit per session)");
    if (cfg.text_length < 20 || cfg.text_length > 500) args.die("--text-length must be 20 to 500");
    if (cfg.sessions < 0 || cfg.repeat < 1) args.die("bad --sessions or --repeat");
    if (cfg.scenario == "g") {
        const std::int64_t sessions = cfg.sessions > 0 ? cfg.sessions : 500;
        if (cfg.changes < sessions || cfg.changes % sessions != 0)
            args.die("--changes must be a multiple of --sessions (" + std::to_string(sessions) + ")");
        // A session holds at most 5,000 ideas; a workshop's mix stays well under it up to 5,000 changes.
        if (cfg.changes / sessions > 5000) args.die("at most 5,000 changes per session (raise --sessions)");
    }

    load::storage_result r;
    try {
        r = cfg.scenario == "f" ? load::run_f(cfg) : load::run_g(cfg);
    } catch (const std::exception& e) {
        std::cerr << "samskab_storage_bench: " << e.what() << "\n";
        return 1;
    }
    const auto j = load::storage_json(cfg, r);
    std::cout << load::storage_report(cfg, r) << j.dump() << "\n";
    if (!json_file.empty()) {
        std::ofstream out(json_file, std::ios::app);
        out << j.dump() << "\n";
        if (!out) args.die("cannot write " + json_file);
    }
    return r.errors == 0 ? 0 : 3;
}
