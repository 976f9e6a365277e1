// Request smuggling against the real server: requests whose framing two HTTP parsers
// could read differently (RFC 9112 §6.3 and §11.2: Transfer-Encoding that does not end
// in one `chunked`, Content-Length beside it or twice, bad chunk sizes, bare LF,
// obs-fold, whitespace before a colon) get one error response and a closed connection.
// Each carries a second request, GET /healthz, where a parser that misread the framing
// would find it: it must never be answered.
#include "live_server.hpp"

#include <optional>

using namespace samskab::testing;

namespace {

// The request a misreading parser would find after the first one.
const std::string smuggled = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";

// GET /healthz with `fields` (each ending in CRLF) and then `body`, as HTTP/`version`.
std::string request(const std::string& fields, const std::string& body, const std::string& version = "1.1") {
    return "GET /healthz HTTP/" + version + "\r\nHost: 127.0.0.1\r\n" + fields + "\r\n" + body;
}

std::string with_te(const std::string& te, const std::string& body) {
    return request("Transfer-Encoding: " + te + "\r\n", body);
}

std::string chunked(const std::string& chunks) { return request("Transfer-Encoding: chunked\r\n", chunks); }

struct row {
    const char* what;
    std::string bytes;
    int status;
};

// Sends bytes on a connection of their own; checks that the server answered once and
// closed the connection, and returns the answer.
std::optional<http_reply> only_answer(std::uint16_t port, const std::string& bytes) {
    const auto reply = http_raw_exchange(port, bytes, std::chrono::seconds(5));
    const auto responses = parse_responses(reply.bytes);
    CHECK(reply.closed);
    CHECK(responses.size() == 1);  // a request after it, smuggled or not, is never answered
    if (responses.empty()) return std::nullopt;
    return responses[0];
}

}  // namespace

