// Text normalisation and UTF-8 validation (see text.hpp).
#include "domain/text.hpp"

#include <cstdint>
#include <string>

namespace samskab::domain {

namespace {

// Decodes one code point starting at s[i]; advances i. Returns -1 when malformed.
std::int32_t decode_one(std::string_view s, std::size_t& i) noexcept {
    const auto b0 = static_cast<unsigned char>(s[i]);
    if (b0 < 0x80) {
        ++i;
        return b0;
    }
    int extra = 0;
    std::int32_t cp = 0;
    std::int32_t min = 0;
    if ((b0 & 0xE0) == 0xC0) { extra = 1; cp = b0 & 0x1F; min = 0x80; }
    else if ((b0 & 0xF0) == 0xE0) { extra = 2; cp = b0 & 0x0F; min = 0x800; }
    else if ((b0 & 0xF8) == 0xF0) { extra = 3; cp = b0 & 0x07; min = 0x10000; }
    else return -1;
    if (i + static_cast<std::size_t>(extra) >= s.size()) return -1;
    for (int k = 1; k <= extra; ++k) {
        const auto b = static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]);
        if ((b & 0xC0) != 0x80) return -1;
        cp = (cp << 6) | (b & 0x3F);
    }
    // Overlong encodings, UTF-16 surrogates and values past Unicode's range are invalid.
    if (cp < min || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) return -1;
    i += static_cast<std::size_t>(extra) + 1;
    return cp;
}

bool is_space(char c) noexcept { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// The code points of a name as same_name compares them: letters of ASCII and Latin-1 in
// lower case, each run of white space as one space, none at either end; a malformed
// byte as U+FFFD.
std::u32string folded_name(std::string_view s) {
    std::u32string out;
    for (std::size_t i = 0; i < s.size();) {
        std::int32_t cp = decode_one(s, i);
        if (cp < 0) {
            ++i;
            cp = 0xFFFD;
        }
        if (cp == '\t' || cp == '\n' || cp == '\r') cp = ' ';
        if (cp == ' ' && (out.empty() || out.back() == U' ')) continue;
        if ((cp >= 'A' && cp <= 'Z') || (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7)) cp += 0x20;
        out.push_back(static_cast<char32_t>(cp));
    }
    if (!out.empty() && out.back() == U' ') out.pop_back();
    return out;
}

}  // namespace

bool same_name(std::string_view a, std::string_view b) { return folded_name(a) == folded_name(b); }

std::size_t utf8_length(std::string_view s) noexcept {
    std::size_t n = 0;
    for (std::size_t i = 0; i < s.size(); ++n)
        if (decode_one(s, i) < 0) return std::string_view::npos;
    return n;
}

result<std::string> clean_text(std::string_view raw, const text_rule& rule) {
    const std::string field(rule.field);
    if (utf8_length(raw) == std::string_view::npos)
        return error::in_field(errc::invalid_field, field, field + " is not valid UTF-8");

    // Line breaks first, so that a lone CR never survives and trimming sees LFs only.
    std::string out;
    out.reserve(raw.size());
    for (std::size_t i = 0; i < raw.size(); ++i) {
        char c = raw[i];
        if (c == '\r') {
            if (i + 1 < raw.size() && raw[i + 1] == '\n') ++i;
            c = '\n';
        }
        if (c == '\n' && !rule.multiline) c = ' ';
        out.push_back(c);
    }

    std::size_t b = 0, e = out.size();
    while (b < e && is_space(out[b])) ++b;
    while (e > b && is_space(out[e - 1])) --e;
    out = out.substr(b, e - b);

    if (out.empty()) return error::in_field(errc::invalid_field, field, field + " must not be empty");

    for (std::size_t i = 0; i < out.size();) {
        const std::int32_t cp = decode_one(out, i);
        const bool control = cp < 0x20 || (cp >= 0x7F && cp <= 0x9F);
        if (control && cp != '\t' && cp != '\n')
            return error::in_field(errc::invalid_field, field, field + " contains a control character");
    }

    const std::size_t chars = utf8_length(out);
    if (chars > rule.max_chars) {
        error too_long = error::in_field(errc::too_long, field,
                                         field + " is longer than " + std::to_string(rule.max_chars) + " characters");
        too_long.limit = static_cast<std::int64_t>(rule.max_chars);
        return too_long;
    }
    return out;
}

}  // namespace samskab::domain
