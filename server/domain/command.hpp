// Commands: what a participant asks to change on a board. A command is a request; the
// board decides whether it is allowed and, if so, turns it into an event (event.hpp).
#pragma once

#include "domain/types.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <variant>

namespace samskab::domain {

struct add_idea {
    column_id column = 0;
    std::optional<std::int64_t> index;  // position in the column; end when absent
    std::string text;
};

struct edit_idea {
    idea_id id = 0;
    std::int64_t base_version = 0;  // the version the author was looking at
    std::string text;
};

struct move_idea {
    idea_id id = 0;
    std::int64_t base_version = 0;
    column_id column = 0;
    std::int64_t index = 0;  // position in the target column, after removal from the source
};

struct delete_idea {
    idea_id id = 0;
    std::int64_t base_version = 0;
};

struct add_column {
    std::string title;
    std::optional<std::int64_t> index;  // end when absent
};

struct rename_column {
    column_id id = 0;
    std::string title;
};

struct move_column {
    column_id id = 0;
    std::int64_t index = 0;
};

struct delete_column {
    column_id id = 0;
};

struct update_session {
    std::optional<std::string> title;
    std::optional<std::string> question;
};

using command = std::variant<add_idea, edit_idea, move_idea, delete_idea, add_column, rename_column,
                             move_column, delete_column, update_session>;

}  // namespace samskab::domain
