// @ts-check
// The commands this page has sent (or is about to send) and that the server has not
// answered yet, each with a unique `ref`. After a reconnect, the `welcome` says which
// of them the server has (PROTOCOL.md, "Retries"): a ref in `recent_refs` was applied,
// one in `pending_refs` will still be answered, any other never arrived and is sent
// again. Keeping at most MAX_UNANSWERED commands lets the client follow that rule
// exactly, since `recent_refs` holds the last 64.
//
// Pure: no DOM, no sockets. The caller owns the promise plumbing (see connection.js).

/** At most this many commands wait for an answer; the protocol remembers 64 refs. */
export const MAX_UNANSWERED = 64;
const CLIENT_ID_LENGTH = 10;
const CLIENT_ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/**
 * @template T
 * @typedef {{ref: string, message: Record<string, unknown>, data: T}} Entry
 * `message` is the command as sent, `ref` included; `data` is whatever the caller keeps
 * with it (for example the functions that settle a promise).
 */
/**
 * @template T
 * @typedef {{clientId: string, counter: number, entries: Map<string, Entry<T>>}} Outbox
 */

/**
 * A random id for this page, so that refs of two tabs never collide.
 * @param {() => number} [random] returns a number in [0, 1); defaults to a crypto source
 * @returns {string}
 */
export function makeClientId(random) {
  let out = '';
  const bytes = new Uint8Array(CLIENT_ID_LENGTH);
  const hasCrypto = typeof globalThis.crypto?.getRandomValues === 'function';
  const source = random || (hasCrypto ? null : Math.random);
  if (!source) globalThis.crypto.getRandomValues(bytes);
  for (let i = 0; i < CLIENT_ID_LENGTH; i++) {
    const n = source ? Math.floor(source() * 256) : bytes[i];
    out += CLIENT_ID_ALPHABET[n % CLIENT_ID_ALPHABET.length];
  }
  return out;
}

/**
 * @template T
 * @param {string} clientId 1 to 40 characters of A-Z a-z 0-9 - _ .
 * @returns {Outbox<T>}
 */
export function createOutbox(clientId) {
  return { clientId, counter: 0, entries: new Map() };
}

/**
 * Gives a command a fresh ref and keeps it until it is answered.
 * @template T
 * @param {Outbox<T>} outbox
 * @param {Record<string, unknown>} command a command without `ref`
 * @param {T} data
 * @returns {Entry<T>|null} the entry, or null when MAX_UNANSWERED commands wait already
 */
export function enqueue(outbox, command, data) {
  if (outbox.entries.size >= MAX_UNANSWERED) return null;
  outbox.counter += 1;
  const ref = outbox.clientId + ':' + outbox.counter;
  const entry = { ref, message: { ...command, ref }, data };
  outbox.entries.set(ref, entry);
  return entry;
}

/**
 * Takes out the command an `ack` or `error` answered.
 * @template T
 * @param {Outbox<T>} outbox
 * @param {unknown} ref
 * @returns {Entry<T>|undefined} the entry, or undefined if the ref is not ours (another tab's)
 */
export function settle(outbox, ref) {
  if (typeof ref !== 'string') return undefined;
  const entry = outbox.entries.get(ref);
  if (entry) outbox.entries.delete(ref);
  return entry;
}

/**
 * Applies the retry rule to the commands that wait, after a `welcome`.
 * Commands in `recent_refs` leave the outbox (they are done); the others stay.
 * @template T
 * @param {Outbox<T>} outbox
 * @param {{recent_refs?: unknown, pending_refs?: unknown}} welcome
 * @returns {{done: Entry<T>[], waiting: Entry<T>[], resend: Entry<T>[]}} each in the order
 *   the commands were made, which is the order to send them again
 */
export function planRetry(outbox, welcome) {
  const recent = new Set(Array.isArray(welcome.recent_refs) ? welcome.recent_refs : []);
  const pending = new Set(Array.isArray(welcome.pending_refs) ? welcome.pending_refs : []);
  /** @type {{done: Entry<T>[], waiting: Entry<T>[], resend: Entry<T>[]}} */
  const plan = { done: [], waiting: [], resend: [] };
  for (const entry of outbox.entries.values()) {
    if (recent.has(entry.ref)) plan.done.push(entry);
    else if (pending.has(entry.ref)) plan.waiting.push(entry);
    else plan.resend.push(entry);
  }
  for (const entry of plan.done) outbox.entries.delete(entry.ref);
  return plan;
}

/**
 * Empties the outbox, for example when the person is sent away from the board.
 * @template T
 * @param {Outbox<T>} outbox
 * @returns {Entry<T>[]} what was in it
 */
export function drain(outbox) {
  const all = [...outbox.entries.values()];
  outbox.entries.clear();
  return all;
}
