// @ts-check
// A session's outcome report (PROTOCOL.md, "The outcome report": GET
// /api/sessions/{id}/outcome) as the client reads it, and the numbers its tables and
// charts show. The answer's `snapshot` is the reader's own WebSocket snapshot, so it is
// read into a session state (session-state.js) and the report shares the board's
// selectors (outcome(), resultRows(), decisionsOn()); `participation` and `timeline`
// are the report's own. The outcome tab of the board (outcome-view.js) uses the same
// numbers from its live state.
//
// Pure: no DOM, no clock, no network. Every function returns new arrays or objects.

import { isInt, isObject, isText } from './state/check.js';
import { applySnapshot, createSessionState } from './session-state.js';
import { ROLES } from './permissions.js';
import { byRank, resultRows } from './selectors.js';

/** @typedef {import('./session-state.js').SessionState} SessionState */
/** @typedef {import('./session-state.js').Idea} Idea */

/**
 * How many of a role joined and took part (something of theirs is in the session).
 * @typedef {{role: string, joined: number, active: number}} ParticipationRow
 */
/**
 * One stay in a phase.
 * @typedef {{phase: string, startedAt: string, endedAt: string|null, seconds: number}} TimelineEntry
 */
/**
 * A report as the page shows it.
 * @typedef {object} Report
 * @property {string} generatedAt when the server made it
 * @property {{kind: 'participant'|'workspace'|'receipt', role: string, participant: number}} reader
 * @property {SessionState} state the reader's snapshot, read as the board reads it
 * @property {ParticipationRow[]} participation every role the server counted, in the protocol's order
 * @property {TimelineEntry[]} timeline every phase the session went through, in order
 * @property {boolean} timelineComplete false when the server cut the timeline short
 */

/**
 * Reads the answer to GET /api/sessions/{id}/outcome.
 * @param {unknown} json
 * @returns {{ok: true, report: Report} | {ok: false, reason: string}}
 */
export function readReport(json) {
  if (!isObject(json)) return { ok: false, reason: 'not an object' };
  const answer = /** @type {Record<string, any>} */ (json);
  if (answer.format !== 1) return { ok: false, reason: 'unknown format ' + String(answer.format) };
  const state = createSessionState();
  const applied = applySnapshot(state, answer.snapshot);
  if (!applied.ok) return { ok: false, reason: applied.reason };
  const r = isObject(answer.reader) ? answer.reader : {};
  /** @type {Report['reader']} */
  const reader = {
    kind: r.kind === 'workspace' || r.kind === 'receipt' ? r.kind : 'participant',
    role: isText(r.role) ? r.role : '',
    participant: isInt(r.participant) ? r.participant : 0,
  };
  return {
    ok: true,
    report: {
      generatedAt: isText(answer.generated_at) ? answer.generated_at : '',
      reader,
      state,
      participation: participationRows(answer.participation),
      timeline: timelineEntries(answer.timeline),
      timelineComplete: answer.timeline_complete !== false,
    },
  };
}

/**
 * The participation by role, in the protocol's order of roles (roles it does not know
 * after them, by name); counts that are not whole numbers count as 0.
 * @param {unknown} participation `{role: {joined, active}}`
 * @returns {ParticipationRow[]}
 */
export function participationRows(participation) {
  if (!isObject(participation)) return [];
  const p = /** @type {Record<string, any>} */ (participation);
  const known = ROLES.filter((role) => isObject(p[role]));
  const others = Object.keys(p).filter((role) => !ROLES.includes(role) && isObject(p[role])).sort();
  return [...known, ...others].map((role) => ({
    role,
    joined: count(p[role].joined),
    active: count(p[role].active),
  }));
}

/**
 * The rows a report shows of the participation: the roles someone joined in, and the
 * totals.
 * @param {ParticipationRow[]} rows
 * @returns {{rows: ParticipationRow[], joined: number, active: number}}
 */
export function participationShown(rows) {
  const shown = rows.filter((r) => r.joined > 0);
  return {
    rows: shown,
    joined: shown.reduce((n, r) => n + r.joined, 0),
    active: shown.reduce((n, r) => n + r.active, 0),
  };
}

/** @param {unknown} n */
function count(n) {
  return isInt(n) && n > 0 ? n : 0;
}

/**
 * @param {unknown} timeline
 * @returns {TimelineEntry[]}
 */
function timelineEntries(timeline) {
  if (!Array.isArray(timeline)) return [];
  return timeline.filter((e) => isObject(e) && isText(e.phase)).map((e) => ({
    phase: e.phase,
    startedAt: isText(e.started_at) ? e.started_at : '',
    endedAt: isText(e.ended_at) ? e.ended_at : null,
    seconds: typeof e.seconds === 'number' && Number.isFinite(e.seconds) && e.seconds > 0 ? Math.floor(e.seconds) : 0,
  }));
}

