// Messages to JSON (see encoder.hpp). ordered_json keeps "type" first, which makes the
// text easier to read in a client's logs and in the protocol document.
#include "protocol/encoder.hpp"

#include "domain/join_code.hpp"
#include "domain/overloaded.hpp"
#include "protocol/json_objects.hpp"
#include "protocol/limits.hpp"
#include "protocol/time_format.hpp"

#include <cstdio>

namespace samskab::protocol {

using json = nlohmann::ordered_json;
using namespace samskab::domain;
namespace obj = objects;

namespace {

// Adds the new ranks that v may see, if there are any.
void add_reranked(json& j, const workshop& w, const rerank_list& reranked, const viewer& v) {
    if (reranked.empty()) return;
    json list = obj::rerank(w, reranked, v);
    if (!list.empty()) j["reranked"] = std::move(list);
}

// "unseen": the recipient may see nothing of this change (but the new ranks of ideas
// it may see, when the change gave its column new ones).
json unseen(const workshop& w, const viewer& v, bool about_private, const rerank_list& reranked = {}) {
    json j{{"type", "unseen"}};
    if (about_private) j["private_count"] = w.ideas().private_count();
    add_reranked(j, w, reranked, v);
    return j;
}

// Adds the totals of dots cast, which deletions and merges can change.
void add_vote_totals(json& j, const workshop& w) {
    j["dots_cast"] = w.votes().dots_cast();
    j["voters"] = w.votes().voter_count();
}

json visible_ideas(const workshop& w, const std::vector<idea_id>& ids, const viewer& v) {
    json out = json::array();
    for (idea_id id : ids)
        if (const idea* i = w.ideas().find_idea_for(v, id)) out.push_back(obj::idea(w, *i, v));
    return out;
}

// The event's own fields, as viewer v receives it.
json event_body(const change& c, const workshop& w, const viewer& v) {
    auto the_idea = [&](idea_id id) { return w.ideas().find_idea_for(v, id); };
    auto is_private = [&](idea_id id) {
        const idea* i = w.ideas().find_idea(id);
        return i && i->is_private;
    };
    // An idea changed: the whole idea to those who may see it.
    auto idea_updated = [&](idea_id id) -> json {
        const idea* i = the_idea(id);
        if (!i) return unseen(w, v, is_private(id));
        return json{{"type", "idea.updated"}, {"idea", obj::idea(w, *i, v)}};
    };
    return std::visit(
        overloaded{
            [&](const idea_added& e) -> json {
                const idea* i = the_idea(e.item.id);
                if (!i) return unseen(w, v, e.item.is_private, e.reranked);
                json j{{"type", "idea.added"}, {"idea", obj::idea(w, *i, v)}};
                add_reranked(j, w, e.reranked, v);
                if (e.item.is_private) j["private_count"] = w.ideas().private_count();
                return j;
            },
            [&](const idea_edited& e) -> json {
                const idea* i = the_idea(e.id);
                if (!i) return unseen(w, v, is_private(e.id));
                return json{{"type", "idea.edited"}, {"id", e.id}, {"text", e.text}, {"version", e.version},
                            {"updated_at", format_time(i->updated_at)}};
            },
            [&](const idea_moved& e) -> json {
                const idea* i = the_idea(e.id);
                if (!i) return unseen(w, v, is_private(e.id), e.reranked);
                json j{{"type", "idea.moved"}, {"id", e.id},           {"column", e.column},
                       {"rank", e.rank},       {"cluster", i->group},  {"version", e.version},
                       {"updated_at", format_time(i->updated_at)}};
                add_reranked(j, w, e.reranked, v);
                return j;
            },
            [&](const idea_deleted& e) -> json {
                if (!can_see(v, e.item)) return unseen(w, v, e.item.is_private);
                json j{{"type", "idea.deleted"}, {"id", e.id}};
                if (e.item.is_private) j["private_count"] = w.ideas().private_count();
                add_vote_totals(j, w);
                return j;
            },
            [&](const ideas_revealed& e) -> json {
                return json{{"type", "ideas.revealed"}, {"ideas", visible_ideas(w, e.ideas, v)}, {"private_count", 0}};
            },
            [&](const ideas_merged& e) -> json {
                // The workshop merges only ideas everyone may see; should one not be, it
                // stays unseen.
                const idea* into = the_idea(e.into);
                if (!into) return unseen(w, v, false);
                json j{{"type", "ideas.merged"},
                       {"into", obj::idea(w, *into, v)},
                       {"absorbed", visible_ideas(w, e.absorbed, v)},
                       {"dots_returned", !w.controls().votes_revealed}};
                add_vote_totals(j, w);
                if (w.controls().votes_revealed) j["results"] = obj::results(w, w.results(), v);
                return j;
            },
            [&](const fate_set& e) -> json { return idea_updated(e.id); },
            [&](const idea_moderated& e) -> json {
                // Withdrawn only from those who saw it: a private idea (its author may be a
                // facilitator hiding their own) was seen by nobody else, not even by id.
                const idea& now = *w.ideas().find_idea(e.id);
                idea before = now;
                before.moderated = !e.hidden;
                if (!can_see(v, before) && !can_see(v, now)) return unseen(w, v, now.is_private);
                if (e.hidden && !the_idea(e.id)) return json{{"type", "idea.withdrawn"}, {"id", e.id}};
                json j = idea_updated(e.id);
                if (!e.hidden && j["type"] == "idea.updated") {
                    // Those who had it withdrawn missed what was said about it meanwhile.
                    json comments = json::array();
                    for (const auto& [id, k] : w.talk().comments())
                        if (k.on == target_kind::idea && k.target == e.id && w.can_see_comment(v, k))
                            comments.push_back(obj::comment(w, k, v));
                    j["comments"] = std::move(comments);
                    const reaction_set* set = w.talk().reactions_on({target_kind::idea, e.id});
                    const reaction_set empty;
                    j["reactions"] = obj::reactions({target_kind::idea, e.id}, set ? *set : empty, nullptr);
                }
                return j;
            },
            [&](const column_added& e) -> json {
                return json{{"type", "column.added"}, {"column", json{{"id", e.item.id}, {"title", e.item.title}}},
                            {"index", e.index}};
            },
            [&](const column_renamed& e) -> json {
                return json{{"type", "column.renamed"}, {"id", e.id}, {"title", e.title}};
            },
            [&](const column_moved& e) -> json { return json{{"type", "column.moved"}, {"id", e.id}, {"index", e.index}}; },
            [&](const column_deleted& e) -> json { return json{{"type", "column.deleted"}, {"id", e.id}}; },
            [&](const cluster_created& e) -> json {
                json ids = json::array();
                for (idea_id id : e.ideas)
                    if (the_idea(id)) ids.push_back(id);
                return json{{"type", "cluster.created"}, {"cluster", obj::cluster(e.item)}, {"ideas", std::move(ids)}};
            },
            [&](const cluster_renamed& e) -> json {
                return json{{"type", "cluster.renamed"}, {"id", e.id}, {"name", e.name}};
            },
            [&](const cluster_assigned& e) -> json { return idea_updated(e.idea); },
            [&](const cluster_deleted& e) -> json { return json{{"type", "cluster.deleted"}, {"id", e.id}}; },
            [&](const vote_set& e) -> json {
                if (v.id != e.voter)
                    return json{{"type", "votes.progress"}, {"dots_cast", w.votes().dots_cast()},
                                {"voters", w.votes().voter_count()}};
                json mine = json::object();
                for (const auto& [id, dots] : w.votes().mine(e.voter)) mine[std::to_string(id)] = dots;
                return json{{"type", "vote.updated"},
                            {"mine", std::move(mine)},
                            {"dots_left", w.controls().options.vote_budget - w.votes().used_by(e.voter)},
                            {"dots_cast", w.votes().dots_cast()},
                            {"voters", w.votes().voter_count()}};
            },
            [&](const votes_revealed&) -> json {
                return json{{"type", "votes.revealed"}, {"results", obj::results(w, w.results(), v)}, {"controls", obj::controls(w)}};
            },
            [&](const votes_reset&) -> json { return json{{"type", "votes.reset"}, {"controls", obj::controls(w)}}; },
            [&](const comment_added& e) -> json {
                if (!w.can_see_comment(v, e.item)) return unseen(w, v, false);
                return json{{"type", "comment.added"}, {"comment", obj::comment(w, e.item, v)}};
            },
            [&](const comment_deleted& e) -> json {
                if (!w.can_see_comment(v, e.item)) return unseen(w, v, false);
                return json{{"type", "comment.deleted"}, {"id", e.id}};
            },
            [&](const comment_moderated& e) -> json {
                const comment& k = *w.talk().find(e.id);
                if (!w.can_see_target(v, k.on, k.target)) return unseen(w, v, false);
                if (!can_see(v, k)) return json{{"type", "comment.withdrawn"}, {"id", e.id}};
                return json{{"type", "comment.updated"}, {"comment", obj::comment(w, k, v)}};
            },
            [&](const reaction_toggled& e) -> json {
                if (!w.can_see_target(v, e.on, e.target)) return unseen(w, v, false);
                const reaction_set* set = w.talk().reactions_on({e.on, e.target});
                const reaction_set empty;
                json out{{"type", "reactions.updated"}};
                const json fields = obj::reactions({e.on, e.target}, set ? *set : empty, v.id == e.who ? &v : nullptr);
                for (const auto& [k, val] : fields.items()) out[k] = val;
                return out;
            },
            [&](const trial_saved& e) -> json {
                json j{{"type", "trial_action.saved"},
                       {"trial_action", obj::trial(*w.trial_actions().find(e.item.id), obj::learnings::left_out)}};
                if (e.created) j["ideas"] = visible_ideas(w, e.item.from_ideas, v);
                return j;
            },
            [&](const learning_added& e) -> json {
                return json{{"type", "trial_action.learning_added"},
                            {"trial_action", e.trial},
                            {"learning", obj::learning(e.item)},
                            {"version", e.version},
                            {"updated_at", format_time(e.updated_at)}};
            },
            [&](const trial_deleted& e) -> json {
                return json{{"type", "trial_action.deleted"}, {"id", e.id}, {"ideas", visible_ideas(w, e.ideas, v)}};
            },
            [&](const decision_recorded& e) -> json {
                json j{{"type", "decision.recorded"}, {"decision", obj::decision(w, e.item)}};
                if (e.item.on == target_kind::idea) {
                    if (const idea* i = the_idea(e.item.target)) j["idea"] = obj::idea(w, *i, v);
                } else if (const trial_action* t = w.trial_actions().find(e.item.target)) {
                    j["trial_action"] = obj::trial(*t, obj::learnings::left_out);
                }
                return j;
            },
            [&](const facilitation_set&) -> json { return json{{"type", "controls.updated"}, {"controls", obj::controls(w)}}; },
            [&](const participant_removed& e) -> json {
                // What was hidden with the removal: withdrawn from those who saw it and
                // no longer may, replaced for those who still may (the facilitators).
                json ideas = json::array(), withdrawn_ideas = json::array();
                for (const idea& before : e.hidden_ideas) {
                    if (!can_see(v, before)) continue;
                    if (const idea* now = the_idea(before.id)) ideas.push_back(obj::idea(w, *now, v));
                    else withdrawn_ideas.push_back(before.id);
                }
                json comments = json::array(), withdrawn_comments = json::array();
                for (const comment& before : e.hidden_comments) {
                    if (!can_see(v, before) || !w.can_see_target(v, before.on, before.target)) continue;
                    const comment* now = w.talk().find(before.id);
                    if (now && w.can_see_comment(v, *now)) comments.push_back(obj::comment(w, *now, v));
                    else withdrawn_comments.push_back(before.id);
                }
                return json{{"type", "participant.removed"},         {"id", e.id},
                            {"ideas", std::move(ideas)},             {"withdrawn_ideas", std::move(withdrawn_ideas)},
                            {"comments", std::move(comments)},       {"withdrawn_comments", std::move(withdrawn_comments)}};
            },
            [&](const invite_set&) -> json {
                if (!facilitates(v.role_)) return unseen(w, v, false);
                return json{{"type", "invites.updated"}, {"invites", obj::invites(w)}};
            },
            [&](const session_updated&) -> json { return json{{"type", "session.updated"}, {"session", obj::session(w.info())}}; },
            [&](const session_closed&) -> json { return json{{"type", "session.closed"}, {"session", obj::session(w.info())}}; },
        },
        c.what);
}

}  // namespace

bool varies_by_viewer(const event& e) {
    return std::visit(overloaded{
                          [](const column_added&) { return false; },
                          [](const column_renamed&) { return false; },
                          [](const column_moved&) { return false; },
                          [](const column_deleted&) { return false; },
                          [](const cluster_renamed&) { return false; },
                          [](const cluster_deleted&) { return false; },
                          [](const votes_revealed&) { return true; },  // the results name only ideas one may see
                          [](const votes_reset&) { return false; },
                          [](const trial_saved& t) { return t.created; },  // a new one carries its ideas
                          [](const learning_added&) { return false; },      // learnings are always named
                          [](const facilitation_set&) { return false; },
                          [](const participant_removed& r) {  // what it hid is seen differently
                              return !r.hidden_ideas.empty() || !r.hidden_comments.empty();
                          },
                          [](const session_updated&) { return false; },
                          [](const session_closed&) { return false; },
                          [](const auto&) { return true; },
                      },
                      e);
}

std::string encode_event(const change& c, const workshop& after, const viewer& to) {
    json j = event_body(c, after, to);
    j["seq"] = c.seq;
    j["at"] = format_time(c.at);
    return obj::dump(j);
}

std::string encode_snapshot(const workshop& w, const viewer& to) {
    json columns = json::array();
    for (const auto& slot : w.ideas().columns()) columns.push_back(json{{"id", slot.item.id}, {"title", slot.item.title}});
    json clusters = json::array();
    for (const auto& [id, c] : w.ideas().clusters()) clusters.push_back(obj::cluster(c));
    json ideas = json::array();
    std::vector<const idea*> sorted;
    for (const auto& [id, i] : w.ideas().ideas())
        if (can_see(to, i)) sorted.push_back(&i);
    std::sort(sorted.begin(), sorted.end(), [](const idea* a, const idea* b) { return a->id < b->id; });
    for (const idea* i : sorted) ideas.push_back(obj::idea(w, *i, to));

    json mine = json::object();
    for (const auto& [id, dots] : w.votes().mine(to.id)) mine[std::to_string(id)] = dots;
    json votes{{"mine", std::move(mine)},
               {"dots_left", w.controls().options.vote_budget - w.votes().used_by(to.id)},
               {"dots_cast", w.votes().dots_cast()},
               {"voters", w.votes().voter_count()},
               {"results", w.controls().votes_revealed ? obj::results(w, w.results(), to) : json(nullptr)}};

    json comments = json::array();
    for (const auto& [id, c] : w.talk().comments())
        if (w.can_see_comment(to, c)) comments.push_back(obj::comment(w, c, to));
    json reactions = json::array();
    for (const auto& [target, set] : w.talk().reactions())
        if (w.can_see_target(to, target.first, target.second)) reactions.push_back(obj::reactions(target, set, &to));
    json trials = json::array();
    for (const auto& [id, t] : w.trial_actions().all()) trials.push_back(obj::trial(t, obj::learnings::included));
    json decisions = json::array();
    for (const auto& d : w.decisions()) decisions.push_back(obj::decision(w, d));

    json j{{"type", "snapshot"},
           {"seq", w.seq()},
           {"session", obj::session(w.info())},
           {"controls", obj::controls(w)},
           {"columns", std::move(columns)},
           {"clusters", std::move(clusters)},
           {"ideas", std::move(ideas)},
           {"private_count", w.ideas().private_count()},
           {"votes", std::move(votes)},
           {"comments", std::move(comments)},
           {"reactions", std::move(reactions)},
           {"trial_actions", std::move(trials)},
           {"decisions", std::move(decisions)}};
    if (facilitates(to.role_)) j["invites"] = obj::invites(w);
    return obj::dump(j);
}

std::string encode_welcome(const workshop& w, const welcome_info& info) {
    json j{{"type", "welcome"},
           {"protocol", version},
           {"server_time", format_time(info.server_time)},
           {"session", obj::session(w.info())},
           {"you", json{{"id", info.you->id}, {"name", info.you->name}, {"role", to_string(info.you->role_)}}}};
    if (info.token) j["token"] = *info.token;
    if (!info.receipt.empty()) j["receipt"] = info.receipt;
    j["seq"] = info.seq;
    j["resume"] = info.snapshot ? "snapshot" : "events";
    j["pending_refs"] = info.pending_refs;
    j["recent_refs"] = info.recent_refs;
    return obj::dump(j);
}

std::string encode_ack(std::string_view ref, seq_t seq, std::string_view event_text) {
    std::string out = R"({"type":"ack","ref":)";
    out += obj::dump(json(std::string(ref)));
    out += R"(,"seq":)";
    out += std::to_string(seq);
    out += R"(,"event":)";
    out += event_text;
    out += '}';
    return out;
}

std::string encode_error(std::string_view ref, const error& e, const workshop* w, const viewer* to) {
    json j{{"type", "error"}};
    if (!ref.empty()) j["ref"] = std::string(ref);
    j["code"] = to_string(e.code);
    j["message"] = e.message;
    if (!e.field.empty()) j["field"] = e.field;
    if (e.limit) j["limit"] = *e.limit;
    if (e.retry_after_s) j["retry_after"] = *e.retry_after_s;
    if (e.current && w && to && can_see(*to, *e.current)) j["current"] = obj::idea(*w, *e.current, *to);
    if (e.current_trial) j["current"] = obj::trial(*e.current_trial, obj::learnings::left_out);
    return obj::dump(j);
}

namespace {

json presence_json(const presence_entry& p) {
    return json{{"id", p.id}, {"name", p.name}, {"role", to_string(p.role_)}, {"online", p.online}};
}

json presence_list(const std::vector<presence_entry>& people, bool with_names) {
    if (!with_names) return nullptr;
    json list = json::array();
    for (const auto& p : people) list.push_back(presence_json(p));
    return list;
}

json counts_json(const presence_counts& counts) {
    json out = json::object();
    for (const auto& [r, c] : counts) out[std::string(to_string(r))] = json{{"online", c.online}, {"total", c.total}};
    return out;
}

}  // namespace

std::string encode_presence(const std::vector<presence_entry>& people, std::size_t more, const presence_counts& counts,
                            bool with_names) {
    return obj::dump(json{{"type", "presence"},
                          {"participants", presence_list(people, with_names)},
                          {"more", with_names ? more : 0},
                          {"counts", counts_json(counts)}});
}

std::string encode_presence_changed(const std::vector<presence_entry>& changed, const presence_counts& counts,
                                    bool with_names) {
    return obj::dump(json{{"type", "presence.changed"},
                          {"participants", presence_list(changed, with_names)},
                          {"counts", counts_json(counts)}});
}

std::string encode_participants(std::string_view ref, const std::vector<participant_activity>& people,
                                std::size_t total, bool with_counts) {
    json list = json::array();
    for (const auto& p : people) {
        json j = presence_json(p.who);
        j["removed"] = p.removed;
        j["ideas"] = with_counts ? json(p.ideas) : json(nullptr);
        j["comments"] = with_counts ? json(p.comments) : json(nullptr);
        list.push_back(std::move(j));
    }
    return obj::dump(json{{"type", "participants"},
                          {"ref", std::string(ref)},
                          {"participants", std::move(list)},
                          {"total", total},
                          {"more", total > people.size()}});
}

std::string encode_invites(const std::vector<invite_link>& invites) {
    json list = json::array();
    for (const auto& i : invites)
        list.push_back(json{{"role", to_string(i.role_)}, {"token", i.token}, {"active", i.active},
                            {"created_at", format_time(i.created_at)}});
    return obj::dump(json{{"type", "invites"}, {"invites", std::move(list)}});
}

std::string encode_pong(std::string_view ref, time_point server_time) {
    return obj::dump(json{{"type", "pong"}, {"ref", std::string(ref)}, {"server_time", format_time(server_time)}});
}

std::string encode_audit(std::string_view ref, const workshop& w, const std::vector<audit_entry>& entries, bool more) {
    // The stored events are spliced in as they are: parsing and dumping them again would
    // cost the room's strand far more than the rest of the page.
    std::string out = R"({"type":"audit","ref":)" + obj::dump(json(std::string(ref))) + R"(,"entries":[)";
    for (std::size_t k = 0; k < entries.size(); ++k) {
        const auto& e = entries[k];
        std::string entry = obj::dump(
            json{{"seq", e.seq}, {"at", format_time(e.at)}, {"actor", obj::person(w, e.actor)}, {"action", e.action}});
        entry.pop_back();  // the closing brace
        entry += R"(,"event":)";
        entry += json::accept(e.event_text) ? e.event_text : std::string("null");
        entry += '}';
        if (k) out += ',';
        out += entry;
    }
    out += R"(],"more":)";
    out += more ? "true" : "false";
    out += '}';
    return out;
}

std::string encode_session_summary(const session_info& info) { return obj::dump(obj::session(info)); }

std::string encode_created_session(const session_info& info, std::string_view facilitator_token) {
    return obj::dump(json{{"id", info.id},
                          {"code", info.code},
                          {"display_code", display_join_code(info.code)},
                          {"facilitator_token", std::string(facilitator_token)},
                          {"join_path", "/join/" + info.code},
                          {"session", obj::session(info)}});
}

std::string encode_session_list(const std::vector<domain::session_listing>& sessions) {
    json list = json::array();
    for (const auto& s : sessions) {
        json by_role = json::object();
        for (const auto& [r, n] : s.counts.participants) by_role[std::string(to_string(r))] = n;
        json one = obj::session(s.info);
        one["counts"] = json{{"participants", std::move(by_role)},
                             {"ideas", s.counts.ideas},
                             {"trial_actions", s.counts.trial_actions}};
        list.push_back(std::move(one));
    }
    return obj::dump(json{{"sessions", std::move(list)}});
}

namespace {

// A decision in the portfolio, where no session's roster is at hand: decisions are only
// ever a manager's.
json portfolio_decision(const domain::decision& d) {
    return json{{"id", d.id},
                {"target_kind", to_string(d.on)},
                {"target_id", d.target},
                {"kind", to_string(d.kind)},
                {"note", d.note},
                {"by", json{{"id", d.by}, {"name", d.by_name}, {"role", "manager"}}},
                {"at", format_time(d.at)}};
}

std::string day_text(std::chrono::sys_days d) {
    const std::chrono::year_month_day ymd{d};
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                  static_cast<unsigned>(ymd.day()));
    return buf;
}

}  // namespace

