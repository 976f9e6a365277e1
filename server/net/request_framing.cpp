// Checks of a request's framing (see request_framing.hpp).
#include "net/request_framing.hpp"

#include <boost/beast/core/string.hpp>

namespace samskab::server {

namespace http = boost::beast::http;
using verdict = head_scan::verdict;

namespace {

std::string_view trim_ows(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

// Why the Transfer-Encoding lines in [first, last) are not exactly one `chunked`.
template <class It>
std::string_view transfer_coding_error(It first, It last) {
    std::size_t codings = 0;
    for (; first != last; ++first) {
        std::string_view list = first->value();
        for (;;) {
            const auto comma = list.find(',');
            const std::string_view coding = trim_ows(list.substr(0, comma));
            if (!boost::beast::iequals(coding, "chunked"))
                return "Transfer-Encoding must be chunked, the only transfer coding the server implements";
            ++codings;
            if (comma == std::string_view::npos) break;
            list.remove_prefix(comma + 1);
        }
    }
    if (codings > 1) return "Transfer-Encoding names chunked more than once";
    return {};
}

}  // namespace

head_scan scan_request_head(std::string_view bytes, std::size_t from) {
    // Invariant: every CR and LF before i belongs to a CRLF that has been checked with
    // the line after it, and `from` is where such a CRLF starts (or 0).
    for (std::size_t i = from; i < bytes.size(); ++i) {
        if (bytes[i] == '\n') return {verdict::malformed, 0, 0, "a line of the request ends in a bare LF"};
        if (bytes[i] != '\r') continue;
        from = i;
        if (i + 1 == bytes.size()) break;
        if (bytes[i + 1] != '\n') return {verdict::malformed, 0, 0, "a CR in the request is not followed by LF"};
        const std::size_t line = i + 2;  // the next line starts here
        if (line == bytes.size()) break;
        if (bytes[line] == ' ' || bytes[line] == '\t')
            return {verdict::malformed, 0, 0, "a line of the request header starts with whitespace (obs-fold)"};
        if (bytes[line] == '\r') {  // the empty line that ends the head, or a bare CR
            if (line + 1 == bytes.size()) break;
            if (bytes[line + 1] == '\n') return {verdict::complete, line + 2, 0, {}};
        }
        i = line - 1;
    }
    return {verdict::incomplete, 0, from, {}};
}

std::string_view framing_error(const http::request_header<>& header, bool chunked) {
    const auto te = header.equal_range(http::field::transfer_encoding);
    if (te.first != te.second) {
        if (header.version() < 11) return "Transfer-Encoding is not allowed on an HTTP/1.0 request";
        if (auto e = transfer_coding_error(te.first, te.second); !e.empty()) return e;
        // Whatever the list says, the parser must read the body the same way.
        if (!chunked) return "Transfer-Encoding must be chunked, the only transfer coding the server implements";
    }
    const auto cl = header.equal_range(http::field::content_length);
    if (cl.first != cl.second && (std::next(cl.first) != cl.second || cl.first->value().find(',') != std::string_view::npos))
        return "Content-Length must be one field with one number";
    return {};
}

}  // namespace samskab::server
