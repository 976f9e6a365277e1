// Scenario p: a workspace's portfolio at size. Builds a workspace with SESSIONS sessions
// of TRIALS trial actions each through the real server (HTTP and WebSocket), then times
// (1) the portfolio's answer, from the request until its whole body is in, on loopback:
// the first one, and REQUESTS more in a row; and (2) a change reaching a watching
// portfolio: a request waits with ?after=version, a trial action is changed over a
// WebSocket, and the time runs from sending the command until the waiting request's
// whole answer is in (an answer with only the changed row, `complete: false`): CHANGES
// times unfiltered, changing trial actions of the last 10 sessions in turn, and
// CHANGES_ONE times filtered to one session; each time also until a citizen on the
// changed session's board has the change (the fan-out scenario a measures).
//
//   node --experimental-websocket tests/load/portfolio-bench.mjs SERVER [--sessions 200]
//        [--trials 10] [--requests 30] [--changes 200] [--changes-one 30] [--json FILE] [--server-cpu N]
//
// Prints a summary and, with --json, appends one line per measurement to FILE (the format
// of scripts/bench's results). Exits 1 on any error.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const args = process.argv.slice(2);
const server = args[0];
const opt = (name, dflt) => {
  const i = args.indexOf('--' + name);
  return i > 0 ? args[i + 1] : dflt;
};
const SESSIONS = Number(opt('sessions', 200));
const TRIALS = Number(opt('trials', 10));
const REQUESTS = Number(opt('requests', 30));
const CHANGES = Number(opt('changes', 200));  // unfiltered, over the last OPEN sessions in turn
const CHANGES_ONE = Number(opt('changes-one', 30));  // filtered to one session (its connection's rate limit)
const OPEN = 10;
const jsonFile = opt('json', '');
const cpu = opt('server-cpu', '');
if (!server) throw new Error('usage: portfolio-bench.mjs SERVER [options]');

const dir = mkdtempSync(path.join(tmpdir(), 'samskab-portfolio-'));
const db = path.join(dir, 'samskab.db');
let proc = null;
const quit = (code) => {
  if (proc && proc.exitCode === null) proc.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
  process.exit(code);
};

