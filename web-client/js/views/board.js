// @ts-check
// The board screen (/board/{code}): joins the session over the WebSocket (with the
// token this device keeps for the code, or with the name just typed on the join page),
// shows the columns and ideas live, and sends the person's changes as commands.
//
// The facilitator's private link /board/{code}#token=... stores the token and removes
// it from the address bar before anything else happens. A token the server no longer
// knows (`invalid_token`) is forgotten and the person is sent to the join page.
//
// Rendering is keyed: each column and each idea keeps its element for its whole life
// and is only moved and updated, so open editors, focus and drag state survive the
// changes other people make.

import { h, placeChild, replace, setText } from '../dom.js';
import { errorMessage, t } from '../i18n.js';
import { createBoard, ideaPosition } from '../board-state.js';
import { createConnection } from '../connection.js';
import { boardPath, joinPath, tokenFromFragment } from '../routes.js';
import { forgetSession, loadSession, saveSession } from '../storage.js';
import { createBoardHeader } from './board-header.js';
import { createColumnView, COLUMN_TITLE_MAX } from './column-view.js';
import { createIdeaCard } from './idea-card.js';

const COLUMNS_MAX = 20;
/** Join errors that send the person back to the join page (after forgetting the token). */
const BACK_TO_JOIN = new Set(['invalid_token', 'session_not_found', 'invalid_field', 'too_long']);

/**
 * @param {HTMLElement} root
 * @param {import('../main.js').ViewContext} ctx
 * @param {string} code the session's normalized join code
 * @returns {import('../main.js').MountedView}
 */
