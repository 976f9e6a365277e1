// Unit tests of web-client/js/permissions.js against PROTOCOL.md's "Permissions" table:
// every command for every role, writing phases with and without late ideas, own
// things, the lock, a closed session, and the special rules.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { can, isWritingPhase, isFacilitatorRole, allowedAfterClose, ROLES, COMMAND_TYPES } from '../../../web-client/js/permissions.js';
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
function only(action, allowed, over = {}, target = {}, session = SESSION) {
  for (const role of ROLES) {
    assert.equal(can(actor(role, over, session), action, target), allowed.includes(role),
      action + ' by ' + role + ' in ' + JSON.stringify(over) + ' ' + JSON.stringify(target) + ' ' + session.status);
  }
}

const CLOSED = { ...SESSION, status: 'closed' };

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
    only('decision.record', [M], {}, { targetKind: 'idea' });
    only('decision.record', [M], {}, { targetKind: 'trial_action' });
  });

  test("trial.check_in: an owner's alone, whatever the role, in every phase", () => {
    for (const phase of ['welcome', 'trial_actions', 'wrap_up']) {
      only('trial.check_in', [], { phase });
      only('trial.check_in', [F, C, M, S, Z], { phase }, { own: true });
    }
  });

  test('trial.review_date: facilitators and managers, and owners for their own', () => {
    only('trial.review_date', [F, C, M], { phase: 'review' });
    only('trial.review_date', [F, C, M, S, Z], { phase: 'welcome' }, { own: true });
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
  test('a locked board leaves only facilitators, managers\' decisions, and owners\' check-ins and review dates', () => {
    const locked = { locked: true, phase: 'ideas' };
    only('idea.add', [F, C], locked);
    only('comment.add', [F, C], locked);
    only('decision.record', [M], locked);
    only('trial.check_in', [F, C, M, S, Z], locked, { own: true });
    only('trial.review_date', [F, C, M, S, Z], locked, { own: true });
    only('trial.review_date', [F, C, M], locked);
    only('trial.learning', [F, C], locked, { own: true });
  });

  test('a closed session allows nothing but what is flagged after_close', () => {
    for (const role of ROLES) {
      const a = actor(role, {}, CLOSED);
      for (const action of ['idea.add', 'comment.add', 'reaction.toggle', 'phase.set', 'session.close', 'trial.create', 'trial.delete',
        'trial.owner_add', 'trial.owner_remove', 'invite.renew', 'settings.anonymity']) {
        assert.equal(can(a, action), false, role + ' ' + action);
        assert.equal(can(a, action, { own: true }), false, role + ' ' + action + ' (own)');
      }
    }
  });

  test("a closed session: a trial action's life goes on, for those who may send each command", () => {
    const wrapUp = { phase: 'wrap_up' };
    only('trial.check_in', [], wrapUp, {}, CLOSED);
    only('trial.check_in', [F, C, M, S, Z], wrapUp, { own: true }, CLOSED);
    only('trial.review_date', [F, C, M], wrapUp, {}, CLOSED);
    only('trial.review_date', [F, C, M, S, Z], wrapUp, { own: true }, CLOSED);
    only('trial.update', [F, C], wrapUp, {}, CLOSED);
    only('trial.update', [F, C, M, S, Z], wrapUp, { own: true }, CLOSED);
    only('trial.status', [F, C, M, S, Z], wrapUp, { own: true }, CLOSED);
    only('trial.learning', [F, C, M], wrapUp, {}, CLOSED);
    // Decisions on trial actions only: not on ideas, nor when the target is not said.
    only('decision.record', [M], wrapUp, { targetKind: 'trial_action' }, CLOSED);
    only('decision.record', [], wrapUp, { targetKind: 'idea' }, CLOSED);
    only('decision.record', [], wrapUp, {}, CLOSED);
    // The lock still holds after the close for what it held before.
    only('trial.learning', [F, C], { ...wrapUp, locked: true }, { own: true }, CLOSED);
    only('trial.check_in', [F, C, M, S, Z], { ...wrapUp, locked: true }, { own: true }, CLOSED);
  });

  test('allowedAfterClose follows the after_close flags of messages.json', () => {
    const flagged = COMMAND_TYPES.filter((type) => allowedAfterClose(type, { targetKind: 'trial_action' }));
    assert.deepEqual(flagged, ['trial.update', 'trial.status', 'trial.learning', 'trial.check_in', 'trial.review_date', 'decision.record']);
    assert.equal(allowedAfterClose('decision.record', { targetKind: 'idea' }), false);
    assert.equal(allowedAfterClose('decision.record'), false);
    assert.equal(allowedAfterClose('no.such'), false);
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

describe('what each workspace link may do, from messages.json', () => {
  test('start workshops, decide, change settings and manage links, as the file says', async () => {
    const { workspaceMay, WORKSPACE_ROLES } = await import('../../../web-client/js/permissions.js');
    const facts = JSON.parse(readFileSync(new URL('../../../protocol/messages.json', import.meta.url), 'utf8'));
    assert.deepEqual([...WORKSPACE_ROLES], facts.workspace_roles);
    for (const action of ['start_workshop', 'decide', 'change_settings', 'manage_links', 'export', 'delete_session'])
      for (const role of facts.workspace_roles)
        assert.equal(workspaceMay(role, action), facts.workspace_actions[action].includes(role), action + ' ' + role);
    assert.equal(workspaceMay('facilitator', 'start_workshop'), true);
    assert.equal(workspaceMay('viewer', 'decide'), false);
    assert.equal(workspaceMay(null, 'decide'), false);
    assert.throws(() => workspaceMay('admin', /** @type {any} */ ('fly')));
  });

  test("who may download a session's exports: the file's session roles and workspace links, never a receipt", async () => {
    const { mayExport } = await import('../../../web-client/js/permissions.js');
    const facts = JSON.parse(readFileSync(new URL('../../../protocol/messages.json', import.meta.url), 'utf8'));
    for (const role of facts.roles)
      assert.equal(mayExport({ kind: 'participant', role }), facts.session_exports.roles.includes(role), role);
    for (const role of facts.workspace_roles)
      assert.equal(mayExport({ kind: 'workspace', role }), facts.workspace_actions.export.includes(role), role);
    assert.equal(mayExport({ kind: 'participant', role: 'facilitator' }), true);
    assert.equal(mayExport({ kind: 'participant', role: 'citizen' }), false);
    assert.equal(mayExport({ kind: 'workspace', role: 'viewer' }), false);
    assert.equal(mayExport({ kind: 'receipt', role: 'observer' }), false);
  });

  test("who may delete a session: the file's session_deletion roles and workspace_actions.delete_session", async () => {
    const { mayDeleteSession } = await import('../../../web-client/js/permissions.js');
    const facts = JSON.parse(readFileSync(new URL('../../../protocol/messages.json', import.meta.url), 'utf8'));
    for (const role of facts.roles)
      assert.equal(mayDeleteSession({ kind: 'participant', role }), facts.session_deletion.roles.includes(role), role);
    for (const role of facts.workspace_roles)
      assert.equal(mayDeleteSession({ kind: 'workspace', role }),
        facts.workspace_actions.delete_session.includes(role), role);
    assert.equal(mayDeleteSession({ kind: 'participant', role: 'facilitator' }), true);
    assert.equal(mayDeleteSession({ kind: 'participant', role: 'citizen' }), false);
    assert.equal(mayDeleteSession({ kind: 'workspace', role: 'admin' }), true);
    assert.equal(mayDeleteSession({ kind: 'workspace', role: 'facilitator' }), false);
    assert.equal(mayDeleteSession({ kind: 'receipt', role: 'observer' }), false);
  });

  test('who may download the whole session archive: those who see all of it, as messages.json says', async () => {
    const { mayArchive } = await import('../../../web-client/js/permissions.js');
    const facts = JSON.parse(readFileSync(new URL('../../../protocol/messages.json', import.meta.url), 'utf8'));
    for (const role of facts.roles)
      assert.equal(mayArchive({ kind: 'participant', role }), facts.session_archive.roles.includes(role), role);
    for (const role of facts.workspace_roles)
      assert.equal(mayArchive({ kind: 'workspace', role }), facts.workspace_actions.archive.includes(role), role);
    assert.equal(mayArchive({ kind: 'participant', role: 'co_facilitator' }), true);
    assert.equal(mayArchive({ kind: 'participant', role: 'manager' }), false);
    assert.equal(mayArchive({ kind: 'workspace', role: 'admin' }), true);
    assert.equal(mayArchive({ kind: 'workspace', role: 'manager' }), false);
    assert.equal(mayArchive({ kind: 'receipt', role: 'observer' }), false);
  });
});
