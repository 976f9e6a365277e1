// A session's outcome report over HTTP (see outcome_api.hpp).
#include "net/outcome_api.hpp"

#include "net/error_text.hpp"

#include "net/secrets.hpp"
#include "protocol/history.hpp"
#include "protocol/archive.hpp"
#include "protocol/outcome.hpp"
#include "protocol/workspace_rules.hpp"

#include <boost/asio/post.hpp>

#include <algorithm>
#include <utility>
#include <vector>

namespace samskab::server {

namespace http = boost::beast::http;
using domain::errc;

namespace {

constexpr std::string_view sessions_prefix = "/api/sessions/";
constexpr std::string_view outcome_suffix = "/outcome";
constexpr std::string_view export_infix = "/export/";
constexpr std::string_view history_suffix = "/history";
constexpr std::size_t max_session_id_chars = 64;

// Who may export (PROTOCOL.md, "Exports"): the people who run the session or decide on it.
bool may_export(const protocol::outcome_reader& r) {
    using k = protocol::outcome_reader::kind;
    if (r.by == k::receipt) return false;  // a receipt reads the report, nothing else
    if (r.by == k::workspace) {
        const auto role = domain::workspace_role_from_string(r.role);
        return role && protocol::workspace_may(*role, protocol::workspace_action::export_);
    }
    const auto role = domain::role_from_string(r.role);
    return role && protocol::session_may_export(*role);
}

// Who may have the session archive: those who see the whole session.
bool may_archive(const protocol::outcome_reader& r) {
    using k = protocol::outcome_reader::kind;
    if (r.by == k::receipt) return false;
    if (r.by == k::workspace) {
        const auto role = domain::workspace_role_from_string(r.role);
        return role && protocol::workspace_may(*role, protocol::workspace_action::archive);
    }
    const auto role = domain::role_from_string(r.role);
    return role && protocol::session_may_archive(*role);
}

}  // namespace

outcome_api::outcome_api(registry& sessions, storage::journal& j, address_guard& guard, workspace_api& workspaces,
                         std::shared_ptr<const server_key> key)
    : sessions_(sessions), journal_(j), guard_(guard), workspaces_(workspaces), key_(std::move(key)) {}

bool outcome_api::plausible_session_id(std::string_view id) {
    return !id.empty() && id.size() <= max_session_id_chars && std::all_of(id.begin(), id.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    });
}

// The {id} of /api/sessions/{id}{suffix}.
static std::optional<std::string_view> session_before(std::string_view path, std::string_view suffix) {
    if (!path.starts_with(sessions_prefix) || !path.ends_with(suffix)) return std::nullopt;
    if (path.size() < sessions_prefix.size() + suffix.size()) return std::nullopt;
    const std::string_view id = path.substr(sessions_prefix.size(), path.size() - sessions_prefix.size() - suffix.size());
    if (id.find('/') != std::string_view::npos) return std::nullopt;
    return id;
}

std::optional<std::string_view> outcome_api::session_of(std::string_view path) {
    return session_before(path, outcome_suffix);
}

std::optional<std::string_view> outcome_api::history_of(std::string_view path) {
    return session_before(path, history_suffix);
}

std::optional<outcome_api::export_path> outcome_api::export_of(std::string_view path) {
    if (!path.starts_with(sessions_prefix)) return std::nullopt;
    const std::string_view rest = path.substr(sessions_prefix.size());
    const auto at = rest.find(export_infix);
    if (at == std::string_view::npos) return std::nullopt;
    const std::string_view id = rest.substr(0, at), file = rest.substr(at + export_infix.size());
    if (id.find('/') != std::string_view::npos || file.find('/') != std::string_view::npos) return std::nullopt;
    return export_path{id, file};
}

