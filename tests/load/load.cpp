// The load generator's engine (see load.hpp).
#include "load.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/websocket.hpp>

#include <sched.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <deque>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <unordered_map>

namespace samskab::load {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using clock_type = std::chrono::steady_clock;

namespace {

double ms_between(clock_type::time_point a, clock_type::time_point b) {
    return std::chrono::duration<double, std::milli>(b - a).count();
}

// One change on its way to the other clients of its session.
struct change_record {
    int session = 0;
    int sender = 0;  // index within the session
    clock_type::time_point sent;
    int remaining = 0;  // other clients that have not received it yet
    bool measured = false;
    bool refused = false;
    std::vector<bool> seen;  // by index within the session
};

class engine;

struct client {
    client(asio::io_context& ioc, int s, int i) : ws(ioc), timer(ioc), session(s), index(i) {}
    websocket::stream<beast::tcp_stream> ws;
    beast::flat_buffer buffer;
    asio::steady_timer timer;
    std::deque<std::string> outbox;
    bool writing = false;
    bool open = false;
    bool joined = false;
    bool closing = false;  // we closed it: its end is no error
    int session;
    int index;
    clock_type::time_point next_send;
    std::unique_ptr<client_protocol> proto;
};

class engine {
public:
    engine(const config& cfg, protocol_adapter& adapter) : cfg_(cfg), adapter_(adapter), phase_timer_(ioc_) {}

    result run() {
        const int m = cfg_.clients_per_session;
        for (int s = 0; s < cfg_.sessions; ++s)
            for (int i = 0; i < m; ++i) {
                auto c = std::make_unique<client>(ioc_, s, i);
                c->proto = adapter_.make_client(s, i);
                clients_.push_back(std::move(c));
            }
        by_seq_.resize(static_cast<std::size_t>(cfg_.sessions));
        if (cfg_.rate > 0)
            period_ = std::chrono::duration_cast<clock_type::duration>(std::chrono::duration<double>(1.0 / cfg_.rate));
        if (cfg_.server_pid > 0) result_.rss_before_connect_mib = process_rss_mib(cfg_.server_pid);
        extend_join_deadline();
        connect_more();
        wait_for_joins();
        ioc_.run();
        if (fatal_) throw std::runtime_error(fatal_message_);
        return finish();
    }

private:
    void error(const std::string& kind) {
        ++result_.errors;
        ++result_.error_kinds[kind];
    }

    // --- connections -------------------------------------------------------------------

    // Connects clients in order, at most max_connecting at a time (connecting, upgrading
    // or waiting for their join), so that thousands do not all knock at once.
    void connect_more() {
        while (connecting_ < cfg_.max_connecting && next_to_connect_ < clients_.size()) {
            ++connecting_;
            connect(*clients_[next_to_connect_++]);
        }
    }

    void extend_join_deadline() {
        join_deadline_ = clock_type::now() + std::chrono::duration_cast<clock_type::duration>(
                                                 std::chrono::duration<double>(cfg_.join_timeout));
    }

    void connect(client& c) {
        auto& sock = beast::get_lowest_layer(c.ws);
        sock.expires_after(std::chrono::seconds(15));
        const asio::ip::tcp::endpoint ep(asio::ip::make_address(cfg_.server.host), cfg_.server.port);
        sock.async_connect(ep, [this, &c](beast::error_code ec) {
            if (ec) return fail_connect(c, "connect", ec);
            beast::get_lowest_layer(c.ws).socket().set_option(asio::ip::tcp::no_delay(true));
            auto headers = adapter_.upgrade_headers(c.session, c.index);
            c.ws.set_option(websocket::stream_base::decorator([headers](websocket::request_type& req) {
                for (const auto& [k, v] : headers) req.set(k, v);
            }));
            c.ws.read_message_max(64 * 1024 * 1024);
            c.ws.async_handshake(cfg_.server.host + ":" + std::to_string(cfg_.server.port), adapter_.ws_target(),
                                 [this, &c](beast::error_code ec2) {
                                     if (ec2) return fail_connect(c, "handshake", ec2);
                                     beast::get_lowest_layer(c.ws).expires_never();
                                     websocket::stream_base::timeout t{};
                                     t.handshake_timeout = std::chrono::seconds(10);
                                     t.idle_timeout = websocket::stream_base::none();
                                     t.keep_alive_pings = false;
                                     c.ws.set_option(t);
                                     c.open = true;
                                     for (auto& msg : c.proto->join()) send(c, std::move(msg));
                                     read(c);
                                 });
        });
    }

