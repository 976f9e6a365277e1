// Join code normalisation (see join_code.hpp).
#include "domain/join_code.hpp"

namespace samskab::domain {

std::optional<std::string> normalize_join_code(std::string_view s) {
    std::string out;
    for (char c : s) {
        if (c == ' ' || c == '-') continue;
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
        if (join_code_alphabet.find(c) == std::string_view::npos) return std::nullopt;
        if (out.size() == join_code_length) return std::nullopt;
        out.push_back(c);
    }
    if (out.size() != join_code_length) return std::nullopt;
    return out;
}

std::string display_join_code(std::string_view code) {
    std::string out(code);
    if (out.size() == join_code_length) out.insert(join_code_length / 2, "-");
    return out;
}

}  // namespace samskab::domain