void outcome_api::handle(http_request&& request, std::string_view session_id, const std::string& address,
                         respond_fn respond, std::optional<protocol::export_kind> kind, asked what) {
    if (request.method() != http::verb::get && request.method() != http::verb::head)
        return respond(not_allowed(request, "GET, HEAD"));
    // Trying tokens and ids is how one would guess them: failures are counted per address.
    if (auto a = guard_.may_attempt(address); !a)
        return respond(too_many(request, a, "too many failed attempts from your address; try again later"));
    const auto token = workspace_api::bearer_token(request);
    if (token && token->empty())
        return respond(workspace_api::credentials_required(
            request, "send a participant's token of the session, or a link of its workspace, as Authorization: Bearer"));

    auto req = std::make_shared<const http_request>(std::move(request));
    // One answer for every miss, so that nothing tells a session that exists from one that does not.
    auto refuse = [this, address, req, respond] {
        guard_.failed(address);
        respond(fail(*req, http::status::forbidden, errc::invalid_token,
                     "this token gives no access to the outcome of this session"));
    };
    auto home = token && plausible_session_id(session_id) ? sessions_.find_by_id(std::string(session_id)) : nullptr;
    if (!home) return refuse();

    auto hash = hash_token(*token);
    home->outcome_for_participant(hash, [this, req, home, hash, respond, refuse, kind,
                                         what](std::optional<room::outcome_draft> d) {
        if (d) return finish(req, std::move(*d), respond, kind, what);
        // Not a participant's: perhaps the session's receipt (compared as hashes, as every token is).
        if (key_ && hash == hash_token(key_->receipt_token(home->id())))
            return home->outcome_for_receipt(
                [this, req, respond, kind, what](std::optional<room::outcome_draft> as_receipt) {
                    finish(req, std::move(*as_receipt), respond, kind, what);
                });
        // Perhaps a link of the session's workspace.
        const std::string workspace = home->info().workspace_id;
        if (workspace.empty()) return refuse();
        workspaces_.find_link(workspace, hash, [this, req, home, respond, refuse, kind, what](
                                                   const storage::status& st, std::optional<domain::workspace>,
                                                   std::optional<domain::workspace_role> role) {
            if (!st.ok())
                return respond(fail(*req, http::status::service_unavailable, errc::storage_unavailable,
                                    "the database could not be read; try again"));
            if (!role) return refuse();
            home->outcome_for_workspace(
                *role, [this, req, respond, kind, what](std::optional<room::outcome_draft> as_link) {
                    finish(req, std::move(*as_link), respond, kind, what);
                });
        });
    });
}

void outcome_api::finish(std::shared_ptr<const http_request> req, room::outcome_draft d, respond_fn respond,
                         std::optional<protocol::export_kind> kind, asked what) {
    if (what == asked::history) return finish_history(std::move(req), std::move(d), std::move(respond));
    if (what == asked::archive) {
        if (!may_archive(d.answer.reader))
            return respond(fail(*req, http::status::forbidden, errc::forbidden,
                                "only the session's facilitators and its workspace's admin link may export the whole "
                                "session"));
        return this->archive(req, d.info.id, respond);
    }
    // A good token, of a reader who may read the report but not export: not a guess.
    if (kind && !may_export(d.answer.reader))
        return respond(fail(*req, http::status::forbidden, errc::forbidden,
                            "only the session's facilitators and managers, and a workspace's admin, facilitator or "
                            "manager link, may export this session"));
    auto draft = std::make_shared<room::outcome_draft>(std::move(d));
    const std::string id = draft->info.id;
    const domain::seq_t upto = draft->seq;
    journal_.read_actions(
        id, upto, {"phase.set", "session.close"}, max_phase_changes,
        [req, draft, respond, kind](const storage::status& st, std::vector<storage::audit_row> rows, bool more) {
            if (!st.ok())
                return respond(fail(*req, http::status::service_unavailable, errc::storage_unavailable,
                                    "the database could not be read; try again"));
            std::vector<domain::phase_change> changes;
            std::optional<domain::time_point> closed_at;
            for (const auto& r : rows) {
                if (r.action == "session.close") closed_at = r.at;
                else if (auto p = protocol::phase_of_stored_change(r.text)) changes.push_back({r.seq, r.at, *p});
            }
            auto& a = draft->answer;
            a.timeline = domain::timeline_of(draft->info, draft->current, changes, closed_at, a.generated_at);
            a.timeline_complete = !more;
            if (!kind) return respond(json_response(*req, http::status::ok, protocol::encode_outcome(a)));
            // The export, from the report as this reader gets it (so never more than it shows).
            auto res = json_response(*req, http::status::ok, protocol::encode_export(*kind, a));
            res.set(http::field::content_type, protocol::export_content_type(*kind));
            res.set(http::field::content_disposition,
                    "attachment; filename=\"" + protocol::export_filename(draft->info.id, *kind) + "\"");
            respond(std::move(res));
        });
}

