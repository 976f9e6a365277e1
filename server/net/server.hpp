// server: the whole of Samskab in one process. Opens the database, loads every
// session, listens, runs the network threads, and shuts down in order on SIGINT or
// SIGTERM: stop accepting, commit what is pending, deliver the answers, close every
// client with 1001, exit.
#pragma once

#include "net/config.hpp"

namespace samskab::server {

// Runs the server until it is stopped. Returns the process exit code: 0 after a
// clean shutdown, 1 if it could not start (the reason is logged).
int run_server(const config& cfg);

}  // namespace samskab::server
