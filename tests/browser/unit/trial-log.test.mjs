// Unit tests of web-client/js/trial-log.js: an owner's check-in and a move of the review
// date checked as the server checks them (PROTOCOL.md, `trial.check_in`,
// `trial.review_date`), field by field; the evidence and the moves as people read them in
// each language; and the decisions a manager is offered on an idea or a trial action,
// with the note each needs (`decision.record`).
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  PROPOSALS, CHECK_IN_TEXT_MAX, EVIDENCE_UNIT_MAX, REVIEW_REASON_MAX, checkInCommand, decisionKinds, decisionNeedsNote, evidenceText,
  isDate, parseEvidenceValue, reviewDateCommand, reviewMoveText,
} from '../../../web-client/js/trial-log.js';
import { formatNumber } from '../../../web-client/js/i18n.js';
import { STRINGS } from '../../../web-client/js/strings.js';

/** A check-in form as an owner fills it in. @param {Record<string, string>} [over] */
function input(over = {}) {
  return { whatHappened: 'Fire turneringer, otte faste spillere', evidence: 'none', value: '', unit: '', note: '', learned: '', proposal: 'adapt', ...over };
}

/** @param {ReturnType<typeof checkInCommand>} checked */
function fields(checked) {
  return checked.problems.map((p) => p.field);
}

describe('the check-in an owner sends', () => {
  test('with a number as evidence: the command the protocol describes', () => {
    const checked = checkInCommand(2, input({ evidence: 'number', value: '8', unit: ' faste deltagere ', learned: 'Fredag eftermiddag passer de ældre bedst' }));
    assert.deepEqual(checked, { command: {
      type: 'trial.check_in', id: 2, what_happened: 'Fire turneringer, otte faste spillere', proposal: 'adapt',
      learned: 'Fredag eftermiddag passer de ældre bedst', evidence: { value: 8, unit: 'faste deltagere' },
    }, problems: [] });
  });

  test('with a note, or with none; what was learned is left out when empty', () => {
    assert.deepEqual(checkInCommand(3, input({ evidence: 'note', note: '  Hallen var optaget  ', proposal: 'continue' })).command,
      { type: 'trial.check_in', id: 3, what_happened: 'Fire turneringer, otte faste spillere', proposal: 'continue', evidence: { note: 'Hallen var optaget' } });
    assert.deepEqual(checkInCommand(3, input({ learned: '   ', proposal: 'stop', value: 'ignored', note: 'ignored' })).command,
      { type: 'trial.check_in', id: 3, what_happened: 'Fire turneringer, otte faste spillere', proposal: 'stop' });
  });

  test('every proposal of the protocol, and no other', () => {
    assert.deepEqual([...PROPOSALS], ['continue', 'adapt', 'scale', 'stop']);
    for (const proposal of PROPOSALS) assert.equal(checkInCommand(1, input({ proposal })).command?.proposal, proposal);
    assert.deepEqual(fields(checkInCommand(1, input({ proposal: '' }))), ['proposal']);
    assert.deepEqual(fields(checkInCommand(1, input({ proposal: 'pause' }))), ['proposal']);
  });

  test('what is wrong, field by field, in the order of the form', () => {
    const checked = checkInCommand(1, input({ whatHappened: ' \n ', evidence: 'number', value: 'otte', unit: '', proposal: '' }));
    assert.equal(checked.command, null);
    assert.deepEqual(checked.problems, [
      { field: 'what_happened', key: 'checkIn.problem.whatHappened' },
      { field: 'value', key: 'checkIn.problem.value' },
      { field: 'unit', key: 'checkIn.problem.unit' },
      { field: 'proposal', key: 'checkIn.problem.proposal' },
    ]);
    assert.deepEqual(checkInCommand(1, input({ evidence: 'note', note: '' })).problems, [{ field: 'note', key: 'checkIn.problem.note' }]);
    for (const p of checked.problems) assert.ok(STRINGS.da[p.key] && STRINGS.nb[p.key] && STRINGS.en[p.key], p.key);
  });

  test('the limits of limits.json, counted as the server counts', () => {
    assert.equal(CHECK_IN_TEXT_MAX, 2000);
    assert.equal(EVIDENCE_UNIT_MAX, 40);
    const long = 'æ'.repeat(CHECK_IN_TEXT_MAX + 1);
    assert.deepEqual(checkInCommand(1, input({ whatHappened: long })).problems,
      [{ field: 'what_happened', key: 'error.too_long', params: { limit: CHECK_IN_TEXT_MAX } }]);
    assert.deepEqual(fields(checkInCommand(1, input({ learned: long }))), ['learned']);
    assert.deepEqual(fields(checkInCommand(1, input({ evidence: 'note', note: long }))), ['note']);
    assert.deepEqual(fields(checkInCommand(1, input({ evidence: 'number', value: '8', unit: 'x'.repeat(EVIDENCE_UNIT_MAX + 1) }))), ['unit']);
    assert.ok(checkInCommand(1, input({ whatHappened: '👍'.repeat(CHECK_IN_TEXT_MAX), evidence: 'number', value: '1', unit: 'ø'.repeat(EVIDENCE_UNIT_MAX) })).command);
  });
});

