// A pre-parse check of JSON nesting depth, so that no parser ever recurses deeper
// than the limit on hostile input.
#pragma once

#include <string_view>

namespace samskab::protocol {

// True if no object or array in text is nested deeper than max_depth (a top-level
// object has depth 1). Brackets inside strings do not count. Does not validate the
// JSON otherwise; runs in one pass and never fails on any input.
bool within_depth(std::string_view text, int max_depth) noexcept;

}  // namespace samskab::protocol
