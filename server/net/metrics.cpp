// Metrics (see metrics.hpp), on prometheus-cpp's core library.
#include "net/metrics.hpp"

#include "net/version.hpp"

#include <boost/asio/ip/address.hpp>

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>
#include <prometheus/text_serializer.h>

#include <sys/resource.h>
#include <unistd.h>

#include <array>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <sstream>

namespace samskab::server::metrics {

namespace {

namespace prom = prometheus;

constexpr std::size_t error_codes = static_cast<std::size_t>(domain::errc::internal_error) + 1;

// The close codes counted by their number; any other a client sends counts as "other".
constexpr std::array<std::uint16_t, 9> client_codes{1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011};
// Those the server sends: its close_code values (peer.hpp) and Beast's protocol errors.
constexpr std::array<std::uint16_t, 10> server_codes{1000, 1001, 1002, 1003, 1007, 1008, 1009, 1011, 4001, 4002};

constexpr std::array<std::string_view, 8> limit_names{"connections", "failed_attempts", "creations", "joins",
                                                      "address_changes", "participant_pace", "messages", "flooding"};

struct instruments {
    prom::Registry registry;
    prom::Counter* accepted;
    prom::Counter* received;
    prom::Counter* sent;
    std::array<std::array<prom::Counter*, 2>, error_codes> errors{};
    std::map<std::uint16_t, prom::Counter*> server_closes, client_closes;
    prom::Counter* client_other_closes;
    prom::Counter* committed;
    prom::Histogram* commit_seconds;
    prom::Histogram* fanout_seconds;
    prom::Counter* drops;
    std::array<prom::Counter*, limit_names.size()> limited{};
    prom::Gauge* connections_open;
    prom::Gauge* sessions_loaded;
    prom::Gauge* queue_depth;

