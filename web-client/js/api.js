// @ts-check
// The HTTP API (PROTOCOL.md, "HTTP API"): create a session, look one up by its code;
// read a workspace and manage its links with a workspace link's token; read its
// portfolio (a request the page's live loop can abort), record a manager's decision on a
// trial action of it, and change its overload limit; read a session's outcome report
// with a participant's token or a workspace link's; delete a session.
// Every failure comes back as an ApiError with the server's error code, or with the
// client's own code 'network' when the server could not be reached or answered
// something that is not the protocol's JSON.

/**
 * @typedef {import('./session-state.js').Session} Session
 * @typedef {{id: string, code: string, display_code: string, facilitator_token: string,
 *   join_path: string, session: Session}} CreatedSession
 */

export class ApiError extends Error {
  /**
   * @param {string} code an error code from PROTOCOL.md's Errors table, or 'network'
   * @param {string} message
   * @param {number} status the HTTP status, 0 when there was no answer
   * @param {{field?: string, limit?: number}} [details]
   */
  constructor(code, message, status, details = {}) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.status = status;
    this.field = details.field;
    this.limit = details.limit;
  }
}

/**
 * @typedef {object} CreateInput
 * @property {string} title
 * @property {string} question
 * @property {string} [facilitatorName]
 * @property {string[]} [columns]
 * @property {'idea_workshop'|'review'} [template]
 * @property {Record<string, string|number|boolean>} [settings] any of the settings fields
 * @property {FollowUp|FollowUp[]} [followUp] the earlier session(s) a review follows up
 * @property {{id: string, token: string}} [workspace] the workspace to make it in, with
 *   the token of its admin's or a facilitator's link
 */

/**
 * The earlier session a review follows up: by its code and its facilitator's token, or,
 * in a workspace whose link vouches for the person, by its id alone.
 * @typedef {{code: string, facilitator_token: string}|{session: string, trial_actions?: number[]}} FollowUp
 */

/**
 * Creates a session; the answer holds the facilitator's token, which is shown once.
 * @param {CreateInput} input
 * @returns {Promise<CreatedSession>}
 * @throws {ApiError}
 */
export async function createSession(input) {
  /** @type {Record<string, unknown>} */
  const body = { title: input.title, question: input.question };
  if (input.facilitatorName) body.facilitator_name = input.facilitatorName;
  if (input.columns && input.columns.length) body.columns = input.columns;
  if (input.template) body.template = input.template;
  if (input.settings && Object.keys(input.settings).length) body.settings = input.settings;
  if (input.followUp) body.follow_up = input.followUp;
  if (input.workspace) body.workspace = input.workspace.id;
  const created = await request('POST', '/api/sessions', body, input.workspace?.token);
  if (!created || typeof created.code !== 'string' || typeof created.facilitator_token !== 'string') {
    throw new ApiError('network', 'unexpected answer to POST /api/sessions', 201);
  }
  return created;
}

/**
 * The public summary of a session. The answer's body is the session object itself
 * (PROTOCOL.md: "200 OK with the session object"), as the server sends it.
 * @param {string} code a normalized join code
 * @returns {Promise<Session>}
 * @throws {ApiError} 'session_not_found' when there is no such session
 */
export async function getSession(code) {
  const session = await request('GET', '/api/sessions/' + encodeURIComponent(code));
  if (!session || typeof session.code !== 'string' || typeof session.title !== 'string') {
    throw new ApiError('network', 'unexpected answer to GET /api/sessions/{code}', 200);
  }
  return session;
}

/**
 * @typedef {{role: string, token: string, active: boolean, created_at: string}} WorkspaceLink
 * @typedef {{id: string, name: string, created_at: string, role: string, overload_limit?: number, retention_months?: number, links?: WorkspaceLink[]}} Workspace
 */

/**
 * A workspace as the holder of this link's token sees it (an admin also gets its links).
 * @param {string} id
 * @param {string} token the link's token, sent in the Authorization header
 * @returns {Promise<Workspace>}
 * @throws {ApiError} 'invalid_token' for a wrong or revoked link
 */
