// @ts-check
// An owner's own page of one trial action (/trial/{session id}/{trial action id}), opened
// with their personal link (#token=..., kept on this device and taken out of the address
// bar at once). It joins the session by its id with that token over the WebSocket, as
// the board does, keeps the session state live, and shows only that trial action: its
// title, status, dates, owners and hypothesis, the log with the check-ins, the moves of
// the review date, the managers' decisions on it, and the forms to check in and to move
// the review date. Made for a phone, weeks after the workshop: a closed session still
// takes check-ins and new review dates (PROTOCOL.md, `after_close`).
//
// A link that no longer admits (`invalid_token`), a session or a trial action that does
// not exist, and a participant the facilitator removed each get a clear message.

import { h, replace, setText } from '../dom.js';
import { errorMessage, roleName, t } from '../i18n.js';
import { createSessionState } from '../session-state.js';
import { createConnection } from '../connection.js';
import { can as permits, isFacilitatorRole } from '../permissions.js';
import { tokenFromFragment, trialPath } from '../routes.js';
import { peopleByRole } from '../selectors.js';
import { loadSession, loadTrialToken, saveSession, saveTrialToken, savedSessionById } from '../storage.js';
import { createTrialCard } from './trial-card.js';
import { removedPage } from './board-notice.js';

/**
 * @param {HTMLElement} root
 * @param {import('../main.js').ViewContext} ctx
 * @param {string} sessionId
 * @param {number} trialId
 * @returns {import('../main.js').MountedView}
 */
