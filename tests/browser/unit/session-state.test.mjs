// Unit tests of web-client/js/session-state.js: the snapshot, every event type of
// PROTOCOL.md (with the per-recipient variants and `unseen`), reranks, votes and
// results, acks, presence, the invitations' links, and the cases that mean lost state.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  createSessionState, applySnapshot, applyEvent, applyAck, applyPresence, applyInvites, hasSnapshot, reactionKey, EVENT_TYPES,
} from '../../../web-client/js/session-state.js';
import { AT, GAP, SESSION, controls, idea, comment, trial, decision, snapshot, event } from './fixtures.mjs';

/** A state at `seq` from a snapshot with these extra fields. */
function stateAt(seq = 0, over = {}) {
  const s = createSessionState();
  const r = applySnapshot(s, snapshot(seq, over));
  assert.equal(r.ok, true, r.reason);
  return s;
}

/** Applies events one after the other and asserts each was applied. */
function apply(s, ...events) {
  for (const e of events) {
    const r = applyEvent(s, e);
    assert.deepEqual(r, { ok: true, applied: true }, e.type + ': ' + r.reason);
  }
}

/** Asserts that the event is refused and the state unchanged. */
function refused(s, e, pattern) {
  const before = s.seq;
  const r = applyEvent(s, e);
  assert.equal(r.ok, false, e.type + ' should be refused');
  if (pattern) assert.match(r.reason, pattern);
  assert.equal(s.seq, before);
}

describe('snapshot', () => {
  test('an empty state has no snapshot', () => {
    const s = createSessionState();
    assert.equal(hasSnapshot(s), false);
    assert.equal(applyEvent(s, event('unseen', 1)).ok, false);
  });

  test('takes everything from the snapshot', () => {
    const s = stateAt(42, {
      clusters: [{ id: 1, column: 1, name: 'Caféer' }],
      ideas: [idea(7, { cluster: 1, mine: true }), idea(8, { fate: 'merged', merged_into: 7, column: 0 })],
      private_count: 3,
      votes: { mine: { 7: 2 }, dots_left: 1, dots_cast: 57, voters: 19, results: null },
      comments: [comment(4, { target_id: 7 })],
      reactions: [{ target_kind: 'idea', target_id: 7, counts: { like: 3 }, mine: ['like'] }],
      trial_actions: [trial(2, { owners: [{ id: 5, name: 'Bo' }] })],
      decisions: [decision(2), decision(1)],
      invites: [{ role: 'manager', active: true, created_at: AT }, { role: 'staff', active: false }],
    });
    assert.equal(s.seq, 42);
    assert.deepEqual(s.session, SESSION);
    assert.equal(s.controls.phase, 'ideas');
    assert.deepEqual(s.columns, [{ id: 1, title: 'Idéer' }, { id: 2, title: 'Til drøftelse' }]);
    assert.equal(s.clusters.get(1).name, 'Caféer');
    assert.equal(s.ideas.get(7).mine, true);
    assert.equal(s.ideas.get(7).cluster, 1);
    assert.equal(s.ideas.get(8).fate, 'merged');
    assert.equal(s.privateCount, 3);
    assert.deepEqual([...s.votes.mine], [[7, 2]]);
    assert.equal(s.votes.dotsLeft, 1);
    assert.equal(s.votes.dotsCast, 57);
    assert.equal(s.votes.voters, 19);
    assert.equal(s.votes.results, null);
    assert.equal(s.comments.get(4).target_id, 7);
    assert.deepEqual(s.reactions.get(reactionKey('idea', 7)), { counts: { like: 3 }, mine: ['like'] });
    assert.equal(s.trials.get(2).owners[0].name, 'Bo');
    assert.deepEqual(s.decisions.map((d) => d.id), [1, 2]);
    assert.deepEqual(s.invites, [{ role: 'manager', token: '', active: true, created_at: AT },
      { role: 'staff', token: '', active: false, created_at: '' }]);
    assert.equal(s.inviteLinksKnown, false, 'the links come in the invites message that follows');
  });

  test('a new snapshot replaces everything, keeps presence, and takes mine as sent', () => {
    const s = stateAt(1, { ideas: [idea(1, { mine: true })] });
    applyPresence(s, { type: 'presence', participants: null, counts: { citizen: { online: 1, total: 1 } } });
    assert.equal(applySnapshot(s, snapshot(5, { ideas: [idea(1, { mine: false }), idea(2)] })).ok, true);
    assert.equal(s.seq, 5);
    assert.equal(s.ideas.get(1).mine, false);
    assert.equal(s.ideas.size, 2);
    assert.deepEqual(s.presence.counts, { citizen: { online: 1, total: 1 } });
  });

  test('anonymous authors stay null', () => {
    const s = stateAt(0, { ideas: [idea(1, { author: null })], comments: [comment(1, { author: null })] });
    assert.equal(s.ideas.get(1).author, null);
    assert.equal(s.comments.get(1).author, null);
  });

  const broken = [
    ['no seq', { seq: undefined }],
    ['no controls', { controls: null }],
    ['a bad idea', { ideas: [{ id: 1 }] }],
    ['a bad column', { columns: [{ id: 'x' }] }],
    ['a bad trial action', { trial_actions: [{ id: 1 }] }],
    ['a bad decision', { decisions: [{ id: 1 }] }],
  ];
  for (const [name, over] of broken) {
    test('a snapshot with ' + name + ' is refused and changes nothing', () => {
      const s = stateAt(3, { ideas: [idea(1)] });
      const snap = snapshot(9, over);
      if ('seq' in over) delete snap.seq;
      assert.equal(applySnapshot(s, snap).ok, false);
      assert.equal(s.seq, 3);
      assert.equal(s.ideas.size, 1);
    });
  }
});

