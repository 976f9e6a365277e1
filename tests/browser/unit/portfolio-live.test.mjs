// Unit tests of web-client/js/portfolio-live.js: the portfolio page's live loop with a
// fake request and a fake clock. It asks at once, then with `after` the version of each
// answer; a network error is tried again after 1, 2, 4 … seconds, without `after`, and
// told once as "reconnecting" until the next answer; a refused link or query ends it; restart()
// drops the request under way (its answer is ignored) and asks afresh without `after`;
// stop() ends it, also during a pause.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createPortfolioFeed, isFinal } from '../../../web-client/js/portfolio-live.js';

/** A portfolio answer of a version. @param {number} version */
const answer = (version) => ({ version, today: '2027-03-02', overload_limit: 0, running: 0, overloaded: false, trial_actions: [], spread: [] });

/** Lets the loop's promises settle. */
const settle = () => new Promise((r) => setImmediate(r));

/** A fake server: each request waits until the test answers or fails it. */
function fakeServer() {
  /** @type {Array<{after: number|null, signal: AbortSignal, resolve: (a: any) => void, reject: (e: any) => void}>} */
  const requests = [];
  return {
    requests,
    /** @param {number|null} after @param {AbortSignal} signal */
    fetch(after, signal) {
      return new Promise((resolve, reject) => {
        requests.push({ after, signal, resolve, reject });
        signal.addEventListener('abort', () => reject(Object.assign(new Error('aborted'), { code: 'network', status: 0 })));
      });
    },
    last() {
      return requests[requests.length - 1];
    },
  };
}

/** A fake clock: timers run when the test says. */
function fakeClock() {
  /** @type {Map<number, {fn: () => void, ms: number}>} */
  const timers = new Map();
  let next = 1;
  return {
    timers,
    setTimer(/** @type {() => void} */ fn, /** @type {number} */ ms) {
      const id = next++;
      timers.set(id, { fn, ms });
      return id;
    },
    clearTimer(/** @type {unknown} */ id) {
      timers.delete(/** @type {number} */ (id));
    },
    /** Runs the one pending timer and returns its delay. */
    fire() {
      assert.equal(timers.size, 1, 'one timer pending');
      const [[id, { fn, ms }]] = timers;
      timers.delete(id);
      fn();
      return ms;
    },
  };
}

function setup() {
  const server = fakeServer();
  const clock = fakeClock();
  const log = /** @type {string[]} */ ([]);
  const feed = createPortfolioFeed({
    fetch: server.fetch,
    onAnswer: (a) => log.push('answer ' + a.version),
    onReconnecting: (on) => log.push('reconnecting ' + on),
    onStopped: (e) => log.push('stopped ' + e.code),
    setTimer: clock.setTimer,
    clearTimer: clock.clearTimer,
  });
  return { server, clock, log, feed };
}

