// Events: accepted changes to a board. board::decide produces them, board::apply
// applies them, storage persists them and the protocol broadcasts them. Applying the
// same events in the same order to equal boards gives equal boards.
#pragma once

#include "domain/types.hpp"

#include <cstdint>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace samskab::domain {

// New ranks for every idea of one column, when inserting needed a fresh spread of
// ranks (see board.cpp). Empty in the common case.
using rerank_list = std::vector<std::pair<idea_id, std::int64_t>>;

struct idea_added {
    idea item;           // complete, with id, rank and author
    std::int64_t index;  // its position in its column
    rerank_list reranked;
};

struct idea_edited {
    idea_id id;
    std::string text;
    std::int64_t version;
};

struct idea_moved {
    idea_id id;
    column_id column;
    std::int64_t index;
    std::int64_t rank;
    std::int64_t version;
    rerank_list reranked;
};

struct idea_deleted {
    idea_id id;
};

struct column_added {
    column item;
    std::int64_t index;
};

struct column_renamed {
    column_id id;
    std::string title;
};

struct column_moved {
    column_id id;
    std::int64_t index;
};

struct column_deleted {
    column_id id;
};

struct session_updated {
    std::string title;
    std::string question;
};

using event = std::variant<idea_added, idea_edited, idea_moved, idea_deleted, column_added, column_renamed,
                           column_moved, column_deleted, session_updated>;

// An event as accepted into a session's history.
struct change {
    seq_t seq = 0;
    participant_id by = 0;  // who made it
    time_point at{};
    std::string ref;        // the client's reference for the command, for retries
    event what;
};

}  // namespace samskab::domain