describe('order and lost state', () => {
  test('an event at or below seq is skipped; a gap is refused', () => {
    const s = stateAt(5);
    assert.deepEqual(applyEvent(s, event('unseen', 5)), { ok: true, applied: false });
    refused(s, event('unseen', 7), /gap/);
    apply(s, event('unseen', 6));
    assert.equal(s.seq, 6);
  });

  test('an unknown event type is refused', () => {
    refused(stateAt(0), event('idea.teleported', 1), /unknown event type/);
  });

  test('every event type of PROTOCOL.md is known', () => {
    const expected = ['idea.added', 'idea.edited', 'idea.moved', 'idea.deleted', 'idea.updated', 'idea.withdrawn',
      'ideas.revealed', 'ideas.merged', 'column.added', 'column.renamed', 'column.moved', 'column.deleted',
      'cluster.created', 'cluster.renamed', 'cluster.deleted', 'vote.updated', 'votes.progress', 'votes.revealed',
      'votes.reset', 'comment.added', 'comment.updated', 'comment.withdrawn', 'comment.deleted', 'reactions.updated',
      'trial_action.saved', 'trial_action.learning_added', 'trial_action.deleted', 'decision.recorded',
      'controls.updated', 'invites.updated',
      'participant.removed', 'session.updated', 'session.closed', 'unseen'];
    assert.deepEqual([...EVENT_TYPES].sort(), expected.sort());
  });

  test('edits and moves of an unknown idea mean lost state', () => {
    const s = stateAt(0);
    refused(s, event('idea.edited', 1, { id: 9, text: 'x', version: 2, updated_at: AT }), /unknown idea/);
    refused(s, event('idea.moved', 1, { id: 9, column: 1, rank: 0, cluster: 0, version: 2, updated_at: AT }), /unknown idea/);
  });

  test('renames of unknown columns and clusters mean lost state', () => {
    const s = stateAt(0);
    refused(s, event('column.renamed', 1, { id: 9, title: 'x' }));
    refused(s, event('column.moved', 1, { id: 9, index: 0 }));
    refused(s, event('column.deleted', 1, { id: 9 }));
    refused(s, event('cluster.renamed', 1, { id: 9, name: 'x' }));
  });

  test('an ack applies its event; a mismatched seq is refused', () => {
    const s = stateAt(0);
    assert.equal(applyAck(s, { type: 'ack', ref: 'a:1', seq: 2, event: event('unseen', 1) }).ok, false);
    assert.deepEqual(applyAck(s, { type: 'ack', ref: 'a:1', seq: 1, event: event('idea.added', 1, { idea: idea(1, { mine: true }) }) }),
      { ok: true, applied: true });
    assert.equal(s.ideas.get(1).mine, true);
    assert.equal(applyAck(s, { type: 'ack', ref: 'a:2' }).ok, false);
  });
});

