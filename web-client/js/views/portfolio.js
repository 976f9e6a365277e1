// @ts-check
// A workspace's portfolio (/workspace/{id}/portfolio), for every role of the workspace:
// every trial action made in its sessions (portfolio-item.js), the overdue ones marked
// in words, a warning when more run at once than the workspace allows, those marked to
// spread listed apart. The filters and the sort (portfolio-filters.js) go to the server
// as the GET's query and stand in the page's address, so a link reproduces the view;
// the count of what is shown is announced. The page follows every change live
// (portfolio-live.js): it asks again with `after={version}` of the answer before, and
// after a network error tries again with a growing pause, saying so discreetly. A link
// the server refuses is told as the workspace's page tells it. Managers and the admin
// record decisions in a trial action's details; the admin sets the overload limit
// (number-setting.js).
//
// Like the workspace's page, it reads the workspace link's token kept on this device
// and sends it in the Authorization header, never in the address.

import { getPortfolio, getPortfolioExport, getWorkspace, getWorkspaceSessions, recordPortfolioDecision, saveWorkspaceSettings } from '../api.js';
import { h, keyedList, replace, saveFile, setText } from '../dom.js';
import { errorMessage, plural, t } from '../i18n.js';
import { OVERLOAD_MAX, entryKey, filtersFromSearch, filtersToSearch, hasFilters, mergePortfolio, portfolioApiPath, portfolioExportPath } from '../portfolio.js';
import { createPortfolioFeed } from '../portfolio-live.js';
import { tokenFromFragment, workspacePath, workspacePortfolioPath } from '../routes.js';
import { loadWorkspaceToken, saveWorkspaceToken } from '../storage.js';
import { createPortfolioFilters } from './portfolio-filters.js';
import { createPortfolioItem } from './portfolio-item.js';
import { createNumberSetting } from './number-setting.js';
import { workspaceMay } from '../permissions.js';

export { checkInLine } from './portfolio-item.js';

/** @typedef {import('../api.js').Portfolio} Portfolio */
/** @typedef {import('../api.js').PortfolioEntry} PortfolioEntry */
/** @typedef {import('../portfolio.js').Filters} Filters */

/** The workspace roles that record decisions from the portfolio. */

/**
 * @param {HTMLElement} root
 * @param {import('../main.js').ViewContext} ctx
 * @param {string} id the workspace's id
 * @returns {import('../main.js').MountedView}
 */
