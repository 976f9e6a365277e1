// @ts-check
// One column of the board: its title and idea count, the list that holds the idea
// cards (the board screen places them), a box to add an idea, and, for the
// facilitator, a menu to rename, move and delete the column. The column is also where
// a dragged idea can be dropped; a line shows where it will land.

import { h, replace, setText } from '../dom.js';
import { ideaCount, t } from '../i18n.js';
import { findColumn } from '../board-state.js';
import { counter, textLength, uid } from './form.js';
import { IDEA_TEXT_MAX } from './idea-card.js';

export const COLUMN_TITLE_MAX = 60;

/**
 * @param {import('./idea-card.js').BoardControls} ctl
 * @param {number} columnId
 */
export function createColumnView(ctl, columnId) {
  /** @type {'view'|'rename'|'confirmDelete'} */
  let mode = 'view';
  const titleId = uid('col');

  const title = h('h2', { class: 'column__title', id: titleId });
  const count = h('span', { class: 'column__count' });
  const menuSummary = h('summary', { class: 'column__menu-button', text: '⋯' });
  const renameButton = h('button', { type: 'button', class: 'menu__item', on: { click: () => setMode('rename') } });
  const leftButton = h('button', { type: 'button', class: 'menu__item', on: { click: () => moveBy(-1) } });
  const rightButton = h('button', { type: 'button', class: 'menu__item', on: { click: () => moveBy(1) } });
  const deleteButton = h('button', { type: 'button', class: 'menu__item menu__item--danger', on: { click: () => setMode('confirmDelete') } });
  const menu = h('details', { class: 'column__menu' }, menuSummary,
    h('div', { class: 'menu' }, renameButton, leftButton, rightButton, deleteButton));
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

  const composerArea = h('textarea', {
    class: 'composer__input', rows: 2, id: uid('new'),
    on: { keydown: (ev) => onComposerKey(/** @type {KeyboardEvent} */ (ev)), input: () => refreshAddButton() },
  });
  const composerLabel = h('label', { class: 'visually-hidden', htmlFor: composerArea.id });
  const composerHint = h('span', { class: 'composer__hint', id: uid('hint') });
  composerArea.setAttribute('aria-describedby', composerHint.id);
  const composerCount = counter(composerArea, IDEA_TEXT_MAX);
  const addButton = h('button', { type: 'submit', class: 'button button--primary button--small', dataset: { action: 'add-idea' } });
  const composer = h('form', { class: 'composer', attrs: { novalidate: true }, on: { submit: (ev) => { ev.preventDefault(); addIdea(); } } },
    composerLabel, composerArea,
    h('div', { class: 'composer__foot' }, composerHint, composerCount.el, addButton));

  const el = h('section', {
    class: 'column',
    dataset: { columnId: String(columnId) },
    attrs: { 'aria-labelledby': titleId },
    on: { dragover: onDragOver, dragleave: onDragLeave, drop: onDrop },
  }, head, headPanel, list, composer);

  /** @param {Event} ev */
  function closeMenuOutside(ev) {
    if (ev.target instanceof Node && !menu.contains(ev.target)) menu.open = false;
  }

  /** @returns {import('../board-state.js').Column|undefined} */
  function column() {
    return findColumn(ctl.board, columnId);
  }

  /** Brings the column up to date with the board (and the language). */
  function update() {
    const col = column();
    if (!col) return;
    const position = ctl.board.columns.indexOf(col);
    const total = ctl.board.columns.length;
    setText(title, col.title);
    setText(count, ideaCount(col.ideas.length));
    title.hidden = mode === 'rename';
    menu.hidden = !ctl.isFacilitator();
    menuSummary.setAttribute('aria-label', t('column.menu', { title: col.title }));
    setText(renameButton, t('column.rename'));
    setText(leftButton, '← ' + t('column.moveLeft'));
    setText(rightButton, t('column.moveRight') + ' →');
    setText(deleteButton, t('column.delete'));
    leftButton.disabled = position <= 0;
    rightButton.disabled = position >= total - 1;
    deleteButton.disabled = col.ideas.length > 0 || total <= 1;
    deleteButton.title = col.ideas.length > 0 ? t('error.column_not_empty') : total <= 1 ? t('error.last_column') : '';
    list.dataset.empty = t('idea.empty');
    setText(composerLabel, t('idea.newLabel', { column: col.title }));
    composerArea.placeholder = t('idea.placeholder');
    setText(composerHint, t('idea.addHint'));
    setText(addButton, t('idea.add'));
    composerCount.update();
    refreshAddButton();
    if (mode !== 'view' && !ctl.isFacilitator()) setMode('view');
  }

  function refreshAddButton() {
    const n = textLength(composerArea.value);
    addButton.disabled = n === 0 || n > IDEA_TEXT_MAX;
  }

  /** @param {'view'|'rename'|'confirmDelete'} next */
  function setMode(next) {
    mode = next;
    menu.open = false;
    const col = column();
    if (next === 'view' || !col) replace(headPanel);
    else if (next === 'rename') replace(headPanel, renderRename(col.title));
    else replace(headPanel, renderConfirmDelete(col.title));
    update();
    const first = headPanel.querySelector('input, button');
    if (first instanceof HTMLElement) first.focus();
    else if (next === 'view') menuSummary.focus();
  }

  /** @param {string} current */
  function renderRename(current) {
    const input = h('input', { type: 'text', value: current, maxLength: COLUMN_TITLE_MAX,
      attrs: { 'aria-label': t('column.titleLabel') },
      on: { keydown: (ev) => {
        if (/** @type {KeyboardEvent} */ (ev).key === 'Escape') setMode('view');
      } } });
    return h('form', { class: 'column__rename', attrs: { novalidate: true }, on: { submit: async (ev) => {
      ev.preventDefault();
      const value = input.value.trim();
      if (!value || value === column()?.title) return setMode('view');
      const result = await ctl.send({ type: 'column.rename', id: columnId, title: value });
      if (result.ok) setMode('view');
      else ctl.showError(result.error);
    } } }, input,
    h('div', { class: 'card__edit-foot' },
      h('button', { type: 'button', class: 'button button--small', text: t('common.cancel'), on: { click: () => setMode('view') } }),
      h('button', { type: 'submit', class: 'button button--primary button--small', text: t('common.save') })));
  }

  /** @param {string} current */
  function renderConfirmDelete(current) {
    return h('div', { class: 'card__confirm', attrs: { role: 'group' } },
      h('p', { text: t('column.confirmDelete', { title: current }) }),
      h('div', { class: 'card__edit-foot' },
        h('button', { type: 'button', class: 'button button--small', text: t('common.cancel'), on: { click: () => setMode('view') } }),
        h('button', { type: 'button', class: 'button button--danger button--small', text: t('idea.confirmYes'), on: { click: async () => {
          const result = await ctl.send({ type: 'column.delete', id: columnId });
          if (!result.ok) {
            ctl.showError(result.error);
            setMode('view');
          }
        } } })));
  }

  /** @param {number} delta */
  async function moveBy(delta) {
    menu.open = false;
    const index = ctl.board.columns.findIndex((c) => c.id === columnId) + delta;
    if (index < 0 || index >= ctl.board.columns.length) return;
    const result = await ctl.send({ type: 'column.move', id: columnId, index });
    if (!result.ok) ctl.showError(result.error);
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
    if (n === 0 || n > IDEA_TEXT_MAX || !ctl.canEdit()) return;
    composerArea.value = '';
    composerCount.update();
    refreshAddButton();
    const result = await ctl.send({ type: 'idea.add', column: columnId, text });
    if (!result.ok) {
      ctl.showError(result.error);
      if (!composerArea.value) {
        composerArea.value = text; // give the text back so nothing typed is lost
        composerCount.update();
        refreshAddButton();
      }
    }
  }

  /**
   * Where a dragged idea would land: the index among the other cards of this column.
   * @param {number} clientY
   * @returns {{index: number, before: Element|null}}
   */
  function dropTarget(clientY) {
    const dragged = String(ctl.drag.ideaId);
    const cards = [...list.children].filter((c) => c instanceof HTMLElement && c.dataset.ideaId !== dragged);
    for (let i = 0; i < cards.length; i++) {
      const box = cards[i].getBoundingClientRect();
      if (clientY < box.top + box.height / 2) return { index: i, before: cards[i] };
    }
    return { index: cards.length, before: null };
  }

  function clearDropMarks() {
    list.querySelectorAll('.drop-before').forEach((n) => n.classList.remove('drop-before'));
    list.classList.remove('idea-list--drop-end');
  }

  /** @param {Event} ev */
  function onDragOver(ev) {
    if (ctl.drag.ideaId === null || !ctl.canEdit()) return;
    const dragEv = /** @type {DragEvent} */ (ev);
    ev.preventDefault();
    if (dragEv.dataTransfer) dragEv.dataTransfer.dropEffect = 'move';
    const target = dropTarget(dragEv.clientY);
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
  function onDrop(ev) {
    const ideaId = ctl.drag.ideaId;
    if (ideaId === null || !ctl.canEdit()) return;
    ev.preventDefault();
    const target = dropTarget(/** @type {DragEvent} */ (ev).clientY);
    clearDropMarks();
    ctl.drag.ideaId = null;
    ctl.moveIdea(ideaId, columnId, target.index);
  }

  update();
  return {
    el,
    list,
    update,
    /** @returns {HTMLTextAreaElement} */
    composerInput() {
      return composerArea;
    },
  };
}