describe('ideas', () => {
  test('idea.added adds it, with reranked neighbours', () => {
    const s = stateAt(0, { ideas: [idea(1, { rank: 0 }), idea(2, { rank: 1 })] });
    apply(s, event('idea.added', 1, { idea: idea(3, { rank: 1 }), reranked: [[1, 0], [2, 2 * GAP], [99, 5]] }));
    assert.equal(s.ideas.get(3).rank, 1);
    assert.equal(s.ideas.get(2).rank, 2 * GAP);
    assert.equal(s.ideas.has(99), false, 'unknown ids in reranked are ignored');
  });

  test('idea.added with a bad idea is refused', () => {
    refused(stateAt(0), event('idea.added', 1, { idea: { id: 1, text: 'x' } }));
    refused(stateAt(0), event('idea.added', 1, { idea: idea(1), reranked: [[1]] }), /reranked/);
  });

  test('a private idea of my own counts as one more private idea; deleting it as one less', () => {
    const s = stateAt(0, { private_count: 2 });
    apply(s, event('idea.added', 1, { idea: idea(1, { private: true, mine: true }) }));
    assert.equal(s.ideas.get(1).private, true);
    assert.equal(s.ideas.get(1).mine, true);
    assert.equal(s.privateCount, 3, 'the author gets idea.added, without private_count');
    apply(s, event('idea.added', 2, { idea: idea(2) }));
    assert.equal(s.privateCount, 3, 'a public idea does not count');
    apply(s, event('idea.deleted', 3, { id: 1 }));
    assert.equal(s.privateCount, 2);
  });

  test('idea.edited sets text, version and updated_at', () => {
    const s = stateAt(0, { ideas: [idea(1)] });
    apply(s, event('idea.edited', 1, { id: 1, text: 'ny', version: 2, updated_at: '2026-11-23T14:00:00.000Z' }));
    assert.equal(s.ideas.get(1).text, 'ny');
    assert.equal(s.ideas.get(1).version, 2);
    assert.equal(s.ideas.get(1).updated_at, '2026-11-23T14:00:00.000Z');
  });

  test('idea.moved sets column, rank, cluster, version and applies reranked', () => {
    const s = stateAt(0, { ideas: [idea(1, { cluster: 4 }), idea(2, { column: 2 })] });
    apply(s, event('idea.moved', 1, { id: 1, column: 2, rank: -GAP, cluster: 0, version: 3, updated_at: AT, reranked: [[2, 7]] }));
    const moved = s.ideas.get(1);
    assert.deepEqual([moved.column, moved.rank, moved.cluster, moved.version], [2, -GAP, 0, 3]);
    assert.equal(s.ideas.get(2).rank, 7);
  });

  test('idea.deleted removes it with its comments, reactions and my dots', () => {
    const s = stateAt(0, {
      ideas: [idea(1), idea(2)],
      comments: [comment(1, { target_id: 1 }), comment(2, { target_id: 2 }), comment(3, { target_kind: 'trial_action', target_id: 1 })],
      reactions: [{ target_kind: 'idea', target_id: 1, counts: { like: 1 }, mine: [] }],
      votes: { mine: { 1: 2, 2: 1 }, dots_left: 0, dots_cast: 3, voters: 1, results: null },
    });
    apply(s, event('idea.deleted', 1, { id: 1 }));
    assert.equal(s.ideas.has(1), false);
    assert.deepEqual([...s.comments.keys()], [2, 3]);
    assert.equal(s.reactions.has(reactionKey('idea', 1)), false);
    assert.deepEqual([...s.votes.mine], [[2, 1]]);
    assert.equal(s.votes.dotsLeft, 2);
  });

  test('idea.deleted of an idea never seen is harmless', () => {
    const s = stateAt(0);
    apply(s, event('idea.deleted', 1, { id: 77 }));
  });

  test('idea.updated replaces or adds, keeping that it is mine', () => {
    const s = stateAt(0, { ideas: [idea(1, { mine: true })] });
    apply(s, event('idea.updated', 1, { idea: idea(1, { fate: 'parked', fate_reason: 'Kræver jura', mine: false, version: 2 }) }));
    assert.equal(s.ideas.get(1).fate, 'parked');
    assert.equal(s.ideas.get(1).fate_reason, 'Kræver jura');
    assert.equal(s.ideas.get(1).mine, true);
    apply(s, event('idea.updated', 2, { idea: idea(5, { text: 'vist igen' }) }));
    assert.equal(s.ideas.get(5).text, 'vist igen');
  });

  test('moderation: the author gets idea.updated, others idea.withdrawn and then unseen', () => {
    const author = stateAt(0, { ideas: [idea(1, { mine: true })] });
    apply(author, event('idea.updated', 1, { idea: idea(1, { moderated: true, mine: true }) }));
    assert.equal(author.ideas.get(1).moderated, true);

    const other = stateAt(0, { ideas: [idea(1)], comments: [comment(1, { target_id: 1 })] });
    apply(other, event('idea.withdrawn', 1, { id: 1 }), event('unseen', 2));
    assert.equal(other.ideas.has(1), false);
    assert.equal(other.comments.has(1), true, 'kept for when it is shown again');
    apply(other, event('idea.updated', 3, { idea: idea(1) }));
    assert.equal(other.ideas.has(1), true);
  });

  test('private writing: others get unseen with private_count, then ideas.revealed', () => {
    const s = stateAt(0, { ideas: [idea(1, { private: true, mine: true })], private_count: 1 });
    apply(s, event('unseen', 1, { private_count: 2 }), event('unseen', 2, { private_count: 3 }));
    assert.equal(s.privateCount, 3);
    assert.equal(s.ideas.size, 1);
    apply(s, event('ideas.revealed', 3, { ideas: [idea(1, { mine: false }), idea(2), idea(3)] }));
    assert.equal(s.privateCount, 0);
    assert.equal(s.ideas.size, 3);
    assert.equal(s.ideas.get(1).private, false);
    assert.equal(s.ideas.get(1).mine, true, 'mine false in ideas.revealed keeps what we knew');
    assert.equal(s.ideas.get(2).mine, false);
  });

  test('unseen only moves seq when it carries nothing', () => {
    const s = stateAt(0, { private_count: 2, ideas: [idea(1)] });
    apply(s, event('unseen', 1));
    assert.equal(s.privateCount, 2);
    assert.equal(s.seq, 1);
  });

  test('unseen with reranked ranks the ideas I know', () => {
    const s = stateAt(0, { ideas: [idea(1), idea(2)] });
    apply(s, event('unseen', 1, { reranked: [[1, 10], [2, 20], [3, 30]] }));
    assert.equal(s.ideas.get(1).rank, 10);
    assert.equal(s.ideas.get(2).rank, 20);
    refused(s, event('unseen', 2, { reranked: 'no' }));
    refused(s, event('unseen', 2, { private_count: 'x' }));
  });

  test('ideas.merged replaces into and absorbed, keeps mine, and takes new results', () => {
    const s = stateAt(0, {
      ideas: [idea(1), idea(2, { mine: true }), idea(3)],
      votes: { mine: {}, dots_left: 3, dots_cast: 4, voters: 2, results: { groups: ['others'], voters: { others: 2 }, ideas: [] } },
    });
    const results = { groups: ['others'], voters: { others: 2 }, ideas: [{ id: 1, total: 4, by_group: { others: 4 } }] };
    apply(s, event('ideas.merged', 1, {
      into: idea(1, { version: 2 }),
      absorbed: [idea(2, { fate: 'merged', merged_into: 1, column: 0, mine: false }), idea(3, { fate: 'merged', merged_into: 1, column: 0 })],
      results,
    }));
    assert.equal(s.ideas.get(2).fate, 'merged');
    assert.equal(s.ideas.get(2).merged_into, 1);
    assert.equal(s.ideas.get(2).mine, true);
    assert.equal(s.votes.results.ideas[0].total, 4);
  });

  test('ideas.merged without results keeps the results', () => {
    const s = stateAt(0, { ideas: [idea(1), idea(2)] });
    apply(s, event('ideas.merged', 1, { into: idea(1), absorbed: [idea(2, { fate: 'merged', merged_into: 1 })] }));
    assert.equal(s.votes.results, null);
  });
});

