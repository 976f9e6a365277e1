// Unit tests of web-client/js/report.js (the outcome report as the client reads it, and
// the numbers of its charts and tables), i18n.js's durations and the outcome page's
// choice of tokens (views/outcome-page.js), from a report shaped as PROTOCOL.md's "The
// outcome report" shows it.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { snapshot, controls, idea, trial, decision, SESSION } from './fixtures.mjs';
import {
  readReport, participationRows, participationShown, timelineBar, voteChart, stackSegments, clusterList, wrapLabel,
} from '../../../web-client/js/report.js';
import { durationParts, formatDuration } from '../../../web-client/js/i18n.js';
import { applySnapshot, createSessionState } from '../../../web-client/js/session-state.js';
import { candidateTokens } from '../../../web-client/js/views/outcome-page.js';

const T0 = '2026-12-05T18:00:00.000Z';

/** The results of a vote: two groups, four ideas, a tie broken by id. */
const RESULTS = {
  groups: ['citizen', 'staff'],
  voters: { citizen: 2, staff: 2 },
  ideas: [
    { id: 4, total: 2, by_group: { staff: 2 } },
    { id: 3, total: 5, by_group: { citizen: 2, staff: 3 } },
    { id: 1, total: 4, by_group: { citizen: 3, staff: 1 } },
    { id: 2, total: 2, by_group: { citizen: 1, staff: 1 } },
  ],
};

/** @param {Record<string, any>} [over] fields of the snapshot */
function report(over = {}) {
  return {
    format: 1,
    generated_at: '2026-12-05T21:50:00.000Z',
    reader: { kind: 'participant', role: 'facilitator', participant: 1 },
    snapshot: snapshot(42, {
      controls: controls({ phase: 'wrap_up', votes_revealed: true }),
      clusters: [{ id: 2, column: 2, name: 'Sidst' }, { id: 1, column: 1, name: 'Fællesskab' }, { id: 3, column: 1, name: 'Tom' }],
      ideas: [
        idea(1, { text: 'Bordtennis', cluster: 1, rank: 20 }), idea(2, { text: 'Café', fate: 'parked', fate_reason: 'Ikke nu' }),
        idea(3, { text: 'Læseklub', cluster: 1, rank: 10, fate: 'trial_action', trial_action: 1 }), idea(4, { text: 'Video', column: 2, cluster: 2 }),
        idea(5, { text: 'Bordtennis igen', cluster: 1, fate: 'merged', merged_into: 1 }),
      ],
      votes: { mine: {}, dots_left: 3, dots_cast: 13, voters: 4, results: RESULTS },
      trial_actions: [trial(1, { title: 'Læseklub', status: 'approved', from_ideas: [3] })],
      decisions: [decision(1, { target_kind: 'trial_action', target_id: 1 })],
    }),
    participation: {
      citizen: { joined: 2, active: 2 }, facilitator: { joined: 1, active: 1 }, co_facilitator: { joined: 0, active: 0 },
      manager: { joined: 1, active: 1 }, staff: { joined: 2, active: 1 }, observer: { joined: 1, active: 0 }, guest: { joined: 1, active: 1 },
    },
    timeline: [
      { phase: 'welcome', started_at: T0, ended_at: '2026-12-05T18:10:00.000Z', seconds: 600 },
      { phase: 'ideas', started_at: '2026-12-05T18:10:00.000Z', ended_at: '2026-12-05T18:40:00.000Z', seconds: 1800 },
      { phase: 'ideas', started_at: '2026-12-05T18:40:00.000Z', ended_at: null, seconds: 600 },
    ],
    timeline_complete: true,
    ...over,
  };
}

describe('reading the report', () => {
  test('the snapshot becomes a session state, as the board reads it', () => {
    const read = readReport(report());
    assert.equal(read.ok, true);
    if (!read.ok) return;
    const r = read.report;
    assert.equal(r.state.session?.title, SESSION.title);
    assert.equal(r.state.seq, 42);
    assert.equal(r.state.ideas.size, 5);
    assert.equal(r.state.trials.get(1)?.title, 'Læseklub');
    assert.deepEqual(r.reader, { kind: 'participant', role: 'facilitator', participant: 1 });
    assert.equal(r.generatedAt, '2026-12-05T21:50:00.000Z');
    assert.equal(r.timelineComplete, true);
    assert.deepEqual(r.timeline[2], { phase: 'ideas', startedAt: '2026-12-05T18:40:00.000Z', endedAt: null, seconds: 600 });
  });

  test('a workspace reader, a timeline cut short', () => {
    const read = readReport(report({ reader: { kind: 'workspace', role: 'viewer', participant: 0 }, timeline_complete: false }));
    assert.ok(read.ok);
    if (!read.ok) return;
    assert.deepEqual(read.report.reader, { kind: 'workspace', role: 'viewer', participant: 0 });
    assert.equal(read.report.timelineComplete, false);
  });

  test('what cannot be read is refused, with the reason', () => {
    assert.equal(readReport(null).ok, false);
    assert.equal(readReport({ ...report(), format: 2 }).ok, false);
    assert.equal(readReport({ ...report(), snapshot: { type: 'snapshot' } }).ok, false);
    const missing = readReport({ format: 1, snapshot: snapshot(1) });
    assert.ok(missing.ok, 'participation and timeline may be missing');
    if (missing.ok) {
      assert.deepEqual(missing.report.participation, []);
      assert.deepEqual(missing.report.timeline, []);
    }
  });
});

