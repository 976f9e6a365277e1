// A workspace's trial actions as management reviews them (see portfolio.hpp).
#include "domain/portfolio.hpp"

#include "domain/text.hpp"
#include "domain/trials.hpp"

#include <algorithm>
#include <array>
#include <map>

namespace samskab::domain {

namespace {

// The cluster, else the column, of the first of its ideas still on the board.
std::string theme_of(const workshop& w, const trial_action& t) {
    for (idea_id id : t.from_ideas) {
        const idea* i = w.ideas().find_idea(id);
        if (!i) continue;
        if (i->group != 0)
            if (const cluster* c = w.ideas().find_cluster(i->group)) return c->name;
        if (const column_slot* c = w.ideas().find_column(i->column)) return c->item.title;
    }
    return {};
}

std::string folded(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

// -1, 0 or 1 as a comes before, with or after b under `by`.
int compare_by(portfolio_sort by, const portfolio_entry& a, const portfolio_entry& b) {
    auto cmp = [](const auto& x, const auto& y) { return x < y ? -1 : (y < x ? 1 : 0); };
    switch (by) {
        case portfolio_sort::review_date: {
            const bool ha = !a.action.review_date.empty(), hb = !b.action.review_date.empty();
            if (ha != hb) return ha ? -1 : 1;
            return cmp(a.action.review_date, b.action.review_date);
        }
        case portfolio_sort::created:
            return cmp(a.action.created_at, b.action.created_at);
        case portfolio_sort::last_check_in: {
            const bool ha = a.last_check_in.has_value(), hb = b.last_check_in.has_value();
            if (ha != hb) return ha ? 1 : -1;
            return ha ? cmp(a.last_check_in->at, b.last_check_in->at) : 0;
        }
        case portfolio_sort::title:
            return cmp(folded(a.action.title), folded(b.action.title));
        case portfolio_sort::status:
            return cmp(static_cast<int>(a.action.status), static_cast<int>(b.action.status));
    }
    return 0;
}

// Whether a comes before b under `by`; ties go by session and id.
bool ordered_before(portfolio_sort by, const portfolio_entry* a, const portfolio_entry* b) {
    if (int c = compare_by(by, *a, *b); c != 0) return c < 0;
    return a->ref() < b->ref();
}

constexpr std::array<std::pair<portfolio_sort, std::string_view>, 5> sort_names{{
    {portfolio_sort::review_date, "review_date"},
    {portfolio_sort::created, "created"},
    {portfolio_sort::last_check_in, "last_check_in"},
    {portfolio_sort::title, "title"},
    {portfolio_sort::status, "status"},
}};

}  // namespace

portfolio_part portfolio_part_of(const workshop& w) {
    portfolio_part part;
    for (const auto& [id, t] : w.trial_actions().all()) {
        if (w.shows_live(t)) continue;  // a view: its home gives it
        portfolio_entry e{w.info().id, w.info().title, t, theme_of(w, t), std::nullopt, 0, t.learnings.size(),
                          std::nullopt};
        e.action.learnings.clear();
        for (const auto& l : t.learnings)
            if (l.checked_in) {
                ++e.check_ins;
                e.last_check_in = l;
            }
        part.made_here.push_back(std::move(e));
    }
    std::map<trial_id, std::size_t> index;
    for (std::size_t k = 0; k < part.made_here.size(); ++k) index[part.made_here[k].action.id] = k;
    for (const auto& d : w.decisions()) {
        if (d.on != target_kind::trial_action) continue;
        if (auto it = index.find(d.target); it != index.end()) {
            part.made_here[it->second].last_decision = d;  // decisions are in the order made
        } else if (const trial_action* v = w.trial_actions().find(d.target); v && w.shows_live(*v)) {
            part.decided_here.emplace_back(trial_ref{v->origin_session, v->origin_trial}, d);
        }
    }
    return part;
}

std::vector<portfolio_entry> assemble(const std::vector<const portfolio_part*>& parts,
                                      const std::function<bool(const trial_ref&)>& wanted) {
    std::vector<portfolio_entry> all;
    std::map<trial_ref, std::size_t> index;
    for (const portfolio_part* p : parts)
        for (const auto& e : p->made_here) {
            if (wanted && !wanted(e.ref())) continue;
            index[e.ref()] = all.size();
            all.push_back(e);
        }
    for (const portfolio_part* p : parts)
        for (const auto& [ref, d] : p->decided_here)
            if (auto it = index.find(ref); it != index.end()) {
                auto& last = all[it->second].last_decision;
                if (!last || d.at > last->at) last = d;
            }
    return all;
}

std::vector<portfolio_entry> assemble(const std::vector<portfolio_part>& parts) {
    std::vector<const portfolio_part*> each;
    for (const auto& p : parts) each.push_back(&p);
    return assemble(each);
}

std::set<trial_ref> changed_rows(const portfolio_part& before, const portfolio_part& after) {
    std::set<trial_ref> out;
    std::map<trial_ref, const portfolio_entry*> was;
    for (const auto& e : before.made_here) was.emplace(e.ref(), &e);
    for (const auto& e : after.made_here) {
        auto it = was.find(e.ref());
        if (it == was.end() || !(*it->second == e)) out.insert(e.ref());
        if (it != was.end()) was.erase(it);
    }
    for (const auto& [ref, e] : was) out.insert(ref);  // no longer made here
    // Decisions are only ever added, but compare both ways all the same.
    auto decided = [](const portfolio_part& p) {
        std::set<std::pair<trial_ref, decision_id>> s;
        for (const auto& [ref, d] : p.decided_here) s.emplace(ref, d.id);
        return s;
    };
    const auto old_decided = decided(before), new_decided = decided(after);
    for (const auto& x : new_decided)
        if (!old_decided.contains(x)) out.insert(x.first);
    for (const auto& x : old_decided)
        if (!new_decided.contains(x)) out.insert(x.first);
    return out;
}

std::optional<std::chrono::sys_days> day_of(std::string_view s) {
    if (!valid_date(s)) return std::nullopt;
    auto num = [&](std::size_t at, std::size_t len) {
        int n = 0;
        for (std::size_t k = at; k < at + len; ++k) n = n * 10 + (s[k] - '0');
        return n;
    };
    return std::chrono::sys_days{std::chrono::year{num(0, 4)} / std::chrono::month{static_cast<unsigned>(num(5, 2))} /
                                 std::chrono::day{static_cast<unsigned>(num(8, 2))}};
}

bool is_overdue(const portfolio_entry& e, std::chrono::sys_days today) {
    if (!under_way(e.action.status)) return false;
    const auto due = day_of(e.action.review_date);
    return due && *due < today;
}

std::int64_t age_days(const portfolio_entry& e, std::chrono::sys_days today) {
    const auto made = std::chrono::floor<std::chrono::days>(e.action.created_at);
    return today > made ? (today - made).count() : 0;
}

std::size_t running_count(const std::vector<portfolio_entry>& all) {
    return static_cast<std::size_t>(std::count_if(
        all.begin(), all.end(), [](const portfolio_entry& e) { return e.action.status == trial_status::running; }));
}

std::size_t running_count(const std::vector<const portfolio_part*>& parts) {
    std::size_t n = 0;
    for (const portfolio_part* p : parts)
        for (const auto& e : p->made_here)
            if (e.action.status == trial_status::running) ++n;
    return n;
}

bool is_overloaded(std::size_t running, std::int64_t limit) {
    return limit > 0 && static_cast<std::int64_t>(running) > limit;
}

bool is_overloaded(const std::vector<portfolio_entry>& all, std::int64_t limit) {
    return is_overloaded(running_count(all), limit);
}

std::vector<trial_ref> spread_of(const std::vector<const portfolio_part*>& parts) {
    std::vector<const portfolio_entry*> marked;
    for (const portfolio_part* p : parts)
        for (const auto& e : p->made_here)
            if (e.action.spread) marked.push_back(&e);
    std::sort(marked.begin(), marked.end(),
              [](const portfolio_entry* a, const portfolio_entry* b) { return ordered_before(portfolio_sort::title, a, b); });
    std::vector<trial_ref> out;
    out.reserve(marked.size());
    for (const portfolio_entry* e : marked) out.push_back(e->ref());
    return out;
}

std::string_view to_string(portfolio_sort s) {
    for (const auto& [v, n] : sort_names)
        if (v == s) return n;
    return {};
}

std::optional<portfolio_sort> portfolio_sort_from_string(std::string_view s) {
    for (const auto& [v, n] : sort_names)
        if (n == s) return v;
    return std::nullopt;
}

std::vector<const portfolio_entry*> select(const std::vector<portfolio_entry>& all, const portfolio_filter& f,
                                           portfolio_sort by, std::chrono::sys_days today) {
    std::vector<const portfolio_entry*> out;
    for (const auto& e : all) {
        if (f.status && e.action.status != *f.status) continue;
        if (f.overdue && !is_overdue(e, today)) continue;
        if (f.session_id && e.session_id != *f.session_id) continue;
        if (f.owner && std::none_of(e.action.owners.begin(), e.action.owners.end(),
                                    [&](const owner& o) { return same_name(o.name, *f.owner); }))
            continue;
        if (f.result && e.action.result != *f.result) continue;
        if (f.theme && !same_name(e.theme, *f.theme)) continue;
        if (f.spread && e.action.spread != *f.spread) continue;
        out.push_back(&e);
    }
    std::sort(out.begin(), out.end(),
              [by](const portfolio_entry* a, const portfolio_entry* b) { return ordered_before(by, a, b); });
    return out;
}

}  // namespace samskab::domain