describe('columns and clusters', () => {
  test('column.added inserts at index (past the end is the end)', () => {
    const s = stateAt(0);
    apply(s, event('column.added', 1, { column: { id: 3, title: 'Nye' }, index: 0 }),
      event('column.added', 2, { column: { id: 4, title: 'Sidst' }, index: 99 }));
    assert.deepEqual(s.columns.map((c) => c.id), [3, 1, 2, 4]);
    refused(s, event('column.added', 3, { column: { id: 3, title: 'igen' }, index: 0 }), /exists/);
  });

  test('column.renamed, column.moved', () => {
    const s = stateAt(0);
    apply(s, event('column.renamed', 1, { id: 2, title: 'Drøftes' }), event('column.moved', 2, { id: 2, index: 0 }));
    assert.deepEqual(s.columns, [{ id: 2, title: 'Drøftes' }, { id: 1, title: 'Idéer' }]);
  });

  test('column.deleted removes it and its clusters; a column with ideas means lost state', () => {
    const s = stateAt(0, { ideas: [idea(1, { column: 1 })], clusters: [{ id: 1, column: 2, name: 'a' }, { id: 2, column: 1, name: 'b' }] });
    refused(s, event('column.deleted', 1, { id: 1 }), /not empty/);
    apply(s, event('column.deleted', 1, { id: 2 }));
    assert.deepEqual(s.columns.map((c) => c.id), [1]);
    assert.deepEqual([...s.clusters.keys()], [2]);
  });

  test('cluster.created sets the cluster of the ideas it names', () => {
    const s = stateAt(0, { ideas: [idea(1), idea(2), idea(3)] });
    apply(s, event('cluster.created', 1, { cluster: { id: 5, column: 1, name: 'Fællesskab' }, ideas: [1, 3, 42] }));
    assert.equal(s.clusters.get(5).name, 'Fællesskab');
    assert.deepEqual([1, 2, 3].map((id) => s.ideas.get(id).cluster), [5, 0, 5]);
  });

  test('cluster.renamed and cluster.deleted', () => {
    const s = stateAt(0, { ideas: [idea(1, { cluster: 5 })], clusters: [{ id: 5, column: 1, name: 'a' }] });
    apply(s, event('cluster.renamed', 1, { id: 5, name: 'b' }));
    assert.equal(s.clusters.get(5).name, 'b');
    apply(s, event('cluster.deleted', 2, { id: 5 }));
    assert.equal(s.clusters.has(5), false);
    assert.equal(s.ideas.get(1).cluster, 0);
  });
});

describe('votes', () => {
  test('vote.updated sets my dots; votes.progress the totals', () => {
    const s = stateAt(0, { ideas: [idea(1), idea(2)] });
    apply(s, event('vote.updated', 1, { mine: { 1: 2, 2: 0 }, dots_left: 1, dots_cast: 2, voters: 1 }));
    assert.deepEqual([...s.votes.mine], [[1, 2]]);
    assert.equal(s.votes.dotsLeft, 1);
    apply(s, event('votes.progress', 2, { dots_cast: 9, voters: 4 }));
    assert.equal(s.votes.dotsCast, 9);
    assert.equal(s.votes.voters, 4);
    assert.deepEqual([...s.votes.mine], [[1, 2]], 'progress leaves my dots alone');
    refused(s, event('votes.progress', 3, { dots_cast: 'x' }));
  });

  test('votes.revealed shows the results and ends voting; votes.reset clears them', () => {
    const s = stateAt(0, { controls: controls({ phase: 'vote', settings: { vote_budget: 5 } }), votes: { mine: { 1: 1 }, dots_left: 4, dots_cast: 1, voters: 1, results: null } });
    const results = { groups: ['citizen', 'others'], voters: { citizen: 3, others: 2 }, ideas: [{ id: 1, total: 4, by_group: { citizen: 3, others: 1 } }] };
    apply(s, event('votes.revealed', 1, { results }));
    assert.deepEqual(s.votes.results, results);
    assert.equal(s.controls.votes_revealed, true);
    apply(s, event('votes.reset', 2));
    assert.equal(s.votes.results, null);
    assert.equal(s.votes.mine.size, 0);
    assert.equal(s.votes.dotsLeft, 5);
    assert.equal(s.votes.dotsCast, 0);
    assert.equal(s.controls.votes_revealed, false);
  });

  test('a new budget before anyone voted gives the new number of dots', () => {
    const s = stateAt(0);
    apply(s, event('controls.updated', 1, { controls: controls({ settings: { vote_budget: 7 } }) }));
    assert.equal(s.votes.dotsLeft, 7);
  });
});

