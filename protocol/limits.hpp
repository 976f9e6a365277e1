// Limits of the wire protocol. Their values come from protocol/limits.json (section
// "protocol"), the one source the web client reads too, as constants in
// samskab::protocol: version (the protocol version clients send in "join"),
// max_message_bytes (larger frames: close 1009), max_json_depth (nesting of objects and
// arrays), max_ref_chars, max_token_chars, max_code_chars, max_http_body_bytes.
// limits_json is the whole file, which the server serves at /protocol/limits.json.
#pragma once

#include "protocol/limit_values.hpp"
#include "protocol/limits_json.hpp"
