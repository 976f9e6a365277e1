// The server's log: one line per event on standard error, with a UTC timestamp and a
// level. Thread-safe; a line is never interleaved with another.
//
// Never log a token, a message body or anything else a client sent as a secret: log
// what happened and to which session, not what was said.
#pragma once

#include <string_view>

namespace samskab::server::log {

void info(std::string_view line);
void warn(std::string_view line);
void error(std::string_view line);

// Debug lines (what went wrong on one connection, for instance) are dropped unless
// turned on, by --verbose. Turn them on before the network threads start.
void debug(std::string_view line);
void enable_debug(bool on);
bool debug_enabled();

}  // namespace samskab::server::log