describe('comments and reactions', () => {
  test('comment.added, comment.updated (replace or add), withdrawn, deleted', () => {
    const s = stateAt(0, { ideas: [idea(1)] });
    apply(s, event('comment.added', 1, { comment: comment(1, { mine: true }) }));
    apply(s, event('comment.updated', 2, { comment: comment(1, { moderated: true, mine: false }) }));
    assert.equal(s.comments.get(1).moderated, true);
    assert.equal(s.comments.get(1).mine, true);
    apply(s, event('comment.updated', 3, { comment: comment(2) }));
    assert.equal(s.comments.size, 2);
    apply(s, event('comment.withdrawn', 4, { id: 1 }), event('comment.deleted', 5, { id: 2 }), event('comment.deleted', 6, { id: 2 }));
    assert.equal(s.comments.size, 0);
    refused(s, event('comment.added', 7, { comment: { id: 3 } }));
  });

  test('reactions.updated sets counts, and mine only when given', () => {
    const s = stateAt(0);
    apply(s, event('reactions.updated', 1, { target_kind: 'idea', target_id: 1, counts: { like: 1 }, mine: ['like'] }));
    apply(s, event('reactions.updated', 2, { target_kind: 'idea', target_id: 1, counts: { like: 2, love: 1 } }));
    assert.deepEqual(s.reactions.get('idea:1'), { counts: { like: 2, love: 1 }, mine: ['like'] });
    apply(s, event('reactions.updated', 3, { target_kind: 'idea', target_id: 1, counts: { like: 1, love: 1 }, mine: [] }));
    assert.deepEqual(s.reactions.get('idea:1').mine, []);
    refused(s, event('reactions.updated', 4, { target_kind: 'idea', target_id: 1, counts: {}, mine: 'like' }));
  });
});

