// Unit tests of web-client/js/portfolio.js (and the pure line of views/portfolio.js): a
// workspace's portfolio as the portfolio page reads and sends it: the filters in the
// page's address and back (a link reproduces the view; what the server would refuse is
// left out), the query of the GET with `after` for the live loop, the decisions offered
// on a trial action of each status and outcome (spread only on one that worked, once),
// a decision checked field by field before it is sent, the overload limit as typed, the
// pause before the loop asks again after a network error, and the last check-in in a line.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  NAME_MAX, NOTE_MAX, OVERLOAD_MAX, PORTFOLIO_DECISIONS, SORTS, daysBetween, decisionBody, entryKey, filtersFromSearch, filtersToSearch,
  hasFilters, mergePortfolio, noFilters, parseWholeNumber, RETENTION_MAX, portfolioApiPath, portfolioExportPath, portfolioOrder, portfolioDecisionKinds, retryDelay,
} from '../../../web-client/js/portfolio.js';
import { checkInLine } from '../../../web-client/js/views/portfolio.js';
import { setLanguage } from '../../../web-client/js/i18n.js';
import { STRINGS } from '../../../web-client/js/strings.js';

const SESSION = 'Qm3xAbCdEfGh12_-';

describe('the filters in the address', () => {
  test('none: an empty query string, and the default sort', () => {
    assert.deepEqual(filtersFromSearch(''), noFilters());
    assert.equal(filtersToSearch(noFilters()), '');
    assert.equal(noFilters().sort, 'review_date');
    assert.equal(hasFilters(noFilters()), false);
  });

  test('every filter and the sort go into the query string and come back', () => {
    const f = { status: 'running', outcome: 'none', session: SESSION, owner: 'Bo Ek', theme: 'Fællesskab', overdue: true, sort: 'last_check_in' };
    const search = filtersToSearch(f);
    assert.equal(search, '?status=running&overdue=true&session=' + SESSION + '&owner=Bo+Ek&outcome=none&theme=F%C3%A6llesskab&sort=last_check_in');
    assert.deepEqual(filtersFromSearch(search), f);
    assert.deepEqual(filtersFromSearch(search.slice(1)), f, 'with or without the ?');
    assert.equal(hasFilters(f), true);
    assert.equal(hasFilters({ ...noFilters(), sort: 'title' }), false, 'the sort is no filter');
  });

  test('the spacing of a name is tidied; the default sort and empty filters are left out', () => {
    assert.equal(filtersToSearch({ ...noFilters(), owner: '  Bo   Ek ', theme: '   ' }), '?owner=Bo+Ek');
    assert.equal(filtersToSearch({ ...noFilters(), sort: 'review_date' }), '');
    assert.equal(filtersToSearch({ ...noFilters(), sort: 'title' }), '?sort=title');
  });

  test('what the server would refuse is left out, so the page shows the portfolio unfiltered', () => {
    const f = filtersFromSearch('?status=flying&outcome=great&session=short&overdue=yes&sort=random&owner=' + 'x'.repeat(41) + '&foo=bar');
    assert.deepEqual(f, noFilters());
    for (const sort of SORTS) assert.equal(filtersFromSearch('?sort=' + sort).sort, sort);
  });
});

