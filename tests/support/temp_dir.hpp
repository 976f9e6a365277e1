// temp_dir: a fresh folder under the system's temporary directory (or under `parent`),
// removed with everything in it when the object goes away; and reading a file whole.
// For tests.
#pragma once

#include <filesystem>
#include <string>

namespace samskab::testing {

class temp_dir {
public:
    explicit temp_dir(const std::filesystem::path& parent = {});
    ~temp_dir();
    temp_dir(const temp_dir&) = delete;
    temp_dir& operator=(const temp_dir&) = delete;

    const std::filesystem::path& path() const { return path_; }
    std::string file(const std::string& name) const { return (path_ / name).string(); }

private:
    std::filesystem::path path_;
};

// Every byte of the file at path; "" if it cannot be read (or is not there).
std::string file_bytes(const std::string& path);

}  // namespace samskab::testing