    void fail_connect(client& c, const std::string& what, beast::error_code ec) {
        error(what);
        if (!cfg_.quiet) log("client " + name(c) + ": " + what + " failed: " + ec.message());
        c.closing = true;
        ++failed_clients_;
        --connecting_;
    }

    void read(client& c) {
        c.ws.async_read(c.buffer, [this, &c](beast::error_code ec, std::size_t) {
            const auto now = clock_type::now();
            if (ec) {
                c.open = false;
                if (!c.closing) {
                    const auto reason = c.ws.reason();
                    error(reason.code != 0 ? "closed:" + std::to_string(reason.code) : "read:" + ec.message());
                    if (!cfg_.quiet)
                        log("client " + name(c) + ": connection ended: " + ec.message() + " (close code " +
                            std::to_string(reason.code) + " " + std::string(reason.reason.data(), reason.reason.size()) + ")");
                }
                return;
            }
            const auto data = c.buffer.cdata();
            const std::string_view text(static_cast<const char*>(data.data()), data.size());
            on_message(c, text, now);
            c.buffer.consume(c.buffer.size());
            read(c);
        });
    }

    void send(client& c, std::string text) {
        if (c.closing) return;
        c.outbox.push_back(std::move(text));
        if (!c.writing) write(c);
    }

    void write(client& c) {
        if (!c.open) return;
        c.writing = true;
        c.ws.text(true);
        c.ws.async_write(asio::buffer(c.outbox.front()), [this, &c](beast::error_code ec, std::size_t) {
            c.writing = false;
            c.outbox.pop_front();
            if (ec) {
                if (!c.closing) error("write:" + ec.message());
                c.outbox.clear();
                return;
            }
            if (!c.outbox.empty()) write(c);
        });
    }

    // --- messages ----------------------------------------------------------------------

    void on_message(client& c, std::string_view text, clock_type::time_point now) {
        std::vector<std::string> replies;
        received r;
        try {
            r = c.proto->on_message(text, replies);
        } catch (const std::exception& e) {
            r.problem = std::string("adapter:") + e.what();
        }
        for (auto& reply : replies) send(c, std::move(reply));
        if (!r.problem.empty()) {
            error("protocol:" + r.problem);
            if (!cfg_.quiet && result_.error_kinds["protocol:" + r.problem] <= 3)
                log("client " + name(c) + ": " + r.problem + " in " + std::string(text.substr(0, 300)));
        }
        switch (r.what) {
        case received::kind::joined:
            if (!c.joined) {
                c.joined = true;
                ++joined_;
                --connecting_;
                extend_join_deadline();
                connect_more();
            }
            break;
        case received::kind::change: on_delivery(c, r.change, now); break;
        case received::kind::change_by_seq: on_delivery_by_seq(c, r.seq, now); break;
        case received::kind::ack:
            if (r.change > 0 && r.change < changes_.size()) {
                const auto& rec = changes_[r.change];
                if (rec.measured) acks_.push_back(ms_between(rec.sent, now));
                if (r.by_seq) on_ack_by_seq(c.session, r.seq, r.change);
            }
            break;
        case received::kind::error:
            error("server:" + r.detail);
            if (!cfg_.quiet && result_.error_kinds["server:" + r.detail] <= 3)
                log("client " + name(c) + ": error " + std::string(text.substr(0, 300)));
            if (r.change > 0 && r.change < changes_.size()) changes_[r.change].refused = true;
            break;
        case received::kind::other: break;
        }
    }

    // A change known only by its seq: delivered now if its ack has come, else kept until
    // it does (a receiver may get the event before the author gets the ack).
    void on_delivery_by_seq(client& c, std::int64_t seq, clock_type::time_point now) {
        auto& known = by_seq_[static_cast<std::size_t>(c.session)];
        if (auto it = known.changes.find(seq); it != known.changes.end()) return on_delivery(c, it->second, now);
        known.early[seq].push_back({c.index, now});
    }

