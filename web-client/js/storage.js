// @ts-check
// What the client keeps on the device, in localStorage: per workspace the token of the
// link it was opened with (key `samskab:workspace:{id}`); per session id the token of an
// owner's personal link to a trial action (key `samskab:trial:{session id}`); per session id the
// token of the link an outcome report was opened with (key `samskab:outcome:{session id}`); per session code the
// participant's token (key `samskab:session:{CODE}`), with the session's id and the
// name, role and title to show it again; and the last name typed on the join page. The
// facilitator tokens kept here are what the start page offers for a follow-up session. Storage may be blocked
// (private mode, policies): every function then quietly does nothing, and the person
// simply joins again next time.

const SESSION_PREFIX = 'samskab:session:';
const WORKSPACE_PREFIX = 'samskab:workspace:';
const TRIAL_PREFIX = 'samskab:trial:';
const OUTCOME_PREFIX = 'samskab:outcome:';
const NAME_KEY = 'samskab:name';
const MAX_RECENT = 10;

/**
 * @typedef {object} SavedSession
 * @property {string} token the participant's secret token
 * @property {string} [sessionId] the session's id, to join the right session even after
 *   its code has been given to a newer one
 * @property {string} [name] display name, to greet the person
 * @property {string} [role] the participant's role (PROTOCOL.md)
 * @property {string} [title] the session's title when last seen
 * @property {string} [status] 'open' or 'closed' when last seen
 * @property {string} [template] 'idea_workshop' or 'review'
 * @property {string} [savedAt] ISO time of the last save, for ordering
 */

/** @returns {Storage|null} */
function store() {
  try {
    return globalThis.localStorage || null;
  } catch {
    return null;
  }
}

/**
 * @param {string} code a normalized join code
 * @returns {SavedSession|null}
 */
export function loadSession(code) {
  const s = store();
  if (!s) return null;
  try {
    const raw = s.getItem(SESSION_PREFIX + code);
    if (!raw) return null;
    const value = JSON.parse(raw);
    return value && typeof value.token === 'string' && value.token ? value : null;
  } catch {
    return null;
  }
}

/**
 * Saves (merges) what is known about the person in a session.
 * @param {string} code a normalized join code
 * @param {SavedSession} value
 */
export function saveSession(code, value) {
  const s = store();
  if (!s) return;
  const merged = { ...(loadSession(code) || {}), ...value, savedAt: new Date().toISOString() };
  try {
    s.setItem(SESSION_PREFIX + code, JSON.stringify(merged));
  } catch {
    // Full or blocked: the board still works for this visit.
  }
}

/**
 * Forgets the token of a session (for example after `invalid_token`).
 * @param {string} code
 */
export function forgetSession(code) {
  try {
    store()?.removeItem(SESSION_PREFIX + code);
  } catch {
    // Nothing to forget if storage is blocked.
  }
}

/**
 * The sessions this device has a token for, most recent first.
 * @param {number} [max] at most this many
 * @returns {Array<SavedSession & {code: string}>}
 */
export function recentSessions(max = MAX_RECENT) {
  const s = store();
  if (!s) return [];
  /** @type {Array<SavedSession & {code: string}>} */
  const out = [];
  try {
    for (let i = 0; i < s.length; i++) {
      const key = s.key(i);
      if (!key || !key.startsWith(SESSION_PREFIX)) continue;
      const code = key.slice(SESSION_PREFIX.length);
      const saved = loadSession(code);
      if (saved) out.push({ ...saved, code });
    }
  } catch {
    return [];
  }
  out.sort((a, b) => String(b.savedAt || '').localeCompare(String(a.savedAt || '')));
  return out.slice(0, max);
}

/**
 * The sessions this device is the facilitator of (it holds their facilitator tokens),
 * most recent first: the ones a review session can follow up.
 * @returns {Array<SavedSession & {code: string}>}
 */
export function facilitatedSessions() {
  return recentSessions(Infinity).filter((s) => s.role === 'facilitator');
}

/** @returns {string} the name last typed on the join page, or '' */
export function loadName() {
  try {
    return store()?.getItem(NAME_KEY) || '';
  } catch {
    return '';
  }
}

/** @param {string} name */
export function saveName(name) {
  try {
    store()?.setItem(NAME_KEY, name);
  } catch {
    // Only a convenience.
  }
}

/**
 * A link's token kept on this device under `prefix + id`, if any.
 * @param {string} prefix @param {string} id
 * @returns {string|null}
 */
function loadLinkToken(prefix, id) {
  try {
    return store()?.getItem(prefix + id) || null;
  } catch {
    return null;
  }
}

/**
 * Keeps (or, with null, forgets) a link's token on this device under `prefix + id`.
 * @param {string} prefix @param {string} id @param {string|null} token
 */
function saveLinkToken(prefix, id, token) {
  try {
    if (token) store()?.setItem(prefix + id, token);
    else store()?.removeItem(prefix + id);
  } catch {
    // Blocked: the link works for this visit.
  }
}

/**
 * The token of the workspace link this device was opened with, if any.
 * @param {string} id the workspace's id
 */
export const loadWorkspaceToken = (id) => loadLinkToken(WORKSPACE_PREFIX, id);

/**
 * Keeps (or, with null, forgets) the token of a workspace link on this device.
 * @param {string} id @param {string|null} token
 */
export const saveWorkspaceToken = (id, token) => saveLinkToken(WORKSPACE_PREFIX, id, token);

/**
 * The token of the personal link to a trial action of this session that this device was
 * opened with, if any. Kept apart from the tokens kept by join code: a facilitator who
 * opens an owner's link on their own device keeps their own identity on the board.
 * @param {string} sessionId the session's id
 */
export const loadTrialToken = (sessionId) => loadLinkToken(TRIAL_PREFIX, sessionId);

/**
 * Keeps (or, with null, forgets) the token of a personal link on this device.
 * @param {string} sessionId @param {string|null} token
 */
export const saveTrialToken = (sessionId, token) => saveLinkToken(TRIAL_PREFIX, sessionId, token);

/**
 * The token of the link this device opened a session's outcome report with
 * (`/outcome/{id}#token=...`: a participant's of the session or a link's of its
 * workspace), if any.
 * @param {string} sessionId
 */
export const loadOutcomeToken = (sessionId) => loadLinkToken(OUTCOME_PREFIX, sessionId);

/**
 * Keeps (or, with null, forgets) the token of an outcome report's link on this device.
 * @param {string} sessionId @param {string|null} token
 */
export const saveOutcomeToken = (sessionId, token) => saveLinkToken(OUTCOME_PREFIX, sessionId, token);

/**
 * What this device keeps of a session it joined, found by the session's id (the owner's
 * page knows the id, not the code).
 * @param {string} sessionId
 * @returns {(SavedSession & {code: string})|null}
 */
export function savedSessionById(sessionId) {
  return recentSessions(Infinity).find((s) => s.sessionId === sessionId) || null;
}