describe('participation by role', () => {
  test("in the protocol's order of roles, unknown roles after them; bad counts are 0", () => {
    const rows = participationRows(report().participation);
    assert.deepEqual(rows.map((r) => r.role), ['facilitator', 'co_facilitator', 'manager', 'staff', 'citizen', 'observer', 'guest']);
    assert.deepEqual(rows[3], { role: 'staff', joined: 2, active: 1 });
    assert.deepEqual(participationRows({ citizen: { joined: -1, active: 'x' } }), [{ role: 'citizen', joined: 0, active: 0 }]);
    assert.deepEqual(participationRows(null), []);
  });

  test('the rows shown are the roles someone joined in, with the totals', () => {
    const shown = participationShown(participationRows(report().participation));
    assert.deepEqual(shown.rows.map((r) => r.role), ['facilitator', 'manager', 'staff', 'citizen', 'observer', 'guest']);
    assert.equal(shown.joined, 8);
    assert.equal(shown.active, 6);
    assert.deepEqual(participationShown([]), { rows: [], joined: 0, active: 0 });
  });
});

describe('the vote chart', () => {
  const state = () => {
    const read = readReport(report());
    assert.ok(read.ok);
    return read.ok ? read.report.state : createSessionState();
  };

  test('totals, most dots first, ties by id, each with its idea', () => {
    const chart = voteChart(state());
    assert.ok(chart);
    if (!chart) return;
    assert.deepEqual(chart.bars.map((b) => [b.id, b.text, b.total]), [[3, 'Læseklub', 5], [1, 'Bordtennis', 4], [2, 'Café', 2], [4, 'Video', 2]]);
    assert.equal(chart.max, 5);
    assert.equal(chart.dots, 13);
    assert.equal(chart.voters, 4);
  });

  test("the split by group in the order of the server's groups, zeros included", () => {
    const chart = voteChart(state());
    assert.ok(chart);
    if (!chart) return;
    assert.deepEqual(chart.groups, [{ group: 'citizen', voters: 2 }, { group: 'staff', voters: 2 }]);
    assert.deepEqual(chart.bars.map((b) => b.byGroup.map((g) => g.dots)), [[2, 3], [3, 1], [1, 1], [0, 2]]);
  });

  test('stacked segments on the scale of the longest bar, none for a group without dots', () => {
    assert.deepEqual(stackSegments([{ group: 'citizen', dots: 2 }, { group: 'staff', dots: 3 }], 5),
      [{ group: 'citizen', dots: 2, start: 0, share: 0.4 }, { group: 'staff', dots: 3, start: 0.4, share: 0.6 }]);
    assert.deepEqual(stackSegments([{ group: 'citizen', dots: 0 }, { group: 'staff', dots: 2 }], 5),
      [{ group: 'staff', dots: 2, start: 0, share: 0.4 }]);
    assert.deepEqual(stackSegments([{ group: 'staff', dots: 2 }], 0), []);
  });

  test("an idea the reader cannot see is kept, without its text", () => {
    const s = createSessionState();
    applySnapshot(s, snapshot(3, { ideas: [idea(1)], votes: { mine: {}, dots_left: 0, dots_cast: 3, voters: 1,
      results: { groups: [], voters: {}, ideas: [{ id: 1, total: 1, by_group: {} }, { id: 9, total: 2, by_group: {} }] } } }));
    const chart = voteChart(s);
    assert.ok(chart);
    if (!chart) return;
    assert.deepEqual(chart.bars.map((b) => [b.id, b.known, b.text, b.total]), [[9, false, '', 2], [1, true, 'idé 1', 1]]);
    assert.deepEqual(chart.groups, [], 'one voter: no groups, only the totals');
    assert.deepEqual(chart.bars[0].byGroup, []);
  });

  test('none before the reveal; no bars when nobody voted', () => {
    const s = createSessionState();
    applySnapshot(s, snapshot(1, { ideas: [idea(1)] }));
    assert.equal(voteChart(s), null);
    applySnapshot(s, snapshot(2, { votes: { mine: {}, dots_left: 3, dots_cast: 0, voters: 0, results: { groups: [], voters: {}, ideas: [] } } }));
    assert.deepEqual(voteChart(s), { groups: [], bars: [], max: 0, dots: 0, voters: 0 });
  });
});

