// Bracket counting outside of strings (see json_depth.hpp).
#include "protocol/json_depth.hpp"

namespace samskab::protocol {

bool within_depth(std::string_view text, int max_depth) noexcept {
    int depth = 0;
    bool in_string = false;
    bool escaped = false;
    for (char c : text) {
        if (in_string) {
            if (escaped) escaped = false;
            else if (c == '\\') escaped = true;
            else if (c == '"') in_string = false;
            continue;
        }
        if (c == '"') in_string = true;
        else if (c == '{' || c == '[') {
            if (++depth > max_depth) return false;
        } else if (c == '}' || c == ']') {
            --depth;
        }
    }
    return true;
}

}  // namespace samskab::protocol
