// @ts-check
// The top of the board: the session's title and guiding question (the facilitators
// can edit them), the join code with a copy-link button and a big "show the code" view
// for the projector (with a QR code of the join link), and beside the code whether the
// door is closed to newcomers; who you are, how many people are here, and the state of
// the connection. On a phone the question can be folded away (a button beside the
// title; the choice is kept for the session on this device) to leave the screen to the
// board; elsewhere it is always shown.

import { h, replace, setText } from '../dom.js';
import { roleName, t } from '../i18n.js';
import { displayCode } from '../codes.js';
import { copyText } from '../clipboard.js';
import { joinPath, screenPath } from '../routes.js';
import { counter, textLength } from './form.js';
import { QUESTION_MAX, TITLE_MAX } from './start.js';
import { presenceSummary } from './people-view.js';
import { qrElement } from './qr-view.js';

/**
 * What this view uses of the board screen's context (tsc holds it to these).
 * @typedef {Pick<import('./board.js').BoardContext, 'can'|'isFacilitator'|'run'|'state'|'you'>} BoardHeaderContext
 */

/**
 * @param {BoardHeaderContext} ctl
 * @param {string} code the session's join code
 * @param {(message: string, kind?: 'info'|'error') => void} toast
 */
export function createBoardHeader(ctl, code, toast) {
  let editing = false;
  /** @type {import('../connection.js').ConnectionState} */
  let connection = 'connecting';
  /** @type {HTMLButtonElement|null} */
  let saveButton = null;
  const joinUrl = new URL(joinPath(code), location.origin).href;

  const title = h('h1', { class: 'board-head__title', attrs: { 'data-testid': 'session-title' } });
  const question = h('p', { id: 'session-question', class: 'board-head__question', attrs: { 'data-testid': 'session-question' } });
  const foldKey = 'samskab.questionFolded.' + code;
  let folded = false;
  try {
    folded = sessionStorage.getItem(foldKey) === '1';
  } catch {
    // No storage: the question starts unfolded.
  }
  const foldButton = h('button', { type: 'button', class: 'button button--quiet button--small board-head__fold',
    attrs: { 'aria-controls': 'session-question', 'data-action': 'fold-question' }, on: { click: () => setFolded(!isFolded()) } });
  const editButton = h('button', { type: 'button', class: 'button button--quiet button--small', on: { click: () => setEditing(true) } });
  const editPanel = h('div', { class: 'board-head__edit' });
  const codeLabel = h('span', { class: 'join-pill__label' });
  const copyButton = h('button', { type: 'button', class: 'button button--small', on: { click: copyLink } });
  const showButton = h('button', { type: 'button', class: 'button button--small join-pill__show', on: { click: showCode } });
  const doorBadge = h('span', { class: 'join-pill__door', attrs: { 'data-testid': 'door-badge' }, hidden: true });
  const youEl = h('p', { class: 'board-head__you', attrs: { 'data-testid': 'you' } });
  const presenceEl = h('p', { class: 'board-head__presence', attrs: { 'data-testid': 'presence' } });
  const screenLink = h('a', { class: 'button button--small button--quiet', attrs: { href: screenPath(code), target: '_blank', rel: 'noopener', 'data-action': 'open-screen' } });
  const stateText = h('span', { class: 'conn__text' });
  const stateEl = h('p', { class: 'conn', attrs: { role: 'status', 'aria-live': 'polite', 'data-testid': 'connection', 'data-state': connection } },
    h('span', { class: 'conn__dot', attrs: { 'aria-hidden': 'true' } }), stateText);

  const dialogCode = h('p', { class: 'code-dialog__code', text: displayCode(code) });
  const dialogHint = h('p', { class: 'code-dialog__hint' });
  const dialogUrl = h('p', { class: 'code-dialog__url', text: joinUrl });
  const dialogQr = h('div', { class: 'code-dialog__qr' }, qrElement(joinUrl, t('qr.label')));
  const dialogClose = h('button', { type: 'button', class: 'button', on: { click: () => dialog.close() } });
  const dialogTitle = h('p', { class: 'code-dialog__title' });
  const dialog = h('dialog', { class: 'code-dialog' }, dialogTitle, dialogHint,
    h('div', { class: 'code-dialog__row' }, dialogCode, dialogQr), dialogUrl, dialogClose);

  const el = h('section', { class: 'board-head' },
    h('div', { class: 'board-head__main' }, title, foldButton, question, editButton, editPanel),
    h('div', { class: 'board-head__side' },
      h('div', { class: 'join-pill' }, codeLabel,
        h('strong', { class: 'join-pill__code', attrs: { 'data-testid': 'join-code' }, text: displayCode(code) }),
        doorBadge, copyButton, showButton),
      youEl, presenceEl, stateEl, screenLink),
    dialog);

  /** Brings the header up to date with the board, the person and the language. */
  function update() {
    const session = ctl.state.session;
    setText(title, session ? session.title : t('board.loading'));
    setText(question, session ? session.question : '');
    el.classList.toggle('board-head--folded', isFolded());
    foldButton.setAttribute('aria-expanded', String(!isFolded()));
    setText(foldButton, isFolded() ? t('board.showQuestion') : t('board.hideQuestion'));
    foldButton.hidden = !session || editing;
    if (session) document.title = session.title + ' – ' + t('app.name');
    editButton.hidden = !ctl.can('session.update') || editing || !session;
    setText(editButton, t('board.editSession'));
    if (saveButton) saveButton.disabled = !ctl.can('session.update');
    setText(codeLabel, t('board.code'));
    setText(copyButton, t('board.copyLink'));
    setText(showButton, t('board.showCode'));
    setText(dialogTitle, session ? session.title : '');
    const doorClosed = ctl.state.controls ? !ctl.state.controls.settings.join_by_code : false;
    doorBadge.hidden = !doorClosed;
    setText(doorBadge, t('door.closedBadge'));
    setText(dialogHint, doorClosed ? t('door.closedBadge') : t('board.showCodeHint', { host: location.host }));
    setText(dialogClose, t('common.close'));
    const you = ctl.you();
    setText(youEl, you ? t('board.you', { name: you.name }) + ' · ' + roleName(you.role) : '');
    setText(presenceEl, presenceSummary(ctl.state));
    presenceEl.hidden = !session;
    setText(screenLink, t('screen.open'));
    screenLink.hidden = !ctl.isFacilitator();
    setText(stateText, t('state.' + connection));
    stateEl.dataset.state = connection;
  }

  /** Whether the person folded the question away (on a phone). */
  function isFolded() {
    return folded;
  }

  /** @param {boolean} on */
  function setFolded(on) {
    folded = on;
    try {
      if (on) sessionStorage.setItem(foldKey, '1');
      else sessionStorage.removeItem(foldKey);
    } catch {
      // Without storage (a private window), the fold lasts as long as the page.
    }
    update();
  }

  /** @param {import('../connection.js').ConnectionState} state */
  function setConnectionState(state) {
    connection = state;
    update();
  }

  async function copyLink() {
    const ok = await copyText(joinUrl);
    toast(ok ? t('board.linkCopied') : t('common.copyFailed'), ok ? 'info' : 'error');
  }

  function showCode() {
    update();
    if (typeof dialog.showModal === 'function') dialog.showModal();
  }

  /** @param {boolean} on */
  function setEditing(on) {
    editing = on && ctl.can('session.update');
    saveButton = null;
    replace(editPanel, editing ? renderEditor() : null);
    title.hidden = editing;
    question.hidden = editing;
    update();
    if (editing) editPanel.querySelector('input')?.focus();
    else editButton.focus();
  }

  function renderEditor() {
    const session = ctl.state.session;
    const titleInput = h('input', { type: 'text', class: 'board-head__title-input', value: session ? session.title : '',
      maxLength: TITLE_MAX, attrs: { 'aria-label': t('board.sessionTitle') } });
    const questionInput = h('textarea', { value: session ? session.question : '', rows: 3,
      attrs: { 'aria-label': t('board.sessionQuestion') } });
    const count = counter(questionInput, QUESTION_MAX);
    saveButton = h('button', { type: 'submit', class: 'button button--primary button--small', text: t('common.save') });
    return h('form', { class: 'session-edit', attrs: { novalidate: true }, on: {
      submit: async (ev) => {
        ev.preventDefault();
        /** @type {Record<string, unknown>} */
        const command = { type: 'session.update' };
        const newTitle = titleInput.value.trim();
        const newQuestion = questionInput.value.trim();
        if (!newTitle || !newQuestion || textLength(newQuestion) > QUESTION_MAX) {
          toast(t('error.invalid_field'), 'error');
          return;
        }
        if (session && newTitle !== session.title) command.title = newTitle;
        if (session && newQuestion !== session.question) command.question = newQuestion;
        if (!('title' in command) && !('question' in command)) return setEditing(false);
        if (await ctl.run(command)) setEditing(false);
      },
      keydown: (ev) => {
        if (/** @type {KeyboardEvent} */ (ev).key === 'Escape') setEditing(false);
      },
    } },
    titleInput, questionInput,
    h('div', { class: 'card__edit-foot' }, count.el,
      h('button', { type: 'button', class: 'button button--small', text: t('common.cancel'), on: { click: () => setEditing(false) } }),
      saveButton));
  }

  update();
  return { el, update, setConnectionState };
}