describe('the GET of the live loop', () => {
  test('the filters as query parameters, and after= the version of the answer before', () => {
    const f = { ...noFilters(), status: 'running', overdue: true };
    assert.equal(portfolioApiPath('hV3kq9ZtR2xY7bNa', noFilters()), '/api/workspaces/hV3kq9ZtR2xY7bNa/portfolio');
    assert.equal(portfolioApiPath('hV3kq9ZtR2xY7bNa', noFilters(), 0), '/api/workspaces/hV3kq9ZtR2xY7bNa/portfolio?after=0');
    assert.equal(portfolioApiPath('hV3kq9ZtR2xY7bNa', f, 12), '/api/workspaces/hV3kq9ZtR2xY7bNa/portfolio?status=running&overdue=true&after=12');
    assert.equal(portfolioApiPath('hV3kq9ZtR2xY7bNa', f, null), '/api/workspaces/hV3kq9ZtR2xY7bNa/portfolio?status=running&overdue=true');
    assert.equal(portfolioApiPath('hV3kq9ZtR2xY7bNa', f, -1), '/api/workspaces/hV3kq9ZtR2xY7bNa/portfolio?status=running&overdue=true');
  });

  test('the CSV export: the same filters and sort, never after=', () => {
    const f = { ...noFilters(), status: 'running', overdue: true, sort: 'title' };
    assert.equal(portfolioExportPath('hV3kq9ZtR2xY7bNa', noFilters()), '/api/workspaces/hV3kq9ZtR2xY7bNa/export/portfolio.csv');
    assert.equal(portfolioExportPath('hV3kq9ZtR2xY7bNa', f),
      '/api/workspaces/hV3kq9ZtR2xY7bNa/export/portfolio.csv?' + portfolioApiPath('hV3kq9ZtR2xY7bNa', f).split('?')[1]);
    assert.ok(!portfolioExportPath('hV3kq9ZtR2xY7bNa', f).includes('after='));
  });

  test('after a network error the loop waits 1, 2, 4, 8, 16 seconds, then 30', () => {
    assert.deepEqual([1, 2, 3, 4, 5, 6, 7, 20].map(retryDelay), [1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
    assert.equal(retryDelay(0), 1000);
  });

  test("an entry's key is its session and its id there; days between two dates", () => {
    assert.equal(entryKey({ session: { id: SESSION }, trial_action: { id: 7 } }), SESSION + ':7');
    assert.equal(daysBetween('2027-01-15', '2027-03-02'), 46);
    assert.equal(daysBetween('2027-03-02', '2027-03-02'), 0);
    assert.ok(Number.isNaN(daysBetween('', '2027-03-02')));
  });
});

describe('the decisions offered on a trial action of the portfolio', () => {
  const x = (status, outcome = 'none', spread = false) => ({ status, outcome, spread });
  test('approve to take one up, park one under way, continue, adapt and scale on one approved, running or parked; stop on one not ended', () => {
    assert.deepEqual(portfolioDecisionKinds(x('proposed')), ['approve', 'park', 'stop']);
    for (const s of ['approved', 'running']) assert.deepEqual(portfolioDecisionKinds(x(s)), ['park', 'continue', 'adapt', 'scale', 'stop'], s);
    assert.deepEqual(portfolioDecisionKinds(x('parked')), ['approve', 'continue', 'adapt', 'scale', 'stop']);
    assert.deepEqual(portfolioDecisionKinds(x('stopped')), []);
  });

  test('spread only on one evaluated as one that worked or partly worked, not yet marked', () => {
    assert.deepEqual(portfolioDecisionKinds(x('evaluated', 'worked')), ['spread']);
    assert.deepEqual(portfolioDecisionKinds(x('evaluated', 'partly')), ['spread']);
    assert.deepEqual(portfolioDecisionKinds(x('evaluated', 'did_not_work')), []);
    assert.deepEqual(portfolioDecisionKinds(x('evaluated', 'worked', true)), []);
    assert.deepEqual(portfolioDecisionKinds(x('running', 'none')), ['park', 'continue', 'adapt', 'scale', 'stop']);
  });

  test('every kind has its words in every language', () => {
    for (const lang of /** @type {const} */ (['da', 'nb', 'en'])) {
      for (const kind of PORTFOLIO_DECISIONS) {
        for (const key of ['decision.kind.', 'decision.action.']) assert.ok(STRINGS[lang][key + kind], lang + ' ' + key + kind);
      }
    }
  });
});

describe('a decision checked before it is sent', () => {
  const target = { session: SESSION, trial: { id: 2, status: 'running', outcome: 'none', spread: false } };
  /** @param {ReturnType<typeof decisionBody>} c */
  const fields = (c) => c.problems.map((p) => p.field + ':' + p.key);

  test('the body the server takes, the note and the name tidied', () => {
    const c = decisionBody(target, { kind: 'adapt', note: '  Om mandagen ', name: ' Mona  Berg ' });
    assert.deepEqual(c, { body: { session: SESSION, trial_action: 2, kind: 'adapt', note: 'Om mandagen', name: 'Mona Berg' }, problems: [] });
    assert.deepEqual(decisionBody(target, { kind: 'continue', note: '', name: 'Mona' }).body?.note, '', 'continue needs no note');
  });

  test('each problem by its field: no kind, a kind not offered, no note, no name, too long', () => {
    assert.deepEqual(fields(decisionBody(target, { kind: '', note: '', name: '' })), ['kind:portfolio.problem.kind', 'name:portfolio.problem.name']);
    assert.deepEqual(fields(decisionBody(target, { kind: 'spread', note: 'x', name: 'Mona' })), ['kind:portfolio.problem.kind']);
    for (const kind of ['adapt', 'scale', 'stop']) {
      assert.deepEqual(fields(decisionBody(target, { kind, note: '  ', name: 'Mona' })), ['note:portfolio.problem.note'], kind);
    }
    const evaluated = { session: SESSION, trial: { id: 2, status: 'evaluated', outcome: 'worked', spread: false } };
    assert.deepEqual(fields(decisionBody(evaluated, { kind: 'spread', note: '', name: 'Mona' })), ['note:portfolio.problem.note']);
    assert.deepEqual(fields(decisionBody(target, { kind: 'stop', note: 'x'.repeat(NOTE_MAX + 1), name: 'y'.repeat(NAME_MAX + 1) })),
      ['note:error.too_long', 'name:error.too_long']);
    assert.equal(decisionBody(target, { kind: 'stop', note: 'x'.repeat(NOTE_MAX), name: '😀'.repeat(NAME_MAX) }).problems.length, 0,
      'characters are counted as the server counts them');
  });
});

describe("the admin's overload limit", () => {
  test('a whole number from 0 to 500', () => {
    assert.equal(OVERLOAD_MAX, 500);
    assert.equal(OVERLOAD_MAX, 500);
    assert.equal(parseWholeNumber('8', OVERLOAD_MAX), 8);
    assert.equal(parseWholeNumber(' 0 ', OVERLOAD_MAX), 0);
    assert.equal(parseWholeNumber('500', OVERLOAD_MAX), 500);
    for (const bad of ['', '-1', '501', '2.5', '8a', '1e2', 'otte']) assert.equal(parseWholeNumber(bad, OVERLOAD_MAX), null, bad);
    // The retention of names, in months (limits.json max_retention_months).
    assert.equal(RETENTION_MAX, 120);
    assert.equal(parseWholeNumber('120', RETENTION_MAX), 120);
    assert.equal(parseWholeNumber('121', RETENTION_MAX), null);
  });
});

describe('the last check-in in a line', () => {
  test('date, who, the proposal and the evidence; or none', () => {
    setLanguage('da');
    const l = { id: 4, at: '2027-01-10T09:12:00.000Z', by: { id: 5, name: 'Bo' }, text: '',
      check_in: { what_happened: 'Fire turneringer', evidence: { value: 8, unit: 'faste deltagere' }, proposal: 'adapt' } };
    assert.match(checkInLine(l), /^\d+\. jan.* · Bo · Foreslår: Tilpas · 8 faste deltagere$/);
    assert.equal(checkInLine(null), 'Ingen statusmelding endnu');
    setLanguage('en');
    assert.match(checkInLine({ ...l, check_in: { ...l.check_in, evidence: null, proposal: 'stop' } }), / · Bo · Proposes: Stop$/);
  });
});

describe('a live answer merged into the portfolio held', () => {
  /** @param {string} session @param {number} id @param {object} [t] @param {object} [more] */
  const row = (session, id, t = {}, more = {}) => ({ session: { id: session, title: 'S', code: 'K7M4QX', status: 'open' },
    trial_action: { id, title: 'T' + id, status: 'running', created_at: '2027-01-0' + id + 'T10:00:00.000Z', review_date: '', ...t },
    theme: '', age_days: 1, overdue: false, check_ins: 0, learnings: 0, last_check_in: null, last_decision: null, ...more });
  const base = { version: 5, complete: true, today: '2027-03-02', overload_limit: 0, running: 2, overloaded: false, spread: [], gone: [] };

  test('changed rows replace theirs, new ones join, gone ones leave, in the order of the sort, with the new counts', () => {
    const held = { ...base, trial_actions: [row('A', 1, { title: 'b' }), row('A', 2, { title: 'c' }), row('B', 1, { title: 'd' })] };
    const delta = { ...base, version: 6, complete: false, running: 3,
      trial_actions: [row('A', 2, { title: 'a' }), row('B', 2, { title: 'bb' })], gone: [{ session: 'B', trial_action: 1 }] };
    const merged = mergePortfolio(held, delta, 'title');
    assert.ok(merged);
    assert.deepEqual(merged.trial_actions.map((e) => e.session.id + e.trial_action.id + e.trial_action.title), ['A2a', 'A1b', 'B2bb']);
    assert.equal(merged.version, 6);
    assert.equal(merged.running, 3);
    assert.equal(merged.complete, true);
    assert.equal(held.trial_actions.length, 3, 'the held portfolio is not changed');
  });

  test('a complete answer replaces; a new day or nothing held cannot be merged', () => {
    const whole = { ...base, trial_actions: [row('A', 1)] };
    assert.equal(mergePortfolio(null, whole, 'title'), whole);
    const delta = { ...base, complete: false, trial_actions: [] };
    assert.equal(mergePortfolio(null, delta, 'title'), null);
    assert.equal(mergePortfolio(whole, { ...delta, today: '2027-03-03' }, 'title'), null);
  });

  test('each sort orders as the server does, ties by session and id', () => {
    const keys = (/** @type {any[]} */ rows, /** @type {string} */ sort) => [...rows].sort(portfolioOrder(sort)).map((e) => e.session.id + e.trial_action.id);
    const rows = [
      row('B', 1, { title: 'Æbler', review_date: '2027-02-01', status: 'parked' }),
      row('A', 3, { title: 'zebra', review_date: '', status: 'proposed' }, { last_check_in: { at: '2027-02-01T00:00:00.000Z' } }),
      row('A', 2, { title: 'Zebra', review_date: '2027-01-15', status: 'running' }, { last_check_in: { at: '2027-01-01T00:00:00.000Z' } }),
      row('A', 1, { title: 'apple', review_date: '2027-02-01', status: 'running' }),
    ];
    assert.deepEqual(keys(rows, 'review_date'), ['A2', 'A1', 'B1', 'A3'], 'earliest first, none last, ties by session');
    assert.deepEqual(keys(rows, 'created'), ['A1', 'B1', 'A2', 'A3']);
    assert.deepEqual(keys(rows, 'last_check_in'), ['A1', 'B1', 'A2', 'A3'], 'never checked in on first');
    assert.deepEqual(keys(rows, 'title'), ['A1', 'A2', 'A3', 'B1'], 'ASCII without case; Æ after z, as its code point');
    assert.deepEqual(keys(rows, 'status'), ['A3', 'A1', 'A2', 'B1']);
  });
});
