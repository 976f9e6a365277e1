// A Socket.IO 4 relay that behaves like Excalidraw's collaboration server
// (github.com/excalidraw/excalidraw-room, src/index.ts): the second peer the load
// generator compares Samskab with (tests/load/README.md, "Other servers").
//
// The same events as excalidraw-room:
//   - on connection the server emits "init-room" to the new socket;
//   - "join-room" (roomID): the socket joins the room; the first one in gets
//     "first-in-room", otherwise the others get "new-user" (socket id); then everyone in
//     the room gets "room-user-change" with the ids of the room's sockets;
//   - "server-broadcast" (roomID, data, iv): relayed to the room's other sockets as
//     "client-broadcast" (data, iv); "server-volatile-broadcast" the same, volatile
//     (dropped rather than queued when a receiver's transport is not ready);
//   - when a socket is disconnecting, the others of each of its rooms get
//     "room-user-change" without it.
// Nothing is persisted, validated or acknowledged.
//
// Where it deviates from excalidraw-room:
//   - the data is whatever the client sends (the load generator sends a JSON object and
//     a short text as the iv) rather than an encrypted ArrayBuffer and a Uint8Array: the
//     relay forwards it as it is either way;
//   - plain node:http instead of express, no static files, no CORS settings (the only
//     client is the generator, not a browser), no dotenv or debug logging;
//   - no "user follow" events (on-user-follow, follow_ rooms, the latest scene bounds);
//   - permessage-deflate and HTTP compression are off, as in the ws relay, so that no
//     server compresses; the transports are those of excalidraw-room (WebSocket and
//     long polling); the generator connects with the WebSocket transport directly;
//   - it binds to 127.0.0.1 on a port of the system's choice by default, and stops
//     cleanly on SIGTERM or SIGINT.
//
//   node server.js [--port P] [--bind ADDR]     port 0 (the default): the system picks one
//
// Prints "listening on http://ADDR:PORT" when ready; exits 0 on SIGTERM or SIGINT.
'use strict';

const http = require('node:http');
const { Server } = require('socket.io');
const { parseArgs, listen, onStop } = require('../relay-cli');

const opts = parseArgs('socketio-relay', process.argv.slice(2));

const server = http.createServer((req, res) => {
  res.writeHead(200, { 'Content-Type': 'text/plain' });
  res.end('Socket.IO relay (excalidraw-room style) is up\n');
});

const io = new Server(server, {
  transports: ['websocket', 'polling'],
  allowEIO3: true, // as excalidraw-room (Socket.IO 2 clients); the generator speaks EIO 4
  perMessageDeflate: false,
  httpCompression: false,
  serveClient: false,
});

io.on('connection', (socket) => {
  io.to(`${socket.id}`).emit('init-room');

  socket.on('join-room', async (roomID) => {
    await socket.join(roomID);
    const sockets = await io.in(roomID).fetchSockets();
    if (sockets.length <= 1) {
      io.to(`${socket.id}`).emit('first-in-room');
    } else {
      socket.broadcast.to(roomID).emit('new-user', socket.id);
    }
    io.in(roomID).emit(
      'room-user-change',
      sockets.map((s) => s.id),
    );
  });

  socket.on('server-broadcast', (roomID, data, iv) => {
    socket.broadcast.to(roomID).emit('client-broadcast', data, iv);
  });

  socket.on('server-volatile-broadcast', (roomID, data, iv) => {
    socket.volatile.broadcast.to(roomID).emit('client-broadcast', data, iv);
  });

  socket.on('disconnecting', async () => {
    for (const roomID of Array.from(socket.rooms)) {
      const otherClients = (await io.in(roomID).fetchSockets()).filter((s) => s.id !== socket.id);
      if (otherClients.length > 0) {
        socket.broadcast.to(roomID).emit(
          'room-user-change',
          otherClients.map((s) => s.id),
        );
      }
    }
  });

  socket.on('disconnect', () => {
    socket.removeAllListeners();
    socket.disconnect();
  });
});

listen(server, opts);

onStop(() => {
  // Disconnects every socket and closes the HTTP server.
  io.close(() => process.exit(0));
  // Clients that do not finish closing are not waited for.
  setTimeout(() => process.exit(0), 1000).unref();
});
