// String forms of the domain enumerations, as they appear on the wire and on disk.
#include "domain/types.hpp"

namespace samskab::domain {

std::string_view to_string(role r) {
    switch (r) {
    case role::facilitator: return "facilitator";
    case role::participant: return "participant";
    }
    return "participant";
}

std::optional<role> role_from_string(std::string_view s) {
    if (s == "facilitator") return role::facilitator;
    if (s == "participant") return role::participant;
    return std::nullopt;
}

std::string_view to_string(session_status s) {
    return s == session_status::open ? "open" : "closed";
}

std::optional<session_status> session_status_from_string(std::string_view s) {
    if (s == "open") return session_status::open;
    if (s == "closed") return session_status::closed;
    return std::nullopt;
}

}  // namespace samskab::domain
