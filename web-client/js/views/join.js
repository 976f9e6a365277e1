// @ts-check
// The join page (/join and /join/{code}): find the workshop by its code, show its title
// and question, ask for a display name, then go to the board, which joins with that
// name. A device that has joined before may continue as the same person.
//
// An invitation link (/join/{code}#invite={token}&role={role}) says "You are invited as
// leder" and joins with the invitation; its fragment is taken out of the address bar
// at once, so the invitation does not stay in the history.
//
// When the facilitator has closed the door to newcomers with the code, the board sends
// the person back here (`joining_closed`): the page says what that means and what to
// do, instead of the name form, until they choose to try again.

import { h, replace } from '../dom.js';
import { errorMessage, roleName, t } from '../i18n.js';
import { getSession, ApiError } from '../api.js';
import { displayCode, normalizeCode } from '../codes.js';
import { boardPath, inviteFromFragment, joinPath } from '../routes.js';
import { loadName, loadSession, saveName } from '../storage.js';
import { field, keepFocus } from './form.js';
import { NAME_MAX } from './start.js';

/**
 * @typedef {object} JoinState
 * @property {string} codeInput what is in the code field
 * @property {string} code the normalized code looked up last, or ''
 * @property {'idle'|'checking'|'found'|'notFound'|'badCode'|'error'} lookup
 * @property {import('../session-state.js').Session|null} session
 * @property {string} lookupError
 * @property {string} name
 * @property {string} nameError
 * @property {{code: string, error: string}|null} refused a join with a name the server
 *   turned away (`joining_closed`), for the code it was tried with
 */

/**
 * @param {HTMLElement} root
 * @param {import('../main.js').ViewContext} ctx
 * @param {string} initialCode the code from the address (normalized, or as typed there)
 * @returns {import('../main.js').MountedView}
 */
