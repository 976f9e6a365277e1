// @ts-check
// Dot voting in the session state (server/domain/ballot.*): this person's dots, the
// totals, the results once revealed, and the events that change them.

import { isInt, isObject, isText } from './check.js';
import { checkControls, copyControls } from './controls.js';

/** @typedef {import('../session-state.js').SessionState} SessionState */
/** @typedef {import('../session-state.js').EventHandler} EventHandler */
/** @typedef {import('../session-state.js').Votes} Votes */
/** @typedef {import('../session-state.js').Results} Results */

/** @param {number} budget @returns {Votes} */
export function emptyVotes(budget) {
  return { mine: new Map(), dotsLeft: budget, dotsCast: 0, voters: 0, results: null };
}

/**
 * Gives this participant's dots on an idea back (deleted, or merged while voting is open).
 * @param {SessionState} state
 * @param {number} ideaId
 */
export function returnDots(state, ideaId) {
  const dots = state.votes.mine.get(ideaId) || 0;
  if (!dots) return;
  state.votes.mine.delete(ideaId);
  state.votes.dotsLeft += dots;
}

/**
 * Takes the totals of dots cast from an event that carries them.
 * @param {SessionState} state
 * @param {any} e
 */
export function applyVoteTotals(state, e) {
  if (isInt(e.dots_cast)) state.votes.dotsCast = e.dots_cast;
  if (isInt(e.voters)) state.votes.voters = e.voters;
}

/** @param {any} r @returns {Results|null} */
export function copyResults(r) {
  if (!isObject(r)) return null;
  return {
    groups: Array.isArray(r.groups) ? r.groups.filter(isText) : [],
    voters: isObject(r.voters) ? { ...r.voters } : {},
    ideas: Array.isArray(r.ideas)
      ? r.ideas.filter((i) => isObject(i) && isInt(i.id)).map((i) => ({
        id: i.id, total: isInt(i.total) ? i.total : 0, by_group: isObject(i.by_group) ? { ...i.by_group } : {},
      }))
      : [],
  };
}

/** @param {unknown} mine @returns {Map<number, number>} */
export function copyMine(mine) {
  /** @type {Map<number, number>} */
  const out = new Map();
  if (!isObject(mine)) return out;
  for (const [key, dots] of Object.entries(mine)) {
    const id = Number(key);
    if (Number.isInteger(id) && isInt(dots) && dots > 0) out.set(id, dots);
  }
  return out;
}

/**
 * The events about votes.
 * @type {Record<string, EventHandler>}
 */
export const VOTE_EVENTS = {
  'vote.updated': {
    check(state, e) {
      if (!isObject(e.mine) || !isInt(e.dots_left)) return 'bad mine or dots_left';
      return null;
    },
    apply(state, e) {
      state.votes.mine = copyMine(e.mine);
      state.votes.dotsLeft = e.dots_left;
      if (isInt(e.dots_cast)) state.votes.dotsCast = e.dots_cast;
      if (isInt(e.voters)) state.votes.voters = e.voters;
    },
  },
  'votes.progress': {
    check(state, e) {
      return isInt(e.dots_cast) && isInt(e.voters) ? null : 'bad dots_cast or voters';
    },
    apply(state, e) {
      state.votes.dotsCast = e.dots_cast;
      state.votes.voters = e.voters;
    },
  },
  'votes.revealed': {
    check(state, e) {
      return isObject(e.results) ? null : 'no results';
    },
    apply(state, e) {
      state.votes.results = copyResults(e.results);
      if (checkControls(e.controls) === null) state.controls = copyControls(e.controls);
      else if (state.controls) state.controls.votes_revealed = true;
    },
  },
  'votes.reset': {
    check() {
      return null;
    },
    apply(state, e) {
      if (checkControls(e.controls) === null) state.controls = copyControls(e.controls);
      else if (state.controls) state.controls.votes_revealed = false;
      state.votes = emptyVotes(state.controls ? state.controls.settings.vote_budget : 0);
    },
  },
};
