// A minimal HTTP/1.1 client for tests: one request per connection, with a timeout.
#pragma once

#include <cstdint>
#include <map>
#include <string>

namespace samskab::testing {

struct http_reply {
    int status = 0;
    std::map<std::string, std::string> headers;  // names in lower case
    std::string body;
};

// Sends one request to 127.0.0.1:port. Throws on a network error or after 10 s.
http_reply http(std::uint16_t port, const std::string& method, const std::string& target, const std::string& body = "",
                const std::map<std::string, std::string>& headers = {});

// POST /api/sessions with a JSON body.
http_reply create_session(std::uint16_t port, const std::string& json_body);

}  // namespace samskab::testing