export function mount(root, ctx, id) {
  const fragmentToken = tokenFromFragment(location.hash);
  if (fragmentToken) {
    saveWorkspaceToken(id, fragmentToken);
    // The token must not stay in the address bar, the history or a bookmark.
    history.replaceState(null, '', location.pathname + location.search);
  }
  let token = loadWorkspaceToken(id);
  let unmounted = false;
  /** @type {import('../api.js').Workspace|null} */
  let workspace = null;
  /** @type {import('../api.js').ListedSession[]} */
  let sessions = [];
  /** @type {Portfolio|null} */
  let answer = null;
  /** @type {Filters} */
  let filters = filtersFromSearch(location.search);
  /** @type {string|null} what stops the page, if something does */
  let problem = null;
  let reconnecting = false;
  /** Every trial action seen, by key: for the suggestions, and the spread list when the filters leave some out. */
  /** @type {Map<string, PortfolioEntry>} */
  const seen = new Map();
  /** The keys of the trial actions whose details are open. */
  const open = new Set();

  const back = h('a', { class: 'button button--quiet button--small', attrs: { href: workspacePath(id), 'data-nav': true, 'data-action': 'back-to-workspace' } });
  const heading = h('h1', { attrs: { 'data-testid': 'portfolio-title' } });
  const sub = h('p', { class: 'muted', attrs: { 'data-testid': 'workspace-role' } });
  const intro = h('p', { class: 'field__hint' });
  const status = h('p', { class: 'notice', attrs: { role: 'status', 'data-testid': 'portfolio-status' }, hidden: true });
  const reconnect = h('p', { class: 'portfolio__reconnecting', attrs: { role: 'status', 'data-testid': 'portfolio-reconnecting' } });
  const overloadText = h('strong');
  const overloadHint = h('span');
  const overload = h('p', { class: 'notice portfolio__overload', dataset: { kind: 'warning' }, attrs: { role: 'status', 'data-testid': 'overload' }, hidden: true },
    overloadText, ' ', overloadHint);
  const totals = h('p', { class: 'portfolio__totals', attrs: { 'data-testid': 'portfolio-totals' } });

  const filterBox = createPortfolioFilters({
    filters: () => filters,
    sessions: () => sessions,
    seen: () => seen.values(),
    apply(next) {
      const search = filtersToSearch(next);
      if (search === filtersToSearch(filters)) return;
      filters = filtersFromSearch(search);
      history.replaceState(null, '', workspacePortfolioPath(id, search));
      feed.restart();
    },
  });

  /** @type {import('./portfolio-item.js').PortfolioItemContext} */
  const itemContext = {
    isOpen: (key) => open.has(key),
    toggle: (key) => {
      if (open.has(key)) open.delete(key);
      else open.add(key);
    },
    today: () => (answer ? answer.today : ''),
    mayDecide: () => Boolean(workspace && workspaceMay(workspace.role, 'decide')),
    decide: (body) => recordPortfolioDecision(id, token || '', body),
    toast: ctx.toast,
  };
  const count = h('p', { class: 'portfolio__count', attrs: { 'aria-live': 'polite', 'data-testid': 'portfolio-count' } });
  const listHeading = h('h2', { class: 'panel-heading' });
  const empty = h('p', { class: 'field__hint', hidden: true });
  const list = h('ul', { class: 'portfolio__list', attrs: { 'data-testid': 'portfolio-list' } });
  const items = keyedList(list, (/** @type {PortfolioEntry} */ e) => createPortfolioItem(itemContext, entryKey(e)));
  // The CSV export of what the list shows (its filters and order), for the links that may export.
  const download = h('button', { type: 'button', class: 'button button--small', dataset: { action: 'download-portfolio' },
    on: { click: () => downloadCsv() } });
  const listSection = h('section', { class: 'panel portfolio__main' }, listHeading, count, download, empty, list);

  const spreadHeading = h('h2', { class: 'panel-heading' });
  const spreadIntro = h('p', { class: 'field__hint' });
  const spreadEmpty = h('p', { class: 'field__hint' });
  const spreadMore = h('p', { class: 'field__hint' });
  const spreadList = h('ul', { class: 'portfolio__list', attrs: { 'data-testid': 'portfolio-spread-list' } });
  const spreadItems = keyedList(spreadList, (/** @type {PortfolioEntry} */ e) => createPortfolioItem(itemContext, entryKey(e)));
  const spreadSection = h('section', { class: 'panel portfolio__spread', attrs: { 'data-testid': 'portfolio-spread' } },
    spreadHeading, spreadIntro, spreadEmpty, spreadList, spreadMore);

  const settings = createNumberSetting({
    field: 'overload_limit',
    max: OVERLOAD_MAX,
    strings: 'portfolio.settings',
    testid: 'portfolio-settings',
    visible: () => Boolean(workspace && workspaceMay(workspace.role, 'change_settings')),
    value: () => (answer ? answer.overload_limit : workspace?.overload_limit ?? 0),
    async save(limit) {
      const w = await saveWorkspaceSettings(id, token || '', { overload_limit: limit });
      if (unmounted) return;
      workspace = { ...w, role: workspace ? workspace.role : w.role };
      // Asked afresh: the warning follows the new limit at once on this page.
      feed.restart();
    },
    toast: ctx.toast,
  });

  const head = h('section', { class: 'panel portfolio__head' }, back, heading, sub, intro, status, reconnect, overload, totals);
  replace(root, h('div', { class: 'portfolio' }, head, filterBox.el, listSection, spreadSection, settings.el));

  const feed = createPortfolioFeed({
    fetch: (after, signal) => getPortfolio(portfolioApiPath(id, filters, after), token || '', signal),
    merge: (held, got) => mergePortfolio(held, got, filters.sort),
    onAnswer(got) {
      answer = got;
      problem = null;
      for (const e of got.trial_actions) seen.set(entryKey(e), e);
      render();
    },
    onReconnecting(on) {
      reconnecting = on;
      render();
    },
    onStopped(err) {
      // As the workspace's page: a link that no longer admits is of no use on this device.
      if (err.code === 'invalid_token') {
        saveWorkspaceToken(id, null);
        token = null;
      }
      problem = errorMessage(err);
      render();
    },
  });

  function render() {
    if (unmounted) return;
    document.title = t('portfolio.title') + (workspace ? ' – ' + workspace.name : '') + ' – ' + t('app.name');
    setText(back, '← ' + t('start.inWorkspace.back', { name: workspace ? workspace.name : t('workspace.title') }));
    setText(heading, t('portfolio.title'));
    setText(sub, workspace ? workspace.name + ' · ' + t('workspace.yourRole', { role: t('workspace.role.' + workspace.role) }) : '');
    sub.hidden = !workspace;
    setText(intro, t('portfolio.intro'));
    const message = problem ?? (!token ? t('workspace.noToken') : !answer ? t('portfolio.loading') : '');
    setText(status, message);
    status.hidden = !message;
    status.dataset.kind = problem || !token ? 'error' : 'info';
    setText(reconnect, reconnecting && !problem ? t('portfolio.reconnecting') : '');
    const ready = Boolean(answer) && !problem;
    for (const part of [filterBox.el, listSection, spreadSection]) part.hidden = !ready;
    filterBox.show();
    settings.update();
    overload.hidden = !ready || !answer?.overloaded;
    totals.hidden = !ready;
    if (!answer || !ready) return;
    const a = answer;
    setText(overloadText, a.overloaded ? '⚠ ' + t('portfolio.overloaded', { running: a.running, limit: a.overload_limit }) : '');
    setText(overloadHint, t('portfolio.overloadedHint'));
    setText(totals, plural('portfolio.running', a.running) + ' · ' +
      (a.overload_limit ? t('portfolio.limit', { n: a.overload_limit }) : t('portfolio.noLimit')));

    // Those marked to spread are listed apart, not among the others.
    const spreadKeys = new Set(a.spread.map((s) => s.session + ':' + s.trial_action));
    const main = a.trial_actions.filter((e) => !spreadKeys.has(entryKey(e)));
    setText(listHeading, t('portfolio.list.heading'));
    download.hidden = !(workspace && workspaceMay(workspace.role, 'export'));
    setText(download, t('portfolio.download'));
    setText(count, plural('portfolio.count', main.length) + (hasFilters(filters) ? ' ' + t('portfolio.count.filtered') : ''));
    empty.hidden = main.length > 0;
    setText(empty, hasFilters(filters) ? t('portfolio.noneMatch') : t('portfolio.none'));
    items.sync(main, entryKey);

    // `spread` names those of the whole portfolio: shown from this answer, or, without
    // filters, as last seen; the ones the filters leave out are counted.
    const byKey = new Map(a.trial_actions.map((e) => [entryKey(e), e]));
    /** @type {PortfolioEntry[]} */
    const spreadEntries = [];
    let notShown = 0;
    for (const k of spreadKeys) {
      const e = byKey.get(k) ?? (hasFilters(filters) ? undefined : seen.get(k));
      if (e) spreadEntries.push(e);
      else notShown += 1;
    }
    setText(spreadHeading, t('portfolio.spread.heading', { n: spreadKeys.size }));
    setText(spreadIntro, t('portfolio.spread.intro'));
    spreadEmpty.hidden = spreadKeys.size > 0;
    setText(spreadEmpty, t('portfolio.spread.none'));
    spreadMore.hidden = notShown === 0;
    setText(spreadMore, plural('portfolio.spread.notShown', notShown));
    spreadItems.sync(spreadEntries, entryKey);
  }

  async function downloadCsv() {
    if (!token) return;
    try {
      const got = await getPortfolioExport(portfolioExportPath(id, filters), token);
      if (!unmounted) saveFile(got);
    } catch (err) {
      if (!unmounted) ctx.toast(errorMessage(/** @type {any} */ (err)), 'error');
    }
  }

  async function load() {
    render();
    if (!token) return;
    feed.start();
    try {
      const [w, list] = await Promise.all([getWorkspace(id, token), getWorkspaceSessions(id, token)]);
      if (unmounted) return;
      workspace = w;
      sessions = list;
      render();
    } catch {
      // The live loop tells what went wrong: the same link, the same server.
    }
  }

  load();
  return {
    unmount() {
      unmounted = true;
      feed.stop();
    },
    relabel() {
      render();
      // The items say their texts again in the new language.
      for (const e of answer ? answer.trial_actions : []) {
        items.get(entryKey(e))?.update(e);
        spreadItems.get(entryKey(e))?.update(e);
      }
    },
  };
}
