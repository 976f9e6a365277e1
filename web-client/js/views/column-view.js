// @ts-check
// One column (theme) of the board: its title and idea count, its ideas in order with
// the clusters shown as labelled groups, a box to add an idea (with, under it, why an
// idea was not taken: too fast, or the facilitator's quota reached), and, for the
// facilitators, a menu to rename, move and delete the column and to start an empty
// cluster, and on each cluster rename and dissolve. The column is also where a
// dragged idea can be dropped: a line shows where it will land, and dropping it into
// a cluster's group (as a facilitator) puts it in that cluster.
//
// The idea cards are made by the board (so a card keeps its element when its idea
// moves to another column); the column only places them.

import { h, placeChild, replace, setText } from '../dom.js';
import { errorMessage, plural, t } from '../i18n.js';
import { columnLayout } from '../selectors.js';
import { counter, textLength, uid } from './form.js';
import { IDEA_TEXT_MAX } from './idea-card.js';
import { limit } from '../limits.js';
import { COLUMN_TITLE_MAX } from './start.js';

/**
 * What this view uses of the board screen's context (tsc holds it to these).
 * @typedef {Pick<import('./board.js').BoardContext, 'allows'|'can'|'canEdit'|'connectionState'|'drag'|'isFacilitator'|'moveIdea'|'run'|'send'|'showError'|'state'>} ColumnViewContext
 */

export const CLUSTER_NAME_MAX = limit('cluster_name_chars');

/**
 * @param {ColumnViewContext} ctl
 * @param {number} columnId
 * @param {(ideaId: number) => {el: HTMLElement, update: () => void}} cardFor the board's card of an idea
 */
