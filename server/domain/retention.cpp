// Retention (see retention.hpp).
#include "domain/retention.hpp"

namespace samskab::domain {

std::string removed_name(participant_id id) { return id > 0 ? "#" + std::to_string(id) : std::string("\u2014"); }

std::map<std::string, std::string> remove_names(workshop_state& st) {
    std::map<std::string, std::string> was;
    auto replace = [&](std::string& name, participant_id id) {
        std::string label = removed_name(id);
        if (name == label) return;  // removed before
        was.emplace(name, label);
        name = std::move(label);
    };
    for (auto& p : st.participants) replace(p.name, p.id);
    for (auto& t : st.trials) {
        for (auto& o : t.owners) replace(o.name, o.id);
        for (auto& l : t.learnings) replace(l.by_name, l.by);
        for (auto& m : t.review_moves) replace(m.by_name, m.by);
    }
    for (auto& d : st.decisions) replace(d.by_name, d.by);
    return was;
}

std::chrono::sys_days names_removed_on(time_point closed, std::int64_t months) {
    using namespace std::chrono;
    const year_month_day day{floor<days>(closed)};
    year_month_day later = day + std::chrono::months{months};
    if (!later.ok()) later = later.year() / later.month() / last;
    return sys_days{later};
}

}  // namespace samskab::domain
