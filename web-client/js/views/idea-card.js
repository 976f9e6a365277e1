// @ts-check
// One idea on the board, as a sticky note: its text and author, and what the person may
// do with it. Everyone may move an idea (by dragging, or with the move panel, which
// works with a keyboard and on touch screens); its author and the facilitator may also
// edit and delete it. An edit refused with `stale_version` shows both texts and lets
// the person keep the text now or put theirs back (PROTOCOL.md, "Concurrent edits").
//
// The card keeps its element for the idea's whole life, also while it moves between
// columns, so an edit in progress survives other people's changes.

import { h, replace, setText } from '../dom.js';
import { t } from '../i18n.js';
import { findColumn, ideaPosition } from '../board-state.js';
import { counter, textLength, uid } from './form.js';

export const IDEA_TEXT_MAX = 500;

/**
 * What a card (and a column) needs from the board screen.
 * @typedef {object} BoardControls
 * @property {import('../board-state.js').Board} board
 * @property {() => boolean} canEdit connected, caught up and the session is open
 * @property {() => boolean} isFacilitator
 * @property {(idea: import('../board-state.js').Idea) => boolean} mayChange author or facilitator
 * @property {() => number|null} myId
 * @property {(command: Record<string, unknown>) => Promise<import('../connection.js').CommandResult>} send
 * @property {(error: {code: string, limit?: number}) => void} showError
 * @property {{ideaId: number|null}} drag the idea being dragged, if any
 * @property {(ideaId: number, columnId: number, index: number) => Promise<void>} moveIdea settles when answered
 */

/** @typedef {'view'|'edit'|'confirmDelete'|'move'|'conflict'} CardMode */

/**
 * @param {BoardControls} ctl
 * @param {number} ideaId
 * @param {boolean} isNew the idea appeared while the person was watching (animate it)
 */
