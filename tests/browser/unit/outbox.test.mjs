// Unit tests of web-client/js/outbox.js: refs, the bound of 64 unanswered commands and
// the retry rule of PROTOCOL.md ("Retries").
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createOutbox, enqueue, settle, planRetry, drain, makeClientId, MAX_UNANSWERED } from '../../../web-client/js/outbox.js';

const REF_PATTERN = /^[A-Za-z0-9\-_.:]{1,64}$/;

describe('refs', () => {
  test('client ids are random and fit in a ref', () => {
    const a = makeClientId();
    const b = makeClientId();
    assert.notEqual(a, b);
    assert.match(a, /^[a-z0-9]{10}$/);
    assert.equal(makeClientId(() => 0), 'aaaaaaaaaa');
  });

  test('each command gets a unique ref of the allowed characters', () => {
    const outbox = createOutbox(makeClientId());
    const refs = new Set();
    for (let i = 0; i < MAX_UNANSWERED; i++) {
      const entry = enqueue(outbox, { type: 'idea.add', column: 1, text: 'x' + i }, null);
      assert.match(entry.ref, REF_PATTERN);
      assert.equal(entry.message.ref, entry.ref);
      assert.equal(entry.message.type, 'idea.add');
      refs.add(entry.ref);
    }
    assert.equal(refs.size, MAX_UNANSWERED);
  });

  test('the command itself is not changed', () => {
    const outbox = createOutbox('c');
    const command = { type: 'idea.delete', id: 7, base_version: 2 };
    enqueue(outbox, command, null);
    assert.equal('ref' in command, false);
  });
});

describe('bound', () => {
  test('at most 64 commands wait; answering one makes room', () => {
    assert.equal(MAX_UNANSWERED, 64);
    const outbox = createOutbox('c');
    const entries = [];
    for (let i = 0; i < 64; i++) entries.push(enqueue(outbox, { type: 'idea.add' }, i));
    assert.equal(enqueue(outbox, { type: 'idea.add' }, 64), null);
    assert.equal(settle(outbox, entries[10].ref).data, 10);
    assert.notEqual(enqueue(outbox, { type: 'idea.add' }, 65), null);
    assert.equal(outbox.entries.size, 64);
  });
});

describe('settle', () => {
  test('takes out the answered command once', () => {
    const outbox = createOutbox('c');
    const entry = enqueue(outbox, { type: 'column.add', title: 'x' }, 'data');
    assert.equal(settle(outbox, entry.ref), entry);
    assert.equal(settle(outbox, entry.ref), undefined);
    assert.equal(outbox.entries.size, 0);
  });

  const foreign = [['another tab', 'zz:1'], ['no ref', undefined], ['a number', 5], ['null', null]];
  for (const [name, ref] of foreign) {
    test('ignores refs that are not ours: ' + name, () => {
      const outbox = createOutbox('c');
      enqueue(outbox, { type: 'idea.add' }, null);
      assert.equal(settle(outbox, ref), undefined);
      assert.equal(outbox.entries.size, 1);
    });
  }
});

describe('retry rule', () => {
  // Five waiting commands c:1..c:5; each case gives the welcome's lists and the expected split.
  const cases = [
    ['nothing known: everything is sent again', {}, { done: [], waiting: [], resend: [1, 2, 3, 4, 5] }],
    ['empty lists', { recent_refs: [], pending_refs: [] }, { done: [], waiting: [], resend: [1, 2, 3, 4, 5] }],
    ['all applied', { recent_refs: ['c:1', 'c:2', 'c:3', 'c:4', 'c:5'] }, { done: [1, 2, 3, 4, 5], waiting: [], resend: [] }],
    ['all pending', { pending_refs: ['c:1', 'c:2', 'c:3', 'c:4', 'c:5'] }, { done: [], waiting: [1, 2, 3, 4, 5], resend: [] }],
    ['mixed, with refs of other tabs', { recent_refs: ['x:9', 'c:1', 'c:2'], pending_refs: ['c:3', 'y:1'] },
      { done: [1, 2], waiting: [3], resend: [4, 5] }],
    ['order of the lists does not matter', { recent_refs: ['c:4', 'c:2'], pending_refs: ['c:5'] },
      { done: [2, 4], waiting: [5], resend: [1, 3] }],
    ['lists that are not arrays count as empty', { recent_refs: 'c:1', pending_refs: null },
      { done: [], waiting: [], resend: [1, 2, 3, 4, 5] }],
  ];
  for (const [name, welcome, expected] of cases) {
    test(name, () => {
      const outbox = createOutbox('c');
      for (let i = 1; i <= 5; i++) enqueue(outbox, { type: 'idea.add', text: String(i) }, i);
      const plan = planRetry(outbox, welcome);
      assert.deepEqual(plan.done.map((e) => e.data), expected.done);
      assert.deepEqual(plan.waiting.map((e) => e.data), expected.waiting);
      assert.deepEqual(plan.resend.map((e) => e.data), expected.resend);
      // Done commands leave; waiting and resent ones stay until their answer comes.
      assert.deepEqual([...outbox.entries.values()].map((e) => e.data), [...expected.waiting, ...expected.resend].sort());
    });
  }

  test('a resent command keeps its ref', () => {
    const outbox = createOutbox('c');
    const entry = enqueue(outbox, { type: 'idea.add' }, null);
    const plan = planRetry(outbox, { recent_refs: [], pending_refs: [] });
    assert.equal(plan.resend[0].message.ref, entry.ref);
  });

  test('drain empties the outbox', () => {
    const outbox = createOutbox('c');
    enqueue(outbox, { type: 'idea.add' }, 1);
    enqueue(outbox, { type: 'idea.add' }, 2);
    assert.deepEqual(drain(outbox).map((e) => e.data), [1, 2]);
    assert.equal(outbox.entries.size, 0);
  });
});