void outcome_api::finish_history(std::shared_ptr<const http_request> req, room::outcome_draft d, respond_fn respond) {
    auto answer = std::make_shared<protocol::history_answer>();
    answer->reader = std::move(d.answer.reader);
    answer->seq = d.seq;
    answer->current = std::move(d.answer.snapshot);
    journal_.read_history(
        d.info.id, d.seq, max_history_changes,
        [req, answer, respond, ex = sessions_.executor()](const storage::status& st, storage::stored_history got) {
            // Parsed and filtered on a network thread: the journal's completions must not block.
            boost::asio::post(ex, [req, answer, respond, st, h = std::move(got)]() mutable {
                if (!st.ok())
                    return respond(fail(*req, http::status::service_unavailable, errc::storage_unavailable,
                                        "the database could not be read; try again"));
                // Whose texts the reader gets: as room::text_for gives them to a connection.
                using k = protocol::outcome_reader::kind;
                const auto& r = answer->reader;
                const domain::participant_id who = r.by == k::participant ? r.participant : 0;
                const auto role = domain::role_from_string(r.role);
                const bool facilitator = r.by == k::participant && role && domain::facilitates(*role);
                if (h.origin) answer->origin = facilitator ? std::move(h.origin->facilitators) : std::move(h.origin->others);
                answer->complete = !h.more;
                for (auto& c : h.changes) {
                    const auto& t = c.texts;
                    answer->changes.push_back(who != 0 && c.by == who                                  ? t.actor
                                              : who != 0 && t.subject_id != 0 && t.subject_id == who ? t.subject
                                              : facilitator                                          ? t.facilitators
                                                                                                     : t.others);
                }
                respond(json_response(*req, http::status::ok, protocol::encode_history(*answer)));
            });
        });
}

void outcome_api::archive(std::shared_ptr<const http_request> req, const std::string& session_id,
                          respond_fn respond) {
    read_archive(sessions_, journal_, session_id, [req, session_id, respond](domain::result<std::string> text) {
        if (!text) return respond(json_response(*req, status_of(text.err().code), http_error_text(text.err())));
        auto res = json_response(*req, http::status::ok, std::move(text).value());
        res.set(http::field::content_disposition,
                "attachment; filename=\"" + protocol::export_filename(session_id, "session.json") + "\"");
        respond(std::move(res));
    });
}

void outcome_api::read_archive(registry& sessions, storage::journal& j, const std::string& session_id,
                               archive_fn done) {
    auto home = sessions.find_by_id(session_id);
    if (!home) return done(domain::error::make(errc::session_not_found, "the session is gone"));
    home->committed_state([&sessions, &j, done = std::move(done)](domain::workshop_state st) {
        auto state = std::make_shared<const domain::workshop_state>(std::move(st));
        j.read_history(
            state->info.id, state->seq, storage::journal::every_change,
            [&sessions, state, done](const storage::status& read, storage::stored_history got) {
                if (!read.ok())
                    return done(domain::error::make(errc::storage_unavailable,
                                                    "the database could not be read; try again"));
                // Encoding a whole session is not for the journal's thread: on the network threads.
                auto stored = std::make_shared<storage::stored_history>(std::move(got));
                boost::asio::post(sessions.executor(), [state, done, stored] {
                    // Each change as everyone else received it.
                    std::vector<protocol::archive_change> history;
                    history.reserve(stored->changes.size());
                    for (auto& r : stored->changes)
                        history.push_back({r.seq, r.at, r.by, std::move(r.action), *r.texts.others});
                    std::optional<protocol::archive_origin> origin;
                    if (stored->origin) origin = protocol::archive_origin{stored->origin->others, stored->origin->facilitators};
                    done(protocol::encode_archive(*state, history, origin));
                });
            });
    });
}

}  // namespace samskab::server