describe('numbers as people type them', () => {
  const cases = [
    ['8', 8], [' 8 ', 8], ['2,5', 2.5], ['2.5', 2.5], ['-3', -3], ['+4', 4], ['0', 0], ['1 200', 1200], ['1\u00a0200', 1200],
    ['', null], ['otte', null], ['8 deltagere', null], ['2,5,1', null], ['1e3', null], ['Infinity', null], ['NaN', null], ['.5', null], ['5.', null],
    ['0x10', null],
  ];
  for (const [text, expected] of cases) {
    test(JSON.stringify(text) + ' → ' + expected, () => assert.equal(parseEvidenceValue(/** @type {string} */ (text)), expected));
  }
});

describe('the evidence and the moves as people read them', () => {
  test('a number with its unit in each language, a note as it is, none as nothing', () => {
    assert.equal(evidenceText({ value: 8, unit: 'faste deltagere' }, 'da'), '8 faste deltagere');
    assert.equal(evidenceText({ value: 2.5, unit: 'timer' }, 'da'), '2,5 timer');
    assert.equal(evidenceText({ value: 2.5, unit: 'timar' }, 'nb'), '2,5 timar');
    assert.equal(evidenceText({ value: 2.5, unit: 'hours' }, 'en'), '2.5 hours');
    assert.equal(evidenceText({ value: 1200, unit: 'besøg' }, 'da'), formatNumber(1200, 'da') + ' besøg');
    assert.equal(evidenceText({ value: 3, unit: '' }, 'en'), '3');
    assert.equal(evidenceText({ note: 'Hallen var optaget' }, 'da'), 'Hallen var optaget');
    assert.equal(evidenceText(null, 'da'), '');
  });

  test('a move of the review date: from, to, the reason and who', () => {
    const move = { from: '2027-01-15', to: '2027-02-01', reason: 'Juleferien', by: { id: 5, name: 'Bo' }, at: '2026-12-20T08:00:00.000Z' };
    assert.equal(reviewMoveText(move, 'da'), 'Flyttet fra 15. januar 2027 til 1. februar 2027: Juleferien – Bo');
    assert.equal(reviewMoveText(move, 'en'), 'Moved from 15 January 2027 to 1 February 2027: Juleferien – Bo');
    assert.match(reviewMoveText(move, 'nb'), /^Flyttet fra 15\. januar 2027 til 1\. februar 2027: Juleferien – Bo$/);
    // A trial action that had no review date gets one.
    assert.equal(reviewMoveText({ ...move, from: '' }, 'en'), 'Set to 1 February 2027: Juleferien – Bo');
    // What a person wrote is never read as a placeholder.
    assert.equal(reviewMoveText({ ...move, reason: '{name} {to}' }, 'en'), 'Moved from 15 January 2027 to 1 February 2027: {name} {to} – Bo');
  });
});

