// @ts-check
// Short messages at the bottom of the screen ("toasts"), read out by screen readers
// through the live region they sit in (#toasts in index.html). At most MAX_TOASTS
// show at once; each disappears after TOAST_MS (or the time given) or when clicked.

import { h } from './dom.js';

const MAX_TOASTS = 3;
const TOAST_MS = 6000;

/**
 * Shows a message.
 * @param {string} message
 * @param {'info'|'error'} [kind]
 * @param {number} [ms] how long it shows
 */
export function toast(message, kind = 'info', ms = TOAST_MS) {
  const region = document.getElementById('toasts');
  if (!region) return;
  const item = h('div', {
    class: ['toast', 'toast--' + kind],
    text: message,
    on: { click: () => item.remove() },
  });
  region.appendChild(item);
  while (region.children.length > MAX_TOASTS) region.firstElementChild?.remove();
  setTimeout(() => item.remove(), ms);
}
