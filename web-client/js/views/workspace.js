// @ts-check
// A workspace's page (/workspace/{id}): opened with one of its role links
// (#token=..., kept on this device and taken out of the address bar at once). It shows
// the workspace, the role the link gives, a link to its portfolio (portfolio.js) and the
// sessions made in it with their counts and a link to each one's outcome report
// (outcome-page.js, `/outcome/{session id}?workspace={id}`: the report is read with this
// workspace's link, which stays on the device);
// its admin and facilitators start a workshop or a follow-up of one from here
// (/workspace/{id}/new, start.js); its admin also manages the role links
// (make, renew, revoke, copy), as the facilitator does a session's invitations, and
// downloads the whole workspace as JSON (workspace.json: every session's archive). Every
// request carries the token in its Authorization header, never in the address.

import { changeWorkspaceLink, getWorkspace, getWorkspaceArchive, getWorkspaceSessions, importSession, saveWorkspaceSettings } from '../api.js';
import { displayCode } from '../codes.js';
import { copyText } from '../clipboard.js';
import { h, replace, saveFile, setText } from '../dom.js';
import { errorMessage, formatDay, plural, roleName, t } from '../i18n.js';
import { boardPath, outcomePath, tokenFromFragment, workspaceLink, workspaceNewPath, workspacePath, workspacePortfolioPath } from '../routes.js';
import { recentSessions } from '../storage.js';
import { WORKSPACE_ROLES, workspaceMay } from '../permissions.js';
import { loadWorkspaceToken, saveWorkspaceToken } from '../storage.js';
import { RETENTION_MAX } from '../portfolio.js';
import { createNumberSetting } from './number-setting.js';

/** The roles in the order a session's people are counted on the page. */
const COUNTED_ROLES = Object.freeze(['facilitator', 'co_facilitator', 'manager', 'staff', 'citizen', 'observer']);

/**
 * "12 deltagere: borger 8, medarbejder 3, facilitator 1" for a session's counts.
 * @param {import('../api.js').SessionCounts} counts
 */
export function peopleText(counts) {
  const by = counts.participants || {};
  const total = Object.values(by).reduce((a, b) => a + b, 0);
  const parts = COUNTED_ROLES.filter((r) => by[r]).sort((a, b) => by[b] - by[a]).map((r) => roleName(r) + ' ' + by[r]);
  return plural('workspace.sessions.people', total) + (parts.length ? ': ' + parts.join(', ') : '');
}

/** The roles of a workspace, as PROTOCOL.md lists them. */

/**
 * The link a role has now: the newest one of that role, if any.
 * @param {import('../api.js').Workspace} w
 * @param {string} role
 * @returns {import('../api.js').WorkspaceLink|null}
 */
