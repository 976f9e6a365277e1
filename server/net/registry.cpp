// Sessions by id and code, and their creation (see registry.hpp).
#include "net/registry.hpp"

#include "domain/text.hpp"
#include "net/log.hpp"
#include "net/secrets.hpp"

#include <chrono>

namespace samskab::server {

using namespace samskab::domain;

registry::registry(boost::asio::any_io_executor ex, storage::journal& j, room_limits limits)
    : executor_(std::move(ex)), journal_(j), limits_(limits) {}

result<std::size_t> registry::load(std::vector<storage::loaded_session> sessions) {
    std::vector<std::shared_ptr<room>> rooms;
    for (auto& s : sessions) {
        const std::string id = s.state.info.id;
        auto b = board::restore(std::move(s.state));
        if (!b) return error::make(errc::internal_error, "session " + id + ": " + b.err().message);
        rooms.push_back(std::make_shared<room>(executor_, journal_, std::move(b.value()), std::move(s.recent), limits_));
    }
    std::lock_guard lock(mutex_);
    for (auto& r : rooms) {
        if (r->info().status == session_status::open) by_code_[r->code()] = r;
        by_id_[r->id()] = r;
    }
    return rooms.size();
}

std::string registry::reserve_code() {
    std::lock_guard lock(mutex_);
    for (;;) {
        std::string code = new_join_code();
        if (!by_code_.count(code) && reserved_codes_.insert(code).second) return code;
    }
}

void registry::create(protocol::create_session_request req, std::function<void(result<created_session>)> done) {
    auto title = clean_text(req.title, session_title_rule);
    if (!title) return done(title.err());
    auto question = clean_text(req.question, question_rule);
    if (!question) return done(question.err());
    auto name = clean_text(req.facilitator_name.value_or("Facilitator"), text_rule{"facilitator_name", limits::display_name_chars, false});
    if (!name) return done(name.err());
    std::vector<std::string> columns;
    if (req.columns.empty()) req.columns.push_back("Ideas");
    for (const auto& c : req.columns) {
        auto t = clean_text(c, text_rule{"columns", limits::column_title_chars, false});
        if (!t) return done(t.err());
        columns.push_back(std::move(t.value()));
    }

    const auto now = std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
    std::string token = new_token();
    session_info info{new_session_id(), reserve_code(), std::move(title.value()), std::move(question.value()),
                      session_status::open, now};
    board b = board::create(info, columns, participant{0, std::move(name.value()), role::facilitator, hash_token(token), now});
    board_state state = b.state();

    journal_.create_session(std::move(state), [this, b = std::move(b), token = std::move(token),
                                               done = std::move(done)](const storage::status& s) mutable {
        const std::string code = b.info().code;
        if (!s.ok()) {
            log::warn("creating a session failed: " + s.message);
            {
                std::lock_guard lock(mutex_);
                reserved_codes_.erase(code);
            }
            return done(error::make(errc::storage_unavailable, "the server could not save the session; try again"));
        }
        created_session created{b.info(), std::move(token)};
        auto r = std::make_shared<room>(executor_, journal_, std::move(b), std::vector<storage::stored_change>{}, limits_);
        {
            std::lock_guard lock(mutex_);
            reserved_codes_.erase(code);
            by_code_[code] = r;
            by_id_[r->id()] = r;
        }
        log::info("session " + created.info.id + " created");
        done(std::move(created));
    });
}

std::shared_ptr<room> registry::find_by_code(const std::string& code) const {
    std::lock_guard lock(mutex_);
    auto it = by_code_.find(code);
    return it == by_code_.end() ? nullptr : it->second;
}

std::vector<std::shared_ptr<room>> registry::rooms() const {
    std::lock_guard lock(mutex_);
    std::vector<std::shared_ptr<room>> out;
    out.reserve(by_id_.size());
    for (const auto& [id, r] : by_id_) out.push_back(r);
    return out;
}

void registry::clear() {
    std::lock_guard lock(mutex_);
    by_id_.clear();
    by_code_.clear();
}

}  // namespace samskab::server
