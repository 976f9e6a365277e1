// @ts-check
// What the board screen says when the board cannot be changed: the notice under the
// phase bar (closed, offline, locked, or stopped for good with a way on), and the page
// a removed participant sees instead of the board.

import { h, replace, setText } from '../dom.js';
import { t } from '../i18n.js';

/**
 * Why the board cannot be changed now, if it cannot.
 * @typedef {object} NoticeFacts
 * @property {boolean} closed the session is closed
 * @property {boolean} hasSession the first snapshot has come
 * @property {import('../connection.js').ConnectionState} connection
 * @property {boolean} locked the facilitator locked the board (and the person is not a facilitator)
 */

export function createBoardNotice() {
  const el = h('p', { class: 'notice board__notice', attrs: { role: 'status', 'data-testid': 'notice' }, hidden: true });
  let stopped = false;
  return {
    el,
    /** @param {NoticeFacts} facts */
    update(facts) {
      if (stopped) return;
      let text = '';
      if (facts.closed) text = t('board.closed');
      else if (facts.hasSession && facts.connection !== 'connected') text = t('board.readonly');
      else if (facts.locked) text = t('lock.notice');
      setText(el, text);
      el.hidden = !text;
      el.dataset.kind = facts.closed ? 'closed' : facts.connection !== 'connected' ? 'offline' : 'locked';
    },
    /**
     * Says the board has stopped for good, with a way on; later updates leave it.
     * @param {string} message
     * @param {boolean} reload offer to reload the page (otherwise: the start page)
     */
    stop(message, reload) {
      stopped = true;
      replace(el, h('span', { text: message + ' ' }),
        reload ? h('button', { type: 'button', class: 'button button--small', text: t('common.reload'), on: { click: () => location.reload() } })
          : h('a', { class: 'button button--small', attrs: { href: '/', 'data-nav': true }, text: t('nav.home') }));
      el.hidden = false;
    },
  };
}

/** The page a participant the facilitator removed sees instead of the board. */
export function removedPage() {
  return h('section', { class: 'panel panel--narrow removed', attrs: { 'data-testid': 'removed' } },
    h('h1', { text: t('removed.heading') }),
    h('p', { text: t('removed.text') }),
    h('p', null, h('a', { class: 'button', attrs: { href: '/', 'data-nav': true }, text: t('nav.home') })));
}
