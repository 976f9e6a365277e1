// @ts-check
// The charts and tables of the outcome report (outcome-view.js): the vote results as
// horizontal bars, each idea's total and, stacked, the same dots split by the voters'
// groups (as the server folded them), with a legend; the phases as one bar of their
// durations; participation by role as a table. Each chart is SVG made here (no external
// service), with its numbers as text in the SVG, and beside it a table of the same
// numbers for screen readers (visually hidden: the SVG itself is hidden from them).
//
// The bars' lengths are percentages of the width, and the texts keep their size, so a
// chart fits a phone as well as A4 paper; labels are wrapped here, since SVG does not.

import { h, svg } from '../dom.js';
import { formatDateTime, formatDuration, plural, t } from '../i18n.js';
import { participationShown, stackSegments, timelineBar, voteChart, wrapLabel } from '../report.js';
import { groupName } from './results-view.js';

/** The groups that have a colour of their own; any other is drawn as "others". */
const COLOURED = new Set(['citizen', 'staff', 'manager', 'others']);
/** Line height and sizes of the bar charts, in CSS pixels. */
const LINE = 18;
const BAR = 18;
const GAP = 14;
/** The longest bar's share of the width: the rest holds its number. */
const BAR_SPAN = 82;
/** Lines per label. */
const LABEL_LINES = 3;

/**
 * Characters per line of a label: about 300 px on a phone, about 500 on a wider screen
 * (and on A4 paper printed from it). Chosen when the chart is drawn.
 * @returns {{label: number, split: number}}
 */
function lineWidths() {
  return (globalThis.innerWidth || 1024) < 600 ? { label: 34, split: 44 } : { label: 60, split: 80 };
}

let ids = 0;
/** @param {string} prefix */
function uid(prefix) {
  ids += 1;
  return prefix + '-' + ids;
}

/** @param {string} group */
function fillClass(group) {
  return 'chart__fill--' + (COLOURED.has(group) ? group : 'others');
}

/** @param {number} share 0 to 1 of the longest bar @returns {string} */
function pct(share) {
  return (share * BAR_SPAN).toFixed(2) + '%';
}

/**
 * A chart's frame: the figure with its caption, the SVG (hidden from screen readers) and
 * the table that says the same.
 * @param {string} name data-chart
 * @param {string} caption
 * @param {SVGElement} picture
 * @param {HTMLElement} table
 * @param {...import('../dom.js').Child} more between the caption and the picture (a legend)
 */
function figure(name, caption, picture, table, ...more) {
  const id = uid('chart');
  return h('figure', { class: 'chart', dataset: { chart: name }, attrs: { 'aria-labelledby': id } },
    h('figcaption', { class: 'chart__caption', id, text: caption }), more, picture, table);
}

/**
 * A table for screen readers (and tests): a caption, a head row and body rows.
 * @param {string} caption
 * @param {string[]} head
 * @param {Array<{cells: Array<string|number>, dataset?: Record<string, string>}>} rows the first cell is the row's header
 * @param {boolean} [shown] shown on screen too (else visually hidden)
 * @returns {HTMLElement} the table, or the hidden box that holds it
 */
export function dataTable(caption, head, rows, shown = false) {
  const table = h('table', { class: 'data-table' },
    h('caption', { text: caption }),
    h('thead', null, h('tr', null, head.map((text) => h('th', { attrs: { scope: 'col' }, text })))),
    h('tbody', null, rows.map((row) => h('tr', { dataset: row.dataset || {} },
      row.cells.map((cell, i) => i === 0 ? h('th', { attrs: { scope: 'row' }, text: String(cell) }) : h('td', { text: String(cell) }))))));
  // Hidden in a box of its own: a table does not clip what overflows it.
  return shown ? table : h('div', { class: 'visually-hidden' }, table);
}

/**
 * An idea's label in a chart: its text, or what stands for an idea the reader may not see.
 * @param {{text: string, known: boolean}} bar
 */
function ideaLabel(bar) {
  return bar.known ? bar.text : t('results.unknownIdea');
}

/**
 * The label lines of one bar, as SVG text from y (the baseline of the first line).
 * @param {string} label
 * @param {number} y
 * @returns {{el: SVGElement, height: number}}
 */
function labelText(label, y) {
  const lines = wrapLabel(label, lineWidths().label, LABEL_LINES);
  const el = svg('text', { class: 'chart__label', x: 0, y });
  lines.forEach((line, i) => el.append(svg('tspan', { x: 0, dy: i === 0 ? 0 : LINE }, line)));
  return { el, height: Math.max(1, lines.length) * LINE };
}

