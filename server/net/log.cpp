// Log lines (see log.hpp).
#include "net/log.hpp"

#include "protocol/time_format.hpp"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <mutex>
#include <string>

namespace samskab::server::log {

namespace {

std::mutex mutex;
std::atomic<bool> debug_on{false};

void write(std::string_view level, std::string_view line) {
    const auto now = std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
    std::string out = protocol::format_time(now);
    out += ' ';
    out += level;
    out += ' ';
    out += line;
    out += '\n';
    std::lock_guard lock(mutex);
    std::fwrite(out.data(), 1, out.size(), stderr);
    std::fflush(stderr);
}

}  // namespace

void info(std::string_view line) { write("info ", line); }
void warn(std::string_view line) { write("warn ", line); }
void error(std::string_view line) { write("error", line); }

void debug(std::string_view line) {
    if (debug_enabled()) write("debug", line);
}
void enable_debug(bool on) { debug_on.store(on, std::memory_order_relaxed); }
bool debug_enabled() { return debug_on.load(std::memory_order_relaxed); }

}  // namespace samskab::server::log