describe('trial actions and decisions', () => {
  /** A trial action as events carry it: without its learnings. */
  const withoutLearnings = (/** @type {Record<string, any>} */ t) => {
    const copy = { ...t };
    delete copy.learnings;
    return copy;
  };

  test('trial_action.saved adds it and replaces its ideas', () => {
    const s = stateAt(0, { ideas: [idea(7, { mine: true })] });
    apply(s, event('trial_action.saved', 1, {
      trial_action: trial(2, { from_ideas: [7], owners: [{ id: 5, name: 'Bo' }] }),
      ideas: [idea(7, { fate: 'trial_action', trial_action: 2 })],
    }));
    assert.equal(s.trials.get(2).owners[0].id, 5);
    assert.equal(s.ideas.get(7).fate, 'trial_action');
    assert.equal(s.ideas.get(7).trial_action, 2);
    assert.equal(s.ideas.get(7).mine, true);
    apply(s, event('trial_action.saved', 2, { trial_action: trial(2, { title: 'Ny titel', version: 2, learnings: [{ id: 1, at: AT, by: { id: 5, name: 'Bo' }, text: 'De unge kom' }] }) }));
    assert.equal(s.trials.get(2).title, 'Ny titel');
    assert.equal(s.trials.get(2).learnings[0].text, 'De unge kom');
  });

  test('events without learnings keep the learnings the client has', () => {
    const learning = { id: 1, at: AT, by: { id: 5, name: 'Bo' }, text: 'De unge kom', check_in: null };
    const s = stateAt(0, { trial_actions: [trial(2, { learnings: [learning] })] });
    apply(s, event('trial_action.saved', 1, { trial_action: withoutLearnings(trial(2, { title: 'Ny titel', version: 2 })) }));
    assert.equal(s.trials.get(2).title, 'Ny titel');
    assert.deepEqual(s.trials.get(2).learnings, [learning]);
    apply(s, event('decision.recorded', 2, {
      decision: decision(1, { target_kind: 'trial_action', target_id: 2 }),
      trial_action: withoutLearnings(trial(2, { status: 'approved', version: 3 })),
    }));
    assert.equal(s.trials.get(2).status, 'approved');
    assert.deepEqual(s.trials.get(2).learnings, [learning]);
    // A trial action first heard of in an event starts with an empty log.
    apply(s, event('trial_action.saved', 3, { trial_action: withoutLearnings(trial(3)) }));
    assert.deepEqual(s.trials.get(3).learnings, []);
  });

  test('trial_action.learning_added appends the learning once and sets the version', () => {
    const s = stateAt(0, { trial_actions: [trial(2, { learnings: [{ id: 1, at: AT, by: { id: 5, name: 'Bo' }, text: 'De unge kom', check_in: null }] })] });
    const later = '2026-12-15T10:00:00.000Z';
    const added = { trial_action: 2, learning: { id: 4, at: later, by: { id: 3, name: 'Anna' }, text: 'Flyt det til formiddagen', check_in: null }, version: 2, updated_at: later };
    apply(s, event('trial_action.learning_added', 1, added));
    const t = s.trials.get(2);
    assert.deepEqual(t.learnings.map((l) => l.id), [1, 4]);
    assert.deepEqual(t.learnings[1], added.learning);
    assert.equal(t.version, 2);
    assert.equal(t.updated_at, later);
    // A learning already in the log is not added twice.
    apply(s, event('trial_action.learning_added', 2, { ...added, version: 3 }));
    assert.equal(s.trials.get(2).learnings.length, 2);
    assert.equal(s.trials.get(2).version, 3);
    // A learning for a trial action the client does not know means lost state.
    refused(s, event('trial_action.learning_added', 3, { ...added, trial_action: 9 }), /unknown trial action/);
    refused(s, event('trial_action.learning_added', 3, { ...added, learning: { id: 5 } }), /bad learning/);
    refused(s, event('trial_action.learning_added', 3, { ...added, version: 'x' }), /bad version/);
    assert.equal(s.trials.get(2).learnings.length, 2);
  });

  test('an owner\'s check-in is kept in the log with what happened, the evidence and the proposal', () => {
    const plain = { id: 1, at: AT, by: { id: 5, name: 'Bo' }, text: 'De unge kom', check_in: null };
    const checkIn = { id: 2, at: AT, by: { id: 5, name: 'Bo' }, text: 'Fredag eftermiddag passer de ældre bedst',
      check_in: { what_happened: 'Fire turneringer, otte faste spillere', evidence: { value: 8, unit: 'faste deltagere' }, proposal: 'adapt' } };
    const s = stateAt(0, { trial_actions: [trial(2, { learnings: [plain, checkIn] })] });
    assert.deepEqual(s.trials.get(2).learnings, [plain, checkIn], 'from the snapshot');
    const later = '2027-01-20T09:00:00.000Z';
    const noted = { id: 3, at: later, by: { id: 5, name: 'Bo' }, text: '',
      check_in: { what_happened: 'To turneringer aflyst', evidence: { note: 'Hallen var optaget' }, proposal: 'continue' } };
    apply(s, event('trial_action.learning_added', 1, { trial_action: 2, learning: noted, version: 2, updated_at: later }));
    const bare = { id: 4, at: later, by: { id: 3, name: 'Anna' }, text: 'Vi stopper',
      check_in: { what_happened: 'Ingen kom', evidence: null, proposal: 'stop' } };
    apply(s, event('trial_action.learning_added', 2, { trial_action: 2, learning: bare, version: 3, updated_at: later }));
    assert.deepEqual(s.trials.get(2).learnings, [plain, checkIn, noted, bare]);
    // A learning from an older server, without check_in, is a plain learning.
    apply(s, event('trial_action.learning_added', 3, { trial_action: 2, learning: { id: 5, at: later, by: { id: 3, name: 'Anna' }, text: 'x' }, version: 4 }));
    assert.equal(s.trials.get(2).learnings[4].check_in, null);
  });

  test('review_moves come with every saved trial action and replace the ones known', () => {
    const move = { from: '2027-01-15', to: '2027-02-01', reason: 'Juleferien', by: { id: 5, name: 'Bo' }, at: AT };
    const s = stateAt(0, { trial_actions: [trial(2, { review_date: '2027-02-01', review_moves: [move] })] });
    assert.deepEqual(s.trials.get(2).review_moves, [move]);
    const again = { from: '2027-02-01', to: '2027-03-01', reason: 'Hallen er lukket i februar', by: { id: 4, name: 'Mona' }, at: AT };
    apply(s, event('trial_action.saved', 1, { trial_action: withoutLearnings(trial(2, { review_date: '2027-03-01', review_moves: [move, again], version: 2 })) }));
    assert.equal(s.trials.get(2).review_date, '2027-03-01');
    assert.deepEqual(s.trials.get(2).review_moves, [move, again]);
    // The decision's trial action carries them too; one from an older server without them keeps those known.
    const older = withoutLearnings(trial(2, { status: 'approved', version: 3 }));
    delete older.review_moves;
    apply(s, event('decision.recorded', 2, { decision: decision(1, { target_kind: 'trial_action', target_id: 2 }), trial_action: older }));
    assert.deepEqual(s.trials.get(2).review_moves, [move, again]);
    apply(s, event('trial_action.saved', 3, { trial_action: withoutLearnings(trial(3)) }));
    assert.deepEqual(s.trials.get(3).review_moves, []);
  });

  test('trial_action.deleted removes it, its comments, and opens its ideas again', () => {
    const s = stateAt(0, { ideas: [idea(7, { fate: 'trial_action', trial_action: 2 })], trial_actions: [trial(2)], comments: [comment(1, { target_kind: 'trial_action', target_id: 2 })] });
    apply(s, event('trial_action.deleted', 1, { id: 2, ideas: [idea(7)] }));
    assert.equal(s.trials.size, 0);
    assert.equal(s.comments.size, 0);
    assert.equal(s.ideas.get(7).fate, 'open');
  });

  test('decision.recorded adds the decision and replaces its target', () => {
    const s = stateAt(0, { ideas: [idea(1)], trial_actions: [trial(2)] });
    apply(s, event('decision.recorded', 1, { decision: decision(1, { kind: 'park', note: 'Kræver en juridisk vurdering' }), idea: idea(1, { fate: 'parked', fate_reason: 'Kræver en juridisk vurdering' }) }));
    assert.equal(s.ideas.get(1).fate, 'parked');
    apply(s, event('decision.recorded', 2, { decision: decision(2, { target_kind: 'trial_action', target_id: 2 }), trial_action: trial(2, { status: 'approved' }) }));
    assert.equal(s.trials.get(2).status, 'approved');
    apply(s, event('decision.recorded', 3, { decision: decision(3, { kind: 'needs_check', note: 'GDPR' }) }));
    assert.deepEqual(s.decisions.map((d) => d.kind), ['park', 'approve', 'needs_check']);
    refused(s, event('decision.recorded', 4, { decision: { id: 4 } }));
  });
});