    void on_ack_by_seq(int session, std::int64_t seq, std::uint64_t id) {
        auto& known = by_seq_[static_cast<std::size_t>(session)];
        known.changes[seq] = id;
        const auto early = known.early.find(seq);
        if (early == known.early.end()) return;
        const auto waiting = std::move(early->second);
        known.early.erase(early);
        const auto base = static_cast<std::size_t>(session * cfg_.clients_per_session);
        for (const auto& [index, at] : waiting) on_delivery(*clients_[base + static_cast<std::size_t>(index)], id, at);
    }

    void on_delivery(client& c, std::uint64_t id, clock_type::time_point now) {
        if (id == 0 || id >= changes_.size()) return error("unknown_change");
        auto& rec = changes_[id];
        if (rec.session != c.session || rec.sender == c.index) return error("misdelivered_change");
        const auto idx = static_cast<std::size_t>(c.index);
        if (rec.seen[idx]) return error("duplicate_delivery");
        rec.seen[idx] = true;
        if (in_window_) ++window_deliveries_;
        if (rec.measured) deliveries_.push_back(ms_between(rec.sent, now));
        if (--rec.remaining == 0) {
            --in_flight_;
            if (rec.measured) {
                fanout_.push_back(ms_between(rec.sent, now));
                ++result_.changes_completed;
            }
        }
    }

    // --- the schedule ------------------------------------------------------------------

    void wait_for_joins() {
        phase_timer_.expires_after(std::chrono::milliseconds(20));
        phase_timer_.async_wait([this](beast::error_code ec) {
            if (ec) return;
            const int total = static_cast<int>(clients_.size());
            if (joined_ == total) return start();
            if (failed_clients_ > 0 || clock_type::now() > join_deadline_) {
                fatal_ = true;
                fatal_message_ = "only " + std::to_string(joined_) + " of " + std::to_string(total) +
                                 " clients joined their session (" + error_summary() + ")";
                return close_all();
            }
            wait_for_joins();
        });
    }

    void start() {
        const auto t0 = clock_type::now() + std::chrono::milliseconds(100);
        const auto secs = [](double s) {
            return std::chrono::duration_cast<clock_type::duration>(std::chrono::duration<double>(s));
        };
        window_start_ = t0 + secs(cfg_.warmup);
        window_end_ = window_start_ + secs(cfg_.duration);
        if (!cfg_.quiet)
            log("all " + std::to_string(clients_.size()) + " clients joined; warming up " + fmt(cfg_.warmup) +
                " s, then measuring " + fmt(cfg_.duration) + " s");
        // Spread the clients' first sends evenly over one period, so that the offered
        // load is smooth rather than in bursts of every client at once.
        const auto n = static_cast<double>(clients_.size());
        for (std::size_t k = 0; k < clients_.size() && cfg_.rate > 0; ++k) {
            auto& c = *clients_[k];
            c.next_send = t0 + std::chrono::duration_cast<clock_type::duration>(period_ * (static_cast<double>(k) / n));
            schedule(c);
        }
        phase_timer_.expires_at(window_start_);
        phase_timer_.async_wait([this](beast::error_code ec) {
            if (ec) return;
            sample_start();
            phase_timer_.expires_at(window_end_);
            phase_timer_.async_wait([this](beast::error_code ec2) {
                if (ec2) return;
                sample_end();
                drain_deadline_ = clock_type::now() + std::chrono::duration_cast<clock_type::duration>(
                                                          std::chrono::duration<double>(cfg_.drain));
                drain();
            });
        });
    }

    void schedule(client& c) {
        c.timer.expires_at(c.next_send);
        c.timer.async_wait([this, &c](beast::error_code ec) {
            if (ec || stopped_ || !c.open) return;
            send_change(c);
            c.next_send += period_;
            schedule(c);
        });
    }