std::string encode_portfolio(const portfolio_answer& a) {
    json rows = json::array();
    for (const domain::portfolio_entry* e : a.selected) {
        json session = nullptr;
        if (auto it = a.sessions.find(e->session_id); it != a.sessions.end())
            session = json{{"id", it->second.id},
                           {"title", it->second.title},
                           {"code", it->second.code},
                           {"status", to_string(it->second.status)}};
        rows.push_back(json{{"session", std::move(session)},
                            {"trial_action", obj::trial(e->action, obj::learnings::left_out)},
                            {"theme", e->theme},
                            {"age_days", domain::age_days(*e, a.today)},
                            {"overdue", domain::is_overdue(*e, a.today)},
                            {"check_ins", e->check_ins},
                            {"learnings", e->learnings},
                            {"last_check_in", e->last_check_in ? obj::learning(*e->last_check_in) : json(nullptr)},
                            {"last_decision", e->last_decision ? portfolio_decision(*e->last_decision) : json(nullptr)}});
    }
    auto refs = [](const std::vector<domain::trial_ref>& list) {
        json out = json::array();
        for (const auto& r : list) out.push_back(json{{"session", r.session}, {"trial_action", r.trial}});
        return out;
    };
    return obj::dump(json{{"version", a.version},
                          {"complete", a.complete},
                          {"today", day_text(a.today)},
                          {"overload_limit", a.overload_limit},
                          {"running", a.running},
                          {"overloaded", domain::is_overloaded(a.running, a.overload_limit)},
                          {"trial_actions", std::move(rows)},
                          {"gone", refs(a.gone)},
                          {"spread", refs(a.spread)}});
}

