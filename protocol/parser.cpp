// JSON to messages (see parser.hpp). Each command type is a row in a table: its name,
// the fields it may carry and a function that reads them. field_reader records the
// first problem it meets, so a reader can read every field and check once at the end.
#include "protocol/parser.hpp"

#include "domain/join_code.hpp"
#include "domain/limits.hpp"
#include "domain/permissions.hpp"
#include "domain/text.hpp"
#include "protocol/json_depth.hpp"
#include "protocol/limits.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <set>
#include <array>
#include <cstdint>
#include <limits>

namespace samskab::protocol {

using nlohmann::json;
using domain::errc;
using domain::error;

namespace {

constexpr std::int64_t no_max = std::numeric_limits<std::int64_t>::max();

class field_reader {
public:
    // allowed: the names of the fields this message may have, separated by spaces.
    field_reader(const json& obj, std::string_view allowed) : obj_(obj), allowed_(allowed) {}

    // An integer field in [min, max]; nullopt when absent (and then an error if required).
    std::optional<std::int64_t> integer(std::string_view name, bool required, std::int64_t min = 1,
                                        std::int64_t max = no_max) {
        const json* v = find(name, required);
        if (!v) return std::nullopt;
        if (v->is_number_unsigned()) {
            const auto u = v->get<std::uint64_t>();
            if (u <= static_cast<std::uint64_t>(max) && static_cast<std::int64_t>(u) >= min)
                return static_cast<std::int64_t>(u);
        } else if (v->is_number_integer()) {
            const auto i = v->get<std::int64_t>();
            if (i >= min && i <= max) return i;
        } else {
            fail(name, "must be an integer");
            return std::nullopt;
        }
        fail(name, max == no_max ? "must be an integer from " + std::to_string(min)
                                 : "must be an integer from " + std::to_string(min) + " to " + std::to_string(max));
        return std::nullopt;
    }

    // An id: a positive integer.
    domain::idea_id id(std::string_view name) { return integer(name, true).value_or(0); }

    // A string field of at most max_bytes bytes (the domain limits characters later).
    std::optional<std::string> string(std::string_view name, bool required,
                                      std::size_t max_bytes = max_message_bytes) {
        const json* v = find(name, required);
        if (!v) return std::nullopt;
        if (!v->is_string()) {
            fail(name, "must be a string");
            return std::nullopt;
        }
        const auto& s = v->get_ref<const std::string&>();
        if (s.size() > max_bytes) {
            fail(name, "is too long", errc::too_long, static_cast<std::int64_t>(max_bytes));
            return std::nullopt;
        }
        return s;
    }

    std::optional<bool> boolean(std::string_view name, bool required) {
        const json* v = find(name, required);
        if (!v) return std::nullopt;
        if (!v->is_boolean()) {
            fail(name, "must be true or false");
            return std::nullopt;
        }
        return v->get<bool>();
    }

    // One of an enumeration's wire names, read with from (e.g. domain::role_from_string).
    template <class E>
    std::optional<E> one_of(std::string_view name, bool required, std::optional<E> (*from)(std::string_view)) {
        auto s = string(name, required, 64);
        if (!s) return std::nullopt;
        auto e = from(*s);
        if (!e) fail(name, "has a value this server does not know");
        return e;
    }

    // An array of positive integers, at most max long.
    std::vector<std::int64_t> ids(std::string_view name, bool required, std::size_t max = domain::limits::ideas_per_command) {
        const json* v = find(name, required);
        if (!v) return {};
        if (!v->is_array() || !std::all_of(v->begin(), v->end(), [](const json& x) {
                return (x.is_number_unsigned() && x.get<std::uint64_t>() >= 1 &&
                        x.get<std::uint64_t>() <= static_cast<std::uint64_t>(no_max)) ||
                       (x.is_number_integer() && x.get<std::int64_t>() >= 1);
            })) {
            fail(name, "must be an array of ids");
            return {};
        }
        if (v->size() > max) {
            fail(name, "holds too many ids", errc::too_long, static_cast<std::int64_t>(max));
            return {};
        }
        std::vector<std::int64_t> out;
        for (const auto& x : *v) out.push_back(x.get<std::int64_t>());
        return out;
    }