    void send_change(client& c) {
        const auto now = clock_type::now();
        const bool measured = c.next_send >= window_start_ && c.next_send < window_end_;
        if (measured) lag_.push_back(ms_between(c.next_send, now));
        const std::uint64_t id = changes_.size();
        std::string text = c.proto->make_change(id);
        if (text.empty()) {
            if (measured) ++skipped_;
            return;
        }
        change_record rec;
        rec.session = c.session;
        rec.sender = c.index;
        rec.sent = now;
        rec.remaining = cfg_.clients_per_session - 1;
        rec.measured = measured;
        rec.seen.assign(static_cast<std::size_t>(cfg_.clients_per_session), false);
        changes_.push_back(std::move(rec));
        if (changes_.back().remaining > 0) ++in_flight_;
        if (measured) ++result_.changes_measured;
        send(c, std::move(text));
    }

    void sample_start() {
        in_window_ = true;
        window_deliveries_ = 0;
        if (cfg_.server_pid > 0) {
            cpu_start_ = process_cpu_seconds(cfg_.server_pid);
            result_.rss_start_mib = process_rss_mib(cfg_.server_pid);
        }
        sampled_start_ = clock_type::now();
    }

    void sample_end() {
        in_window_ = false;
        stopped_ = true;
        window_seconds_ = std::chrono::duration<double>(clock_type::now() - sampled_start_).count();
        result_.deliveries = window_deliveries_;
        if (cfg_.server_pid > 0) {
            const double cpu = process_cpu_seconds(cfg_.server_pid);
            if (cpu >= 0 && cpu_start_ >= 0) result_.server_cpu_s = cpu - cpu_start_;
            result_.rss_mib = process_rss_mib(cfg_.server_pid);
        }
        for (auto& c : clients_) c->timer.cancel();
    }

    // Waits until every change sent has reached everyone (or was refused), at most `drain`.
    void drain() {
        long waiting = 0;
        for (std::size_t id = 1; id < changes_.size(); ++id)
            if (changes_[id].remaining > 0 && !changes_[id].refused) ++waiting;
        if (waiting == 0 || clock_type::now() >= drain_deadline_) {
            // Events known by their seq that no ack of ours claimed: not our changes.
            long unclaimed = 0;
            for (const auto& t : by_seq_)
                for (const auto& [seq, receivers] : t.early) unclaimed += static_cast<long>(receivers.size());
            if (unclaimed > 0) {
                result_.errors += unclaimed;
                result_.error_kinds["unclaimed_event"] += unclaimed;
            }
            if (waiting > 0) {
                result_.errors += waiting;
                result_.error_kinds["undelivered"] += waiting;
                if (!cfg_.quiet)
                    log(std::to_string(waiting) + " changes had not reached every other client " + fmt(cfg_.drain) +
                        " s after the window");
            }
            return close_all();
        }
        phase_timer_.expires_after(std::chrono::milliseconds(20));
        phase_timer_.async_wait([this](beast::error_code ec) {
            if (!ec) drain();
        });
    }

    void close_all() {
        stopped_ = true;
        for (auto& cp : clients_) {
            auto& c = *cp;
            c.timer.cancel();
            c.closing = true;
            if (c.open) c.ws.async_close(websocket::close_code::normal, [](beast::error_code) {});
        }
        // Whatever has not closed in 3 seconds is cut.
        phase_timer_.expires_after(std::chrono::seconds(3));
        phase_timer_.async_wait([this](beast::error_code ec) {
            if (ec) return;
            for (auto& c : clients_) {
                beast::error_code ignored;
                beast::get_lowest_layer(c->ws).socket().close(ignored);
            }
        });
        closing_check();
    }

    void closing_check() {
        // Ends the run (the close timer) as soon as every client has closed.
        bool any_open = false;
        for (auto& c : clients_)
            if (c->open) any_open = true;
        if (!any_open) {
            phase_timer_.cancel();
            return;
        }
        close_poll_ = std::make_unique<asio::steady_timer>(ioc_, std::chrono::milliseconds(20));
        close_poll_->async_wait([this](beast::error_code ec) {
            if (!ec) closing_check();
        });
    }

