// @ts-check
// How a person comes to the board screen (/board/{code}) and what this device keeps of
// it: they come with the facilitator's private link (#token=..., kept on this device
// and taken out of the address bar at once), with the name just typed on the join page
// or an invitation, or with the token this device kept for the code; without any of
// these, they are sent to the join page. The welcome is kept for the next visit; a
// refused join sends them back to the join page where that helps.

import { errorMessage } from '../i18n.js';
import { boardPath, joinPath, tokenFromFragment, viewFromSearch } from '../routes.js';
import { forgetSession, loadSession, saveSession } from '../storage.js';

/** Join errors that send the person back to the join page (after forgetting the token). */
const BACK_TO_JOIN = new Set(['invalid_token', 'session_not_found', 'invalid_field', 'too_long', 'invalid_invite', 'invite_revoked']);

/**
 * What the board screen joins with.
 * @typedef {object} BoardEntry
 * @property {'screen'|'board'|null} view the view the address asks for (`?view=`), if any
 * @property {string|null} name a name to join as someone new
 * @property {{invite: string, role: string|null}|null} invite an invitation to join with
 * @property {import('../storage.js').SavedSession|null} saved the token kept for the code
 */

/**
 * @param {import('../main.js').ViewContext} ctx
 * @param {string} code the session's normalized join code
 * @returns {BoardEntry|null} null when the person was sent to the join page
 */
export function enterBoard(ctx, code) {
  const fragmentToken = tokenFromFragment(location.hash);
  // A private link may be for a newer session with the same code: forget the old id.
  if (fragmentToken) saveSession(code, { token: fragmentToken, role: 'facilitator', sessionId: undefined });
  const view = viewFromSearch(location.search);
  if (fragmentToken || location.pathname !== boardPath(code)) {
    // The token must not stay in the address bar, the history or a bookmark.
    history.replaceState(null, '', boardPath(code) + (view ? '?view=' + view : ''));
  }
  // A name just typed on the join page wins over a token kept from an earlier visit:
  // the person chose to join as someone new (the new token replaces the old one).
  const name = ctx.app.pendingName;
  const invite = ctx.app.pendingInvite;
  const saved = name ? null : loadSession(code);
  if (!saved && !name) {
    ctx.navigate(joinPath(code), { replace: true });
    return null;
  }
  return { view, name, invite, saved };
}

/**
 * Keeps what the welcome says for the next visit (the token, the name, the role, the
 * session), and forgets the name and invitation used to come in.
 * @param {import('../main.js').ViewContext} ctx
 * @param {string} code
 * @param {any} welcome the `welcome` message
 */
export function keepWelcome(ctx, code, welcome) {
  const you = welcome.you;
  /** @type {import('../storage.js').SavedSession} */
  const update = {
    token: welcome.token || loadSession(code)?.token || '', name: you.name, role: you.role,
    title: welcome.session?.title, sessionId: welcome.session?.id, status: welcome.session?.status, template: welcome.session?.template,
  };
  if (update.token) saveSession(code, update);
  ctx.app.pendingName = null;
  ctx.app.pendingInvite = null;
}

/**
 * After a refused join: sends the person back to the join page where they can do
 * something about it (the closed door is explained there; a token the server does not
 * know is forgotten), and tells whether it did; otherwise the board says it.
 * @param {import('../main.js').ViewContext} ctx
 * @param {string} code
 * @param {BoardEntry} entry
 * @param {import('../connection.js').ServerError} error
 * @returns {boolean} whether the person was sent to the join page
 */
export function leaveAfterRefusal(ctx, code, entry, error) {
  ctx.app.pendingInvite = null;
  ctx.app.pendingName = null;
  if (error.code === 'joining_closed') {
    ctx.app.joinRefused = { code, error: error.code };
    ctx.navigate(joinPath(code), { replace: true });
    return true;
  }
  if (!BACK_TO_JOIN.has(error.code)) return false;
  // A token that failed is of no use any more (a name that failed was never saved).
  if (entry.saved && error.code === 'invalid_token') forgetSession(code);
  ctx.toast(errorMessage(error), 'error');
  ctx.navigate(joinPath(code), { replace: true });
  return true;
}