export async function getWorkspace(id, token) {
  const w = await request('GET', '/api/workspaces/' + encodeURIComponent(id), undefined, token);
  if (!w || typeof w.name !== 'string' || typeof w.role !== 'string') {
    throw new ApiError('network', 'unexpected answer to GET /api/workspaces/{id}', 200);
  }
  return w;
}

/**
 * How much a session of a workspace holds (PROTOCOL.md, GET /api/workspaces/{id}/sessions).
 * @typedef {{participants: Record<string, number>, ideas: number, trial_actions: number}} SessionCounts
 * @typedef {Session & {counts: SessionCounts}} ListedSession
 */

/**
 * The sessions made in a workspace with their counts, newest first; for every role of it.
 * @param {string} id
 * @param {string} token
 * @returns {Promise<ListedSession[]>}
 */
export async function getWorkspaceSessions(id, token) {
  const answer = await request('GET', '/api/workspaces/' + encodeURIComponent(id) + '/sessions', undefined, token);
  if (!answer || !Array.isArray(answer.sessions)) {
    throw new ApiError('network', 'unexpected answer to GET /api/workspaces/{id}/sessions', 200);
  }
  return answer.sessions;
}

/**
 * Renews (a new link; the old one stops working) or revokes a role's link: the admin's.
 * @param {string} id
 * @param {string} token the admin link's token
 * @param {string} role
 * @param {'renew'|'revoke'} action
 * @returns {Promise<Workspace>} the workspace with its links now
 */
export async function changeWorkspaceLink(id, token, role, action) {
  return request('POST', '/api/workspaces/' + encodeURIComponent(id) + '/links', { role, action }, token);
}

/**
 * The answer to a session archive's import (PROTOCOL.md, "Session archive").
 * @typedef {object} ImportedSession
 * @property {string} id
 * @property {string} code
 * @property {{id: string, code: string, title: string, status: string, workspace: string}} session
 * @property {{participant: number, name: string, role: string, token: string, path: string}[]} links the facilitators' new personal links
 */

/**
 * Imports a session archive (a session.json file) into the workspace: the admin's link only.
 * @param {string} id the workspace
 * @param {string} token the admin link's token
 * @param {Blob} file the archive, sent as it is
 * @returns {Promise<ImportedSession>}
 * @throws {ApiError} with the archive's problem (`field`: its JSON Pointer), 413 `too_long`, 403 `forbidden`
 */
export async function importSession(id, token, file) {
  return request('POST', '/api/workspaces/' + encodeURIComponent(id) + '/import', file, token);
}

/**
 * One trial action of a workspace's portfolio (PROTOCOL.md, "The portfolio").
 * @typedef {object} PortfolioEntry
 * @property {{id: string, title: string, code: string, status: string}} session the session it was made in
 * @property {import('./session-state.js').TrialAction & {spread?: boolean}} trial_action without `learnings`
 * @property {string} theme
 * @property {number} age_days
 * @property {boolean} overdue
 * @property {number} check_ins
 * @property {number} learnings
 * @property {import('./session-state.js').Learning|null} last_check_in
 * @property {import('./session-state.js').Decision|null} last_decision
 */
/**
 * @typedef {object} Portfolio
 * @property {number} version
 * @property {boolean} [complete] false: only the rows changed since `after` (portfolio.js mergePortfolio)
 * @property {string} today
 * @property {number} overload_limit
 * @property {number} running
 * @property {boolean} overloaded
 * @property {PortfolioEntry[]} trial_actions
 * @property {Array<{session: string, trial_action: number}>} spread
 * @property {Array<{session: string, trial_action: number}>} [gone] changed rows the query no longer selects
 */

/**
 * A workspace's portfolio, for every role of it; with `path` from portfolio.js's
 * portfolioApiPath (the filters, the sort and `after`, with which the server waits up to
 * 20 seconds for a newer version).
 * @param {string} path
 * @param {string} token
 * @param {AbortSignal} [signal] ends the wait (the page is left, the filters change)
 * @returns {Promise<Portfolio>}
 */
