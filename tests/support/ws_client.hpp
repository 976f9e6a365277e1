// ws_client: a real WebSocket client for tests, on Beast. A thread of its own reads
// continuously into an inbox, so a test can wait for the next message with a timeout,
// or check that none arrives, without breaking the connection.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/websocket/stream.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace samskab::testing {

using namespace std::chrono_literals;

class ws_client {
public:
    // Connects to ws://127.0.0.1:port/ws, with extra headers in the upgrade request if
    // given. Throws on failure (a refused upgrade included).
    explicit ws_client(std::uint16_t port, const std::map<std::string, std::string>& headers = {});
    ~ws_client();
    ws_client(const ws_client&) = delete;
    ws_client& operator=(const ws_client&) = delete;

    void send(std::string text);
    void send(const nlohmann::json& j) { send(j.dump()); }
    void send_binary(std::string data);
    // Starts the closing handshake with code 1000.
    void close();

    // The next message, or nullopt if none arrives within timeout.
    std::optional<std::string> next(std::chrono::milliseconds timeout = 5s);
    // The next message as JSON; throws if none arrives or it is not JSON.
    nlohmann::json next_json(std::chrono::milliseconds timeout = 5s);
    // Messages until one with the given type (returned); the others are dropped.
    nlohmann::json next_of_type(const std::string& type, std::chrono::milliseconds timeout = 5s);

    // The close code the server sent, once the connection has closed; nullopt if it
    // has not closed within timeout.
    std::optional<int> wait_closed(std::chrono::milliseconds timeout = 5s);
    // The reason the server sent with its close ("" before it closed, or if it gave none).
    std::string close_reason();

    // Joins with a name; returns the welcome (the snapshot is left in the inbox).
    nlohmann::json join_name(const std::string& code, const std::string& name);
    nlohmann::json join_token(const std::string& code, const std::string& token, std::optional<std::int64_t> since = {});

private:
    void do_read();
    void do_write();

    boost::asio::io_context ioc_;
    boost::beast::websocket::stream<boost::beast::tcp_stream> ws_;
    boost::beast::flat_buffer buffer_;
    std::deque<std::pair<bool, std::string>> outbox_;  // (text, data)
    bool writing_ = false;

    std::mutex mutex_;
    std::condition_variable changed_;
    std::deque<std::string> inbox_;
    bool closed_ = false;
    int close_code_ = 0;
    std::string close_reason_;
    std::thread thread_;
};

}  // namespace samskab::testing
