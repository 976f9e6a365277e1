// The adapter of the load generator for the Socket.IO relay
// (peers/socketio-relay/server.js, modelled on Excalidraw's collaboration server; see
// protocol_adapter.hpp and README.md).
//
// It speaks Engine.IO 4 / Socket.IO 5 framing itself over a plain WebSocket at
// /socket.io/?EIO=4&transport=websocket (no long polling, no upgrade): each WebSocket
// message is one Engine.IO packet, a digit for its type and then its data.
//   - The server opens with `0{"sid":...,"pingInterval":...}`; the client connects to the
//     main namespace with `40`, the server acknowledges with `40{"sid":...}` (then emits
//     `42["init-room"]`), and the client joins room "load-<session>" with
//     `42["join-room","load-<session>"]`. It counts as joined at the first
//     `42["room-user-change",[...]]`, which the server sends to everyone in the room after
//     each join, so only once the server has really put this client in the room.
//     "init-room", "first-in-room" and "new-user" are nothing the engine counts.
//   - A change is `42["server-broadcast","load-<session>",<data>,"<iv>"]`: <data> is the
//     ws relay's change object, {"change":<id>,"from":"L0-3","text":"lg:<id> idea from L0-3
//     xxx…"} (text as long as Samskab's idea texts), <iv> 16 hex digits standing in for
//     Excalidraw's encryption IV. The others receive `42["client-broadcast",<data>,"<iv>"]`
//     and read the id right after its fixed prefix, without parsing the JSON.
//   - The server's ping `2` is answered `3`. There are no acks: latency is, as for the
//     others, until every other client of the room has the change.
#pragma once

#include "protocol_adapter.hpp"

namespace samskab::load {

class socketio_relay_adapter : public protocol_adapter {
public:
    explicit socketio_relay_adapter(std::size_t text_length = 60) : text_length_(text_length) {}

    std::string name() const override { return "socketio-relay"; }
    std::string ws_target() const override { return "/socket.io/?EIO=4&transport=websocket"; }
    void prepare(const server_address&, int, int) override {}  // rooms exist once joined
    std::unique_ptr<client_protocol> make_client(int session, int index) override;

private:
    std::size_t text_length_;
};

}  // namespace samskab::load