export async function getPortfolio(path, token, signal) {
  const answer = await request('GET', path, undefined, token, signal);
  if (!answer || typeof answer.version !== 'number' || !Array.isArray(answer.trial_actions)) {
    throw new ApiError('network', 'unexpected answer to GET /api/workspaces/{id}/portfolio', 200);
  }
  if (!Array.isArray(answer.spread)) answer.spread = [];
  if (!Array.isArray(answer.gone)) answer.gone = [];
  return answer;
}

/**
 * A session's outcome report (PROTOCOL.md, "The outcome report"), as its reader may see
 * it; report.js's readReport reads it.
 * @param {string} sessionId the session's id (not its join code)
 * @param {string} token a participant's token of the session, or a link's of its workspace
 * @returns {Promise<any>} the answer's JSON: format, generated_at, reader, snapshot, participation, timeline
 * @throws {ApiError} 'credentials_required' (401), 'invalid_token' (403: also for a session
 *   that does not exist), 'rate_limited' (429), 'network'
 */
export async function getOutcome(sessionId, token) {
  const answer = await request('GET', '/api/sessions/' + encodeURIComponent(sessionId) + '/outcome', undefined, token);
  if (!answer || typeof answer.format !== 'number' || !answer.snapshot || typeof answer.snapshot !== 'object') {
    throw new ApiError('network', 'unexpected answer to GET /api/sessions/{id}/outcome', 200);
  }
  return answer;
}

/**
 * A session's history (PROTOCOL.md, "History"), as its reader may see it; history.js's
 * readHistory reads it. The same credentials as the outcome report.
 * @param {string} sessionId the session's id
 * @param {string} token
 * @returns {Promise<any>} the answer's JSON: format, reader, seq, origin, changes, complete
 * @throws {ApiError} as getOutcome
 */
export async function getHistory(sessionId, token) {
  const answer = await request('GET', '/api/sessions/' + encodeURIComponent(sessionId) + '/history', undefined, token);
  if (!answer || typeof answer.format !== 'number' || !Array.isArray(answer.changes)) {
    throw new ApiError('network', 'unexpected answer to GET /api/sessions/{id}/history', 200);
  }
  return answer;
}

/**
 * A manager's decision on a trial action of the portfolio (manager and admin links).
 * @param {string} id the workspace's id
 * @param {string} token
 * @param {{session: string, trial_action: number, kind: string, note: string, name: string}} body
 * @returns {Promise<{decision: import('./session-state.js').Decision, version: number}>}
 */
export async function recordPortfolioDecision(id, token, body) {
  return request('POST', '/api/workspaces/' + encodeURIComponent(id) + '/decisions', body, token);
}

/**
 * The workspace's settings (the admin's), either or both: how many trial actions may run
 * at once before the portfolio warns (0: no warning), and the months after a session
 * closes when the server removes its participants' names (0: never).
 * @param {string} id
 * @param {string} token
 * @param {{overload_limit?: number, retention_months?: number}} settings
 * @returns {Promise<Workspace>}
 */
export async function saveWorkspaceSettings(id, token, settings) {
  return request('POST', '/api/workspaces/' + encodeURIComponent(id) + '/settings', settings, token);
}

/**
 * @param {string} method
 * @param {string} path
 * @param {unknown} [body]
 * @param {string} [token] a link's token, for the Authorization header
 * @param {AbortSignal} [signal]
 * @returns {Promise<any>} the parsed JSON of a 2xx answer
 * @throws {ApiError}
 */
/**
 * One of a session's exports (PROTOCOL.md, "Exports"), as a file: its bytes and the name
 * the server gives it (Content-Disposition).
 * @param {string} sessionId
 * @param {string} file one of permissions.js EXPORT_FILES
 * @param {string} token the reader's, sent in the header only
 * @returns {Promise<{blob: Blob, name: string}>}
 * @throws {ApiError} as getOutcome, and 'forbidden' (403) for a reader who may not export
 */
export function getExport(sessionId, file, token) {
  return getFile('/api/sessions/' + encodeURIComponent(sessionId) + '/export/' + encodeURIComponent(file), token, file);
}

