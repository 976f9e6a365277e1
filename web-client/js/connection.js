// @ts-check
// One session's live connection: the WebSocket to /ws, the `join`, the board kept in
// step with the server, and the commands waiting for an answer. It reconnects by
// itself with backoff (PROTOCOL.md, "Close codes"), resumes with `since` within the
// page, applies the retry rule after each `welcome` ("Retries"), and asks for a fresh
// snapshot when an event does not fit the board ("lost state").
//
// The views see four states: 'connecting' (first attempt, nothing shown yet),
// 'connected' (joined and caught up: editing allowed), 'reconnecting' (lost, trying
// again) and 'offline' (the browser has no network, or the connection was stopped
// for good). Commands go through send(), whose promise settles with the `ack` or the
// `error` that answers them.

import { applyAck, applyEvent, applySnapshot, hasSnapshot } from './board-state.js';
import { createOutbox, enqueue, makeClientId, planRetry, settle, drain } from './outbox.js';

/** @typedef {'connecting'|'connected'|'reconnecting'|'offline'} ConnectionState */
/** @typedef {{ok: true, event: any}|{ok: false, error: {code: string, message?: string, current?: any, limit?: number, field?: string}}} CommandResult */
/**
 * @typedef {object} ConnectionOptions
 * @property {string} code the session's normalized join code
 * @property {string|null} token the participant's token, if this device has one
 * @property {string|null} name the display name to join with when there is no token
 * @property {import('./board-state.js').Board} board the board to keep in step
 * @property {(state: ConnectionState) => void} onState
 * @property {(welcome: any) => void} onWelcome after each successful join (a new token is in welcome.token)
 * @property {() => void} onBoard after the board changed
 * @property {(error: any) => void} onJoinError the join was refused for good (session_not_found,
 *   invalid_token, unsupported_protocol, a bad name); the connection has stopped
 * @property {(why: string) => void} [onStopped] the server closed with 1003, 1007 or 1009; stopped
 * @property {(error: any) => void} [onStrayError] an error that answers none of this page's commands
 * @property {string} [url] defaults to ws(s)://{location.host}/ws
 * @property {{new (url: string): WebSocket}} [WebSocketImpl] for tests
 * @property {() => number} [random] for tests
 * @property {{setTimeout: (fn: () => void, ms: number) => any, clearTimeout: (id: any) => void}} [timers] for tests
 */

export const PROTOCOL_VERSION = 1;
export const BACKOFF_MIN_MS = 500;
export const BACKOFF_MAX_MS = 10000;
/** Each delay is the backoff step times a factor in [1 - JITTER, 1 + JITTER]. */
export const BACKOFF_JITTER = 0.25;
/** Close codes that mean a bug in this client: reconnecting would only repeat it. */
export const NO_RECONNECT_CLOSE_CODES = Object.freeze([1003, 1007, 1009]);
/** Join errors after which trying again cannot help. */
const FATAL_JOIN_ERRORS = new Set(['session_not_found', 'invalid_token', 'unsupported_protocol',
  'invalid_field', 'too_long', 'bad_json', 'too_deep', 'unknown_type']);
const WS_OPEN = 1;

/**
 * How long to wait before reconnect attempt number `attempt` (0 for the first).
 * @param {number} attempt
 * @param {number} random a number in [0, 1)
 * @returns {number} milliseconds
 */
export function backoffDelay(attempt, random) {
  const step = Math.min(BACKOFF_MAX_MS, BACKOFF_MIN_MS * 2 ** Math.min(attempt, 16));
  const factor = 1 - BACKOFF_JITTER + 2 * BACKOFF_JITTER * random;
  return Math.round(Math.min(BACKOFF_MAX_MS, step * factor));
}

/**
 * The default WebSocket address: the page's own host, ws or wss to match http(s).
 * @returns {string}
 */
export function defaultSocketUrl() {
  const scheme = location.protocol === 'https:' ? 'wss://' : 'ws://';
  return scheme + location.host + '/ws';
}

/**
 * Starts connecting at once.
 * @param {ConnectionOptions} opts
 */