try {
  const made = execFileSync(server, ['workspace', 'create', '--db', db, '--name', 'Bench'], { encoding: 'utf8' });
  const link = /\/workspace\/([A-Za-z0-9_-]{16})#token=([A-Za-z0-9_-]+)/.exec(made);
  if (!link) throw new Error('no admin link in: ' + made);
  const [, wsId, admin] = link;
  const argv = ['--port', '0', '--db', db, '--trusted-proxy', '127.0.0.1', '--changes-per-address', '0',
    '--joins-per-address', '1000000', '--participant-pace', '0'];
  proc = cpu ? spawn('taskset', ['-c', cpu, server, ...argv], { stdio: ['ignore', 'pipe', 'pipe'] })
    : spawn(server, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
  const base = await new Promise((resolve, reject) => {
    let seen = '';
    const look = (chunk) => {
      seen += chunk.toString();
      const m = /listening on (http:\/\/[0-9.:]+)/.exec(seen);
      if (m) resolve(m[1]);
    };
    proc.stdout.on('data', look);
    proc.stderr.on('data', look);
    proc.on('exit', (code) => reject(new Error('the server stopped: ' + code + '\n' + seen)));
  });
  const auth = { Authorization: 'Bearer ' + admin };

  // A WebSocket client that sends commands and waits for their answers.
  const connect = (code, who) => new Promise((resolve, reject) => {
    const ws = new WebSocket(base.replace('http', 'ws') + '/ws');
    const waiting = new Map();
    let n = 0;
    ws.onerror = () => reject(new Error('websocket error'));
    ws.onopen = () => ws.send(JSON.stringify({ type: 'join', protocol: 1, code, ...who }));
    ws.onmessage = (m) => {
      const j = JSON.parse(m.data);
      if (j.type === 'presence' && !ws.ready) {
        ws.ready = true;
        resolve(ws);
      }
      if (ws.onEvent && j.seq !== undefined && j.type !== 'ack' && j.type !== 'snapshot') ws.onEvent(j);
      if ((j.type === 'ack' || j.type === 'error') && waiting.has(j.ref)) {
        waiting.get(j.ref)(j);
        waiting.delete(j.ref);
      }
    };
    ws.command = (type, fields) => new Promise((ok, fail) => {
      const ref = 'r' + ++n;
      waiting.set(ref, (j) => (j.type === 'ack' ? ok(j) : fail(new Error(type + ': ' + JSON.stringify(j)))));
      ws.send(JSON.stringify({ type, ref, ...fields }));
    });
  });

  // The workspace: SESSIONS sessions, each from an address of its own (a creation limit
  // per address is part of the server's defences), TRIALS trial actions each.
  const t0 = performance.now();
  const open = [];  // the last OPEN sessions, their facilitators still connected
  for (let s = 0; s < SESSIONS; s++) {
    const res = await fetch(base + '/api/sessions', {
      method: 'POST',
      headers: { ...auth, 'Content-Type': 'application/json', 'X-Forwarded-For': `10.9.${s >> 8}.${s & 255}` },
      body: JSON.stringify({ title: 'Session ' + s, question: 'Hvad vil I prøve?', facilitator_name: 'Mette', workspace: wsId }),
    });
    if (res.status !== 201) throw new Error('session ' + s + ': ' + res.status + ' ' + (await res.text()));
    const created = await res.json();
    const ws = await connect(created.code, { token: created.facilitator_token });
    const trials = [];
    for (let t = 0; t < TRIALS; t++) {
      const month = String(1 + ((s + t) % 12)).padStart(2, '0');
      const ack = await ws.command('trial.create', { title: `Prøvehandling ${s}.${t}`, what: 'Noget konkret at prøve',
        we_believe: 'det hjælper', review_date: `2027-${month}-15` });
      trials.push(ack.event.trial_action);
    }
    open.push({ ws, id: created.id, code: created.code, token: created.facilitator_token, trials });
    if (open.length > OPEN) open.shift().ws.close();
  }
  const buildS = (performance.now() - t0) / 1000;

  const get = async (query) => {
    const start = performance.now();
    const res = await fetch(base + `/api/workspaces/${wsId}/portfolio${query}`, { headers: auth });
    const body = await res.text();
    if (res.status !== 200) throw new Error('portfolio: ' + res.status + ' ' + body);
    return { ms: performance.now() - start, body };
  };
  const first = await get('');
  const whole = JSON.parse(first.body);
  if (whole.trial_actions.length !== SESSIONS * TRIALS) throw new Error('expected ' + SESSIONS * TRIALS + ' rows, got ' + whole.trial_actions.length);
  const answers = [];
  for (let i = 0; i < REQUESTS; i++) answers.push((await get('')).ms);

  // A change reaching a watching portfolio, and, for comparison, the same change reaching
  // a second client on the session's board (the fan-out scenario a measures).
  for (const o of open) o.board = await connect(o.code, { name: 'Bo' });  // a citizen on each board
  const last = open[open.length - 1];
  const bytes = [];
  let edits = 0;
  const watch = async (filter, sessions, changes) => {
    const times = [], boardTimes = [];
    let version = JSON.parse((await get(filter)).body).version;
    for (let k = 0; k < changes; k++) {
      const at = sessions[k % sessions.length];
      const trial = at.trials[Math.floor(k / sessions.length) % at.trials.length];
      const board = at.board;
      const i = edits++;
      const waiting = get((filter ? filter + '&' : '?') + 'after=' + version);
      await new Promise((r) => setTimeout(r, 30));  // let the request reach the server and wait
      let sent = 0;
      const onBoard = new Promise((resolve) => { board.onEvent = () => { board.onEvent = null; resolve(performance.now() - sent); }; });
      sent = performance.now();
      const ack = await at.ws.command('trial.update', { id: trial.id, base_version: trial.version, title: 'Ny titel ' + i });
      trial.version = ack.event.trial_action.version;
      const answer = await waiting;
      times.push(performance.now() - sent);
      boardTimes.push(await onBoard);
      const got = JSON.parse(answer.body);
      if (got.version <= version) throw new Error('the waiting request came back without the change');
      if (got.complete !== false || !got.trial_actions.some((r) => r.trial_action.title === 'Ny titel ' + i))
        throw new Error('the answer is not the changed row: ' + answer.body.slice(0, 200));
      bytes.push(answer.body.length);
      version = got.version;
    }
    return { times, boardTimes };
  };
  const live = await watch('', open, CHANGES);
  const liveOne = await watch('?session=' + last.id, [last], CHANGES_ONE);

  const stats = (xs) => {
    const s = [...xs].sort((a, b) => a - b);
    const at = (p) => s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
    return { p50: at(50), p95: at(95), p99: at(99), max: s[s.length - 1] };
  };
  const fmt = (x) => x.toFixed(2);
  const a = stats(answers), l = stats(live.times), o = stats(liveOne.times);
  const b = stats([...live.boardTimes, ...liveOne.boardTimes]);
  console.log(`scenario p: ${SESSIONS} sessions, ${SESSIONS * TRIALS} trial actions (built in ${buildS.toFixed(1)} s); ` +
    `answer ${(first.body.length / 1024).toFixed(0)} KiB`);
  console.log(`  first answer ${fmt(first.ms)} ms; then ${REQUESTS}: p50 ${fmt(a.p50)} p95 ${fmt(a.p95)} max ${fmt(a.max)} ms`);
  console.log(`  a change to a watching portfolio, whole: p50 ${fmt(l.p50)} p99 ${fmt(l.p99)} max ${fmt(l.max)} ms` +
    ` (answers of ${Math.min(...bytes)} to ${Math.max(...bytes)} bytes: the changed row)`);
  console.log(`  a change to a watching portfolio, one session: p50 ${fmt(o.p50)} p99 ${fmt(o.p99)} max ${fmt(o.max)} ms`);
  console.log(`  the same changes to a client on the session's board: p50 ${fmt(b.p50)} p99 ${fmt(b.p99)} max ${fmt(b.max)} ms`);
  if (jsonFile)
    appendFileSync(jsonFile, JSON.stringify({ scenario: 'p', server: 'samskab', clients: 1, sessions: SESSIONS,
      trial_actions: SESSIONS * TRIALS, first_answer_ms: first.ms, answer_p50_ms: a.p50, answer_p95_ms: a.p95,
      live_p50_ms: l.p50, live_p99_ms: l.p99, live_one_session_p50_ms: o.p50, live_one_session_p99_ms: o.p99, live_answer_bytes_max: Math.max(...bytes), board_p50_ms: b.p50, board_p99_ms: b.p99,
      answer_kib: first.body.length / 1024, errors: 0 }) + '\n');
  for (const o of open) {
    o.ws.close();
    o.board.close();
  }
  quit(0);
} catch (e) {
  console.error('scenario p failed: ' + (e && e.stack ? e.stack : e));
  quit(1);
}
