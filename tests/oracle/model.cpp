// The oracle's truth about a session (see model.hpp).
#include "oracle/model.hpp"

#include <cctype>
#include <stdexcept>

namespace samskab::oracle {

using nlohmann::json;

namespace {

constexpr const char* role_names[] = {"facilitator", "co_facilitator", "manager", "staff", "citizen", "observer"};

std::int64_t int_field(const json& j, const char* key, std::int64_t otherwise = 0) {
    auto it = j.find(key);
    return it != j.end() && it->is_number_integer() ? it->get<std::int64_t>() : otherwise;
}

std::string string_field(const json& j, const char* key) {
    auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// The marker in a text the oracle wrote (each has exactly one).
std::string marker_of(const std::string& text) {
    auto found = markers_in(text);
    return found.empty() ? std::string() : found.front().first;
}

void set_marker(registry& reg, const std::string& text, marker_owner::kind what, std::int64_t id) {
    if (auto m = marker_of(text); !m.empty()) reg.markers[m] = marker_owner{what, id};
}

void drop_dots_on(state& s, item_id idea) {
    for (auto& [who, mine] : s.dots) mine.erase(idea);
}

void delete_comments_on(state& s, bool on_idea, item_id target) {
    for (auto& [id, c] : s.comments)
        if (c.on_idea == on_idea && c.target == target) c.deleted = true;
}

void set_reason(state& s, registry& reg, item_id idea, const std::string& reason, bool own_marker) {
    s.ideas[idea].reason = reason;
    if (own_marker) set_marker(reg, reason, marker_owner::idea_reason, idea);
}

}  // namespace

std::string to_string(role r) { return role_names[static_cast<int>(r)]; }

std::optional<role> role_from(std::string_view s) {
    for (int k = 0; k < 6; ++k)
        if (s == role_names[k]) return static_cast<role>(k);
    return std::nullopt;
}

std::string to_string(anonymity a) {
    switch (a) {
    case anonymity::named: return "named";
    case anonymity::hidden_from_participants: return "hidden_from_participants";
    case anonymity::anonymous: return "anonymous";
    }
    return "named";
}

const person* registry::find(person_id id) const {
    auto it = people.find(id);
    return it == people.end() ? nullptr : &it->second;
}

std::string marker(char kind, std::uint64_t seed, std::uint64_t counter, std::uint64_t random) {
    static constexpr char alphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
    std::string tail;
    for (int k = 0; k < 4; ++k, random /= 36) tail.push_back(alphabet[random % 36]);
    return std::string("@") + kind + std::to_string(seed) + "-" + std::to_string(counter) + "-" + tail;
}

std::vector<std::pair<std::string, std::size_t>> markers_in(std::string_view raw) {
    std::vector<std::pair<std::string, std::size_t>> out;
    auto digits = [&](std::size_t& k) {
        const std::size_t from = k;
        while (k < raw.size() && std::isdigit(static_cast<unsigned char>(raw[k]))) ++k;
        return k > from;
    };
    for (std::size_t at = raw.find('@'); at != std::string_view::npos; at = raw.find('@', at + 1)) {
        std::size_t k = at + 1;
        if (k >= raw.size() || !std::islower(static_cast<unsigned char>(raw[k]))) continue;
        ++k;
        if (!digits(k) || k >= raw.size() || raw[k++] != '-') continue;
        if (!digits(k) || k >= raw.size() || raw[k++] != '-') continue;
        if (k + 4 > raw.size()) continue;
        bool ok = true;
        for (std::size_t m = k; m < k + 4; ++m) ok = ok && std::isalnum(static_cast<unsigned char>(raw[m]));
        if (ok) out.emplace_back(std::string(raw.substr(at, k + 4 - at)), at);
    }
    return out;
}

truth::truth(state initial, registry r) : reg(std::move(r)) {
    reg.fold_at.assign(static_cast<std::size_t>(initial.seq) + 1, initial.fold_threshold);
    reg.anon_at.assign(static_cast<std::size_t>(initial.seq) + 1, initial.anon);
    states_.emplace(initial.seq, std::make_shared<const state>(std::move(initial)));
}

const state& truth::at(seq_t s) const {
    auto it = states_.upper_bound(s);
    if (it == states_.begin() || s > now().seq)
        throw std::logic_error("the oracle has no state for seq " + std::to_string(s));
    return *std::prev(it)->second;
}

void truth::commit(state next) {
    if (next.seq != now().seq + 1) throw std::logic_error("states must follow one another");
    reg.fold_at.resize(static_cast<std::size_t>(next.seq) + 1, next.fold_threshold);
    reg.fold_at[static_cast<std::size_t>(next.seq)] = next.fold_threshold;
    reg.anon_at.resize(static_cast<std::size_t>(next.seq) + 1, next.anon);
    reg.anon_at[static_cast<std::size_t>(next.seq)] = next.anon;
    states_.emplace(next.seq, std::make_shared<const state>(std::move(next)));
}

void truth::forget_before(seq_t s) {
    while (states_.size() > 1 && std::next(states_.begin())->first <= s) states_.erase(states_.begin());
}

void apply_accepted(state& s, registry& reg, const json& cmd, const person& actor, seq_t seq) {
    s.seq = seq;
    const std::string type = string_field(cmd, "type");
    // For the members, editing, moving or deleting an idea or a comment is allowed on
    // their own only: whoever sees them do it knows who wrote it.
    const bool own_only = !facilitates(actor.r);
    auto idea_at = [&](const char* key) -> idea_truth& { return s.ideas.at(int_field(cmd, key)); };

    if (type == "idea.add") {
        idea_truth i;
        i.author = actor.id;
        i.text = string_field(cmd, "text");
        i.is_private = s.private_writing && s.phase == "ideas";
        i.column = int_field(cmd, "column");
        const item_id id = ++s.last_idea;
        set_marker(reg, i.text, marker_owner::idea_text, id);
        s.ideas[id] = std::move(i);
        reg.authorship_of[seq] = actor.id;
    } else if (type == "idea.edit") {
        idea_truth& i = idea_at("id");
        i.old_texts.push_back(i.text);
        i.text = string_field(cmd, "text");
        set_marker(reg, i.text, marker_owner::idea_text, int_field(cmd, "id"));
        ++i.version;
        if (own_only) reg.authorship_of[seq] = actor.id;
    } else if (type == "idea.move") {
        idea_truth& i = idea_at("id");
        const item_id column = int_field(cmd, "column");
        if (column != i.column) i.cluster = 0;
        i.column = column;
        ++i.version;
        if (own_only) reg.authorship_of[seq] = actor.id;
    } else if (type == "idea.delete") {
        const item_id id = int_field(cmd, "id");
        s.ideas.at(id).deleted = true;
        delete_comments_on(s, true, id);
        drop_dots_on(s, id);
        if (own_only) reg.authorship_of[seq] = actor.id;
    } else if (type == "ideas.reveal") {
        for (auto& [id, i] : s.ideas)
            if (!i.deleted) i.is_private = false;
    } else if (type == "idea.merge") {
        for (const auto& id : cmd.at("ideas")) {
            idea_truth& i = s.ideas.at(id.get<item_id>());
            i.merged = true;
            i.cluster = 0;
            if (!s.votes_revealed) drop_dots_on(s, id.get<item_id>());
        }
    } else if (type == "idea.fate") {
        const bool parked = string_field(cmd, "fate") == "parked";
        set_reason(s, reg, int_field(cmd, "id"), parked ? string_field(cmd, "reason") : "", parked);
    } else if (type == "idea.moderate") {
        idea_at("id").moderated = cmd.at("hidden").get<bool>();
    } else if (type == "column.add") {
        s.columns.push_back(++s.last_column);
    } else if (type == "column.delete") {
        const item_id id = int_field(cmd, "id");
        std::erase(s.columns, id);
        std::erase_if(s.clusters, [&](const auto& kv) { return kv.second == id; });
    } else if (type == "cluster.create") {
        const item_id id = ++s.last_cluster;
        s.clusters[id] = int_field(cmd, "column");
        for (const auto& i : cmd.at("ideas")) s.ideas.at(i.get<item_id>()).cluster = id;
    } else if (type == "cluster.assign") {
        idea_at("idea").cluster = int_field(cmd, "cluster");
    } else if (type == "cluster.delete") {
        const item_id id = int_field(cmd, "id");
        s.clusters.erase(id);
        for (auto& [k, i] : s.ideas)
            if (i.cluster == id) i.cluster = 0;
    } else if (type == "vote.set") {
        const item_id idea = int_field(cmd, "idea");
        const std::int64_t d = int_field(cmd, "dots");
        if (d == 0) s.dots[actor.id].erase(idea);
        else s.dots[actor.id][idea] = d, s.voted[actor.id].insert(idea);
        reg.voter_of[seq] = actor.id;
    } else if (type == "votes.reveal") {
        s.votes_revealed = true;
    } else if (type == "votes.reset") {
        s.dots.clear();
        s.votes_revealed = false;
    } else if (type == "comment.add") {
        comment_truth c;
        c.author = actor.id;
        c.on_idea = string_field(cmd, "target_kind") == "idea";
        c.target = int_field(cmd, "target_id");
        c.text = string_field(cmd, "text");
        const item_id id = ++s.last_comment;
        set_marker(reg, c.text, marker_owner::comment_text, id);
        s.comments[id] = std::move(c);
        reg.authorship_of[seq] = actor.id;
    } else if (type == "comment.delete") {
        s.comments.at(int_field(cmd, "id")).deleted = true;
        if (own_only) reg.authorship_of[seq] = actor.id;
    } else if (type == "comment.moderate") {
        s.comments.at(int_field(cmd, "id")).moderated = cmd.at("hidden").get<bool>();
    } else if (type == "trial.create") {
        const item_id id = ++s.last_trial;
        trial_truth t;
        for (const auto& o : cmd.value("owners", json::array())) t.owners.insert(o.get<person_id>());
        s.named_openly.insert(t.owners.begin(), t.owners.end());
        for (const auto& i : cmd.value("ideas", json::array())) s.ideas.at(i.get<item_id>()).trial = id;
        s.trials[id] = std::move(t);
    } else if (type == "trial.update") {
        ++s.trials.at(int_field(cmd, "id")).version;
    } else if (type == "trial.owner_add") {
        trial_truth& t = s.trials.at(int_field(cmd, "id"));
        t.owners.insert(int_field(cmd, "participant"));
        ++t.version;
        s.named_openly.insert(int_field(cmd, "participant"));
    } else if (type == "trial.owner_remove") {
        trial_truth& t = s.trials.at(int_field(cmd, "id"));
        t.owners.erase(int_field(cmd, "participant"));
        ++t.version;
    } else if (type == "trial.status") {
        trial_truth& t = s.trials.at(int_field(cmd, "id"));
        t.status = string_field(cmd, "status");
        ++t.version;
    } else if (type == "trial.learning") {
        trial_truth& t = s.trials.at(int_field(cmd, "id"));
        t.has_learnings = true;
        ++t.version;
        s.named_openly.insert(actor.id);
    } else if (type == "trial.delete") {
        const item_id id = int_field(cmd, "id");
        s.trials.erase(id);
        delete_comments_on(s, false, id);
        for (auto& [k, i] : s.ideas)
            if (i.trial == id) i.trial = 0;
    } else if (type == "decision.record") {
        s.named_openly.insert(actor.id);
        const item_id target = int_field(cmd, "target_id");
        const std::string kind = string_field(cmd, "kind");
        if (string_field(cmd, "target_kind") == "idea") {
            const idea_truth& i = s.ideas.at(target);
            // The note is the decision's, which everyone sees: not a marker of the idea.
            if (!i.merged && i.trial == 0 && kind != "needs_check")
                set_reason(s, reg, target, kind == "park" ? string_field(cmd, "note") : "", false);
        } else {
            // Approving takes up a proposed or parked trial action; parking sets aside one
            // under way (the server refuses it for any other).
            trial_truth& t = s.trials.at(target);
            if (kind == "approve" && (t.status == "proposed" || t.status == "parked")) t.status = "approved", ++t.version;
            if (kind == "park") t.status = "parked", ++t.version;
        }
    } else if (type == "phase.set") {
        s.phase = string_field(cmd, "phase");
    } else if (type == "settings.update") {
        if (cmd.contains("anonymity")) {
            const std::string a = cmd["anonymity"];
            s.anon = a == "named" ? anonymity::named
                     : a == "anonymous" ? anonymity::anonymous
                                        : anonymity::hidden_from_participants;
        }
        if (cmd.contains("private_writing")) s.private_writing = cmd["private_writing"];
        if (cmd.contains("late_ideas")) s.late_ideas = cmd["late_ideas"];
        if (cmd.contains("vote_budget")) s.vote_budget = cmd["vote_budget"];
        if (cmd.contains("vote_cap")) s.vote_cap = cmd["vote_cap"];
        if (cmd.contains("fold_threshold")) s.fold_threshold = cmd["fold_threshold"];
    } else if (type == "board.lock") {
        s.locked = cmd.at("locked").get<bool>();
    } else if (type == "participant.remove") {
        s.removed.insert(int_field(cmd, "participant"));
    } else if (type == "session.close") {
        s.closed = true;
    }
    // The timer, review.focus, session.update, column.rename/move, cluster.rename,
    // reaction.toggle and invitations change nothing the oracle judges by.
}

}  // namespace samskab::oracle
