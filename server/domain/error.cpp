// Wire names of the error codes. Keep this table and protocol/PROTOCOL.md in step.
#include "domain/error.hpp"

namespace samskab::domain {

std::string_view to_string(errc code) {
    switch (code) {
    case errc::bad_json: return "bad_json";
    case errc::too_deep: return "too_deep";
    case errc::unknown_type: return "unknown_type";
    case errc::invalid_field: return "invalid_field";
    case errc::too_long: return "too_long";
    case errc::unsupported_protocol: return "unsupported_protocol";
    case errc::not_joined: return "not_joined";
    case errc::already_joined: return "already_joined";
    case errc::session_not_found: return "session_not_found";
    case errc::invalid_token: return "invalid_token";
    case errc::credentials_required: return "credentials_required";
    case errc::forbidden: return "forbidden";
    case errc::session_closed: return "session_closed";
    case errc::idea_not_found: return "idea_not_found";
    case errc::column_not_found: return "column_not_found";
    case errc::stale_version: return "stale_version";
    case errc::column_not_empty: return "column_not_empty";
    case errc::last_column: return "last_column";
    case errc::limit_reached: return "limit_reached";
    case errc::overloaded: return "overloaded";
    case errc::rate_limited: return "rate_limited";
    case errc::storage_unavailable: return "storage_unavailable";
    case errc::not_found: return "not_found";
    case errc::method_not_allowed: return "method_not_allowed";
    case errc::invalid_invite: return "invalid_invite";
    case errc::invite_revoked: return "invite_revoked";
    case errc::participant_removed: return "participant_removed";
    case errc::joining_closed: return "joining_closed";
    case errc::wrong_phase: return "wrong_phase";
    case errc::board_locked: return "board_locked";
    case errc::invalid_state: return "invalid_state";
    case errc::setting_locked: return "setting_locked";
    case errc::over_budget: return "over_budget";
    case errc::over_cap: return "over_cap";
    case errc::voting_closed: return "voting_closed";
    case errc::trial_not_found: return "trial_not_found";
    case errc::comment_not_found: return "comment_not_found";
    case errc::cluster_not_found: return "cluster_not_found";
    case errc::participant_not_found: return "participant_not_found";
    case errc::internal_error: return "internal_error";
    }
    return "internal_error";
}

}  // namespace samskab::domain