/**
 * The timeline as a bar: each stay in a phase with its share of the whole time (0 to 1),
 * where it begins on the bar, and its number (1, 2, …) that ties the bar to the table.
 * @param {TimelineEntry[]} timeline
 * @returns {{total: number, parts: Array<TimelineEntry & {n: number, start: number, share: number}>}}
 */
export function timelineBar(timeline) {
  const total = timeline.reduce((n, e) => n + e.seconds, 0);
  let start = 0;
  const parts = timeline.map((e, i) => {
    const share = total > 0 ? e.seconds / total : 0;
    const part = { ...e, n: i + 1, start, share };
    start += share;
    return part;
  });
  return { total, parts };
}

/**
 * The vote results as the charts show them: the groups of voters (as the server folded
 * them) and each idea's bar, most dots first (ties by id), with its dots per group in the
 * order of the groups. `known` is false for an idea the reader may not see (the server
 * sends only those it may, so this is a safeguard). Null before the results are revealed.
 * @param {SessionState} state
 * @returns {{groups: Array<{group: string, voters: number}>, bars: Array<{id: number, text: string, known: boolean, total: number,
 *   byGroup: Array<{group: string, dots: number}>}>, max: number, dots: number, voters: number}|null}
 */
export function voteChart(state) {
  const data = resultRows(state);
  if (!data) return null;
  const bars = data.rows.map((r) => ({
    id: r.id,
    text: r.idea ? r.idea.text : '',
    known: Boolean(r.idea),
    total: r.total,
    byGroup: r.byGroup,
  }));
  return {
    groups: data.groups,
    bars,
    max: data.max,
    dots: bars.reduce((n, b) => n + b.total, 0),
    voters: data.groups.reduce((n, g) => n + g.voters, 0),
  };
}

/**
 * Where each group's segment of a stacked bar begins and how long it is, as shares of the
 * longest bar (0 to 1); groups without dots have none.
 * @param {Array<{group: string, dots: number}>} byGroup
 * @param {number} max the longest bar's dots
 * @returns {Array<{group: string, dots: number, start: number, share: number}>}
 */
export function stackSegments(byGroup, max) {
  let start = 0;
  const out = [];
  for (const g of byGroup) {
    if (!(g.dots > 0) || !(max > 0)) continue;
    const share = g.dots / max;
    out.push({ group: g.group, dots: g.dots, start, share });
    start += share;
  }
  return out;
}

/**
 * The clusters with their ideas (not merged ones), in the board's order: by column, then
 * as made; each cluster's ideas in their order on the board.
 * @param {SessionState} state
 * @returns {Array<{id: number, name: string, column: string, ideas: Idea[]}>}
 */
export function clusterList(state) {
  const order = new Map(state.columns.map((c, i) => [c.id, i]));
  const titles = new Map(state.columns.map((c) => [c.id, c.title]));
  /** @type {Map<number, Idea[]>} */
  const members = new Map();
  for (const idea of state.ideas.values()) {
    if (!idea.cluster || idea.fate === 'merged') continue;
    const list = members.get(idea.cluster) || [];
    list.push(idea);
    members.set(idea.cluster, list);
  }
  return [...state.clusters.values()]
    .sort((a, b) => (order.get(a.column) ?? Infinity) - (order.get(b.column) ?? Infinity) || a.id - b.id)
    .map((c) => ({ id: c.id, name: c.name, column: titles.get(c.column) || '', ideas: (members.get(c.id) || []).sort(byRank) }));
}

/**
 * A text cut into lines of at most `width` characters at spaces (a longer word is cut
 * where it must), at most `maxLines` of them, the last ending in "…" when text was left
 * out: the labels of a chart, which SVG does not wrap by itself.
 * @param {string} text
 * @param {number} width
 * @param {number} maxLines
 * @returns {string[]}
 */
export function wrapLabel(text, width, maxLines) {
  const words = text.replace(/\s+/g, ' ').trim().split(' ').filter(Boolean);
  /** @type {string[]} */
  const lines = [];
  let line = '';
  for (let word of words) {
    while (word.length > width) {
      if (line) {
        lines.push(line);
        line = '';
      }
      lines.push(word.slice(0, width));
      word = word.slice(width);
    }
    if (!line) line = word;
    else if (line.length + 1 + word.length <= width) line += ' ' + word;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line) lines.push(line);
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  const last = kept[maxLines - 1];
  kept[maxLines - 1] = (last.length >= width ? last.slice(0, width - 1) : last) + '…';
  return kept;
}
