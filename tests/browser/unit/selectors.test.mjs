// Unit tests of web-client/js/selectors.js: column order by rank then id, clusters as
// groups, `before` for moves, merged ideas, comments, reactions, decisions, results and
// the outcome of a session, and what the console shows of each invitation.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createSessionState, applySnapshot, applyEvent } from '../../../web-client/js/session-state.js';
import {
  ideasInColumn, columnLayout, beforeAt, absorbedInto, commentsOn, reactionsOn, decisionsOn, trialList,
  ideaCounts, ideasInstruction, resultRows, outcome, authorName, inviteShown, screenFocus,
} from '../../../web-client/js/selectors.js';
import { idea, comment, trial, decision, snapshot, controls, event } from './fixtures.mjs';

function stateWith(over) {
  const s = createSessionState();
  const r = applySnapshot(s, snapshot(0, over));
  assert.equal(r.ok, true, r.reason);
  return s;
}

describe('column order', () => {
  test('sorted by rank, then id; merged ideas and other columns left out', () => {
    const s = stateWith({ ideas: [
      idea(1, { rank: 20 }), idea(2, { rank: 10 }), idea(3, { rank: 10 }), idea(4, { column: 2 }),
      idea(5, { rank: 5, fate: 'merged', merged_into: 1 }), idea(6, { rank: -3 }),
    ] });
    assert.deepEqual(ideasInColumn(s, 1).map((i) => i.id), [6, 2, 3, 1]);
    assert.deepEqual(ideasInColumn(s, 2).map((i) => i.id), [4]);
  });

  test('clusters are groups at the place of their first idea; empty ones at the end', () => {
    const s = stateWith({
      clusters: [{ id: 1, column: 1, name: 'Caféer' }, { id: 2, column: 1, name: 'Tom' }, { id: 3, column: 2, name: 'Andet sted' }],
      ideas: [idea(1, { rank: 1, cluster: 1 }), idea(2, { rank: 2 }), idea(3, { rank: 3, cluster: 1 }), idea(4, { rank: 0 }), idea(5, { rank: 4, cluster: 3 })],
    });
    const layout = columnLayout(s, 1);
    assert.deepEqual(layout.blocks, [
      { kind: 'idea', id: 4 },
      { kind: 'cluster', id: 1, ideas: [1, 3] },
      { kind: 'idea', id: 2 },
      { kind: 'idea', id: 5 }, // its cluster belongs to another column: shown on its own
      { kind: 'cluster', id: 2, ideas: [] },
    ]);
    assert.deepEqual(layout.order, [4, 1, 3, 2, 5]);
  });
});

describe('beforeAt', () => {
  const cases = [
    [[1, 2, 3], 9, 0, 1],
    [[1, 2, 3], 9, 2, 3],
    [[1, 2, 3], 9, 3, undefined],
    [[1, 2, 3], 9, 99, undefined],
    [[1, 2, 3], 2, 0, 1], // up from the middle: before the first
    [[1, 2, 3], 2, 2, undefined], // down from the middle: to the end
    [[1, 2, 3], 1, 1, 3], // down from the top: before the third
    [[], null, 0, undefined],
    [[4], null, 0, 4],
  ];
  for (const [order, moved, index, expected] of cases) {
    test(JSON.stringify(order) + ' moving ' + moved + ' to ' + index + ' → ' + expected, () => {
      assert.equal(beforeAt(order, moved, index), expected);
    });
  }
});

describe('targets', () => {
  const s = stateWith({
    ideas: [idea(1), idea(2, { fate: 'merged', merged_into: 1 }), idea(3, { fate: 'merged', merged_into: 1 }), idea(4, { fate: 'merged', merged_into: 9 })],
    comments: [comment(3, { target_id: 1 }), comment(1, { target_id: 1 }), comment(2, { target_kind: 'trial_action', target_id: 1 })],
    reactions: [{ target_kind: 'idea', target_id: 1, counts: { like: 3, celebrate: 1 }, mine: ['like'] }],
    decisions: [decision(1), decision(2, { kind: 'park', note: 'n' }), decision(3, { target_kind: 'trial_action' })],
    trial_actions: [trial(3), trial(1)],
  });

  test('absorbed ideas of an idea', () => {
    assert.deepEqual(absorbedInto(s, 1).map((i) => i.id), [2, 3]);
    assert.deepEqual(absorbedInto(s, 2), []);
  });

  test('comments oldest first, per target kind', () => {
    assert.deepEqual(commentsOn(s, 'idea', 1).map((c) => c.id), [1, 3]);
    assert.deepEqual(commentsOn(s, 'trial_action', 1).map((c) => c.id), [2]);
  });

  test('reactions: every kind with count and mine', () => {
    assert.deepEqual(reactionsOn(s, 'idea', 1), [
      { reaction: 'like', count: 3, mine: true }, { reaction: 'love', count: 0, mine: false },
      { reaction: 'idea', count: 0, mine: false }, { reaction: 'question', count: 0, mine: false },
      { reaction: 'celebrate', count: 1, mine: false },
    ]);
    assert.equal(reactionsOn(s, 'idea', 2).every((r) => r.count === 0 && !r.mine), true);
  });

  test('decisions newest first', () => {
    assert.deepEqual(decisionsOn(s, 'idea', 1).map((d) => d.kind), ['park', 'approve']);
    assert.deepEqual(decisionsOn(s, 'trial_action', 1).map((d) => d.id), [3]);
  });

  test('trial actions in the order they were made', () => {
    assert.deepEqual(trialList(s).map((t) => t.id), [1, 3]);
  });
});

