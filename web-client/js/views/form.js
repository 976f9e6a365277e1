// @ts-check
// Small building blocks for forms: a labelled field, a character counter that counts
// as the server does (Unicode code points), and unique ids to tie labels to controls.

import { h, setText } from '../dom.js';
import { t } from '../i18n.js';

let nextId = 0;

/**
 * @param {string} prefix
 * @returns {string} an id unique in this page
 */
export function uid(prefix) {
  nextId += 1;
  return prefix + '-' + nextId;
}

/**
 * The length of a text as the server counts it (PROTOCOL.md, "Texts"): code points of
 * the text with CRLF as LF and without leading and trailing white space.
 * @param {string} text
 */
export function textLength(text) {
  return [...text.replace(/\r\n?/g, '\n').replace(/^[ \t\n]+|[ \t\n]+$/g, '')].length;
}

/**
 * A text cut to fit `max` characters (code points, as textLength counts them), for a
 * title taken from a longer text: runs of white space become one space; a text that is
 * too long is cut at the last word that fits, and ends with an ellipsis ("…", counted).
 * A first word longer than half of `max` is cut inside it rather than leaving little.
 * @param {string} text
 * @param {number} max at least 2
 * @returns {string}
 */
export function shortenAtWord(text, max) {
  const chars = [...text.replace(/\s+/g, ' ').trim()];
  if (chars.length <= max) return chars.join('');
  const room = chars.slice(0, max - 1);
  const space = room.lastIndexOf(' ');
  // The cut falls between two words when the next character is a space.
  const end = chars[max - 1] === ' ' ? room.length : space >= max / 2 ? space : room.length;
  return room.slice(0, end).join('').replace(/[\s,;:.!?–—-]+$/u, '') + '…';
}

/**
 * A label, a control and an optional hint, tied together for screen readers.
 * @param {string} labelText
 * @param {HTMLInputElement|HTMLTextAreaElement|HTMLSelectElement} control
 * @param {string} [hint]
 * @returns {HTMLElement}
 */
export function field(labelText, control, hint) {
  if (!control.id) control.id = uid('f');
  const parts = [h('label', { htmlFor: control.id, class: 'field__label', text: labelText })];
  const hintEl = hint ? h('p', { id: uid('hint'), class: 'field__hint', text: hint }) : null;
  if (hintEl) control.setAttribute('aria-describedby', hintEl.id);
  return h('div', { class: 'field' }, parts, hintEl, control);
}

/**
 * Marks a control as invalid with its own message, or takes the mark away: the message
 * (id `<control's id>-error`) goes at the end of `box`, the control's field, and is tied
 * to the control with aria-describedby (first, before its hint); aria-invalid says it is
 * invalid.
 * @param {HTMLInputElement|HTMLTextAreaElement|HTMLSelectElement} control with an id
 * @param {string|null} message null: the control is fine
 * @param {Element|null} [box] where the message goes; by default the control's `.field`
 */
export function markInvalid(control, message, box = control.closest('.field')) {
  const id = control.id + '-error';
  const where = box || control.parentElement;
  const others = (control.getAttribute('aria-describedby') || '').split(' ').filter((x) => x && x !== id);
  const shown = where ? [...where.children].find((child) => child.id === id) : undefined;
  if (message === null) {
    shown?.remove();
    control.removeAttribute('aria-invalid');
    if (others.length) control.setAttribute('aria-describedby', others.join(' '));
    else control.removeAttribute('aria-describedby');
    return;
  }
  const el = shown || h('p', { id, class: 'field__error' });
  setText(el, message);
  if (!shown) where?.append(el);
  control.setAttribute('aria-invalid', 'true');
  control.setAttribute('aria-describedby', [id, ...others].join(' '));
}

/**
 * A live counter under a text field: "12 / 500", turning red at the limit.
 * @param {HTMLInputElement|HTMLTextAreaElement} control
 * @param {number} max
 * @returns {{el: HTMLElement, update: () => void}}
 */
export function counter(control, max) {
  const el = h('span', { class: 'counter', id: uid('count'), attrs: { 'aria-live': 'off' } });
  const describedBy = control.getAttribute('aria-describedby');
  control.setAttribute('aria-describedby', describedBy ? describedBy + ' ' + el.id : el.id);
  function update() {
    const n = textLength(control.value);
    setText(el, n + ' / ' + max);
    el.setAttribute('aria-label', t('common.counter', { n, max }));
    el.classList.toggle('counter--over', n > max);
    el.classList.toggle('counter--near', n <= max && n > max * 0.9);
  }
  control.addEventListener('input', update);
  update();
  return { el, update };
}

/**
 * Runs a redraw that replaces elements, then puts the focus back: on the element with
 * the id `focusId` if given, else on the new element with the id of the one that had
 * the focus before (with its cursor position), so typing is never interrupted.
 * @param {() => void} redraw
 * @param {string|null} [focusId]
 */
export function keepFocus(redraw, focusId) {
  const before = document.activeElement;
  const id = before && before.id ? before.id : null;
  /** @type {[number|null, number|null]|null} */
  let selection = null;
  if (before instanceof HTMLInputElement || before instanceof HTMLTextAreaElement) {
    try {
      selection = [before.selectionStart, before.selectionEnd];
    } catch {
      selection = null; // inputs without a text selection
    }
  }
  redraw();
  const target = document.getElementById(focusId || id || '');
  if (!target || target === document.activeElement) return;
  target.focus();
  if (!focusId && selection && (target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement)) {
    try {
      target.setSelectionRange(selection[0], selection[1]);
    } catch {
      // Not a text field.
    }
  }
}
