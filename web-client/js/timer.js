// @ts-check
// The workshop timer as people see it. The server keeps the timer as an end time on
// its own clock (`ends_at`); each `welcome` and `pong` says what its clock shows
// (`server_time`). The client estimates the difference between the server's clock and
// its own from those samples (half the round trip is assumed for the way back) and
// counts down to `ends_at` with it, so a phone whose clock is off still shows the
// right time, also after reconnects.
//
// Pure: the current time is always passed in.

/** Samples older than this many are forgotten, so a changed local clock is noticed. */
export const CLOCK_SAMPLES_KEPT = 8;
/** A running timer with at most this much left is shown as "nearly done". */
export const TIMER_WARNING_MS = 30000;

/**
 * @typedef {object} ClockSample
 * @property {number} offset server time minus local time, in ms
 * @property {number} rtt the round trip the sample took, in ms (its uncertainty is half)
 */
/** @typedef {{samples: ClockSample[]}} Clock */

/**
 * An RFC 3339 time as milliseconds since the epoch.
 * @param {unknown} text
 * @returns {number} NaN if it is not a time
 */
export function parseTime(text) {
  if (typeof text !== 'string' || !text) return NaN;
  return Date.parse(text);
}

/** @returns {Clock} */
export function createClock() {
  return { samples: [] };
}

/**
 * Adds a sample: the server said `serverTime` between `sentAt` and `receivedAt` (both
 * local times in ms).
 * @param {Clock} clock
 * @param {string} serverTime
 * @param {number} sentAt
 * @param {number} receivedAt
 * @returns {boolean} whether the sample could be used
 */
export function addClockSample(clock, serverTime, sentAt, receivedAt) {
  const server = parseTime(serverTime);
  if (!Number.isFinite(server) || !Number.isFinite(sentAt) || !Number.isFinite(receivedAt) || receivedAt < sentAt) return false;
  const rtt = receivedAt - sentAt;
  clock.samples.push({ offset: server + rtt / 2 - receivedAt, rtt });
  if (clock.samples.length > CLOCK_SAMPLES_KEPT) clock.samples.shift();
  return true;
}

/**
 * The best estimate of server time minus local time: the sample with the shortest
 * round trip among the recent ones; 0 without samples.
 * @param {Clock} clock
 * @returns {number} ms
 */
export function clockOffset(clock) {
  let best = null;
  for (const s of clock.samples) if (!best || s.rtt < best.rtt) best = s;
  return best ? Math.round(best.offset) : 0;
}

/**
 * @typedef {object} TimerView
 * @property {'idle'|'running'|'paused'|'up'} state 'up' is a running timer that reached zero
 * @property {number} remainingMs
 * @property {string} text what the display shows, for example "4:59"
 * @property {boolean} warning at most TIMER_WARNING_MS left while running
 */

/**
 * What the timer shows at local time `now`.
 * @param {{state: string, duration_ms: number, ends_at: string, remaining_ms: number}|null|undefined} timer
 * @param {number} offset server time minus local time (clockOffset)
 * @param {number} now local time in ms
 * @returns {TimerView}
 */
export function timerView(timer, offset, now) {
  if (!timer || timer.state === 'idle') return { state: 'idle', remainingMs: 0, text: '', warning: false };
  if (timer.state === 'paused') {
    const left = Math.max(0, timer.remaining_ms || 0);
    return { state: 'paused', remainingMs: left, text: formatDuration(left), warning: false };
  }
  const ends = parseTime(timer.ends_at);
  const left = Number.isFinite(ends) ? Math.max(0, ends - (now + offset)) : 0;
  if (left <= 0) return { state: 'up', remainingMs: 0, text: formatDuration(0), warning: false };
  return { state: 'running', remainingMs: left, text: formatDuration(left), warning: left <= TIMER_WARNING_MS };
}

/**
 * "4:59", "0:07", "1:02:03": whole seconds, rounded up, so that the display shows the
 * full length when it starts and 0:00 only when the time is up.
 * @param {number} ms
 * @returns {string}
 */
export function formatDuration(ms) {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, '0');
  return h > 0 ? h + ':' + String(m).padStart(2, '0') + ':' + ss : m + ':' + ss;
}

/**
 * How long until the display changes next, so that a view can wait exactly that long
 * instead of polling (at least 50 ms, at most a second).
 * @param {TimerView} view
 * @returns {number|null} ms, or null when nothing changes by itself
 */
export function nextTickIn(view) {
  if (view.state !== 'running') return null;
  const intoSecond = view.remainingMs % 1000;
  return Math.min(1000, Math.max(50, intoSecond === 0 ? 1000 : intoSecond + 5));
}