export function mount(root, ctx, sessionId, trialId) {
  const fragmentToken = tokenFromFragment(location.hash);
  if (fragmentToken) {
    saveTrialToken(sessionId, fragmentToken);
    // The token must not stay in the address bar, the history or a bookmark.
    history.replaceState(null, '', trialPath(sessionId, trialId));
  }
  const trialToken = fragmentToken || loadTrialToken(sessionId);
  // Without a link of its own, the identity this device joined the workshop with.
  let token = trialToken || savedSessionById(sessionId)?.token || null;

  const state = createSessionState();
  /** @type {any} */
  let you = null;
  let stopped = false;
  let unmounted = false;
  let renderQueued = false;
  /** @type {string|null} why the page cannot show the trial action */
  let problem = token ? null : 'trialPage.noToken';
  /** @type {string|null} a message that is not one of ours (an error's own text) */
  let problemText = null;
  let offerReload = false;
  /** @type {ReturnType<typeof createConnection>|null} */
  let connection = null;
  /** @type {ReturnType<typeof createTrialCard>|null} */
  let card = null;

  /** @type {import('./trial-card.js').TrialCardContext} */
  const ctl = {
    state,
    you: () => you,
    can: (action, target) => isLive() && permits({ you, controls: state.controls, session: state.session }, action, target),
    isFacilitator: () => Boolean(you && isFacilitatorRole(you.role)),
    people: (includeOffline) => peopleByRole(state, includeOffline),
    send: (command) => (connection ? connection.send(command) : Promise.resolve({ ok: false, error: { code: 'not_joined' } })),
    async run(command) {
      const result = await ctl.send(command);
      if (!result.ok) showError(result.error);
      return result.ok;
    },
    showError,
    toast: ctx.toast,
    token: () => token,
  };

  const from = h('p', { class: 'trial-page__from muted', attrs: { 'data-testid': 'trial-page-session' } });
  const youEl = h('p', { class: 'trial-page__you', attrs: { 'data-testid': 'you' } });
  const stateText = h('span', { class: 'conn__text' });
  const stateEl = h('p', { class: 'conn', attrs: { role: 'status', 'aria-live': 'polite', 'data-testid': 'connection', 'data-state': 'connecting' } },
    h('span', { class: 'conn__dot', attrs: { 'aria-hidden': 'true' } }), stateText);
  const notice = h('p', { class: 'notice', attrs: { role: 'status', 'data-testid': 'notice' }, hidden: true });
  const ownerNote = h('p', { class: 'field__hint', attrs: { 'data-testid': 'not-owner' }, hidden: true });
  const loading = h('p', { class: 'muted' });
  const reload = h('button', { type: 'button', class: 'button button--small', on: { click: () => location.reload() } });
  const problemEl = h('div', { class: 'trial-page__problem', attrs: { role: 'alert', 'data-testid': 'trial-problem' }, hidden: true });
  const cardBox = h('div', { class: 'trial-page__card' });
  const page = h('section', { class: 'trial-page', attrs: { 'data-testid': 'trial-page' } },
    h('div', { class: 'trial-page__head' }, from, youEl, stateEl), notice, ownerNote, loading, problemEl, cardBox);
  replace(root, page);

  if (token) {
    connection = createConnection({
      code: '',
      sessionId,
      token,
      name: null,
      state,
      onState: scheduleRender,
      onWelcome(welcome) {
        you = welcome.you;
        if (welcome.token) token = welcome.token;
        const session = welcome.session;
        // The start page lists it, and its board opens, unless this device already has
        // someone else in that workshop (the facilitator, trying the link).
        if (session && session.code && token && !loadSession(session.code)) {
          saveSession(session.code, { token, sessionId, name: you.name, role: you.role, title: session.title, status: session.status,
            template: session.template });
        }
        scheduleRender();
      },
      onChange: scheduleRender,
      onJoinError(error) {
        stopped = true;
        if (error.code === 'invalid_token') {
          // A link that no longer admits is of no use on this device any more.
          if (trialToken) saveTrialToken(sessionId, null);
          problem = 'trialPage.badLink';
        } else if (error.code === 'session_not_found') {
          problem = 'trialPage.sessionNotFound';
        } else {
          problem = null;
          problemText = errorMessage(error);
        }
        scheduleRender();
      },
      onRemoved() {
        stopped = true;
        if (trialToken) saveTrialToken(sessionId, null);
        replace(root, removedPage());
      },
      onStopped() {
        stopped = true;
        problemText = t('board.stopped');
        offerReload = true;
        scheduleRender();
      },
      onStrayError(error) {
        ctx.toast(errorMessage(error), 'error');
      },
    });
  }

  /** @returns {boolean} connected and caught up, and not stopped */
  function isLive() {
    return !stopped && connection !== null && connection.getState() === 'connected';
  }

  /** @param {import('../connection.js').ServerError} error */
  function showError(error) {
    if (error.code === 'participant_removed') return; // the removal page says it
    ctx.toast(errorMessage(error), error.code === 'rate_limited' ? 'info' : 'error');
  }

  function scheduleRender() {
    if (renderQueued) return;
    renderQueued = true;
    queueMicrotask(() => {
      renderQueued = false;
      if (!unmounted) render();
    });
  }

  function render() {
    if (unmounted || !page.isConnected) return;
    const connState = connection ? connection.getState() : 'offline';
    const session = state.session;
    const x = state.trials.get(trialId);
    const haveSnapshot = session !== null;
    const missing = haveSnapshot && !x;
    const message = problem ? t(problem) : problemText ?? (missing ? t('trialPage.notFound') : '');
    document.title = (x ? x.title : t('trialPage.loading')) + ' – ' + t('app.name');

    setText(from, session ? t('trialPage.from', { title: session.title }) : '');
    from.hidden = !session;
    setText(youEl, you ? t('trialPage.you', { name: you.name, role: roleName(you.role) }) : '');
    youEl.hidden = !you;
    setText(stateText, t('state.' + connState));
    stateEl.dataset.state = connState;
    stateEl.hidden = !connection || Boolean(problem);

    setText(loading, t('trialPage.loading'));
    loading.hidden = haveSnapshot || Boolean(message) || stopped;
    problemEl.hidden = !message;
    if (message) {
      const key = message + offerReload + t('common.reload');
      if (problemEl.dataset.key !== key) {
        problemEl.dataset.key = key;
        replace(problemEl, h('p', { class: 'notice', dataset: { kind: 'error' }, text: message }),
          offerReload ? reload : null);
        setText(reload, t('common.reload'));
      }
    }

    const closed = session?.status === 'closed';
    const noticeText = !x || message ? '' : closed ? t('trialPage.closed') : haveSnapshot && connState !== 'connected' ? t('board.readonly') : '';
    setText(notice, noticeText);
    notice.hidden = !noticeText;
    notice.dataset.kind = closed ? 'closed' : 'offline';

    const owner = Boolean(x && you && x.owners.some((o) => o.id !== 0 && o.id === you.id));
    ownerNote.hidden = !x || owner || Boolean(message);
    setText(ownerNote, t('trialPage.notOwner'));

    if (x && !card && !message) {
      card = createTrialCard(ctl, trialId, { standalone: true });
      cardBox.append(card.el);
    } else if (card && (!x || message)) {
      card.el.remove();
      card = null;
    }
    if (card) card.update();
  }

  render();
  return {
    unmount() {
      unmounted = true;
      stopped = true;
      connection?.close();
    },
    relabel: render,
  };
}
