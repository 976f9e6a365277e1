// Sessions by id and code, and their creation (see registry.hpp).
#include "net/registry.hpp"

#include "domain/text.hpp"
#include "net/log.hpp"
#include "net/log_events.hpp"
#include "net/secrets.hpp"
#include "protocol/encoder.hpp"
#include "storage/write_set.hpp"

#include <algorithm>
#include <chrono>
#include <set>
#include <thread>

namespace samskab::server {

using namespace samskab::domain;

namespace {

bool is_open(const std::shared_ptr<room>& r) { return r->info().status == session_status::open; }

}  // namespace

registry::registry(boost::asio::any_io_executor ex, storage::journal& j, std::shared_ptr<const server_key> key,
                   room_limits limits)
    : executor_(std::move(ex)), journal_(j), key_(std::move(key)), limits_(limits) {}

result<std::size_t> registry::load(std::vector<storage::loaded_session> sessions) {
    // Restoring is independent per session: on every core (it is most of start-up).
    const std::size_t n = sessions.size();
    std::vector<std::shared_ptr<room>> rooms(n);
    std::vector<std::string> errors(n);
    auto restore = [&](std::size_t first, std::size_t step) {
        for (std::size_t k = first; k < n; k += step) {
            const std::string id = sessions[k].state.info.id;
            auto w = workshop::restore(std::move(sessions[k].state));
            if (!w) {
                errors[k] = "session " + id + ": " + w.err().message;
                continue;
            }
            // A room reads its recent changes when a client first joins it (see room.hpp).
            rooms[k] = std::make_shared<room>(executor_, journal_, key_, std::move(w.value()), std::nullopt, limits_);
        }
    };
    const std::size_t threads = std::clamp<std::size_t>(std::thread::hardware_concurrency(), 1, 8);
    std::vector<std::thread> helpers;
    for (std::size_t t = 1; t < threads && t < n; ++t) helpers.emplace_back(restore, t, threads);
    restore(0, threads);
    for (auto& h : helpers) h.join();
    for (const auto& e : errors)
        if (!e.empty()) return error::make(errc::internal_error, e);
    // Sessions come oldest first: a newer session with a code wins over an older one,
    // and an open one over any closed one.
    {
        std::lock_guard lock(mutex_);
        for (auto& r : rooms) {
            by_id_[r->id()] = r;
            if (r->code().empty()) continue;  // deleted, its trial actions kept: no code
            auto& slot = by_code_[r->code()];
            if (!slot || !is_open(slot) || is_open(r)) slot = r;
        }
    }
    for (auto& r : rooms) {
        r->link(directory_);
        directory_->add(r->id(), r, r->live_origins());
    }
    // Once every room is known: the follow-ups bring their views level with their origins.
    for (auto& r : rooms)
        if (!r->live_origins().empty()) r->catch_up();
    return rooms.size();
}

std::string registry::reserve_code() {
    std::lock_guard lock(mutex_);
    for (;;) {
        std::string code = new_join_code();
        auto it = by_code_.find(code);
        if ((it == by_code_.end() || !is_open(it->second)) && reserved_codes_.insert(code).second) return code;
    }
}

void registry::create(protocol::create_session_request req, std::function<void(result<created_session>)> done) {
    // Every earlier session is checked before any is asked for its trial actions.
    std::vector<earlier_room> earlier;
    for (const auto& e : req.follow_up) {
        auto r = e.code ? find_by_code(*e.code) : find_by_id(*e.session);
        if (!r) return done(error::in_field(errc::session_not_found, "follow_up", "no session has that code or id"));
        // Trial actions stay in their workspace: a follow-up is made in the earlier one's.
        if (r->info().workspace_id != req.workspace.value_or(""))
            return done(error::in_field(errc::forbidden, "follow_up",
                                        "a follow-up is made in the workspace of the session it follows up"));
        // Without the earlier session's facilitator token, only the workspace's admin or a
        // facilitator may follow it up (the route checked the link before calling here).
        std::optional<std::string> token_hash;
        if (e.token) token_hash = hash_token(*e.token);
        else if (!req.vouched_by_workspace)
            return done(error::in_field(errc::invalid_field, "facilitator_token",
                                        "facilitator_token is required to follow up a session outside a workspace"));
        earlier.emplace_back(std::move(r), std::move(token_hash));
    }
    std::string follows = earlier.empty() ? "" : earlier.front().first->id();
    gather(std::move(req), std::move(earlier), {}, std::move(follows), std::move(done));
}

void registry::gather(protocol::create_session_request req, std::vector<earlier_room> earlier,
                      std::vector<std::pair<std::string, trial_action>> taken, std::string follows,
                      std::function<void(result<created_session>)> done) {
    const std::size_t asked = req.follow_up.size() - earlier.size();
    if (earlier.empty()) return create_with(std::move(req), std::move(taken), std::move(follows), std::move(done));
    earlier_room r = std::move(earlier.front());
    earlier.erase(earlier.begin());
    auto picks = req.follow_up[asked].trial_actions;
    const std::string from = r.first->id();
    r.first->export_trials(std::move(r.second), std::move(picks),
                           [this, req = std::move(req), earlier = std::move(earlier), taken = std::move(taken), from,
                            follows = std::move(follows),
                            done = std::move(done)](std::optional<error> refused, std::vector<trial_action> got) mutable {
                               if (refused) return done(std::move(*refused));
                               for (auto& t : got) taken.emplace_back(from, std::move(t));
                               gather(std::move(req), std::move(earlier), std::move(taken), std::move(follows),
                                      std::move(done));
                           });
}

void registry::create_with(protocol::create_session_request req, std::vector<std::pair<std::string, trial_action>> taken,
                           std::string follows, std::function<void(result<created_session>)> done) {
    auto title = clean_text(req.title, session_title_rule);
    if (!title) return done(title.err());
    auto question = clean_text(req.question, question_rule);
    if (!question) return done(question.err());
    auto name = clean_text(req.facilitator_name.value_or("Facilitator"),
                           text_rule{"facilitator_name", limits::display_name_chars, false});
    if (!name) return done(name.err());
    auto options = settings_with(settings{}, req.settings);
    if (!options) return done(options.err());
    std::vector<std::string> columns;
    if (req.columns.empty()) req.columns.push_back("Ideas");
    for (const auto& c : req.columns) {
        auto t = clean_text(c, text_rule{"columns", limits::column_title_chars, false});
        if (!t) return done(t.err());
        columns.push_back(std::move(t.value()));
    }

    const auto now = std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
    std::string token = new_token();
    // The same trial action from two earlier sessions (a view in one, the original in the
    // other) is taken once.
    std::vector<std::pair<std::string, trial_action>> distinct;
    std::set<std::pair<std::string, trial_id>> seen;
    for (auto& [from, t] : taken) {
        const auto key = t.origin_session.empty() ? std::pair{from, t.id} : std::pair{t.origin_session, t.origin_trial};
        if (seen.insert(key).second) distinct.emplace_back(std::move(from), std::move(t));
    }
    if (distinct.size() > limits::trials_per_session)
        return done(error::at_limit("a session holds at most this many trial actions", limits::trials_per_session));
    session_info info{new_session_id(), reserve_code(), std::move(title.value()), std::move(question.value()),
                      session_status::open, now, req.template_, follows, req.workspace.value_or("")};
    workshop w = workshop::create(info, options.value(), columns,
                                  participant{0, std::move(name.value()), role::facilitator, hash_token(token), now, false});
    if (!distinct.empty()) {
        workshop_state st = w.state();
        // In a workspace, a follow-up shows the trial actions live; outside one, it copies them.
        const bool live = !info.workspace_id.empty();
        for (const auto& [from, t] : distinct)
            st.trials.push_back(live ? trials::viewed(t, ++st.last_trial_id, from, now)
                                     : trials::taken_over(t, ++st.last_trial_id, from, now));
        w = std::move(workshop::restore(std::move(st)).value());
    }
    storage::write_set rows = storage::collect_all(w);
    // The start of the session's history (PROTOCOL.md, "History"): seq 0 as everyone else
    // and as the facilitators are shown it.
    rows.origin = storage::origin_texts{protocol::encode_snapshot(w, viewer{0, role::citizen}),
                                        protocol::encode_snapshot(w, viewer{0, role::facilitator})};

    journal_.create_session(std::move(rows), [this, w = std::move(w), token = std::move(token),
                                              done = std::move(done)](const storage::status& s) mutable {
        const std::string code = w.info().code;
        if (!s.ok()) {
            log::write(log::events::session_create_failed, {{"reason", s.message}});
            {
                std::lock_guard lock(mutex_);
                reserved_codes_.erase(code);
            }
            return done(error::make(errc::storage_unavailable, "the server could not save the session; try again"));
        }
        created_session created{w.info(), std::move(token)};
        add_room(std::move(w), std::vector<storage::stored_change>{});
        log::write(log::events::session_created, {{"session", created.info.id}});
        done(std::move(created));
    });
}

void registry::add_room(workshop w, std::optional<std::vector<storage::stored_change>> recent) {
    const std::string code = w.info().code;
    auto r = std::make_shared<room>(executor_, journal_, key_, std::move(w), std::move(recent), limits_);
    r->link(directory_);
    directory_->add(r->id(), r, r->live_origins());
    std::lock_guard lock(mutex_);
    reserved_codes_.erase(code);
    if (!code.empty()) by_code_[code] = r;  // none: deleted, its trial actions kept
    by_id_[r->id()] = r;
}

void registry::import(protocol::session_archive a, const std::string& workspace,
                      std::function<void(result<imported>)> done) {
    // A deleted session's shell stays one: no code.
    const std::string code = a.state.info.deleted_at ? std::string() : reserve_code();
    auto prepared = prepare_import(std::move(a), new_session_id(), code, workspace, *key_);
    if (!prepared) {
        std::lock_guard lock(mutex_);
        reserved_codes_.erase(code);
        return done(prepared.err());
    }
    auto p = std::make_shared<prepared_import>(std::move(prepared.value()));
    journal_.import_session(std::move(p->rows), p->session.state(), std::move(p->history),
                            [this, p, code, done = std::move(done)](const storage::status& s) {
                                if (!s.ok()) {
                                    log::write(log::events::session_import_failed, {{"reason", s.message}});
                                    {
                                        std::lock_guard lock(mutex_);
                                        reserved_codes_.erase(code);
                                    }
                                    return done(error::make(errc::storage_unavailable,
                                                            "the server could not save the session; nothing was imported"));
                                }
                                imported out{p->session.info(), std::move(p->links)};
                                // Its recent changes are read when a client first joins it.
                                add_room(std::move(p->session), std::nullopt);
                                log::write(log::events::session_imported, {{"session", out.info.id}});
                                done(std::move(out));
                            });
}

std::vector<domain::session_listing> registry::sessions_of(const std::string& workspace_id) const {
    std::vector<std::shared_ptr<room>> rooms;
    {
        std::lock_guard lock(mutex_);
        for (const auto& [id, r] : by_id_) rooms.push_back(r);
    }
    std::vector<domain::session_listing> out;
    for (const auto& r : rooms)
        if (auto l = r->listing(); l.info.workspace_id == workspace_id) out.push_back(std::move(l));
    std::sort(out.begin(), out.end(), [](const domain::session_listing& a, const domain::session_listing& b) {
        return a.info.created_at != b.info.created_at ? a.info.created_at > b.info.created_at : a.info.id < b.info.id;
    });
    return out;
}

std::vector<registry::portfolio_source> registry::portfolio_of(const std::string& workspace_id) const {
    std::vector<std::shared_ptr<room>> rooms;
    {
        std::lock_guard lock(mutex_);
        for (const auto& [id, r] : by_id_) rooms.push_back(r);
    }
    std::vector<portfolio_source> out;
    for (const auto& r : rooms)
        if (auto info = r->info(); !workspace_id.empty() && info.workspace_id == workspace_id)
            out.push_back(portfolio_source{std::move(info), r->portfolio()});
    std::sort(out.begin(), out.end(), [](const portfolio_source& a, const portfolio_source& b) {
        return a.session.created_at != b.session.created_at ? a.session.created_at < b.session.created_at
                                                            : a.session.id < b.session.id;
    });
    return out;
}

std::shared_ptr<room> registry::find_by_code(const std::string& code) const {
    std::lock_guard lock(mutex_);
    auto it = by_code_.find(code);
    return it == by_code_.end() ? nullptr : it->second;
}

std::shared_ptr<room> registry::find_by_id(const std::string& id) const {
    std::lock_guard lock(mutex_);
    auto it = by_id_.find(id);
    return it == by_id_.end() ? nullptr : it->second;
}

std::size_t registry::size() const {
    std::lock_guard lock(mutex_);
    return by_id_.size();
}

std::vector<std::shared_ptr<room>> registry::rooms() const {
    std::lock_guard lock(mutex_);
    std::vector<std::shared_ptr<room>> out;
    out.reserve(by_id_.size());
    for (const auto& [id, r] : by_id_) out.push_back(r);
    return out;
}

void registry::drop_code(const std::shared_ptr<room>& r) {
    auto it = by_code_.find(r->code());
    if (it == by_code_.end() || it->second != r) return;
    by_code_.erase(it);
    // As load() chooses: an open session with the code first, else the newest.
    std::shared_ptr<room> heir;
    for (const auto& [id, other] : by_id_) {
        if (other == r || other->code() != r->code()) continue;
        if (!heir || (is_open(other) && !is_open(heir)) ||
            (is_open(other) == is_open(heir) && other->info().created_at > heir->info().created_at))
            heir = other;
    }
    if (heir) by_code_[heir->code()] = heir;
}

void registry::remove(const std::shared_ptr<room>& r) {
    {
        std::lock_guard lock(mutex_);
        by_id_.erase(r->id());
        drop_code(r);
    }
    directory_->remove(r->id());
    const std::string workspace = r->info().workspace_id;
    if (workspace.empty()) return;
    const auto part = r->portfolio();
    directory_->portfolio_changed(workspace, part ? changed_rows(*part, portfolio_part{}) : std::set<trial_ref>{});
}

void registry::replace(const std::shared_ptr<room>& r, workshop shell) {
    auto kept = std::make_shared<room>(executor_, journal_, key_, std::move(shell), std::vector<storage::stored_change>{},
                                       limits_);
    kept->link(directory_);
    {
        std::lock_guard lock(mutex_);
        drop_code(r);
        by_id_[r->id()] = kept;
    }
    // It shows no other session's trial actions; those that follow it still find it.
    directory_->replace(kept->id(), kept, kept->live_origins());
    const std::string workspace = r->info().workspace_id;
    if (workspace.empty()) return;
    const auto before = r->portfolio();
    const auto after = kept->portfolio();
    directory_->portfolio_changed(workspace, changed_rows(before ? *before : portfolio_part{},
                                                          after ? *after : portfolio_part{}));
}

void registry::clear() {
    std::lock_guard lock(mutex_);
    by_id_.clear();
    by_code_.clear();
}

}  // namespace samskab::server
