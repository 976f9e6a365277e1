// @ts-check
// Who may do what, in which phase: the permission table of protocol/messages.json (the
// one source the server's table is generated from; PROTOCOL.md's "Permissions" states
// it for people), as a function, so that the views can hide what a person may not do
// instead of letting the server refuse it. The server decides; this only follows its
// rules.
//
// Pure: takes the person, the controls and the session, and the target of the action.

import facts from '../../protocol/messages.json' with { type: 'json' };

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
 * participant to remove; `targetKind` what a decision is on ('idea' or
 * 'trial_action'), which matters once the session is closed.
 * @typedef {{own?: boolean, role?: string, targetKind?: string}} Target
 */

/**
 * One command's row: who may send it about anything (`anyone`, in `phases`), who about
 * what is their own (`own`, in `own_phases`), whether it is allowed while the board is
 * locked, whether it is audited.
 * @typedef {object} CommandRule
 * @property {string} type
 * @property {string[]} anyone
 * @property {string} phases a key of messages.json's phase_sets: all, writing, or a phase
 * @property {string[]} [own]
 * @property {string} [own_phases]
 * @property {boolean} [lock_exempt]
 * @property {boolean} audited
 * @property {boolean} [after_close] allowed also in a closed session (decision.record:
 *   on a trial action only)
 */

/** @type {ReadonlyMap<string, CommandRule>} */
const RULES = new Map(/** @type {CommandRule[]} */ (facts.commands).map((rule) => [rule.type, rule]));

/** Every command's type, in the protocol's order. */
export const COMMAND_TYPES = Object.freeze([...RULES.keys()]);
/** Every role, in the protocol's order. */
export const ROLES = Object.freeze([...facts.roles]);
/** The roles that join with an invitation link. */
export const INVITE_ROLES = Object.freeze(['co_facilitator', 'manager', 'staff', 'observer']);
/** The phases after the ideas phase in which `late_ideas` lets people write. */
const LATE_PHASES = new Set(['cluster', 'vote', 'trial_actions', 'review']);

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
 * Whether the controls' phase is in a phase set of the table.
 * @param {string|undefined} set
 * @param {Controls} controls
 */
function inPhases(set, controls) {
  if (set === 'all') return true;
  if (set === 'writing') return isWritingPhase(controls);
  return controls.phase === set;
}

/**
 * Whether a command is still allowed once the session is closed: those flagged
 * `after_close` in messages.json (the life of a trial action goes on after the
 * workshop), and decision.record only on a trial action.
 * @param {string} action a command type
 * @param {Target} [target]
 */
export function allowedAfterClose(action, target = {}) {
  const rule = RULES.get(action);
  if (!rule || rule.after_close !== true) return false;
  return action !== 'decision.record' || target.targetKind === 'trial_action';
}

/**
 * Whether the person may send this command now: the table, then the rules PROTOCOL.md
 * states beside it (votes close at the reveal; only the facilitator changes the
 * anonymity or removes a co-facilitator; nobody removes the facilitator; a closed
 * session takes only the commands flagged `after_close`). A command the protocol does
 * not have is a mistake in the client, found at once.
 * @param {Actor} actor
 * @param {string} action a command type, or 'settings.anonymity' for that one setting
 * @param {Target} [target]
 * @returns {boolean}
 */
export function can(actor, action, target = {}) {
  const rule = RULES.get(action === 'settings.anonymity' ? 'settings.update' : action);
  if (!rule) throw new Error('protocol/messages.json has no command ' + action);
  const { you, controls, session } = actor;
  if (!you || !controls || !session) return false;
  if (session.status === 'closed' && !allowedAfterClose(action, target)) return false;
  const role = you.role;
  if (controls.locked && !isFacilitatorRole(role) && !rule.lock_exempt) return false;
  const own = target.own === true || action === 'idea.add';  // a new idea is its writer's own
  const allowed = (rule.anyone.includes(role) && inPhases(rule.phases, controls)) ||
    (own && (rule.own ?? []).includes(role) && inPhases(rule.own_phases, controls));
  if (!allowed) return false;
  switch (action) {
    case 'vote.set':
      return !controls.votes_revealed;
    case 'settings.anonymity':
      return role === 'facilitator';
    case 'participant.remove':
      return target.role !== 'facilitator' && (target.role !== 'co_facilitator' || role === 'facilitator');
    default:
      return true;
  }
}

