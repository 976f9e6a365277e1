// The fuzzing entry point shared by the libFuzzer target (fuzz_messages.cpp) and the
// regression test that replays the corpus and every crash found (replay_test.cpp).
#pragma once

#include <cstddef>
#include <cstdint>

namespace samskab::fuzzing {

// Treats data as client messages, one per line: parses each, and runs every command
// through a session with one participant of each role, as each role would send it:
// decide, apply, encode for every kind of recipient, collect the rows to write. Also
// parses the whole input as a create-session body. Must never crash, leak or trip a
// sanitizer, whatever the input.
void fuzz_messages(const std::uint8_t* data, std::size_t size);

}  // namespace samskab::fuzzing
