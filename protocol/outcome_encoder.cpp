// The outcome report's body (see outcome.hpp).
#include "protocol/outcome.hpp"

#include "protocol/json_objects.hpp"
#include "protocol/time_format.hpp"

namespace samskab::protocol {

using json = nlohmann::ordered_json;
using namespace samskab::domain;

std::string encode_reader(const outcome_reader& r) {
    using k = outcome_reader::kind;
    return objects::dump(json{{"kind", r.by == k::workspace ? "workspace" : r.by == k::receipt ? "receipt" : "participant"},
                              {"role", r.role},
                              {"participant", r.participant}});
}

std::string encode_outcome(const outcome_answer& a) {
    json participation = json::object();
    for (const auto& [r, p] : a.participation)
        participation[std::string(to_string(r))] = json{{"joined", p.joined}, {"active", p.active}};
    json timeline = json::array();
    for (const auto& s : a.timeline)
        timeline.push_back(json{{"phase", to_string(s.which)},
                                {"started_at", format_time(s.started_at)},
                                {"ended_at", s.ended_at ? json(format_time(*s.ended_at)) : json(nullptr)},
                                {"seconds", s.seconds}});
    // Member by member, to put the snapshot's text in as it is.
    std::string out = R"({"format":1,"generated_at":)";
    out += objects::dump(json(format_time(a.generated_at)));
    out += R"(,"reader":)";
    out += encode_reader(a.reader);
    out += R"(,"snapshot":)";
    out += a.snapshot;
    out += R"(,"participation":)";
    out += objects::dump(participation);
    out += R"(,"timeline":)";
    out += objects::dump(timeline);
    out += R"(,"timeline_complete":)";
    out += a.timeline_complete ? "true" : "false";
    out += '}';
    return out;
}

std::optional<phase> phase_of_stored_change(std::string_view event_text) {
    const json j = json::parse(event_text, nullptr, false);
    if (j.is_discarded() || !j.is_object()) return std::nullopt;
    const auto type = j.find("type");
    const auto controls = j.find("controls");
    if (type == j.end() || *type != "controls.updated" || controls == j.end() || !controls->is_object())
        return std::nullopt;
    const auto p = controls->find("phase");
    if (p == controls->end() || !p->is_string()) return std::nullopt;
    return phase_from_string(p->get_ref<const std::string&>());
}

}  // namespace samskab::protocol
