// @ts-check
// Who is here and the invitations in the session state (server/domain/roster.*): the
// `presence`, `presence.changed` and `invites` messages, which carry no seq, and the events
// about participants and invitations.

import { isInt, isObject, isText } from './check.js';
import { checkComment, copyComment } from './discussion.js';
import { checkIdeas, putIdeas } from './ideas.js';

/** @typedef {import('../session-state.js').SessionState} SessionState */
/** @typedef {import('../session-state.js').EventHandler} EventHandler */
/** @typedef {import('../session-state.js').Invite} Invite */
/** @typedef {import('../session-state.js').PresenceEntry} PresenceEntry */

/** @param {any} list @returns {Invite[]} */
export function copyInvites(list) {
  if (!Array.isArray(list)) return [];
  return list.filter(isObject).map((i) => ({
    role: String(i.role || ''), token: isText(i.token) ? i.token : '', active: i.active === true,
    created_at: isText(i.created_at) ? i.created_at : '',
  }));
}

/**
 * Applies a `presence` or `presence.changed` message (they carry no seq).
 * @param {SessionState} state
 * @param {any} msg
 * @returns {boolean} whether it was one
 */
export function applyPresence(state, msg) {
  if (!isObject(msg)) return false;
  const counts = isObject(msg.counts) ? msg.counts : {};
  if (msg.type === 'presence') {
    /** @type {Map<number, PresenceEntry>|null} */
    let people = null;
    if (Array.isArray(msg.participants)) {
      people = new Map();
      for (const p of msg.participants) {
        if (isObject(p) && isInt(p.id)) people.set(p.id, copyPresenceEntry(p));
      }
    }
    const more = people && isInt(msg.more) && msg.more > 0 ? msg.more : 0;
    state.presence = { participants: people, counts: copyCounts(counts), more };
    return true;
  }
  if (msg.type === 'presence.changed') {
    if (Array.isArray(msg.participants)) {
      if (!state.presence.participants) state.presence.participants = new Map();
      for (const p of msg.participants) {
        if (isObject(p) && isInt(p.id)) state.presence.participants.set(p.id, copyPresenceEntry(p));
      }
    }
    // "counts has every role with at least one participant" (PROTOCOL.md, and what the
    // server sends), so a role whose last participant was removed is simply not listed.
    state.presence.counts = copyCounts(counts);
    return true;
  }
  return false;
}

/**
 * Applies an `invites` message (no seq; facilitators only): every invitation with its
 * link's token, '' where the server has none to show.
 * @param {SessionState} state
 * @param {any} msg
 * @returns {boolean} whether it was one
 */
export function applyInvites(state, msg) {
  if (!isObject(msg) || msg.type !== 'invites' || !Array.isArray(msg.invites)) return false;
  state.invites = copyInvites(msg.invites);
  state.inviteLinksKnown = true;
  return true;
}

/** @param {any} p @returns {PresenceEntry} */
export function copyPresenceEntry(p) {
  return { id: p.id, name: isText(p.name) ? p.name : '', role: isText(p.role) ? p.role : '', online: p.online === true };
}

/** @param {Record<string, any>} counts */
export function copyCounts(counts) {
  /** @type {Record<string, {online: number, total: number}>} */
  const out = {};
  for (const [role, c] of Object.entries(counts)) {
    if (isObject(c)) out[role] = { online: isInt(c.online) ? c.online : 0, total: isInt(c.total) ? c.total : 0 };
  }
  return out;
}

/**
 * The events about participants and invitations.
 * @type {Record<string, EventHandler>}
 */
export const ROSTER_EVENTS = {
  'invites.updated': {
    check(state, e) {
      return Array.isArray(e.invites) ? null : 'bad invites';
    },
    apply(state, e) {
      // Without tokens: the `invites` message that follows brings the links.
      state.invites = copyInvites(e.invites);
      state.inviteLinksKnown = false;
    },
  },
  'participant.removed': {
    check(state, e) {
      if (!isInt(e.id)) return 'bad id';
      // What the removal hid: replaced for those who still see it, withdrawn for the rest.
      for (const key of ['withdrawn_ideas', 'withdrawn_comments']) {
        if (e[key] !== undefined && (!Array.isArray(e[key]) || !e[key].every(isInt))) return `bad ${key}`;
      }
      if (e.ideas !== undefined) {
        const bad = Array.isArray(e.ideas) ? checkIdeas(e.ideas) : 'bad ideas';
        if (bad) return bad;
      }
      if (e.comments !== undefined && (!Array.isArray(e.comments) || e.comments.some((c) => checkComment(c) !== null))) {
        return 'bad comments';
      }
      return null;
    },
    apply(state, e) {
      state.removed.add(e.id);
      state.presence.participants?.delete(e.id);
      if (Array.isArray(e.ideas)) putIdeas(state, e.ideas);
      for (const id of e.withdrawn_ideas ?? []) state.ideas.delete(id);
      if (Array.isArray(e.comments)) {
        for (const c of e.comments) state.comments.set(c.id, copyComment(c, state.comments.get(c.id)));
      }
      for (const id of e.withdrawn_comments ?? []) state.comments.delete(id);
    },
  },
};