    // An object field; nullopt when absent (and then an error if required).
    const json* object(std::string_view name, bool required) {
        const json* v = find(name, required);
        if (v && !v->is_object()) {
            fail(name, "must be an object");
            return nullptr;
        }
        return v;
    }

    // A number field (integer or not); nullopt when absent (and then an error if required).
    std::optional<double> number(std::string_view name, bool required) {
        const json* v = find(name, required);
        if (!v) return std::nullopt;
        if (!v->is_number()) {
            fail(name, "must be a number");
            return std::nullopt;
        }
        return v->get<double>();
    }

    // Records a problem found in a nested object's own reader.
    void fail(const error& e) {
        if (!err_) err_ = e;
    }

    // Records a problem with a field's value found by the caller.
    void fail(std::string_view name, const std::string& what, errc code = errc::invalid_field,
              std::optional<std::int64_t> limit = std::nullopt) {
        if (err_) return;
        err_ = error::in_field(code, std::string(name), std::string(name) + " " + what);
        err_->limit = limit;
    }

    bool has(std::string_view name) const {
        auto it = obj_.find(name);
        return it != obj_.end() && !it->is_null();
    }

    // The first problem met, including fields that the message type does not have.
    std::optional<error> finish() {
        if (!err_)
            for (const auto& item : obj_.items())
                if (!is_allowed(item.key())) {
                    fail(item.key(), "is not a field of this message");
                    break;
                }
        return err_;
    }

private:
    const json* find(std::string_view name, bool required) {
        auto it = obj_.find(name);
        if (it == obj_.end() || it->is_null()) {
            if (required) fail(name, "is required");
            return nullptr;
        }
        return &*it;
    }

    bool is_allowed(std::string_view key) const {
        for (std::size_t pos = 0; pos < allowed_.size();) {
            std::size_t end = allowed_.find(' ', pos);
            if (end == std::string_view::npos) end = allowed_.size();
            if (allowed_.substr(pos, end - pos) == key) return true;
            pos = end + 1;
        }
        return false;
    }

