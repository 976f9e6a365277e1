// @ts-check
// The facilitators' controls and the session itself in the session state: checking and
// copying them, and the events that change them.

import { isInt, isObject, isText } from './check.js';

/** @typedef {import('../session-state.js').SessionState} SessionState */
/** @typedef {import('../session-state.js').EventHandler} EventHandler */
/** @typedef {import('../session-state.js').Controls} Controls */
/** @typedef {import('../session-state.js').ScreenFocus} ScreenFocus */
/** @typedef {import('../session-state.js').Session} Session */

/** @param {any} c @returns {string|null} */
export function checkControls(c) {
  if (!isObject(c) || !isText(c.phase) || !Array.isArray(c.phases) || !isObject(c.settings) || !isObject(c.timer)) return 'bad controls';
  return null;
}

/** @param {any} c @returns {Controls} */
export function copyControls(c) {
  const s = c.settings;
  const num = (/** @type {unknown} */ v, /** @type {number} */ d) => (isInt(v) ? v : d);
  return {
    phase: c.phase,
    phases: c.phases.filter(isText),
    settings: {
      anonymity: isText(s.anonymity) ? s.anonymity : 'named',
      private_writing: s.private_writing === true,
      late_ideas: s.late_ideas === true,
      vote_budget: num(s.vote_budget, 3),
      vote_cap: num(s.vote_cap, 2),
      fold_threshold: num(s.fold_threshold, 3),
      join_by_code: s.join_by_code !== false,
      idea_quota: num(s.idea_quota, 30),
    },
    timer: {
      state: isText(c.timer.state) ? c.timer.state : 'idle',
      duration_ms: num(c.timer.duration_ms, 0),
      ends_at: isText(c.timer.ends_at) ? c.timer.ends_at : '',
      remaining_ms: num(c.timer.remaining_ms, 0),
    },
    locked: c.locked === true,
    votes_revealed: c.votes_revealed === true,
    focus: num(c.focus, 0),
    screen: copyScreen(c.screen),
    phase_started_at: isText(c.phase_started_at) ? c.phase_started_at : '',
  };
}

/** @param {any} s @returns {ScreenFocus} */
export function copyScreen(s) {
  if (!isObject(s)) return { kind: 'none', id: 0 };
  if ((s.kind === 'idea' || s.kind === 'cluster') && isInt(s.id) && s.id > 0) return { kind: s.kind, id: s.id };
  return s.kind === 'results' ? { kind: 'results', id: 0 } : { kind: 'none', id: 0 };
}

/** @param {any} s @returns {Session} */
export function copySession(s) {
  const text = (/** @type {unknown} */ v) => (isText(v) ? v : '');
  /** @type {Session} */
  const out = {
    id: text(s.id), code: text(s.code), title: text(s.title), question: text(s.question),
    status: text(s.status) || 'open', created_at: text(s.created_at),
    template: text(s.template) || 'idea_workshop', follow_up_of: text(s.follow_up_of),
  };
  if (isText(s.workspace)) out.workspace = s.workspace;
  if (isText(s.deleted_at)) out.deleted_at = s.deleted_at;
  return out;
}

/**
 * The events about the controls and the session.
 * @type {Record<string, EventHandler>}
 */
export const CONTROLS_EVENTS = {
  'controls.updated': {
    check(state, e) {
      return checkControls(e.controls);
    },
    apply(state, e) {
      const before = state.controls;
      state.controls = copyControls(e.controls);
      // Nothing was cast yet: the dots left follow a new budget.
      if (before && state.votes.mine.size === 0 && before.settings.vote_budget !== state.controls.settings.vote_budget) {
        state.votes.dotsLeft = state.controls.settings.vote_budget;
      }
    },
  },
  'session.updated': {
    check(state, e) {
      return isObject(e.session) ? null : 'bad session';
    },
    apply(state, e) {
      state.session = copySession({ ...state.session, ...e.session });
    },
  },
  'session.closed': {
    check(state, e) {
      return isObject(e.session) ? null : 'bad session';
    },
    apply(state, e) {
      state.session = copySession({ ...state.session, ...e.session, status: 'closed' });
    },
  },
};
