// request_framing: the checks that keep where a request ends unambiguous, so that no
// proxy in front of the server can read one request where the server reads two
// (request smuggling, RFC 9112 §6.3 and §11.2). Beast's parser reads the rest; these
// refuse what it would accept but another parser might read differently. No I/O: the
// session hands in bytes and a parsed header.
//
// Threading: plain functions of their arguments.
#pragma once

#include <boost/beast/http/message.hpp>

#include <cstddef>
#include <string_view>

namespace samskab::server {

// What the bytes at the start of a request say about its head (request line and fields).
struct head_scan {
    enum class verdict { incomplete, complete, malformed };
    verdict result = verdict::incomplete;
    std::size_t size = 0;      // complete: the head's length, up to and with its empty line
    std::size_t resume = 0;    // incomplete: where to scan the same bytes from once more arrive
    std::string_view reason;   // malformed: why, for the client
};

// Finds the end of the request head that `bytes` start with, scanning from `from` (0,
// or the `resume` of an earlier scan of the same bytes, fewer then). Malformed: a CR
// or LF that is not part of a CRLF (a bare LF ends a line for some parsers and not for
// others), or a line that starts with a space or a tab (obs-fold, or whitespace before
// the first field: a continuation for one parser, a field of its own for another).
// Incomplete until the empty line arrives.
head_scan scan_request_head(std::string_view bytes, std::size_t from = 0);

// Why the parsed header's framing must be refused, or an empty view if it is sound:
// Transfer-Encoding (all its lines taken as one list) must be exactly `chunked`, the
// only coding the server implements, on HTTP/1.1, and the parser must have taken the
// body as chunked (`chunked`: its chunked()); Content-Length must be one field with one
// number. Beast itself refuses the two together and numbers that are not numbers.
std::string_view framing_error(const boost::beast::http::request_header<>& header, bool chunked);

}  // namespace samskab::server