    const json& obj_;
    std::string_view allowed_;
    std::optional<error> err_;
};

namespace d = samskab::domain;
using d::command;

std::string text(field_reader& f, std::string_view name) { return f.string(name, true).value_or(""); }
std::string optional_text(field_reader& f, std::string_view name) { return f.string(name, false).value_or(""); }
d::target_kind target(field_reader& f) {
    return f.one_of("target_kind", true, d::target_kind_from_string).value_or(d::target_kind::idea);
}
d::role role_field(field_reader& f) { return f.one_of("role", true, d::role_from_string).value_or(d::role::staff); }

// The readers of the commands, in the order of the command variant.
command r_idea_add(field_reader& f) {
    auto col = f.id("column");
    auto before = f.integer("before", false, 0).value_or(0);
    return d::add_idea{col, before, text(f, "text")};
}
command r_idea_edit(field_reader& f) {
    auto id = f.id("id");
    auto base = f.id("base_version");
    return d::edit_idea{id, base, text(f, "text")};
}
command r_idea_move(field_reader& f) {
    auto id = f.id("id");
    auto base = f.id("base_version");
    auto col = f.id("column");
    return d::move_idea{id, base, col, f.integer("before", false, 0).value_or(0)};
}
command r_idea_delete(field_reader& f) {
    auto id = f.id("id");
    return d::delete_idea{id, f.id("base_version")};
}
command r_ideas_reveal(field_reader&) { return d::reveal_ideas{}; }
command r_idea_merge(field_reader& f) {
    auto into = f.id("into");
    return d::merge_ideas{into, f.ids("ideas", true)};
}
command r_idea_fate(field_reader& f) {
    auto id = f.id("id");
    auto to = f.one_of("fate", true, d::fate_from_string).value_or(d::fate::open);
    return d::set_fate{id, to, optional_text(f, "reason")};
}
command r_idea_moderate(field_reader& f) {
    auto id = f.id("id");
    return d::moderate_idea{id, f.boolean("hidden", true).value_or(true)};
}
command r_column_add(field_reader& f) {
    auto title = text(f, "title");
    return d::add_column{title, f.integer("index", false, 0)};
}
command r_column_rename(field_reader& f) {
    auto id = f.id("id");
    return d::rename_column{id, text(f, "title")};
}
command r_column_move(field_reader& f) {
    auto id = f.id("id");
    return d::move_column{id, f.integer("index", true, 0).value_or(0)};
}
command r_column_delete(field_reader& f) { return d::delete_column{f.id("id")}; }
command r_cluster_create(field_reader& f) {
    auto col = f.id("column");
    auto name = text(f, "name");
    return d::create_cluster{col, name, f.ids("ideas", true)};
}
command r_cluster_rename(field_reader& f) {
    auto id = f.id("id");
    return d::rename_cluster{id, text(f, "name")};
}
command r_cluster_assign(field_reader& f) {
    auto idea = f.id("idea");
    return d::assign_cluster{idea, f.integer("cluster", true, 0).value_or(0)};
}
command r_cluster_delete(field_reader& f) { return d::delete_cluster{f.id("id")}; }
command r_vote_set(field_reader& f) {
    auto idea = f.id("idea");
    return d::set_vote{idea, f.integer("dots", true, 0, d::limits::max_vote_budget).value_or(0)};
}
command r_votes_reveal(field_reader&) { return d::reveal_votes{}; }
command r_votes_reset(field_reader&) { return d::reset_votes{}; }
command r_comment_add(field_reader& f) {
    auto on = target(f);
    auto id = f.id("target_id");
    return d::add_comment{on, id, text(f, "text")};
}
command r_comment_delete(field_reader& f) { return d::delete_comment{f.id("id")}; }
command r_comment_moderate(field_reader& f) {
    auto id = f.id("id");
    return d::moderate_comment{id, f.boolean("hidden", true).value_or(true)};
}
command r_reaction_toggle(field_reader& f) {
    auto on = target(f);
    auto id = f.id("target_id");
    return d::toggle_reaction{on, id, f.one_of("reaction", true, d::reaction_from_string).value_or(d::reaction::like)};
}
command r_trial_create(field_reader& f) {
    d::create_trial c;
    c.title = text(f, "title");
    c.what = optional_text(f, "what");
    c.we_believe = optional_text(f, "we_believe");
    c.we_know_when = optional_text(f, "we_know_when");
    c.start_date = optional_text(f, "start_date");
    c.review_date = optional_text(f, "review_date");
    c.ideas = f.ids("ideas", false);
    c.owners = f.ids("owners", false, d::limits::owners_per_trial);
    return c;
}
command r_trial_update(field_reader& f) {
    d::update_trial c;
    c.id = f.id("id");
    c.base_version = f.id("base_version");
    c.title = f.string("title", false);
    c.what = f.string("what", false);
    c.we_believe = f.string("we_believe", false);
    c.we_know_when = f.string("we_know_when", false);
    c.start_date = f.string("start_date", false);
    c.review_date = f.string("review_date", false);
    return c;
}
command r_trial_owner_add(field_reader& f) {
    auto id = f.id("id");
    return d::add_owner{id, f.id("participant")};
}
command r_trial_owner_remove(field_reader& f) {
    auto id = f.id("id");
    return d::remove_owner{id, f.id("participant")};
}
command r_trial_status(field_reader& f) {
    auto id = f.id("id");
    auto to = f.one_of("status", true, d::trial_status_from_string).value_or(d::trial_status::running);
    return d::set_trial_status{id, to, f.one_of("outcome", false, d::outcome_from_string).value_or(d::outcome::none)};
}
command r_trial_learning(field_reader& f) {
    auto id = f.id("id");
    return d::add_learning{id, text(f, "text")};
}
// evidence: {"value": number, "unit": text} or {"note": text}; absent or null for none.
d::evidence evidence(field_reader& f) {
    d::evidence out;
    const json* obj = f.object("evidence", false);
    if (!obj) return out;
    field_reader e(*obj, "value unit note");
    if (e.has("note")) {
        out.is = d::evidence::kind::note;
        out.note = text(e, "note");
        if (e.has("value") || e.has("unit")) e.fail("note", "is evidence of its own: give a note, or a value with its unit");
    } else {
        out.is = d::evidence::kind::measure;
        out.value = e.number("value", true).value_or(0);
        out.unit = text(e, "unit");
    }
    if (auto err = e.finish()) f.fail(*err);
    return out;
}
command r_trial_check_in(field_reader& f) {
    d::check_in_trial c;
    c.id = f.id("id");
    c.report.what_happened = text(f, "what_happened");
    c.report.shown = evidence(f);
    c.report.proposed = f.one_of("proposal", true, d::proposal_from_string).value_or(d::proposal::continue_);
    c.learned = optional_text(f, "learned");
    return c;
}
command r_trial_review_date(field_reader& f) {
    auto id = f.id("id");
    auto to = f.string("to", true, 64).value_or("");
    return d::move_review_date{id, std::move(to), text(f, "reason")};
}
command r_trial_delete(field_reader& f) { return d::delete_trial{f.id("id")}; }
command r_decision_record(field_reader& f) {
    auto on = target(f);
    auto id = f.id("target_id");
    auto kind = f.one_of("kind", true, d::decision_kind_from_string).value_or(d::decision_kind::approve);
    return d::record_decision{on, id, kind, optional_text(f, "note")};
}
command r_phase_set(field_reader& f) {
    return d::set_phase{f.one_of("phase", true, d::phase_from_string).value_or(d::phase::welcome)};
}
command r_timer_start(field_reader& f) { return d::start_timer{f.integer("seconds", true).value_or(0)}; }
command r_timer_pause(field_reader&) { return d::pause_timer{}; }
command r_timer_resume(field_reader&) { return d::resume_timer{}; }
command r_timer_extend(field_reader& f) {
    return d::extend_timer{f.integer("seconds", true, -d::limits::max_timer_seconds).value_or(0)};
}
command r_timer_stop(field_reader&) { return d::stop_timer{}; }
// The settings' fields, in settings.update and in a new session's settings.
constexpr std::string_view settings_fields =
    "anonymity private_writing late_ideas vote_budget vote_cap fold_threshold join_by_code idea_quota";

command r_settings_update(field_reader& f) {
    d::update_settings c;
    c.anonymity_ = f.one_of("anonymity", false, d::anonymity_from_string);
    c.private_writing = f.boolean("private_writing", false);
    c.late_ideas = f.boolean("late_ideas", false);
    c.vote_budget = f.integer("vote_budget", false, 0);
    c.vote_cap = f.integer("vote_cap", false, 0);
    c.fold_threshold = f.integer("fold_threshold", false, 0);
    c.join_by_code = f.boolean("join_by_code", false);
    c.idea_quota = f.integer("idea_quota", false, 0);
    return c;
}
command r_board_lock(field_reader& f) { return d::lock_board{f.boolean("locked", true).value_or(true)}; }
command r_review_focus(field_reader& f) { return d::focus_trial{f.integer("id", true, 0).value_or(0)}; }
command r_participant_remove(field_reader& f) {
    auto id = f.id("participant");
    return d::remove_participant{id, f.boolean("hide_content", false).value_or(false)};
}
command r_invite_renew(field_reader& f) { return d::renew_invite{role_field(f)}; }
command r_invite_revoke(field_reader& f) { return d::revoke_invite{role_field(f)}; }
command r_session_update(field_reader& f) {
    auto title = f.string("title", false);
    return d::update_session{title, f.string("question", false)};
}
command r_session_close(field_reader&) { return d::close_session{}; }
command r_screen_focus(field_reader& f) {
    const auto kind = f.one_of("kind", true, d::screen_kind_from_string).value_or(d::screen_kind::none);
    const bool names_one = kind == d::screen_kind::idea || kind == d::screen_kind::cluster;
    if (!names_one && f.has("id")) f.fail("id", "is only for an idea or a cluster");
    return d::focus_screen{{kind, names_one ? f.id("id") : 0}};
}

struct command_row {
    std::string_view type;
    std::string_view fields;  // besides type and ref, separated by spaces
    command (*read)(field_reader&);
};

// In the order of the command variant (checked by parser_test.cpp).
const std::array<command_row, 48> command_table{{
    {"idea.add", "column before text", r_idea_add},
    {"idea.edit", "id base_version text", r_idea_edit},
    {"idea.move", "id base_version column before", r_idea_move},
    {"idea.delete", "id base_version", r_idea_delete},
    {"ideas.reveal", "", r_ideas_reveal},
    {"idea.merge", "into ideas", r_idea_merge},
    {"idea.fate", "id fate reason", r_idea_fate},
    {"idea.moderate", "id hidden", r_idea_moderate},
    {"column.add", "title index", r_column_add},
    {"column.rename", "id title", r_column_rename},
    {"column.move", "id index", r_column_move},
    {"column.delete", "id", r_column_delete},
    {"cluster.create", "column name ideas", r_cluster_create},
    {"cluster.rename", "id name", r_cluster_rename},
    {"cluster.assign", "idea cluster", r_cluster_assign},
    {"cluster.delete", "id", r_cluster_delete},
    {"vote.set", "idea dots", r_vote_set},
    {"votes.reveal", "", r_votes_reveal},
    {"votes.reset", "", r_votes_reset},
    {"comment.add", "target_kind target_id text", r_comment_add},
    {"comment.delete", "id", r_comment_delete},
    {"comment.moderate", "id hidden", r_comment_moderate},
    {"reaction.toggle", "target_kind target_id reaction", r_reaction_toggle},
    {"trial.create", "title what we_believe we_know_when start_date review_date ideas owners", r_trial_create},
    {"trial.update", "id base_version title what we_believe we_know_when start_date review_date", r_trial_update},
    {"trial.owner_add", "id participant", r_trial_owner_add},
    {"trial.owner_remove", "id participant", r_trial_owner_remove},
    {"trial.status", "id status outcome", r_trial_status},
    {"trial.learning", "id text", r_trial_learning},
    {"trial.check_in", "id what_happened evidence learned proposal", r_trial_check_in},
    {"trial.review_date", "id to reason", r_trial_review_date},
    {"trial.delete", "id", r_trial_delete},
    {"decision.record", "target_kind target_id kind note", r_decision_record},
    {"phase.set", "phase", r_phase_set},
    {"timer.start", "seconds", r_timer_start},
    {"timer.pause", "", r_timer_pause},
    {"timer.resume", "", r_timer_resume},
    {"timer.extend", "seconds", r_timer_extend},
    {"timer.stop", "", r_timer_stop},
    {"settings.update", settings_fields, r_settings_update},
    {"board.lock", "locked", r_board_lock},
    {"review.focus", "id", r_review_focus},
    {"participant.remove", "participant hide_content", r_participant_remove},
    {"invite.renew", "role", r_invite_renew},
    {"invite.revoke", "role", r_invite_revoke},
    {"session.update", "title question", r_session_update},
    {"session.close", "", r_session_close},
    {"screen.focus", "kind id", r_screen_focus},
}};

bool valid_ref(std::string_view ref) {
    if (ref.empty() || ref.size() > max_ref_chars) return false;
    return std::all_of(ref.begin(), ref.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
               c == '_' || c == '.' || c == ':';
    });
}

// Reads the required ref of a command or request into `out`.
void read_ref(field_reader& f, std::string& out) {
    auto raw = f.string("ref", true, max_ref_chars);
    if (raw && !valid_ref(*raw)) f.fail("ref", "must be 1 to 64 characters from A-Z a-z 0-9 - _ . :");
    else if (raw) out = *raw;
}

domain::result<client_message> read_join(const json& obj) {
    field_reader f(obj, "type protocol code session name invite token since");
    auto proto = f.integer("protocol", true, 0, 1'000'000);
    auto code = f.string("code", false, max_code_chars);
    auto session = f.string("session", false, max_code_chars * 4);
    auto name = f.string("name", false);
    auto invite = f.string("invite", false, max_token_chars);
    auto token = f.string("token", false, max_token_chars);
    auto since = f.integer("since", false, 0);
    if (auto e = f.finish()) return *e;
    if (*proto != version)
        return error::in_field(errc::unsupported_protocol, "protocol",
                               "this server speaks protocol " + std::to_string(version));
    join_request j;
    if (code.has_value() == session.has_value())
        return error::in_field(errc::invalid_field, "code", "give either a join code or a session id");
    if (code) {
        auto normal = domain::normalize_join_code(*code);
        if (!normal) return error::in_field(errc::invalid_field, "code", "code is not a join code");
        j.code = *normal;
    } else {
        j.session = *session;
    }
    if (name.has_value() == token.has_value())
        return error::in_field(errc::invalid_field, name ? "token" : "name", "give either a name or a token");
    if (invite && !name) return error::in_field(errc::invalid_field, "invite", "an invitation comes with a name");
    if (since && !token) return error::in_field(errc::invalid_field, "since", "since comes with a token");
    j.name = std::move(name);
    j.invite = std::move(invite);
    j.token = std::move(token);
    j.since = since;
    return client_message{std::move(j)};
}

domain::result<client_message> read_request(const json& obj, const std::string& type) {
    if (type == "ping") {
        field_reader f(obj, "type ref");
        ping_request p;
        read_ref(f, p.ref);
        if (auto e = f.finish()) return *e;
        return client_message{std::move(p)};
    }
    if (type == "participants.get") {
        field_reader f(obj, "type ref limit");
        participants_request p;
        read_ref(f, p.ref);
        p.limit = f.integer("limit", false, 1, 500).value_or(100);
        if (auto e = f.finish()) return *e;
        return client_message{std::move(p)};
    }
    field_reader f(obj, "type ref before limit");
    audit_request a;
    read_ref(f, a.ref);
    a.before = f.integer("before", false, 1);
    a.limit = f.integer("limit", false, 1, 200).value_or(50);
    if (auto e = f.finish()) return *e;
    return client_message{std::move(a)};
}

// Parses text into a JSON object, or fails with bad_json or too_deep.
domain::result<json> parse_object(std::string_view text) {
    if (!within_depth(text, max_json_depth))
        return error::make(errc::too_deep, "JSON is nested deeper than " + std::to_string(max_json_depth) + " levels");
    json j = json::parse(text, nullptr, false);
    if (j.is_discarded()) return error::make(errc::bad_json, "message is not valid JSON");
    if (!j.is_object()) return error::make(errc::bad_json, "message must be a JSON object");
    return j;
}

}  // namespace

