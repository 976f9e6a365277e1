// The command line both relays share (ws-relay/server.js, socketio-relay/server.js):
//
//   node server.js [--port P] [--bind ADDR]     port 0 (the default): the system picks one
//
// and their start-up line, "listening on http://ADDR:PORT", which the load generator
// (tests/load) waits for. No dependencies: each relay requires it as '../relay-cli'.
'use strict';

// Reads --port and --bind; prints the usage for --help and exits 2 on anything else.
function parseArgs(name, argv) {
  const opts = { port: 0, bind: '127.0.0.1' };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--port' && i + 1 < argv.length) opts.port = Number(argv[++i]);
    else if (a === '--bind' && i + 1 < argv.length) opts.bind = argv[++i];
    else if (a === '--help' || a === '-h') {
      console.log('usage: node server.js [--port P] [--bind ADDR]');
      process.exit(0);
    } else {
      console.error(`${name}: unknown argument ${a}`);
      process.exit(2);
    }
  }
  if (!Number.isInteger(opts.port) || opts.port < 0 || opts.port > 65535) {
    console.error(`${name}: bad --port`);
    process.exit(2);
  }
  return opts;
}

// Listens on opts.bind:opts.port and prints the line the generator waits for.
function listen(server, opts) {
  server.listen(opts.port, opts.bind, () => {
    const { address, port } = server.address();
    console.log(`listening on http://${address}:${port}`);
  });
}

// Runs stop() once, on the first SIGTERM or SIGINT.
function onStop(stop) {
  let stopping = false;
  const once = () => {
    if (stopping) return;
    stopping = true;
    stop();
  };
  process.on('SIGTERM', once);
  process.on('SIGINT', once);
}

module.exports = { parseArgs, listen, onStop };
