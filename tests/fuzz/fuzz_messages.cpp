// The libFuzzer target over client messages (see fuzz_input.hpp). Built with
// -DSAMSKAB_FUZZ=ON and clang; run by scripts/test with the seed corpus in corpus/.
#include "fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    samskab::fuzzing::fuzz_messages(data, size);
    return 0;
}