export function createColumnView(ctl, columnId, cardFor) {
  /** @type {'view'|'rename'|'confirmDelete'|'newCluster'} */
  let mode = 'view';
  const titleId = uid('col');

  const title = h('h2', { class: 'column__title', id: titleId });
  const count = h('span', { class: 'column__count' });
  const menuSummary = h('summary', { class: 'column__menu-button', text: '⋯' });
  const renameButton = h('button', { type: 'button', class: 'menu__item', on: { click: () => setMode('rename') } });
  const leftButton = h('button', { type: 'button', class: 'menu__item', on: { click: () => moveBy(-1) } });
  const rightButton = h('button', { type: 'button', class: 'menu__item', on: { click: () => moveBy(1) } });
  const clusterButton = h('button', { type: 'button', class: 'menu__item', dataset: { action: 'new-cluster' }, on: { click: () => setMode('newCluster') } });
  const deleteButton = h('button', { type: 'button', class: 'menu__item menu__item--danger', on: { click: () => setMode('confirmDelete') } });
  const menu = h('details', { class: 'column__menu' }, menuSummary,
    h('div', { class: 'menu' }, renameButton, leftButton, rightButton, clusterButton, deleteButton));
  menu.addEventListener('toggle', () => {
    if (menu.open) document.addEventListener('pointerdown', closeMenuOutside, true);
    else document.removeEventListener('pointerdown', closeMenuOutside, true);
  });
  menu.addEventListener('keydown', (ev) => {
    if (ev.key === 'Escape' && menu.open) {
      menu.open = false;
      menuSummary.focus();
    }
  });
  const head = h('header', { class: 'column__head' }, h('div', { class: 'column__heading' }, title, count), menu);
  const headPanel = h('div', { class: 'column__panel' });
  const list = h('ol', { class: 'idea-list', attrs: { 'aria-labelledby': titleId } });
  /** @type {Map<number, ReturnType<typeof createClusterGroup>>} */
  const groups = new Map();

  const composerArea = h('textarea', {
    class: 'composer__input', rows: 2, id: uid('new'),
    on: { keydown: (ev) => onComposerKey(/** @type {KeyboardEvent} */ (ev)), input: () => refreshAddButton() },
  });
  const composerLabel = h('label', { class: 'visually-hidden', htmlFor: composerArea.id });
  const composerHint = h('span', { class: 'composer__hint', id: uid('hint') });
  composerArea.setAttribute('aria-describedby', composerHint.id);
  const composerCount = counter(composerArea, IDEA_TEXT_MAX);
  const addButton = h('button', { type: 'submit', class: 'button button--primary button--small', dataset: { action: 'add-idea' } });
  // Always in the page (empty when there is nothing to say), so that screen readers
  // announce what is put in it.
  const composerNotice = h('p', { class: 'composer__notice', attrs: { role: 'status', 'data-testid': 'composer-notice' } });
  /** @type {{error: import('../connection.js').ServerError, phase: string}|null} the refusal shown under the box */
  let refusal = null;
  /** @type {any} */
  let refusalTimer = null;
  // Where the person is looking: whether the connection is down (what they write now is
  // sent when it is back), announced politely.
  const composerConnection = h('p', { class: 'composer__connection', attrs: { role: 'status', 'data-testid': 'composer-connection' } });
  const composer = h('form', { class: 'composer', attrs: { novalidate: true }, on: { submit: (ev) => { ev.preventDefault(); addIdea(); } } },
    composerConnection, composerLabel, composerArea,
    h('div', { class: 'composer__foot' }, composerHint, composerCount.el, addButton), composerNotice);
  // The ideas sent from this box and not yet confirmed: shown at once, marked as sending
  // (or waiting for the connection), until the server's answer puts the real card in
  // their place or gives the text back to the box.
  const pendingList = h('ol', { class: 'pending-list', attrs: { 'aria-label': '' } });
  /** @type {Array<{el: HTMLElement, state: HTMLElement}>} */
  const pending = [];

  const el = h('section', {
    class: 'column',
    dataset: { columnId: String(columnId) },
    attrs: { 'aria-labelledby': titleId },
    on: { dragover: onDragOver, dragleave: onDragLeave, drop: onDrop },
  }, head, headPanel, list, pendingList, composer);

  /** @param {Event} ev */
  function closeMenuOutside(ev) {
    if (ev.target instanceof Node && !menu.contains(ev.target)) menu.open = false;
  }

  /** @returns {import('../session-state.js').Column|undefined} */
  function column() {
    return ctl.state.columns.find((c) => c.id === columnId);
  }

  /** Brings the column up to date with the state (and the language), placing the cards. */
  function update() {
    const col = column();
    if (!col) return;
    const position = ctl.state.columns.indexOf(col);
    const total = ctl.state.columns.length;
    const layout = columnLayout(ctl.state, columnId);
    const facilitator = ctl.isFacilitator() && ctl.canEdit();
    setText(title, col.title);
    setText(count, plural('idea.count', layout.order.length));
    title.hidden = mode === 'rename';
    menu.hidden = !facilitator;
    menuSummary.setAttribute('aria-label', t('column.menu', { title: col.title }));
    setText(renameButton, t('column.rename'));
    setText(leftButton, '← ' + t('column.moveLeft'));
    setText(rightButton, t('column.moveRight') + ' →');
    setText(clusterButton, t('cluster.new'));
    setText(deleteButton, t('column.delete'));
    leftButton.disabled = position <= 0;
    rightButton.disabled = position >= total - 1;
    deleteButton.disabled = layout.order.length > 0 || total <= 1;
    deleteButton.title = layout.order.length > 0 ? t('error.column_not_empty') : total <= 1 ? t('error.last_column') : '';
    list.dataset.empty = t('idea.empty');

    layout.blocks.forEach((block, i) => {
      if (block.kind === 'idea') {
        const card = cardFor(block.id);
        placeChild(list, card.el, i);
        card.update();
        return;
      }
      let group = groups.get(block.id);
      if (!group) {
        group = createClusterGroup(ctl, block.id);
        groups.set(block.id, group);
      }
      placeChild(list, group.el, i);
      group.update(block.ideas.map(cardFor));
    });
    const kept = new Set(layout.blocks.filter((b) => b.kind === 'cluster').map((b) => b.id));
    for (const [id, group] of groups) {
      if (kept.has(id)) continue;
      group.el.remove();
      groups.delete(id);
    }
    // Cards that moved away were placed elsewhere already (a node has one parent); what
    // is still here past the blocks is stale.
    while (list.children.length > layout.blocks.length) /** @type {Element} */ (list.lastElementChild).remove();

    // The box stays while the connection is down: what is written then is sent on return.
    const writable = ctl.allows('idea.add');
    composer.hidden = !writable;
    const conn = ctl.connectionState();
    const down = conn === 'reconnecting' || conn === 'offline';
    const said = composerConnection.textContent;
    setText(composerConnection, down ? t(conn === 'offline' ? 'composer.offline' : 'composer.reconnecting') : '');
    composerConnection.dataset.state = conn;
    // Whoever is at this box (typing, or just sent an idea) sees the change where they
    // look: the box and what it says are kept in view as the notice or the pending idea
    // pushes them down.
    if (said !== composerConnection.textContent && atComposer()) keepComposerInView();
    pendingList.setAttribute('aria-label', t('idea.pendingList'));
    for (const p of pending) setText(p.state, down ? t('idea.waiting') : t('idea.sending'));
    const privateNow = Boolean(ctl.state.controls && ctl.state.controls.phase === 'ideas' && ctl.state.controls.settings.private_writing);
    setText(composerLabel, t('idea.newLabel', { column: col.title }));
    composerArea.placeholder = privateNow ? t('idea.placeholderPrivate') : t('idea.placeholder');
    setText(composerHint, t('idea.addHint'));
    setText(addButton, t('idea.add'));
    composerCount.update();
    refreshAddButton();
    // The quota counts per phase: a new phase (or a new quota) starts afresh.
    if (refusal && refusal.error.code === 'limit_reached' && ctl.state.controls &&
      (ctl.state.controls.phase !== refusal.phase || ctl.state.controls.settings.idea_quota !== refusal.error.limit)) showRefusal(null);
    else sayRefusal();
    if (mode !== 'view' && !facilitator) setMode('view');
  }

  /**
   * Shows under the box why the idea was not taken, or nothing. Being too fast is
   * shown until the wait is over; the quota until the phase or the quota changes.
   * @param {import('../connection.js').ServerError|null} error
   */
  function showRefusal(error) {
    if (refusalTimer !== null) clearTimeout(refusalTimer);
    refusalTimer = null;
    refusal = error ? { error, phase: ctl.state.controls ? ctl.state.controls.phase : '' } : null;
    if (error && error.code === 'rate_limited') {
      const seconds = typeof error.retry_after === 'number' ? Math.max(1, error.retry_after) : 1;
      refusalTimer = setTimeout(() => showRefusal(null), seconds * 1000);
    }
    sayRefusal();
  }

  function sayRefusal() {
    setText(composerNotice, refusal ? errorMessage(refusal.error) + ' ' + t('idea.kept') : '');
  }

  function refreshAddButton() {
    const n = textLength(composerArea.value);
    addButton.disabled = n === 0 || n > IDEA_TEXT_MAX;
  }

  /** @param {'view'|'rename'|'confirmDelete'|'newCluster'} next */
  function setMode(next) {
    mode = next;
    menu.open = false;
    const col = column();
    if (next === 'view' || !col) replace(headPanel);
    else if (next === 'rename') replace(headPanel, renderNameForm(col.title, COLUMN_TITLE_MAX, t('column.titleLabel'),
      (value) => (value === col.title ? Promise.resolve(true) : ctl.run({ type: 'column.rename', id: columnId, title: value }))));
    else if (next === 'newCluster') replace(headPanel, renderNameForm('', CLUSTER_NAME_MAX, t('cluster.name'),
      (value) => ctl.run({ type: 'cluster.create', column: columnId, name: value, ideas: [] })));
    else replace(headPanel, renderConfirmDelete(col.title));
    update();
    const first = headPanel.querySelector('input, button');
    if (first instanceof HTMLElement) first.focus();
    else if (next === 'view') menuSummary.focus();
  }

  /**
   * @param {string} value
   * @param {number} max
   * @param {string} label
   * @param {(value: string) => Promise<boolean>} save
   */
  function renderNameForm(value, max, label, save) {
    const input = h('input', { type: 'text', value, maxLength: max, attrs: { 'aria-label': label }, placeholder: label,
      on: { keydown: (ev) => {
        if (/** @type {KeyboardEvent} */ (ev).key === 'Escape') setMode('view');
      } } });
    return h('form', { class: 'column__rename', attrs: { novalidate: true }, on: { submit: async (ev) => {
      ev.preventDefault();
      const text = input.value.trim();
      if (!text) return setMode('view');
      if (await save(text)) setMode('view');
    } } }, input,
    h('div', { class: 'card__edit-foot' },
      h('button', { type: 'button', class: 'button button--small', text: t('common.cancel'), on: { click: () => setMode('view') } }),
      h('button', { type: 'submit', class: 'button button--primary button--small', text: t('common.save'), dataset: { action: 'save-name' } })));
  }

  /** @param {string} current */
  function renderConfirmDelete(current) {
    return h('div', { class: 'card__confirm', attrs: { role: 'group' } },
      h('p', { text: t('column.confirmDelete', { title: current }) }),
      h('div', { class: 'card__edit-foot' },
        h('button', { type: 'button', class: 'button button--small', text: t('common.cancel'), on: { click: () => setMode('view') } }),
        h('button', { type: 'button', class: 'button button--danger button--small', text: t('idea.confirmYes'), on: { click: async () => {
          if (!(await ctl.run({ type: 'column.delete', id: columnId }))) setMode('view');
        } } })));
  }

  /** @param {number} delta */
  async function moveBy(delta) {
    menu.open = false;
    const index = ctl.state.columns.findIndex((c) => c.id === columnId) + delta;
    if (index < 0 || index >= ctl.state.columns.length) return;
    await ctl.run({ type: 'column.move', id: columnId, index });
  }

  /** @param {KeyboardEvent} ev */
  function onComposerKey(ev) {
    if (ev.key === 'Enter' && !ev.shiftKey && !ev.isComposing) {
      ev.preventDefault();
      addIdea();
    }
  }

  async function addIdea() {
    const text = composerArea.value;
    const n = textLength(text);
    if (n === 0 || n > IDEA_TEXT_MAX || !ctl.allows('idea.add')) return;
    const fromButton = document.activeElement === addButton;
    composerArea.value = '';
    composerCount.update();
    refreshAddButton();
    // As in a chat: the box keeps the focus (and a phone its keyboard) for the next idea.
    if (fromButton || document.activeElement === document.body) composerArea.focus({ preventScroll: true });
    const shown = showPending(text);
    const result = await ctl.send({ type: 'idea.add', column: columnId, text });
    // Answered: the real card comes with the event in the same turn, before the page is
    // drawn again, so the idea never disappears nor shows twice.
    shown.el.remove();
    pending.splice(pending.indexOf(shown), 1);
    if (result.ok) {
      if (refusal) showRefusal(null);
      return;
    }
    const said = isComposerRefusal(result.error);
    if (!composerArea.value) {
      composerArea.value = text; // give the text back so nothing typed is lost
      composerCount.update();
      refreshAddButton();
    }
    if (said) showRefusal(result.error);
    else ctl.showError(result.error);
  }

  /** Whether the person is at this column's box: its text area or button has the focus. */
  function atComposer() {
    return composer.contains(document.activeElement);
  }

  function keepComposerInView() {
    if (typeof composer.scrollIntoView === 'function') composer.scrollIntoView({ block: 'nearest' });
  }

  /**
   * Shows an idea just sent, as sending (or waiting for the connection).
   * @param {string} text
   */
  function showPending(text) {
    const conn = ctl.connectionState();
    const state = h('span', { class: 'pending-card__state',
      text: conn === 'reconnecting' || conn === 'offline' ? t('idea.waiting') : t('idea.sending') });
    const el = h('li', { class: 'pending-card', attrs: { 'data-testid': 'pending-idea', 'aria-busy': 'true' } },
      h('p', { class: 'pending-card__text', text }), state);
    pendingList.appendChild(el);
    if (atComposer()) keepComposerInView();
    const shown = { el, state };
    pending.push(shown);
    return shown;
  }

  /**
   * Where a dragged idea would land: the card to go before (in the order shown), and
   * the cluster whose group it is dropped into (0: none).
   * @param {DragEvent} ev
   * @returns {{before: HTMLElement|null, cluster: number}}
   */
  function dropTarget(ev) {
    const dragged = String(ctl.drag.ideaId);
    const cards = [...list.querySelectorAll('.card')].filter((c) => c instanceof HTMLElement && c.dataset.ideaId !== dragged);
    /** @type {HTMLElement|null} */
    let before = null;
    for (const card of cards) {
      const box = card.getBoundingClientRect();
      if (ev.clientY < box.top + box.height / 2) {
        before = /** @type {HTMLElement} */ (card);
        break;
      }
    }
    const over = ev.target instanceof Element ? ev.target.closest('.cluster') : null;
    const cluster = over instanceof HTMLElement ? Number(over.dataset.clusterId) : 0;
    return { before, cluster };
  }

  function clearDropMarks() {
    el.querySelectorAll('.drop-before').forEach((n) => n.classList.remove('drop-before'));
    el.querySelectorAll('.idea-list--drop-end').forEach((n) => n.classList.remove('idea-list--drop-end'));
  }

  /** @param {Event} ev */
  function onDragOver(ev) {
    if (ctl.drag.ideaId === null) return;
    const dragEv = /** @type {DragEvent} */ (ev);
    ev.preventDefault();
    if (dragEv.dataTransfer) dragEv.dataTransfer.dropEffect = 'move';
    const target = dropTarget(dragEv);
    clearDropMarks();
    if (target.before) target.before.classList.add('drop-before');
    else list.classList.add('idea-list--drop-end');
  }

  /** @param {Event} ev */
  function onDragLeave(ev) {
    const related = /** @type {DragEvent} */ (ev).relatedTarget;
    if (!(related instanceof Node) || !el.contains(related)) clearDropMarks();
  }

  /** @param {Event} ev */
  async function onDrop(ev) {
    const ideaId = ctl.drag.ideaId;
    if (ideaId === null) return;
    ev.preventDefault();
    const target = dropTarget(/** @type {DragEvent} */ (ev));
    clearDropMarks();
    ctl.drag.ideaId = null;
    const before = target.before ? Number(target.before.dataset.ideaId) : undefined;
    await ctl.moveIdea(ideaId, columnId, before);
    const idea = ctl.state.ideas.get(ideaId);
    if (idea && idea.column === columnId && idea.cluster !== target.cluster && ctl.can('cluster.assign')) {
      await ctl.run({ type: 'cluster.assign', idea: ideaId, cluster: target.cluster });
    }
  }

  update();
  return {
    el,
    update,
    /** @returns {HTMLTextAreaElement} */
    composerInput() {
      return composerArea;
    },
  };
}

