// @ts-check
// A workspace's portfolio (PROTOCOL.md, "The portfolio"), as the portfolio page
// (views/portfolio.js) reads and sends it: the filters and the sort as they stand in the
// page's address (`?status=running&overdue=true`, so that a link reproduces the view) and
// as the query of `GET /api/workspaces/{id}/portfolio` (with `after={version}` for the
// live loop), the decisions a manager is offered on a trial action of it, a decision and
// the overload limit checked as the server checks them, and the wait before the loop
// tries again after a network error.
//
// Pure: works on strings and plain values, importable from Node.

import { limit } from './limits.js';
import { textLength } from './views/form.js';
import { decisionKinds } from './trial-log.js';

export const STATUSES = Object.freeze(['proposed', 'approved', 'running', 'evaluated', 'stopped', 'parked']);
export const OUTCOMES = Object.freeze(['none', 'worked', 'partly', 'did_not_work']);
/** The sorts the server takes; the first is its default. */
export const SORTS = Object.freeze(['review_date', 'created', 'last_check_in', 'title', 'status']);
/** The decisions a manager records from the portfolio, in the order the form offers them. */
export const PORTFOLIO_DECISIONS = Object.freeze(['approve', 'park', 'continue', 'adapt', 'scale', 'stop', 'spread']);
export const NOTE_MAX = limit('decision_note_chars');
export const NAME_MAX = limit('display_name_chars');
export const OVERLOAD_MAX = limit('max_overload_limit');
export const RETENTION_MAX = limit('max_retention_months');
/** The longest an owner's name and a theme (a cluster's name or a column's title) can be. */
const TEXT_FILTER_MAX = { owner: NAME_MAX, theme: limit('cluster_name_chars') };

/**
 * What the page shows: '' (or false) for a filter not set.
 * @typedef {{status: string, outcome: string, session: string, owner: string, theme: string, overdue: boolean, sort: string}} Filters
 */

/** @returns {Filters} no filter, the server's sort */
export function noFilters() {
  return { status: '', outcome: '', session: '', owner: '', theme: '', overdue: false, sort: SORTS[0] };
}

/**
 * The filters in an address's query string; what is not one of them, or not a value the
 * server takes, is left out (the page then shows it unfiltered rather than an error).
 * @param {string} search location.search, with or without '?'
 * @returns {Filters}
 */
export function filtersFromSearch(search) {
  const params = new URLSearchParams(search.startsWith('?') ? search.slice(1) : search);
  const f = noFilters();
  const status = params.get('status') || '';
  if (STATUSES.includes(status)) f.status = status;
  const outcome = params.get('outcome') || '';
  if (OUTCOMES.includes(outcome)) f.outcome = outcome;
  const session = params.get('session') || '';
  if (/^[A-Za-z0-9_-]{16}$/.test(session)) f.session = session;
  for (const key of /** @type {const} */ (['owner', 'theme'])) {
    const text = (params.get(key) || '').replace(/\s+/g, ' ').trim();
    if (text && textLength(text) <= TEXT_FILTER_MAX[key]) f[key] = text;
  }
  f.overdue = params.get('overdue') === 'true';
  const sort = params.get('sort') || '';
  if (SORTS.includes(sort)) f.sort = sort;
  return f;
}

/**
 * The filters as query parameters, in a fixed order; those not set, and the default
 * sort, are left out.
 * @param {Filters} f
 * @returns {URLSearchParams}
 */
function filterParams(f) {
  const params = new URLSearchParams();
  if (f.status) params.set('status', f.status);
  if (f.overdue) params.set('overdue', 'true');
  if (f.session) params.set('session', f.session);
  const owner = f.owner.replace(/\s+/g, ' ').trim();
  if (owner) params.set('owner', owner);
  if (f.outcome) params.set('outcome', f.outcome);
  const theme = f.theme.replace(/\s+/g, ' ').trim();
  if (theme) params.set('theme', theme);
  if (f.sort && f.sort !== SORTS[0]) params.set('sort', f.sort);
  return params;
}

/**
 * The page's query string for filters: '' with none, else '?status=running&overdue=true'.
 * @param {Filters} f
 */
export function filtersToSearch(f) {
  const text = filterParams(f).toString();
  return text ? '?' + text : '';
}

/**
 * Whether any filter is set (the sort is no filter).
 * @param {Filters} f
 */
