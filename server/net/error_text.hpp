// The one way server/net turns an error into what a client reads, so that every error
// sent is counted (samskab_errors_total, metrics.hpp). tests/check_layers.cmake refuses a
// call of protocol's error encoders anywhere else in server/net.
#pragma once

#include "domain/error.hpp"
#include "domain/visibility.hpp"
#include "domain/workshop.hpp"

#include <string>
#include <string_view>

namespace samskab::server {

// A WebSocket `error` message answering ref (protocol::encode_error).
std::string ws_error_text(std::string_view ref, const domain::error& e, const domain::workshop* w = nullptr,
                          const domain::viewer* to = nullptr);

// An HTTP error response's body (protocol::encode_http_error).
std::string http_error_text(const domain::error& e);

}  // namespace samskab::server