/** The roles of workspace links, in the protocol's order (messages.json's `workspace_roles`). */
export const WORKSPACE_ROLES = Object.freeze([...facts.workspace_roles]);

/**
 * Whether a workspace link of `role` may do `action` (messages.json's
 * `workspace_actions`: start_workshop, decide, change_settings, manage_links, export,
 * delete_session). Every role reads the workspace, its sessions and its portfolio.
 * @param {string|null|undefined} role
 * @param {'start_workshop'|'decide'|'change_settings'|'manage_links'|'export'|'delete_session'|'archive'|'import'} action
 * @returns {boolean}
 */
export function workspaceMay(role, action) {
  /** @type {Record<string, string|string[]>} */
  const actions = facts.workspace_actions;
  const roles = actions[action];
  if (!Array.isArray(roles)) throw new Error('protocol/messages.json has no workspace action ' + action);
  return !!role && roles.includes(role);
}

/** The files of a session's exports (PROTOCOL.md, "Exports"), in the order the report offers them. */
export const EXPORT_FILES = Object.freeze(['minutes.md', 'ideas.csv', 'trial_actions.csv', 'decisions.csv']);

/** The session archive's file (PROTOCOL.md, "Session archive"): the whole session, for those who see all of it. */
export const ARCHIVE_FILE = 'session.json';

/**
 * Whether the reader of an outcome report may download the session archive
 * (messages.json: `session_archive.roles` for a participant, `workspace_actions.archive`
 * for a workspace's link; never a receipt), as the server decides it.
 * @param {{kind: string, role: string}} reader the report's `reader`
 * @returns {boolean}
 */
export function mayArchive(reader) {
  if (reader.kind === 'workspace') return workspaceMay(reader.role, 'archive');
  if (reader.kind !== 'participant') return false;
  /** @type {{roles?: string[]}} */
  const rule = facts.session_archive || {};
  if (!Array.isArray(rule.roles)) throw new Error('protocol/messages.json has no session_archive.roles');
  return rule.roles.includes(reader.role);
}

/**
 * Whether the reader of an outcome report may download the session's exports
 * (messages.json: `session_exports.roles` for a participant, `workspace_actions.export`
 * for a workspace's link; never a receipt), as the server decides it.
 * @param {{kind: string, role: string}} reader the report's `reader`
 * @returns {boolean}
 */
export function mayExport(reader) {
  if (reader.kind === 'workspace') return workspaceMay(reader.role, 'export');
  return reader.kind === 'participant' && sessionRoleMay('session_exports', reader.role);
}

/**
 * Whether the holder of a session's participant token (`kind` 'participant') or of a
 * workspace link (`kind` 'workspace') may delete the session (PROTOCOL.md, "Deleting a
 * session"; messages.json: `session_deletion.roles`, `workspace_actions.delete_session`),
 * as the server decides it.
 * @param {{kind: string, role: string}} holder
 * @returns {boolean}
 */
export function mayDeleteSession(holder) {
  if (holder.kind === 'workspace') return workspaceMay(holder.role, 'delete_session');
  return holder.kind === 'participant' && sessionRoleMay('session_deletion', holder.role);
}

/**
 * Whether a participant's role is listed in a section of messages.json that names session roles.
 * @param {'session_exports'|'session_deletion'} section
 * @param {string} role
 * @returns {boolean}
 */
function sessionRoleMay(section, role) {
  /** @type {{roles?: string[]}} */
  const rule = facts[section] || {};
  if (!Array.isArray(rule.roles)) throw new Error('protocol/messages.json has no ' + section + '.roles');
  return rule.roles.includes(role);
}
