// The server's log: one line per event on standard error. Thread-safe; a line is never
// interleaved with another.
//
// A line is an event (a stable snake_case name from the catalogue in log_events.hpp,
// listed with its fields in README.md, "Logs") with typed fields, written either as
// text ("TIME level the event's sentence, with its fields in it") or, with
// --log-format json, as one JSON object per line:
//   {"time":"2026-12-06T12:00:00.000Z","level":"info","event":"listening",
//    "message":"listening on http://127.0.0.1:8080","address":"127.0.0.1","port":8080,...}
// "message" is the text rendering, made from the fields alone.
//
// Fields are in base units: durations in seconds (pass a std::chrono duration: it
// becomes a number of seconds), sizes in bytes, counts as integers. Never log a token,
// a join code, a display name or anything people wrote: log what happened and to which
// session, not what was said.
#pragma once

#include <chrono>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <variant>
#include <vector>

namespace samskab::server::log {

enum class level { debug, info, warn, error };
enum class format { text, json };

// A kind of line: its name and its sentence, in which "{field}" stands for a field's
// value. Its fields are those the sentence names and `extra` (names separated by
// spaces), which the text format adds after the sentence as " field=value".
struct event {
    std::string_view name;
    level severity;
    std::string_view text;
    std::string_view extra = {};
};

// The names of an event's fields: the sentence's, in order, then the extra ones.
std::vector<std::string> field_names(const event& e);

// A field's value: an integer, a number, a boolean or a text. A duration becomes its
// number of seconds. The text is not copied: a field lives for the call that logs it.
class value {
public:
    template <std::integral T>
        requires(!std::same_as<T, bool> && !std::same_as<T, char>)
    value(T v) {  // NOLINT(google-explicit-constructor): fields are written {"name", 3}
        if constexpr (std::signed_integral<T>) v_ = static_cast<std::int64_t>(v);
        else v_ = static_cast<std::uint64_t>(v);
    }
    value(bool b) : v_(b) {}
    value(double d) : v_(d) {}
    template <class Rep, class Period>
    value(std::chrono::duration<Rep, Period> d) : v_(std::chrono::duration<double>(d).count()) {}
    value(std::string_view s) : v_(s) {}
    value(const char* s) : v_(std::string_view(s)) {}
    value(const std::string& s) : v_(std::string_view(s)) {}

    using variant = std::variant<std::int64_t, std::uint64_t, double, bool, std::string_view>;
    const variant& get() const noexcept { return v_; }

private:
    variant v_;
};

struct field {
    std::string_view key;
    value v;
};
using fields = std::initializer_list<field>;

// Writes one line for e at its level (a debug event only if debug lines are on).
void write(const event& e, fields f = {});

// The output format (text until set); set it before the network threads start.
void set_format(format f);
// Debug lines (what went wrong on one connection, for instance) are dropped unless
// turned on, by --verbose. Turn them on before the network threads start.
void enable_debug(bool on);
bool debug_enabled();

// One line, with its '\n', as write() puts it out (for the tests).
std::string render(format f, std::chrono::system_clock::time_point at, const event& e, fields f_);
// The event's sentence with its fields in it (the text line without time and level;
// the JSON's "message").
std::string sentence(const event& e, fields f);

// At most one line per key (an address and a limit, say) per window, so that a flood
// does not flood the log: admit() says whether to log now, and if so how many lines
// were held back for that key since the last one. Remembers at most max_keys keys
// (forgetting those whose window has passed, then, if need be, all). Thread-safe.
class throttle {
public:
    using clock = std::chrono::steady_clock;
    explicit throttle(clock::duration window, std::size_t max_keys = 10000) : window_(window), max_keys_(max_keys) {}

    // nullopt: hold this line back; otherwise the count of lines held back before it.
    std::optional<std::uint64_t> admit(const std::string& key, clock::time_point now = clock::now());

private:
    struct entry {
        clock::time_point logged;
        std::uint64_t held = 0;
    };
    const clock::duration window_;
    const std::size_t max_keys_;
    std::mutex mutex_;
    std::unordered_map<std::string, entry> keys_;
};

}  // namespace samskab::server::log
