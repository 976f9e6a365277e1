// @ts-check
// The admin's setting on the portfolio page (views/portfolio.js): how many trial actions
// may run at once before the portfolio warns (0 to 500; 0: no warning), checked as the
// server checks it (portfolio.js) and its problem told beside the field.

import { h, setText } from '../dom.js';
import { errorMessage, t } from '../i18n.js';
import { OVERLOAD_MAX, parseOverloadLimit } from '../portfolio.js';
import { markInvalid, uid } from './form.js';

/**
 * What the setting needs of its page.
 * @typedef {object} PortfolioSettingsContext
 * @property {() => boolean} visible whether the link is the admin's
 * @property {() => number} limit the limit as the server last said
 * @property {(limit: number) => Promise<unknown>} save sends it; rejects with an ApiError
 * @property {(message: string, kind?: 'info'|'error') => void} toast
 */

/** @param {PortfolioSettingsContext} ctl */
export function createPortfolioSettings(ctl) {
  const title = h('h2', { class: 'panel-heading' });
  const input = h('input', { type: 'number', id: uid('pf-limit'), class: 'input--number', dataset: { field: 'overload_limit' },
    attrs: { min: 0, max: OVERLOAD_MAX, step: 1, inputmode: 'numeric' } });
  const label = h('label', { class: 'field__label', htmlFor: input.id });
  const hint = h('p', { class: 'field__hint', id: uid('pf-limit-hint') });
  input.setAttribute('aria-describedby', hint.id);
  const submit = h('button', { type: 'submit', class: 'button button--small', dataset: { action: 'save-settings' } });
  let sending = false;
  /** @type {number|null} the server's limit last put in the field */
  let shown = null;
  const form = h('form', { attrs: { novalidate: true }, on: { submit: send } },
    h('div', { class: 'field' }, label, hint, input), h('div', { class: 'actions' }, submit));
  const el = h('section', { class: 'panel portfolio__settings', attrs: { 'data-testid': 'portfolio-settings' }, hidden: true }, title, form);
  input.addEventListener('input', () => markInvalid(input, null));

  /** @param {Event} ev */
  async function send(ev) {
    ev.preventDefault();
    if (sending) return;
    const value = parseOverloadLimit(input.value);
    markInvalid(input, null);
    if (value === null) {
      markInvalid(input, t('portfolio.settings.problem', { max: OVERLOAD_MAX }));
      input.focus();
      return;
    }
    sending = true;
    submit.disabled = true;
    try {
      await ctl.save(value);
      shown = value;
      ctl.toast(t('portfolio.settings.saved'), 'info');
    } catch (err) {
      markInvalid(input, errorMessage(/** @type {any} */ (err)));
    } finally {
      sending = false;
      submit.disabled = false;
    }
  }

  function update() {
    el.hidden = !ctl.visible();
    if (el.hidden) return;
    const now = ctl.limit();
    // Filled from the server only while the person is not changing it.
    if (shown !== now && document.activeElement !== input) {
      input.value = String(now);
      shown = now;
    }
    setText(title, t('portfolio.settings.heading'));
    setText(label, t('portfolio.settings.limit'));
    setText(hint, t('portfolio.settings.limitHint', { max: OVERLOAD_MAX }));
    setText(submit, t('portfolio.settings.save'));
  }

  return { el, update };
}