std::vector<std::string_view> command_types() {
    std::vector<std::string_view> out;
    for (const auto& row : command_table) out.push_back(row.type);
    return out;
}

parsed_message parse_client_message(std::string_view text) {
    auto parsed = parse_object(text);
    if (!parsed) return {"", parsed.err()};
    const json& obj = parsed.value();

    std::string ref;
    if (auto it = obj.find("ref"); it != obj.end() && it->is_string() && valid_ref(it->get_ref<const std::string&>()))
        ref = it->get<std::string>();

    auto type_it = obj.find("type");
    if (type_it == obj.end() || !type_it->is_string())
        return {ref, error::in_field(errc::invalid_field, "type", "type is required and must be a string")};
    const auto& type = type_it->get_ref<const std::string&>();

    if (type == "join") return {"", read_join(obj)};
    if (type == "ping" || type == "audit.get" || type == "participants.get") return {ref, read_request(obj, type)};

    auto row = std::find_if(command_table.begin(), command_table.end(), [&](const auto& r) { return r.type == type; });
    if (row == command_table.end()) return {ref, error::make(errc::unknown_type, "unknown message type")};

    // The allowed fields: type, ref and the row's own.
    std::string allowed = "type ref ";
    allowed += row->fields;
    field_reader f(obj, allowed);
    std::string checked_ref;
    read_ref(f, checked_ref);
    command cmd = row->read(f);
    if (auto e = f.finish()) return {ref, *e};
    return {ref, client_message{command_request{checked_ref, std::move(cmd)}}};
}

