// Log lines (see log.hpp).
#include "net/log.hpp"

#include "protocol/time_format.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <type_traits>

namespace samskab::server::log {

namespace {

std::mutex out_mutex;
std::atomic<bool> debug_on{false};
std::atomic<format> current_format{format::text};

std::string_view level_name(level l) {
    switch (l) {
    case level::debug: return "debug";
    case level::info: return "info";
    case level::warn: return "warn";
    case level::error: return "error";
    }
    return "info";
}

// A number as text, never with an exponent, without trailing zeros ("0.25", "3").
std::string number_text(double d) {
    if (!std::isfinite(d)) return "0";
    char buf[64];
    // Microseconds below a second (a commit's time), milliseconds above.
    std::snprintf(buf, sizeof buf, std::fabs(d) < 1 ? "%.6f" : "%.3f", d);
    std::string s = buf;
    while (s.ends_with('0')) s.pop_back();
    if (s.ends_with('.')) s.pop_back();
    return s == "-0" ? "0" : s;
}

// A value as text. In the text format a text is written as it is, except that a line
// break or another control character becomes a space: a field never breaks a line.
std::string value_text(const value& v) {
    return std::visit(
        [](const auto& x) -> std::string {
            using T = std::decay_t<decltype(x)>;
            if constexpr (std::is_same_v<T, bool>) return x ? "true" : "false";
            else if constexpr (std::is_same_v<T, double>) return number_text(x);
            else if constexpr (std::is_same_v<T, std::string_view>) {
                std::string s(x);
                for (char& c : s)
                    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
                return s;
            } else return std::to_string(x);
        },
        v.get());
}

nlohmann::json value_json(const value& v) {
    return std::visit(
        [](const auto& x) -> nlohmann::json {
            using T = std::decay_t<decltype(x)>;
            if constexpr (std::is_same_v<T, std::string_view>) return std::string(x);
            else if constexpr (std::is_same_v<T, double>) return std::isfinite(x) ? std::round(x * 1e6) / 1e6 : 0.0;
            else return x;
        },
        v.get());
}

const field* find(fields f, std::string_view key) {
    for (const auto& x : f)
        if (x.key == key) return &x;
    return nullptr;
}

}  // namespace

std::vector<std::string> field_names(const event& e) {
    std::vector<std::string> names;
    for (std::size_t i = e.text.find('{'); i != std::string_view::npos; i = e.text.find('{', i + 1)) {
        const auto end = e.text.find('}', i);
        if (end == std::string_view::npos) break;
        names.emplace_back(e.text.substr(i + 1, end - i - 1));
    }
    for (std::size_t i = 0; i < e.extra.size();) {
        const auto end = std::min(e.extra.find(' ', i), e.extra.size());
        if (end > i) names.emplace_back(e.extra.substr(i, end - i));
        i = end + 1;
    }
    return names;
}

std::string sentence(const event& e, fields f) {
    std::string out;
    std::string named;  // the keys the sentence names, each between spaces
    named += ' ';
    for (std::size_t i = 0; i < e.text.size();) {
        if (e.text[i] == '{') {
            const auto end = e.text.find('}', i);
            if (end != std::string_view::npos) {
                const auto key = e.text.substr(i + 1, end - i - 1);
                if (const field* x = find(f, key)) out += value_text(x->v);
                named += key;
                named += ' ';
                i = end + 1;
                continue;
            }
        }
        out += e.text[i++];
    }
    for (const auto& x : f) {
        if (named.find(' ' + std::string(x.key) + ' ') != std::string::npos) continue;
        out += ' ';
        out += x.key;
        out += '=';
        out += value_text(x.v);
    }
    return out;
}

std::string render(format fmt, std::chrono::system_clock::time_point at, const event& e, fields f) {
    const auto ms = std::chrono::time_point_cast<std::chrono::milliseconds>(at);
    std::string out;
    if (fmt == format::json) {
        // Insertion order: time, level, event and message first, then the fields.
        nlohmann::ordered_json j;
        j["time"] = protocol::format_time(ms);
        j["level"] = level_name(e.severity);
        j["event"] = e.name;
        j["message"] = sentence(e, f);
        for (const auto& x : f) j[std::string(x.key)] = value_json(x.v);
        // Invalid UTF-8 (a path, an OS message) is replaced, never a reason to lose the line.
        out = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    } else {
        out = protocol::format_time(ms);
        out += ' ';
        const auto name = level_name(e.severity);
        out += name;
        out.append(6 - name.size(), ' ');
        out += sentence(e, f);
    }
    out += '\n';
    return out;
}

void write(const event& e, fields f) {
    if (e.severity == level::debug && !debug_enabled()) return;
    const std::string line = render(current_format.load(std::memory_order_relaxed), std::chrono::system_clock::now(), e, f);
    std::lock_guard lock(out_mutex);
    std::fwrite(line.data(), 1, line.size(), stderr);
    std::fflush(stderr);
}

void set_format(format f) { current_format.store(f, std::memory_order_relaxed); }
void enable_debug(bool on) { debug_on.store(on, std::memory_order_relaxed); }
bool debug_enabled() { return debug_on.load(std::memory_order_relaxed); }

std::optional<std::uint64_t> throttle::admit(const std::string& key, clock::time_point now) {
    std::lock_guard lock(mutex_);
    auto it = keys_.find(key);
    if (it != keys_.end()) {
        if (now - it->second.logged < window_) {
            ++it->second.held;
            return std::nullopt;
        }
        const auto held = std::exchange(it->second.held, 0);
        it->second.logged = now;
        return held;
    }
    if (keys_.size() >= max_keys_) {
        std::erase_if(keys_, [&](const auto& kv) { return now - kv.second.logged >= window_; });
        if (keys_.size() >= max_keys_) keys_.clear();
    }
    keys_.emplace(key, entry{now, 0});
    return 0;
}

}  // namespace samskab::server::log
