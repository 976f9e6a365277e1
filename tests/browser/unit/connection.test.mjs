// Unit tests of web-client/js/connection.js with a fake WebSocket and fake timers:
// join by name, by invitation and by token, resume with `since`, a snapshot after lost
// state, the retry rule after a reconnect, backoff, the close codes that end
// reconnecting (4001 and 4002 among them), requests and their answers, pings and the server
// clock, presence and `unseen`.
import { test, describe, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import {
  createConnection, backoffDelay, BACKOFF_MAX_MS, BACKOFF_MIN_MS, PING_INTERVAL_MS, PONG_TIMEOUT_MS, COMMAND_PONG_TIMEOUT_MS,
} from '../../../web-client/js/connection.js';
import { createSessionState } from '../../../web-client/js/session-state.js';
import { AT, GAP, SESSION, idea as makeIdea, snapshot as makeSnapshot } from './fixtures.mjs';

/** A WebSocket whose server side the test plays. */
class FakeSocket {
  /** @type {FakeSocket[]} */
  static all = [];
  constructor(url) {
    this.url = url;
    this.readyState = 0;
    this.sent = [];
    this.closedWith = null;
    FakeSocket.all.push(this);
  }
  send(data) {
    if (this.readyState !== 1) throw new Error('send on a socket that is not open');
    this.sent.push(JSON.parse(data));
  }
  close(code) {
    this.readyState = 3;
    this.closedWith = code ?? 1005;
  }
  // The server's side:
  accept() {
    this.readyState = 1;
    this.onopen?.({});
  }
  deliver(msg) {
    this.onmessage?.({ data: JSON.stringify(msg) });
  }
  drop(code = 1006) {
    this.readyState = 3;
    this.onclose?.({ code });
  }
}

/** Timers that run only when the test says so. */
function fakeTimers() {
  const pending = new Map();
  let next = 1;
  return {
    pending,
    setTimeout(fn, ms) {
      const id = next++;
      pending.set(id, { fn, ms });
      return id;
    },
    clearTimeout(id) {
      pending.delete(id);
    },
    /** Runs the one pending timer and returns its delay. */
    fire() {
      assert.equal(pending.size, 1, 'exactly one timer should wait, not ' + [...pending.values()].map((p) => p.ms));
      const [id, { fn, ms }] = [...pending][0];
      pending.delete(id);
      fn();
      return ms;
    },
    /** Runs the pending timer with this delay (there must be one). */
    fireAfter(ms) {
      const found = [...pending].find(([, p]) => p.ms === ms);
      assert.ok(found, 'no timer of ' + ms + ' ms; waiting: ' + [...pending.values()].map((p) => p.ms));
      pending.delete(found[0]);
      found[1].fn();
    },
  };
}

function welcome(extra = {}) {
  return { type: 'welcome', protocol: 1, server_time: AT, session: SESSION, you: { id: 2, name: 'Anna', role: 'citizen' }, seq: 0,
    resume: 'snapshot', pending_refs: [], recent_refs: [], ...extra };
}

function snapshot(seq, ideas = []) {
  return makeSnapshot(seq, { ideas });
}

/** An idea at position `index` of its column (ranks GAP apart). */
function idea(id, index, column = 1) {
  return makeIdea(id, { column, rank: index * GAP });
}

function added(seq, id, index, column = 1) {
  return { type: 'idea.added', idea: idea(id, index, column), seq, at: AT };
}

/** What a socket carried besides the join and pings. */
function commands(socket) {
  return socket.sent.filter((m) => m.type !== 'join' && m.type !== 'ping');
}

/** The ids of column 1 in order. */
function order(state) {
  return [...state.ideas.values()].filter((i) => i.column === 1).sort((a, b) => a.rank - b.rank || a.id - b.id).map((i) => i.id);
}

/** Starts a connection with recording callbacks. */
function start(opts = {}) {
  const timers = fakeTimers();
  const log = { states: [], welcomes: [], changes: 0, joinErrors: [], stopped: [], stray: [], removed: 0, events: [] };
  const board = createSessionState();
  const clock = { now: Date.parse(AT) };
  const conn = createConnection({
    code: 'K7M4QX', token: null, name: 'Anna', state: board,
    url: 'ws://test/ws', WebSocketImpl: FakeSocket, timers, random: () => 0.5, now: () => clock.now,
    onState: (s) => log.states.push(s),
    onWelcome: (w) => log.welcomes.push(w),
    onChange: () => { log.changes += 1; },
    onJoinError: (e) => log.joinErrors.push(e),
    onStopped: (why) => log.stopped.push(why),
    onStrayError: (e) => log.stray.push(e),
    onRemoved: () => { log.removed += 1; },
    onEvent: (e, own) => log.events.push([e.type, own]),
    ...opts,
  });
  return { conn, board, timers, log, clock, socket: () => FakeSocket.all[FakeSocket.all.length - 1] };
}

/** Starts and joins: the board holds a snapshot at `seq`. */
function joined(seq = 0, ideas = [], opts = {}) {
  const t = start(opts);
  t.socket().accept();
  t.socket().deliver(welcome({ seq, token: opts.token ? undefined : 'tok-anna' }));
  t.socket().deliver(snapshot(seq, ideas));
  assert.equal(t.conn.getState(), 'connected');
  t.timers.fireAfter(0); // the first ping
  t.socket().deliver({ type: 'pong', ref: t.socket().sent.at(-1).ref, server_time: AT });
  return t;
}

beforeEach(() => {
  FakeSocket.all = [];
});

describe('joining', () => {
  test('joins with the name when there is no token, and is connected after the snapshot', () => {
    const t = start();
    assert.equal(t.socket().url, 'ws://test/ws');
    assert.equal(t.conn.getState(), 'connecting');
    t.socket().accept();
    assert.deepEqual(t.socket().sent, [{ type: 'join', protocol: 1, code: 'K7M4QX', name: 'Anna' }]);
    t.socket().deliver(welcome({ token: 'tok-anna', seq: 3 }));
    assert.equal(t.log.welcomes[0].token, 'tok-anna');
    assert.equal(t.conn.getState(), 'connecting', 'not connected before the snapshot');
    t.socket().deliver(snapshot(3));
    assert.equal(t.conn.getState(), 'connected');
    assert.deepEqual(t.log.states, ['connected']);
    assert.equal(t.board.seq, 3);
    assert.deepEqual(t.conn.getYou(), { id: 2, name: 'Anna', role: 'citizen' });
  });

  test('joins with the token (and no since) when it has one', () => {
    const t = start({ token: 'tok-mette', name: null });
    t.socket().accept();
    assert.deepEqual(t.socket().sent, [{ type: 'join', protocol: 1, code: 'K7M4QX', token: 'tok-mette' }]);
  });

  const fatal = ['invalid_token', 'session_not_found', 'unsupported_protocol', 'invalid_field', 'too_long', 'invalid_invite', 'invite_revoked', 'session_closed'];
  for (const code of fatal) {
    test('a join refused with ' + code + ' stops for good', () => {
      const t = start({ token: 'old', name: null });
      t.socket().accept();
      t.socket().deliver({ type: 'error', code, message: 'no' });
      assert.equal(t.log.joinErrors[0].code, code);
      assert.equal(t.conn.getState(), 'offline');
      assert.equal(t.timers.pending.size, 0, 'no reconnect planned');
      assert.equal(FakeSocket.all.length, 1);
    });
  }

  for (const code of ['overloaded', 'storage_unavailable', 'internal_error']) {
    test('a join refused with ' + code + ' is tried again later', () => {
      const t = start({ token: 'tok', name: null });
      t.socket().accept();
      t.socket().deliver({ type: 'error', code, message: 'later' });
      assert.equal(t.log.joinErrors.length, 0);
      assert.equal(t.timers.pending.size, 1);
      t.timers.fire();
      assert.equal(FakeSocket.all.length, 2);
    });
  }
});

describe('reconnecting and resuming', () => {
  test('after a drop it reconnects with the new token and since', () => {
    const t = joined(0);
    t.socket().deliver(added(1, 7, 0));
    t.socket().drop(1006);
    assert.equal(t.conn.getState(), 'reconnecting');
    const delay = t.timers.fire();
    assert.equal(delay, BACKOFF_MIN_MS);
    t.socket().accept();
    assert.deepEqual(t.socket().sent, [{ type: 'join', protocol: 1, code: 'K7M4QX', token: 'tok-anna', since: 1 }]);
  });

  test('resume with events: applies them and is connected once caught up', () => {
    const t = joined(0);
    t.socket().drop(1001);
    t.timers.fire();
    t.socket().accept();
    t.socket().deliver(welcome({ seq: 2, resume: 'events' }));
    assert.equal(t.conn.getState(), 'reconnecting', 'not yet caught up');
    t.socket().deliver(added(1, 7, 0));
    t.socket().deliver(added(2, 8, 1));
    assert.equal(t.conn.getState(), 'connected');
    assert.deepEqual(order(t.board), [7, 8]);
  });

  test('resume with since equal to seq is connected at once', () => {
    const t = joined(4);
    t.socket().drop(1006);
    t.timers.fire();
    t.socket().accept();
    t.socket().deliver(welcome({ seq: 4, resume: 'events' }));
    assert.equal(t.conn.getState(), 'connected');
  });

  test('a snapshot on resume replaces the board', () => {
    const t = joined(0);
    t.socket().drop(1006);
    t.timers.fire();
    t.socket().accept();
    t.socket().deliver(welcome({ seq: 9000, resume: 'snapshot' }));
    t.socket().deliver(snapshot(9000, [idea(3, 0)]));
    assert.equal(t.board.seq, 9000);
    assert.deepEqual(order(t.board), [3]);
    assert.equal(t.conn.getState(), 'connected');
  });

  test('a gap in seq drops the connection and joins again without since', () => {
    const t = joined(0);
    const first = t.socket();
    first.deliver(added(2, 7, 0)); // seq 1 is missing
    assert.equal(first.closedWith, 1000);
    assert.notEqual(t.conn.getState(), 'connected');
    t.timers.fire();
    t.socket().accept();
    assert.deepEqual(t.socket().sent, [{ type: 'join', protocol: 1, code: 'K7M4QX', token: 'tok-anna' }]);
    t.socket().deliver(welcome({ seq: 2 }));
    t.socket().deliver(snapshot(2, [idea(7, 0)]));
    assert.equal(t.conn.getState(), 'connected');
    // The next reconnect may use since again.
    t.socket().drop(1006);
    t.timers.fire();
    t.socket().accept();
    assert.equal(t.socket().sent[0].since, 2);
  });

  test('an event with an unknown id also asks for a snapshot', () => {
    const t = joined(0);
    t.socket().deliver({ type: 'idea.edited', id: 99, text: 'x', version: 2, updated_at: AT, seq: 1, at: AT });
    assert.equal(t.socket().closedWith, 1000);
    t.timers.fire();
    t.socket().accept();
    assert.equal('since' in t.socket().sent[0], false);
  });

  test('a welcome that resumes with events behind the board asks for a snapshot', () => {
    const t = joined(5);
    t.socket().drop(1006);
    t.timers.fire();
    t.socket().accept();
    t.socket().deliver(welcome({ seq: 2, resume: 'events' })); // the server forgot changes
    assert.equal(t.socket().closedWith, 1000);
    t.timers.fire();
    t.socket().accept();
    assert.equal('since' in t.socket().sent[0], false);
  });

  test('backoff doubles up to the maximum and resets after a welcome', () => {
    const t = joined(0);
    t.socket().drop(1006);
    const delays = [];
    for (let i = 0; i < 7; i++) {
      delays.push(t.timers.fire());
      t.socket().drop(1006);
    }
    assert.deepEqual(delays, [500, 1000, 2000, 4000, 8000, 10000, 10000]);
    t.timers.fire();
    t.socket().accept();
    t.socket().deliver(welcome({ seq: 0, resume: 'events' }));
    t.socket().drop(1006);
    assert.equal(t.timers.fire(), 500);
  });

  for (const code of [1003, 1007, 1009]) {
    test('close ' + code + ' means a client bug: no reconnect', () => {
      const t = joined(0);
      t.socket().drop(code);
      assert.equal(t.conn.getState(), 'offline');
      assert.equal(t.timers.pending.size, 0);
      assert.equal(t.log.stopped.length, 1);
    });
  }

  for (const code of [1000, 1001, 1006, 1008, 1011]) {
    test('close ' + code + ' is followed by a reconnect', () => {
      const t = joined(0);
      t.socket().drop(code);
      assert.equal(t.conn.getState(), 'reconnecting');
      assert.equal(t.timers.pending.size, 1);
    });
  }

  test('close() stops everything', () => {
    const t = joined(0);
    t.conn.close();
    assert.equal(t.conn.getState(), 'offline');
    assert.equal(t.socket().closedWith, 1000);
    assert.equal(t.timers.pending.size, 0);
  });
});

describe('commands', () => {
  test('an ack settles the command and its event is applied', async () => {
    const t = joined(0);
    const result = t.conn.send({ type: 'idea.add', column: 1, text: 'i7' });
    const sent = commands(t.socket())[0];
    assert.equal(sent.type, 'idea.add');
    assert.match(sent.ref, /^[a-z0-9]+:1$/);
    const event = added(1, 7, 0);
    t.socket().deliver({ type: 'ack', ref: sent.ref, seq: 1, event });
    assert.deepEqual(await result, { ok: true, event });
    assert.deepEqual(order(t.board), [7]);
    assert.equal(t.conn.unanswered(), 0);
  });

  test('an error settles the command with the error', async () => {
    const t = joined(0);
    const result = t.conn.send({ type: 'idea.edit', id: 7, base_version: 1, text: 'x' });
    const ref = commands(t.socket())[0].ref;
    const error = { type: 'error', ref, code: 'stale_version', message: 'm', current: idea(7, 0) };
    t.socket().deliver(error);
    assert.deepEqual(await result, { ok: false, error });
  });

  test('acks of another tab are applied; its errors are ignored; errors without ref are reported', () => {
    const t = joined(0);
    t.socket().deliver({ type: 'ack', ref: 'othertab:1', seq: 1, event: added(1, 7, 0) });
    assert.deepEqual(order(t.board), [7]);
    t.socket().deliver({ type: 'error', ref: 'othertab:2', code: 'forbidden', message: 'm' });
    assert.equal(t.log.stray.length, 0);
    t.socket().deliver({ type: 'error', code: 'bad_json', message: 'm' });
    assert.equal(t.log.stray[0].code, 'bad_json');
  });

  test('after a reconnect: applied commands are done, pending ones wait, others are sent again', async () => {
    const t = joined(0);
    const a = t.conn.send({ type: 'idea.add', column: 1, text: 'a' });
    const b = t.conn.send({ type: 'idea.add', column: 1, text: 'b' });
    const c = t.conn.send({ type: 'idea.add', column: 1, text: 'c' });
    const [refA, refB, refC] = commands(t.socket()).map((m) => m.ref);
    t.socket().drop(1006);
    t.timers.fire();
    t.socket().accept();
    t.socket().deliver(welcome({ seq: 1, resume: 'events', recent_refs: ['x:1', refA], pending_refs: [refB] }));
    assert.deepEqual(t.socket().sent.slice(1), [{ type: 'idea.add', column: 1, text: 'c', ref: refC }]);
    assert.deepEqual(await a, { ok: true, event: null });
    t.socket().deliver(added(1, 7, 0));
    t.socket().deliver({ type: 'ack', ref: refB, seq: 2, event: added(2, 8, 1) });
    t.socket().deliver({ type: 'ack', ref: refC, seq: 3, event: added(3, 9, 2) });
    assert.equal((await b).ok, true);
    assert.equal((await c).ok, true);
    assert.deepEqual(order(t.board), [7, 8, 9]);
    assert.equal(t.conn.unanswered(), 0);
  });

  test('a command made while disconnected is sent after the next welcome', () => {
    const t = joined(0);
    t.socket().drop(1006);
    t.conn.send({ type: 'column.add', title: 'Ny' });
    t.timers.fire();
    t.socket().accept();
    assert.equal(t.socket().sent.length, 1, 'only the join before the welcome');
    t.socket().deliver(welcome({ seq: 0, resume: 'events' }));
    assert.equal(t.socket().sent[1].type, 'column.add');
  });

  test('the 65th unanswered command is refused at once', async () => {
    const t = joined(0);
    for (let i = 0; i < 64; i++) t.conn.send({ type: 'idea.add', column: 1, text: String(i) });
    assert.deepEqual(await t.conn.send({ type: 'idea.add', column: 1, text: 'x' }), { ok: false, error: { code: 'tooMany' } });
    assert.equal(commands(t.socket()).length, 64);
  });
});

describe('backoffDelay', () => {
  const cases = [
    [0, 0.5, 500], [1, 0.5, 1000], [2, 0.5, 2000], [4, 0.5, 8000], [5, 0.5, 10000], [40, 0.5, 10000],
    [0, 0, 375], [0, 0.999999, 625], [3, 0, 3000], [5, 0, 7500], [5, 0.999999, 10000],
  ];
  for (const [attempt, random, expected] of cases) {
    test('attempt ' + attempt + ', random ' + random + ' → ' + expected + ' ms', () => {
      assert.equal(backoffDelay(attempt, random), expected);
    });
  }
  test('never above the maximum', () => {
    for (let a = 0; a < 30; a++) assert.ok(backoffDelay(a, 0.99) <= BACKOFF_MAX_MS);
  });
});

describe('joining with an invitation or a session id', () => {
  test('an invitation is sent with the name; later joins use the new token', () => {
    const t = start({ invite: 'inv-manager', name: 'Mona' });
    t.socket().accept();
    assert.deepEqual(t.socket().sent, [{ type: 'join', protocol: 1, code: 'K7M4QX', name: 'Mona', invite: 'inv-manager' }]);
    t.socket().deliver(welcome({ token: 'tok-mona', you: { id: 4, name: 'Mona', role: 'manager' } }));
    t.socket().deliver(snapshot(0));
    t.socket().drop(1006);
    t.timers.fire();
    t.socket().accept();
    assert.deepEqual(t.socket().sent, [{ type: 'join', protocol: 1, code: 'K7M4QX', token: 'tok-mona', since: 0 }]);
  });

  test('with a token and a known session id it joins by id', () => {
    const t = start({ token: 'tok', name: null, sessionId: 'q0b7' });
    t.socket().accept();
    assert.deepEqual(t.socket().sent, [{ type: 'join', protocol: 1, session: 'q0b7', token: 'tok' }]);
  });
});

describe('a deleted session', () => {
  test('close 4002: no reconnect, pending commands refused, and the page is told', async () => {
    let deleted = 0;
    const t = joined(0, [], { onDeleted: () => { deleted += 1; } });
    const result = t.conn.send({ type: 'idea.add', column: 1, text: 'x' });
    t.socket().drop(4002);
    assert.equal(t.conn.getState(), 'offline');
    assert.equal(t.timers.pending.size, 0);
    assert.equal(deleted, 1);
    assert.deepEqual(await result, { ok: false, error: { code: 'session_not_found' } });
  });

  test('close 4002 without onDeleted: told as a join refused with session_not_found', () => {
    const t = joined(0);
    t.socket().drop(4002);
    assert.equal(t.timers.pending.size, 0);
    assert.equal(t.log.joinErrors.length, 1);
    assert.equal(t.log.joinErrors[0].code, 'session_not_found');
  });
});

describe('removed participants', () => {
  test('close 4001: no reconnect, and the page is told', () => {
    const t = joined(0);
    t.socket().drop(4001);
    assert.equal(t.conn.getState(), 'offline');
    assert.equal(t.timers.pending.size, 0);
    assert.equal(t.log.removed, 1);
  });

  test('a join refused with participant_removed: no reconnect, and the page is told', () => {
    const t = start({ token: 'tok', name: null });
    t.socket().accept();
    t.socket().deliver({ type: 'error', code: 'participant_removed', message: 'removed' });
    assert.equal(t.log.removed, 1);
    assert.equal(t.log.joinErrors.length, 0);
    assert.equal(t.timers.pending.size, 0);
  });

  test('a command refused with participant_removed ends the connection', async () => {
    const t = joined(0);
    const result = t.conn.send({ type: 'idea.add', column: 1, text: 'x' });
    const ref = commands(t.socket())[0].ref;
    t.socket().deliver({ type: 'error', ref, code: 'participant_removed', message: 'removed' });
    assert.deepEqual(await result, { ok: false, error: { code: 'participant_removed' } });
    assert.equal(t.log.removed, 1);
    assert.equal(t.conn.getState(), 'offline');
  });
});

describe('requests, pings and the server clock', () => {
  test('the welcome gives the clock offset; a pong refines it', () => {
    const t = start();
    t.clock.now = Date.parse(AT) - 60000; // the device is a minute behind
    t.socket().accept();
    t.clock.now += 100;
    t.socket().deliver(welcome({ server_time: new Date(Date.parse(AT) + 50).toISOString(), token: 'x' }));
    assert.equal(t.conn.clockOffset(), 60000);
    t.socket().deliver(snapshot(0));
    t.timers.fireAfter(0);
    const ping = t.socket().sent.at(-1);
    assert.equal(ping.type, 'ping');
    t.clock.now += 10;
    t.socket().deliver({ type: 'pong', ref: ping.ref, server_time: new Date(Date.parse(AT) - 895).toISOString() });
    assert.equal(t.conn.clockOffset(), 59000, 'the shorter round trip wins');
  });

  test('pings repeat while the pongs come', () => {
    const t = joined(0);
    assert.deepEqual([...t.timers.pending.values()].map((p) => p.ms), [PING_INTERVAL_MS], 'the pong cleared its timeout');
    t.timers.fireAfter(PING_INTERVAL_MS);
    const ping = t.socket().sent.at(-1);
    t.socket().deliver({ type: 'pong', ref: ping.ref, server_time: AT });
    t.timers.fireAfter(PING_INTERVAL_MS);
    assert.equal(t.socket().sent.filter((m) => m.type === 'ping').length, 3);
    assert.equal(t.conn.getState(), 'connected');
  });

  test('a missing pong drops the connection and reconnects', () => {
    const t = joined(0);
    const first = t.socket();
    t.timers.fireAfter(PING_INTERVAL_MS);
    assert.equal(first.sent.at(-1).type, 'ping');
    t.timers.fireAfter(PONG_TIMEOUT_MS);
    assert.equal(first.closedWith, 1000);
    assert.equal(t.conn.getState(), 'reconnecting');
  });

  test('a command goes with a ping that must be answered within seconds: a hung connection is dropped, and the command sent again once', async () => {
    const t = joined(0);
    const first = t.socket();
    const added = t.conn.send({ type: 'idea.add', column: 1, text: 'a' });
    const sent = first.sent.slice(-2).map((m) => m.type);
    assert.deepEqual(sent, ['idea.add', 'ping'], 'the ping follows the command at once');
    const ref = commands(first).at(-1).ref;
    // A second command while that ping is out sends no second ping.
    t.conn.send({ type: 'idea.add', column: 1, text: 'b' });
    assert.equal(first.sent.filter((m) => m.type === 'ping').length, 2, 'the first ping of joined() and this one');
    // Nothing comes back: after the short deadline the connection is given up.
    t.timers.fireAfter(COMMAND_PONG_TIMEOUT_MS);
    assert.equal(first.closedWith, 1000);
    assert.equal(t.conn.getState(), 'reconnecting');
    t.timers.fire();
    t.socket().accept();
    t.socket().deliver(welcome({ seq: 0, resume: 'events', pending_refs: [], recent_refs: [] }));
    assert.deepEqual(commands(t.socket()).map((m) => m.ref), [ref, commands(first).at(-1).ref], 'each command sent again, once');
    t.socket().deliver({ type: 'ack', ref, seq: 1, event: { type: 'idea.added', idea: makeIdea(5, { column: 1, rank: 0 }), seq: 1, at: AT } });
    assert.equal((await added).ok, true);
  });

  test('a pong within the deadline keeps the connection; an idle ping keeps its longer deadline', () => {
    const t = joined(0);
    t.conn.send({ type: 'column.add', title: 'Ny' });
    const ping = t.socket().sent.at(-1);
    assert.equal(ping.type, 'ping');
    t.socket().deliver({ type: 'pong', ref: ping.ref, server_time: AT });
    assert.deepEqual([...t.timers.pending.values()].map((p) => p.ms), [PING_INTERVAL_MS]);
    t.timers.fireAfter(PING_INTERVAL_MS);
    assert.deepEqual([...t.timers.pending.values()].map((p) => p.ms).sort((a, b) => a - b), [PONG_TIMEOUT_MS, PING_INTERVAL_MS]);
    assert.equal(t.conn.getState(), 'connected');
  });

  test('audit.get is answered by ref; a broken connection fails it', async () => {
    const t = joined(0);
    const answer = t.conn.request('audit.get', { limit: 50 });
    const sent = t.socket().sent.at(-1);
    assert.equal(sent.type, 'audit.get');
    assert.equal(sent.limit, 50);
    const audit = { type: 'audit', ref: sent.ref, entries: [{ seq: 3 }], more: false };
    t.socket().deliver(audit);
    assert.deepEqual(await answer, { ok: true, answer: audit });

    const refused = t.conn.request('audit.get', { before: 3 });
    t.socket().deliver({ type: 'error', ref: t.socket().sent.at(-1).ref, code: 'forbidden', message: 'no' });
    assert.deepEqual((await refused).error.code, 'forbidden');

    const lost = t.conn.request('audit.get');
    t.socket().drop(1006);
    assert.deepEqual(await lost, { ok: false, error: { code: 'network' } });
    assert.deepEqual(await t.conn.request('audit.get'), { ok: false, error: { code: 'network' } });
  });

  test('participants.get is answered by ref, before and after other messages', async () => {
    const t = joined(0);
    const answer = t.conn.request('participants.get', { limit: 100 });
    const sent = t.socket().sent.at(-1);
    assert.deepEqual(sent, { type: 'participants.get', limit: 100, ref: sent.ref });
    t.socket().deliver({ type: 'presence', participants: null, counts: {} });
    const list = { type: 'participants', ref: sent.ref, total: 1, more: false,
      participants: [{ id: 3, name: 'Anna', role: 'citizen', online: true, removed: false, ideas: 2, comments: 0 }] };
    t.socket().deliver(list);
    assert.deepEqual(await answer, { ok: true, answer: list });
  });

  test('requests are not commands: they are not sent again after a reconnect', () => {
    const t = joined(0);
    t.conn.request('audit.get');
    t.socket().drop(1006);
    t.timers.fire();
    t.socket().accept();
    t.socket().deliver(welcome({ seq: 0, resume: 'events' }));
    assert.deepEqual(t.socket().sent.map((m) => m.type), ['join']);
  });
});

describe('other messages', () => {
  test('presence is applied and reported as a change', () => {
    const t = joined(0);
    const before = t.log.changes;
    t.socket().deliver({ type: 'presence', participants: null, counts: { citizen: { online: 2, total: 3 } } });
    assert.equal(t.board.presence.counts.citizen.online, 2);
    assert.equal(t.log.changes, before + 1);
  });

  test('unseen moves seq on, so the resume asks for the right events', () => {
    const t = joined(0);
    t.socket().deliver({ type: 'unseen', private_count: 1, seq: 1, at: AT });
    t.socket().deliver({ type: 'unseen', seq: 2, at: AT });
    assert.equal(t.board.seq, 2);
    assert.equal(t.board.privateCount, 1);
    t.socket().drop(1006);
    t.timers.fire();
    t.socket().accept();
    assert.equal(t.socket().sent[0].since, 2);
  });

  test('resume with events counts unseen towards catching up', () => {
    const t = joined(0);
    t.socket().drop(1006);
    t.timers.fire();
    t.socket().accept();
    t.socket().deliver(welcome({ seq: 2, resume: 'events' }));
    t.socket().deliver({ type: 'unseen', seq: 1, at: AT });
    assert.equal(t.conn.getState(), 'reconnecting');
    t.socket().deliver({ type: 'unseen', private_count: 4, seq: 2, at: AT });
    assert.equal(t.conn.getState(), 'connected');
  });

  test('applied events are reported, own ones marked', () => {
    const t = joined(0);
    t.socket().deliver(added(1, 7, 0));
    t.conn.send({ type: 'idea.add', column: 1, text: 'x' });
    t.socket().deliver({ type: 'ack', ref: commands(t.socket())[0].ref, seq: 2, event: added(2, 8, 1) });
    assert.deepEqual(t.log.events, [['idea.added', false], ['idea.added', true]]);
  });

  test('a command sent after close() is refused at once', async () => {
    const t = joined(0);
    t.conn.close();
    assert.deepEqual(await t.conn.send({ type: 'idea.add', column: 1, text: 'x' }), { ok: false, error: { code: 'network' } });
  });
});
