// @ts-check
// The vote: before the reveal how many dots have been cast by how many people (and for
// the facilitators the button that reveals the results); after it the results, most
// dots first, each idea with its total and a bar split by the voters' groups
// (citizens, staff, managers, others: as the server folds them, so that nobody's vote
// can be worked out). Large enough to read on a projector. The facilitators can turn
// an idea into a trial action from here.

import { h, keyedList, replace, setText } from '../dom.js';
import { plural, t } from '../i18n.js';
import { resultRows } from '../selectors.js';

/**
 * What this view uses of the board screen's context (tsc holds it to these).
 * @typedef {Pick<import('./board.js').BoardContext, 'can'|'newTrial'|'run'|'state'>} ResultsViewContext
 */

/** The bar colour class of a group; unknown groups share one. */
const KNOWN_GROUPS = new Set(['citizen', 'staff', 'manager', 'others', 'co_facilitator', 'facilitator', 'observer']);

/** @param {string} group */
export function groupName(group) {
  return KNOWN_GROUPS.has(group) ? t('group.' + group) : group;
}

/**
 * @param {ResultsViewContext} ctl
 * @param {{big?: boolean}} [opts] big: for the big screen (no buttons)
 */
export function createResultsView(ctl, opts = {}) {
  const heading = h('h2', { class: 'panel-heading' });
  const progress = h('p', { class: 'results__progress', attrs: { 'data-testid': 'vote-progress' } });
  const reveal = h('button', { type: 'button', class: 'button button--primary', dataset: { action: 'reveal-votes' },
    on: { click: () => ctl.run({ type: 'votes.reveal' }) } });
  const reset = h('button', { type: 'button', class: 'button button--small', dataset: { action: 'reset-votes' },
    on: { click: () => ctl.run({ type: 'votes.reset' }) } });
  const legend = h('ul', { class: 'results__legend' });
  const listEl = h('ol', { class: 'results__list' });
  const note = h('p', { class: 'muted results__note' });
  const el = h('section', { class: ['results', opts.big && 'results--big'], attrs: { 'data-testid': 'results' } },
    heading, progress, h('div', { class: 'actions' }, reveal, reset), legend, listEl, note);
  const rows = keyedList(listEl, () => createRow(ctl, Boolean(opts.big)));

  function update() {
    const controls = ctl.state.controls;
    const data = resultRows(ctl.state);
    setText(heading, t('results.heading'));
    const votes = ctl.state.votes;
    progress.hidden = Boolean(data);
    setText(progress, t('vote.progress', { dots: votes.dotsCast, voters: votes.voters }));
    reveal.hidden = Boolean(opts.big) || Boolean(data) || !ctl.can('votes.reveal') || controls?.phase !== 'vote';
    setText(reveal, t('reveal.votes'));
    reset.hidden = Boolean(opts.big) || !ctl.can('votes.reset') || (!data && votes.dotsCast === 0);
    setText(reset, t('results.reset'));
    legend.hidden = !data;
    note.hidden = !data;
    if (!data) {
      rows.sync([], () => 0);
      return;
    }
    replace(legend, data.groups.map((g) => h('li', { class: 'results__group' },
      h('span', { class: ['swatch', 'seg--' + (KNOWN_GROUPS.has(g.group) ? g.group : 'other')], attrs: { 'aria-hidden': 'true' } }),
      groupName(g.group) + ' (' + plural('results.voters', g.voters) + ')')));
    setText(note, t('results.fold', { n: controls ? controls.settings.fold_threshold : 3 }));
    rows.sync(data.rows.map((row, i) => ({ ...row, place: i + 1, max: data.max })), (r) => r.id);
  }

  update();
  return { el, update };
}

/**
 * One idea in the results.
 * @param {ResultsViewContext} ctl
 * @param {boolean} big
 */
function createRow(ctl, big) {
  const place = h('span', { class: 'result__place' });
  const text = h('span', { class: 'result__text' });
  const total = h('span', { class: 'result__total', attrs: { 'data-testid': 'result-total' } });
  const bar = h('div', { class: 'result__bar', attrs: { 'aria-hidden': 'true' } });
  const split = h('p', { class: 'result__split', attrs: { 'data-testid': 'result-split' } });
  const trial = h('button', { type: 'button', class: 'button button--small', dataset: { action: 'result-trial' } });
  const el = h('li', { class: 'result' }, h('div', { class: 'result__head' }, place, text, total), bar, split, trial);
  /** @type {number} */
  let id = 0;
  trial.addEventListener('click', () => ctl.newTrial([id]));
  return {
    el,
    /** @param {any} row */
    update(row) {
      id = row.id;
      el.dataset.ideaId = String(row.id);
      setText(place, row.place + '.');
      setText(text, row.idea ? row.idea.text : t('results.unknownIdea'));
      setText(total, plural('vote.dots', row.total));
      // The bar's length is this idea's share of the top idea's dots; its segments the groups.
      replace(bar, row.byGroup.filter((/** @type {any} */ g) => g.dots > 0).map((/** @type {any} */ g) => {
        const seg = h('span', { class: ['result__seg', 'seg--' + (KNOWN_GROUPS.has(g.group) ? g.group : 'other')] });
        seg.style.width = (row.max ? (100 * g.dots) / row.max : 0).toFixed(2) + '%';
        seg.title = groupName(g.group) + ': ' + g.dots;
        return seg;
      }));
      setText(split, row.byGroup.map((/** @type {any} */ g) => groupName(g.group) + ' ' + g.dots).join(' · '));
      const idea = row.idea;
      trial.hidden = big || !idea || !ctl.can('trial.create') || !['open', 'selected'].includes(idea.fate);
      setText(trial, t('trial.fromIdea'));
    },
  };
}