describe('controls, invitations, participants, session', () => {
  test('controls.updated replaces the controls', () => {
    const s = stateAt(0);
    const c = controls({ phase: 'vote', timer: { state: 'running', duration_ms: 300000, ends_at: '2026-11-23T13:35:00.000Z' }, locked: true, focus: 2,
      phase_started_at: '2026-11-23T13:31:00.000Z' });
    apply(s, event('controls.updated', 1, { controls: c }));
    assert.equal(s.controls.phase, 'vote');
    assert.equal(s.controls.phase_started_at, '2026-11-23T13:31:00.000Z');
    assert.equal(s.controls.timer.state, 'running');
    assert.equal(s.controls.locked, true);
    assert.equal(s.controls.focus, 2);
    refused(s, event('controls.updated', 2, { controls: { phase: 'x' } }));
  });

  test('the focus of the big screen comes with the controls; anything unreadable is none', () => {
    const s = stateAt(0);
    assert.deepEqual(s.controls.screen, { kind: 'none', id: 0 });
    apply(s, event('controls.updated', 1, { controls: controls({ screen: { kind: 'idea', id: 12 } }) }));
    assert.deepEqual(s.controls.screen, { kind: 'idea', id: 12 });
    apply(s, event('controls.updated', 2, { controls: controls({ screen: { kind: 'results' } }) }));
    assert.deepEqual(s.controls.screen, { kind: 'results', id: 0 });
    apply(s, event('controls.updated', 3, { controls: controls({ screen: { kind: 'cluster', id: 0 } }) }));
    assert.deepEqual(s.controls.screen, { kind: 'none', id: 0 });
    apply(s, event('controls.updated', 4, { controls: controls({ screen: { kind: 'trial', id: 3 } }) }));
    assert.deepEqual(s.controls.screen, { kind: 'none', id: 0 });
  });

  test('the door and the idea quota come with the controls; older servers leave them out', () => {
    const s = stateAt(0);
    assert.equal(s.controls.settings.join_by_code, true);
    assert.equal(s.controls.settings.idea_quota, 30);
    apply(s, event('controls.updated', 1, { controls: controls({ settings: { join_by_code: false, idea_quota: 2 } }) }));
    assert.equal(s.controls.settings.join_by_code, false);
    assert.equal(s.controls.settings.idea_quota, 2);
    const { join_by_code, idea_quota, ...older } = controls().settings;
    apply(s, event('controls.updated', 2, { controls: { ...controls(), settings: older } }));
    assert.equal(s.controls.settings.join_by_code, true, 'the door is open unless said otherwise');
    assert.equal(s.controls.settings.idea_quota, 30, "the protocol's default");
  });

  test('invites.updated, participant.removed', () => {
    const s = stateAt(0);
    applyPresence(s, { type: 'presence', participants: [{ id: 3, name: 'Anna', role: 'citizen', online: true }], counts: {} });
    apply(s, event('invites.updated', 1, { invites: [{ role: 'staff', active: true, created_at: AT }] }),
      event('participant.removed', 2, { id: 3 }));
    assert.deepEqual(s.invites, [{ role: 'staff', token: '', active: true, created_at: AT }]);
    assert.equal(s.removed.has(3), true);
    assert.equal(s.presence.participants.has(3), false);
  });

  test('participant.removed with what it hid: withdrawn from view, or replaced', () => {
    const s = stateAt(0, { ideas: [idea(7), idea(8)], comments: [comment(4, { target_id: 8 })] });
    apply(s, event('participant.removed', 1, { id: 3, ideas: [idea(8, { moderated: true })], withdrawn_ideas: [7],
      comments: [], withdrawn_comments: [4] }));
    assert.equal(s.ideas.has(7), false);
    assert.equal(s.ideas.get(8).moderated, true);
    assert.equal(s.comments.has(4), false);
    refused(s, event('participant.removed', 2, { id: 3, withdrawn_ideas: ['7'] }));
  });

  test('the invites message brings the links; a snapshot or invites.updated waits for the next one', () => {
    const s = stateAt(0);
    const links = { type: 'invites', invites: [
      { role: 'manager', token: '', active: false, created_at: AT },
      { role: 'manager', token: 'Xc2', active: true, created_at: AT },
      { role: 'staff', token: '', active: true, created_at: AT },
    ] };
    const revision = s.revision;
    assert.equal(applyInvites(s, links), true);
    assert.deepEqual(s.invites, links.invites);
    assert.equal(s.inviteLinksKnown, true);
    assert.equal(s.seq, 0, 'no seq: not a change');
    assert.equal(s.revision, revision);
    // The next change to the invitations has none: the links are known again only
    // with the invites message that follows it.
    apply(s, event('invites.updated', 1, { invites: links.invites.map(({ token, ...rest }) => rest) }));
    assert.equal(s.invites[1].token, '');
    assert.equal(s.inviteLinksKnown, false);
    assert.equal(applyInvites(s, links), true);
    assert.equal(s.invites[1].token, 'Xc2');
    assert.equal(applySnapshot(s, snapshot(1, { invites: [] })).ok, true);
    assert.equal(s.inviteLinksKnown, false);
    // Not an invites message.
    assert.equal(applyInvites(s, { type: 'presence' }), false);
    assert.equal(applyInvites(s, { type: 'invites', invites: 'x' }), false);
    assert.equal(applyInvites(s, null), false);
  });

  test('session.updated and session.closed', () => {
    const s = stateAt(0);
    apply(s, event('session.updated', 1, { session: { ...SESSION, title: 'Ny titel' } }));
    assert.equal(s.session.title, 'Ny titel');
    apply(s, event('session.closed', 2, { session: { ...SESSION, title: 'Ny titel', status: 'closed' } }));
    assert.equal(s.session.status, 'closed');
  });
});

