// @ts-check
// One session's live connection: the WebSocket to /ws, the `join`, the session state
// kept in step with the server, the commands waiting for an answer, and the requests
// (`ping`, `audit.get`, `participants.get`). It reconnects by itself with backoff
// (PROTOCOL.md, "Close codes"), resumes with `since` within the page, applies the retry
// rule after each `welcome` ("Retries"), asks for a fresh snapshot when an event does
// not fit the state ("lost state"), and keeps an estimate of the server's clock from
// the `server_time` of each `welcome` and `pong`, for the timer.
//
// While joined it sends a `ping` every PING_INTERVAL_MS; a `pong` that does not come
// within PONG_TIMEOUT_MS means the connection is dead even if the browser has not
// noticed, and it reconnects. When a command is sent, a `ping` goes with it and its
// `pong` must come within COMMAND_PONG_TIMEOUT_MS: a silently hung connection (a phone
// between networks, a dead NAT entry) is found within seconds while someone waits for
// an answer, and the command is sent again after the reconnect (exactly once: the retry
// rule).
//
// The views see four states: 'connecting' (first attempt, nothing shown yet),
// 'connected' (joined and caught up: editing allowed), 'reconnecting' (lost, trying
// again) and 'offline' (the browser has no network, or the connection was stopped
// for good). Commands go through send(), whose promise settles with the `ack` or the
// `error` that answers them; requests through request().

import { applyAck, applyEvent, applyInvites, applyPresence, applySnapshot, hasSnapshot } from './session-state.js';
import { createOutbox, enqueue, makeClientId, planRetry, settle, drain } from './outbox.js';
import { addClockSample, clockOffset, createClock } from './timer.js';

/** @typedef {'connecting'|'connected'|'reconnecting'|'offline'} ConnectionState */
/** @typedef {{code: string, message?: string, current?: any, limit?: number, field?: string, retry_after?: number}} ServerError */
/** @typedef {{ok: true, event: any}|{ok: false, error: ServerError}} CommandResult */
/** @typedef {{ok: true, answer: any}|{ok: false, error: ServerError}} RequestResult */
/**
 * @typedef {object} ConnectionOptions
 * @property {string} code the session's normalized join code
 * @property {string|null} [sessionId] the session's id, when known: joins by id, which
 *   reaches a closed session whose code has been given to a newer one
 * @property {string|null} token the participant's token, if this device has one
 * @property {string|null} name the display name to join with when there is no token
 * @property {string|null} [invite] an invitation token to join with (with the name)
 * @property {import('./session-state.js').SessionState} state the state to keep in step
 * @property {(state: ConnectionState) => void} onState
 * @property {(welcome: any) => void} onWelcome after each successful join (a new token is in welcome.token)
 * @property {() => void} onChange after the state changed (events, snapshot, presence)
 * @property {(error: any) => void} onJoinError the join was refused for good (session_not_found,
 *   invalid_token, invalid_invite, ...); the connection has stopped
 * @property {() => void} [onRemoved] the facilitator removed this participant (close 4001 or
 *   `participant_removed`); the connection has stopped
 * @property {() => void} [onDeleted] the session was deleted (close 4002); the connection has stopped
 * @property {(why: string) => void} [onStopped] the server closed with 1003, 1007 or 1009; stopped
 * @property {(error: any) => void} [onStrayError] an error that answers none of this page's messages
 * @property {(event: any, own: boolean) => void} [onEvent] each event applied, after onChange
 * @property {string} [url] defaults to ws(s)://{location.host}/ws
 * @property {{new (url: string): WebSocket}} [WebSocketImpl] for tests
 * @property {() => number} [random] for tests
 * @property {() => number} [now] local time in ms, for tests
 * @property {{setTimeout: (fn: () => void, ms: number) => any, clearTimeout: (id: any) => void}} [timers] for tests
 */

