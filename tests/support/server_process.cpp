// Starting and stopping the server under test (see server_process.hpp).
#include "support/server_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <regex>
#include <stdexcept>
#include <utility>

extern char** environ;

namespace samskab::testing {

namespace {

// Starts args (looked up in PATH) with its standard output and error going into a pipe;
// returns its PID and the pipe's read end. Throws if it cannot be started.
std::pair<pid_t, int> spawn(std::vector<std::string> args) {
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[1], STDERR_FILENO);
    posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
    pid_t pid = -1;
    const int rc = ::posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(fds[1]);
    if (rc != 0) {
        ::close(fds[0]);
        throw std::runtime_error("cannot start " + args[0]);
    }
    return {pid, fds[0]};
}

}  // namespace

std::string server_process::binary() { return SAMSKAB_SERVER_PATH; }

server_process::server_process(options opts) {
    std::vector<std::string> args = opts.wrapper;
    args.insert(args.end(), {binary(), "--bind", "127.0.0.1", "--port", std::to_string(opts.port), "--db", opts.db});
    if (!opts.web_root.empty()) args.insert(args.end(), {"--web-root", opts.web_root});
    args.insert(args.end(), opts.extra_args.begin(), opts.extra_args.end());
    const auto [pid, fd] = spawn(args);
    pid_ = pid;
    reader_ = std::thread([this, fd = fd] { read_log(fd); });

    static const std::regex ready(R"(listening on http://127\.0\.0\.1:(\d+))");
    std::unique_lock lock(mutex_);
    std::smatch m;
    const bool ok = changed_.wait_for(lock, std::chrono::seconds(15), [&] {
        return std::regex_search(log_, m, ready) || log_closed_;
    });
    if (!ok || log_closed_) {
        lock.unlock();
        kill();
        // The reader ends with the pipe; a thread left joinable would end the program.
        if (reader_.joinable()) reader_.join();
        throw std::runtime_error("the server did not start; its log:\n" + log_);
    }
    port_ = static_cast<std::uint16_t>(std::stoi(m[1].str()));
}

server_process::~server_process() {
    if (pid_ > 0) kill();
    if (reader_.joinable()) reader_.join();
}

void server_process::read_log(int fd) {
    char buf[4096];
    for (;;) {
        const ssize_t n = ::read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        std::lock_guard lock(mutex_);
        if (n <= 0) {
            log_closed_ = true;
            changed_.notify_all();
            break;
        }
        log_.append(buf, static_cast<std::size_t>(n));
        changed_.notify_all();
    }
    ::close(fd);
}

std::optional<int> server_process::wait_exit(std::chrono::milliseconds timeout) {
    const auto until = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        int status = 0;
        const pid_t r = ::waitpid(pid_, &status, WNOHANG);
        if (r == pid_) {
            pid_ = -1;
            if (WIFEXITED(status)) return WEXITSTATUS(status);
            return 128 + WTERMSIG(status);
        }
        if (std::chrono::steady_clock::now() >= until) return std::nullopt;
        // The log pipe closes when the process exits: wait on that; once it has
        // closed, poll for the exit status the kernel is about to report.
        std::unique_lock lock(mutex_);
        if (!changed_.wait_for(lock, std::chrono::milliseconds(20), [&] { return log_closed_; })) continue;
        lock.unlock();
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
}

std::optional<int> server_process::stop(std::chrono::milliseconds timeout) {
    if (pid_ <= 0) return std::nullopt;
    ::kill(pid_, SIGTERM);
    auto status = wait_exit(timeout);
    if (!status) kill();
    if (reader_.joinable()) reader_.join();
    return status;
}

void server_process::kill() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGKILL);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
}

std::string server_process::log() const {
    std::lock_guard lock(mutex_);
    return log_;
}

run_result run_binary(const std::vector<std::string>& args, std::chrono::seconds timeout) {
    std::vector<std::string> all = {server_process::binary()};
    all.insert(all.end(), args.begin(), args.end());
    return run_command(all, timeout);
}

run_result run_command(const std::vector<std::string>& all, std::chrono::seconds timeout) {
    const auto [pid, fd] = spawn(all);
    run_result out;
    // Read until the pipe closes (the process exited) or the time is up.
    const auto until = std::chrono::steady_clock::now() + timeout;
    char buf[4096];
    bool timed_out = false;
    for (;;) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - std::chrono::steady_clock::now());
        if (left.count() <= 0) {
            timed_out = true;
            break;
        }
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) continue;
        const ssize_t n = ::read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        out.output.append(buf, static_cast<std::size_t>(n));
    }
    ::close(fd);
    int status = 0;
    if (timed_out) {
        ::kill(pid, SIGKILL);
        ::waitpid(pid, &status, 0);
        return out;
    }
    ::waitpid(pid, &status, 0);  // its output ended: it is exiting
    out.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return out;
}

}  // namespace samskab::testing
