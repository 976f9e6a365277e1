// @ts-check
// One of a workspace's settings that its admin sets as a whole number from 0 to a limit
// (limits.json): the portfolio's overload limit (views/portfolio.js) and the retention of
// names (views/workspace.js). Checked as the server checks it (parseWholeNumber) and its
// problem told beside the field.

import { h, setText } from '../dom.js';
import { errorMessage, t } from '../i18n.js';
import { parseWholeNumber } from '../portfolio.js';
import { markInvalid, uid } from './form.js';

/**
 * What the setting needs of its page.
 * @typedef {object} NumberSettingContext
 * @property {string} field the setting's name in the API (overload_limit, retention_months)
 * @property {number} max the largest value (limits.json)
 * @property {string} strings the prefix of its strings: .heading, .label, .hint, .save, .saved, .problem
 * @property {string} testid the panel's data-testid
 * @property {() => boolean} visible whether the link is the admin's
 * @property {() => number} value the value as the server last said
 * @property {(value: number) => Promise<unknown>} save sends it; rejects with an ApiError
 * @property {(message: string, kind?: 'info'|'error') => void} toast
 */

/** @param {NumberSettingContext} ctl */
export function createNumberSetting(ctl) {
  const title = h('h2', { class: 'panel-heading' });
  const input = h('input', { type: 'number', id: uid('setting-' + ctl.field), class: 'input--number', dataset: { field: ctl.field },
    attrs: { min: 0, max: ctl.max, step: 1, inputmode: 'numeric' } });
  const label = h('label', { class: 'field__label', htmlFor: input.id });
  const hint = h('p', { class: 'field__hint', id: uid('setting-hint') });
  input.setAttribute('aria-describedby', hint.id);
  const submit = h('button', { type: 'submit', class: 'button button--small', dataset: { action: 'save-' + ctl.field } });
  let sending = false;
  /** @type {number|null} the server's value last put in the field */
  let shown = null;
  const form = h('form', { attrs: { novalidate: true }, on: { submit: send } },
    h('div', { class: 'field' }, label, hint, input), h('div', { class: 'actions' }, submit));
  const el = h('section', { class: 'panel setting', attrs: { 'data-testid': ctl.testid }, hidden: true }, title, form);
  input.addEventListener('input', () => markInvalid(input, null));

  /** @param {Event} ev */
  async function send(ev) {
    ev.preventDefault();
    if (sending) return;
    const value = parseWholeNumber(input.value, ctl.max);
    markInvalid(input, null);
    if (value === null) {
      markInvalid(input, t(ctl.strings + '.problem', { max: ctl.max }));
      input.focus();
      return;
    }
    sending = true;
    submit.disabled = true;
    try {
      await ctl.save(value);
      shown = value;
      ctl.toast(t(ctl.strings + '.saved'), 'info');
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
    const now = ctl.value();
    // Filled from the server only while the person is not changing it.
    if (shown !== now && document.activeElement !== input) {
      input.value = String(now);
      shown = now;
    }
    setText(title, t(ctl.strings + '.heading'));
    setText(label, t(ctl.strings + '.label'));
    setText(hint, t(ctl.strings + '.hint', { max: ctl.max }));
    setText(submit, t(ctl.strings + '.save'));
  }

  return { el, update };
}
