// Unit tests of web-client/js/permissions.js against PROTOCOL.md's "Permissions" table:
// every command for every role, writing phases with and without late ideas, own
// things, the lock, a closed session, and the special rules.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { can, isWritingPhase, isFacilitatorRole, ROLES } from '../../../web-client/js/permissions.js';
import { SESSION, controls } from './fixtures.mjs';

/** @param {string} role @param {Record<string, any>} [over] controls */
function actor(role, over = {}, session = SESSION) {
  return { you: { id: 1, role }, controls: controls(over), session };
}

const F = 'facilitator';
const C = 'co_facilitator';
const M = 'manager';
const S = 'staff';
const Z = 'citizen';
const O = 'observer';

/** Asserts exactly `allowed` of all roles may do it. */
function only(action, allowed, over = {}, target = {}) {
  for (const role of ROLES) {
    assert.equal(can(actor(role, over), action, target), allowed.includes(role), action + ' by ' + role + ' in ' + JSON.stringify(over) + ' ' + JSON.stringify(target));
  }
}

describe('the permission table', () => {
  test('idea.add: facilitators always, participants while writing', () => {
    only('idea.add', [F, C, M, S, Z], { phase: 'ideas' });
    only('idea.add', [F, C], { phase: 'cluster' });
    only('idea.add', [F, C, M, S, Z], { phase: 'cluster', settings: { late_ideas: true } });
    only('idea.add', [F, C], { phase: 'welcome', settings: { late_ideas: true } });
    only('idea.add', [F, C], { phase: 'wrap_up', settings: { late_ideas: true } });
  });

  for (const action of ['idea.edit', 'idea.move', 'idea.delete']) {
    test(action + ': facilitators always, participants their own while writing', () => {
      only(action, [F, C], { phase: 'ideas' });
      only(action, [F, C, M, S, Z], { phase: 'ideas' }, { own: true });
      only(action, [F, C], { phase: 'vote' }, { own: true });
      only(action, [F, C, M, S, Z], { phase: 'vote', settings: { late_ideas: true } }, { own: true });
    });
  }

  test('vote.set: participants in the vote phase until the reveal', () => {
    only('vote.set', [M, S, Z], { phase: 'vote' });
    only('vote.set', [], { phase: 'ideas' });
    only('vote.set', [], { phase: 'vote', votes_revealed: true });
  });

  test('comments and reactions: everyone but observers, in every phase', () => {
    for (const phase of ['welcome', 'wrap_up']) {
      only('comment.add', [F, C, M, S, Z], { phase });
      only('reaction.toggle', [F, C, M, S, Z], { phase });
    }
    only('comment.delete', [F, C]);
    only('comment.delete', [F, C, M, S, Z], {}, { own: true });
  });

  test('trial actions: facilitators, and owners for their own', () => {
    for (const action of ['trial.update', 'trial.status', 'trial.owner_add', 'trial.owner_remove']) {
      only(action, [F, C], { phase: 'trial_actions' });
      only(action, [F, C, M, S, Z], { phase: 'welcome' }, { own: true });
    }
    only('trial.learning', [F, C, M]);
    only('trial.learning', [F, C, M, S, Z], {}, { own: true });
    only('trial.create', [F, C]);
    only('trial.delete', [F, C]);
  });

  test('decisions: managers only', () => {
    only('decision.record', [M]);
  });

  test('invitations and closing: the facilitator only; the rest: facilitators', () => {
    for (const action of ['invite.renew', 'invite.revoke', 'session.close', 'settings.anonymity']) only(action, [F]);
    for (const action of ['phase.set', 'timer.start', 'ideas.reveal', 'votes.reveal', 'idea.merge', 'cluster.create',
      'idea.fate', 'idea.moderate', 'comment.moderate', 'board.lock', 'review.focus', 'screen.focus', 'settings.update', 'session.update']) {
      only(action, [F, C]);
    }
  });

  test('removing people: never the facilitator; co-facilitators only by the facilitator', () => {
    only('participant.remove', [F, C], {}, { role: 'citizen' });
    only('participant.remove', [F], {}, { role: 'co_facilitator' });
    only('participant.remove', [], {}, { role: 'facilitator' });
  });
});

describe('lock and closed session', () => {
  test('a locked board leaves only facilitators and managers\' decisions', () => {
    const locked = { locked: true, phase: 'ideas' };
    only('idea.add', [F, C], locked);
    only('comment.add', [F, C], locked);
    only('decision.record', [M], locked);
  });

  test('a closed session allows nothing', () => {
    for (const role of ROLES) {
      const a = actor(role, {}, { ...SESSION, status: 'closed' });
      for (const action of ['idea.add', 'comment.add', 'decision.record', 'phase.set', 'session.close']) {
        assert.equal(can(a, action), false, role + ' ' + action);
      }
    }
  });

  test('nothing before the welcome and the snapshot', () => {
    assert.equal(can({ you: null, controls: null, session: null }, 'idea.add'), false);
    assert.equal(can({ you: { id: 1, role: F }, controls: null, session: SESSION }, 'idea.add'), false);
  });
});

describe('helpers', () => {
  test('writing phases', () => {
    assert.equal(isWritingPhase(controls({ phase: 'ideas' })), true);
    assert.equal(isWritingPhase(controls({ phase: 'review', settings: { late_ideas: true } })), true);
    assert.equal(isWritingPhase(controls({ phase: 'review' })), false);
    assert.equal(isWritingPhase(null), false);
  });

  test('facilitator roles', () => {
    assert.deepEqual(ROLES.filter(isFacilitatorRole), [F, C]);
  });
});
