// The JSON objects of PROTOCOL.md ("Objects") built from the domain, each as one
// recipient (a viewer) may see it. Used by the encoder; internal to protocol/.
#pragma once

#include "domain/ballot.hpp"
#include "domain/visibility.hpp"
#include "domain/workshop.hpp"

#include <nlohmann/json.hpp>

namespace samskab::protocol::objects {

using json = nlohmann::ordered_json;

json session(const domain::session_info& s);
json controls(const domain::workshop& w);
// A session's settings, as in `controls` (and the session archive's).
json settings(const domain::settings& s);
json person(const domain::workshop& w, domain::participant_id id);
json idea(const domain::workshop& w, const domain::idea& i, const domain::viewer& v);
json cluster(const domain::cluster& c);
json comment(const domain::workshop& w, const domain::comment& c, const domain::viewer& v);
// Whether a trial action's object has its learnings: a snapshot gives them all; events
// leave them out (the log only grows, and an added learning is an event of its own).
enum class learnings { included, left_out };
json trial(const domain::trial_action& t, learnings with);
json learning(const domain::learning& l);
json decision(const domain::workshop& w, const domain::decision& d);
// The results, naming only the ideas v may see.
json results(const domain::workshop& w, const domain::vote_results& r, const domain::viewer& v);
json reactions(domain::target_key target, const domain::reaction_set& set, const domain::viewer* mine_for);
// Every invitation, oldest first, without its token (see encode_invites for that).
json invites(const domain::workshop& w);
// A `reranked` list: [id, rank] pairs of the ideas v may see (an empty array if none).
json rerank(const domain::workshop& w, const domain::rerank_list& r, const domain::viewer& v);

// Never throws: invalid UTF-8 (which the domain does not let in) would be replaced.
std::string dump(const json& j);

// An object built member by member, in order, for the objects every change carries (an
// idea, a person): json{{k, v}, ...} first builds a two-element array for each member
// and then searches the members so far for each key, which made an idea event cost
// five times what writing it out does. Precondition: the keys are distinct.
class object_builder {
public:
    explicit object_builder(std::size_t members) : j_(json::object()) { members_().reserve(members); }
    template <class V>
    object_builder& add(const char* key, V&& value) {
        members_().emplace_back(key, std::forward<V>(value));
        return *this;
    }
    json done() { return std::move(j_); }  // once, last

private:
    json::object_t& members_() { return j_.get_ref<json::object_t&>(); }
    json j_;
};

}  // namespace samskab::protocol::objects