/**
 * The vote results: the totals and the split by group, or what stands in their place.
 * @param {import('../session-state.js').SessionState} state
 * @returns {import('../dom.js').Child[]}
 */
export function voteFigures(state) {
  const chart = voteChart(state);
  if (!chart) {
    const cast = state.votes.dotsCast > 0;
    return [h('p', { class: 'muted', dataset: { empty: 'votes' }, text: cast ? t('outcome.votes.notRevealed') : t('outcome.votes.none') })];
  }
  if (!chart.bars.length) return [h('p', { class: 'muted', dataset: { empty: 'votes' }, text: t('outcome.votes.empty') })];
  return [
    h('p', { class: 'outcome__vote-summary', text: t('vote.progress', { dots: state.votes.dotsCast || chart.dots, voters: state.votes.voters || chart.voters }) }),
    totalsFigure(chart),
    chart.groups.length ? splitFigure(chart) : h('p', { class: 'muted', dataset: { empty: 'groups' }, text: t('outcome.votes.noGroups') }),
  ];
}

/**
 * Dots per idea: one bar each, most dots first, the number at its end.
 * @param {NonNullable<ReturnType<typeof voteChart>>} chart
 */
function totalsFigure(chart) {
  const rows = [];
  let y = 0;
  for (const bar of chart.bars) {
    const label = labelText(ideaLabel(bar), y + 14);
    const top = y + label.height + 2;
    const share = chart.max ? bar.total / chart.max : 0;
    rows.push(svg('g', { class: 'chart__row', 'data-idea-id': bar.id },
      label.el,
      svg('rect', { class: 'chart__bar chart__fill--total', x: 0, y: top, width: pct(share), height: BAR, rx: 2 }),
      svg('text', { class: 'chart__value', x: pct(share), dx: 6, y: top + 14, 'data-idea-id': bar.id }, String(bar.total))));
    y = top + BAR + GAP;
  }
  const picture = svg('svg', { class: 'chart__svg', width: '100%', height: Math.max(1, y - GAP + 2), 'aria-hidden': 'true', focusable: 'false' }, ...rows);
  const table = dataTable(t('outcome.votes.totals'), [t('outcome.votes.idea'), t('outcome.votes.total')],
    chart.bars.map((bar) => ({ cells: [ideaLabel(bar), bar.total], dataset: { ideaId: String(bar.id) } })));
  return figure('totals', t('outcome.votes.totals'), picture, table);
}

/**
 * Dots per idea split by the voters' groups: stacked bars on the same scale, a legend,
 * and each group's dots as text under the bar.
 * @param {NonNullable<ReturnType<typeof voteChart>>} chart
 */
function splitFigure(chart) {
  const rows = [];
  let y = 0;
  for (const bar of chart.bars) {
    const label = labelText(ideaLabel(bar), y + 14);
    const top = y + label.height + 2;
    const segments = stackSegments(bar.byGroup, chart.max).map((s) =>
      svg('rect', { class: 'chart__bar ' + fillClass(s.group), x: pct(s.start), y: top, width: pct(s.share), height: BAR, 'data-group': s.group }));
    // Each group's dots as text under the bar, "Borgere 3 · Medarbejdere 1", in lines
    // that fit a phone; each number in a tspan of its own, named by its group.
    const text = svg('text', { class: 'chart__split', x: 0, y: top + BAR + 15 });
    let lines = 0;
    let width = Infinity;
    /** @type {SVGElement|null} */
    let line = null;
    for (const g of bar.byGroup) {
      const name = groupName(g.group);
      const size = name.length + 1 + String(g.dots).length;
      if (!line || width + 3 + size > lineWidths().split) {
        line = svg('tspan', { x: 0, dy: lines === 0 ? 0 : 16 });
        text.append(line);
        lines += 1;
        width = 0;
      } else {
        line.append(' · ');
        width += 3;
      }
      line.append(svg('tspan', { 'data-group': g.group }, name + ' ', svg('tspan', { class: 'chart__number', 'data-group': g.group }, String(g.dots))));
      width += size;
    }
    rows.push(svg('g', { class: 'chart__row', 'data-idea-id': bar.id }, label.el, ...segments,
      svg('text', { class: 'chart__value', x: pct(chart.max ? bar.total / chart.max : 0), dx: 6, y: top + 14, 'data-idea-id': bar.id }, String(bar.total)),
      text));
    y = top + BAR + 6 + Math.max(1, lines) * 16 + GAP;
  }
  const picture = svg('svg', { class: 'chart__svg', width: '100%', height: Math.max(1, y - GAP + 4), 'aria-hidden': 'true', focusable: 'false' }, ...rows);
  const legend = h('ul', { class: 'chart__legend' }, chart.groups.map((g) => h('li', { class: 'chart__legend-item', dataset: { group: g.group } },
    svg('svg', { class: 'chart__swatch', width: 14, height: 14, 'aria-hidden': 'true', focusable: 'false' },
      svg('rect', { class: fillClass(g.group), x: 0, y: 0, width: 14, height: 14, rx: 2 })),
    ' ', t('outcome.votes.group', { group: groupName(g.group), voters: plural('results.voters', g.voters) }))));
  const table = dataTable(t('outcome.votes.byGroup'),
    [t('outcome.votes.idea'), ...chart.groups.map((g) => groupName(g.group)), t('outcome.votes.total')],
    chart.bars.map((bar) => ({ cells: [ideaLabel(bar), ...bar.byGroup.map((g) => g.dots), bar.total], dataset: { ideaId: String(bar.id) } })));
  return figure('by-group', t('outcome.votes.byGroup'), picture, table, legend);
}

