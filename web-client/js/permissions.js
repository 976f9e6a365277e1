// @ts-check
// Who may do what, in which phase: PROTOCOL.md's "Permissions" table as a function, so
// the views can hide what a person may not do instead of letting the server refuse it.
// The server decides; this only mirrors its rules.
//
// Pure: takes the person, the controls and the session, and the target of the action.

/** @typedef {import('./session-state.js').Controls} Controls */
/** @typedef {import('./session-state.js').Session} Session */
/**
 * @typedef {object} Actor
 * @property {{id: number, role: string}|null} you
 * @property {Controls|null} controls
 * @property {Session|null} session
 */
/**
 * What an action is about: `own` says whether it is the person's own (an idea or
 * comment they wrote, a trial action they own, themselves); `role` is the role of a
 * participant to remove.
 * @typedef {{own?: boolean, role?: string}} Target
 */

export const ROLES = Object.freeze(['facilitator', 'co_facilitator', 'manager', 'staff', 'citizen', 'observer']);
/** The roles that join with an invitation link. */
export const INVITE_ROLES = Object.freeze(['co_facilitator', 'manager', 'staff', 'observer']);
/** The phases after the ideas phase in which `late_ideas` lets people write. */
const LATE_PHASES = new Set(['cluster', 'vote', 'trial_actions', 'review']);
const PARTICIPANT_ROLES = new Set(['manager', 'staff', 'citizen']);

/** @param {string|undefined|null} role */
export function isFacilitatorRole(role) {
  return role === 'facilitator' || role === 'co_facilitator';
}

/**
 * Whether ideas may be written now ("writing" in PROTOCOL.md).
 * @param {Controls|null} controls
 */
export function isWritingPhase(controls) {
  if (!controls) return false;
  return controls.phase === 'ideas' || (controls.settings.late_ideas && LATE_PHASES.has(controls.phase));
}

/**
 * Whether the person may send this command now.
 * @param {Actor} actor
 * @param {string} action a command type, or 'settings.anonymity' for that one setting
 * @param {Target} [target]
 * @returns {boolean}
 */
export function can(actor, action, target = {}) {
  const { you, controls, session } = actor;
  if (!you || !controls || !session || session.status === 'closed') return false;
  const role = you.role;
  if (role === 'observer') return false;
  const facilitator = isFacilitatorRole(role);
  if (controls.locked && !facilitator && action !== 'decision.record') return false;
  const participant = PARTICIPANT_ROLES.has(role);
  const own = target.own === true;
  switch (action) {
    case 'idea.add':
      return facilitator || (participant && isWritingPhase(controls));
    case 'idea.edit':
    case 'idea.move':
    case 'idea.delete':
      return facilitator || (participant && own && isWritingPhase(controls));
    case 'vote.set':
      return participant && controls.phase === 'vote' && !controls.votes_revealed;
    case 'comment.add':
    case 'reaction.toggle':
      return facilitator || participant;
    case 'comment.delete':
    case 'trial.update':
    case 'trial.status':
    case 'trial.owner_add':
    case 'trial.owner_remove':
      return facilitator || (participant && own);
    case 'trial.learning':
      return facilitator || role === 'manager' || (participant && own);
    case 'decision.record':
      return role === 'manager';
    case 'invite.renew':
    case 'invite.revoke':
    case 'session.close':
    case 'settings.anonymity':
      return role === 'facilitator';
    case 'participant.remove':
      if (!facilitator || target.role === 'facilitator') return false;
      return target.role !== 'co_facilitator' || role === 'facilitator';
    default:
      return facilitator;
  }
}
