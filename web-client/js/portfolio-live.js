// @ts-check
// The portfolio page's live loop (PROTOCOL.md, "The portfolio", Live): it asks for the
// portfolio, then again and again with `after={version}` of the answer before, which the
// server holds until something changes (or 20 seconds), so every change shows within a
// moment of its commit. After a network error (or an answer that is no answer: a 5xx, a
// 429) it tries again after a growing pause (portfolio.js's retryDelay) and says it is
// reconnecting; a refused link (401, 403) or a refused query (400) stops it: asking again
// would get the same answer. The first request after a failure asks without `after`,
// for the portfolio as it is then. restart() drops the request under way and begins afresh
// without `after` (the filters changed); stop() ends it for good (the page is left).
// An answer to a request with `after` holds only the rows changed since that version: the
// loop merges it into the portfolio it holds (opts.merge) and hands on the whole.
//
// Everything it touches comes in as arguments (the request, the clock), so Node's test
// runner drives it with fakes.

import { retryDelay } from './portfolio.js';

/**
 * @typedef {object} FeedOptions
 * @property {(after: number|null, signal: AbortSignal) => Promise<import('./api.js').Portfolio>} fetch
 *   one request: the GET with `after` (null: answer at once); rejects with an ApiError
 * @property {(answer: import('./api.js').Portfolio) => void} onAnswer the portfolio after every
 *   answer (merged, see `merge`), also one with the same version as before (nothing changed in 20 seconds)
 * @property {(held: import('./api.js').Portfolio|null, answer: import('./api.js').Portfolio) =>
 *   import('./api.js').Portfolio|null} [merge] the portfolio after an answer to the one held (an
 *   answer with `after` has only the rows changed since: portfolio.js mergePortfolio); null: ask
 *   again without `after`. Without it, each answer is the portfolio.
 * @property {(reconnecting: boolean) => void} onReconnecting true after a failure, false at the next answer
 * @property {(error: {code?: string, status?: number}) => void} onStopped a refusal that ends the loop
 * @property {(fn: () => void, ms: number) => unknown} [setTimer]
 * @property {(handle: unknown) => void} [clearTimer]
 */

/**
 * Whether an error from the API ends the loop rather than being tried again.
 * @param {{code?: string, status?: number}} e
 */
export function isFinal(e) {
  return e.status === 400 || e.status === 401 || e.status === 403 || e.code === 'invalid_token' || e.code === 'credentials_required';
}

/**
 * @param {FeedOptions} opts
 * @returns {{start: () => void, restart: () => void, stop: () => void, running: () => boolean}}
 */
export function createPortfolioFeed(opts) {
  const setTimer = opts.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
  const clearTimer = opts.clearTimer ?? ((handle) => clearTimeout(/** @type {any} */ (handle)));
  const merge = opts.merge ?? ((_held, answer) => answer);
  /** Grows with every start, restart and stop: a loop whose number is not this one ends. */
  let generation = 0;
  let live = false;
  let reconnecting = false;
  /** @type {AbortController|null} */
  let controller = null;
  /** @type {{handle: unknown, resolve: () => void}|null} */
  let pause = null;

  function halt() {
    generation += 1;
    controller?.abort();
    controller = null;
    if (pause) {
      clearTimer(pause.handle);
      pause.resolve();
      pause = null;
    }
  }

  /** @param {boolean} on */
  function tell(on) {
    if (on === reconnecting) return;
    reconnecting = on;
    opts.onReconnecting(on);
  }

  /** @param {number} ms @returns {Promise<void>} */
  function sleep(ms) {
    return new Promise((resolve) => {
      const handle = setTimer(() => {
        pause = null;
        resolve();
      }, ms);
      pause = { handle, resolve };
    });
  }

  /** @param {number} mine */
  async function loop(mine) {
    /** @type {number|null} */
    let after = null;
    /** @type {import('./api.js').Portfolio|null} */
    let held = null;
    let failures = 0;
    while (mine === generation) {
      const abort = new AbortController();
      controller = abort;
      try {
        const answer = await opts.fetch(after, abort.signal);
        if (mine !== generation) return;
        tell(false);
        failures = 0;
        // A change that cannot be merged (a new day): the whole portfolio, at once.
        const merged = merge(held, answer) ?? (after === null ? answer : null);
        if (!merged) {
          held = null;
          after = null;
          continue;
        }
        held = merged;
        after = answer.version;
        opts.onAnswer(merged);
      } catch (err) {
        if (mine !== generation) return;
        const e = /** @type {{code?: string, status?: number}} */ (err ?? {});
        if (isFinal(e)) {
          live = false;
          tell(false);
          opts.onStopped(e);
          return;
        }
        failures += 1;
        // Once back, ask for the portfolio as it is, at once: a server that restarted
        // counts its versions afresh, and would hold a request with a version it never had.
        after = null;
        tell(true);
        await sleep(retryDelay(failures));
      }
    }
  }

  return {
    start() {
      if (live) return;
      halt();
      live = true;
      loop(generation);
    },
    restart() {
      halt();
      live = true;
      loop(generation);
    },
    stop() {
      halt();
      live = false;
    },
    running: () => live,
  };
}