/**
 * Whether a refused idea is explained under the box rather than in a toast: the
 * person was too fast, or has written as many ideas as the facilitator allows.
 * @param {import('../connection.js').ServerError} error
 */
export function isComposerRefusal(error) {
  return error.code === 'rate_limited' || (error.code === 'limit_reached' && error.field === 'idea_quota');
}

/**
 * A cluster as a labelled group of cards inside its column, with rename and dissolve
 * for the facilitators.
 * @param {ColumnViewContext} ctl
 * @param {number} clusterId
 */
function createClusterGroup(ctl, clusterId) {
  let renaming = false;
  const name = h('h3', { class: 'cluster__name' });
  const count = h('span', { class: 'cluster__count' });
  const renameButton = h('button', { type: 'button', class: 'link-button', dataset: { action: 'rename-cluster' }, on: { click: () => setRenaming(true) } });
  const dissolveButton = h('button', { type: 'button', class: 'link-button', dataset: { action: 'dissolve-cluster' },
    on: { click: () => ctl.run({ type: 'cluster.delete', id: clusterId }) } });
  const screenButton = h('button', { type: 'button', class: 'link-button', dataset: { action: 'screen-focus-cluster' },
    on: { click: () => ctl.run(onScreen() ? { type: 'screen.focus', kind: 'none' } : { type: 'screen.focus', kind: 'cluster', id: clusterId }) } });
  const tools = h('span', { class: 'cluster__tools' }, renameButton, dissolveButton, screenButton);
  const form = h('div', { class: 'cluster__form' });
  const cards = h('ol', { class: 'cluster__list' });
  const el = h('li', { class: 'cluster', dataset: { clusterId: String(clusterId) } },
    h('div', { class: 'cluster__head' }, name, count, tools), form, cards);

  /** Whether this cluster is in focus on the big screen. */
  function onScreen() {
    const s = ctl.state.controls?.screen;
    return s?.kind === 'cluster' && s.id === clusterId;
  }

  /** @param {boolean} on */
  function setRenaming(on) {
    renaming = on;
    const cluster = ctl.state.clusters.get(clusterId);
    if (!on || !cluster) {
      replace(form);
      name.hidden = false;
      return;
    }
    const input = h('input', { type: 'text', value: cluster.name, maxLength: CLUSTER_NAME_MAX, attrs: { 'aria-label': t('cluster.name') },
      on: { keydown: (ev) => { if (/** @type {KeyboardEvent} */ (ev).key === 'Escape') setRenaming(false); } } });
    replace(form, h('form', { class: 'column__rename', attrs: { novalidate: true }, on: { submit: async (ev) => {
      ev.preventDefault();
      const value = input.value.trim();
      if (!value || value === cluster.name || (await ctl.run({ type: 'cluster.rename', id: clusterId, name: value }))) setRenaming(false);
    } } }, input, h('div', { class: 'card__edit-foot' },
      h('button', { type: 'button', class: 'button button--small', text: t('common.cancel'), on: { click: () => setRenaming(false) } }),
      h('button', { type: 'submit', class: 'button button--primary button--small', text: t('common.save') }))));
    name.hidden = true;
    input.focus();
  }

  return {
    el,
    /** @param {Array<{el: HTMLElement, update: () => void}>} list the cards of its ideas, in order */
    update(list) {
      const cluster = ctl.state.clusters.get(clusterId);
      if (!cluster) return;
      setText(name, cluster.name);
      setText(count, plural('idea.count', list.length));
      const may = ctl.can('cluster.rename');
      tools.hidden = !may || renaming;
      setText(renameButton, t('cluster.rename'));
      setText(dissolveButton, t('cluster.dissolve'));
      screenButton.hidden = !ctl.can('screen.focus');
      setText(screenButton, onScreen() ? t('screen.clearFocus') : t('screen.showOnScreen'));
      if (!may && renaming) setRenaming(false);
      cards.dataset.empty = t('cluster.empty');
      list.forEach((card, i) => {
        placeChild(cards, card.el, i);
        card.update();
      });
      // A card that left the cluster is placed elsewhere (a node has one parent); what is
      // still here past the list is stale.
      while (cards.children.length > list.length) /** @type {Element} */ (cards.lastElementChild).remove();
    },
  };
}
