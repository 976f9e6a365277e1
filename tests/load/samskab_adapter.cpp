// The Samskab protocol adapter (see samskab_adapter.hpp).
#include "samskab_adapter.hpp"

#include "support/http_client.hpp"
#include "support/ws_client.hpp"

#include <nlohmann/json.hpp>

#include <charconv>
#include <chrono>
#include <iostream>
#include <stdexcept>
#include <thread>

namespace samskab::load {

namespace {

using json = nlohmann::json;

// The client address a session's requests are sent as, with forwarded_for.
std::string forwarded_address(int session) {
    return "10.77." + std::to_string(session / 250) + "." + std::to_string(session % 250 + 1);
}

std::uint64_t move_key(std::int64_t idea, std::int64_t version) {
    return (static_cast<std::uint64_t>(idea) << 24) | static_cast<std::uint64_t>(version);
}

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

// The integer after the first occurrence of `key` (e.g. "\"id\":") at or after `from`.
std::optional<std::int64_t> int_after(std::string_view s, std::string_view key, std::size_t from = 0) {
    const auto at = s.find(key, from);
    if (at == std::string_view::npos) return std::nullopt;
    std::int64_t v = 0;
    const char* b = s.data() + at + key.size();
    auto [p, ec] = std::from_chars(b, s.data() + s.size(), v);
    if (ec != std::errc() || p == b) return std::nullopt;
    return v;
}

// The integer after the last occurrence of `key`: the event's own "seq" comes last.
std::optional<std::int64_t> int_after_last(std::string_view s, std::string_view key) {
    const auto at = s.rfind(key);
    if (at == std::string_view::npos) return std::nullopt;
    return int_after(s, key, at);
}

// The change id in a ref "a:<id>" or "m:<id>", or 0.
std::uint64_t change_of_ref(std::string_view ref) {
    if (ref.size() < 3 || ref[1] != ':') return 0;
    std::uint64_t id = 0;
    std::from_chars(ref.data() + 2, ref.data() + ref.size(), id);
    return id;
}

class samskab_client : public client_protocol {
public:
    samskab_client(std::shared_ptr<samskab_adapter::session_state> s, int session, int index, std::size_t text_length)
        : session_(std::move(s)), text_length_(text_length) {
        // (Appended piece by piece: "L" + std::to_string(...) trips GCC 12's -Wrestrict.)
        name_ = "L";
        name_ += std::to_string(session);
        name_ += '-';
        name_ += std::to_string(index);
    }

    std::vector<std::string> join() override {
        return {json{{"type", "join"}, {"protocol", 1}, {"code", session_->code}, {"name", name_}}.dump()};
    }

    std::string make_change(std::uint64_t id) override {
        if (!session_->vote_ideas.empty()) return make_vote(id);
        // Alternate adds and moves; add when nothing can be moved, never over the share.
        own_idea* movable = next_movable();
        const bool may_add = ideas_.size() + adds_in_flight_ < static_cast<std::size_t>(session_->ideas_per_client);
        const bool add = may_add && (movable == nullptr || !last_was_add_);
        if (add) {
            last_was_add_ = true;
            ++adds_in_flight_;
            std::string text = "lg:" + std::to_string(id) + " idea from " + name_ + " ";
            if (text.size() < text_length_) text.append(text_length_ - text.size(), 'x');
            return json{{"type", "idea.add"}, {"ref", "a:" + std::to_string(id)}, {"column", 1}, {"text", text}}.dump();
        }
        if (movable == nullptr) return {};  // everything of ours is in flight (or nothing is ours yet)
        last_was_add_ = false;
        movable->in_flight = id;
        session_->moves[move_key(movable->id, movable->version + 1)] = id;
        const int column = movable->column == 1 ? 2 : 1;
        return json{{"type", "idea.move"}, {"ref", "m:" + std::to_string(id)}, {"id", movable->id},
                    {"base_version", movable->version}, {"column", column}}
            .dump();
    }

