// Errors as clients read them, counted (see error_text.hpp).
#include "net/error_text.hpp"

#include "net/metrics.hpp"
#include "protocol/encoder.hpp"

namespace samskab::server {

std::string ws_error_text(std::string_view ref, const domain::error& e, const domain::workshop* w,
                          const domain::viewer* to) {
    metrics::error_sent(e.code, metrics::transport::websocket);
    return protocol::encode_error(ref, e, w, to);
}

std::string http_error_text(const domain::error& e) {
    metrics::error_sent(e.code, metrics::transport::http);
    return protocol::encode_http_error(e);
}

}  // namespace samskab::server
