// @ts-check
// The wall of the board tab: the columns side by side, each with its clusters and idea
// cards, and the facilitators' "add column" control. Keyed: each column and card keeps
// its element for its whole life (see board.js), so open editors and focus survive
// other people's changes.

import { h, placeChild, replace } from '../dom.js';
import { t } from '../i18n.js';
import { createColumnView } from './column-view.js';
import { COLUMN_TITLE_MAX, COLUMNS_MAX } from './start.js';
import { createIdeaCard } from './idea-card.js';

/**
 * What the wall uses of the board screen's context (tsc holds it to these), and the
 * cards it makes need.
 * @typedef {import('./column-view.js').ColumnViewContext & import('./idea-card.js').IdeaCardContext} WallContext
 */


/**
 * While the connection is down the wall stays as it is: each control asks ctl.can()
 * (which needs the connection) and is hidden or disabled, but the boxes to write ideas
 * in stay, since what is written there is sent once the connection is back. Only when
 * the connection has stopped for good is the whole wall disabled (stop()).
 * @param {WallContext} ctl
 * @param {{isNew: () => boolean}} opts whether cards made now are new arrivals (after
 *   the first render) that may be highlighted
 */
export function createWall(ctl, opts) {
  const columnsEl = h('div', { class: 'columns' });
  const addColumnBox = h('div', { class: 'add-column' });
  const boardPanel = h('fieldset', { class: 'board__editable' },
    h('legend', { class: 'visually-hidden', text: t('app.name') }),
    h('div', { class: 'columns-row' }, columnsEl, addColumnBox));
  /** @type {Map<number, ReturnType<typeof createColumnView>>} */
  const columnViews = new Map();
  /** @type {Map<number, ReturnType<typeof createIdeaCard>>} */
  const cards = new Map();
  renderAddColumn(false);

  function update() {
    const seenColumns = new Set();
    ctl.state.columns.forEach((column, i) => {
      const columnView = columnViews.get(column.id) || createColumnView(ctl, column.id, cardFor);
      columnViews.set(column.id, columnView);
      seenColumns.add(column.id);
      placeChild(columnsEl, columnView.el, i);
      columnView.update();
    });
    for (const [id, columnView] of columnViews) {
      if (!seenColumns.has(id)) {
        columnView.el.remove();
        columnViews.delete(id);
      }
    }
    for (const [id, card] of cards) {
      const idea = ctl.state.ideas.get(id);
      if (!idea || idea.fate === 'merged' || !seenColumns.has(idea.column)) {
        card.el.remove();
        cards.delete(id);
      }
    }
    renderAddColumn(null);
  }

  /** @param {number} ideaId */
  function cardFor(ideaId) {
    let card = cards.get(ideaId);
    if (!card) {
      card = createIdeaCard(ctl, ideaId, opts.isNew());
      cards.set(ideaId, card);
    }
    return card;
  }

  /**
   * The facilitators' "add column" control: a button, or a small form once pressed.
   * @param {boolean|null} open true/false to open or close it, null to keep it as it is
   */
  function renderAddColumn(open) {
    const show = ctl.can('column.add') && ctl.state.session !== null;
    addColumnBox.hidden = !show;
    if (!show) return;
    const isOpen = open === null ? addColumnBox.dataset.open === 'true' : open;
    if (open === null && addColumnBox.childElementCount > 0) {
      const button = addColumnBox.querySelector('.add-column__button');
      if (button instanceof HTMLButtonElement) button.disabled = ctl.state.columns.length >= COLUMNS_MAX;
      return;
    }
    addColumnBox.dataset.open = String(isOpen);
    if (!isOpen) {
      replace(addColumnBox, h('button', {
        type: 'button', class: 'button button--quiet add-column__button', text: '+ ' + t('column.add'),
        disabled: ctl.state.columns.length >= COLUMNS_MAX,
        on: { click: () => {
          renderAddColumn(true);
          addColumnBox.querySelector('input')?.focus();
        } },
      }));
      return;
    }
    const input = h('input', { type: 'text', maxLength: COLUMN_TITLE_MAX, attrs: { 'aria-label': t('column.titleLabel') },
      placeholder: t('column.titleLabel'),
      on: { keydown: (ev) => {
        if (/** @type {KeyboardEvent} */ (ev).key === 'Escape') closeAddColumn();
      } } });
    replace(addColumnBox, h('form', { class: 'add-column__form', attrs: { novalidate: true }, on: { submit: async (ev) => {
      ev.preventDefault();
      const title = input.value.trim();
      if (!title) return;
      if (await ctl.run({ type: 'column.add', title })) closeAddColumn();
    } } }, input,
    h('div', { class: 'card__edit-foot' },
      h('button', { type: 'button', class: 'button button--small', text: t('common.cancel'), on: { click: closeAddColumn } }),
      h('button', { type: 'submit', class: 'button button--primary button--small', text: t('column.add') }))));
  }

  function closeAddColumn() {
    renderAddColumn(false);
    addColumnBox.querySelector('button')?.focus();
  }

  return {
    el: boardPanel,
    update,
    /** Nothing can be changed any more (the connection stopped for good). */
    stop() {
      boardPanel.disabled = true;
    },
    relabel() {
      renderAddColumn(addColumnBox.dataset.open === 'true');
    },
  };
}

/**
 * Asks the server to move an idea (from a drop or the move panel), if the person may.
 * @param {Pick<import('./board.js').BoardContext, 'can'|'run'|'state'>} ctl
 * @param {number} ideaId
 * @param {number} columnId
 * @param {number|undefined} before the idea to go before; undefined: the end
 */
export async function moveIdea(ctl, ideaId, columnId, before) {
  const idea = ctl.state.ideas.get(ideaId);
  if (!idea || before === ideaId || !ctl.can('idea.move', { own: idea.mine })) return;
  /** @type {Record<string, unknown>} */
  const command = { type: 'idea.move', id: ideaId, base_version: idea.version, column: columnId };
  if (before !== undefined) command.before = before;
  await ctl.run(command);
}