/**
 * A workspace's portfolio as CSV (PROTOCOL.md, "Exports"), from portfolio.js
 * portfolioExportPath.
 * @param {string} path
 * @param {string} token the workspace link's, sent in the header only
 * @returns {Promise<{blob: Blob, name: string}>}
 * @throws {ApiError} as getPortfolio, and 'forbidden' (403) for a link that may not export
 */
export function getPortfolioExport(path, token) {
  return getFile(path, token, 'portfolio.csv');
}

/**
 * The whole workspace as JSON (PROTOCOL.md, "Workspace archive"): the workspace, its
 * links (no token) and each of its sessions as its session archive.
 * @param {string} id the workspace's id
 * @param {string} token the admin link's, sent in the header only
 * @returns {Promise<{blob: Blob, name: string}>}
 * @throws {ApiError} as getWorkspace, 'forbidden' (403) for a link that is not the admin's,
 *   'too_long' (400) for a workspace whose sessions together are over its size limit
 */
export function getWorkspaceArchive(id, token) {
  return getFile('/api/workspaces/' + encodeURIComponent(id) + '/export/workspace.json', token, 'workspace.json');
}

/**
 * A file the server sends as an attachment, fetched with the token in the header.
 * @param {string} path
 * @param {string} token
 * @param {string} fallbackName the name when the answer gives none
 * @returns {Promise<{blob: Blob, name: string}>}
 */
async function getFile(path, token, fallbackName) {
  let response;
  try {
    response = await fetch(path, { headers: { Authorization: 'Bearer ' + token }, credentials: 'same-origin' });
  } catch (err) {
    throw new ApiError('network', String(err), 0);
  }
  if (!response.ok) {
    let error = null;
    try {
      error = (await response.json()).error;
    } catch {
      error = null;
    }
    if (error && typeof error.code === 'string') throw new ApiError(error.code, String(error.message || error.code), response.status);
    throw new ApiError('network', 'HTTP ' + response.status + ' without a protocol error', response.status);
  }
  const named = /filename="([A-Za-z0-9_.-]+)"/.exec(response.headers.get('Content-Disposition') || '');
  return { blob: await response.blob(), name: named ? named[1] : fallbackName };
}

/**
 * Deletes a session with everything in it (PROTOCOL.md, "Deleting a session"), with the
 * token of its facilitator or of its workspace's admin link. `trialActions` is what
 * becomes of its trial actions: 'delete' (they go with it) or 'keep' (they stay, for its
 * follow-ups and the portfolio, with the session's title and nothing else of it).
 * @param {string} sessionId
 * @param {string} token
 * @param {'delete' | 'keep'} trialActions
 * @returns {Promise<{session: string, deleted: boolean, trial_actions: string, wal_emptied: boolean}>}
 * @throws {ApiError}
 */
export async function deleteSession(sessionId, token, trialActions) {
  return request('DELETE', '/api/sessions/' + encodeURIComponent(sessionId) + '?trial_actions=' + encodeURIComponent(trialActions),
    undefined, token);
}

async function request(method, path, body, token, signal) {
  /** @type {Record<string, string>} */
  const headers = { Accept: 'application/json' };
  if (token) headers.Authorization = 'Bearer ' + token;
  /** @type {RequestInit} */
  const init = { method, headers, credentials: 'same-origin' };
  if (signal) init.signal = signal;
  if (body !== undefined) {
    init.headers = { ...headers, 'Content-Type': 'application/json' };
    // A file (a session archive) is sent as it is; anything else as JSON.
    init.body = body instanceof Blob ? body : JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch (err) {
    throw new ApiError('network', String(err), 0);
  }
  let json = null;
  try {
    json = await response.json();
  } catch {
    json = null;
  }
  if (response.ok && json) return json;
  const error = json && json.error;
  if (error && typeof error.code === 'string') {
    throw new ApiError(error.code, String(error.message || error.code), response.status,
      { field: error.field, limit: error.limit });
  }
  throw new ApiError('network', 'HTTP ' + response.status + ' without a protocol error', response.status);
}
