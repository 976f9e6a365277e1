// A minimal HTTP/1.1 client for tests: one request per connection, with a timeout.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace samskab::testing {

struct http_reply {
    int status = 0;
    std::map<std::string, std::string> headers;  // names in lower case
    std::string body;
};

// Sends one request to 127.0.0.1:port. Throws on a network error or after 10 s.
http_reply http(std::uint16_t port, const std::string& method, const std::string& target, const std::string& body = "",
                const std::map<std::string, std::string>& headers = {});

// What a raw exchange read back, and whether the server closed the connection (end of
// stream or a reset) before the timeout.
struct raw_reply {
    std::string bytes;
    bool closed = false;
};

// Sends `bytes` as they are (no checks, no framing) to 127.0.0.1:port, then reads
// until the server closes the connection or `timeout` passes, and returns everything
// read. For requests a well-behaved client cannot send: bad paths, smuggling.
// Throws on a connection error.
raw_reply http_raw_exchange(std::uint16_t port, const std::string& bytes,
                            std::chrono::milliseconds timeout = std::chrono::seconds(10));

// The same, for when only the bytes matter.
std::string http_raw(std::uint16_t port, const std::string& bytes,
                     std::chrono::milliseconds timeout = std::chrono::seconds(10));

// The responses in raw bytes read from one connection (their bodies framed by
// Content-Length; a response without one ends the list).
std::vector<http_reply> parse_responses(const std::string& raw);

// POST /api/sessions with a JSON body.
http_reply create_session(std::uint16_t port, const std::string& json_body);

}  // namespace samskab::testing
