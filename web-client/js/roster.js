// @ts-check
// The facilitators' list of participants: the answer to `participants.get` as the
// console shows it. Who, in which role, online or not, removed or not, and how many
// ideas and comments each wrote (null in an anonymous session, where counts per person
// would tell who wrote what), most active first as the server sends them; how many
// the list left out; and what the person looking at it may do to each one: remove
// them, and remove them together with everything they wrote (PROTOCOL.md, "Requests",
// "participant.remove" and "Permissions").
//
// Pure: no DOM, no connection.

import { can } from './permissions.js';

/** How many participants the console asks for (the server allows 1 to 500). */
export const ROSTER_LIMIT = 100;
/** How often the open list is asked for again. */
export const ROSTER_REFRESH_MS = 5000;

/**
 * @typedef {object} RosterEntry
 * @property {number} id
 * @property {string} name
 * @property {string} role
 * @property {boolean} online
 * @property {boolean} removed
 * @property {number|null} ideas ideas on the board they wrote; null where not shown
 * @property {number|null} comments their comments; null where not shown
 */
/**
 * @typedef {object} Roster
 * @property {RosterEntry[]} entries in the server's order: the most active first
 * @property {number} total how many participants the session has
 * @property {number} left how many of them the list leaves out
 */

/** @param {unknown} v @returns {v is number} */
function isCount(v) {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0;
}

/**
 * Reads a `participants` answer; entries without an id are skipped, counts that are
 * not counts are shown as unknown.
 * @param {any} answer
 * @returns {Roster}
 */
export function readRoster(answer) {
  const list = answer && Array.isArray(answer.participants) ? answer.participants : [];
  /** @type {RosterEntry[]} */
  const entries = [];
  for (const p of list) {
    if (!p || typeof p !== 'object' || !Number.isInteger(p.id)) continue;
    entries.push({
      id: p.id,
      name: typeof p.name === 'string' ? p.name : '',
      role: typeof p.role === 'string' ? p.role : '',
      online: p.online === true,
      removed: p.removed === true,
      ideas: isCount(p.ideas) ? p.ideas : null,
      comments: isCount(p.comments) ? p.comments : null,
    });
  }
  const total = answer && isCount(answer.total) ? Math.max(answer.total, entries.length) : entries.length;
  return { entries, total, left: answer && answer.more === true ? total - entries.length : 0 };
}

/**
 * What the person may do to a participant of the list: remove them (not themselves,
 * not the facilitator, a co-facilitator only if they are the facilitator, not someone
 * removed already), and remove them with everything they wrote (not in an anonymous
 * session, where the server refuses it: it would tell who wrote what).
 * @param {RosterEntry} entry
 * @param {import('./permissions.js').Actor} actor
 * @returns {{remove: boolean, hide: boolean}}
 */
export function removalsFor(entry, actor) {
  const you = actor.you;
  if (entry.removed || !you || you.id === entry.id || !can(actor, 'participant.remove', { role: entry.role })) {
    return { remove: false, hide: false };
  }
  return { remove: true, hide: actor.controls !== null && actor.controls.settings.anonymity !== 'anonymous' };
}