std::string encode_portfolio_decision(const domain::decision& d, std::uint64_t portfolio_version) {
    return obj::dump(json{{"decision", portfolio_decision(d)}, {"version", portfolio_version}});
}

std::string encode_workspace(const domain::workspace& w, domain::workspace_role role,
                             const std::function<std::string(const domain::workspace_link&)>& link_token) {
    json out{{"id", w.id},
             {"name", w.name},
             {"created_at", format_time(w.created_at)},
             {"role", std::string(to_string(role))},
             {"overload_limit", w.overload_limit},
             {"retention_months", w.retention_months}};
    if (role == domain::workspace_role::admin) {
        json links = json::array();
        for (const auto& l : w.links)
            links.push_back(json{{"role", std::string(to_string(l.role))},
                                 {"token", l.active ? link_token(l) : std::string()},
                                 {"active", l.active},
                                 {"created_at", format_time(l.created_at)}});
        out["links"] = std::move(links);
    }
    return obj::dump(out);
}

std::string encode_http_error(const error& e) {
    json err{{"code", to_string(e.code)}, {"message", e.message}};
    if (!e.field.empty()) err["field"] = e.field;
    if (e.limit) err["limit"] = *e.limit;
    if (e.retry_after_s) err["retry_after"] = *e.retry_after_s;
    return obj::dump(json{{"error", std::move(err)}});
}

std::string encode_health(std::string_view version_text, bool database_ok) {
    return obj::dump(json{{"status", database_ok ? "ok" : "degraded"},
                          {"version", std::string(version_text)},
                          {"database", database_ok ? "ok" : "unavailable"}});
}

std::string_view to_string(readiness r) {
    switch (r) {
        case readiness::ready: return "ready";
        case readiness::shutting_down: return "shutting_down";
        case readiness::database_unavailable: return "database_unavailable";
        case readiness::database_not_responding: return "database_not_responding";
    }
    return "database_unavailable";  // not reached: every value is named above
}

std::string encode_readiness(std::string_view version_text, readiness r) {
    json body{{"status", r == readiness::ready ? "ready" : "not_ready"}, {"version", std::string(version_text)}};
    if (r != readiness::ready) body["reason"] = std::string(to_string(r));
    return obj::dump(body);
}

}  // namespace samskab::protocol
