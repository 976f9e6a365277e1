// @ts-check
// The entry point: picks the language, draws the top bar with the language switcher,
// and shows the screen that belongs to the address (see routes.js). In-app links use
// history.pushState; the back button works through popstate.

import { getLanguage, initLanguage, LANGUAGES, onLanguageChange, setLanguage, t } from './i18n.js';
import { h, replace } from './dom.js';
import { parseRoute } from './routes.js';
import { toast } from './toast.js';
import * as startView from './views/start.js';
import * as joinView from './views/join.js';
import * as boardView from './views/board.js';
import * as workspaceView from './views/workspace.js';
import * as portfolioView from './views/portfolio.js';
import * as trialPageView from './views/trial-page.js';
import * as outcomePageView from './views/outcome-page.js';
import * as notFoundView from './views/not-found.js';

/**
 * What every view gets.
 * @typedef {object} ViewContext
 * @property {(path: string, opts?: {replace?: boolean}) => void} navigate
 * @property {(message: string, kind?: 'info'|'error', ms?: number) => void} toast
 * @property {{pendingName: string|null, pendingInvite: {invite: string, role: string|null}|null,
 *   joinRefused: {code: string, error: string}|null}} app state
 *   shared between screens of one page load: the name typed on the join page, which the
 *   board joins with, and the invitation it came with; and the join code and error of a
 *   join the board sent back to the join page to be explained there (`joining_closed`)
 */
/**
 * What a mounted view gives back.
 * @typedef {{unmount: () => void, relabel?: () => void}} MountedView
 * relabel() redraws the texts after a change of language; without it the view is mounted anew.
 */

/** @type {MountedView|null} */
let current = null;
/** @type {HTMLElement} */
let root;
let renderCount = 0;

/** @type {ViewContext} */
const context = {
  navigate,
  toast,
  app: { pendingName: null, pendingInvite: null, joinRefused: null },
};

function start() {
  initLanguage();
  root = /** @type {HTMLElement} */ (document.getElementById('app'));
  renderLanguageSwitcher();
  onLanguageChange(() => {
    renderLanguageSwitcher();
    if (current && current.relabel) current.relabel();
    else render();
  });
  window.addEventListener('popstate', render);
  document.addEventListener('click', onLinkClick);
  render();
}

/**
 * Shows another address without reloading the page.
 * @param {string} path
 * @param {{replace?: boolean}} [opts]
 */
function navigate(path, opts = {}) {
  if (opts.replace) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  render();
  window.scrollTo(0, 0);
}

function render() {
  const mine = ++renderCount;
  if (current) current.unmount();
  current = null;
  replace(root);
  document.title = t('app.name');
  const view = mountRoute(parseRoute(location.pathname));
  // A view may navigate while it mounts (the board sends a person without a token to
  // the join page); then the newer render owns the screen.
  if (mine !== renderCount) view?.unmount();
  else current = view;
}

/**
 * @param {import('./routes.js').Route} route
 * @returns {MountedView|null}
 */
function mountRoute(route) {
  if (route.name === 'start') return startView.mount(root, context);
  if (route.name === 'join') return joinView.mount(root, context, route.code || route.raw);
  if (route.name === 'board' && route.code) return boardView.mount(root, context, route.code);
  if (route.name === 'workspace') return workspaceView.mount(root, context, route.id);
  if (route.name === 'workspacePortfolio') return portfolioView.mount(root, context, route.id);
  if (route.name === 'trial') return trialPageView.mount(root, context, route.sessionId, route.trialId);
  if (route.name === 'outcome') return outcomePageView.mount(root, context, route.sessionId);
  if (route.name === 'workspaceNew') {
    return startView.mount(root, context, { id: route.id, follow: new URLSearchParams(location.search).get('follow') || '' });
  }
  if (route.name === 'board') {
    navigate('/join/' + encodeURIComponent(route.raw), { replace: true });
    return null;
  }
  return notFoundView.mount(root, context);
}

/**
 * Follows in-app links (those marked data-nav) without a reload.
 * @param {MouseEvent} ev
 */
function onLinkClick(ev) {
  if (ev.defaultPrevented || ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.altKey) return;
  const target = ev.target instanceof Element ? ev.target.closest('a[data-nav]') : null;
  if (!(target instanceof HTMLAnchorElement)) return;
  const url = new URL(target.href);
  if (url.origin !== location.origin) return;
  ev.preventDefault();
  navigate(url.pathname + url.search);
}

function renderLanguageSwitcher() {
  const nav = document.getElementById('lang');
  if (!nav) return;
  nav.setAttribute('aria-label', t('lang.label'));
  const active = getLanguage();
  // Named by what it shows: "Dansk" on wide screens; on narrow ones "DA", with the
  // language's name after it for screen readers only ("DA Dansk"), so the name always
  // begins with the visible text (WCAG 2.5.3).
  replace(nav, LANGUAGES.map((lang) => h('button', {
    type: 'button',
    class: 'lang__button',
    attrs: { lang: lang.code, 'aria-pressed': String(lang.code === active) },
    on: { click: () => setLanguage(lang.code) },
  }, h('span', { class: 'lang__short', text: lang.code.toUpperCase() }), ' ',
  h('span', { class: 'lang__long', text: lang.label }))));
  const brand = document.getElementById('brand-tagline');
  if (brand) brand.textContent = t('app.tagline');
}

start();