    received on_message(std::string_view text, std::vector<std::string>&) override {
        received r;
        // The server writes "type" first, without spaces (protocol/encoder.cpp): the hot
        // path, the others' events, is recognised without parsing the whole message.
        if (starts_with(text, R"({"type":"idea.added")")) {
            check_seq(text, r);
            const auto at = text.find(R"("text":"lg:)");
            if (at != std::string_view::npos) {
                std::uint64_t id = 0;
                const char* b = text.data() + at + 11;
                auto [p, ec] = std::from_chars(b, text.data() + text.size(), id);
                if (ec == std::errc() && p != b) {
                    r.what = received::kind::change;
                    r.change = id;
                }
            }
            return r;
        }
        if (starts_with(text, R"({"type":"idea.moved")")) {
            check_seq(text, r);
            const auto idea = int_after(text, R"("id":)");
            const auto version = int_after(text, R"("version":)");
            if (!idea || !version) {
                r.problem = "unreadable_idea_moved";
                return r;
            }
            const auto it = session_->moves.find(move_key(*idea, *version));
            if (it == session_->moves.end()) {
                r.problem = "unknown_move";
                return r;
            }
            r.what = received::kind::change;
            r.change = it->second;
            return r;
        }
        if (starts_with(text, R"({"type":"votes.progress")")) {
            check_seq(text, r);
            r.what = received::kind::change_by_seq;
            r.seq = seq_;
            return r;
        }
        if (starts_with(text, R"({"type":"presence)") || starts_with(text, R"({"type":"pong")")) return r;
        if (starts_with(text, R"({"type":"ack")")) return on_ack(text);
        if (starts_with(text, R"({"type":"error")")) return on_error(text);
        if (starts_with(text, R"({"type":"welcome")")) {
            const auto j = json::parse(text, nullptr, false);
            if (j.is_discarded() || !j.contains("seq")) {
                r.problem = "unreadable_welcome";
                return r;
            }
            seq_ = j["seq"].get<std::int64_t>();
            r.what = received::kind::joined;
            return r;
        }
        if (starts_with(text, R"({"type":"snapshot")")) return r;
        // Any other event (controls.updated, unseen, ...) still takes its seq.
        if (starts_with(text, R"({"type":")")) {
            check_seq(text, r);
            return r;
        }
        r.problem = "unreadable_message";
        return r;
    }

private:
    // A dot on the next idea, then that dot back off it: each vote changes the totals,
    // and at most one dot of the budget is ever used, whatever is still in flight.
    std::string make_vote(std::uint64_t id) {
        const auto& ideas = session_->vote_ideas;
        const std::int64_t idea = ideas[vote_cursor_ % ideas.size()];
        const int dots = dot_placed_ ? 0 : 1;
        if (dot_placed_) ++vote_cursor_;
        dot_placed_ = !dot_placed_;
        return json{{"type", "vote.set"}, {"ref", "v:" + std::to_string(id)}, {"idea", idea}, {"dots", dots}}.dump();
    }

    struct own_idea {
        std::int64_t id = 0;
        std::int64_t version = 1;
        int column = 1;
        std::uint64_t in_flight = 0;  // the change id of our move of it not yet answered
    };

    own_idea* next_movable() {
        for (std::size_t n = 0; n < ideas_.size(); ++n) {
            own_idea& i = ideas_[(cursor_ + n) % ideas_.size()];
            if (i.in_flight == 0) {
                cursor_ = (cursor_ + n + 1) % ideas_.size();
                return &i;
            }
        }
        return nullptr;
    }

    void check_seq(std::string_view text, received& r) {
        const auto seq = int_after_last(text, R"("seq":)");
        if (!seq) {
            r.problem = "event_without_seq";
            return;
        }
        if (seq_ >= 0 && *seq != seq_ + 1) r.problem = "seq_gap";
        seq_ = *seq;
    }

    received on_ack(std::string_view text) {
        received r;
        const auto j = json::parse(text, nullptr, false);
        if (j.is_discarded()) {
            r.problem = "unreadable_ack";
            return r;
        }
        if (seq_ >= 0 && j.value("seq", std::int64_t{0}) != seq_ + 1) r.problem = "seq_gap";
        seq_ = j.value("seq", seq_);
        const std::string ref = j.value("ref", "");
        r.what = received::kind::ack;
        r.change = change_of_ref(ref);
        if (starts_with(ref, "v:")) {
            r.by_seq = true;
            r.seq = seq_;
            return r;
        }
        const auto& event = j["event"];
        if (starts_with(ref, "a:")) {
            if (adds_in_flight_ > 0) --adds_in_flight_;
            if (event.value("type", "") == "idea.added")
                ideas_.push_back({event["idea"]["id"].get<std::int64_t>(), event["idea"]["version"].get<std::int64_t>(),
                                  event["idea"]["column"].get<int>(), 0});
        } else if (starts_with(ref, "m:")) {
            for (auto& i : ideas_)
                if (i.in_flight == r.change) {
                    i.in_flight = 0;
                    i.version = event.value("version", i.version + 1);
                    i.column = event.value("column", i.column);
                }
        }
        return r;
    }

    received on_error(std::string_view text) {
        received r;
        r.what = received::kind::error;
        const auto j = json::parse(text, nullptr, false);
        if (j.is_discarded()) {
            r.detail = "unreadable_error";
            return r;
        }
        r.detail = j.value("code", "unknown");
        const std::string ref = j.value("ref", "");
        r.change = change_of_ref(ref);
        if (starts_with(ref, "a:") && adds_in_flight_ > 0) --adds_in_flight_;
        if (starts_with(ref, "m:")) {
            for (auto& i : ideas_)
                if (i.in_flight == r.change) {
                    i.in_flight = 0;
                    // Learn the idea's real state if the server sent it.
                    if (j.contains("current") && j["current"].is_object()) {
                        i.version = j["current"].value("version", i.version);
                        i.column = j["current"].value("column", i.column);
                    }
                }
        }
        return r;
    }

    std::shared_ptr<samskab_adapter::session_state> session_;
    std::string name_;
    std::size_t text_length_;
    std::vector<own_idea> ideas_;
    std::size_t cursor_ = 0;
    std::size_t adds_in_flight_ = 0;
    bool last_was_add_ = false;
    std::size_t vote_cursor_ = 0;
    bool dot_placed_ = false;
    std::int64_t seq_ = -1;
};

}  // namespace

void samskab_adapter::prepare(const server_address& server, int sessions, int clients_per_session) {
    clients_per_session_ = clients_per_session;
    sessions_.clear();
    for (int s = 0; s < sessions; ++s) {
        std::map<std::string, std::string> headers{{"Content-Type", "application/json"}};
        if (opts_.forwarded_for) headers["X-Forwarded-For"] = forwarded_address(s);
        const std::string body = json{{"title", "Load test " + std::to_string(s)},
                                      {"question", "What would we try if we could?"},
                                      {"facilitator_name", "Loadfac"},
                                      {"columns", {"Ideas", "Later"}},
                                      {"settings", {{"anonymity", "named"}, {"private_writing", false}}}}
                                     .dump();
        testing::http_reply r;
        for (;;) {
            r = testing::http(server.port, "POST", "/api/sessions", body, headers);
            if (r.status != 429) break;
            // Sessions per address: 10 at once, then one a minute. Wait as told.
            const int wait = r.headers.count("retry-after") ? std::stoi(r.headers["retry-after"]) : 60;
            std::cerr << "load: creating session " << s + 1 << " of " << sessions << ": rate limited, waiting " << wait
                      << " s (use a server the generator starts itself to avoid this)\n";
            std::this_thread::sleep_for(std::chrono::seconds(wait));
        }
        if (r.status != 201) throw std::runtime_error("POST /api/sessions: " + std::to_string(r.status) + " " + r.body);
        const auto created = json::parse(r.body);
        auto state = std::make_shared<session_state>();
        state->code = created["code"].get<std::string>();
        // Each client's share of the board's 5,000 ideas, with some room to spare.
        state->ideas_per_client = std::max(1, 4500 / std::max(1, clients_per_session));

        // The facilitator opens the phase `ideas` (and for the `vote` mix adds the ideas and
        // opens the phase `vote`), then leaves.
        std::map<std::string, std::string> ws_headers;
        if (opts_.forwarded_for) ws_headers["X-Forwarded-For"] = forwarded_address(s);
        testing::ws_client fac(server.port, ws_headers);
        fac.join_token(state->code, created["facilitator_token"].get<std::string>());
        auto command = [&](json cmd) {
            const std::string ref = cmd["ref"];
            fac.send(cmd);
            for (;;) {
                const auto j = fac.next_json(std::chrono::seconds(10));
                if ((j["type"] == "ack" || j["type"] == "error") && j.value("ref", "") == ref) {
                    if (j["type"] != "ack") throw std::runtime_error(cmd["type"].get<std::string>() + " refused: " + j.dump());
                    return j;
                }
            }
        };
        command(json{{"type", "phase.set"}, {"ref", "f:phase"}, {"phase", "ideas"}});
        if (opts_.votes) {
            for (int k = 0; k < ideas_to_vote_on; ++k) {
                const auto ack = command(json{{"type", "idea.add"}, {"ref", "f:idea" + std::to_string(k)}, {"column", 1},
                                              {"text", "Idea " + std::to_string(k + 1) + " to vote on"}});
                state->vote_ideas.push_back(ack["event"]["idea"]["id"].get<std::int64_t>());
            }
            command(json{{"type", "phase.set"}, {"ref", "f:vote"}, {"phase", "vote"}});
        }
        fac.close();
        fac.wait_closed(std::chrono::seconds(5));
        sessions_.push_back(std::move(state));
    }
}

std::unique_ptr<client_protocol> samskab_adapter::make_client(int session, int index) {
    return std::make_unique<samskab_client>(sessions_.at(static_cast<std::size_t>(session)), session, index,
                                            opts_.text_length);
}

std::vector<std::pair<std::string, std::string>> samskab_adapter::upgrade_headers(int session, int) {
    if (!opts_.forwarded_for) return {};
    return {{"X-Forwarded-For", forwarded_address(session)}};
}

}  // namespace samskab::load