/**
 * The phases: one bar of their durations, each numbered, and the table with the
 * numbers, when each began and how long it lasted.
 * @param {import('../report.js').TimelineEntry[]} timeline
 * @param {boolean} complete
 * @returns {import('../dom.js').Child[]}
 */
export function timelineFigures(timeline, complete) {
  if (!timeline.length) return [h('p', { class: 'muted', dataset: { empty: 'timeline' }, text: t('outcome.timeline.none') })];
  const bar = timelineBar(timeline);
  const HEIGHT = 28;
  const parts = bar.parts.map((p) => {
    const g = svg('g', { class: 'chart__phase', 'data-phase': p.phase },
      svg('rect', { class: 'chart__fill--phase' + ((p.n - 1) % 6), x: (p.start * 100).toFixed(3) + '%', y: 0, width: (p.share * 100).toFixed(3) + '%', height: HEIGHT }));
    // The phase's number, which the table repeats, on any part wide enough to hold it.
    if (p.share >= 0.04) {
      g.append(svg('text', { class: 'chart__phase-number', x: ((p.start + p.share / 2) * 100).toFixed(3) + '%', y: 19, 'text-anchor': 'middle' }, String(p.n)));
    }
    return g;
  });
  const picture = svg('svg', { class: 'chart__svg chart__svg--timeline', width: '100%', height: HEIGHT, 'aria-hidden': 'true', focusable: 'false' },
    svg('rect', { class: 'chart__track', x: 0, y: 0, width: '100%', height: HEIGHT }), ...parts);
  const table = dataTable(t('outcome.timeline'),
    ['#', t('outcome.timeline.phase'), t('outcome.timeline.started'), t('outcome.timeline.duration')],
    bar.parts.map((p) => ({
      cells: [p.n, t('phase.' + p.phase), formatDateTime(p.startedAt),
        p.endedAt === null ? t('outcome.timeline.now', { duration: formatDuration(p.seconds) }) : formatDuration(p.seconds)],
      dataset: { phase: p.phase, seconds: String(p.seconds) },
    })), true);
  const id = uid('chart');
  return [
    h('figure', { class: 'chart chart--timeline', dataset: { chart: 'timeline' }, attrs: { 'aria-labelledby': id } },
      h('figcaption', { class: 'chart__caption', id, text: t('outcome.timeline.total', { duration: formatDuration(bar.total) }) }),
      picture, table),
    complete ? null : h('p', { class: 'muted', text: t('outcome.timeline.cut') }),
  ];
}

/**
 * Participation by role: who joined and who contributed, as a table with the totals.
 * @param {import('../report.js').ParticipationRow[]} rows
 * @returns {import('../dom.js').Child[]}
 */
export function participationFigures(rows) {
  const shown = participationShown(rows);
  if (!shown.rows.length) return [h('p', { class: 'muted', dataset: { empty: 'participation' }, text: t('outcome.participation.none') })];
  const table = /** @type {HTMLTableElement} */ (dataTable(t('outcome.participation'),
    [t('outcome.participation.role'), t('outcome.participation.joined'), t('outcome.participation.active')],
    shown.rows.map((r) => ({ cells: [groupName(r.role), r.joined, r.active], dataset: { role: r.role } })), true));
  table.classList.add('data-table--numbers');
  table.append(h('tfoot', null, h('tr', { dataset: { role: 'total' } },
    h('th', { attrs: { scope: 'row' }, text: t('outcome.participation.total') }), h('td', { text: String(shown.joined) }), h('td', { text: String(shown.active) }))));
  return [table, h('p', { class: 'field__hint', text: t('outcome.participation.hint') })];
}