    result finish() {
        result_.clients = static_cast<long>(clients_.size());
        result_.offered_changes_per_s = static_cast<double>(clients_.size()) * cfg_.rate;
        const double secs = window_seconds_ > 0 ? window_seconds_ : cfg_.duration;
        result_.sent_changes_per_s = static_cast<double>(result_.changes_measured) / cfg_.duration;
        result_.deliveries_per_s = static_cast<double>(result_.deliveries) / secs;
        result_.fanout = summarise(fanout_);
        result_.delivery = summarise(deliveries_);
        result_.ack = summarise(acks_);
        result_.send_lag = summarise(lag_);
        if (skipped_ > 0) result_.error_kinds["(note) sends skipped: nothing to move"] = skipped_;
        return result_;
    }

    std::string error_summary() const {
        std::string s;
        for (const auto& [k, v] : result_.error_kinds) s += (s.empty() ? "" : ", ") + k + ": " + std::to_string(v);
        return s.empty() ? "no errors" : s;
    }

    static std::string name(const client& c) { return std::to_string(c.session) + "/" + std::to_string(c.index); }
    static std::string fmt(double v) {
        std::ostringstream o;
        o << v;
        return o.str();
    }
    void log(const std::string& s) const {
        if (!cfg_.quiet) std::fprintf(stderr, "load: %s\n", s.c_str());
    }

    const config& cfg_;
    protocol_adapter& adapter_;
    asio::io_context ioc_;
    asio::steady_timer phase_timer_;
    std::unique_ptr<asio::steady_timer> close_poll_;
    std::vector<std::unique_ptr<client>> clients_;
    std::vector<change_record> changes_ = std::vector<change_record>(1);  // ids start at 1
    clock_type::duration period_{};
    clock_type::time_point join_deadline_, window_start_, window_end_, drain_deadline_, sampled_start_;
    int joined_ = 0;
    int failed_clients_ = 0;
    int connecting_ = 0;
    // Per session: changes recognised by seq (from their acks), and receivers of events
    // whose ack has not come yet (index within the session, when received).
    struct seq_table {
        std::unordered_map<std::int64_t, std::uint64_t> changes;
        std::unordered_map<std::int64_t, std::vector<std::pair<int, clock_type::time_point>>> early;
    };
    std::vector<seq_table> by_seq_;
    std::size_t next_to_connect_ = 0;
    long in_flight_ = 0;
    long skipped_ = 0;
    bool in_window_ = false;
    bool stopped_ = false;
    bool fatal_ = false;
    std::string fatal_message_;
    long window_deliveries_ = 0;
    double window_seconds_ = 0;
    double cpu_start_ = -1;
    std::vector<double> fanout_, deliveries_, acks_, lag_;
    result result_;
};

}  // namespace

result run(const config& cfg, protocol_adapter& adapter) {
    adapter.prepare(cfg.server, cfg.sessions, cfg.clients_per_session);
    engine e(cfg, adapter);
    return e.run();
}

double process_cpu_seconds(pid_t pid) { return stat_cpu_seconds("/proc/" + std::to_string(pid) + "/stat"); }

double stat_cpu_seconds(const std::string& stat_file) {
    std::ifstream in(stat_file);
    std::string line;
    if (!std::getline(in, line)) return -1;
    // Fields after the command name (which may hold spaces) in parentheses: state is
    // field 3, utime 14 and stime 15.
    const auto close = line.rfind(')');
    if (close == std::string::npos) return -1;
    std::istringstream rest(line.substr(close + 2));
    std::string field;
    unsigned long long utime = 0, stime = 0;
    for (int n = 3; n <= 15 && rest >> field; ++n) {
        if (n == 14) utime = std::stoull(field);
        if (n == 15) stime = std::stoull(field);
    }
    return static_cast<double>(utime + stime) / static_cast<double>(::sysconf(_SC_CLK_TCK));
}

double process_rss_mib(pid_t pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind("VmRSS:", 0) == 0) return std::stod(line.substr(6)) / 1024.0;  // kB
    return -1;
}

bool pin_process(pid_t pid, int cpu) {
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    if (pid == 0) pid = ::getpid();
    // Every thread (task) of the process: sched_setaffinity on a PID pins only its main thread.
    bool ok = true, any = false;
    std::error_code ec;
    for (const auto& task : std::filesystem::directory_iterator("/proc/" + std::to_string(pid) + "/task", ec)) {
        any = true;
        if (::sched_setaffinity(static_cast<pid_t>(std::stol(task.path().filename().string())), sizeof set, &set) != 0)
            ok = false;
    }
    return ok && any;
}