domain::result<link_change_request> parse_link_change(std::string_view body) {
    auto parsed = parse_object(body);
    if (!parsed) return parsed.err();
    field_reader f(parsed.value(), "role action");
    link_change_request req;
    req.role = f.one_of("role", true, domain::workspace_role_from_string).value_or(domain::workspace_role::viewer);
    auto action = f.string("action", true, 16);
    if (action && *action != "renew" && *action != "revoke") f.fail("action", "must be renew or revoke");
    req.renew = action && *action == "renew";
    if (auto e = f.finish()) return *e;
    return req;
}

domain::result<portfolio_decision_request> parse_portfolio_decision(std::string_view body) {
    auto parsed = parse_object(body);
    if (!parsed) return parsed.err();
    field_reader f(parsed.value(), "session trial_action kind note name");
    portfolio_decision_request req;
    req.session = f.string("session", true, 64).value_or("");
    req.decision.on = d::target_kind::trial_action;
    req.decision.target = f.id("trial_action");
    req.decision.kind = f.one_of("kind", true, d::decision_kind_from_string).value_or(d::decision_kind::approve);
    req.decision.note = optional_text(f, "note");
    auto name = f.string("name", true);
    if (auto e = f.finish()) return *e;
    auto signer = d::clean_text(*name, d::display_name_rule);
    if (!signer) return signer.err();
    req.name = std::move(signer.value());
    return req;
}

