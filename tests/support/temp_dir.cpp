// Temporary folders for tests (see temp_dir.hpp).
#include "support/temp_dir.hpp"

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace samskab::testing {

temp_dir::temp_dir(const std::filesystem::path& parent) {
    const auto in = parent.empty() ? std::filesystem::temp_directory_path() : parent;
    std::string pattern = (in / "samskab-test-XXXXXX").string();
    if (!::mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
}

temp_dir::~temp_dir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
}

std::string file_bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    if (in) out << in.rdbuf();
    return out.str();
}

}  // namespace samskab::testing
