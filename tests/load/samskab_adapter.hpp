// The Samskab protocol adapter of the load generator (see protocol_adapter.hpp).
//
// Two mixes, as the phases allow (PROTOCOL.md, Permissions): ideas are added and moved
// in the phase `ideas` only, votes cast in the phase `vote` only.
// - `ideas` (the default): each session is moved to the phase `ideas` by its
//   facilitator (who then leaves, so a session has exactly the simulated clients); the
//   clients join as citizens by name and make `idea.add` and `idea.move` of their own
//   ideas.
// - `vote`: the facilitator adds 8 ideas and moves the session to the phase `vote`; each
//   client moves one dot around those ideas with `vote.set` (a dot on the next idea, then
//   that dot back off it), within the default budget of 3.
//
// Recognising a change at its receivers:
// - `idea.add` carries the engine's change id in its text ("lg:<id> ..."): the others
//   receive it in `idea.added`'s text (private writing stays off, so everyone sees it);
// - `idea.move` is of an idea that has no command of its client in flight, based on its
//   current version v: when accepted the idea has version v+1 (only its author moves it
//   and nobody edits it), so the session's shared table maps (idea, v+1) to the change id
//   that the others' `idea.moved` events are recognised by;
// - `vote.set` reaches the others as `votes.progress`, the new totals, which say nothing
//   of whose vote it was: it is recognised by its seq, which the author's ack carries
//   (received::kind::change_by_seq; the engine matches the two, in either order).
// A client alternates adds and moves; it adds when it has no idea to move, and stops
// adding once it holds its share of the board's 5,000 ideas (so long runs only move).
#pragma once

#include "protocol_adapter.hpp"

#include <map>
#include <memory>
#include <unordered_map>
#include <vector>

namespace samskab::load {

class samskab_adapter : public protocol_adapter {
public:
    struct options {
        // Send each client's requests with its own X-Forwarded-For address: needed to
        // create more than 10 sessions quickly, only against a server started with
        // `--trusted-proxy 127.0.0.1` (the generator does that for its own server).
        bool forwarded_for = false;
        std::size_t text_length = 60;  // characters of each idea's text (at least ~20)
        bool votes = false;            // the `vote` mix rather than `ideas`
    };
    static constexpr int ideas_to_vote_on = 8;
    explicit samskab_adapter(options opts) : opts_(opts) {}

    std::string name() const override { return "samskab"; }
    std::string ws_target() const override { return "/ws"; }
    void prepare(const server_address& server, int sessions, int clients_per_session) override;
    std::unique_ptr<client_protocol> make_client(int session, int index) override;
    std::vector<std::pair<std::string, std::string>> upgrade_headers(int session, int index) override;

    // What the sessions of one run share (one per session).
    struct session_state {
        std::string code;
        std::unordered_map<std::uint64_t, std::uint64_t> moves;  // (idea << 24 | version) -> change id
        int ideas_per_client = 1;
        std::vector<std::int64_t> vote_ideas;  // the `vote` mix: the ideas on the board
    };

private:
    options opts_;
    int clients_per_session_ = 0;
    std::vector<std::shared_ptr<session_state>> sessions_;
};

}  // namespace samskab::load