domain::result<workspace_settings_change> parse_workspace_settings(std::string_view body) {
    auto parsed = parse_object(body);
    if (!parsed) return parsed.err();
    field_reader f(parsed.value(), "overload_limit retention_months");
    workspace_settings_change c;
    c.overload_limit = f.integer("overload_limit", false, 0, d::limits::max_overload_limit);
    c.retention_months = f.integer("retention_months", false, 0, d::limits::max_retention_months);
    if (auto e = f.finish()) return *e;
    if (!c.overload_limit && !c.retention_months)
        return error::in_field(errc::invalid_field, "overload_limit", "give overload_limit, retention_months or both");
    return c;
}

namespace {

// Percent-decodes one part of a query ('+' is a space); nullopt if a '%' is not
// followed by two hex digits or the result is not UTF-8.
std::optional<std::string> decoded(std::string_view s) {
    auto hex = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    };
    std::string out;
    for (std::size_t k = 0; k < s.size(); ++k) {
        if (s[k] == '+') {
            out += ' ';
        } else if (s[k] == '%') {
            if (k + 2 >= s.size()) return std::nullopt;
            const int hi = hex(s[k + 1]), lo = hex(s[k + 2]);
            if (hi < 0 || lo < 0) return std::nullopt;
            out += static_cast<char>(hi * 16 + lo);
            k += 2;
        } else {
            out += s[k];
        }
    }
    if (d::utf8_length(out) == std::string_view::npos) return std::nullopt;
    return out;
}

}  // namespace