describe('moving the review date', () => {
  const trial = { id: 2, start_date: '2026-12-01', review_date: '2027-02-01' };

  test('a real date, with a reason', () => {
    assert.deepEqual(reviewDateCommand(trial, { to: '2027-03-01', reason: ' Hallen er lukket i februar ' }),
      { command: { type: 'trial.review_date', id: 2, to: '2027-03-01', reason: 'Hallen er lukket i februar' }, problems: [] });
    // A trial action without dates takes any date.
    assert.ok(reviewDateCommand({ id: 3, start_date: '', review_date: '' }, { to: '2026-01-01', reason: 'x' }).command);
  });

  test('refused as the server refuses it: no date, not a real one, the same one, before the start; no reason, too long', () => {
    const problem = (/** @type {string} */ to, reason = 'Juleferien') => reviewDateCommand(trial, { to, reason }, 'en').problems;
    assert.deepEqual(problem(''), [{ field: 'to', key: 'reviewMove.problem.date' }]);
    assert.deepEqual(problem('2027-02-30'), [{ field: 'to', key: 'reviewMove.problem.date' }]);
    assert.deepEqual(problem('2027-02-01'), [{ field: 'to', key: 'reviewMove.problem.same' }]);
    assert.deepEqual(problem('2026-11-30'), [{ field: 'to', key: 'reviewMove.problem.beforeStart', params: { date: '1 December 2026' } }]);
    assert.deepEqual(problem('2026-12-01'), [], 'the start date itself is fine');
    assert.deepEqual(problem('2027-03-01', '  '), [{ field: 'reason', key: 'reviewMove.problem.reason' }]);
    assert.deepEqual(problem('2027-03-01', 'x'.repeat(REVIEW_REASON_MAX + 1)),
      [{ field: 'reason', key: 'error.too_long', params: { limit: REVIEW_REASON_MAX } }]);
    assert.equal(REVIEW_REASON_MAX, 280);
  });

  test('dates as the protocol writes them', () => {
    for (const ok of ['2027-02-01', '2028-02-29', '2000-02-29', '0000-01-01', '9999-12-31']) assert.equal(isDate(ok), true, ok);
    for (const bad of ['2027-2-01', '2027-02-1', '2027-13-01', '2027-00-10', '2027-02-00', '2027-02-29', '1900-02-29', '2027-04-31',
      ' 2027-02-01', '2027-02-01 ', '+2027-02-01', '2027/02/01', '']) {
      assert.equal(isDate(bad), false, bad);
    }
  });
});

describe("the decisions a manager is offered", () => {
  test('on an idea: approve, park and a check', () => {
    assert.deepEqual(decisionKinds('idea'), ['approve', 'park', 'needs_check']);
  });

  test('on a trial action: the answers to a check-in where the server takes them', () => {
    assert.deepEqual(decisionKinds('trial_action', 'proposed'), ['approve', 'park', 'needs_check', 'stop']);
    assert.deepEqual(decisionKinds('trial_action', 'approved'), ['approve', 'park', 'needs_check', 'continue', 'adapt', 'scale', 'stop']);
    assert.deepEqual(decisionKinds('trial_action', 'running'), ['approve', 'park', 'needs_check', 'continue', 'adapt', 'scale', 'stop']);
    assert.deepEqual(decisionKinds('trial_action', 'parked'), ['approve', 'needs_check', 'continue', 'adapt', 'scale', 'stop']);
    for (const ended of ['evaluated', 'stopped']) assert.deepEqual(decisionKinds('trial_action', ended), ['approve', 'needs_check']);
    assert.deepEqual(decisionKinds('trial_action', 'evaluated', 'worked'), ['approve', 'needs_check', 'spread']);
    assert.deepEqual(decisionKinds('trial_action', 'evaluated', 'partly'), ['approve', 'needs_check', 'spread']);
    assert.deepEqual(decisionKinds('trial_action', 'evaluated', 'worked', true), ['approve', 'needs_check']);
    assert.deepEqual(decisionKinds('trial_action', 'evaluated', 'did_not_work'), ['approve', 'needs_check']);
  });

  test('a note is needed for all but approve and continue', () => {
    assert.deepEqual(['approve', 'park', 'needs_check', 'continue', 'adapt', 'scale', 'stop'].filter(decisionNeedsNote),
      ['park', 'needs_check', 'adapt', 'scale', 'stop']);
  });

  test('every kind has its words in every language', () => {
    for (const lang of /** @type {const} */ (['da', 'nb', 'en'])) {
      for (const kind of decisionKinds('trial_action', 'running')) {
        for (const key of ['decision.kind.', 'decision.action.', 'decision.confirm.']) assert.ok(STRINGS[lang][key + kind], lang + ' ' + key + kind);
      }
      for (const p of PROPOSALS) assert.ok(STRINGS[lang]['checkIn.proposal.' + p], lang + ' ' + p);
    }
  });
});
