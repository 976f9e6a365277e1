// @ts-check
// A trial action's life after the workshop, as the views show and send it (PROTOCOL.md,
// "The log", `trial.check_in`, `trial.review_date`, and the managers' decisions that
// answer a check-in): an owner's check-in and a move of the review date checked field by
// field before they are sent (the server's rules, so that a person is told what to fix
// beside the field instead of getting a refusal), the evidence as people read it
// ("8 faste deltagere"), a move of the review date in words, and which decisions a
// manager may record on what, with the note each needs.
//
// Pure: works on plain values and the texts of i18n.js, importable from Node.

import { formatDate, formatNumber, getLanguage, translate } from './i18n.js';
import { limit } from './limits.js';
import { textLength } from './views/form.js';

/** @typedef {import('./strings.js').Lang} Lang */
/** @typedef {import('./session-state.js').Evidence} Evidence */
/** @typedef {import('./session-state.js').ReviewMove} ReviewMove */
/** @typedef {import('./session-state.js').TrialAction} TrialAction */

/** What an owner proposes in a check-in, in the protocol's order. */
export const PROPOSALS = Object.freeze(['continue', 'adapt', 'scale', 'stop']);
export const CHECK_IN_TEXT_MAX = limit('check_in_text_chars');
export const EVIDENCE_UNIT_MAX = limit('evidence_unit_chars');
export const REVIEW_REASON_MAX = limit('review_move_reason_chars');

/** The decisions on an idea; a trial action also takes the four answers to a check-in. */
const IDEA_DECISIONS = Object.freeze(['approve', 'park', 'needs_check']);
/** The decisions that need a note (PROTOCOL.md, `decision.record`; `spread`, from the portfolio, too). */
const NOTE_REQUIRED = new Set(['park', 'needs_check', 'adapt', 'scale', 'stop', 'spread']);
/** Statuses a trial action is under way in (it can be parked). */
const UNDER_WAY = new Set(['proposed', 'approved', 'running']);
/** Statuses `continue`, `adapt` and `scale` set running (a proposed one is approved first). */
const GOES_ON = new Set(['approved', 'running', 'parked']);

/**
 * The decisions a manager is offered on a target, as the server would take them: on an
 * idea approve, park and needs_check; on a trial action also park while it is under
 * way, `continue`, `adapt` and `scale` on one that is approved, running or parked, and
 * `stop` on one that has not ended, and `spread` on one evaluated as one that worked
 * (or partly) and not yet marked.
 * @param {string} targetKind 'idea' or 'trial_action'
 * @param {string} [status] the trial action's status
 * @param {string} [outcome] its outcome
 * @param {boolean} [spread] whether it is already marked to spread
 * @returns {string[]}
 */
export function decisionKinds(targetKind, status = '', outcome = '', spread = false) {
  if (targetKind !== 'trial_action') return [...IDEA_DECISIONS];
  const kinds = ['approve'];
  if (UNDER_WAY.has(status)) kinds.push('park');
  kinds.push('needs_check');
  if (GOES_ON.has(status)) kinds.push('continue', 'adapt', 'scale');
  if (UNDER_WAY.has(status) || status === 'parked') kinds.push('stop');
  // One that worked, or partly, may be marked once to spread to other units.
  if (status === 'evaluated' && (outcome === 'worked' || outcome === 'partly') && !spread) kinds.push('spread');
  return kinds;
}

/** @param {string} kind a decision's kind @returns {boolean} whether it needs a note */
export function decisionNeedsNote(kind) {
  return NOTE_REQUIRED.has(kind);
}

/**
 * Whether a text is a date as the protocol writes them: YYYY-MM-DD, a real day.
 * @param {string} ymd
 */
export function isDate(ymd) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(ymd);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return d <= [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1];
}

/**
 * A number as a person typed it: "8", "2,5", "2.5", "-3", "1 200" (spaces between the
 * digits are left out).
 * @param {string} text
 * @returns {number|null} null for anything else
 */
export function parseEvidenceValue(text) {
  const s = String(text).replace(/[\s\u00a0\u202f]/g, '');
  if (!/^[-+]?\d+(?:[.,]\d+)?$/.test(s)) return null;
  const n = Number(s.replace(',', '.'));
  return Number.isFinite(n) ? n : null;
}

/**
 * Evidence as people read it: "8 faste deltagere", "2,5 timer", or the note.
 * @param {Evidence|null} evidence
 * @param {Lang} [lang]
 * @returns {string} '' for none
 */
export function evidenceText(evidence, lang = getLanguage()) {
  if (!evidence) return '';
  if ('value' in evidence) return formatNumber(evidence.value, lang) + (evidence.unit ? ' ' + evidence.unit : '');
  return evidence.note;
}

