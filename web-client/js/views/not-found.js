// @ts-check
// The screen for an address the client does not know.

import { h, replace } from '../dom.js';
import { t } from '../i18n.js';

/**
 * @param {HTMLElement} root
 * @param {import('../main.js').ViewContext} _ctx
 * @returns {import('../main.js').MountedView}
 */
export function mount(root, _ctx) {
  replace(root, h('section', { class: 'panel panel--narrow' },
    h('h1', { text: t('notFound.heading') }),
    h('p', { text: t('notFound.text') }),
    h('p', null, h('a', { class: 'button', attrs: { href: '/', 'data-nav': true }, text: t('nav.home') }))));
  return { unmount() {} };
}