export function hasFilters(f) {
  return Boolean(f.status || f.outcome || f.session || f.owner.trim() || f.theme.trim() || f.overdue);
}

/**
 * The path of the portfolio's GET for filters, and `after` the version of the answer
 * before (the server waits until the portfolio is newer, or 20 seconds).
 * @param {string} id the workspace's id
 * @param {Filters} f
 * @param {number|null} [after]
 */
export function portfolioApiPath(id, f, after = null) {
  const params = filterParams(f);
  if (after !== null && Number.isSafeInteger(after) && after >= 0) params.set('after', String(after));
  const text = params.toString();
  return '/api/workspaces/' + encodeURIComponent(id) + '/portfolio' + (text ? '?' + text : '');
}

/**
 * The address of the portfolio's CSV export with the filters and sort f: the rows the
 * page shows, in its order (PROTOCOL.md, "Exports").
 * @param {string} id the workspace's id
 * @param {Filters} f
 * @returns {string}
 */
export function portfolioExportPath(id, f) {
  const text = filterParams(f).toString();
  return '/api/workspaces/' + encodeURIComponent(id) + '/export/portfolio.csv' + (text ? '?' + text : '');
}

/**
 * The decisions a manager is offered on a trial action of the portfolio, as the server
 * takes them (`decision.record`): approve on one that is proposed or parked (to take it
 * up), park on one under way; continue, adapt and scale on one that is approved,
 * running or parked; stop on one that has not ended; spread on one evaluated as one
 * that worked or partly worked, not yet marked to spread.
 * @param {{status: string, outcome: string, spread?: boolean}} x
 * @returns {string[]}
 */
export function portfolioDecisionKinds(x) {
  const board = decisionKinds('trial_action', x.status, x.outcome, !!x.spread);
  const takesUp = x.status === 'proposed' || x.status === 'parked';
  return PORTFOLIO_DECISIONS.filter((k) => board.includes(k) && (k !== 'approve' || takesUp));
}

/**
 * What is wrong with one field of a form: the field, a text of strings.js and its values.
 * @typedef {{field: string, key: string, params?: Record<string, string|number>}} Problem
 */

/**
 * The body of `POST /api/workspaces/{id}/decisions`, or what is wrong (kind, note, name):
 * a kind offered for the trial action, a note for every kind but continue, a name of 1
 * to 40 characters.
 * @param {{session: string, trial: {id: number, status: string, outcome: string, spread?: boolean}}} target
 * @param {{kind: string, note: string, name: string}} input
 * @returns {{body: {session: string, trial_action: number, kind: string, note: string, name: string}, problems: []} |
 *   {body: null, problems: Problem[]}}
 */
export function decisionBody(target, input) {
  /** @type {Problem[]} */
  const problems = [];
  if (!portfolioDecisionKinds(target.trial).includes(input.kind)) problems.push({ field: 'kind', key: 'portfolio.problem.kind' });
  const note = input.note.trim();
  const noteLength = textLength(input.note);
  if (noteLength === 0 && input.kind && input.kind !== 'continue') problems.push({ field: 'note', key: 'portfolio.problem.note' });
  else if (noteLength > NOTE_MAX) problems.push({ field: 'note', key: 'error.too_long', params: { limit: NOTE_MAX } });
  const name = input.name.replace(/\s+/g, ' ').trim();
  const nameLength = textLength(name);
  if (nameLength === 0) problems.push({ field: 'name', key: 'portfolio.problem.name' });
  else if (nameLength > NAME_MAX) problems.push({ field: 'name', key: 'error.too_long', params: { limit: NAME_MAX } });
  if (problems.length) return { body: null, problems };
  return { body: { session: target.session, trial_action: target.trial.id, kind: input.kind, note, name }, problems: [] };
}

/**
 * A workspace setting as typed: a whole number from 0 to max.
 * @param {string} text
 * @param {number} max
 * @returns {number|null} null for anything else
 */
export function parseWholeNumber(text, max) {
  const s = String(text).trim();
  if (!/^\d{1,6}$/.test(s)) return null;
  const n = Number(s);
  return n <= max ? n : null;
}

/**
 * How long the live loop waits before it asks again after its `attempt`-th failure in a
 * row (1, 2, …): 1, 2, 4, 8, 16 seconds, then 30.
 * @param {number} attempt
 * @returns {number} milliseconds
 */
export function retryDelay(attempt) {
  const n = Math.max(1, Math.floor(attempt));
  return Math.min(30000, 1000 * 2 ** (n - 1));
}

