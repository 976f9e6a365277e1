// Unit tests of web-client/js/roster.js: the facilitators' list of participants as
// `participants.get` answers it (the server's order kept, counts or none, how many
// were left out), and who may remove whom, with or without everything they wrote.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readRoster, removalsFor } from '../../../web-client/js/roster.js';
import { SESSION, controls } from './fixtures.mjs';

/** @param {number} id @param {Record<string, any>} [over] */
function entry(id, over = {}) {
  return { id, name: 'P' + id, role: 'citizen', online: true, removed: false, ideas: 0, comments: 0, ...over };
}

/** @param {string} role @param {Record<string, any>} [settings] @param {Record<string, any>} [session] */
function actor(role, settings = {}, session = SESSION) {
  return { you: { id: 1, role }, controls: controls({ settings }), session };
}

describe('reading the answer', () => {
  test('entries in the order the server sent them: the most active first', () => {
    const roster = readRoster({ type: 'participants', ref: 'r', total: 3, more: false, participants: [
      entry(7, { ideas: 30, comments: 2 }), entry(2, { ideas: 1, comments: 0, role: 'staff', online: false }), entry(1, { role: 'facilitator' }),
    ] });
    assert.deepEqual(roster.entries.map((e) => e.id), [7, 2, 1]);
    assert.deepEqual(roster.entries[1], { id: 2, name: 'P2', role: 'staff', online: false, removed: false, ideas: 1, comments: 0 });
    assert.equal(roster.total, 3);
    assert.equal(roster.left, 0);
  });

  test('"and N more": the total minus those listed, when the server says there are more', () => {
    const participants = Array.from({ length: 100 }, (_, i) => entry(i + 1));
    assert.equal(readRoster({ participants, total: 240, more: true }).left, 140);
    assert.equal(readRoster({ participants, total: 100, more: false }).left, 0);
    assert.equal(readRoster({ participants, total: 50, more: true }).total, 100, 'never fewer than listed');
  });

  test('an anonymous session sends no counts: they stay unknown, not zero', () => {
    const roster = readRoster({ participants: [entry(3, { ideas: null, comments: null })], total: 1, more: false });
    assert.equal(roster.entries[0].ideas, null);
    assert.equal(roster.entries[0].comments, null);
  });

  test('removed participants are listed as removed; bad entries are skipped', () => {
    const roster = readRoster({ participants: [entry(4, { removed: true }), { name: 'no id' }, null, entry(5, { ideas: -1, comments: '3' })], total: 3 });
    assert.deepEqual(roster.entries.map((e) => [e.id, e.removed]), [[4, true], [5, false]]);
    assert.equal(roster.entries[1].ideas, null);
    assert.equal(roster.entries[1].comments, null);
    assert.deepEqual(readRoster(undefined), { entries: [], total: 0, left: 0 });
  });
});

describe('who may remove whom', () => {
  const cases = [
    // [the one looking, the one listed, remove, remove with everything]
    ['facilitator', 'citizen', true, true],
    ['facilitator', 'staff', true, true],
    ['facilitator', 'manager', true, true],
    ['facilitator', 'observer', true, true],
    ['facilitator', 'co_facilitator', true, true],
    ['co_facilitator', 'citizen', true, true],
    ['co_facilitator', 'co_facilitator', false, false],
    ['co_facilitator', 'facilitator', false, false],
    ['facilitator', 'facilitator', false, false],
    ['manager', 'citizen', false, false],
    ['citizen', 'citizen', false, false],
    ['observer', 'citizen', false, false],
  ];
  for (const [looking, listed, remove, hide] of cases) {
    test(looking + ' → ' + listed + ': ' + (remove ? (hide ? 'both' : 'remove only') : 'neither'), () => {
      assert.deepEqual(removalsFor(entry(9, { role: listed }), actor(looking)), { remove, hide });
    });
  }

  test('nobody removes themselves, nor someone removed already', () => {
    assert.deepEqual(removalsFor(entry(1, { role: 'co_facilitator' }), actor('co_facilitator')), { remove: false, hide: false });
    assert.deepEqual(removalsFor(entry(9, { removed: true }), actor('facilitator')), { remove: false, hide: false });
  });

  test('in an anonymous session one may remove, but not hide everything someone wrote', () => {
    assert.deepEqual(removalsFor(entry(9), actor('facilitator', { anonymity: 'anonymous' })), { remove: true, hide: false });
    assert.deepEqual(removalsFor(entry(9), actor('facilitator', { anonymity: 'hidden_from_participants' })), { remove: true, hide: true });
  });

  test('nothing in a closed session, nor before the controls are known', () => {
    assert.deepEqual(removalsFor(entry(9), actor('facilitator', {}, { ...SESSION, status: 'closed' })), { remove: false, hide: false });
    assert.deepEqual(removalsFor(entry(9), { you: { id: 1, role: 'facilitator' }, controls: null, session: SESSION }), { remove: false, hide: false });
  });
});
