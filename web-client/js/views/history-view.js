// @ts-check
// The board's history on the outcome page (PROTOCOL.md, "History"): a slider over the
// session's stored changes, and the board as the reader saw it after the chosen one,
// read-only: the phase, the columns with their clusters and ideas, and the report's
// trial actions, decisions and vote (outcome-view.js). The board at a change is made by
// history.js with the live board's own reducer. The history is fetched only when asked
// for (it can be long), with the token that admitted the report.

import { getHistory } from '../api.js';
import { h, replace, setAttr, setText } from '../dom.js';
import { errorMessage, formatDateTime, t } from '../i18n.js';
import { boardAt, moments, readHistory } from '../history.js';
import { columnLayout } from '../selectors.js';
import { reportSections } from './outcome-view.js';

/** @typedef {import('../session-state.js').SessionState} SessionState */

/** The report's sections the history shows beside the board. */
const SECTIONS = new Set(['trials', 'decisions', 'votes']);

/**
 * The board's columns, read-only.
 * @param {SessionState} state
 */
function boardColumns(state) {
  return h('div', { class: 'history__columns' }, state.columns.map((col) => {
    const { blocks } = columnLayout(state, col.id);
    /** @param {number} id */
    const idea = (id) => h('li', { class: 'history__idea', dataset: { ideaId: String(id) }, text: state.ideas.get(id)?.text || '' });
    return h('section', { class: 'history__column', dataset: { columnId: String(col.id) } },
      h('h3', { class: 'history__column-title', text: col.title }),
      blocks.length ? h('ul', { class: 'history__ideas' }, blocks.map((b) => b.kind === 'idea' ? idea(b.id)
        : h('li', { class: 'history__cluster', dataset: { clusterId: String(b.id) } },
          h('strong', { text: state.clusters.get(b.id)?.name || '' }),
          h('ul', null, b.ideas.map(idea)))))
        : h('p', { class: 'muted', text: t('history.emptyColumn') }));
  }));
}

/**
 * @param {{sessionId: string, token: () => string|null, toast: (text: string, kind?: 'info'|'error') => void}} ctx
 * @returns {{el: HTMLElement, render: () => void, reset: () => void}}
 */
export function createHistoryView(ctx) {
  /** @type {import('../history.js').History|null} */
  let history = null;
  /** @type {import('../history.js').Moment[]} */
  let stops = [];
  /** @type {SessionState|undefined} */
  let shown;
  let index = 0;
  let loading = false;
  /** @type {string|null} */
  let problem = null;

  const heading = h('h2', { class: 'outcome__section-title' });
  const intro = h('p', { class: 'field__hint' });
  const show = h('button', { type: 'button', class: 'button', dataset: { action: 'history-load' }, on: { click: () => load() } });
  const note = h('p', { class: 'notice', attrs: { 'data-testid': 'history-note' }, hidden: true });
  const sliderLabel = h('label', { htmlFor: 'history-slider', class: 'history__label' });
  const slider = h('input', { type: 'range', id: 'history-slider', class: 'history__slider', attrs: { min: 0, step: 1, 'data-testid': 'history-slider' },
    on: { input: () => choose(Number(slider.value)) } });
  const moment = h('output', { class: 'history__moment', htmlFor: 'history-slider', attrs: { 'aria-live': 'polite', 'data-testid': 'history-moment' } });
  const controls = h('div', { class: 'history__controls' }, sliderLabel, slider, moment);
  const board = h('div', { class: 'history__board', attrs: { 'data-testid': 'history-board' } });
  const el = h('section', { class: 'outcome-page__history history', attrs: { 'data-testid': 'history', 'aria-labelledby': 'history-heading' } },
    heading, intro, show, note, controls, board);
  heading.id = 'history-heading';

  /** @param {number} i */
  function choose(i) {
    if (!history || !stops.length) return;
    index = Math.max(0, Math.min(stops.length - 1, i));
    const got = boardAt(history, stops[index].seq, shown);
    if (!got.ok) {
      shown = undefined;
      problem = 'history.unreadable';
    } else {
      shown = got.state;
    }
    render();
  }

  async function load() {
    const token = ctx.token();
    if (loading || !token) return;
    loading = true;
    problem = null;
    render();
    try {
      const read = readHistory(await getHistory(ctx.sessionId, token));
      if (!read.ok) {
        problem = 'history.unreadable';
      } else {
        history = read.history;
        stops = moments(history);
        shown = undefined;
        if (!history.origin) problem = 'history.none';
        loading = false;
        return choose(stops.length - 1);
      }
    } catch (err) {
      ctx.toast(errorMessage(/** @type {any} */ (err)), 'error');
    }
    loading = false;
    render();
  }

  function render() {
    setText(heading, t('history.heading'));
    setText(intro, t('history.intro'));
    setText(show, loading ? t('history.loading') : history ? t('history.reload') : t('history.show'));
    show.disabled = loading;
    const message = problem ? t(problem) : history && !history.complete ? t('history.incomplete', { n: history.changes.length }) : '';
    note.hidden = !message;
    setText(note, message);
    const ready = Boolean(history && stops.length && shown && !problem);
    controls.hidden = !ready;
    board.hidden = !ready;
    if (!ready || !shown) return;
    const at = stops[index];
    const last = stops.length - 1;
    const when = at.at ? formatDateTime(at.at) : '';
    const label = index === 0 ? t('history.origin', { time: when }) : t('history.moment', { n: index, total: last, time: when });
    setText(sliderLabel, t('history.slider'));
    setAttr(slider, 'max', last);
    slider.value = String(index);
    setAttr(slider, 'aria-valuetext', label);
    setText(moment, label);
    const state = shown;
    const phase = state.controls ? t('phase.' + state.controls.phase) : '';
    replace(board,
      h('p', { class: 'history__phase', dataset: { seq: String(state.seq) }, text: t('history.phase', { phase }) }),
      boardColumns(state),
      reportSections(state, { level: 3 }).filter((s) => s instanceof HTMLElement && SECTIONS.has(s.dataset.section || '')));
  }

  render();
  return {
    el,
    render,
    // Another session's or a refreshed report: the history is fetched again when asked.
    reset() {
      history = null;
      stops = [];
      shown = undefined;
      problem = null;
      render();
    },
  };
}
