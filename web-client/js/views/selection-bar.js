// @ts-check
// The bar that appears when a facilitator has selected ideas on the board: group them
// in a new cluster (ideas from other columns are first moved into the column most of
// them are in, as a cluster lives in one column), merge duplicates into the one to
// keep, or make a trial action of them.

import { h, replace, setText } from '../dom.js';
import { plural, t } from '../i18n.js';
import { CLUSTER_NAME_MAX } from './column-view.js';

/**
 * What this view uses of the board screen's context (tsc holds it to these).
 * @typedef {Pick<import('./board.js').BoardContext, 'can'|'canEdit'|'clearSelection'|'isFacilitator'|'newTrial'|'run'|'selection'|'state'>} SelectionBarContext
 */

/**
 * The column a group of ideas should gather in: the one most of them are in; on a tie,
 * the one that comes first on the board.
 * @param {import('../session-state.js').SessionState} state
 * @param {number[]} ideaIds
 * @returns {number} a column id, or 0
 */
export function gatheringColumn(state, ideaIds) {
  /** @type {Map<number, number>} */
  const counts = new Map();
  for (const id of ideaIds) {
    const idea = state.ideas.get(id);
    if (idea) counts.set(idea.column, (counts.get(idea.column) || 0) + 1);
  }
  let best = 0;
  let bestCount = 0;
  for (const column of state.columns) {
    const n = counts.get(column.id) || 0;
    if (n > bestCount) {
      best = column.id;
      bestCount = n;
    }
  }
  return best;
}

/**
 * @param {SelectionBarContext} ctl
 */
export function createSelectionBar(ctl) {
  /** @type {'actions'|'cluster'|'merge'} */
  let mode = 'actions';
  let busy = false;
  const count = h('strong', { class: 'selection__count', attrs: { 'data-testid': 'selection-count' } });
  const body = h('div', { class: 'selection__body' });
  const el = h('div', { class: 'selection', attrs: { role: 'region' } }, count, body);

  function selected() {
    return [...ctl.selection].filter((id) => {
      const idea = ctl.state.ideas.get(id);
      return idea && idea.fate !== 'merged';
    });
  }

  /** @param {'actions'|'cluster'|'merge'} next */
  function setMode(next) {
    mode = next;
    body.dataset.key = '';
    update();
    const first = body.querySelector('input, select');
    if (first instanceof HTMLElement) first.focus();
  }

  async function createCluster(/** @type {string} */ name) {
    const ids = selected();
    const column = gatheringColumn(ctl.state, ids);
    if (!column || busy) return;
    busy = true;
    try {
      // A cluster groups ideas of one column: bring the others over first.
      for (const id of ids) {
        const idea = ctl.state.ideas.get(id);
        if (idea && idea.column !== column) {
          const moved = await ctl.run({ type: 'idea.move', id, base_version: idea.version, column });
          if (!moved) return;
        }
      }
      if (await ctl.run({ type: 'cluster.create', column, name, ideas: ids })) done();
    } finally {
      busy = false;
    }
  }

  async function merge(/** @type {number} */ into) {
    const others = selected().filter((id) => id !== into);
    if (!others.length || busy) return;
    busy = true;
    try {
      if (await ctl.run({ type: 'idea.merge', into, ideas: others })) done();
    } finally {
      busy = false;
    }
  }

  function done() {
    ctl.clearSelection();
    mode = 'actions';
    update();
  }

  function update() {
    const ids = selected();
    el.hidden = ids.length === 0 || !ctl.isFacilitator() || !ctl.canEdit();
    el.setAttribute('aria-label', t('select.bar'));
    if (el.hidden) {
      mode = 'actions';
      return;
    }
    setText(count, plural('select.count', ids.length));
    const key = [mode, ids.join(','), t('select.cluster')].join('|');
    if (body.dataset.key === key) return;
    body.dataset.key = key;
    const button = (/** @type {string} */ text, /** @type {string} */ action, /** @type {() => void} */ fn, cls = 'button button--small') =>
      h('button', { type: 'button', class: cls, text, dataset: { action }, on: { click: fn } });
    if (mode === 'cluster') {
      const input = h('input', { type: 'text', maxLength: CLUSTER_NAME_MAX, placeholder: t('cluster.name'), attrs: { 'aria-label': t('cluster.name') } });
      replace(body, h('form', { class: 'selection__form', attrs: { novalidate: true }, on: { submit: (ev) => {
        ev.preventDefault();
        const name = input.value.trim();
        if (name) createCluster(name);
        else input.focus();
      } } }, input,
      h('button', { type: 'submit', class: 'button button--small button--primary', text: t('select.createCluster'), dataset: { action: 'confirm-cluster' } }),
      button(t('common.cancel'), 'cancel', () => setMode('actions'))));
      return;
    }
    if (mode === 'merge') {
      const keep = h('select', { attrs: { 'aria-label': t('merge.keep') } },
        ids.map((id) => h('option', { value: String(id), text: (ctl.state.ideas.get(id)?.text || '').slice(0, 80) })));
      replace(body, h('form', { class: 'selection__form', attrs: { novalidate: true }, on: { submit: (ev) => {
        ev.preventDefault();
        merge(Number(keep.value));
      } } }, h('label', { class: 'selection__label', text: t('merge.keep') }), keep,
      h('button', { type: 'submit', class: 'button button--small button--primary', text: t('merge.confirm'), dataset: { action: 'confirm-merge' } }),
      button(t('common.cancel'), 'cancel', () => setMode('actions'))));
      return;
    }
    replace(body,
      ctl.can('cluster.create') ? button(t('select.cluster'), 'selection-cluster', () => setMode('cluster'), 'button button--small button--primary') : null,
      ids.length >= 2 && ctl.can('idea.merge') ? button(t('select.merge'), 'selection-merge', () => setMode('merge')) : null,
      ctl.can('trial.create') ? button(t('select.trial'), 'selection-trial', () => { ctl.newTrial(ids); ctl.clearSelection(); }) : null,
      button(t('select.clear'), 'selection-clear', () => done()));
  }

  update();
  return { el, update };
}
