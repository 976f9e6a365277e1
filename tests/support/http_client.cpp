// The test HTTP client (see http_client.hpp).
#include "support/http_client.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>

#include <algorithm>
#include <array>
#include <functional>
#include <stdexcept>

namespace samskab::testing {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http_ns = beast::http;

namespace {

http_reply to_reply(const http_ns::response<http_ns::string_body>& res) {
    http_reply out;
    out.status = static_cast<int>(res.result_int());
    for (const auto& f : res) {
        std::string name(f.name_string());
        std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
        out.headers[name] = std::string(f.value());
    }
    out.body = res.body();
    return out;
}

}  // namespace

http_reply http(std::uint16_t port, const std::string& method, const std::string& target, const std::string& body,
                const std::map<std::string, std::string>& headers) {
    asio::io_context ioc;
    beast::tcp_stream stream(ioc);
    http_ns::request<http_ns::string_body> req{http_ns::string_to_verb(method), target, 11};
    req.set(http_ns::field::host, "127.0.0.1:" + std::to_string(port));
    for (const auto& [k, v] : headers) req.set(k, v);
    req.body() = body;
    if (!body.empty() || method == "POST") req.prepare_payload();

    beast::flat_buffer buffer;
    http_ns::response_parser<http_ns::string_body> parser;
    parser.body_limit(16 * 1024 * 1024);
    if (method == "HEAD") parser.skip(true);
    beast::error_code result = asio::error::timed_out;
    stream.expires_after(std::chrono::seconds(10));
    stream.async_connect(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), port), [&](beast::error_code ec) {
        if (ec) return void(result = ec);
        http_ns::async_write(stream, req, [&](beast::error_code ec2, std::size_t) {
            if (ec2) return void(result = ec2);
            http_ns::async_read(stream, buffer, parser, [&](beast::error_code ec3, std::size_t) { result = ec3; });
        });
    });
    ioc.run();
    if (result) throw std::runtime_error("HTTP " + method + " " + target + ": " + result.message());

    return to_reply(parser.get());
}

raw_reply http_raw_exchange(std::uint16_t port, const std::string& bytes, std::chrono::milliseconds timeout) {
    asio::io_context ioc;
    beast::tcp_stream stream(ioc);
    raw_reply out;
    std::array<char, 4096> chunk;
    beast::error_code failure;
    std::function<void()> read_more = [&] {
        stream.async_read_some(asio::buffer(chunk), [&](beast::error_code ec, std::size_t n) {
            out.bytes.append(chunk.data(), n);
            if (ec == asio::error::eof || ec == asio::error::connection_reset) return void(out.closed = true);
            if (ec == beast::error::timeout) return;
            if (ec) return void(failure = ec);
            read_more();
        });
    };
    stream.expires_after(timeout);
    stream.async_connect(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), port), [&](beast::error_code ec) {
        if (ec) return void(failure = ec);
        asio::async_write(stream, asio::buffer(bytes), [&](beast::error_code ec2, std::size_t) {
            // The server may answer and close before it has read everything sent.
            if (ec2 && ec2 != asio::error::connection_reset && ec2 != asio::error::broken_pipe)
                return void(failure = ec2);
        });
        read_more();
    });
    ioc.run();
    if (failure) throw std::runtime_error("raw HTTP: " + failure.message());
    return out;
}

std::string http_raw(std::uint16_t port, const std::string& bytes, std::chrono::milliseconds timeout) {
    return http_raw_exchange(port, bytes, timeout).bytes;
}

std::vector<http_reply> parse_responses(const std::string& raw) {
    std::vector<http_reply> out;
    std::size_t at = 0;
    while (at < raw.size()) {
        http_ns::response_parser<http_ns::string_body> parser;
        parser.eager(true);
        beast::error_code ec;
        const std::size_t used = parser.put(asio::buffer(raw.data() + at, raw.size() - at), ec);
        if (ec || !parser.is_done()) break;
        at += used;
        out.push_back(to_reply(parser.get()));
    }
    return out;
}

http_reply create_session(std::uint16_t port, const std::string& json_body) {
    return http(port, "POST", "/api/sessions", json_body, {{"Content-Type", "application/json"}});
}

}  // namespace samskab::testing