domain::result<portfolio_query> parse_portfolio_query(std::string_view query) {
    portfolio_query q;
    std::set<std::string> seen;
    auto bad = [](const std::string& name, const std::string& why) {
        return error::in_field(errc::invalid_field, name, name + " " + why);
    };
    while (!query.empty()) {
        const std::size_t amp = query.find('&');
        const std::string_view pair = query.substr(0, amp);
        query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
        if (pair.empty()) continue;
        const std::size_t eq = pair.find('=');
        auto name = decoded(pair.substr(0, eq));
        auto value = decoded(eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1));
        if (!name) return bad("query", "is not percent-encoded UTF-8");
        if (name->size() > 32) return bad("query", "names an unknown parameter");
        if (!value) return bad(*name, "is not percent-encoded UTF-8");
        if (value->size() > 256) return error::in_field(errc::too_long, *name, *name + " is too long");
        if (!seen.insert(*name).second) return bad(*name, "is given twice");
        const std::string& v = *value;
        if (*name == "status") {
            q.filter.status = d::trial_status_from_string(v);
            if (!q.filter.status) return bad(*name, "is not a status");
        } else if (*name == "outcome") {
            q.filter.result = d::outcome_from_string(v);
            if (!q.filter.result) return bad(*name, "is not an outcome");
        } else if (*name == "session") {
            q.filter.session_id = v;
        } else if (*name == "owner") {
            q.filter.owner = v;
        } else if (*name == "theme") {
            q.filter.theme = v;
        } else if (*name == "overdue") {
            if (v != "true" && v != "false") return bad(*name, "must be true or false");
            q.filter.overdue = v == "true";
        } else if (*name == "spread") {
            if (v != "true" && v != "false") return bad(*name, "must be true or false");
            q.filter.spread = v == "true";
        } else if (*name == "sort") {
            auto s = d::portfolio_sort_from_string(v);
            if (!s) return bad(*name, "must be review_date, created, last_check_in, title or status");
            q.sort = *s;
        } else if (*name == "after") {
            std::uint64_t n = 0;
            auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
            if (v.empty() || ec != std::errc() || end != v.data() + v.size()) return bad(*name, "must be a version");
            q.after = n;
        } else {
            return bad(*name, "is not a parameter of the portfolio");
        }
    }
    return q;
}

