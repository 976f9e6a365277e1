// Names taken out of texts already sent (see name_removal.hpp).
#include "protocol/name_removal.hpp"

#include "domain/retention.hpp"

#include <nlohmann/json.hpp>

namespace samskab::protocol {

namespace {

using json = nlohmann::ordered_json;

// Replaces the names in j and below; whether anything changed.
bool scrub(json& j) {
    bool changed = false;
    if (j.is_array()) {
        for (auto& e : j) changed = scrub(e) || changed;
        return changed;
    }
    if (!j.is_object()) return false;
    auto relabel = [&](const char* name_key, const char* id_key) {
        const auto name = j.find(name_key);
        const auto id = j.find(id_key);
        if (name == j.end() || !name->is_string() || id == j.end() || !id->is_number_integer()) return;
        std::string label = domain::removed_name(id->get<domain::participant_id>());
        if (name->get_ref<const std::string&>() == label) return;
        *name = std::move(label);
        changed = true;
    };
    if (!j.contains("column") && !j.contains("type")) relabel("name", "id");
    relabel("by_name", "by");
    for (auto& [key, value] : j.items()) changed = scrub(value) || changed;
    return changed;
}

}  // namespace

std::string without_names(std::string_view text) {
    json j = json::parse(text, nullptr, false);
    if (j.is_discarded() || !scrub(j)) return std::string(text);
    return j.dump();
}

}  // namespace samskab::protocol