export function mount(root, ctx, initialCode) {
  const invitation = inviteFromFragment(location.hash) || ctx.app.pendingInvite;
  if (location.hash) history.replaceState(null, '', location.pathname);
  /** @type {JoinState} */
  const state = {
    codeInput: initialCode ? displayCode(initialCode) : '', code: '', lookup: 'idle', session: null,
    lookupError: '', name: ctx.app.pendingName || loadName(), nameError: '', refused: ctx.app.joinRefused,
  };
  ctx.app.joinRefused = null;
  let alive = true;
  let lookupCounter = 0;
  /** @type {string|null} */
  let focusAfter = null;

  function render() {
    const panel = h('section', { class: 'panel panel--narrow join' },
      h('h1', { text: t('join.heading') }),
      invitation ? h('p', { class: 'invited', attrs: { 'data-testid': 'invited' },
        text: invitation.role ? t('join.invitedAs', { role: roleName(invitation.role) }) : t('join.invited') }) : null,
      renderCodeForm(),
      renderLookupResult(),
      state.lookup === 'found' ? renderNameForm() : null);
    keepFocus(() => replace(root, panel), focusAfter);
    focusAfter = null;
  }

  function renderCodeForm() {
    const input = h('input', {
      id: 'join-code', type: 'text', value: state.codeInput, autocomplete: 'off', maxLength: 9,
      placeholder: t('join.codePlaceholder'),
      attrs: { autocapitalize: 'characters', spellcheck: 'false', 'aria-invalid': state.lookup === 'badCode' || state.lookup === 'notFound' },
      on: { input: () => {
        state.codeInput = input.value;
        const code = normalizeCode(input.value);
        if (code && code !== state.code) lookup(code, false);
      } },
    });
    return h('form', { class: 'join__code', attrs: { novalidate: true }, on: { submit: (ev) => {
      ev.preventDefault();
      const code = normalizeCode(state.codeInput);
      if (!code) {
        state.lookup = 'badCode';
        focusAfter = 'join-code';
        render();
        return;
      }
      lookup(code, true);
    } } },
    h('label', { htmlFor: 'join-code', class: 'field__label', text: t('join.codeLabel') }),
    h('div', { class: 'copy-row' }, input,
      h('button', { type: 'submit', class: 'button', text: t('join.find') })));
  }

  function renderLookupResult() {
    const region = h('div', { class: 'join__result', attrs: { 'aria-live': 'polite' } });
    if (state.lookup === 'checking') region.appendChild(h('p', { class: 'muted', text: t('join.checking') }));
    else if (state.lookup === 'badCode') region.appendChild(h('p', { class: 'form-error', text: t('join.badCode') }));
    else if (state.lookup === 'notFound') {
      region.appendChild(h('p', { class: 'form-error', text: t('join.notFound', { code: displayCode(state.code) }) }));
    } else if (state.lookup === 'error') region.appendChild(h('p', { class: 'form-error', text: state.lookupError }));
    else if (state.lookup === 'found' && state.session) {
      region.appendChild(h('div', { class: 'session-card' },
        h('p', { class: 'session-card__code', text: displayCode(state.code) }),
        h('h2', { class: 'session-card__title', text: state.session.title }),
        h('p', { class: 'session-card__question', text: state.session.question }),
        state.session.status === 'closed' ? h('p', { class: 'notice', text: t('join.closed') }) : null));
      if (state.session.status === 'closed' && !loadSession(state.code)) {
        region.appendChild(h('p', { class: 'muted', text: t('join.closedNew') }));
      }
      if (doorClosed()) region.appendChild(renderDoorClosed());
    }
    return region;
  }

  /** Whether the last join with a name for this code met a closed door. */
  function doorClosed() {
    return Boolean(state.refused && state.refused.code === state.code && state.refused.error === 'joining_closed');
  }

  function renderDoorClosed() {
    return h('div', { class: 'notice join__refused', attrs: { role: 'alert', 'data-testid': 'join-refused' } },
      h('h2', { class: 'join__refused-heading', text: t('join.doorClosedHeading') }),
      h('p', { text: t('join.doorClosedText') }),
      h('button', { type: 'button', class: 'button button--small', text: t('join.tryAgain'), dataset: { action: 'join-try-again' },
        on: { click: () => {
          state.refused = null;
          focusAfter = 'join-name';
          render();
        } } }));
  }

  function renderNameForm() {
    const stored = loadSession(state.code);
    // A token of an earlier session that had the same code is of no use here.
    const saved = stored && (!stored.sessionId || !state.session || stored.sessionId === state.session.id) ? stored : null;
    // A new name would replace the stored token, and a facilitator's token is the only
    // key to the facilitator's rights: do not offer that on the facilitator's device.
    if (saved && saved.role === 'facilitator') {
      return h('div', { class: 'join__name' },
        h('div', { class: 'join__continue' },
          h('a', { class: 'button button--primary', attrs: { href: boardPath(state.code), 'data-nav': true },
            text: t('join.continueAs', { name: saved.name || '…' }),
            on: { click: () => { ctx.app.pendingName = null; ctx.app.pendingInvite = null; } } }),
          h('p', { class: 'muted', text: t('join.facilitatorHere') })));
    }
    const name = h('input', {
      id: 'join-name', type: 'text', value: state.name, maxLength: NAME_MAX, required: true,
      autocomplete: 'nickname', attrs: { 'aria-invalid': Boolean(state.nameError) },
      on: { input: () => { state.name = name.value; } },
    });
    return h('div', { class: 'join__name' },
      saved ? h('div', { class: 'join__continue' },
        h('a', { class: 'button button--primary', attrs: { href: boardPath(state.code), 'data-nav': true },
          text: t('join.continueAs', { name: saved.name || '…' }),
          on: { click: () => { ctx.app.pendingName = null; ctx.app.pendingInvite = null; } } }),
        doorClosed() ? null : h('p', { class: 'muted', text: invitation ? t('join.orInvited') : t('join.orNew') })) : null,
      doorClosed() ? null : h('form', { attrs: { novalidate: true }, on: { submit: onJoin } },
        field(t('join.nameLabel'), name, t('join.nameHint')),
        state.nameError ? h('p', { class: 'form-error', attrs: { role: 'alert' }, text: state.nameError }) : null,
        h('div', { class: 'actions' },
          h('button', { type: 'submit', class: saved ? 'button' : 'button button--primary', text: t('join.submit'), dataset: { action: 'join' } }))));
  }

  /** @param {Event} ev */
  function onJoin(ev) {
    ev.preventDefault();
    const name = state.name.trim();
    if (!name) {
      state.nameError = t('join.nameRequired');
      focusAfter = 'join-name';
      render();
      return;
    }
    saveName(name);
    ctx.app.pendingName = name;
    ctx.app.pendingInvite = invitation;
    ctx.navigate(boardPath(state.code));
  }

  /**
   * Looks the code up and shows the result.
   * @param {string} code
   * @param {boolean} userAsked the person pressed the button (so move the focus on)
   */
  async function lookup(code, userAsked) {
    const mine = ++lookupCounter;
    state.code = code;
    state.lookup = 'checking';
    if (location.pathname !== joinPath(code)) history.replaceState(null, '', joinPath(code));
    render();
    try {
      const session = await getSession(code);
      if (!alive || mine !== lookupCounter) return;
      state.session = session;
      state.lookup = 'found';
      focusAfter = 'join-name';
    } catch (err) {
      if (!alive || mine !== lookupCounter) return;
      if (err instanceof ApiError && err.code === 'session_not_found') state.lookup = 'notFound';
      else {
        state.lookup = 'error';
        state.lookupError = err instanceof ApiError ? errorMessage(err) : errorMessage({ code: 'network' });
      }
      focusAfter = userAsked ? 'join-code' : null;
    }
    render();
  }

  render();
  const first = normalizeCode(initialCode);
  if (first) lookup(first, false);
  else if (initialCode) {
    state.lookup = 'badCode';
    render();
  } else {
    focusAfter = 'join-code';
    render();
  }
  return {
    unmount() {
      alive = false;
    },
    relabel: render,
  };
}