domain::result<create_session_request> parse_create_session(std::string_view body) {
    auto parsed = parse_object(body);
    if (!parsed) return parsed.err();
    const json& obj = parsed.value();
    field_reader f(obj, "title question facilitator_name columns template settings follow_up workspace");
    create_session_request req;
    req.title = f.string("title", true).value_or("");
    req.question = f.string("question", true).value_or("");
    req.facilitator_name = f.string("facilitator_name", false);
    req.workspace = f.string("workspace", false, 16);
    req.template_ = f.one_of("template", false, domain::template_from_string).value_or(domain::session_template::idea_workshop);
    if (auto it = obj.find("columns"); it != obj.end() && !it->is_null()) {
        if (!it->is_array() || !std::all_of(it->begin(), it->end(), [](const json& c) { return c.is_string(); }))
            f.fail("columns", "must be an array of strings");
        else if (it->empty() || it->size() > domain::limits::columns_per_session)
            f.fail("columns", "must hold 1 to " + std::to_string(domain::limits::columns_per_session) + " titles");
        else
            for (const auto& c : *it) req.columns.push_back(c.get<std::string>());
    }
    if (auto e = f.finish()) return *e;
    if (auto it = obj.find("settings"); it != obj.end() && !it->is_null()) {
        if (!it->is_object()) return error::in_field(errc::invalid_field, "settings", "settings must be an object");
        field_reader s(*it, settings_fields);
        req.settings = std::get<domain::update_settings>(r_settings_update(s));
        if (auto e = s.finish()) return *e;
    }
    if (auto it = obj.find("follow_up"); it != obj.end() && !it->is_null()) {
        // One earlier session as an object, or several as an array of them.
        if (it->is_array() && (it->empty() || it->size() > domain::limits::earlier_sessions_per_review)) {
            auto e = error::in_field(errc::too_long, "follow_up",
                                     "follow up 1 to " + std::to_string(domain::limits::earlier_sessions_per_review) +
                                         " earlier sessions");
            e.limit = static_cast<std::int64_t>(domain::limits::earlier_sessions_per_review);
            return e;
        }
        const json one = it->is_array() ? json() : *it;
        for (const json& entry : it->is_array() ? *it : json::array({one})) {
            if (!entry.is_object())
                return error::in_field(errc::invalid_field, "follow_up", "follow_up must be an object or an array of them");
            field_reader u(entry, "code session facilitator_token trial_actions");
            create_session_request::earlier_session earlier;
            auto code = u.string("code", false, max_code_chars);
            earlier.session = u.string("session", false, max_code_chars * 4);
            earlier.token = u.string("facilitator_token", false, max_token_chars);
            if (entry.contains("trial_actions"))
                earlier.trial_actions = u.ids("trial_actions", true, domain::limits::trials_per_session);
            if (auto e = u.finish()) return *e;
            if (code.has_value() == earlier.session.has_value())
                return error::in_field(errc::invalid_field, "code", "give either the code or the id of the session to follow up");
            if (code) {
                earlier.code = domain::normalize_join_code(*code);
                if (!earlier.code) return error::in_field(errc::invalid_field, "code", "code is not a join code");
            }
            req.follow_up.push_back(std::move(earlier));
        }
    }
    return req;
}

}  // namespace samskab::protocol
