// @ts-check
// The client's addresses: `/` (start page), `/join` and `/join/{code}` (join page),
// `/board/{code}` (the board; `?view=screen` shows it for the big screen), the
// facilitator's private link `/board/{code}#token={token}`, and invitation links
// `/join/{code}#invite={token}&role={role}`, a workspace's page
// `/workspace/{id}#token={token}` (the token of one of its role links), and the form that
// starts a workshop in it, `/workspace/{id}/new` (`?follow={session id}` to follow one
// up), its portfolio `/workspace/{id}/portfolio` (the filters in `?status=...&overdue=true`,
// see portfolio.js), and an owner's personal link to one trial action, `/trial/{session id}/{trial
// action id}#token={participant token}` (PROTOCOL.md, "An owner's personal link"), and a
// session's outcome report `/outcome/{session id}` (outcome-page.js), opened with a token
// in the fragment (`#token=...`: a participant's token of the session or a link of its
// workspace), or with one this device keeps: its own participant token of the session, or,
// from the workspace's page, `?workspace={id}` names the workspace whose kept link to use
// (an id, never a token, in the query). Pure: works on strings, importable from Node.
//
// The role in an invitation link is only a hint for the join page ("You are invited as
// manager"): PROTOCOL.md has no way to ask which role an invitation is for before
// joining. The role a person gets is the one the server gives in its `welcome`.

import { normalizeCode } from './codes.js';

/**
 * @typedef {{name: 'start'} | {name: 'join', code: string, raw: string} |
 *   {name: 'board', code: string|null, raw: string} | {name: 'workspace', id: string} |
 *   {name: 'workspaceNew', id: string} | {name: 'workspacePortfolio', id: string} | {name: 'trial', sessionId: string, trialId: number} |
 *   {name: 'outcome', sessionId: string} | {name: 'notFound'}} Route
 * For join, `code` is the normalized code or '' when the address holds none or a
 * malformed one (`raw` keeps what it held, to show it); for board, `code` is null when
 * the address holds a malformed code.
 */

/** A session's or a workspace's id: 96 random bits in base64url, 16 characters. */
const ID_PATTERN = /^[A-Za-z0-9_-]{16}$/;
/** An owner's page: the session's id, and the trial action's, a positive integer without leading zeros. */
const TRIAL_PATH = /^\/trial\/([A-Za-z0-9_-]{16})\/([1-9][0-9]{0,15})$/;
/** A session's outcome report: exactly the session's id after /outcome/. */
const OUTCOME_PATH = /^\/outcome\/([A-Za-z0-9_-]{16})$/;

/**
 * @param {string} pathname location.pathname
 * @returns {Route}
 */
export function parseRoute(pathname) {
  const parts = pathname.split('/').filter((p) => p !== '');
  if (parts.length === 0) return { name: 'start' };
  let raw = '';
  try {
    raw = parts.length > 1 ? decodeURIComponent(parts[1]) : '';
  } catch {
    raw = parts[1] || '';
  }
  if (parts[0] === 'join' && parts.length <= 2) {
    return { name: 'join', code: normalizeCode(raw) || '', raw };
  }
  if (parts[0] === 'board' && parts.length === 2) {
    return { name: 'board', code: normalizeCode(raw), raw };
  }
  if (parts[0] === 'workspace' && ID_PATTERN.test(raw)) {
    if (parts.length === 2) return { name: 'workspace', id: raw };
    if (parts.length === 3 && parts[2] === 'new') return { name: 'workspaceNew', id: raw };
    if (parts.length === 3 && parts[2] === 'portfolio') return { name: 'workspacePortfolio', id: raw };
  }
  if (parts[0] === 'trial') {
    // Exactly /trial/{16-character id}/{positive id}: nothing doubled, encoded or after it.
    const m = TRIAL_PATH.exec(pathname);
    const trialId = m ? Number(m[2]) : 0;
    if (m && Number.isSafeInteger(trialId)) return { name: 'trial', sessionId: m[1], trialId };
  }
  if (parts[0] === 'outcome') {
    const m = OUTCOME_PATH.exec(pathname);
    if (m) return { name: 'outcome', sessionId: m[1] };
  }
  return { name: 'notFound' };
}

/**
 * The page of one trial action for its owner.
 * @param {string} sessionId the session's id (not its join code)
 * @param {number} trialId
 */
export function trialPath(sessionId, trialId) {
  return '/trial/' + encodeURIComponent(sessionId) + '/' + String(trialId);
}

/**
 * An owner's personal link to a trial action: whoever has it acts as that participant.
 * @param {string} origin location.origin
 * @param {string} sessionId
 * @param {number} trialId
 * @param {string} token the participant's token
 */