describe('counts', () => {
  test('hidden ideas of others come from private_count minus my own private ones', () => {
    const s = stateWith({ ideas: [idea(1, { mine: true, private: true }), idea(2, { mine: true, private: true })], private_count: 5 });
    assert.deepEqual(ideaCounts(s), { visible: 2, own: 2, ownPrivate: 2, hiddenOthers: 3, total: 5 });
  });
});

describe('the ideas instruction', () => {
  const BEFORE = '2026-11-23T13:20:00.000Z';
  const STARTED = '2026-11-23T13:25:00.000Z';
  const AFTER = '2026-11-23T13:30:00.000Z';
  /** @param {boolean} privateWriting @param {object[]} ideas */
  const at = (privateWriting, ideas, privateCount = 0) => stateWith({
    controls: controls({ phase: 'ideas', phase_started_at: STARTED, settings: { private_writing: privateWriting } }), ideas, private_count: privateCount,
  });

  test('without private writing, everyone sees the ideas as they come', () => {
    assert.equal(ideasInstruction(at(false, [idea(1, { created_at: AFTER })])), 'instruction.ideas');
  });

  test('before the reveal: only your own ideas, private; ideas from before the phase do not count', () => {
    const s = at(true, [idea(1, { created_at: BEFORE }), idea(2, { created_at: AFTER, mine: true, private: true })], 3);
    assert.equal(ideasInstruction(s), 'instruction.ideasPrivate');
    assert.equal(ideasInstruction(at(true, [])), 'instruction.ideasPrivate');
  });

  test('after the reveal, and while new ideas are private again', () => {
    const s = at(true, [idea(1, { created_at: AFTER, mine: true, private: true })], 2);
    const r = applyEvent(s, event('ideas.revealed', 1, { ideas: [idea(1, { created_at: AFTER, mine: true }), idea(2, { created_at: AFTER })], private_count: 0 }));
    assert.equal(r.ok, true, r.reason);
    assert.equal(ideasInstruction(s), 'instruction.ideasRevealed');
    const later = applyEvent(s, event('idea.added', 2, { idea: idea(3, { created_at: AFTER, mine: true, private: true }), private_count: 1 }));
    assert.equal(later.ok, true, later.reason);
    assert.equal(ideasInstruction(s), 'instruction.ideasRevealed');
    // The same from a snapshot after a reload.
    assert.equal(ideasInstruction(at(true, [idea(2, { created_at: AFTER }), idea(3, { created_at: AFTER, mine: true, private: true })], 1)),
      'instruction.ideasRevealed');
  });
});

describe('results', () => {
  const results = {
    groups: ['citizen', 'staff', 'others'], voters: { citizen: 12, staff: 5, others: 4 },
    ideas: [{ id: 2, total: 4, by_group: { citizen: 4 } }, { id: 7, total: 9, by_group: { citizen: 5, staff: 3, others: 1 } }, { id: 99, total: 4, by_group: { others: 4 } }],
  };

  test('rows sorted by total with the split in group order', () => {
    const s = stateWith({ ideas: [idea(7, { text: 'Videoklip' }), idea(2, { text: 'Café' })], votes: { mine: {}, dots_left: 0, dots_cast: 17, voters: 21, results } });
    const r = resultRows(s);
    assert.deepEqual(r.groups, [{ group: 'citizen', voters: 12 }, { group: 'staff', voters: 5 }, { group: 'others', voters: 4 }]);
    assert.deepEqual(r.rows.map((x) => [x.id, x.text, x.total]), [[7, 'Videoklip', 9], [2, 'Café', 4], [99, '', 4]]);
    assert.deepEqual(r.rows[0].byGroup, [{ group: 'citizen', dots: 5 }, { group: 'staff', dots: 3 }, { group: 'others', dots: 1 }]);
    assert.deepEqual(r.rows[1].byGroup.map((g) => g.dots), [4, 0, 0]);
    assert.equal(r.max, 9);
  });

  test('no results before the reveal', () => {
    const s = stateWith({});
    assert.equal(resultRows(s), null);
  });
});