TEST_CASE("requests with ambiguous framing get one 400 and a closed connection (smuggling)", "[integration]") {
    live_server s;
    // The body after an ignored Transfer-Encoding is read as the next request; after one
    // taken for chunked, an empty chunked body comes first.
    const std::string empty_chunks = "0\r\n\r\n" + smuggled;
    const std::vector<row> rows = {
        // Transfer-Encoding whose final coding is not one `chunked` (defect 5).
        {"an unknown coding", with_te("xchunked", smuggled), 400},
        {"identity", with_te("identity", smuggled), 400},
        {"gzip", with_te("gzip", smuggled), 400},
        {"chunked, then another coding", with_te("chunked, identity", smuggled), 400},
        {"another coding, then chunked", with_te("gzip, chunked", empty_chunks), 400},
        {"chunked twice in one line", with_te("chunked, chunked", smuggled), 400},
        {"chunked twice, upper and lower case", with_te("chunked,CHUNKED", smuggled), 400},
        {"an empty Transfer-Encoding", request("Transfer-Encoding: \r\n", smuggled), 400},
        {"a quoted chunked", with_te("\"chunked\"", smuggled), 400},
        {"chunked with a parameter", with_te("chunked;q=1", smuggled), 400},
        {"chunk, not chunked", with_te("chunk", smuggled), 400},
        {"two lines, the last chunked",
         request("Transfer-Encoding: identity\r\nTransfer-Encoding: chunked\r\n", empty_chunks), 400},
        {"two lines, the first chunked",
         request("Transfer-Encoding: chunked\r\nTransfer-Encoding: identity\r\n", smuggled), 400},
        {"two lines, chunked in each", request("Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n", smuggled),
         400},
        {"Transfer-Encoding on HTTP/1.0",
         request("Connection: keep-alive\r\nTransfer-Encoding: chunked\r\n", empty_chunks, "1.0"), 400},
        {"a vertical tab after chunked", with_te("chunked\x0b", smuggled), 400},
        {"obs-fold in Transfer-Encoding", request("Transfer-Encoding: identity\r\n chunked\r\n", empty_chunks), 400},

        // Content-Length beside Transfer-Encoding, or not one plain number.
        {"Content-Length, then Transfer-Encoding",
         request("Content-Length: 5\r\nTransfer-Encoding: chunked\r\n", empty_chunks), 400},
        {"Transfer-Encoding, then Content-Length",
         request("Transfer-Encoding: chunked\r\nContent-Length: 5\r\n", empty_chunks), 400},
        {"two different Content-Lengths", request("Content-Length: 0\r\nContent-Length: 5\r\n", smuggled), 400},
        {"a Content-Length list of different values", request("Content-Length: 0, 5\r\n", smuggled), 400},
        {"a Content-Length list of equal values", request("Content-Length: 5, 5\r\n", "hello" + smuggled), 400},
        {"the same Content-Length twice", request("Content-Length: 5\r\nContent-Length: 5\r\n", "hello" + smuggled),
         400},
        {"a signed Content-Length", request("Content-Length: +5\r\n", "hello" + smuggled), 400},
        {"a negative Content-Length", request("Content-Length: -5\r\n", "hello" + smuggled), 400},
        {"a hexadecimal Content-Length", request("Content-Length: 0x5\r\n", "hello" + smuggled), 400},
        {"an overflowing Content-Length", request("Content-Length: 99999999999999999999999\r\n", smuggled), 400},
        {"an empty Content-Length", request("Content-Length: \r\n", smuggled), 400},

        // Chunk sizes and chunk framing.
        {"a chunk size that is not hex", chunked("g\r\nhello\r\n0\r\n\r\n" + smuggled), 400},
        {"a negative chunk size", chunked("-5\r\nhello\r\n0\r\n\r\n" + smuggled), 400},
        {"a chunk size with 0x", chunked("0x5\r\nhello\r\n0\r\n\r\n" + smuggled), 400},
        {"a chunk size with junk after it", chunked("5x\r\nhello\r\n0\r\n\r\n" + smuggled), 400},
        {"a chunk size with a space inside", chunked("5 5\r\nhello\r\n0\r\n\r\n" + smuggled), 400},
        {"an overflowing chunk size", chunked("10000000000000005\r\nhello\r\n0\r\n\r\n" + smuggled), 400},
        {"a chunk longer than its size", chunked("3\r\nhello\r\n0\r\n\r\n" + smuggled), 400},
        {"a chunk without its CRLF", chunked("5\r\nhello0\r\n\r\n" + smuggled), 400},
        {"chunk lines ending in a bare LF", chunked("5\nhello\n0\n\n" + smuggled), 400},

        // Line endings and field syntax.
        {"a request ending its lines in bare LF",
         "GET /healthz HTTP/1.1\nHost: 127.0.0.1\nTransfer-Encoding: chunked\n\n0\n\n" + smuggled, 400},
        {"one field line ending in a bare LF", request("X-A: a\nTransfer-Encoding: chunked\r\n", empty_chunks), 400},
        {"obs-fold in another field", request("X-A: a\r\n b\r\n", smuggled), 400},
        {"a space before the colon", request("Transfer-Encoding : chunked\r\n", empty_chunks), 400},
        {"a tab before the colon", request("Transfer-Encoding\t: chunked\r\n", empty_chunks), 400},
        {"whitespace before the first field",
         "GET /healthz HTTP/1.1\r\n Transfer-Encoding: chunked\r\nHost: 127.0.0.1\r\n\r\n" + empty_chunks, 400},
        {"a field name without a colon", request("Transfer-Encoding chunked\r\n", empty_chunks), 400},
        {"a NUL in a field value", request(std::string("X-A: a\0b\r\n", 11), smuggled), 400},
        {"a CR alone inside a field value", request("X-A: a\rTransfer-Encoding: chunked\r\n", empty_chunks), 400},
        {"junk after the HTTP version", "GET /healthz HTTP/1.1 x\r\nHost: 127.0.0.1\r\n\r\n" + smuggled, 400},
    };
    for (const auto& r : rows) {
        INFO(r.what);
        auto answer = only_answer(s.port(), r.bytes);
        if (!answer) continue;
        CHECK(answer->status == r.status);
        CHECK(answer->headers["connection"] == "close");
        CHECK(answer->body.find("\"invalid_field\"") != std::string::npos);
    }
}

TEST_CASE("requests framed as RFC 9112 allows are served", "[integration]") {
    live_server s;
    // Each asks to close after it, so what follows it is never read.
    const std::vector<row> rows = {
        {"chunked", request("Transfer-Encoding: chunked\r\nConnection: close\r\n", "5\r\nhello\r\n0\r\n\r\n"), 200},
        {"chunked in capitals, with tabs around it",
         request("Transfer-Encoding:\tCHUNKED\t\r\nConnection: close\r\n", "5\r\nhello\r\n0\r\n\r\n"), 200},
        {"chunk extensions and a trailer",
         request("Transfer-Encoding: chunked\r\nConnection: close\r\n", "5;a=b\r\nhello\r\n0\r\nX-T: 1\r\n\r\n"), 200},
        {"Content-Length", request("Content-Length: 5\r\nConnection: close\r\n", "hello"), 200},
        {"Content-Length with leading zeros", request("Content-Length: 005\r\nConnection: close\r\n", "hello"), 200},
    };
    for (const auto& r : rows) {
        INFO(r.what);
        const auto answer = only_answer(s.port(), r.bytes + smuggled);
        if (answer) CHECK(answer->status == r.status);
    }
}