/**
 * A move of the review date in words: "Flyttet fra 15. januar 2027 til 1. februar 2027:
 * Juleferien – Bo".
 * @param {ReviewMove} move
 * @param {Lang} [lang]
 */
export function reviewMoveText(move, lang = getLanguage()) {
  const params = { from: formatDate(move.from, lang), to: formatDate(move.to, lang), reason: move.reason, name: move.by.name };
  return translate(lang, move.from ? 'reviewMove.moved' : 'reviewMove.set', params);
}

/**
 * What is wrong with one field of a form, as a text of strings.js and its values.
 * @typedef {{field: string, key: string, params?: Record<string, string|number>}} Problem
 */
/**
 * @typedef {{command: Record<string, unknown>, problems: []} | {command: null, problems: Problem[]}} Checked
 */

/**
 * What an owner filled in to check in.
 * @typedef {object} CheckInInput
 * @property {string} whatHappened
 * @property {'none'|'number'|'note'} evidence which kind of evidence
 * @property {string} value the number, as typed
 * @property {string} unit
 * @property {string} note
 * @property {string} learned may be ''
 * @property {string} proposal one of PROPOSALS, or '' when none is chosen
 */

/**
 * The `trial.check_in` command for what an owner filled in, or what is wrong with it,
 * field by field (what_happened, value, unit, note, learned, proposal), in that order.
 * @param {number} trialId
 * @param {CheckInInput} input
 * @returns {Checked}
 */
export function checkInCommand(trialId, input) {
  /** @type {Problem[]} */
  const problems = [];
  const text = (/** @type {string} */ field, /** @type {string} */ value, /** @type {number} */ max, /** @type {string|null} */ missing) => {
    const n = textLength(value);
    if (n === 0 && missing) problems.push({ field, key: missing });
    else if (n > max) problems.push({ field, key: 'error.too_long', params: { limit: max } });
    return value.trim();
  };
  const whatHappened = text('what_happened', input.whatHappened, CHECK_IN_TEXT_MAX, 'checkIn.problem.whatHappened');
  /** @type {Evidence|null} */
  let evidence = null;
  if (input.evidence === 'number') {
    const value = parseEvidenceValue(input.value);
    if (value === null) problems.push({ field: 'value', key: 'checkIn.problem.value' });
    const unit = text('unit', input.unit, EVIDENCE_UNIT_MAX, 'checkIn.problem.unit').replace(/\s+/g, ' ');
    if (value !== null) evidence = { value, unit };
  } else if (input.evidence === 'note') {
    evidence = { note: text('note', input.note, CHECK_IN_TEXT_MAX, 'checkIn.problem.note') };
  }
  const learned = text('learned', input.learned, CHECK_IN_TEXT_MAX, null);
  if (!PROPOSALS.includes(input.proposal)) problems.push({ field: 'proposal', key: 'checkIn.problem.proposal' });
  if (problems.length) return { command: null, problems };
  /** @type {Record<string, unknown>} */
  const command = { type: 'trial.check_in', id: trialId, what_happened: whatHappened, proposal: input.proposal };
  if (learned) command.learned = learned;
  if (evidence) command.evidence = evidence;
  return { command, problems: [] };
}

/**
 * The `trial.review_date` command that moves a trial action's review date, or what is
 * wrong (to, reason): a real date, not the review date it has, not before its start;
 * a reason.
 * @param {Pick<TrialAction, 'id'|'start_date'|'review_date'>} trial
 * @param {{to: string, reason: string}} input
 * @param {Lang} [lang] for the start date in a problem
 * @returns {Checked}
 */
export function reviewDateCommand(trial, input, lang = getLanguage()) {
  /** @type {Problem[]} */
  const problems = [];
  const to = input.to.trim();
  if (!isDate(to)) problems.push({ field: 'to', key: 'reviewMove.problem.date' });
  else if (to === trial.review_date) problems.push({ field: 'to', key: 'reviewMove.problem.same' });
  else if (trial.start_date && to < trial.start_date) {
    problems.push({ field: 'to', key: 'reviewMove.problem.beforeStart', params: { date: formatDate(trial.start_date, lang) } });
  }
  const n = textLength(input.reason);
  if (n === 0) problems.push({ field: 'reason', key: 'reviewMove.problem.reason' });
  else if (n > REVIEW_REASON_MAX) problems.push({ field: 'reason', key: 'error.too_long', params: { limit: REVIEW_REASON_MAX } });
  if (problems.length) return { command: null, problems };
  return { command: { type: 'trial.review_date', id: trial.id, to, reason: input.reason.trim() }, problems: [] };
}