describe('outcome', () => {
  test('ideas grouped by fate, trial actions and decisions', () => {
    const s = stateWith({
      ideas: [idea(1, { fate: 'trial_action', trial_action: 1 }), idea(2, { fate: 'parked', fate_reason: 'r' }), idea(3), idea(4, { fate: 'selected' }), idea(5, { fate: 'merged', merged_into: 3 })],
      trial_actions: [trial(1)], decisions: [decision(1), decision(2)],
    });
    const o = outcome(s);
    assert.deepEqual(Object.fromEntries(Object.entries(o.byFate).map(([k, v]) => [k, v.map((i) => i.id)])),
      { trial_action: [1], selected: [4], parked: [2], merged: [5], open: [3] });
    assert.deepEqual(o.trials.map((t) => t.id), [1]);
    assert.deepEqual(o.decisions.map((d) => d.id), [2, 1]);
  });

  test('a null author is shown as anonymous', () => {
    assert.equal(authorName(null, 'Anonym'), 'Anonym');
    assert.equal(authorName({ name: 'Bo' }, 'Anonym'), 'Bo');
  });
});

describe('indexes follow the state', () => {
  test('comments, merged ideas and decisions are found again after each change', () => {
    const s = stateWith({ ideas: [idea(1), idea(2)] });
    assert.deepEqual(commentsOn(s, 'idea', 1), []);
    const at = '2026-11-23T13:30:12.504Z';
    assert.equal(applyEvent(s, { type: 'comment.added', comment: comment(5, { target_id: 1 }), seq: 1, at }).ok, true);
    assert.deepEqual(commentsOn(s, 'idea', 1).map((c) => c.id), [5]);
    assert.equal(applyEvent(s, { type: 'ideas.merged', into: idea(1), absorbed: [idea(2, { fate: 'merged', merged_into: 1 })], seq: 2, at }).ok, true);
    assert.deepEqual(absorbedInto(s, 1).map((i) => i.id), [2]);
    assert.equal(applyEvent(s, { type: 'decision.recorded', decision: decision(9), seq: 3, at }).ok, true);
    assert.deepEqual(decisionsOn(s, 'idea', 1).map((d) => d.id), [9]);
    // A snapshot at the same seq (after lost state) replaces what the indexes knew.
    assert.equal(applySnapshot(s, snapshot(3, { ideas: [idea(1)] })).ok, true);
    assert.deepEqual(commentsOn(s, 'idea', 1), []);
    assert.deepEqual(absorbedInto(s, 1), []);
    assert.deepEqual(decisionsOn(s, 'idea', 1), []);
  });
});

describe('invitation links in the console', () => {
  const at = '2026-11-23T13:30:12.504Z';
  /** @param {boolean} known @param {any[]} invites */
  function withInvites(known, invites) {
    const s = stateWith({});
    s.invites = invites.map((i) => ({ token: '', created_at: at, ...i }));
    s.inviteLinksKnown = known;
    return s;
  }

  test('the role\'s active invitation is shown, else its latest; revoked and renewed ones stay in the list', () => {
    const s = withInvites(true, [
      { role: 'manager', active: false }, { role: 'manager', token: 'm2', active: true },
      { role: 'staff', active: false }, { role: 'staff', active: false },
    ]);
    assert.deepEqual(inviteShown(s, 'manager'), { shown: 'link', invite: s.invites[1] });
    assert.deepEqual(inviteShown(s, 'staff'), { shown: 'revoked', invite: s.invites[3] });
    assert.deepEqual(inviteShown(s, 'observer'), { shown: 'none', invite: null });
  });

  test('an active invitation without a link: on its way, or (once the links came) to be renewed', () => {
    const rows = [{ role: 'staff', active: true }];
    assert.equal(inviteShown(withInvites(false, rows), 'staff').shown, 'waiting');
    assert.equal(inviteShown(withInvites(true, rows), 'staff').shown, 'unavailable');
  });
});

describe('the big screen\'s focus', () => {
  test('an idea or cluster this state has, the results once revealed; anything else is none', () => {
    const s = stateWith({
      clusters: [{ id: 1, column: 1, name: 'Caféer' }],
      ideas: [idea(1), idea(2, { moderated: true }), idea(3, { fate: 'merged', merged_into: 1 })],
      controls: controls({ screen: { kind: 'idea', id: 1 } }),
    });
    assert.equal(screenFocus(s).kind, 'idea');
    for (const screen of [{ kind: 'idea', id: 2 }, { kind: 'idea', id: 3 }, { kind: 'idea', id: 9 }, { kind: 'cluster', id: 2 }, { kind: 'results' }]) {
      s.controls = { ...s.controls, screen: { id: 0, ...screen } };
      assert.equal(screenFocus(s).kind, 'none', JSON.stringify(screen));
    }
    s.controls = { ...s.controls, screen: { kind: 'cluster', id: 1 } };
    assert.equal(screenFocus(s).kind, 'cluster');
    s.controls = { ...s.controls, votes_revealed: true, screen: { kind: 'results', id: 0 } };
    assert.equal(screenFocus(s).kind, 'results');
  });
});
