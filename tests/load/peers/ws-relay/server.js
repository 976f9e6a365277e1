// A minimal WebSocket broadcast relay on npm's `ws`: the baseline the load generator
// compares Samskab with (tests/load/README.md, "Other servers").
//
// A client joins a room by its first message, {"join":"<room>"}, and gets {"joined":"<room>"}
// back; from then on every message it sends is relayed, unchanged, to the other clients of
// that room (not back to itself). Nothing is persisted, validated or acknowledged.
// (Joining by the URL path /room/<name> works too: the join is then done on connecting.)
//
//   node server.js [--port P] [--bind ADDR]     port 0 (the default): the system picks one
//
// Prints "listening on http://ADDR:PORT" when ready; exits 0 on SIGTERM or SIGINT.
'use strict';

const http = require('node:http');
const { WebSocketServer, WebSocket } = require('ws');
const { parseArgs, listen, onStop } = require('../relay-cli');

const opts = parseArgs('ws-relay', process.argv.slice(2));
const rooms = new Map(); // room name -> Set of sockets

function join(ws, room) {
  if (ws.room !== undefined) return false;
  ws.room = room;
  let members = rooms.get(room);
  if (!members) rooms.set(room, (members = new Set()));
  members.add(ws);
  ws.send(JSON.stringify({ joined: room }));
  return true;
}

function leave(ws) {
  if (ws.room === undefined) return;
  const members = rooms.get(ws.room);
  if (members) {
    members.delete(ws);
    if (members.size === 0) rooms.delete(ws.room);
  }
}

const server = http.createServer((req, res) => {
  res.writeHead(426, { 'Content-Type': 'text/plain' });
  res.end('WebSocket only\n');
});
const wss = new WebSocketServer({ server, perMessageDeflate: false, maxPayload: 64 * 1024 });

wss.on('connection', (ws, req) => {
  const m = /^\/room\/([^/?#]+)/.exec(req.url || '');
  if (m) join(ws, decodeURIComponent(m[1]));
  ws.on('message', (data, isBinary) => {
    if (ws.room === undefined) {
      let msg;
      try {
        msg = JSON.parse(data.toString());
      } catch {
        msg = undefined;
      }
      if (!msg || typeof msg.join !== 'string' || msg.join === '') return ws.close(1008, 'join first');
      join(ws, msg.join);
      return;
    }
    const members = rooms.get(ws.room);
    if (!members) return;
    for (const peer of members) {
      if (peer !== ws && peer.readyState === WebSocket.OPEN) peer.send(data, { binary: isBinary });
    }
  });
  ws.on('close', () => leave(ws));
  ws.on('error', () => leave(ws));
});

listen(server, opts);

onStop(() => {
  for (const ws of wss.clients) ws.close(1001, 'server stopping');
  wss.close();
  server.close(() => process.exit(0));
  // Clients that do not finish their closing handshake are not waited for.
  setTimeout(() => {
    for (const ws of wss.clients) ws.terminate();
    process.exit(0);
  }, 1000).unref();
});