describe('the live loop of the portfolio', () => {
  test('asks at once, then each time with the version of the answer before', async () => {
    const { server, log, feed } = setup();
    feed.start();
    assert.equal(server.requests.length, 1);
    assert.equal(server.last().after, null);
    server.last().resolve(answer(12));
    await settle();
    assert.equal(server.last().after, 12);
    server.last().resolve(answer(12)); // 20 seconds without a change: the same version
    await settle();
    assert.equal(server.last().after, 12);
    server.last().resolve(answer(13));
    await settle();
    assert.equal(server.last().after, 13);
    assert.deepEqual(log, ['answer 12', 'answer 12', 'answer 13']);
    assert.equal(feed.running(), true);
    feed.stop();
  });

  test('a network error: tried again after 1, 2, 4 seconds, "reconnecting" told once, until an answer', async () => {
    const { server, clock, log, feed } = setup();
    feed.start();
    server.last().resolve(answer(3));
    await settle();
    const delays = [];
    for (let i = 0; i < 3; i++) {
      server.last().reject(Object.assign(new Error('down'), { code: 'network', status: 0 }));
      await settle();
      delays.push(clock.fire());
      await settle();
      assert.equal(server.last().after, null, 'asks again for the portfolio as it is (the server may have restarted)');
    }
    assert.deepEqual(delays, [1000, 2000, 4000]);
    server.last().reject(Object.assign(new Error('busy'), { code: 'rate_limited', status: 429 }));
    await settle();
    assert.equal(clock.fire(), 8000, 'a 429 is waited out too');
    await settle();
    server.last().resolve(answer(4));
    await settle();
    assert.deepEqual(log, ['answer 3', 'reconnecting true', 'reconnecting false', 'answer 4']);
    // The next failure starts from a second again.
    server.last().reject(Object.assign(new Error('down'), { code: 'network', status: 0 }));
    await settle();
    assert.equal(clock.fire(), 1000);
    feed.stop();
  });

  for (const [code, status] of [['invalid_token', 403], ['credentials_required', 401], ['invalid_field', 400]]) {
    test('a refusal (' + status + ' ' + code + ') ends it', async () => {
      const { server, clock, log, feed } = setup();
      feed.start();
      server.last().reject(Object.assign(new Error(code), { code, status }));
      await settle();
      assert.deepEqual(log, ['stopped ' + code]);
      assert.equal(server.requests.length, 1);
      assert.equal(clock.timers.size, 0);
      assert.equal(feed.running(), false);
    });
  }

  test('restart drops the request under way and asks afresh without after; its late answer is ignored', async () => {
    const { server, log, feed } = setup();
    feed.start();
    server.last().resolve(answer(5));
    await settle();
    const waiting = server.last();
    assert.equal(waiting.after, 5);
    feed.restart();
    assert.equal(waiting.signal.aborted, true);
    assert.equal(server.last().after, null);
    waiting.resolve(answer(99)); // too late: already aborted
    server.last().resolve(answer(6));
    await settle();
    assert.deepEqual(log, ['answer 5', 'answer 6']);
    feed.stop();
  });

  test('stop ends it: the request under way is aborted, a pause cancelled, nothing more is asked', async () => {
    const { server, clock, log, feed } = setup();
    feed.start();
    feed.stop();
    assert.equal(server.last().signal.aborted, true);
    await settle();
    assert.equal(server.requests.length, 1);
    assert.deepEqual(log, []);

    feed.start();
    server.last().reject(Object.assign(new Error('down'), { code: 'network', status: 0 }));
    await settle();
    assert.equal(clock.timers.size, 1);
    feed.stop();
    assert.equal(clock.timers.size, 0, 'the pause is cancelled');
    await settle();
    assert.equal(server.requests.length, 2);
    assert.equal(feed.running(), false);
  });

  test('an answer with only the changed rows is merged into the portfolio held; a new day asks for the whole at once', async () => {
    const server = fakeServer();
    const seen = /** @type {any[]} */ ([]);
    const feed = createPortfolioFeed({
      fetch: server.fetch,
      merge: (held, got) => (got.complete !== false ? got : held && held.today === got.today ? { ...got, trial_actions: [...held.trial_actions, ...got.trial_actions] } : null),
      onAnswer: (a) => seen.push(a),
      onReconnecting: () => {},
      onStopped: () => {},
    });
    feed.start();
    server.last().resolve({ ...answer(1), complete: true, trial_actions: ['a'] });
    await settle();
    server.last().resolve({ ...answer(2), complete: false, trial_actions: ['b'] });
    await settle();
    assert.deepEqual(seen.map((a) => a.trial_actions), [['a'], ['a', 'b']]);
    assert.equal(server.last().after, 2);
    server.last().resolve({ ...answer(3), complete: false, today: '2027-03-03', trial_actions: [] });
    await settle();
    assert.equal(seen.length, 2, 'nothing shown from an answer that cannot be merged');
    assert.equal(server.last().after, null, 'asks again at once for the whole portfolio');
    server.last().resolve({ ...answer(3), complete: true, today: '2027-03-03', trial_actions: ['a', 'b'] });
    await settle();
    assert.equal(seen.length, 3);
    assert.equal(server.last().after, 3);
    feed.stop();
  });

  test('which errors are final', () => {
    assert.equal(isFinal({ code: 'network', status: 0 }), false);
    assert.equal(isFinal({ code: 'internal_error', status: 500 }), false);
    assert.equal(isFinal({ code: 'rate_limited', status: 429 }), false);
    assert.equal(isFinal({ code: 'invalid_token', status: 403 }), true);
    assert.equal(isFinal({ code: 'forbidden', status: 403 }), true);
    assert.equal(isFinal({ code: 'credentials_required', status: 401 }), true);
    assert.equal(isFinal({ code: 'invalid_field', status: 400 }), true);
  });
});