export const PROTOCOL_VERSION = 1;
export const BACKOFF_MIN_MS = 500;
export const BACKOFF_MAX_MS = 10000;
/** Each delay is the backoff step times a factor in [1 - JITTER, 1 + JITTER]. */
export const BACKOFF_JITTER = 0.25;
export const PING_INTERVAL_MS = 20000;
export const PONG_TIMEOUT_MS = 10000;
/** How long a `pong` may take while a command waits for its answer. */
export const COMMAND_PONG_TIMEOUT_MS = 3000;
/** Requests (not commands) that may wait for an answer at once. */
export const MAX_REQUESTS = 16;
/** Close codes that mean a bug in this client: reconnecting would only repeat it. */
export const NO_RECONNECT_CLOSE_CODES = Object.freeze([1003, 1007, 1009]);
/** The facilitator removed this participant: do not come back with this token. */
export const REMOVED_CLOSE_CODE = 4001;
/** The session was deleted: nothing is left to come back to. */
export const DELETED_CLOSE_CODE = 4002;
/** Join errors after which trying again cannot help. */
const FATAL_JOIN_ERRORS = new Set(['session_not_found', 'invalid_token', 'unsupported_protocol', 'invalid_invite',
  'invite_revoked', 'session_closed', 'invalid_field', 'too_long', 'bad_json', 'too_deep', 'unknown_type',
  'limit_reached', 'already_joined', 'joining_closed']);
