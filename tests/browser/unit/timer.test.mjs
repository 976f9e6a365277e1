// Unit tests of web-client/js/timer.js: the server clock offset from welcome and pong
// samples, and what the timer shows (running, paused, idle, time up) with that offset.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  createClock, addClockSample, clockOffset, timerView, formatDuration, nextTickIn, parseTime, CLOCK_SAMPLES_KEPT,
} from '../../../web-client/js/timer.js';

const T0 = Date.parse('2026-11-23T13:30:00.000Z');
const iso = (ms) => new Date(ms).toISOString();

describe('clock offset', () => {
  test('no samples: no offset', () => {
    assert.equal(clockOffset(createClock()), 0);
  });

  test('half the round trip is added to the server time', () => {
    const clock = createClock();
    // The local clock is 5 s behind the server; 200 ms round trip.
    const local = T0 - 5000;
    assert.equal(addClockSample(clock, iso(T0 + 100), local, local + 200), true);
    assert.equal(clockOffset(clock), 5000);
  });

  test('the sample with the shortest round trip wins', () => {
    const clock = createClock();
    addClockSample(clock, iso(T0 + 900), T0, T0 + 2000); // slow: offset guess -100
    addClockSample(clock, iso(T0 + 3020), T0 + 3000, T0 + 3040); // fast: offset 0
    assert.equal(clockOffset(clock), 0);
  });

  test('old samples are forgotten, so a changed local clock is noticed', () => {
    const clock = createClock();
    addClockSample(clock, iso(T0), T0, T0); // perfect, but old
    for (let i = 1; i <= CLOCK_SAMPLES_KEPT; i++) addClockSample(clock, iso(T0 + 60000 * i + 3000), T0 + 60000 * i, T0 + 60000 * i + 20);
    assert.equal(clock.samples.length, CLOCK_SAMPLES_KEPT);
    assert.equal(clockOffset(clock), 2990); // 3000 + 20 / 2 - 20
  });

  test('bad samples are refused', () => {
    const clock = createClock();
    assert.equal(addClockSample(clock, 'not a time', T0, T0 + 1), false);
    assert.equal(addClockSample(clock, iso(T0), T0 + 10, T0), false);
    assert.equal(clock.samples.length, 0);
    assert.ok(Number.isNaN(parseTime('')));
    assert.ok(Number.isNaN(parseTime(undefined)));
  });
});

describe('timerView', () => {
  const running = { state: 'running', duration_ms: 300000, ends_at: iso(T0 + 300000), remaining_ms: 0 };

  test('idle shows nothing', () => {
    assert.deepEqual(timerView({ state: 'idle', duration_ms: 0, ends_at: '', remaining_ms: 0 }, 0, T0), { state: 'idle', remainingMs: 0, text: '', warning: false });
    assert.equal(timerView(null, 0, T0).state, 'idle');
  });

  test('running counts down to ends_at on the server clock', () => {
    assert.deepEqual(timerView(running, 0, T0), { state: 'running', remainingMs: 300000, text: '5:00', warning: false });
    assert.equal(timerView(running, 0, T0 + 1).text, '5:00', 'rounded up');
    assert.equal(timerView(running, 0, T0 + 1000).text, '4:59');
    assert.equal(timerView(running, 0, T0 + 299001).text, '0:01');
  });

  test('a local clock 7 s behind the server still shows the right time', () => {
    const offset = 7000;
    assert.equal(timerView(running, offset, T0 - 7000).text, '5:00');
    assert.equal(timerView(running, offset, T0 - 7000 + 60000).text, '4:00');
  });

  test('the last 30 seconds warn; at zero the time is up', () => {
    assert.equal(timerView(running, 0, T0 + 270000).warning, true);
    assert.equal(timerView(running, 0, T0 + 269000).warning, false);
    assert.deepEqual(timerView(running, 0, T0 + 300000), { state: 'up', remainingMs: 0, text: '0:00', warning: false });
    assert.equal(timerView(running, 0, T0 + 999999).state, 'up');
  });

  test('paused shows what is left', () => {
    const paused = { state: 'paused', duration_ms: 300000, ends_at: '', remaining_ms: 61500 };
    assert.deepEqual(timerView(paused, 12345, T0), { state: 'paused', remainingMs: 61500, text: '1:02', warning: false });
  });

  test('formatDuration', () => {
    const cases = [[0, '0:00'], [1, '0:01'], [999, '0:01'], [1000, '0:01'], [59999, '1:00'], [60000, '1:00'], [61000, '1:01'],
      [3600000, '1:00:00'], [3725000, '1:02:05'], [14400000, '4:00:00'], [-5, '0:00']];
    for (const [ms, text] of cases) assert.equal(formatDuration(ms), text, String(ms));
  });

  test('the next tick comes when the shown second changes', () => {
    assert.equal(nextTickIn(timerView(running, 0, T0 + 250)), 755);
    assert.equal(nextTickIn(timerView(running, 0, T0)), 1000);
    assert.equal(nextTickIn(timerView(running, 0, T0 + 999)), 50);
    assert.equal(nextTickIn({ state: 'paused', remainingMs: 5, text: '', warning: false }), null);
  });
});
