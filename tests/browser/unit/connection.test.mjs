// Unit tests of web-client/js/connection.js with a fake WebSocket and fake timers:
// join by name and by token, resume with `since`, a snapshot after lost state, the
// retry rule after a reconnect, backoff, and the close codes that end reconnecting.
import { test, describe, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { createConnection, backoffDelay, BACKOFF_MAX_MS, BACKOFF_MIN_MS } from '../../../web-client/js/connection.js';
import { createBoard } from '../../../web-client/js/board-state.js';

const AT = '2026-11-23T13:30:12.504Z';
const SESSION = { id: 's1', code: 'K7M4QX', title: 'T', question: 'Q', status: 'open', created_at: AT };

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
      assert.equal(pending.size, 1, 'exactly one timer should wait');
      const [id, { fn, ms }] = [...pending][0];
      pending.delete(id);
      fn();
      return ms;
    },
  };
}

function welcome(extra = {}) {
  return { type: 'welcome', protocol: 1, session: SESSION, you: { id: 2, name: 'Anna', role: 'participant' }, seq: 0,
    resume: 'snapshot', pending_refs: [], recent_refs: [], ...extra };
}

function snapshot(seq, ideas = []) {
  return { type: 'snapshot', seq, session: SESSION, columns: [{ id: 1, title: 'Idéer', ideas: ideas.map((i) => i.id) }, { id: 2, title: 'To', ideas: [] }], ideas };
}

function idea(id, index, column = 1) {
  return { id, column, index, text: 'i' + id, author: { id: 2, name: 'Anna' }, version: 1, created_at: AT, updated_at: AT };
}

function added(seq, id, index, column = 1) {
  return { type: 'idea.added', idea: idea(id, index, column), seq, at: AT };
}

/** Starts a connection with recording callbacks. */
function start(opts = {}) {
  const timers = fakeTimers();
  const log = { states: [], welcomes: [], boards: 0, joinErrors: [], stopped: [], stray: [] };
  const board = createBoard();
  const conn = createConnection({
    code: 'K7M4QX', token: null, name: 'Anna', board,
    url: 'ws://test/ws', WebSocketImpl: FakeSocket, timers, random: () => 0.5,
    onState: (s) => log.states.push(s),
    onWelcome: (w) => log.welcomes.push(w),
    onBoard: () => { log.boards += 1; },
    onJoinError: (e) => log.joinErrors.push(e),
    onStopped: (why) => log.stopped.push(why),
    onStrayError: (e) => log.stray.push(e),
    ...opts,
  });
  return { conn, board, timers, log, socket: () => FakeSocket.all[FakeSocket.all.length - 1] };
}

/** Starts and joins: the board holds a snapshot at `seq`. */
function joined(seq = 0, ideas = [], opts = {}) {
  const t = start(opts);
  t.socket().accept();
  t.socket().deliver(welcome({ seq, token: opts.token ? undefined : 'tok-anna' }));
  t.socket().deliver(snapshot(seq, ideas));
  assert.equal(t.conn.getState(), 'connected');
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
    assert.deepEqual(t.conn.getYou(), { id: 2, name: 'Anna', role: 'participant' });
  });

  test('joins with the token (and no since) when it has one', () => {
    const t = start({ token: 'tok-mette', name: null });
    t.socket().accept();
    assert.deepEqual(t.socket().sent, [{ type: 'join', protocol: 1, code: 'K7M4QX', token: 'tok-mette' }]);
  });

  const fatal = ['invalid_token', 'session_not_found', 'unsupported_protocol', 'invalid_field', 'too_long'];
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
    assert.deepEqual(t.board.columns[0].ideas, [7, 8]);
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
    assert.deepEqual(t.board.columns[0].ideas, [3]);
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
    t.socket().deliver({ type: 'idea.deleted', id: 99, seq: 1, at: AT });
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
    const sent = t.socket().sent[1];
    assert.equal(sent.type, 'idea.add');
    assert.match(sent.ref, /^[a-z0-9]+:1$/);
    const event = added(1, 7, 0);
    t.socket().deliver({ type: 'ack', ref: sent.ref, seq: 1, event });
    assert.deepEqual(await result, { ok: true, event });
    assert.deepEqual(t.board.columns[0].ideas, [7]);
    assert.equal(t.conn.unanswered(), 0);
  });

  test('an error settles the command with the error', async () => {
    const t = joined(0);
    const result = t.conn.send({ type: 'idea.edit', id: 7, base_version: 1, text: 'x' });
    const ref = t.socket().sent[1].ref;
    const error = { type: 'error', ref, code: 'stale_version', message: 'm', current: idea(7, 0) };
    t.socket().deliver(error);
    assert.deepEqual(await result, { ok: false, error });
  });

  test('acks of another tab are applied; its errors are ignored; errors without ref are reported', () => {
    const t = joined(0);
    t.socket().deliver({ type: 'ack', ref: 'othertab:1', seq: 1, event: added(1, 7, 0) });
    assert.deepEqual(t.board.columns[0].ideas, [7]);
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
    const [refA, refB, refC] = t.socket().sent.slice(1).map((m) => m.ref);
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
    assert.deepEqual(t.board.columns[0].ideas, [7, 8, 9]);
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
    assert.equal(t.socket().sent.length, 65);
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
