// The adapter of the load generator for the `ws` broadcast relay
// (peers/ws-relay/server.js; see protocol_adapter.hpp and README.md).
//
// The relay has rooms and nothing else: a client joins room "load-<session>" with its
// first message, {"join":"load-<session>"}, and is in once the relay answers
// {"joined":...}. A change is one small JSON message, {"change":<id>,"from":"L0-3",
// "text":"lg:<id> idea from L0-3 xxx…"} (the text as long as Samskab's idea texts, so that
// both servers move messages of about the same size), which the relay forwards unchanged
// to the room's other clients; they recognise it by its "change". There are no acks:
// latency is, as for Samskab, until every other client of the room has the change.
#pragma once

#include "protocol_adapter.hpp"

namespace samskab::load {

class ws_relay_adapter : public protocol_adapter {
public:
    explicit ws_relay_adapter(std::size_t text_length = 60) : text_length_(text_length) {}

    std::string name() const override { return "ws-relay"; }
    std::string ws_target() const override { return "/"; }
    void prepare(const server_address&, int, int) override {}  // rooms exist once joined
    std::unique_ptr<client_protocol> make_client(int session, int index) override;

private:
    std::size_t text_length_;
};

}  // namespace samskab::load