nlohmann::ordered_json to_json(const config& cfg, const std::string& server_label, const result& r) {
    nlohmann::ordered_json j;
    j["scenario"] = cfg.scenario;
    j["server"] = server_label;
    j["clients"] = r.clients;
    j["sessions"] = cfg.sessions;
    j["offered_changes_per_s"] = round3(r.offered_changes_per_s);
    j["deliveries_per_s"] = round3(r.deliveries_per_s);
    // No change measured (an idle run): no latency, rather than zeros.
    auto latency = [&](double v) {
        return r.fanout.count > 0 ? nlohmann::ordered_json(round3(v)) : nlohmann::ordered_json(nullptr);
    };
    j["p50_ms"] = latency(r.fanout.p50);
    j["p95_ms"] = latency(r.fanout.p95);
    j["p99_ms"] = latency(r.fanout.p99);
    j["p999_ms"] = latency(r.fanout.p999);
    if (r.server_cpu_s >= 0) {
        j["server_cpu_s"] = round3(r.server_cpu_s);
        j["deliveries_per_cpu_s"] =
            r.server_cpu_s > 0 ? nlohmann::ordered_json(round3(static_cast<double>(r.deliveries) / r.server_cpu_s))
                               : nlohmann::ordered_json(nullptr);
    } else {
        j["server_cpu_s"] = nullptr;
        j["deliveries_per_cpu_s"] = nullptr;
    }
    j["rss_mib"] = r.rss_mib >= 0 ? nlohmann::ordered_json(round3(r.rss_mib)) : nlohmann::ordered_json(nullptr);
    j["errors"] = r.errors;
    // Idle runs (scenario e): the server's memory per connection, from its RSS before the
    // first client connected to the end of the window.
    if (cfg.rate == 0 && r.rss_mib >= 0 && r.rss_before_connect_mib >= 0 && r.clients > 0)
        j["kib_per_connection"] = round3((r.rss_mib - r.rss_before_connect_mib) * 1024.0 / static_cast<double>(r.clients));
    return j;
}

std::string report(const config& cfg, const result& r) {
    std::ostringstream o;
    o << std::fixed << std::setprecision(3);
    auto line = [&](const char* what, const stats& s) { o << stats_line(what, s); };
    o << "scenario " << cfg.scenario << ": " << cfg.sessions << " session(s) x " << cfg.clients_per_session
      << " clients x " << cfg.rate << " changes/s, warm-up " << cfg.warmup << " s, window " << cfg.duration << " s\n";
    o << "  offered " << r.offered_changes_per_s << " changes/s, sent " << r.sent_changes_per_s << " changes/s ("
      << r.changes_measured << " in the window, " << r.changes_completed << " reached every other client)\n";
    o << "  deliveries " << r.deliveries << " in the window = " << r.deliveries_per_s << " /s\n";
    line("fan-out (last receiver) latency:", r.fanout);
    line("single delivery latency:", r.delivery);
    line("ack latency (to the sender):", r.ack);
    line("generator timer lateness:", r.send_lag);
    if (r.server_cpu_s >= 0)
        o << "  server CPU " << r.server_cpu_s << " s in the window ("
          << (r.server_cpu_s > 0 ? static_cast<double>(r.deliveries) / r.server_cpu_s : 0.0)
          << " deliveries per CPU second), RSS " << r.rss_start_mib << " -> " << r.rss_mib << " MiB\n";
    else
        o << "  server CPU and memory: not sampled (no server PID)\n";
    if (cfg.rate == 0 && r.rss_mib >= 0 && r.rss_before_connect_mib >= 0 && r.clients > 0)
        o << "  memory per connection: " << (r.rss_mib - r.rss_before_connect_mib) * 1024.0 / static_cast<double>(r.clients)
          << " KiB (RSS " << r.rss_before_connect_mib << " MiB before the first connection, " << r.rss_mib
          << " MiB at the end of the window, " << r.clients << " connections)\n";
    o << "  errors: " << r.errors << "\n";
    for (const auto& [k, v] : r.error_kinds) o << "    " << k << ": " << v << "\n";
    return o.str();
}

}  // namespace samskab::load
