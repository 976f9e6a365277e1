// Unit tests of web-client/js/history.js: reading a history (PROTOCOL.md, "History")
// and the board at a seq, made with the live board's reducer (session-state.js).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { snapshot, idea, event, controls } from './fixtures.mjs';
import { boardAt, moments, readHistory } from '../../../web-client/js/history.js';
import { applyEvent, applySnapshot, createSessionState } from '../../../web-client/js/session-state.js';

const CHANGES = [
  event('idea.added', 1, { idea: idea(1, { text: 'Bordtennis' }) }),
  event('controls.updated', 2, { controls: controls({ phase: 'cluster' }) }),
  event('idea.added', 3, { idea: idea(2, { text: 'Café' }) }),
  event('idea.deleted', 4, { id: 1, dots_cast: 0, voters: 0 }),
];

/** @param {Record<string, any>} [over] */
function answer(over = {}) {
  return { format: 1, reader: { kind: 'participant', role: 'citizen', participant: 3 }, seq: 4,
    origin: snapshot(0), changes: CHANGES, complete: true, ...over };
}

test('readHistory takes a history whose changes follow the origin one by one, and nothing else', () => {
  const read = readHistory(answer());
  assert.equal(read.ok, true);
  if (!read.ok) return;
  assert.equal(read.history.changes.length, 4);
  assert.equal(read.history.complete, true);
  assert.equal(readHistory(answer({ complete: false })).ok && readHistory(answer({ complete: false })).history?.complete, false);
  assert.equal(readHistory(answer({ format: 2 })).ok, false);
  assert.equal(readHistory(answer({ changes: [CHANGES[0], CHANGES[2]] })).ok, false, 'a gap in seq');
  assert.equal(readHistory(null).ok, false);
  const none = readHistory(answer({ origin: null, changes: [] }));
  assert.equal(none.ok && none.history.origin, null);
  assert.deepEqual(none.ok && moments(none.history), []);
});

test('moments: the origin at the session\'s creation, then each change with its seq and time', () => {
  const read = readHistory(answer());
  assert.ok(read.ok);
  const m = moments(read.history);
  assert.deepEqual(m.map((x) => x.seq), [0, 1, 2, 3, 4]);
  assert.equal(m[0].kind, 'origin');
  assert.equal(m[0].at, snapshot(0).session.created_at);
  assert.equal(m[4].kind, 'idea.deleted');
});

test('boardAt is the origin with every change up to the seq applied, as the live board applies them', () => {
  const read = readHistory(answer());
  assert.ok(read.ok);
  const h = read.history;
  const at = (seq) => {
    const got = boardAt(h, seq);
    assert.ok(got.ok);
    return got.state;
  };
  assert.deepEqual([...at(0).ideas.keys()], []);
  assert.deepEqual([...at(1).ideas.keys()], [1]);
  assert.equal(at(2).controls?.phase, 'cluster');
  assert.deepEqual([...at(3).ideas.keys()].sort(), [1, 2]);
  assert.deepEqual([...at(4).ideas.keys()], [2]);
  // The same state as the reducer gives a client that received the snapshot and the events.
  const live = createSessionState();
  applySnapshot(live, snapshot(0));
  for (const e of CHANGES.slice(0, 3)) applyEvent(live, e);
  const replayed = at(3);
  assert.deepEqual({ ...replayed, revision: 0 }, { ...live, revision: 0 });
  // Going on from a state carries it forward; going back starts over.
  const from1 = at(1);
  const on = boardAt(h, 3, from1);
  assert.ok(on.ok && on.state === from1 && on.state.seq === 3);
  const back = boardAt(h, 1, on.ok ? on.state : undefined);
  assert.ok(back.ok && back.state.seq === 1 && back.state.ideas.size === 1);
  // Past the end: the last change.
  const end = boardAt(h, 99);
  assert.ok(end.ok && end.state.seq === 4);
});

test('boardAt refuses a history without an origin, and one the reducer cannot apply', () => {
  const none = readHistory(answer({ origin: null, changes: [] }));
  assert.ok(none.ok);
  assert.equal(boardAt(none.history, 0).ok, false);
  const broken = readHistory(answer({ changes: [event('idea.edited', 1, { id: 9, text: 'x', version: 2, updated_at: 'x' })] }));
  assert.ok(broken.ok);
  assert.equal(boardAt(broken.history, 1).ok, false);
});
