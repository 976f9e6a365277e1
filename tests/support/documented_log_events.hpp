// README.md's table of log events ("Logs": | `event` | level | `field`, `field` | when |),
// read by the tests that hold the server's catalogue (server/net/log_test.cpp) and a
// live server's lines (tests/integration/logging_test.cpp) to it.
#pragma once

#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <utility>

namespace samskab::testing {

struct documented_event {
    std::string level;
    std::set<std::string> fields;
};

// The events of the README at readme_path, by name; empty if it has no "### Logs" table.
inline std::map<std::string, documented_event> documented_log_events(const std::string& readme_path) {
    std::ifstream in(readme_path);
    std::stringstream text;
    text << in.rdbuf();
    const std::string readme = text.str();
    const auto from = readme.find("\n### Logs");
    if (from == std::string::npos) return {};
    const std::string section = readme.substr(from, readme.find("\n#", from + 5) - from);
    std::map<std::string, documented_event> rows;
    const std::regex row(R"(\n\| `([a-z_]+)` \| (debug|info|warn|error) \|([^|]*)\|)");
    const std::regex code("`([a-z_]+)`");
    for (std::sregex_iterator it(section.begin(), section.end(), row), end; it != end; ++it) {
        documented_event e{(*it)[2], {}};
        const std::string list = (*it)[3];
        for (std::sregex_iterator f(list.begin(), list.end(), code); f != end; ++f) e.fields.insert((*f)[1]);
        rows[(*it)[1]] = std::move(e);
    }
    return rows;
}

}  // namespace samskab::testing
