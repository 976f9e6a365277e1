// JSON to messages (see parser.hpp). Each message type is a row in a table: its name,
// the fields it may carry and a function that reads them. field_reader records the
// first problem it meets, so a reader can read every field and check once at the end.
#include "protocol/parser.hpp"

#include "domain/join_code.hpp"
#include "domain/limits.hpp"
#include "protocol/json_depth.hpp"
#include "protocol/limits.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cstdint>
#include <functional>
#include <limits>

namespace samskab::protocol {

using nlohmann::json;
using domain::errc;
using domain::error;

namespace {

class field_reader {
public:
    // allowed: the names of the fields this message may have, separated by spaces.
    field_reader(const json& obj, std::string_view allowed) : obj_(obj), allowed_(allowed) {}

    // An integer field in [min, max]; nullopt when absent (and then an error if required).
    std::optional<std::int64_t> integer(std::string_view name, bool required, std::int64_t min = 1,
                                        std::int64_t max = std::numeric_limits<std::int64_t>::max()) {
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
        fail(name, "must be an integer from " + std::to_string(min));
        return std::nullopt;
    }

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

    // Records a problem with a field's value found by the caller.
    void fail(std::string_view name, const std::string& what, errc code = errc::invalid_field,
              std::optional<std::int64_t> limit = std::nullopt) {
        if (err_) return;
        err_ = error::in_field(code, std::string(name), std::string(name) + " " + what);
        err_->limit = limit;
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

using domain::command;
template <class T>
using opt = std::optional<T>;

// Readers of the command messages. Each reads every field; the caller checks errors.
command read_add_idea(field_reader& f) {
    auto col = f.integer("column", true);
    auto idx = f.integer("index", false, 0);
    auto text = f.string("text", true);
    return domain::add_idea{col.value_or(0), idx, text.value_or("")};
}
command read_edit_idea(field_reader& f) {
    auto id = f.integer("id", true);
    auto base = f.integer("base_version", true);
    auto text = f.string("text", true);
    return domain::edit_idea{id.value_or(0), base.value_or(0), text.value_or("")};
}
command read_move_idea(field_reader& f) {
    auto id = f.integer("id", true);
    auto base = f.integer("base_version", true);
    auto col = f.integer("column", true);
    auto idx = f.integer("index", true, 0);
    return domain::move_idea{id.value_or(0), base.value_or(0), col.value_or(0), idx.value_or(0)};
}
command read_delete_idea(field_reader& f) {
    auto id = f.integer("id", true);
    auto base = f.integer("base_version", true);
    return domain::delete_idea{id.value_or(0), base.value_or(0)};
}
command read_add_column(field_reader& f) {
    auto title = f.string("title", true);
    auto idx = f.integer("index", false, 0);
    return domain::add_column{title.value_or(""), idx};
}
command read_rename_column(field_reader& f) {
    auto id = f.integer("id", true);
    auto title = f.string("title", true);
    return domain::rename_column{id.value_or(0), title.value_or("")};
}
command read_move_column(field_reader& f) {
    auto id = f.integer("id", true);
    auto idx = f.integer("index", true, 0);
    return domain::move_column{id.value_or(0), idx.value_or(0)};
}
command read_delete_column(field_reader& f) {
    auto id = f.integer("id", true);
    return domain::delete_column{id.value_or(0)};
}
command read_update_session(field_reader& f) {
    auto title = f.string("title", false);
    auto question = f.string("question", false);
    return domain::update_session{title, question};
}

struct command_row {
    std::string_view type;
    std::string_view fields;  // separated by spaces
    command (*read)(field_reader&);
};

const std::array<command_row, 9> command_table{{
    {"idea.add", "type ref column index text", read_add_idea},
    {"idea.edit", "type ref id base_version text", read_edit_idea},
    {"idea.move", "type ref id base_version column index", read_move_idea},
    {"idea.delete", "type ref id base_version", read_delete_idea},
    {"column.add", "type ref title index", read_add_column},
    {"column.rename", "type ref id title", read_rename_column},
    {"column.move", "type ref id index", read_move_column},
    {"column.delete", "type ref id", read_delete_column},
    {"session.update", "type ref title question", read_update_session},
}};

bool valid_ref(std::string_view ref) {
    if (ref.empty() || ref.size() > max_ref_chars) return false;
    return std::all_of(ref.begin(), ref.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
               c == '_' || c == '.' || c == ':';
    });
}

domain::result<client_message> read_join(const json& obj) {
    field_reader f(obj, "type protocol code name token since");
    auto proto = f.integer("protocol", true, 0, 1'000'000);
    auto code = f.string("code", true, max_code_chars);
    auto name = f.string("name", false);
    auto token = f.string("token", false, max_token_chars);
    auto since = f.integer("since", false, 0);
    if (auto e = f.finish()) return *e;
    if (*proto != version)
        return error::in_field(errc::unsupported_protocol, "protocol",
                               "this server speaks protocol " + std::to_string(version));
    join_request j;
    auto normal = domain::normalize_join_code(*code);
    if (!normal) return error::in_field(errc::invalid_field, "code", "code is not a join code");
    j.code = *normal;
    if (name.has_value() == token.has_value())
        return error::in_field(errc::invalid_field, name ? "token" : "name", "give either a name or a token");
    j.name = std::move(name);
    j.token = std::move(token);
    j.since = since;
    return client_message{std::move(j)};
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

    auto row = std::find_if(command_table.begin(), command_table.end(), [&](const auto& r) { return r.type == type; });
    if (row == command_table.end()) return {ref, error::make(errc::unknown_type, "unknown message type")};

    field_reader f(obj, row->fields);
    auto raw_ref = f.string("ref", true, max_ref_chars);
    if (raw_ref && !valid_ref(*raw_ref))
        f.fail("ref", "must be 1 to 64 characters from A-Z a-z 0-9 - _ . :");
    command cmd = row->read(f);
    if (auto e = f.finish()) return {ref, *e};
    return {ref, client_message{command_request{ref, std::move(cmd)}}};
}

domain::result<create_session_request> parse_create_session(std::string_view body) {
    auto parsed = parse_object(body);
    if (!parsed) return parsed.err();
    const json& obj = parsed.value();
    field_reader f(obj, "title question facilitator_name columns");
    create_session_request req;
    req.title = f.string("title", true).value_or("");
    req.question = f.string("question", true).value_or("");
    req.facilitator_name = f.string("facilitator_name", false);
    if (auto it = obj.find("columns"); it != obj.end() && !it->is_null()) {
        if (!it->is_array() || !std::all_of(it->begin(), it->end(), [](const json& c) { return c.is_string(); }))
            f.fail("columns", "must be an array of strings");
        else if (it->empty() || it->size() > domain::limits::columns_per_session)
            f.fail("columns", "must hold 1 to " + std::to_string(domain::limits::columns_per_session) + " titles");
        else
            for (const auto& c : *it) req.columns.push_back(c.get<std::string>());
    }
    if (auto e = f.finish()) return *e;
    return req;
}

}  // namespace samskab::protocol
