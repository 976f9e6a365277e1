// @ts-check
// A session's outcome report on a page of its own (/outcome/{session id}): during the
// workshop and long after it, for the facilitator, the participants, and the workspace's
// managers and viewers (a steering group, councillors) who never joined it. It reads
// GET /api/sessions/{id}/outcome (PROTOCOL.md, "The outcome report") and shows what the
// board's outcome tab shows (outcome-view.js draws both), and what only the report has:
// participation by role and the timeline of the phases with their durations. Printable
// as a clean A4 report (the print style sheet); readable on a phone.
//
// The token goes in the request's Authorization header, never in an address. It is the
// one in the link the page was opened with (`#token=...`, kept on this device and taken
// out of the address bar at once); else, from the workspace's page (`?workspace={id}`),
// the link of that workspace this device keeps; else the participant token this device
// joined the session with, or an owner's personal link's. Each is tried in that order
// until one admits. The server answers a token it does not know and a session that does
// not exist alike (`invalid_token`): the page says how to get access.
//
// The session's facilitator, and the workspace's admin, may delete the session here
// (PROTOCOL.md, "Deleting a session"): a confirmation names the session and asks what
// becomes of its trial actions before anything is sent.

import { deleteSession, getExport, getOutcome } from '../api.js';
import { h, replace, saveFile, setText } from '../dom.js';
import { errorMessage, formatDay, roleName, t } from '../i18n.js';
import { ARCHIVE_FILE, EXPORT_FILES, mayArchive, mayDeleteSession, mayExport } from '../permissions.js';
import { readReport } from '../report.js';
import { boardPath, outcomePath, tokenFromFragment, workspaceFromSearch, workspacePath } from '../routes.js';
import { forgetSession, loadOutcomeToken, loadSession, loadTrialToken, loadWorkspaceToken, saveOutcomeToken, savedSessionById,
  saveTrialToken } from '../storage.js';
import { createHistoryView } from './history-view.js';
import { reportHead, reportSections, reportSummary } from './outcome-view.js';

/** @typedef {'link'|'workspace'|'participant'|'trial'} Source */

/**
 * The tokens this device may read a session's report with, in the order they are
 * tried, each once.
 * @param {{link: string|null, workspace: string|null, participant: string|null, trial: string|null}} tokens
 * @returns {Array<{source: Source, token: string}>}
 */
export function candidateTokens(tokens) {
  /** @type {Source[]} */
  const order = ['link', 'workspace', 'participant', 'trial'];
  const seen = new Set();
  const out = [];
  for (const source of order) {
    const token = tokens[source];
    if (!token || seen.has(token)) continue;
    seen.add(token);
    out.push({ source, token });
  }
  return out;
}

/**
 * @param {HTMLElement} root
 * @param {import('../main.js').ViewContext} ctx
 * @param {string} sessionId
 * @returns {import('../main.js').MountedView}
 */