    instruments() {
        accepted = &prom::BuildCounter()
                        .Name("samskab_connections_accepted_total")
                        .Help("TCP connections accepted (HTTP and WebSocket), including those then refused")
                        .Register(registry)
                        .Add({});
        received = &prom::BuildCounter()
                        .Name("samskab_websocket_messages_received_total")
                        .Help("WebSocket text messages received from clients")
                        .Register(registry)
                        .Add({});
        sent = &prom::BuildCounter()
                    .Name("samskab_websocket_messages_sent_total")
                    .Help("WebSocket messages written to clients")
                    .Register(registry)
                    .Add({});
        auto& errs = prom::BuildCounter()
                         .Name("samskab_errors_total")
                         .Help("Errors sent to clients, by error code (PROTOCOL.md, Errors) and transport")
                         .Register(registry);
        for (std::size_t c = 0; c < error_codes; ++c) {
            const std::string code(domain::to_string(static_cast<domain::errc>(c)));
            errors[c][0] = &errs.Add({{"code", code}, {"transport", "websocket"}});
            errors[c][1] = &errs.Add({{"code", code}, {"transport", "http"}});
        }
        auto& closes = prom::BuildCounter()
                           .Name("samskab_websocket_closes_total")
                           .Help("WebSocket closes, by close code and by who started the closing handshake")
                           .Register(registry);
        for (auto code : server_codes)
            server_closes[code] = &closes.Add({{"code", std::to_string(code)}, {"initiator", "server"}});
        for (auto code : client_codes)
            client_closes[code] = &closes.Add({{"code", std::to_string(code)}, {"initiator", "client"}});
        client_other_closes = &closes.Add({{"code", "other"}, {"initiator", "client"}});
        committed = &prom::BuildCounter()
                         .Name("samskab_changes_committed_total")
                         .Help("Changes to sessions committed to the database and sent to their clients")
                         .Register(registry)
                         .Add({});
        commit_seconds = &prom::BuildHistogram()
                              .Name("samskab_commit_duration_seconds")
                              .Help("Time from handing a change to the journal to its commit reaching its session")
                              .Register(registry)
                              .Add({}, prom::Histogram::BucketBoundaries{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                                         0.05, 0.1, 0.25, 0.5, 1, 2.5, 5});
        fanout_seconds = &prom::BuildHistogram()
                              .Name("samskab_fanout_duration_seconds")
                              .Help("Time a session spends giving one committed change to all its connections")
                              .Register(registry)
                              .Add({}, prom::Histogram::BucketBoundaries{0.00001, 0.000025, 0.00005, 0.0001, 0.00025,
                                                                         0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                                         0.05, 0.1});
        drops = &prom::BuildCounter()
                     .Name("samskab_send_queue_drops_total")
                     .Help("Messages dropped from the send queue of a client that did not read them (it is closed "
                           "with 1008)")
                     .Register(registry)
                     .Add({});
        auto& lim = prom::BuildCounter()
                        .Name("samskab_rate_limited_total")
                        .Help("Requests, connections and messages refused by a limit, by limit")
                        .Register(registry);
        for (std::size_t i = 0; i < limit_names.size(); ++i) limited[i] = &lim.Add({{"limit", std::string(limit_names[i])}});
        connections_open = &prom::BuildGauge()
                                .Name("samskab_connections_open")
                                .Help("Connections open now (HTTP and WebSocket)")
                                .Register(registry)
                                .Add({});
        sessions_loaded = &prom::BuildGauge()
                               .Name("samskab_sessions_loaded")
                               .Help("Sessions held in memory now")
                               .Register(registry)
                               .Add({});
        queue_depth = &prom::BuildGauge()
                           .Name("samskab_journal_queue_depth")
                           .Help("Writes waiting for the database now")
                           .Register(registry)
                           .Add({});
        prom::BuildGauge()
            .Name("samskab_build_info")
            .Help("Always 1; its label gives the server's version")
            .Register(registry)
            .Add({{"version", version_text}})
            .Set(1);
    }
};

instruments& the() {
    static instruments i;
    return i;
}

double seconds_of(duration d) { return std::chrono::duration<double>(d).count(); }

// ---- the process's own figures, read from /proc (Linux) ---------------------------------

struct process_figures {
    double cpu_seconds = 0;
    double resident_bytes = 0;
    double virtual_bytes = 0;
    double start_time_seconds = 0;
    double open_fds = 0;
    double max_fds = 0;
    bool read = false;
};

double boot_time_seconds() {
    std::ifstream in("/proc/stat");
    std::string key;
    double value = 0;
    while (in >> key) {
        if (key == "btime" && (in >> value)) return value;
        in.ignore(std::numeric_limits<std::streamsize>::max(), '\n');
    }
    return 0;
}

process_figures read_process() {
    process_figures f;
    std::ifstream in("/proc/self/stat");
    const std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    // The command's name, field 2, is in parentheses and may hold spaces: fields are
    // counted from the last ')'.
    const auto close = stat.rfind(')');
    if (close == std::string::npos) return f;
    std::istringstream fields(stat.substr(close + 2));
    std::vector<std::string> v((std::istream_iterator<std::string>(fields)), std::istream_iterator<std::string>());
    // Field n (1-based, man proc) is v[n - 3].
    if (v.size() < 22) return f;
    const double ticks = static_cast<double>(sysconf(_SC_CLK_TCK));
    const double page = static_cast<double>(sysconf(_SC_PAGESIZE));
    auto num = [&](std::size_t field) { return std::strtod(v[field - 3].c_str(), nullptr); };
    f.cpu_seconds = (num(14) + num(15)) / ticks;
    f.start_time_seconds = boot_time_seconds() + num(22) / ticks;
    f.virtual_bytes = num(23);
    f.resident_bytes = num(24) * page;
    std::error_code ec;
    std::size_t fds = 0;
    for (auto it = std::filesystem::directory_iterator("/proc/self/fd", ec); !ec && it != std::filesystem::directory_iterator();
         it.increment(ec))
        ++fds;
    f.open_fds = static_cast<double>(fds);
    rlimit rl{};
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0) f.max_fds = static_cast<double>(rl.rlim_cur);
    f.read = true;
    return f;
}

prom::MetricFamily one(std::string name, std::string help, prom::MetricType type, double value) {
    prom::ClientMetric m;
    if (type == prom::MetricType::Counter) m.counter.value = value;
    else m.gauge.value = value;
    return prom::MetricFamily{std::move(name), std::move(help), type, {m}};
}

// The names client libraries give these (prometheus.io, "Writing client libraries":
// process metrics), without the samskab_ prefix, so that the usual dashboards find them.
std::vector<prom::MetricFamily> process_families() {
    const auto f = read_process();
    if (!f.read) return {};
    using prom::MetricType;
    return {one("process_cpu_seconds_total", "Total user and system CPU time spent in seconds", MetricType::Counter,
                f.cpu_seconds),
            one("process_resident_memory_bytes", "Resident memory size in bytes", MetricType::Gauge, f.resident_bytes),
            one("process_virtual_memory_bytes", "Virtual memory size in bytes", MetricType::Gauge, f.virtual_bytes),
            one("process_start_time_seconds", "Start time of the process since unix epoch in seconds",
                MetricType::Gauge, f.start_time_seconds),
            one("process_open_fds", "Number of open file descriptors", MetricType::Gauge, f.open_fds),
            one("process_max_fds", "Maximum number of open file descriptors", MetricType::Gauge, f.max_fds)};
}

std::size_t code_index(transport via) { return via == transport::websocket ? 0 : 1; }

// ---- addresses ------------------------------------------------------------------------

std::optional<std::vector<unsigned char>> address_bytes(std::string_view text) {
    boost::system::error_code ec;
    auto a = boost::asio::ip::make_address(std::string(text), ec);
    if (ec) return std::nullopt;
    if (a.is_v6() && a.to_v6().is_v4_mapped()) a = boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped, a.to_v6());
    if (a.is_v4()) {
        const auto b = a.to_v4().to_bytes();
        return std::vector<unsigned char>(b.begin(), b.end());
    }
    const auto b = a.to_v6().to_bytes();
    return std::vector<unsigned char>(b.begin(), b.end());
}