describe('clusters', () => {
  test("by column in the board's order, then as made; their ideas in order, merged ones left out", () => {
    const read = readReport(report());
    assert.ok(read.ok);
    if (!read.ok) return;
    const list = clusterList(read.report.state);
    assert.deepEqual(list.map((c) => [c.id, c.name, c.column, c.ideas.map((i) => i.id)]),
      [[1, 'Fællesskab', 'Idéer', [3, 1]], [3, 'Tom', 'Idéer', []], [2, 'Sidst', 'Til drøftelse', [4]]]);
  });
});

describe('the timeline', () => {
  test('each stay in a phase numbered, with its share and where it begins', () => {
    const read = readReport(report());
    assert.ok(read.ok);
    if (!read.ok) return;
    const bar = timelineBar(read.report.timeline);
    assert.equal(bar.total, 3000);
    assert.deepEqual(bar.parts.map((p) => [p.n, p.phase, p.start, p.share]), [[1, 'welcome', 0, 0.2], [2, 'ideas', 0.2, 0.6], [3, 'ideas', 0.8, 0.2]]);
    assert.deepEqual(timelineBar([]), { total: 0, parts: [] });
    assert.deepEqual(timelineBar([{ phase: 'welcome', startedAt: T0, endedAt: null, seconds: 0 }]).parts[0].share, 0);
  });

  test('durations in the two largest units that matter', () => {
    const cases = [
      [0, 'seconds', '0 sek.', '0 s'], [42, 'seconds', '42 sek.', '42 s'], [60, 'minutes', '1 min', '1 min'],
      [250, 'minutesSeconds', '4 min 10 sek.', '4 min 10 s'], [600, 'minutes', '10 min', '10 min'], [1830, 'minutes', '30 min', '30 min'],
      [3900, 'hours', '1 t 5 min', '1 h 5 min'], [90000, 'days', '1 dag 1 t', '1 day 1 h'], [3 * 86400 + 7200, 'days', '3 dage 2 t', '3 days 2 h'],
      [-5, 'seconds', '0 sek.', '0 s'], [Number.NaN, 'seconds', '0 sek.', '0 s'], [59.9, 'seconds', '59 sek.', '59 s'],
    ];
    for (const [seconds, unit, da, en] of cases) {
      assert.equal(durationParts(Number(seconds)).unit, unit, String(seconds));
      assert.equal(formatDuration(Number(seconds), 'da'), da, 'da ' + seconds);
      assert.equal(formatDuration(Number(seconds), 'en'), en, 'en ' + seconds);
    }
    assert.equal(formatDuration(3 * 86400, 'nb'), '3 dager 0 t');
    assert.equal(formatDuration(250, 'nb'), '4 min 10 sek.');
  });
});

describe("a chart's labels", () => {
  test('wrapped at spaces, a long word cut, at most so many lines, the last ending in …', () => {
    assert.deepEqual(wrapLabel('Bordtennis på tværs af generationer', 20, 3), ['Bordtennis på tværs', 'af generationer']);
    assert.deepEqual(wrapLabel('  kort  ', 20, 3), ['kort']);
    assert.deepEqual(wrapLabel('', 20, 3), []);
    assert.deepEqual(wrapLabel('Supercalifragilistisk', 10, 3), ['Supercalif', 'ragilistis', 'k']);
    assert.deepEqual(wrapLabel('en to tre fire fem seks syv otte', 8, 2), ['en to', 'tre fir…']);
    assert.deepEqual(wrapLabel('aaaa bbbb cccc', 4, 2), ['aaaa', 'bbb…']);
  });
});

describe("the outcome page's tokens", () => {
  test("the link's first, then the workspace's, the participant's and an owner's link's, each once", () => {
    assert.deepEqual(candidateTokens({ link: 'a', workspace: 'b', participant: 'c', trial: 'd' }).map((c) => c.source),
      ['link', 'workspace', 'participant', 'trial']);
    assert.deepEqual(candidateTokens({ link: null, workspace: null, participant: 'c', trial: 'c' }), [{ source: 'participant', token: 'c' }]);
    assert.deepEqual(candidateTokens({ link: null, workspace: null, participant: null, trial: null }), []);
  });
});
