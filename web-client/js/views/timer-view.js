// @ts-check
// The countdown everyone sees: the time left on the server's clock (the connection
// keeps the offset between the server's clock and this device's), "paused", and "time
// is up" at zero. It redraws exactly when the shown second changes, not on a poll.

import { h, setText } from '../dom.js';
import { t } from '../i18n.js';
import { nextTickIn, timerView } from '../timer.js';

/**
 * What this view uses of the board screen's context (tsc holds it to these).
 * @typedef {Pick<import('./board.js').BoardContext, 'clockOffset'|'state'>} TimerViewContext
 */

/**
 * @param {TimerViewContext} ctl
 * @param {string} [extraClass]
 */
export function createTimerDisplay(ctl, extraClass) {
  /** @type {any} */
  let tick = null;
  const text = h('span', { class: 'timer__text', attrs: { 'data-testid': 'timer' } });
  const note = h('span', { class: 'timer__note', attrs: { 'data-testid': 'timer-note' } });
  const el = h('div', { class: ['timer', extraClass], attrs: { role: 'timer', 'aria-live': 'off' } },
    text, note);

  function update() {
    if (tick !== null) clearTimeout(tick);
    tick = null;
    const controls = ctl.state.controls;
    // A closed session's timer means nothing any more.
    const closed = ctl.state.session?.status === 'closed';
    const view = timerView(controls && !closed ? controls.timer : null, ctl.clockOffset(), Date.now());
    el.hidden = view.state === 'idle';
    el.dataset.state = view.state;
    el.classList.toggle('timer--warning', view.warning);
    setText(text, view.text);
    setText(note, view.state === 'up' ? t('timer.up') : view.state === 'paused' ? t('timer.paused') : '');
    el.setAttribute('aria-label', t('timer.label') + ': ' + view.text + (view.state === 'up' ? ' – ' + t('timer.up') : ''));
    const wait = nextTickIn(view);
    if (wait !== null) tick = setTimeout(update, wait);
  }

  update();
  return {
    el,
    update,
    destroy() {
      if (tick !== null) clearTimeout(tick);
      tick = null;
    },
  };
}