bool same_prefix(const std::vector<unsigned char>& a, const std::vector<unsigned char>& b, unsigned bits) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; bits > 0; ++i) {
        const unsigned take = bits >= 8 ? 8 : bits;
        const unsigned char mask = static_cast<unsigned char>(0xFF << (8 - take));
        if ((a[i] & mask) != (b[i] & mask)) return false;
        bits -= take;
    }
    return true;
}

}  // namespace

void connection_accepted() { the().accepted->Increment(); }
void message_received() { the().received->Increment(); }
void messages_sent(std::size_t n) { the().sent->Increment(static_cast<double>(n)); }

void error_sent(domain::errc code, transport via) {
    const auto c = static_cast<std::size_t>(code);
    if (c < error_codes) the().errors[c][code_index(via)]->Increment();
}

void closed_by_server(std::uint16_t code) {
    auto& i = the();
    if (auto it = i.server_closes.find(code); it != i.server_closes.end()) it->second->Increment();
}

void closed_by_client(std::uint16_t code) {
    auto& i = the();
    if (auto it = i.client_closes.find(code); it != i.client_closes.end()) it->second->Increment();
    else i.client_other_closes->Increment();
}

void change_committed(duration since_queued) {
    auto& i = the();
    i.committed->Increment();
    i.commit_seconds->Observe(seconds_of(since_queued));
}

void fanned_out(duration took) { the().fanout_seconds->Observe(seconds_of(took)); }
void send_queue_dropped(std::size_t messages) { the().drops->Increment(static_cast<double>(messages)); }
std::string_view name_of(limit which) { return limit_names[static_cast<std::size_t>(which)]; }

void rate_limited(limit which) { the().limited[static_cast<std::size_t>(which)]->Increment(); }

std::string render(const levels& now) {
    auto& i = the();
    if (now.connections_open) i.connections_open->Set(static_cast<double>(now.connections_open()));
    if (now.sessions_loaded) i.sessions_loaded->Set(static_cast<double>(now.sessions_loaded()));
    if (now.journal_queue_depth) i.queue_depth->Set(static_cast<double>(now.journal_queue_depth()));
    auto families = i.registry.Collect();
    auto process = process_families();
    families.insert(families.end(), std::make_move_iterator(process.begin()), std::make_move_iterator(process.end()));
    return prom::TextSerializer().Serialize(families);
}

// ---- allowlist ------------------------------------------------------------------------

allowlist::allowlist() {
    std::string unused;
    assign({"127.0.0.0/8", "::1"}, unused);
}

bool allowlist::assign(const std::vector<std::string>& entries, std::string& error) {
    std::vector<network> parsed;
    for (const auto& e : entries) {
        const auto slash = e.find('/');
        const std::string_view addr = std::string_view(e).substr(0, slash);
        auto bytes = address_bytes(addr);
        if (!bytes) {
            error = "not an IP address or network: " + e;
            return false;
        }
        unsigned prefix = static_cast<unsigned>(bytes->size() * 8);
        if (slash != std::string::npos) {
            const std::string_view p = std::string_view(e).substr(slash + 1);
            unsigned v = 0;
            auto [end, ec] = std::from_chars(p.data(), p.data() + p.size(), v);
            if (ec != std::errc() || end != p.data() + p.size() || p.empty() || v > prefix) {
                error = "not a network (ADDRESS/PREFIX-LENGTH): " + e;
                return false;
            }
            prefix = v;
        }
        parsed.push_back(network{std::move(*bytes), prefix});
    }
    networks_ = std::move(parsed);
    return true;
}

bool allowlist::allows(std::string_view address) const {
    const auto bytes = address_bytes(address);
    if (!bytes) return false;
    for (const auto& n : networks_)
        if (same_prefix(*bytes, n.bytes, n.prefix)) return true;
    return false;
}

}  // namespace samskab::server::metrics
