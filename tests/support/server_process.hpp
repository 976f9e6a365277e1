// server_process: the real samskab-server binary, started for a test on 127.0.0.1
// with a port the system picks (or a given one) and a database of the test's own.
// The constructor returns once the server has logged "listening on"; the destructor
// kills it if it still runs. Stops and kills go to the child's PID only.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <sys/types.h>

namespace samskab::testing {

class server_process {
public:
    struct options {
        std::string db;
        std::uint16_t port = 0;
        std::string web_root;  // empty: the server's default
        std::vector<std::string> extra_args;
        // A command that runs the server, e.g. {"prlimit", "--nofile=64:64", "--"}: the
        // server's arguments follow it. Its process must exec the server (same PID).
        std::vector<std::string> wrapper;
    };

    // Starts the server; throws std::runtime_error if it does not get ready within
    // 15 seconds (the message holds its log).
    explicit server_process(options opts);
    ~server_process();
    server_process(const server_process&) = delete;
    server_process& operator=(const server_process&) = delete;

    std::uint16_t port() const { return port_; }
    pid_t pid() const { return pid_; }

    // Sends SIGTERM and waits for the exit. Returns the exit status, or nullopt if it
    // did not exit within timeout (it is then killed).
    std::optional<int> stop(std::chrono::milliseconds timeout = std::chrono::seconds(10));
    // SIGKILL, and wait.
    void kill();

    // Everything the server has logged so far.
    std::string log() const;

    // The path of the binary under test.
    static std::string binary();

private:
    void read_log(int fd);
    std::optional<int> wait_exit(std::chrono::milliseconds timeout);

    pid_t pid_ = -1;
    std::uint16_t port_ = 0;
    mutable std::mutex mutex_;
    std::condition_variable changed_;
    std::string log_;
    bool log_closed_ = false;
    std::thread reader_;
};

// The outcome of running the server binary in one of its one-shot modes.
struct run_result {
    int exit_code = -1;  // -1: did not finish in time (it was killed)
    std::string output;  // standard output and error together
};

// Runs the server binary with args and waits for it (at most `timeout`).
run_result run_binary(const std::vector<std::string>& args, std::chrono::seconds timeout = std::chrono::seconds(60));
// Runs a program (args[0], looked up in PATH) with the rest of args and waits for it.
run_result run_command(const std::vector<std::string>& args, std::chrono::seconds timeout = std::chrono::seconds(60));

}  // namespace samskab::testing
