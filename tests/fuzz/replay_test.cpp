// Replays the fuzzing corpus and every input that once made the fuzzer fail, so that
// each stays fixed in every build, with or without clang.
#include "fuzz_input.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;

TEST_CASE("every fuzzing seed and regression input runs cleanly", "[protocol]") {
    std::size_t files = 0;
    for (const char* dir : {"corpus", "regressions"}) {
        const fs::path path = fs::path(SAMSKAB_FUZZ_DIR) / dir;
        for (const auto& entry : fs::directory_iterator(path)) {
            if (!entry.is_regular_file() || entry.path().filename() == "README.md") continue;
            std::ifstream in(entry.path(), std::ios::binary);
            std::stringstream buf;
            buf << in.rdbuf();
            const std::string data = buf.str();
            INFO(entry.path());
            samskab::fuzzing::fuzz_messages(reinterpret_cast<const std::uint8_t*>(data.data()), data.size());
            ++files;
        }
    }
    CHECK(files >= 40);
}