export function createIdeaCard(ctl, ideaId, isNew) {
  /** @type {CardMode} */
  let mode = 'view';
  let draft = '';
  let editBase = 0;
  /** @type {{theirs: string, version: number}|null} */
  let conflict = null;
  let busy = false;

  const textEl = h('p', { class: 'card__text' });
  const authorEl = h('p', { class: 'card__author' });
  const moveButton = h('button', { type: 'button', class: 'card__action', dataset: { action: 'move' }, on: { click: () => setMode('move') } });
  const editButton = h('button', { type: 'button', class: 'card__action', dataset: { action: 'edit' }, on: { click: startEdit } });
  const deleteButton = h('button', { type: 'button', class: 'card__action', dataset: { action: 'delete' }, on: { click: () => setMode('confirmDelete') } });
  const actions = h('div', { class: 'card__actions' }, moveButton, editButton, deleteButton);
  const panel = h('div', { class: 'card__panel' });
  const el = h('li', {
    class: ['card', isNew && 'card--new'],
    dataset: { ideaId: String(ideaId) },
    on: { dragstart: onDragStart, dragend: onDragEnd },
  }, textEl, authorEl, actions, panel);

  /** @type {{select: HTMLSelectElement, go: HTMLButtonElement, up: HTMLButtonElement, down: HTMLButtonElement}|null} */
  let moveControls = null;
  let moving = false; // a move of this card waits for its answer: its base_version would be stale

  /** @returns {import('../board-state.js').Idea|undefined} */
  function idea() {
    return ctl.board.ideas.get(ideaId);
  }

  /** Brings the card up to date with the board (and the language). */
  function update() {
    const current = idea();
    if (!current) return;
    const mine = current.author.id === ctl.myId();
    setText(textEl, current.text);
    setText(authorEl, current.author.name + (mine ? ' ' + t('idea.you') : ''));
    el.classList.toggle('card--mine', mine);
    const mayChange = ctl.mayChange(current);
    setText(moveButton, t('idea.move'));
    setText(editButton, t('idea.edit'));
    setText(deleteButton, t('idea.delete'));
    editButton.hidden = !mayChange;
    deleteButton.hidden = !mayChange;
    actions.hidden = mode !== 'view';
    textEl.hidden = mode === 'edit' || mode === 'conflict';
    el.draggable = mode === 'view' && ctl.canEdit();
    if (mode === 'move') updateMoveControls(false);
    if ((mode === 'edit' || mode === 'confirmDelete') && !mayChange) setMode('view');
  }

  /** @param {CardMode} next */
  function setMode(next) {
    mode = next;
    moveControls = null;
    if (next === 'view') replace(panel);
    else if (next === 'edit') replace(panel, renderEditor());
    else if (next === 'confirmDelete') replace(panel, renderConfirmDelete());
    else if (next === 'move') replace(panel, renderMovePanel());
    else if (next === 'conflict') replace(panel, renderConflict());
    el.classList.toggle('card--open', next !== 'view');
    update();
    focusFirst(next);
  }

  /** @param {CardMode} next */
  function focusFirst(next) {
    if (next === 'view') return; // the caller decides; an update must not steal the focus
    /** @type {HTMLElement|null} */
    const target = panel.querySelector('textarea, select, button');
    if (target) target.focus();
  }

  function startEdit() {
    const current = idea();
    if (!current) return;
    draft = current.text;
    editBase = current.version;
    setMode('edit');
  }

  function renderEditor() {
    const area = h('textarea', {
      class: 'card__editor', value: draft, rows: 4,
      attrs: { 'aria-label': t('idea.editLabel') },
      on: {
        input: () => { draft = area.value; save.disabled = !canSave(); },
        keydown: (ev) => onEditorKey(/** @type {KeyboardEvent} */ (ev)),
      },
    });
    const count = counter(area, IDEA_TEXT_MAX);
    const save = h('button', { type: 'button', class: 'button button--primary button--small', text: t('common.save'), dataset: { action: 'save' },
      disabled: !canSave(), on: { click: saveEdit } });
    return h('div', { class: 'card__edit' }, area,
      h('div', { class: 'card__edit-foot' }, count.el,
        h('button', { type: 'button', class: 'button button--small', text: t('common.cancel'), on: { click: cancelPanel } }),
        save));
  }

  function canSave() {
    const n = textLength(draft);
    return n > 0 && n <= IDEA_TEXT_MAX && !busy;
  }

  /** @param {KeyboardEvent} ev */
  function onEditorKey(ev) {
    if (ev.key === 'Escape') {
      ev.preventDefault();
      cancelPanel();
    } else if (ev.key === 'Enter' && !ev.shiftKey && !ev.isComposing) {
      ev.preventDefault();
      if (canSave()) saveEdit();
    }
  }

  function cancelPanel() {
    conflict = null;
    setMode('view');
    moveButton.focus();
  }

  async function saveEdit() {
    const current = idea();
    if (!current || !canSave()) return;
    if (draft.trim() === current.text && editBase === current.version) {
      cancelPanel();
      return;
    }
    await sendEdit(editBase);
  }

  /** @param {number} baseVersion */
  async function sendEdit(baseVersion) {
    busy = true;
    const result = await ctl.send({ type: 'idea.edit', id: ideaId, base_version: baseVersion, text: draft });
    busy = false;
    if (result.ok) {
      conflict = null;
      if (mode === 'edit' || mode === 'conflict') cancelPanel();
      return;
    }
    const error = result.error;
    if (error.code === 'stale_version' && error.current) {
      conflict = { theirs: String(error.current.text), version: Number(error.current.version) };
      setMode('conflict');
    } else {
      ctl.showError(error);
      if (error.code === 'idea_not_found') cancelPanel();
    }
  }

  function renderConflict() {
    const c = /** @type {{theirs: string, version: number}} */ (conflict);
    const headingId = uid('conflict');
    return h('div', { class: 'conflict', attrs: { role: 'group', 'aria-labelledby': headingId } },
      h('p', { id: headingId, class: 'conflict__heading', text: t('conflict.heading') }),
      h('div', { class: 'conflict__texts' },
        h('div', { class: 'conflict__text conflict__text--theirs' },
          h('p', { class: 'conflict__label', text: t('conflict.theirs') }),
          h('p', { class: 'conflict__body', text: c.theirs })),
        h('div', { class: 'conflict__text conflict__text--mine' },
          h('p', { class: 'conflict__label', text: t('conflict.yours') }),
          h('p', { class: 'conflict__body', text: draft }))),
      h('div', { class: 'conflict__actions' },
        h('button', { type: 'button', class: 'button button--small', text: t('conflict.keepTheirs'), dataset: { action: 'keep-theirs' }, on: { click: cancelPanel } }),
        h('button', { type: 'button', class: 'button button--primary button--small', text: t('conflict.useMine'), dataset: { action: 'use-mine' },
          on: { click: () => sendEdit(c.version) } })));
  }

  function renderConfirmDelete() {
    return h('div', { class: 'card__confirm', attrs: { role: 'group' } },
      h('p', { text: t('idea.confirmDelete') }),
      h('div', { class: 'card__edit-foot' },
        h('button', { type: 'button', class: 'button button--small', text: t('common.cancel'), on: { click: cancelPanel } }),
        h('button', { type: 'button', class: 'button button--danger button--small', text: t('idea.confirmYes'), dataset: { action: 'confirm-delete' }, on: { click: confirmDelete } })));
  }

  async function confirmDelete() {
    const current = idea();
    if (!current) return;
    const result = await ctl.send({ type: 'idea.delete', id: ideaId, base_version: current.version });
    if (!result.ok) {
      ctl.showError(result.error);
      if (mode === 'confirmDelete') cancelPanel();
    }
  }

  function renderMovePanel() {
    // Choosing a column does not move yet: with a keyboard, arrow keys change the
    // choice one column at a time, and each change would be a move of its own.
    const select = h('select', { class: 'move__select', on: { change: () => updateMoveControls(false) } });
    const selectId = uid('move');
    select.id = selectId;
    const go = h('button', { type: 'button', class: 'button button--primary button--small', dataset: { action: 'move-to-column' },
      text: t('idea.moveHere'), on: { click: () => {
        const column = findColumn(ctl.board, Number(select.value));
        if (column) runMove(column.id, column.ideas.length);
      } } });
    const up = h('button', { type: 'button', class: 'button button--small', dataset: { action: 'move-up' }, text: '↑ ' + t('idea.moveUp'), on: { click: () => step(-1) } });
    const down = h('button', { type: 'button', class: 'button button--small', dataset: { action: 'move-down' }, text: '↓ ' + t('idea.moveDown'), on: { click: () => step(1) } });
    moveControls = { select, go, up, down };
    const box = h('div', { class: 'move', attrs: { role: 'group', 'aria-label': t('idea.moveLabel') } },
      h('label', { htmlFor: selectId, class: 'move__label', text: t('idea.moveColumn') }),
      h('div', { class: 'copy-row' }, select, go),
      h('div', { class: 'move__steps' }, up, down,
        h('button', { type: 'button', class: 'button button--small', text: t('idea.moveDone'), dataset: { action: 'move-done' }, on: { click: cancelPanel } })));
    box.addEventListener('keydown', (ev) => {
      if (ev.key === 'Escape') {
        ev.preventDefault();
        cancelPanel();
      }
    });
    return box;
  }

  /**
   * Refreshes the move panel's column list and buttons in place (keeping the focus).
   * @param {boolean} [resetChoice] put the column choice back on the idea's column
   */
  function updateMoveControls(resetChoice = true) {
    const controls = moveControls;
    const position = ideaPosition(ctl.board, ideaId);
    if (!controls || !position) return;
    const wanted = ctl.board.columns.map((c) => c.id + ':' + c.title).join('\n');
    const chosen = controls.select.value;
    if (controls.select.dataset.columns !== wanted) {
      replace(controls.select, ctl.board.columns.map((c) => h('option', { value: String(c.id), text: c.title })));
      controls.select.dataset.columns = wanted;
    }
    controls.select.value = resetChoice || !chosen ? String(position.column.id) : chosen;
    if (!controls.select.value) controls.select.value = String(position.column.id);
    // Not disabled while a move waits (runMove ignores clicks then): a button that is
    // disabled loses the keyboard focus.
    controls.go.disabled = controls.select.value === String(position.column.id);
    controls.up.disabled = position.index === 0;
    controls.down.disabled = position.index >= position.column.ideas.length - 1;
  }

  /**
   * Moves the idea and keeps the panel's buttons off until the answer is in.
   * @param {number} columnId
   * @param {number} index
   */
  async function runMove(columnId, index) {
    if (moving) return;
    moving = true;
    try {
      await ctl.moveIdea(ideaId, columnId, index);
    } finally {
      moving = false;
      updateMoveControls();
      keepFocusInPanel();
    }
  }

  /** After a move the pressed button may be disabled (top or bottom reached): focus its neighbour. */
  function keepFocusInPanel() {
    const active = document.activeElement;
    if (mode !== 'move' || (active && active !== document.body && el.contains(active) && !(/** @type {HTMLButtonElement} */ (active).disabled))) return;
    const next = [...panel.querySelectorAll('button, select')].find((c) => !(/** @type {HTMLButtonElement} */ (c).disabled));
    if (next instanceof HTMLElement) next.focus();
  }

  /** @param {number} delta -1 for up, 1 for down */
  function step(delta) {
    const position = ideaPosition(ctl.board, ideaId);
    if (!position) return;
    const index = position.index + delta;
    if (index < 0 || index > position.column.ideas.length - 1) return;
    runMove(position.column.id, index);
  }

  /** @param {Event} ev */
  function onDragStart(ev) {
    const dt = /** @type {DragEvent} */ (ev).dataTransfer;
    if (mode !== 'view' || !ctl.canEdit() || !dt) {
      ev.preventDefault();
      return;
    }
    ctl.drag.ideaId = ideaId;
    dt.effectAllowed = 'move';
    dt.setData('text/plain', idea()?.text || '');
    el.classList.add('card--dragging');
  }

  function onDragEnd() {
    ctl.drag.ideaId = null;
    el.classList.remove('card--dragging');
    document.querySelectorAll('.drop-before, .idea-list--drop-end')
      .forEach((n) => n.classList.remove('drop-before', 'idea-list--drop-end'));
  }

  update();
  return {
    el,
    update,
    /** @returns {boolean} whether the person is in the middle of something on this card */
    isBusy() {
      return mode !== 'view';
    },
  };
}