/** The answers to requests: matched to their request by `ref`. */
const ANSWER_TYPES = new Set(['pong', 'audit', 'participants']);
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
  const state = opts.state;
  const random = opts.random || Math.random;
  const now = opts.now || (() => Date.now());
  const WS = opts.WebSocketImpl || WebSocket;
  const url = opts.url || defaultSocketUrl();
  const timers = opts.timers || { setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (id) => clearTimeout(id) };
  const clientId = makeClientId();
  /** @type {import('./outbox.js').Outbox<{resolve: (r: CommandResult) => void}>} */
  const outbox = createOutbox(clientId);
  /** @type {Map<string, {resolve: (r: RequestResult) => void, sentAt: number, type: string}>} */
  const requests = new Map();
  let requestCounter = 0;
  const clock = createClock();

  let token = opts.token;
  /** @type {WebSocket|null} */
  let socket = null;
  /** @type {ConnectionState} */
  let state_ = 'connecting';
  let everJoined = false;
  let joined = false;          // a welcome came on the current socket
  let joinSentAt = 0;
  let awaitingSnapshot = false;
  let catchUpTo = -1;          // the welcome's seq: 'connected' once the state reaches it
  let forceSnapshot = false;   // the state lost track: join without `since`
  let attempt = 0;             // failed attempts since the last welcome
  let stopped = false;
  /** @type {any} */
  let reconnectTimer = null;
  /** @type {any} */
  let pingTimer = null;
  /** @type {any} */
  let pongTimer = null;
  let pongDeadline = 0;         // the deadline of the ping that pongTimer waits for
  /** @type {any} */
  let you = null;

  addWindowListeners();
  open();

  function open() {
    clearReconnectTimer();
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
    const join = { type: 'join', protocol: PROTOCOL_VERSION };
    if (token && opts.sessionId) join.session = opts.sessionId;
    else join.code = opts.code;
    if (token) {
      join.token = token;
      if (hasSnapshot(state) && !forceSnapshot) join.since = state.seq;
    } else {
      join.name = opts.name || '';
      if (opts.invite) join.invite = opts.invite;
    }
    joinSentAt = now();
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
    else if (ANSWER_TYPES.has(msg.type)) onAnswer(msg);
    else if (!joined) return; // nothing else comes before a welcome
    else if (msg.type === 'snapshot') onSnapshot(msg);
    else if (msg.type === 'ack') onAck(msg);
    else if (msg.type === 'presence' || msg.type === 'presence.changed') {
      if (applyPresence(state, msg)) opts.onChange();
    } else if (msg.type === 'invites') {
      if (applyInvites(state, msg)) opts.onChange();
    } else if (typeof msg.seq === 'number') onEvent(msg);
  }

  /** @param {any} msg */
  function onWelcome(msg) {
    const askedSince = Boolean(token) && hasSnapshot(state) && !forceSnapshot;
    joined = true;
    everJoined = true;
    attempt = 0;
    you = msg.you;
    if (typeof msg.server_time === 'string') addClockSample(clock, msg.server_time, joinSentAt, now());
    if (typeof msg.token === 'string' && msg.token) token = msg.token;
    opts.onWelcome(msg);
    if (msg.resume === 'events' && (!askedSince || typeof msg.seq !== 'number' || msg.seq < state.seq)) {
      resync('welcome resumes with events the state cannot take');
      return;
    }
    awaitingSnapshot = msg.resume !== 'events';
    catchUpTo = typeof msg.seq === 'number' ? msg.seq : 0;
    const plan = planRetry(outbox, msg);
    for (const entry of plan.done) entry.data.resolve({ ok: true, event: null });
    for (const entry of plan.resend) transmit(entry.message);
    schedulePing(0);
    checkCaughtUp();
  }

  /** @param {any} msg */
  function onSnapshot(msg) {
    const result = applySnapshot(state, msg);
    if (!result.ok) {
      resync(result.reason);
      return;
    }
    awaitingSnapshot = false;
    forceSnapshot = false;
    opts.onChange();
    checkCaughtUp();
  }

  /** @param {any} msg */
  function onAck(msg) {
    const entry = settle(outbox, msg.ref);
    const result = applyAck(state, msg);
    if (entry) entry.data.resolve({ ok: true, event: msg.event });
    if (!result.ok) {
      resync(result.reason);
      return;
    }
    if (result.applied) {
      opts.onChange();
      if (opts.onEvent) opts.onEvent(msg.event, true);
    }
    checkCaughtUp();
  }

  /** @param {any} msg */
  function onEvent(msg) {
    if (awaitingSnapshot) return resync('event before the snapshot');
    const result = applyEvent(state, msg);
    if (!result.ok) return resync(result.reason);
    if (result.applied) {
      opts.onChange();
      if (opts.onEvent) opts.onEvent(msg, false);
    }
    checkCaughtUp();
  }

  /** @param {any} msg a pong, or the answer to `audit.get` or `participants.get` */
  function onAnswer(msg) {
    const pending = typeof msg.ref === 'string' ? requests.get(msg.ref) : undefined;
    if (!pending) return;
    requests.delete(msg.ref);
    if (msg.type === 'pong') {
      clearPongTimer();
      if (typeof msg.server_time === 'string' && addClockSample(clock, msg.server_time, pending.sentAt, now())) opts.onChange();
    }
    pending.resolve({ ok: true, answer: msg });
  }

  /** @param {any} msg */
  function onError(msg) {
    if (typeof msg.ref === 'string' && requests.has(msg.ref)) {
      const pending = /** @type {any} */ (requests.get(msg.ref));
      requests.delete(msg.ref);
      if (pending.type === 'ping') clearPongTimer();
      pending.resolve({ ok: false, error: msg });
      return;
    }
    if (msg.code === 'participant_removed') {
      removed();
      return;
    }
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

  function removed() {
    stop('offline');
    drain(outbox).forEach((e) => e.data.resolve({ ok: false, error: { code: 'participant_removed' } }));
    if (opts.onRemoved) opts.onRemoved();
  }

  function checkCaughtUp() {
    if (!joined || awaitingSnapshot || state.seq < catchUpTo || state_ === 'connected') return;
    setState('connected');
  }

  /**
   * The state no longer matches the server: start over with a snapshot.
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
    stopPings();
    failRequests();
    if (stopped) return;
    if (code === REMOVED_CLOSE_CODE) {
      removed();
      return;
    }
    if (code === DELETED_CLOSE_CODE) {
      stop('offline');
      drain(outbox).forEach((e) => e.data.resolve({ ok: false, error: { code: 'session_not_found' } }));
      if (opts.onDeleted) opts.onDeleted();
      else opts.onJoinError({ code: 'session_not_found', message: 'the session was deleted' });
      return;
    }
    if (NO_RECONNECT_CLOSE_CODES.includes(code)) {
      stop('offline');
      if (opts.onStopped) opts.onStopped('closed with ' + code);
      return;
    }
    scheduleReconnect();
  }

  function scheduleReconnect() {
    if (stopped) return;
    clearReconnectTimer();
    const offline = globalThis.navigator && globalThis.navigator.onLine === false;
    setState(offline ? 'offline' : everJoined ? 'reconnecting' : 'connecting');
    const delay = backoffDelay(attempt, random());
    attempt += 1;
    reconnectTimer = timers.setTimeout(open, delay);
  }

  /** Closes the current socket without reacting to its close event. */
  function dropSocket() {
    const ws = socket;
    socket = null;
    joined = false;
    stopPings();
    failRequests();
    if (!ws) return;
    ws.onopen = ws.onmessage = ws.onclose = ws.onerror = null;
    try {
      ws.close(1000);
    } catch {
      // Closing a socket that never opened may throw; it is gone either way.
    }
  }

  /** Requests are answered on the connection that asked: a new one will not answer them. */
  function failRequests() {
    const pending = [...requests.values()];
    requests.clear();
    for (const r of pending) r.resolve({ ok: false, error: { code: 'network' } });
  }

  /** @param {number} delay */
  function schedulePing(delay) {
    if (pingTimer !== null) timers.clearTimeout(pingTimer);
    pingTimer = timers.setTimeout(ping, delay);
  }

  /** @param {number} [deadline] how long the pong may take */
  function ping(deadline = PONG_TIMEOUT_MS) {
    // Called by its timer, or at once for a command: either way the next one is planned below.
    if (pingTimer !== null) timers.clearTimeout(pingTimer);
    pingTimer = null;
    if (!joined || stopped) return;
    const ws = socket;
    sendRequest('ping', {});
    clearPongTimer();
    pongDeadline = deadline;
    pongTimer = timers.setTimeout(() => {
      pongTimer = null;
      if (socket !== ws || !joined) return;
      console.warn('samskab: no pong within ' + deadline + ' ms; the connection is dead');
      dropSocket();
      scheduleReconnect();
    }, deadline);
    schedulePing(PING_INTERVAL_MS);
  }

  /**
   * A command was just sent: check at once that the connection carries it, unless a
   * ping with a deadline as short is already out.
   */
  function pingForCommand() {
    if (!joined || stopped) return;
    if (pongTimer !== null && pongDeadline <= COMMAND_PONG_TIMEOUT_MS) return;
    ping(COMMAND_PONG_TIMEOUT_MS);
  }

  function clearPongTimer() {
    if (pongTimer !== null) timers.clearTimeout(pongTimer);
    pongTimer = null;
  }

  function stopPings() {
    if (pingTimer !== null) timers.clearTimeout(pingTimer);
    pingTimer = null;
    clearPongTimer();
  }

  /**
   * @param {string} type
   * @param {Record<string, unknown>} fields
   * @returns {Promise<RequestResult>}
   */
  function sendRequest(type, fields) {
    return new Promise((resolve) => {
      if (!socket || !joined || socket.readyState !== WS_OPEN) {
        resolve({ ok: false, error: { code: 'network' } });
        return;
      }
      if (requests.size >= MAX_REQUESTS) {
        resolve({ ok: false, error: { code: 'tooMany' } });
        return;
      }
      requestCounter += 1;
      const ref = clientId + ':r' + requestCounter;
      requests.set(ref, { resolve, sentAt: now(), type });
      try {
        socket.send(JSON.stringify({ ...fields, type, ref }));
      } catch {
        requests.delete(ref);
        resolve({ ok: false, error: { code: 'network' } });
      }
    });
  }

  /**
   * @param {Record<string, unknown>} message
   * @returns {boolean} whether it went out now (else it goes after the next welcome)
   */
  function transmit(message) {
    if (!socket || !joined || socket.readyState !== WS_OPEN) return false;
    try {
      socket.send(JSON.stringify(message));
      return true;
    } catch (err) {
      console.warn('samskab: send failed; will retry after reconnect', err);
      return false;
    }
  }

  /** @param {ConnectionState} next */
  function setState(next) {
    if (state_ === next) return;
    state_ = next;
    opts.onState(next);
  }

  function clearReconnectTimer() {
    if (reconnectTimer !== null) timers.clearTimeout(reconnectTimer);
    reconnectTimer = null;
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
    if (globalThis.document && globalThis.document.visibilityState === 'visible') {
      retryNow();
      if (joined) schedulePing(0); // a phone that slept: check the connection and the clock
    }
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
    clearReconnectTimer();
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
        if (stopped) {
          resolve({ ok: false, error: { code: 'network' } });
          return;
        }
        const entry = enqueue(outbox, command, { resolve });
        if (!entry) {
          resolve({ ok: false, error: { code: 'tooMany' } });
          return;
        }
        if (transmit(entry.message)) pingForCommand();
      });
    },
    /**
     * Sends a request (`audit.get`, `participants.get`) on the current connection.
     * @param {string} type
     * @param {Record<string, unknown>} [fields]
     * @returns {Promise<RequestResult>} with the client code 'network' if not connected or
     *   the connection broke before the answer
     */
    request(type, fields = {}) {
      return sendRequest(type, fields);
    },
    /** @returns {ConnectionState} */
    getState() {
      return state_;
    },
    /** @returns {any} the `you` of the last welcome */
    getYou() {
      return you;
    },
    /** @returns {number} server time minus local time, in ms */
    clockOffset() {
      return clockOffset(clock);
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
