// The test WebSocket client (see ws_client.hpp).
#include "support/ws_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core/buffers_to_string.hpp>

#include <stdexcept>

namespace samskab::testing {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;

ws_client::ws_client(std::uint16_t port, const std::map<std::string, std::string>& headers) : ws_(ioc_) {
    asio::ip::tcp::endpoint ep(asio::ip::make_address("127.0.0.1"), port);
    beast::get_lowest_layer(ws_).connect(ep);
    ws_.set_option(websocket::stream_base::decorator([headers](websocket::request_type& req) {
        for (const auto& [k, v] : headers) req.set(k, v);
    }));
    ws_.read_message_max(16 * 1024 * 1024);
    ws_.handshake("127.0.0.1:" + std::to_string(port), "/ws");
    do_read();
    thread_ = std::thread([this] { ioc_.run(); });
}

ws_client::~ws_client() {
    asio::post(ioc_, [this] { beast::get_lowest_layer(ws_).close(); });
    thread_.join();
}

void ws_client::do_read() {
    ws_.async_read(buffer_, [this](beast::error_code ec, std::size_t) {
        std::lock_guard lock(mutex_);
        if (ec) {
            closed_ = true;
            close_code_ = ws_.reason().code;
            close_reason_.assign(ws_.reason().reason.data(), ws_.reason().reason.size());
            changed_.notify_all();
            return;
        }
        inbox_.push_back(beast::buffers_to_string(buffer_.data()));
        buffer_.consume(buffer_.size());
        changed_.notify_all();
        do_read();
    });
}

void ws_client::send(std::string text) {
    asio::post(ioc_, [this, t = std::move(text)]() mutable {
        outbox_.emplace_back(true, std::move(t));
        if (!writing_) do_write();
    });
}

void ws_client::send_binary(std::string data) {
    asio::post(ioc_, [this, d = std::move(data)]() mutable {
        outbox_.emplace_back(false, std::move(d));
        if (!writing_) do_write();
    });
}

void ws_client::do_write() {
    writing_ = true;
    ws_.text(outbox_.front().first);
    ws_.async_write(asio::buffer(outbox_.front().second), [this](beast::error_code ec, std::size_t) {
        writing_ = false;
        outbox_.pop_front();
        if (!ec && !outbox_.empty()) do_write();
    });
}

void ws_client::close() {
    asio::post(ioc_, [this] {
        if (ws_.is_open()) ws_.async_close(websocket::close_code::normal, [](beast::error_code) {});
    });
}

std::optional<std::string> ws_client::next(std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    if (!changed_.wait_for(lock, timeout, [&] { return !inbox_.empty() || closed_; })) return std::nullopt;
    if (inbox_.empty()) return std::nullopt;
    std::string m = std::move(inbox_.front());
    inbox_.pop_front();
    return m;
}

nlohmann::json ws_client::next_json(std::chrono::milliseconds timeout) {
    auto m = next(timeout);
    if (!m) throw std::runtime_error("no message arrived in time");
    return nlohmann::json::parse(*m);
}

nlohmann::json ws_client::next_of_type(const std::string& type, std::chrono::milliseconds timeout) {
    const auto until = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - std::chrono::steady_clock::now());
        auto j = next_json(std::max(left, std::chrono::milliseconds(0)));
        if (j["type"] == type) return j;
    }
}

std::optional<int> ws_client::wait_closed(std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    if (!changed_.wait_for(lock, timeout, [&] { return closed_; })) return std::nullopt;
    return close_code_;
}

std::string ws_client::close_reason() {
    std::lock_guard lock(mutex_);
    return close_reason_;
}

nlohmann::json ws_client::join_name(const std::string& code, const std::string& name) {
    send(nlohmann::json{{"type", "join"}, {"protocol", 1}, {"code", code}, {"name", name}});
    return next_of_type("welcome");
}

nlohmann::json ws_client::join_token(const std::string& code, const std::string& token, std::optional<std::int64_t> since) {
    nlohmann::json j{{"type", "join"}, {"protocol", 1}, {"code", code}, {"token", token}};
    if (since) j["since"] = *since;
    send(j);
    return next_of_type("welcome");
}

}  // namespace samskab::testing