export function trialLink(origin, sessionId, trialId, token) {
  return tokenLink(origin, trialPath(sessionId, trialId), token);
}

/**
 * A session's outcome report; with `workspace`, read with the link of that workspace
 * this device keeps (the workspace's page links to it so).
 * @param {string} sessionId the session's id (not its join code)
 * @param {string} [workspace] a workspace's id
 */
export function outcomePath(sessionId, workspace) {
  return '/outcome/' + encodeURIComponent(sessionId) + (workspace ? '?workspace=' + encodeURIComponent(workspace) : '');
}

/**
 * The workspace an outcome report's address names (`?workspace={id}`), if it names one
 * well-formed id.
 * @param {string} search location.search
 * @returns {string|null}
 */
export function workspaceFromSearch(search) {
  const id = new URLSearchParams(search).get('workspace');
  return id && ID_PATTERN.test(id) ? id : null;
}

/** @param {string} code a normalized join code */
export function joinPath(code) {
  return '/join/' + encodeURIComponent(code);
}

/** @param {string} id a workspace's id */
export function workspacePath(id) {
  return '/workspace/' + encodeURIComponent(id);
}

/**
 * The form that starts a workshop in a workspace; with `follow`, a review of that session.
 * @param {string} id a workspace's id
 * @param {string} [follow] the id of a session of the workspace to follow up
 */
export function workspaceNewPath(id, follow) {
  return workspacePath(id) + '/new' + (follow ? '?follow=' + encodeURIComponent(follow) : '');
}

/**
 * A workspace's portfolio; with `search` (portfolio.js's filtersToSearch), filtered.
 * @param {string} id a workspace's id
 * @param {string} [search] '' or '?status=running&…'
 */
export function workspacePortfolioPath(id, search = '') {
  return workspacePath(id) + '/portfolio' + search;
}

/**
 * A workspace's link for one role.
 * @param {string} origin location.origin
 * @param {string} id the workspace's id
 * @param {string} token the link's token
 */
export function workspaceLink(origin, id, token) {
  return tokenLink(origin, workspacePath(id), token);
}

/**
 * A page's address with a token in its fragment (`#token=...`), which never reaches
 * the server in a request.
 * @param {string} origin
 * @param {string} path
 * @param {string} token
 */
function tokenLink(origin, path, token) {
  const url = new URL(path, origin);
  url.hash = 'token=' + encodeURIComponent(token);
  return url.href;
}

/** @param {string} code a normalized join code */
export function boardPath(code) {
  return '/board/' + encodeURIComponent(code);
}

/**
 * The facilitator's private link.
 * @param {string} origin location.origin
 * @param {string} code
 * @param {string} token
 */
export function facilitatorLink(origin, code, token) {
  return tokenLink(origin, boardPath(code), token);
}

/**
 * The token in a `#token=...` fragment, if there is one.
 * @param {string} hash location.hash, with or without the leading '#'
 * @returns {string|null}
 */
export function tokenFromFragment(hash) {
  const text = hash.startsWith('#') ? hash.slice(1) : hash;
  if (!text) return null;
  const token = new URLSearchParams(text).get('token');
  return token ? token : null;
}

/**
 * An invitation link for a role (made by the facilitator console).
 * @param {string} origin location.origin
 * @param {string} code
 * @param {string} token the invitation's token
 * @param {string} role
 */
export function inviteLink(origin, code, token, role) {
  const url = new URL(joinPath(code), origin);
  url.hash = 'invite=' + encodeURIComponent(token) + '&role=' + encodeURIComponent(role);
  return url.href;
}

/**
 * The invitation in a `#invite=...&role=...` fragment, if there is one.
 * @param {string} hash location.hash, with or without the leading '#'
 * @returns {{invite: string, role: string|null}|null}
 */
export function inviteFromFragment(hash) {
  const text = hash.startsWith('#') ? hash.slice(1) : hash;
  if (!text) return null;
  const params = new URLSearchParams(text);
  const invite = params.get('invite');
  if (!invite) return null;
  const role = params.get('role');
  return { invite, role: role && /^[a-z_]{1,20}$/.test(role) ? role : null };
}

/**
 * Which view of the board the address asks for: `?view=screen` (the big screen),
 * `?view=board` (the ordinary board, also for observers), or neither.
 * @param {string} search location.search
 * @returns {'screen'|'board'|null}
 */
export function viewFromSearch(search) {
  const view = new URLSearchParams(search).get('view');
  return view === 'screen' || view === 'board' ? view : null;
}

/** @param {string} code a normalized join code */
export function screenPath(code) {
  return boardPath(code) + '?view=screen';
}
