// Tests of the request framing checks, with plain strings (the integration test
// tests/integration/http_parsing_test.cpp sends the same kinds of request to the
// real server).
#include "net/request_framing.hpp"

#include <boost/asio/buffer.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/parser.hpp>

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace samskab::server;
namespace http = boost::beast::http;
using verdict = head_scan::verdict;

namespace {

// Scans bytes the way a session receiving them `step` bytes at a time does.
head_scan scan_in_steps(const std::string& bytes, std::size_t step) {
    head_scan scan;
    for (std::size_t have = std::min(step, bytes.size());; have = std::min(have + step, bytes.size())) {
        scan = scan_request_head(std::string_view(bytes).substr(0, have), scan.resume);
        if (scan.result != verdict::incomplete || have == bytes.size()) return scan;
    }
}

// What framing_error says of the head, parsed by Beast as the server parses it.
std::string framing_of(const std::string& head) {
    http::request_parser<http::empty_body> p;
    boost::beast::error_code ec;
    p.put(boost::asio::buffer(head), ec);
    REQUIRE_FALSE(ec);
    REQUIRE(p.is_header_done());
    return std::string(framing_error(p.get(), p.chunked()));
}

}  // namespace

TEST_CASE("a request head ends at its empty line, bare CR, bare LF and obs-fold are malformed", "[server]") {
    struct row {
        std::string bytes;
        verdict result;
        std::size_t size;
    };
    const std::string head = "GET / HTTP/1.1\r\nHost: a\r\n\r\n";
    const std::vector<row> rows = {
        {head, verdict::complete, head.size()},
        {head + "body", verdict::complete, head.size()},
        {"GET / HTTP/1.1\r\nHost: a\r\n\r", verdict::incomplete, 0},
        {"GET / HTTP/1.1\r\nHost: a\r\n", verdict::incomplete, 0},
        {"GET / HTTP/1.1\r\nHost: a", verdict::incomplete, 0},
        {"", verdict::incomplete, 0},
        {"GET / HTTP/1.1\nHost: a\n\n", verdict::malformed, 0},
        {"GET / HTTP/1.1\r\nHost: a\n\r\n", verdict::malformed, 0},
        {"GET / HTTP/1.1\r\nHost: a\r\r\n\r\n", verdict::malformed, 0},
        {"GET / HTTP/1.1\r\nHost: a\r\n\rx", verdict::malformed, 0},
        {"GET / HTTP/1.1\r\nX: a\r\n b\r\n\r\n", verdict::malformed, 0},
        {"GET / HTTP/1.1\r\nX: a\r\n\tb\r\n\r\n", verdict::malformed, 0},
        {"GET / HTTP/1.1\r\n Host: a\r\n\r\n", verdict::malformed, 0},
    };
    for (const auto& r : rows) {
        for (std::size_t step : {std::size_t{1}, std::size_t{2}, std::size_t{3}, r.bytes.size() + 1}) {
            INFO(r.bytes << " in steps of " << step);
            const auto scan = scan_in_steps(r.bytes, step);
            CHECK(scan.result == r.result);
            CHECK(scan.size == r.size);
            CHECK(scan.reason.empty() == (r.result != verdict::malformed));
        }
    }
}

TEST_CASE("Transfer-Encoding must be one chunked on HTTP/1.1, Content-Length one number", "[server]") {
    struct row {
        std::string fields;
        bool sound;
    };
    const std::vector<row> rows = {
        {"", true},
        {"Transfer-Encoding: chunked\r\n", true},
        {"Transfer-Encoding: CHUNKED\r\n", true},
        {"Transfer-Encoding:\tChunked \r\n", true},
        {"Content-Length: 5\r\n", true},
        {"Content-Length: 005\r\n", true},
        {"Transfer-Encoding: identity\r\n", false},
        {"Transfer-Encoding: xchunked\r\n", false},
        {"Transfer-Encoding: gzip, chunked\r\n", false},
        {"Transfer-Encoding: chunked, identity\r\n", false},
        {"Transfer-Encoding: chunked, chunked\r\n", false},
        {"Transfer-Encoding: chunked,\r\n", false},
        {"Transfer-Encoding: , chunked\r\n", false},
        {"Transfer-Encoding: \r\n", false},
        {"Transfer-Encoding: \"chunked\"\r\n", false},
        {"Transfer-Encoding: chunked;a=b\r\n", false},
        {"Transfer-Encoding: identity\r\nTransfer-Encoding: chunked\r\n", false},
        {"Transfer-Encoding: gzip\r\nTransfer-Encoding: gzip\r\n", false},
        {"Content-Length: 5, 5\r\n", false},
        {"Content-Length: 5\r\nContent-Length: 5\r\n", false},
    };
    for (const auto& r : rows) {
        INFO(r.fields);
        CHECK(framing_of("POST / HTTP/1.1\r\nHost: a\r\n" + r.fields + "\r\n").empty() == r.sound);
    }
    CHECK_FALSE(framing_of("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n").empty());
    CHECK(framing_of("POST / HTTP/1.0\r\nContent-Length: 5\r\n\r\n").empty());
}