export function createConnection(opts) {
  const board = opts.board;
  const random = opts.random || Math.random;
  const WS = opts.WebSocketImpl || WebSocket;
  const url = opts.url || defaultSocketUrl();
  const timers = opts.timers || { setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (id) => clearTimeout(id) };
  /** @type {import('./outbox.js').Outbox<{resolve: (r: CommandResult) => void}>} */
  const outbox = createOutbox(makeClientId());

  let token = opts.token;
  /** @type {WebSocket|null} */
  let socket = null;
  /** @type {ConnectionState} */
  let state = 'connecting';
  let everJoined = false;
  let joined = false;          // a welcome came on the current socket
  let awaitingSnapshot = false;
  let catchUpTo = -1;          // the welcome's seq: 'connected' once the board reaches it
  let forceSnapshot = false;   // the board lost state: join without `since`
  let attempt = 0;             // failed attempts since the last welcome
  let stopped = false;
  /** @type {any} */
  let timer = null;
  /** @type {any} */
  let you = null;

  addWindowListeners();
  open();

  function open() {
    clearTimer();
    if (stopped) return;
    let ws;
    try {
      ws = new WS(url);
    } catch (err) {
      console.warn('samskab: cannot open WebSocket', err);
      scheduleReconnect();
      return;
    }
    socket = ws;
    joined = false;
    ws.onopen = () => {
      if (ws === socket) sendJoin(ws);
    };
    ws.onmessage = (ev) => {
      if (ws === socket) onMessage(ev.data);
    };
    ws.onclose = (ev) => {
      if (ws === socket) onClosed(ev.code);
    };
    ws.onerror = () => {
      // A close event always follows; it decides what to do.
    };
  }

  /** @param {WebSocket} ws */
  function sendJoin(ws) {
    /** @type {Record<string, unknown>} */
    const join = { type: 'join', protocol: PROTOCOL_VERSION, code: opts.code };
    if (token) {
      join.token = token;
      if (hasSnapshot(board) && !forceSnapshot) join.since = board.seq;
    } else {
      join.name = opts.name || '';
    }
    ws.send(JSON.stringify(join));
  }

  /** @param {unknown} data */
  function onMessage(data) {
    let msg;
    try {
      msg = JSON.parse(String(data));
    } catch {
      console.warn('samskab: server sent something that is not JSON');
      return;
    }
    if (!msg || typeof msg !== 'object') return;
    if (msg.type === 'welcome') onWelcome(msg);
    else if (msg.type === 'error') onError(msg);
    else if (!joined) return; // nothing but welcome or error comes before a welcome
    else if (msg.type === 'snapshot') onSnapshot(msg);
    else if (msg.type === 'ack') onAck(msg);
    else if (typeof msg.seq === 'number') onEvent(msg);
  }

  /** @param {any} msg */
  function onWelcome(msg) {
    const askedSince = Boolean(token) && hasSnapshot(board) && !forceSnapshot;
    joined = true;
    everJoined = true;
    attempt = 0;
    you = msg.you;
    if (typeof msg.token === 'string' && msg.token) token = msg.token;
    opts.onWelcome(msg);
    if (msg.resume === 'events' && (!askedSince || typeof msg.seq !== 'number' || msg.seq < board.seq)) {
      resync('welcome resumes with events the board cannot take');
      return;
    }
    awaitingSnapshot = msg.resume !== 'events';
    catchUpTo = typeof msg.seq === 'number' ? msg.seq : 0;
    const plan = planRetry(outbox, msg);
    for (const entry of plan.done) entry.data.resolve({ ok: true, event: null });
    for (const entry of plan.resend) transmit(entry.message);
    checkCaughtUp();
  }

  /** @param {any} msg */
  function onSnapshot(msg) {
    const result = applySnapshot(board, msg);
    if (!result.ok) {
      resync(result.reason);
      return;
    }
    awaitingSnapshot = false;
    forceSnapshot = false;
    opts.onBoard();
    checkCaughtUp();
  }

  /** @param {any} msg */
  function onAck(msg) {
    const entry = settle(outbox, msg.ref);
    const result = applyAck(board, msg);
    if (!result.ok) {
      if (entry) entry.data.resolve({ ok: true, event: msg.event });
      resync(result.reason);
      return;
    }
    if (result.applied) opts.onBoard();
    if (entry) entry.data.resolve({ ok: true, event: msg.event });
    checkCaughtUp();
  }

  /** @param {any} msg */
  function onEvent(msg) {
    if (awaitingSnapshot) return resync('event before the snapshot');
    const result = applyEvent(board, msg);
    if (!result.ok) return resync(result.reason);
    if (result.applied) opts.onBoard();
    checkCaughtUp();
  }

  /** @param {any} msg */
  function onError(msg) {
    if (!joined) {
      if (typeof msg.ref === 'string') return; // another tab's command; we have not joined yet
      if (FATAL_JOIN_ERRORS.has(msg.code)) {
        stop('offline');
        opts.onJoinError(msg);
      } else {
        // overloaded, storage_unavailable, internal_error: worth another try later.
        dropSocket();
        scheduleReconnect();
      }
      return;
    }
    const entry = settle(outbox, msg.ref);
    if (entry) entry.data.resolve({ ok: false, error: msg });
    else if (typeof msg.ref !== 'string' && opts.onStrayError) opts.onStrayError(msg);
  }

  function checkCaughtUp() {
    if (!joined || awaitingSnapshot || board.seq < catchUpTo || state === 'connected') return;
    setState('connected');
  }

  /**
   * The board no longer matches the server: start over with a snapshot.
   * @param {string} reason
   */
  function resync(reason) {
    console.warn('samskab: lost state, asking for a snapshot:', reason);
    forceSnapshot = true;
    dropSocket();
    scheduleReconnect();
  }

  /** @param {number} code */
  function onClosed(code) {
    socket = null;
    joined = false;
    if (stopped) return;
    if (NO_RECONNECT_CLOSE_CODES.includes(code)) {
      stop('offline');
      if (opts.onStopped) opts.onStopped('closed with ' + code);
      return;
    }
    scheduleReconnect();
  }

  function scheduleReconnect() {
    if (stopped) return;
    clearTimer();
    const offline = globalThis.navigator && globalThis.navigator.onLine === false;
    setState(offline ? 'offline' : everJoined ? 'reconnecting' : 'connecting');
    const delay = backoffDelay(attempt, random());
    attempt += 1;
    timer = timers.setTimeout(open, delay);
  }

  /** Closes the current socket without reacting to its close event. */
  function dropSocket() {
    const ws = socket;
    socket = null;
    joined = false;
    if (!ws) return;
    ws.onopen = ws.onmessage = ws.onclose = ws.onerror = null;
    try {
      ws.close(1000);
    } catch {
      // Closing a socket that never opened may throw; it is gone either way.
    }
  }

  /** @param {Record<string, unknown>} message */
  function transmit(message) {
    if (!socket || !joined || socket.readyState !== WS_OPEN) return; // sent after the next welcome
    try {
      socket.send(JSON.stringify(message));
    } catch (err) {
      console.warn('samskab: send failed; will retry after reconnect', err);
    }
  }

  /** @param {ConnectionState} next */
  function setState(next) {
    if (state === next) return;
    state = next;
    opts.onState(next);
  }

  function clearTimer() {
    if (timer !== null) timers.clearTimeout(timer);
    timer = null;
  }

  /** Reconnect now, for example when the network or the page comes back. */
  function retryNow() {
    if (stopped || socket) return;
    attempt = 0;
    open();
  }

  function onOffline() {
    if (!joined) setState('offline');
  }

  function onVisible() {
    if (globalThis.document && globalThis.document.visibilityState === 'visible') retryNow();
  }

  function addWindowListeners() {
    if (typeof globalThis.addEventListener !== 'function') return;
    globalThis.addEventListener('online', retryNow);
    globalThis.addEventListener('offline', onOffline);
    globalThis.document?.addEventListener('visibilitychange', onVisible);
  }

  function removeWindowListeners() {
    if (typeof globalThis.removeEventListener !== 'function') return;
    globalThis.removeEventListener('online', retryNow);
    globalThis.removeEventListener('offline', onOffline);
    globalThis.document?.removeEventListener('visibilitychange', onVisible);
  }

  /** @param {ConnectionState} finalState */
  function stop(finalState) {
    stopped = true;
    clearTimer();
    dropSocket();
    removeWindowListeners();
    setState(finalState);
  }

  return {
    /**
     * Sends a command. It waits in the outbox until answered, and survives reconnects.
     * @param {Record<string, unknown>} command a command without `ref`
     * @returns {Promise<CommandResult>} settles with the answer; with the client code
     *   'tooMany' at once when MAX_UNANSWERED commands wait already
     */
    send(command) {
      return new Promise((resolve) => {
        const entry = enqueue(outbox, command, { resolve });
        if (!entry) {
          resolve({ ok: false, error: { code: 'tooMany' } });
          return;
        }
        transmit(entry.message);
      });
    },
    /** @returns {ConnectionState} */
    getState() {
      return state;
    },
    /** @returns {any} the `you` of the last welcome */
    getYou() {
      return you;
    },
    /** @returns {number} commands still waiting for an answer */
    unanswered() {
      return outbox.entries.size;
    },
    /** Closes for good (leaving the board); waiting commands are dropped. */
    close() {
      stop('offline');
      drain(outbox);
    },
  };
}