describe('presence', () => {
  test('presence with names, then changes replace the participant and all counts', () => {
    const s = stateAt(0);
    assert.equal(applyPresence(s, {
      type: 'presence',
      participants: [{ id: 1, name: 'Mette', role: 'facilitator', online: true }, { id: 3, name: 'Anna', role: 'citizen', online: false }],
      counts: { facilitator: { online: 1, total: 1 }, citizen: { online: 0, total: 1 } },
    }), true);
    applyPresence(s, { type: 'presence.changed', participants: [{ id: 3, name: 'Anna', role: 'citizen', online: true },
      { id: 4, name: 'Bo', role: 'citizen', online: true }],
      counts: { facilitator: { online: 1, total: 1 }, citizen: { online: 2, total: 2 } } });
    assert.equal(s.presence.participants.get(4).name, 'Bo');
    assert.equal(s.presence.participants.get(3).online, true);
    assert.deepEqual(s.presence.counts, { facilitator: { online: 1, total: 1 }, citizen: { online: 2, total: 2 } });
    // Anna is removed: her role has nobody left and is not listed any more.
    applyPresence(s, { type: 'presence.changed', participants: [{ id: 3, name: 'Anna', role: 'citizen', online: false }],
      counts: { facilitator: { online: 1, total: 1 } } });
    assert.deepEqual(s.presence.counts, { facilitator: { online: 1, total: 1 } });
  });

  test('presence says how many it left out; changes keep that until the next presence', () => {
    const s = stateAt(0);
    applyPresence(s, { type: 'presence', participants: [{ id: 1, name: 'Mette', role: 'facilitator', online: true }], more: 240,
      counts: { facilitator: { online: 1, total: 1 }, citizen: { online: 440, total: 440 } } });
    assert.equal(s.presence.more, 240);
    applyPresence(s, { type: 'presence.changed', participants: [{ id: 9, name: 'Ida', role: 'citizen', online: true }],
      counts: { facilitator: { online: 1, total: 1 }, citizen: { online: 441, total: 441 } } });
    assert.equal(s.presence.more, 240);
    applyPresence(s, { type: 'presence', participants: [], more: 0, counts: {} });
    assert.equal(s.presence.more, 0);
    applyPresence(s, { type: 'presence', participants: null, more: 5, counts: {} });
    assert.equal(s.presence.more, 0, 'without names nothing is left out of a list');
    applyPresence(s, { type: 'presence', participants: [], more: 'many', counts: {} });
    assert.equal(s.presence.more, 0);
  });

  test('presence without names keeps only counts', () => {
    const s = stateAt(0);
    applyPresence(s, { type: 'presence', participants: null, counts: { citizen: { online: 14, total: 17 } } });
    applyPresence(s, { type: 'presence.changed', participants: null, counts: { citizen: { online: 15, total: 17 } } });
    assert.equal(s.presence.participants, null);
    assert.equal(s.presence.counts.citizen.online, 15);
    assert.equal(applyPresence(s, { type: 'other' }), false);
  });
});

describe('counts and controls carried by events', () => {
  test('private_count and the totals of dots cast come from the events that change them', () => {
    const s = stateAt(1, { private_count: 4, votes: { mine: {}, dots_left: 3, dots_cast: 5, voters: 2, results: null } });
    apply(s, event('idea.added', 2, { idea: idea(9, { private: true, mine: true }), private_count: 5 }));
    assert.equal(s.privateCount, 5);
    apply(s, event('idea.deleted', 3, { id: 9, private_count: 4, dots_cast: 3, voters: 1 }));
    assert.equal(s.privateCount, 4);
    assert.equal(s.votes.dotsCast, 3);
    assert.equal(s.votes.voters, 1);
  });

  test('a merge while voting is open gives my dots on the merged-away ideas back', () => {
    const s = stateAt(1, {
      ideas: [idea(7), idea(8)],
      votes: { mine: { 7: 1, 8: 2 }, dots_left: 0, dots_cast: 3, voters: 1, results: null },
    });
    apply(s, event('ideas.merged', 2, {
      into: idea(7), absorbed: [idea(8, { fate: 'merged', merged_into: 7 })], dots_returned: true, dots_cast: 1, voters: 1,
    }));
    assert.deepEqual([...s.votes.mine], [[7, 1]]);
    assert.equal(s.votes.dotsLeft, 2);
    assert.equal(s.votes.dotsCast, 1);
  });

  test('votes.revealed and votes.reset bring the controls', () => {
    const s = stateAt(1);
    const results = { groups: ['others'], voters: { others: 2 }, ideas: [] };
    apply(s, event('votes.revealed', 2, { results, controls: controls({ votes_revealed: true, phase: 'vote' }) }));
    assert.equal(s.controls.votes_revealed, true);
    assert.equal(s.controls.phase, 'vote');
    apply(s, event('votes.reset', 3, { controls: controls({ votes_revealed: false, phase: 'vote' }) }));
    assert.equal(s.controls.votes_revealed, false);
    assert.equal(s.votes.results, null);
  });

  test('an idea shown again brings the comments and reactions made while it was hidden', () => {
    const s = stateAt(1);
    apply(s, event('idea.updated', 2, {
      idea: idea(7),
      comments: [comment(4, { target_id: 7, text: 'said meanwhile' })],
      reactions: { target_kind: 'idea', target_id: 7, counts: { idea: 2 } },
    }));
    assert.equal(s.comments.get(4).text, 'said meanwhile');
    assert.deepEqual(s.reactions.get(reactionKey('idea', 7)).counts, { idea: 2 });
  });
});
