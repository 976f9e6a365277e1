// @ts-check
// The comment thread of an idea or a trial action: a button with the number of
// comments that opens the thread, the comments oldest first (with "Anonymous" where
// the server does not say who wrote it), and a box to add one. Authors and the
// facilitators may delete a comment; the facilitators may hide one and show it again
// (a hidden comment is shown dimmed to them and its author, with a note).

import { h, keyedList, setText } from '../dom.js';
import { formatDateTime, roleName, t } from '../i18n.js';
import { commentsOn } from '../selectors.js';
import { counter, textLength, uid } from './form.js';
import { limit } from '../limits.js';

/**
 * What this view uses of the board screen's context (tsc holds it to these).
 * @typedef {Pick<import('./board.js').BoardContext, 'can'|'run'|'state'>} CommentsViewContext
 */

export const COMMENT_MAX = limit('comment_chars');

/**
 * @param {CommentsViewContext} ctl
 * @param {string} kind 'idea' or 'trial_action'
 * @param {number} id
 * @param {{startOpen?: boolean}} [opts]
 */
export function createThread(ctl, kind, id, opts = {}) {
  let open = Boolean(opts.startOpen);
  const threadId = uid('thread');
  const buttonText = h('span');
  const button = h('button', {
    type: 'button', class: 'card__action comments-toggle', dataset: { action: 'comments' },
    attrs: { 'aria-controls': threadId }, on: { click: () => setOpen(!open) },
  }, buttonText);
  const listEl = h('ol', { class: 'thread__list' });
  const area = h('textarea', { class: 'thread__input', rows: 2, maxLength: COMMENT_MAX * 2,
    on: { input: refreshSend, keydown: (ev) => onKey(/** @type {KeyboardEvent} */ (ev)) } });
  const count = counter(area, COMMENT_MAX);
  const send = h('button', { type: 'submit', class: 'button button--small button--primary', dataset: { action: 'send-comment' } });
  const form = h('form', { class: 'thread__form', attrs: { novalidate: true }, on: { submit: (ev) => { ev.preventDefault(); addComment(); } } },
    area, h('div', { class: 'card__edit-foot' }, count.el, send));
  const el = h('div', { class: 'thread', id: threadId, hidden: !open }, listEl, form);

  const comments = keyedList(listEl, (c) => createCommentItem(ctl, c.id));

  function refreshSend() {
    const n = textLength(area.value);
    send.disabled = n === 0 || n > COMMENT_MAX || !ctl.can('comment.add');
  }

  /** @param {KeyboardEvent} ev */
  function onKey(ev) {
    if (ev.key === 'Enter' && (ev.ctrlKey || ev.metaKey)) {
      ev.preventDefault();
      addComment();
    }
  }

  async function addComment() {
    const text = area.value;
    const n = textLength(text);
    if (n === 0 || n > COMMENT_MAX || !ctl.can('comment.add')) return;
    area.value = '';
    count.update();
    refreshSend();
    const ok = await ctl.run({ type: 'comment.add', target_kind: kind, target_id: id, text });
    if (!ok && !area.value) {
      area.value = text; // nothing typed is lost
      count.update();
      refreshSend();
    }
  }

  /** @param {boolean} next */
  function setOpen(next) {
    open = next;
    el.hidden = !open;
    update();
    if (open && !form.hidden) area.focus();
  }

  function update() {
    const list = commentsOn(ctl.state, kind, id);
    setText(buttonText, list.length ? t('comment.count', { n: list.length }) : t('comment.none'));
    button.setAttribute('aria-expanded', String(open));
    if (!open) return;
    comments.sync(list, (c) => c.id);
    form.hidden = !ctl.can('comment.add');
    area.setAttribute('aria-label', t('comment.label'));
    area.placeholder = t('comment.placeholder');
    setText(send, t('comment.send'));
    refreshSend();
  }

  update();
  return { el, button, update, open: () => setOpen(true) };
}

/**
 * One comment in a thread.
 * @param {CommentsViewContext} ctl
 * @param {number} commentId
 */
function createCommentItem(ctl, commentId) {
  const who = h('span', { class: 'comment__who' });
  const when = h('time', { class: 'comment__when' });
  const text = h('p', { class: 'comment__text' });
  const note = h('p', { class: 'moderated-note' });
  const del = h('button', { type: 'button', class: 'link-button', dataset: { action: 'delete-comment' },
    on: { click: () => ctl.run({ type: 'comment.delete', id: commentId }) } });
  const hide = h('button', { type: 'button', class: 'link-button', dataset: { action: 'moderate-comment' },
    on: { click: () => {
      const c = ctl.state.comments.get(commentId);
      if (c) ctl.run({ type: 'comment.moderate', id: commentId, hidden: !c.moderated });
    } } });
  const el = h('li', { class: 'comment', dataset: { commentId: String(commentId) } },
    h('p', { class: 'comment__meta' }, who, ' · ', when), text, note, h('div', { class: 'comment__actions' }, del, hide));
  return {
    el,
    update() {
      const c = ctl.state.comments.get(commentId);
      if (!c) return;
      setText(who, (c.author ? c.author.name + ' (' + roleName(c.author.role) + ')' : t('common.anonymous')) + (c.mine ? ' ' + t('idea.you') : ''));
      setText(when, formatDateTime(c.created_at));
      when.setAttribute('datetime', c.created_at);
      setText(text, c.text);
      el.classList.toggle('comment--moderated', c.moderated);
      note.hidden = !c.moderated;
      setText(note, t('moderation.hiddenNote'));
      del.hidden = !ctl.can('comment.delete', { own: c.mine });
      setText(del, t('common.delete'));
      hide.hidden = !ctl.can('comment.moderate');
      setText(hide, c.moderated ? t('moderation.show') : t('moderation.hide'));
    },
  };
}