export function mount(root, ctx, code) {
  const fragmentToken = tokenFromFragment(location.hash);
  if (fragmentToken) saveSession(code, { token: fragmentToken, role: 'facilitator' });
  if (fragmentToken || location.pathname !== boardPath(code)) {
    // The token must not stay in the address bar, the history or a bookmark.
    history.replaceState(null, '', boardPath(code));
  }
  // A name just typed on the join page wins over a token kept from an earlier visit:
  // the person chose to join as someone new (the new token replaces the old one).
  const name = ctx.app.pendingName;
  const saved = name ? null : loadSession(code);
  if (!saved && !name) {
    ctx.navigate(joinPath(code), { replace: true });
    return { unmount() {} };
  }

  const board = createBoard();
  /** @type {any} */
  let you = null;
  let stopped = false;
  let unmounted = false;
  let closedSeen = false; // a command was refused with session_closed (v1 has no event for closing)
  /** @type {ReturnType<typeof createConnection>|null} */
  let connection = null;
  let firstRenderDone = false;
  let renderQueued = false;
  /** @type {Map<number, ReturnType<typeof createColumnView>>} */
  const columnViews = new Map();
  /** @type {Map<number, ReturnType<typeof createIdeaCard>>} */
  const cards = new Map();

  /** @type {import('./idea-card.js').BoardControls & {you: () => any}} */
  const ctl = {
    board,
    canEdit: () => !stopped && !isClosed() && connection !== null && connection.getState() === 'connected',
    isFacilitator: () => Boolean(you && you.role === 'facilitator'),
    mayChange: (idea) => Boolean(you && (you.role === 'facilitator' || idea.author.id === you.id)),
    myId: () => (you ? you.id : null),
    you: () => you,
    send: (command) => (connection ? connection.send(command) : Promise.resolve({ ok: false, error: { code: 'not_joined' } })),
    showError,
    drag: { ideaId: null },
    moveIdea,
  };

  const header = createBoardHeader(ctl, code, ctx.toast);
  const notice = h('p', { class: 'notice board__notice', attrs: { role: 'status' }, hidden: true });
  const loading = h('p', { class: 'board__loading muted', text: t('board.loading') });
  const columnsEl = h('div', { class: 'columns' });
  const addColumnBox = h('div', { class: 'add-column' });
  const editable = h('fieldset', { class: 'board__editable' },
    h('legend', { class: 'visually-hidden', text: t('app.name') }),
    h('div', { class: 'columns-row' }, columnsEl, addColumnBox));
  const page = h('div', { class: 'board' }, header.el, notice, loading, editable);
  root.classList.add('app--wide');
  replace(root, page);
  renderAddColumn(false);

  connection = createConnection({
    code,
    token: saved ? saved.token : null,
    name,
    board,
    onState(state) {
      header.setConnectionState(state);
      refreshEditable();
    },
    onWelcome(welcome) {
      you = welcome.you;
      /** @type {import('../storage.js').SavedSession} */
      const update = { token: welcome.token || loadSession(code)?.token || '', name: you.name, role: you.role, title: welcome.session?.title };
      if (update.token) saveSession(code, update);
      ctx.app.pendingName = null;
      scheduleRender();
    },
    onBoard: scheduleRender,
    onJoinError(error) {
      stopped = true;
      if (BACK_TO_JOIN.has(error.code)) {
        // A token that failed is of no use any more (a name that failed was never saved).
        if (saved) forgetSession(code);
        ctx.toast(errorMessage(error), 'error');
        ctx.navigate(joinPath(code), { replace: true });
        return;
      }
      showStopped(errorMessage(error));
    },
    onStopped() {
      stopped = true;
      showStopped(t('board.stopped'));
    },
    onStrayError(error) {
      ctx.toast(errorMessage(error), 'error');
    },
  });

  /** @returns {boolean} whether the session is closed (read-only) */
  function isClosed() {
    return closedSeen || board.session?.status === 'closed';
  }

  /**
   * Shows a refused command's error as a toast.
   * @param {{code: string, limit?: number}} error
   */
  function showError(error) {
    ctx.toast(errorMessage(error), 'error');
    if (error.code === 'session_closed' && !closedSeen) {
      closedSeen = true;
      refreshEditable();
    }
  }

  function scheduleRender() {
    if (renderQueued) return;
    renderQueued = true;
    queueMicrotask(() => {
      renderQueued = false;
      if (!unmounted) render();
    });
  }

  function render() {
    const focused = document.activeElement;
    header.update();
    loading.hidden = board.session !== null;
    const seenColumns = new Set();
    board.columns.forEach((column, i) => {
      const view = columnViews.get(column.id) || createColumnView(ctl, column.id);
      columnViews.set(column.id, view);
      seenColumns.add(column.id);
      placeChild(columnsEl, view.el, i);
      view.update();
      column.ideas.forEach((ideaId, j) => {
        let card = cards.get(ideaId);
        if (!card) {
          card = createIdeaCard(ctl, ideaId, firstRenderDone);
          cards.set(ideaId, card);
        }
        placeChild(view.list, card.el, j);
        card.update();
      });
    });
    for (const [id, view] of columnViews) {
      if (!seenColumns.has(id)) {
        view.el.remove();
        columnViews.delete(id);
      }
    }
    for (const [id, card] of cards) {
      if (!board.ideas.has(id)) {
        card.el.remove();
        cards.delete(id);
      }
    }
    renderAddColumn(null);
    refreshEditable();
    if (board.session) firstRenderDone = true;
    // Moving an element to another column takes the focus away from what it holds.
    if (focused instanceof HTMLElement && focused.isConnected && document.activeElement !== focused) {
      focused.focus({ preventScroll: true });
    }
  }

  /** Enables or disables everything that changes the board, and says why. */
  function refreshEditable() {
    const can = ctl.canEdit();
    editable.disabled = !can;
    header.update();
    for (const card of cards.values()) card.update();
    const closed = isClosed();
    const state = connection ? connection.getState() : 'connecting';
    let text = '';
    if (closed) text = t('board.closed');
    else if (!stopped && board.session && state !== 'connected') text = t('board.readonly');
    if (!stopped) {
      setText(notice, text);
      notice.hidden = !text;
    }
  }

  /** @param {string} message */
  function showStopped(message) {
    replace(notice, h('span', { text: message + ' ' }),
      h('button', { type: 'button', class: 'button button--small', text: t('common.reload'), on: { click: () => location.reload() } }));
    notice.hidden = false;
    editable.disabled = true;
    loading.hidden = true;
  }

  /**
   * The facilitator's "add column" control: a button, or a small form once pressed.
   * @param {boolean|null} open true/false to open or close it, null to keep it as it is
   */
  function renderAddColumn(open) {
    const show = ctl.isFacilitator() && board.session !== null;
    addColumnBox.hidden = !show;
    if (!show) return;
    const isOpen = open === null ? addColumnBox.dataset.open === 'true' : open;
    if (open === null && addColumnBox.childElementCount > 0) {
      const button = addColumnBox.querySelector('.add-column__button');
      if (button instanceof HTMLButtonElement) button.disabled = board.columns.length >= COLUMNS_MAX;
      return;
    }
    addColumnBox.dataset.open = String(isOpen);
    if (!isOpen) {
      replace(addColumnBox, h('button', {
        type: 'button', class: 'button button--quiet add-column__button', text: '+ ' + t('column.add'),
        disabled: board.columns.length >= COLUMNS_MAX,
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
      const result = await ctl.send({ type: 'column.add', title });
      if (result.ok) closeAddColumn();
      else ctl.showError(result.error);
    } } }, input,
    h('div', { class: 'card__edit-foot' },
      h('button', { type: 'button', class: 'button button--small', text: t('common.cancel'), on: { click: closeAddColumn } }),
      h('button', { type: 'submit', class: 'button button--primary button--small', text: t('column.add') }))));
  }

  function closeAddColumn() {
    renderAddColumn(false);
    addColumnBox.querySelector('button')?.focus();
  }

  /**
   * Asks the server to move an idea (from a drop or the move panel).
   * @param {number} ideaId
   * @param {number} columnId
   * @param {number} index the position in the target column once the idea is out of its old place
   */
  async function moveIdea(ideaId, columnId, index) {
    const idea = board.ideas.get(ideaId);
    const position = ideaPosition(board, ideaId);
    if (!idea || !position || !ctl.canEdit()) return;
    if (position.column.id === columnId && position.index === index) return;
    const result = await ctl.send({ type: 'idea.move', id: ideaId, base_version: idea.version, column: columnId, index });
    if (!result.ok) ctl.showError(result.error);
  }

  function relabel() {
    setText(loading, t('board.loading'));
    renderAddColumn(addColumnBox.dataset.open === 'true');
    for (const view of columnViews.values()) view.update();
    refreshEditable();
  }

  return {
    unmount() {
      stopped = true;
      unmounted = true;
      connection?.close();
      root.classList.remove('app--wide');
    },
    relabel,
  };
}
