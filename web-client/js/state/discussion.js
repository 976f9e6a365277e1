// @ts-check
// Comments and reactions in the session state (server/domain/discussion.*): checking and
// copying them, and the events that change them.

import { isInt, isObject, isText, copyPerson } from './check.js';

/** @typedef {import('../session-state.js').SessionState} SessionState */
/** @typedef {import('../session-state.js').EventHandler} EventHandler */
/** @typedef {import('../session-state.js').Comment} Comment */

export const REACTIONS = Object.freeze(['like', 'love', 'idea', 'question', 'celebrate']);

/** @param {string} kind @param {number} id */
export function reactionKey(kind, id) {
  return kind + ':' + id;
}

/** @param {any} c @returns {string|null} */
export function checkComment(c) {
  if (!isObject(c) || !isInt(c.id) || !isInt(c.target_id) || !isText(c.target_kind) || !isText(c.text)) return 'bad comment';
  return null;
}

/** @param {any} c @param {Comment|undefined} known @returns {Comment} */
export function copyComment(c, known) {
  return {
    id: c.id,
    target_kind: c.target_kind,
    target_id: c.target_id,
    text: c.text,
    author: copyPerson(c.author),
    mine: c.mine === true || Boolean(known && known.mine),
    created_at: isText(c.created_at) ? c.created_at : '',
    moderated: c.moderated === true,
  };
}

/**
 * Forgets the comments and reactions of something that is gone.
 * @param {SessionState} state
 * @param {string} kind
 * @param {number} id
 */
export function dropTarget(state, kind, id) {
  for (const [cid, c] of state.comments) if (c.target_kind === kind && c.target_id === id) state.comments.delete(cid);
  state.reactions.delete(reactionKey(kind, id));
}

/**
 * The events about comments and reactions.
 * @type {Record<string, EventHandler>}
 */
export const DISCUSSION_EVENTS = {
  'comment.added': {
    check(state, e) {
      return checkComment(e.comment);
    },
    apply(state, e) {
      state.comments.set(e.comment.id, copyComment(e.comment, state.comments.get(e.comment.id)));
    },
  },
  'comment.updated': {
    check(state, e) {
      return checkComment(e.comment);
    },
    apply(state, e) {
      state.comments.set(e.comment.id, copyComment(e.comment, state.comments.get(e.comment.id)));
    },
  },
  'comment.withdrawn': {
    check(state, e) {
      return isInt(e.id) ? null : 'bad id';
    },
    apply(state, e) {
      state.comments.delete(e.id);
    },
  },
  'comment.deleted': {
    check(state, e) {
      return isInt(e.id) ? null : 'bad id';
    },
    apply(state, e) {
      state.comments.delete(e.id);
    },
  },
  'reactions.updated': {
    check(state, e) {
      if (!isText(e.target_kind) || !isInt(e.target_id) || !isObject(e.counts)) return 'bad target or counts';
      if (e.mine !== undefined && !Array.isArray(e.mine)) return 'bad mine';
      return null;
    },
    apply(state, e) {
      const key = reactionKey(e.target_kind, e.target_id);
      const known = state.reactions.get(key);
      const mine = Array.isArray(e.mine) ? e.mine.filter(isText) : known ? known.mine : [];
      state.reactions.set(key, { counts: { ...e.counts }, mine });
    },
  },
};