export function currentLink(w, role) {
  const mine = (w.links || []).filter((l) => l.role === role);
  return mine.length ? mine[mine.length - 1] : null;
}

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
    history.replaceState(null, '', workspacePath(id));
  }
  let token = loadWorkspaceToken(id);
  let unmounted = false;
  /** @type {import('../api.js').Workspace|null} */
  let workspace = null;
  /** @type {import('../api.js').ListedSession[]} */
  let sessions = [];
  /** @type {string|null} what went wrong, if something did */
  let problem = null;

  const heading = h('h1', { attrs: { 'data-testid': 'workspace-name' } });
  const role = h('p', { attrs: { 'data-testid': 'workspace-role' } });
  const status = h('p', { class: 'notice', attrs: { role: 'status' }, hidden: true });
  // The portfolio, for every role: every trial action of the workspace at once.
  const portfolioLink = h('a', { class: 'button', attrs: { href: workspacePortfolioPath(id), 'data-nav': true, 'data-action': 'open-portfolio' } });
  // The whole workspace as JSON, for the links that may have every session's archive (the admin's).
  const archiveButton = h('button', { type: 'button', class: 'button', hidden: true,
    dataset: { action: 'download-workspace' }, on: { click: () => downloadArchive() } });
  const portfolio = h('p', { class: 'actions workspace__portfolio', hidden: true }, portfolioLink, archiveButton);
  const sessionList = h('section', { class: 'panel workspace__sessions', attrs: { 'data-testid': 'workspace-sessions' }, hidden: true });
  const links = h('section', { class: 'panel workspace__links', attrs: { 'data-testid': 'workspace-links' }, hidden: true });
  // The admin imports a session archive (session.json) as a new session of the workspace.
  /** @type {import('../api.js').ImportedSession|null} */
  let imported = null;
  /** @type {string|null} */
  let importProblem = null;
  const importFile = h('input', { attrs: { type: 'file', id: 'workspace-import-file', accept: 'application/json,.json', 'data-testid': 'import-file' } });
  const importLabel = h('label', { class: 'field__label', attrs: { for: 'workspace-import-file' } });
  const importButton = h('button', { type: 'button', class: 'button', dataset: { action: 'import-session' }, on: { click: () => runImport() } });
  const importResult = h('div', { attrs: { 'data-testid': 'import-result', 'aria-live': 'polite' } });
  const importHeading = h('h2', { class: 'panel-heading' });
  const importHint = h('p', { class: 'field__hint' });
  const importer = h('section', { class: 'panel workspace__import', attrs: { 'data-testid': 'workspace-import' }, hidden: true },
    importHeading, importHint, h('p', { class: 'field' }, importLabel, importFile), h('p', { class: 'actions' }, importButton), importResult);
  // The admin's retention: months after a session closes when the server removes its names.
  const retention = createNumberSetting({
    field: 'retention_months',
    max: RETENTION_MAX,
    strings: 'workspace.retention',
    testid: 'workspace-retention',
    visible: () => Boolean(workspace && workspaceMay(workspace.role, 'change_settings')),
    value: () => workspace?.retention_months ?? 0,
    async save(months) {
      const w = await saveWorkspaceSettings(id, token || '', { retention_months: months });
      if (unmounted) return;
      workspace = { ...w, role: workspace ? workspace.role : w.role };
      render();
    },
    toast: ctx.toast,
  });
  const page = h('section', { class: 'panel workspace' }, heading, role, status, portfolio, sessionList, links, importer, retention.el);
  replace(root, page);

  function render() {
    if (unmounted) return;
    document.title = (workspace ? workspace.name : t('workspace.title')) + ' – ' + t('app.name');
    setText(heading, workspace ? workspace.name : t('workspace.title'));
    setText(role, workspace ? t('workspace.yourRole', { role: t('workspace.role.' + workspace.role) }) : '');
    role.hidden = !workspace;
    portfolio.hidden = !workspace;
    setText(portfolioLink, t('portfolio.link'));
    archiveButton.hidden = !workspace || !workspaceMay(workspace.role, 'archive');
    setText(archiveButton, t('workspace.archive.download'));
    const message = problem ?? (!token ? t('workspace.noToken') : !workspace ? t('workspace.loading') : '');
    setText(status, message);
    status.hidden = !message;
    status.dataset.kind = problem ? 'error' : 'info';
    sessionList.hidden = !workspace;
    if (workspace) renderSessions();
    links.hidden = !workspace || !workspaceMay(workspace.role, 'manage_links');
    if (!links.hidden && workspace) renderLinks(workspace);
    retention.update();
    importer.hidden = !workspace || !workspaceMay(workspace.role, 'import');
    setText(importHeading, t('workspace.import.heading'));
    setText(importHint, t('workspace.import.hint'));
    setText(importLabel, t('workspace.import.file'));
    setText(importButton, t('workspace.import.button'));
    replace(importResult,
      importProblem ? h('p', { class: 'notice', dataset: { kind: 'error' }, text: importProblem }) : null,
      imported ? h('p', { class: 'notice', dataset: { kind: 'info' }, text: t('workspace.import.done', { title: imported.session.title, code: displayCode(imported.code) }) }) : null,
      imported ? h('p', { class: 'actions' }, ...imported.links.map((l) => h('a', { class: 'button button--small',
        text: t('workspace.import.open', { name: l.name }), attrs: { href: l.path, 'data-action': 'open-imported' } }))) : null);
  }

  async function downloadArchive() {
    if (!token) return;
    try {
      const got = await getWorkspaceArchive(id, token);
      if (!unmounted) saveFile(got);
    } catch (err) {
      const e = /** @type {any} */ (err);
      // Over the size of one file (PROTOCOL.md's limits): each session's own archive still works.
      if (!unmounted) ctx.toast(e.code === 'too_long' ? t('workspace.archive.tooLarge') : errorMessage(e), 'error');
    }
  }

  async function runImport() {
    const file = importFile instanceof HTMLInputElement && importFile.files ? importFile.files[0] : null;
    if (!token || !file) return;
    importProblem = null;
    imported = null;
    try {
      imported = await importSession(id, token, file);
      if (unmounted) return;
      sessions = await getWorkspaceSessions(id, token);
    } catch (err) {
      const e = /** @type {any} */ (err);
      importProblem = errorMessage(e) + (e.field ? ' (' + e.field + ')' : '');
    }
    render();
  }

  function renderSessions() {
    const starts = !!workspace && workspaceMay(workspace.role, 'start_workshop');
    const mine = new Set(recentSessions().map((r) => r.code));
    replace(sessionList,
      h('h2', { class: 'panel-heading', text: t('workspace.sessions.heading') }),
      starts ? h('p', { class: 'actions' }, h('a', { class: 'button button--primary', text: t('workspace.sessions.start'),
        attrs: { href: workspaceNewPath(id), 'data-nav': true, 'data-action': 'start-workshop' } })) : null,
      sessions.length
        ? h('ul', { class: 'workspace__session-list' }, ...sessions.map((s) => h('li', { class: 'workspace__session', dataset: { id: s.id } },
          h('h3', { class: 'workspace__session-title', text: s.title }),
          h('p', { class: 'muted', text: t(s.deleted_at ? 'workspace.sessions.deleted'
            : s.status === 'closed' ? 'workspace.sessions.closed' : 'workspace.sessions.open',
          { code: displayCode(s.code) }) + ' · ' + formatDay(s.created_at) +
            (s.follow_up_of ? ' · ' + t('workspace.sessions.followUp') : '') }),
          s.counts ? h('p', { class: 'workspace__session-counts', dataset: { testid: 'session-counts' },
            text: peopleText(s.counts) + ' · ' + plural('idea.count', s.counts.ideas) + ' · ' + plural('trial.count', s.counts.trial_actions) }) : null,
          h('p', { class: 'actions' },
            s.code && mine.has(s.code) ? h('a', { class: 'button button--small', text: t('workspace.sessions.openBoard'),
              attrs: { href: boardPath(s.code), 'data-nav': true, 'aria-label': t('workspace.sessions.openBoardOf', { title: s.title }) } }) : null,
            // The session's outcome report, read with this workspace's link (kept on the device).
            h('a', { class: 'button button--small', text: t('workspace.sessions.outcome'),
              attrs: { href: outcomePath(s.id, id), 'data-nav': true, 'data-action': 'open-outcome', 'aria-label': t('workspace.sessions.outcomeOf', { title: s.title }) } }),
            starts ? h('a', { class: 'button button--small', text: t('workspace.sessions.followUpStart'),
              attrs: { href: workspaceNewPath(id, s.id), 'data-nav': true, 'data-action': 'follow-up', 'aria-label': t('workspace.sessions.followUpOf', { title: s.title }) } }) : null))))
        : h('p', { class: 'field__hint', text: t('workspace.sessions.none') }));
  }

  /** @param {import('../api.js').Workspace} w */
  function renderLinks(w) {
    const focused = document.activeElement instanceof HTMLElement ? document.activeElement.dataset : null;
    const refocus = focused && focused.action && focused.role ? [focused.action, focused.role] : null;
    replace(links,
      h('h2', { class: 'panel-heading', text: t('workspace.links.heading') }),
      h('p', { class: 'field__hint', text: t('workspace.links.intro') }),
      h('div', { class: 'invites' }, ...WORKSPACE_ROLES.map((r) => linkRow(w, r))));
    if (refocus) {
      const again = links.querySelector(`[data-action="${refocus[0]}"][data-role="${refocus[1]}"]`);
      if (again instanceof HTMLElement) again.focus();
    }
  }

  /**
   * @param {import('../api.js').Workspace} w
   * @param {string} r
   */
  function linkRow(w, r) {
    const link = currentLink(w, r);
    const roleName = t('workspace.role.' + r);
    const state = !link ? 'none' : !link.active ? 'revoked' : link.token ? 'active' : 'unavailable';
    const row = h('div', { class: 'invite', dataset: { role: r } },
      h('h3', { class: 'invite__role', text: t('workspace.links.for', { role: roleName }) }),
      h('p', { class: 'field__hint', text: t('workspace.links.' + state) }));
    if (state === 'active' && link) {
      const field = h('input', { type: 'text', class: 'invite__link', attrs: { readonly: true, 'aria-label': t('workspace.links.for', { role: roleName }) },
        on: { focus: () => field.select() } });
      field.value = workspaceLink(location.origin, w.id, link.token);
      const copy = h('button', { type: 'button', class: 'button button--small', text: t('common.copy'), dataset: { action: 'copy-link', role: r },
        on: { click: async () => {
          const ok = await copyText(field.value);
          ctx.toast(ok ? t('workspace.links.copied', { role: roleName }) : t('common.copyFailed'), ok ? 'info' : 'error');
        } } });
      row.append(h('div', { class: 'copy-row' }, field, copy));
    }
    const actions = h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'button button--small', dataset: { action: 'renew-link', role: r },
        text: t(link ? 'workspace.links.renew' : 'workspace.links.create'), on: { click: () => change(r, 'renew') } }));
    if (r !== 'admin' && link && link.active) {
      actions.append(h('button', { type: 'button', class: 'button button--small button--danger', dataset: { action: 'revoke-link', role: r },
        text: t('workspace.links.revoke'), on: { click: () => change(r, 'revoke') } }));
    }
    row.append(actions);
    return row;
  }

  /**
   * @param {string} r
   * @param {'renew'|'revoke'} action
   */
  async function change(r, action) {
    if (!token) return;
    try {
      const w = await changeWorkspaceLink(id, token, r, action);
      if (unmounted) return;
      if (r === 'admin') {
        // The admin's own link was renewed: this device keeps the new one.
        const mine = currentLink(w, 'admin');
        if (mine && mine.token) {
          token = mine.token;
          saveWorkspaceToken(id, token);
          ctx.toast(t('workspace.links.adminRenewed'), 'info');
        }
      }
      workspace = w;
      problem = null;
    } catch (err) {
      ctx.toast(errorMessage(/** @type {any} */ (err)), 'error');
    }
    render();
  }

  async function load() {
    if (!token) return render();
    render();
    try {
      const [w, list] = await Promise.all([getWorkspace(id, token), getWorkspaceSessions(id, token)]);
      workspace = w;
      sessions = list;
      problem = null;
    } catch (err) {
      const e = /** @type {any} */ (err);
      // A link that no longer admits is of no use on this device any more.
      if (e.code === 'invalid_token') {
        saveWorkspaceToken(id, null);
        token = null;
      }
      problem = errorMessage(e);
    }
    render();
  }

  load();
  return {
    unmount() {
      unmounted = true;
    },
    relabel: render,
  };
}
