// @ts-check
// A session's history as the client reads it (PROTOCOL.md, "History": GET
// /api/sessions/{id}/history): the snapshot the session started from and its changes,
// each as the reader received it, and the board at any of them. The board at a seq is
// made exactly as the live board is made: the snapshot and then every event up to that
// seq through session-state.js, the reducer the board itself runs.
//
// Pure: no DOM, no clock, no network.

import { isInt, isObject, isText } from './state/check.js';
import { applyEvent, applySnapshot, createSessionState } from './session-state.js';

/** @typedef {import('./session-state.js').SessionState} SessionState */

/**
 * @typedef {object} History
 * @property {any|null} origin the snapshot at seq 0, or null: the server kept none
 * @property {any[]} changes the events, oldest first, one per seq after the origin's
 * @property {boolean} complete false when the server left out later changes
 * @property {number} seq the last change when the history was read
 */

/**
 * A moment one can show: the origin (seq 0, when the session was made; kind 'origin') or
 * a change (kind: its event's type).
 * @typedef {{seq: number, at: string, kind: string}} Moment
 */

/**
 * Reads the answer to GET /api/sessions/{id}/history.
 * @param {unknown} json
 * @returns {{ok: true, history: History} | {ok: false, reason: string}}
 */
export function readHistory(json) {
  if (!isObject(json)) return { ok: false, reason: 'not an object' };
  const answer = /** @type {Record<string, any>} */ (json);
  if (answer.format !== 1) return { ok: false, reason: 'unknown format ' + String(answer.format) };
  if (!Array.isArray(answer.changes)) return { ok: false, reason: 'no changes' };
  const origin = isObject(answer.origin) ? answer.origin : null;
  let seq = origin && isInt(origin.seq) ? origin.seq : 0;
  for (const e of answer.changes) {
    if (!isObject(e) || !isInt(e.seq) || e.seq !== seq + 1) return { ok: false, reason: 'changes out of order at ' + String(e?.seq) };
    seq = e.seq;
  }
  return {
    ok: true,
    history: { origin, changes: answer.changes, complete: answer.complete !== false, seq: isInt(answer.seq) ? answer.seq : seq },
  };
}

/**
 * Every moment of the history, oldest first: the origin, then each change.
 * @param {History} history
 * @returns {Moment[]}
 */
export function moments(history) {
  if (!history.origin) return [];
  const first = {
    seq: isInt(history.origin.seq) ? history.origin.seq : 0,
    at: isText(history.origin.session?.created_at) ? history.origin.session.created_at : '',
    kind: 'origin',
  };
  return [first, ...history.changes.map((e) => ({ seq: e.seq, at: isText(e.at) ? e.at : '', kind: isText(e.type) ? e.type : '' }))];
}

/**
 * Replays the history up to a seq. `from` (a state the same history made, at or before
 * `seq`) is carried on instead of starting over; it is changed in place.
 * @param {History} history
 * @param {number} seq
 * @param {SessionState} [from]
 * @returns {{ok: true, state: SessionState} | {ok: false, reason: string}}
 */
export function boardAt(history, seq, from) {
  if (!history.origin) return { ok: false, reason: 'no history kept' };
  let state = from;
  if (!state || state.seq > seq || state.seq < 0) {
    state = createSessionState();
    const applied = applySnapshot(state, history.origin);
    if (!applied.ok) return applied;
  }
  const start = history.origin.seq ?? 0;
  for (let i = state.seq - start; i < history.changes.length && history.changes[i].seq <= seq; i += 1) {
    const applied = applyEvent(state, history.changes[i]);
    if (!applied.ok) return applied;
  }
  return { ok: true, state };
}