export function mount(root, ctx, sessionId) {
  const workspaceId = workspaceFromSearch(location.search);
  const fragmentToken = tokenFromFragment(location.hash);
  if (fragmentToken) {
    saveOutcomeToken(sessionId, fragmentToken);
    // The token must not stay in the address bar, the history or a bookmark.
    history.replaceState(null, '', outcomePath(sessionId, workspaceId || undefined));
  }
  const candidates = candidateTokens({
    link: loadOutcomeToken(sessionId),
    workspace: workspaceId ? loadWorkspaceToken(workspaceId) : null,
    participant: savedSessionById(sessionId)?.token || null,
    trial: loadTrialToken(sessionId),
  });

  let unmounted = false;
  let loading = false;
  /** @type {import('../report.js').Report|null} */
  let report = null;
  /** @type {string|null} the token that admitted, for a refresh */
  let admitted = null;
  /** @type {string|null} a key of strings.js: why there is no report */
  let problem = candidates.length ? null : 'outcomePage.noToken';
  /** @type {string|null} an error's own message */
  let problemText = null;
  let offerRetry = false;

  const nav = h('nav', { class: 'outcome-page__nav' });
  const status = h('p', { class: 'muted', attrs: { role: 'status', 'data-testid': 'outcome-status' } });
  const problemEl = h('div', { class: 'outcome-page__problem', attrs: { role: 'alert', 'data-testid': 'outcome-problem' }, hidden: true });
  const head = h('header', { class: 'outcome__head', attrs: { 'data-testid': 'outcome-head' } });
  const reader = h('p', { class: 'outcome-page__reader field__hint', attrs: { 'data-testid': 'outcome-reader' } });
  const summary = h('p', { class: 'outcome__summary' });
  const body = h('div', { class: 'outcome__body' });
  const print = h('button', { type: 'button', class: 'button button--primary', dataset: { action: 'print' }, on: { click: () => globalThis.print() } });
  const refresh = h('button', { type: 'button', class: 'button', dataset: { action: 'refresh' }, on: { click: () => load() } });
  const retry = h('button', { type: 'button', class: 'button', dataset: { action: 'retry' }, on: { click: () => load() } });
  // The exports, for those who may download them: fetched with the token in the header,
  // then saved from memory (a link could not carry the header).
  const downloadHeading = h('h2');
  const downloadButtons = EXPORT_FILES.map((file) => h('button', { type: 'button', class: 'button button--small',
    dataset: { action: 'download', file }, on: { click: () => download(file) } }));
  const archiveButton = h('button', { type: 'button', class: 'button button--small',
    dataset: { action: 'download', file: ARCHIVE_FILE }, on: { click: () => download(ARCHIVE_FILE) } });
  const downloads = h('section', { class: 'outcome-page__downloads', attrs: { 'data-testid': 'outcome-downloads' }, hidden: true },
    downloadHeading, h('div', { class: 'actions' }, downloadButtons, archiveButton));
  // The board at any moment of the session, with the token that admitted the report.
  const historyView = createHistoryView({ sessionId, token: () => admitted, toast: ctx.toast });
  // Deleting the session, for those who may: first a button, then the confirmation.
  let confirming = false;
  let deleting = false;
  const deleteHeading = h('h2');
  const deleteExplain = h('p', { class: 'field__hint' });
  const deleteOpen = h('button', { type: 'button', class: 'button button--small', dataset: { action: 'delete-session' },
    on: { click: () => { confirming = true; trialsDelete.checked = false; trialsKeep.checked = false; render(); trialsDelete.focus(); } } });
  const confirmTitle = h('p', { attrs: { 'data-testid': 'delete-confirm-title' } });
  const trialsLegend = h('legend');
  const trialsDelete = h('input', { type: 'radio', name: 'delete-trial-actions', value: 'delete', required: true,
    dataset: { choice: 'delete' }, on: { change: () => render() } });
  const trialsDeleteText = h('span');
  const trialsKeep = h('input', { type: 'radio', name: 'delete-trial-actions', value: 'keep', required: true,
    dataset: { choice: 'keep' }, on: { change: () => render() } });
  const trialsKeepText = h('span');
  /** @returns {'delete' | 'keep' | null} what becomes of the trial actions, once chosen */
  const trialsChoice = () => (trialsDelete.checked ? 'delete' : trialsKeep.checked ? 'keep' : null);
  // Shown on the report of a session deleted with its trial actions kept.
  const deletedNotice = h('p', { class: 'notice', attrs: { 'data-testid': 'outcome-deleted' }, hidden: true });
  const confirmDelete = h('button', { type: 'button', class: 'button button--danger', dataset: { action: 'confirm-delete' },
    on: { click: () => erase() } });
  const cancelDelete = h('button', { type: 'button', class: 'button', dataset: { action: 'cancel-delete' },
    on: { click: () => { confirming = false; render(); } } });
  const confirmHint = h('p', { class: 'field__hint', attrs: { 'aria-live': 'polite' } });
  const confirmBox = h('div', { attrs: { role: 'group', 'data-testid': 'delete-confirm' }, hidden: true },
    confirmTitle, h('fieldset', {}, trialsLegend, h('label', {}, trialsDelete, trialsDeleteText),
      h('label', {}, trialsKeep, trialsKeepText)), confirmHint,
    h('div', { class: 'actions' }, confirmDelete, cancelDelete));
  const deletion = h('section', { class: 'outcome-page__delete', attrs: { 'data-testid': 'outcome-delete' }, hidden: true },
    deleteHeading, deleteExplain, deleteOpen, confirmBox);
  const article = h('article', { class: 'outcome outcome--page', attrs: { 'data-testid': 'outcome-report' }, hidden: true },
    head, deletedNotice, reader, summary, body, downloads, h('div', { class: 'actions' }, print, refresh), historyView.el, deletion);
  const page = h('section', { class: 'outcome-page', attrs: { 'data-testid': 'outcome-page' } }, nav, status, problemEl, article);
  replace(root, page);

  function render() {
    if (unmounted) return;
    const state = report?.state;
    const session = state?.session || null;
    document.title = (session ? session.title + ' – ' : '') + t('outcome.heading') + ' – ' + t('app.name');

    const code = session?.code;
    replace(nav,
      workspaceId ? h('a', { attrs: { href: workspacePath(workspaceId), 'data-nav': true }, text: '← ' + t('outcomePage.backToWorkspace') }) : null,
      code && loadSession(code) ? h('a', { attrs: { href: boardPath(code), 'data-nav': true }, text: t('outcomePage.openBoard') }) : null);
    nav.hidden = !nav.firstChild;

    const message = problem ? t(problem) : problemText;
    setText(status, loading && !report ? t('outcomePage.loading') : '');
    status.hidden = !(loading && !report);
    problemEl.hidden = !message;
    if (message) {
      replace(problemEl, h('p', { class: 'notice', dataset: { kind: 'error' }, text: message }), offerRetry ? retry : null);
      setText(retry, t('outcomePage.retry'));
    }

    article.hidden = !report;
    if (!report || !state) return;
    replace(head, reportHead(state, { participation: report.participation, generatedAt: report.generatedAt, page: true }));
    setText(reader, report.reader.kind === 'receipt' ? t('outcomePage.asReceipt')
      : report.reader.kind === 'workspace'
        ? t('outcomePage.asWorkspace', { role: t('workspace.role.' + report.reader.role) })
        : t('outcomePage.asParticipant', { role: roleName(report.reader.role) }));
    deletedNotice.hidden = !session?.deleted_at;
    setText(deletedNotice, session?.deleted_at ? t('outcomePage.deletedKept', { day: formatDay(session.deleted_at) }) : '');
    setText(summary, reportSummary(state));
    replace(body, reportSections(state, { level: 2, participation: report.participation, timeline: report.timeline,
      timelineComplete: report.timelineComplete }));
    setText(print, t('outcome.print'));
    setText(refresh, t('outcomePage.refresh'));
    const exports = mayExport(report.reader), archive = mayArchive(report.reader);
    downloads.hidden = !exports && !archive;
    setText(downloadHeading, t('outcomePage.downloads'));
    downloadButtons.forEach((b, i) => {
      setText(b, t('outcomePage.download.' + EXPORT_FILES[i].replace('.', '_')));
      b.hidden = !exports;
    });
    setText(archiveButton, t('outcomePage.download.session_json'));
    archiveButton.hidden = !archive;
    historyView.render();

    deletion.hidden = !mayDeleteSession(report.reader);
    setText(deleteHeading, t('outcomePage.delete.heading'));
    setText(deleteExplain, t('outcomePage.delete.explain'));
    setText(deleteOpen, t('outcomePage.delete.open'));
    deleteOpen.hidden = confirming;
    confirmBox.hidden = !confirming;
    setText(confirmTitle, t('outcomePage.delete.confirmTitle', { title: session ? session.title : '' }));
    setText(trialsLegend, t('outcomePage.delete.trials', { count: String(state.trials ? state.trials.size : 0) }));
    setText(trialsDeleteText, t('outcomePage.delete.trialsDelete'));
    setText(trialsKeepText, t('outcomePage.delete.trialsKeep'));
    // Kept for its workspace's follow-ups and portfolio: outside one, nobody could reach them.
    trialsKeep.closest('label')?.toggleAttribute('hidden', !session?.workspace);
    const choice = trialsChoice();
    setText(confirmHint, choice === 'keep' ? t('outcomePage.delete.keepHint')
      : choice ? '' : t('outcomePage.delete.chooseTrials'));
    setText(confirmDelete, t('outcomePage.delete.confirm'));
    setText(cancelDelete, t('outcomePage.delete.cancel'));
    confirmDelete.disabled = deleting || !choice;
  }

  async function erase() {
    const choice = trialsChoice();
    if (!admitted || deleting || !choice) return;
    const title = report?.state?.session?.title || '';
    const code = report?.state?.session?.code || null;
    deleting = true;
    render();
    try {
      await deleteSession(sessionId, admitted, choice);
    } catch (err) {
      deleting = false;
      if (unmounted) return;
      render();
      ctx.toast(errorMessage(/** @type {any} */ (err)), 'error');
      return;
    }
    // Nothing of it is left to come back to: this device forgets its links to it too.
    saveOutcomeToken(sessionId, null);
    saveTrialToken(sessionId, null);
    const saved = code ? loadSession(code) : null;
    if (code && saved && saved.sessionId === sessionId) forgetSession(code);
    ctx.toast(t(choice === 'keep' ? 'outcomePage.delete.doneKept' : 'outcomePage.delete.done', { title }), 'info');
    if (!unmounted) ctx.navigate(workspaceId ? workspacePath(workspaceId) : '/', { replace: true });
  }

  /** @param {string} file */
  async function download(file) {
    if (!admitted) return;
    try {
      const got = await getExport(sessionId, file, admitted);
      if (unmounted) return;
      saveFile(got);
    } catch (err) {
      if (unmounted) return;
      ctx.toast(errorMessage(/** @type {any} */ (err)), 'error');
    }
  }

  async function load() {
    if (loading) return;
    loading = true;
    render();
    const tries = admitted ? [{ source: /** @type {Source} */ ('link'), token: admitted }, ...candidates.filter((c) => c.token !== admitted)] : candidates;
    let refused = false;
    /** @type {any} */
    let failure = null;
    for (const { source, token } of tries) {
      try {
        const answer = await getOutcome(sessionId, token);
        if (unmounted) return;
        const read = readReport(answer);
        if (!read.ok) {
          failure = { unreadable: true };
          break;
        }
        report = read.report;
        admitted = token;
        failure = null;
        refused = false;
        break;
      } catch (err) {
        if (unmounted) return;
        const e = /** @type {import('../api.js').ApiError} */ (err);
        if (e.code === 'invalid_token' || e.code === 'credentials_required') {
          // This token does not admit to this session: a link that no longer does is of
          // no use on this device; the others belong to the board and the workspace page.
          if (source === 'link' && token === loadOutcomeToken(sessionId)) saveOutcomeToken(sessionId, null);
          if (token === admitted) admitted = null;
          refused = true;
          continue;
        }
        failure = e;
        break;
      }
    }
    loading = false;
    if (failure) {
      problem = failure.unreadable ? 'outcomePage.unreadable' : failure.code === 'network' ? 'outcomePage.network' : null;
      problemText = problem ? null : errorMessage(failure);
      offerRetry = true;
    } else if (refused && !admitted) {
      report = null;
      problem = 'outcomePage.noAccess';
      problemText = null;
      offerRetry = false;
    } else {
      problem = null;
      problemText = null;
      offerRetry = false;
    }
    render();
  }

  if (candidates.length) load();
  else render();
  return {
    unmount() {
      unmounted = true;
    },
    relabel: render,
  };
}