/**
 * An entry's key in the page: its session's id and its id there.
 * @param {{session: {id: string}, trial_action: {id: number}}} entry
 */
export function entryKey(entry) {
  return entry.session.id + ':' + entry.trial_action.id;
}

/**
 * Whole days from one date to another ("2027-01-15" to "2027-03-02": 46); NaN for a bad date.
 * @param {string} from YYYY-MM-DD
 * @param {string} to YYYY-MM-DD
 */
export function daysBetween(from, to) {
  const ms = (/** @type {string} */ ymd) => (/^\d{4}-\d{2}-\d{2}$/.test(ymd) ? Date.parse(ymd + 'T00:00:00Z') : NaN);
  return Math.round((ms(to) - ms(from)) / 86400000);
}

/**
 * Compares two strings by their Unicode code points, as the server compares UTF-8 bytes
 * (JavaScript's `<` compares UTF-16 units, which differs above U+FFFF).
 * @param {string} a @param {string} b
 */
function byCodePoints(a, b) {
  const x = Array.from(a, (c) => /** @type {number} */ (c.codePointAt(0)));
  const y = Array.from(b, (c) => /** @type {number} */ (c.codePointAt(0)));
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] < y[i] ? -1 : 1;
  return x.length === y.length ? 0 : x.length < y.length ? -1 : 1;
}

/** @param {string} s ASCII letters in lower case, as the server's title sort folds them */
const folded = (s) => s.replace(/[A-Z]/g, (c) => c.toLowerCase());

/**
 * The order of the rows under a sort, as the server orders them (PROTOCOL.md, "The
 * portfolio"): review_date (earliest first, those without one last), created (oldest
 * first), last_check_in (never checked in on first, then longest without news), title
 * (ASCII letters without regard to case), status (in the order of the lifecycle); ties
 * by the session's id, then the trial action's.
 * @param {string} sort one of SORTS
 * @returns {(a: import('./api.js').PortfolioEntry, b: import('./api.js').PortfolioEntry) => number}
 */
export function portfolioOrder(sort) {
  /** @type {(a: import('./api.js').PortfolioEntry, b: import('./api.js').PortfolioEntry) => number} */
  const by = {
    review_date: (a, b) => {
      const x = a.trial_action.review_date || '', y = b.trial_action.review_date || '';
      if (!x !== !y) return x ? -1 : 1;
      return byCodePoints(x, y);
    },
    created: (a, b) => byCodePoints(a.trial_action.created_at, b.trial_action.created_at),
    last_check_in: (a, b) => {
      const x = a.last_check_in, y = b.last_check_in;
      if (!x !== !y) return x ? 1 : -1;
      return x && y ? byCodePoints(x.at, y.at) : 0;
    },
    title: (a, b) => byCodePoints(folded(a.trial_action.title), folded(b.trial_action.title)),
    status: (a, b) => STATUSES.indexOf(a.trial_action.status) - STATUSES.indexOf(b.trial_action.status),
  }[sort] ?? (() => 0);
  return (a, b) => by(a, b) || byCodePoints(a.session.id, b.session.id) || a.trial_action.id - b.trial_action.id;
}

/**
 * The portfolio a page holds after an answer: a complete answer replaces it; one with
 * only the rows changed since the page's version (`complete: false`) is merged in: the
 * rows in `gone` leave, the changed rows take the place of the old ones or join, all in
 * the order of the sort, with the answer's counts. Null when the answer cannot be merged
 * (no portfolio held, or a new day, when every row's age and overdue mark change): then
 * ask again without `after`.
 * @param {import('./api.js').Portfolio|null} held
 * @param {import('./api.js').Portfolio} answer
 * @param {string} sort the sort of the query both were asked with
 * @returns {import('./api.js').Portfolio|null}
 */
export function mergePortfolio(held, answer, sort) {
  if (answer.complete !== false) return answer;
  if (!held || held.today !== answer.today) return null;
  /** @param {{session: string, trial_action: number}} r */
  const refKey = (r) => r.session + ':' + r.trial_action;
  const out = new Set([...(answer.gone || []).map(refKey), ...answer.trial_actions.map(entryKey)]);
  const rows = held.trial_actions.filter((e) => !out.has(entryKey(e))).concat(answer.trial_actions);
  rows.sort(portfolioOrder(sort));
  return { ...answer, complete: true, gone: [], trial_actions: rows };
}
