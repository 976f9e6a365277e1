// @ts-check
// Trial actions and the managers' decisions in the session state (server/domain/trials.*):
// checking and copying them, and the events that change them.

import { isInt, isObject, isText, copyNamed, copyPerson } from './check.js';
import { checkIdea, checkIdeas, putIdeas } from './ideas.js';
import { dropTarget } from './discussion.js';

/** @typedef {import('../session-state.js').SessionState} SessionState */
/** @typedef {import('../session-state.js').EventHandler} EventHandler */
/** @typedef {import('../session-state.js').TrialAction} TrialAction */
/** @typedef {import('../session-state.js').Learning} Learning */
/** @typedef {import('../session-state.js').CheckIn} CheckIn */
/** @typedef {import('../session-state.js').Evidence} Evidence */
/** @typedef {import('../session-state.js').ReviewMove} ReviewMove */
/** @typedef {import('../session-state.js').Decision} Decision */

/** @param {any} t @returns {string|null} */
export function checkTrial(t) {
  if (!isObject(t) || !isInt(t.id) || !isText(t.title) || !isInt(t.version)) return 'bad trial action';
  return null;
}

/** @param {any} l @returns {string|null} */
export function checkLearning(l) {
  if (!isObject(l) || !isInt(l.id) || !isText(l.text)) return 'bad learning';
  return null;
}

/** @param {any} l @returns {Learning} */
export function copyLearning(l) {
  return {
    id: isInt(l?.id) ? l.id : 0, at: isText(l?.at) ? l.at : '', by: copyNamed(l?.by), text: isText(l?.text) ? l.text : '',
    check_in: copyCheckIn(l?.check_in),
  };
}

/**
 * A check-in as the client keeps it; null for a plain learning (or one it cannot read).
 * @param {any} c
 * @returns {CheckIn|null}
 */
export function copyCheckIn(c) {
  if (!isObject(c)) return null;
  return { what_happened: isText(c.what_happened) ? c.what_happened : '', evidence: copyEvidence(c.evidence), proposal: isText(c.proposal) ? c.proposal : '' };
}

/**
 * @param {any} e
 * @returns {Evidence|null} a number with its unit, a note, or null
 */
export function copyEvidence(e) {
  if (!isObject(e)) return null;
  if (typeof e.value === 'number' && Number.isFinite(e.value)) return { value: e.value, unit: isText(e.unit) ? e.unit : '' };
  if (isText(e.note)) return { note: e.note };
  return null;
}

/** @param {any} m @returns {ReviewMove} */
export function copyReviewMove(m) {
  const text = (/** @type {unknown} */ v) => (isText(v) ? v : '');
  return { from: text(m?.from), to: text(m?.to), reason: text(m?.reason), by: copyNamed(m?.by), at: text(m?.at) };
}

/**
 * @param {any} t a checked trial action from the server
 * @param {TrialAction|undefined} known the trial action as known before: events leave
 *   out `learnings` (they come one by one in `trial_action.learning_added`), so the
 *   learnings already known are kept. `review_moves` come with every trial action; a
 *   server that sends none (an older one) leaves those known.
 * @returns {TrialAction}
 */
export function copyTrial(t, known) {
  const text = (/** @type {unknown} */ v) => (isText(v) ? v : '');
  return {
    id: t.id,
    title: t.title,
    what: text(t.what),
    we_believe: text(t.we_believe),
    we_know_when: text(t.we_know_when),
    owners: Array.isArray(t.owners) ? t.owners.map(copyNamed) : [],
    start_date: text(t.start_date),
    review_date: text(t.review_date),
    status: text(t.status) || 'proposed',
    outcome: text(t.outcome) || 'none',
    from_ideas: Array.isArray(t.from_ideas) ? t.from_ideas.filter(isInt) : [],
    learnings: Array.isArray(t.learnings) ? t.learnings.map(copyLearning) : known ? known.learnings.slice() : [],
    review_moves: Array.isArray(t.review_moves) ? t.review_moves.map(copyReviewMove) : known ? known.review_moves.slice() : [],
    version: t.version,
    created_at: text(t.created_at),
    updated_at: text(t.updated_at),
    origin: isObject(t.origin) ? { session: text(t.origin.session), trial_action: isInt(t.origin.trial_action) ? t.origin.trial_action : 0 } : null,
  };
}

/** @param {any} d @returns {string|null} */
export function checkDecision(d) {
  if (!isObject(d) || !isInt(d.id) || !isText(d.target_kind) || !isInt(d.target_id) || !isText(d.kind)) return 'bad decision';
  return null;
}

/** @param {any} d @returns {Decision} */
export function copyDecision(d) {
  return {
    id: d.id, target_kind: d.target_kind, target_id: d.target_id, kind: d.kind,
    note: isText(d.note) ? d.note : '',
    by: copyPerson(d.by) || { id: 0, name: '', role: '' },
    at: isText(d.at) ? d.at : '',
  };
}

/** @param {SessionState} state @param {Decision} decision */
export function putDecision(state, decision) {
  const at = state.decisions.findIndex((d) => d.id === decision.id);
  if (at >= 0) state.decisions[at] = decision;
  else {
    state.decisions.push(decision);
    state.decisions.sort((a, b) => a.id - b.id);
  }
}

/**
 * The events about trial actions and decisions.
 * @type {Record<string, EventHandler>}
 */
export const TRIAL_EVENTS = {
  'trial_action.saved': {
    check(state, e) {
      return checkTrial(e.trial_action) || (e.ideas === undefined ? null : checkIdeas(e.ideas));
    },
    apply(state, e) {
      state.trials.set(e.trial_action.id, copyTrial(e.trial_action, state.trials.get(e.trial_action.id)));
      if (e.ideas) putIdeas(state, e.ideas);
    },
  },
  'trial_action.learning_added': {
    check(state, e) {
      if (!state.trials.has(e.trial_action)) return 'unknown trial action ' + e.trial_action;
      return checkLearning(e.learning) || (isInt(e.version) ? null : 'bad version');
    },
    apply(state, e) {
      const trial = /** @type {TrialAction} */ (state.trials.get(e.trial_action));
      if (!trial.learnings.some((l) => l.id === e.learning.id)) trial.learnings.push(copyLearning(e.learning));
      trial.version = e.version;
      if (isText(e.updated_at)) trial.updated_at = e.updated_at;
    },
  },
  'trial_action.deleted': {
    check(state, e) {
      if (!isInt(e.id)) return 'bad id';
      return e.ideas === undefined ? null : checkIdeas(e.ideas);
    },
    apply(state, e) {
      state.trials.delete(e.id);
      dropTarget(state, 'trial_action', e.id);
      if (e.ideas) putIdeas(state, e.ideas);
    },
  },
  'decision.recorded': {
    check(state, e) {
      return checkDecision(e.decision) ||
        (e.idea !== undefined && e.idea !== null ? checkIdea(e.idea) : null) ||
        (e.trial_action !== undefined && e.trial_action !== null ? checkTrial(e.trial_action) : null);
    },
    apply(state, e) {
      putDecision(state, copyDecision(e.decision));
      if (e.idea) putIdeas(state, [e.idea]);
      if (e.trial_action) state.trials.set(e.trial_action.id, copyTrial(e.trial_action, state.trials.get(e.trial_action.id)));
    },
  },
};
