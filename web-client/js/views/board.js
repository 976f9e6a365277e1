// @ts-check
// The board screen (/board/{code}): joins the session over the WebSocket (with the
// token this device keeps for the code, with the name just typed on the join page, or
// with an invitation), keeps the session state live, and shows it: the header, the
// phase bar with the timer, and tabs for the board (columns, clusters, ideas), the
// trial actions, the vote results, the people, the outcome, and for the facilitators
// the facilitation console. Observers (and `?view=screen`) get the big-screen view.
//
// The facilitator's private link /board/{code}#token=... stores the token and removes
// it from the address bar before anything else happens. A token the server no longer
// knows (`invalid_token`) is forgotten and the person is sent to the join page, as is a
// newcomer the facilitator's closed door turned away (`joining_closed`, explained
// there); a participant the facilitator removed sees a message, and the token is forgotten.
//
// Rendering is keyed: each column, idea and trial action keeps its element for its
// whole life and is only moved and updated, so open editors, focus and drag state
// survive the changes other people make. Only the visible tab is brought up to date.

import { h, replace, setText } from '../dom.js';
import { errorMessage, t } from '../i18n.js';
import { createSessionState } from '../session-state.js';
import { createConnection } from '../connection.js';
import { can as permits, isFacilitatorRole } from '../permissions.js';
import { boardPath } from '../routes.js';
import { peopleByRole } from '../selectors.js';
import { forgetSession } from '../storage.js';
import { enterBoard, keepWelcome, leaveAfterRefusal } from './board-entry.js';
import { createBoardNotice, removedPage } from './board-notice.js';
import { createBoardHeader } from './board-header.js';
import { createPhaseBar } from './phase-bar.js';
import { createWall, moveIdea } from './wall.js';
import { createTabs } from './tabs.js';
import { createTrialsPanel } from './trials-view.js';
import { createResultsView } from './results-view.js';
import { createPeopleView } from './people-view.js';
import { createOutcomeView } from './outcome-view.js';
import { createConsoleView } from './console-view.js';
import { createSelectionBar } from './selection-bar.js';
import { createScreenView } from './screen-view.js';
import { decisionAnnouncement } from './decisions-view.js';

/** How long a decision stays on the big screen. */
const SCREEN_TOAST_MS = 20000;

/**
 * What the parts of the board get from the board screen.
 * @typedef {object} BoardContext
 * @property {import('../session-state.js').SessionState} state
 * @property {string} code the session's join code
 * @property {() => {id: number, name: string, role: string}|null} you
 * @property {(action: string, target?: import('../permissions.js').Target) => boolean} can whether the person may
 *   do this now (connected, and the permission table allows it; in a closed session only what
 *   goes on after it: a trial action's life)
 * @property {(action: string, target?: import('../permissions.js').Target) => boolean} allows whether the
 *   permission table allows it now, connected or not (what may be prepared offline and sent on reconnect)
 * @property {() => string|null} token this participant's secret token, for their personal link
 * @property {() => string|null} receipt the session's receipt token (welcome.receipt): a read-only link to its outcome
 *   (null where it must not show, such as the big screen)
 * @property {() => boolean} canEdit connected, caught up and the session is open
 * @property {() => import('../connection.js').ConnectionState} connectionState
 * @property {() => boolean} isFacilitator facilitator or co-facilitator
 * @property {(command: Record<string, unknown>) => Promise<import('../connection.js').CommandResult>} send
 * @property {(command: Record<string, unknown>) => Promise<boolean>} run sends, shows a refusal, tells whether it was accepted
 * @property {(error: import('../connection.js').ServerError) => void} showError
 * @property {(type: string, fields?: Record<string, unknown>) => Promise<import('../connection.js').RequestResult>} request
 * @property {() => number} clockOffset server time minus local time, in ms
 * @property {(message: string, kind?: 'info'|'error') => void} toast
 * @property {(includeOffline?: boolean) => import('../session-state.js').PresenceEntry[]} people who is here, by role then name
 * @property {Set<number>} selection ideas a facilitator selected
 * @property {(ideaId: number, on: boolean) => void} toggleSelect
 * @property {() => void} clearSelection
 * @property {{ideaId: number|null}} drag the idea being dragged, if any
 * @property {(ideaId: number, columnId: number, before: number|undefined) => Promise<void>} moveIdea
 * @property {(ideaIds: number[]) => void} newTrial opens the form for a trial action from these ideas
 * @property {(trialId: number) => void} focusTrial shows a trial action
 */

/**
 * @param {HTMLElement} root
 * @param {import('../main.js').ViewContext} ctx
 * @param {string} code the session's normalized join code
 * @returns {import('../main.js').MountedView}
 */
export function mount(root, ctx, code) {
  const entry = enterBoard(ctx, code);
  if (!entry) return { unmount() {} };
  const { view, saved } = entry;

  const state = createSessionState();
  /** @type {any} */
  let you = null;
  let stopped = false;
  let unmounted = false;
  let closedSeen = false;
  /** @type {ReturnType<typeof createConnection>|null} */
  let connection = null;
  let firstRenderDone = false;
  let renderQueued = false;
  /** @type {'screen'|'board'} */
  let layout = view === 'screen' ? 'screen' : 'board';
  /** @type {string|null} */
  let token = saved ? saved.token : null;
  /** @type {string|null} */
  let receipt = null;
  const selection = new Set();

  /** @type {BoardContext} */
  const ctl = {
    state,
    code,
    you: () => you,
    can: (action, target) => isLive() && permits({ you, controls: state.controls, session: rulesSession() }, action, target),
    allows: (action, target) => !stopped && permits({ you, controls: state.controls, session: rulesSession() }, action, target),
    token: () => token,
    receipt: () => receipt,
    canEdit,
    connectionState: () => (connection ? connection.getState() : 'connecting'),
    isFacilitator: () => Boolean(you && isFacilitatorRole(you.role)),
    send: (command) => (connection ? connection.send(command) : Promise.resolve({ ok: false, error: { code: 'not_joined' } })),
    async run(command) {
      const result = await ctl.send(command);
      if (!result.ok) showError(result.error);
      return result.ok;
    },
    showError,
    request: (type, fields) => (connection ? connection.request(type, fields) : Promise.resolve({ ok: false, error: { code: 'network' } })),
    clockOffset: () => (connection ? connection.clockOffset() : 0),
    toast: ctx.toast,
    people: (includeOffline) => peopleByRole(state, includeOffline),
    selection,
    toggleSelect(id, on) {
      if (on) selection.add(id);
      else selection.delete(id);
      scheduleRender();
    },
    clearSelection() {
      selection.clear();
      scheduleRender();
    },
    drag: { ideaId: null },
    moveIdea: (ideaId, columnId, before) => moveIdea(ctl, ideaId, columnId, before),
    newTrial(ideaIds) {
      tabs.show('trials');
      trials.startNew(ideaIds);
    },
    focusTrial(id) {
      tabs.show('trials');
      trials.openTrial(id);
    },
  };
  /** The big screen shows, and never offers to change anything. */
  /** @type {BoardContext} */
  const readOnly = { ...ctl, can: () => false, allows: () => false, canEdit: () => false, isFacilitator: () => false, token: () => null };

  const header = createBoardHeader(ctl, code, ctx.toast);
  const phaseBar = createPhaseBar(ctl);
  const notice = createBoardNotice();
  const loading = h('p', { class: 'board__loading muted', text: t('board.loading') });
  const wall = createWall(ctl, { isNew: () => firstRenderDone });
  const trials = createTrialsPanel(ctl);
  const results = createResultsView(ctl);
  const peopleView = createPeopleView(ctl);
  const outcomeView = createOutcomeView(ctl);
  const consoleView = createConsoleView(ctl);
  const selectionBar = createSelectionBar(ctl);
  /** @type {ReturnType<typeof createScreenView>|null} made when first shown */
  let screen = null;
  const screenSwitch = h('a', { class: 'button button--small button--quiet screen-switch', attrs: { href: boardPath(code) + '?view=board', 'data-action': 'normal-view' } });
  const tabs = createTabs({
    board: wall, trials, results, people: peopleView, outcome: outcomeView, console: consoleView,
  }, (now) => (now ? render() : scheduleRender()));
  const boardPage = h('div', { class: 'board__page' }, header.el, phaseBar.el, notice.el, loading, tabs.bar, tabs.panels, selectionBar.el);
  const screenTools = h('div', { class: 'screen-tools' }, screenSwitch);
  const screenPage = h('div', { class: 'board__screen' }, screenTools);
  const page = h('div', { class: 'board' }, boardPage, screenPage);
  root.classList.add('app--wide');
  replace(root, page);
  applyLayout();

  connection = createConnection({
    code,
    sessionId: saved ? saved.sessionId || null : null,
    token: saved ? saved.token : null,
    name: entry.name,
    invite: entry.invite ? entry.invite.invite : null,
    state,
    onState(connState) {
      header.setConnectionState(connState);
      scheduleRender();
    },
    onWelcome(welcome) {
      you = welcome.you;
      if (welcome.token) token = welcome.token;
      if (typeof welcome.receipt === 'string' && welcome.receipt) receipt = welcome.receipt;
      keepWelcome(ctx, code, welcome);
      if (view === null) layout = you.role === 'observer' ? 'screen' : 'board';
      applyLayout();
      scheduleRender();
    },
    onChange: scheduleRender,
    onEvent(event, own) {
      // Decisions are for everyone at once, whatever tab they look at (DOMAIN.md).
      if (event.type === 'decision.recorded' && !own && event.decision) announceDecision(event.decision);
    },
    onJoinError(error) {
      stopped = true;
      if (!leaveAfterRefusal(ctx, code, entry, error)) showStopped(errorMessage(error), false);
    },
    onRemoved() {
      stopped = true;
      forgetSession(code);
      showRemoved();
    },
    onDeleted() {
      stopped = true;
      forgetSession(code);
      showStopped(t('board.deleted'), false);
    },
    onStopped() {
      stopped = true;
      showStopped(t('board.stopped'), true);
    },
    onStrayError(error) {
      ctx.toast(errorMessage(error), 'error');
    },
  });

  function canEdit() {
    return isLive() && !isClosed();
  }

  /** @returns {boolean} connected and caught up, and not stopped */
  function isLive() {
    return !stopped && connection !== null && connection.getState() === 'connected';
  }

  /**
   * The session as the permission table is to see it: closed also when a refusal said
   * so before the event did.
   */
  function rulesSession() {
    return isClosed() && state.session && state.session.status !== 'closed' ? { ...state.session, status: 'closed' } : state.session;
  }

  /** @returns {boolean} whether the session is closed (read-only) */
  function isClosed() {
    return closedSeen || state.session?.status === 'closed';
  }

  /**
   * Shows a refused command's error as a toast; being too fast is not a fault, and is
   * said calmly, with the wait.
   * @param {import('../connection.js').ServerError} error
   */
  function showError(error) {
    if (error.code === 'participant_removed') return; // the removal screen says it
    ctx.toast(errorMessage(error), error.code === 'rate_limited' ? 'info' : 'error');
    if (error.code === 'session_closed' && !closedSeen) {
      closedSeen = true;
      scheduleRender();
    }
  }

  /** @param {import('../session-state.js').Decision} d */
  function announceDecision(d) {
    // On the big screen it stays long enough to be read from the back of the room.
    ctx.toast(decisionAnnouncement(state, d), 'info', layout === 'screen' ? SCREEN_TOAST_MS : undefined);
  }

  function applyLayout() {
    if (layout === 'screen' && !screen) {
      screen = createScreenView(readOnly, code);
      screenPage.prepend(screen.el);
      screenTools.prepend(screen.fullscreen);
    }
    boardPage.hidden = layout === 'screen';
    screenPage.hidden = layout !== 'screen';
    page.classList.toggle('board--screen', layout === 'screen');
    document.documentElement.classList.toggle('screen-mode', layout === 'screen');
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
    const focused = document.activeElement;
    if (state.controls && state.session) tabs.follow(state.controls, isClosed());
    if (state.session) document.title = state.session.title + ' – ' + t('app.name');
    loading.hidden = state.session !== null || stopped;
    for (const id of [...selection]) {
      const idea = state.ideas.get(id);
      if (!idea || idea.fate === 'merged' || !ctl.isFacilitator()) selection.delete(id);
    }
    if (layout === 'screen' && screen) {
      screen.update();
      setText(screenSwitch, t('screen.normal'));
      screenSwitch.hidden = !you;
      return;
    }
    // The facilitators' header and phase bar are compact, so the board starts high on a laptop.
    page.classList.toggle('board--facilitate', ctl.isFacilitator());
    header.update();
    phaseBar.update();
    if (!stopped) {
      notice.update({
        closed: isClosed(), hasSession: state.session !== null, connection: ctl.connectionState(),
        locked: Boolean(state.controls?.locked) && !ctl.isFacilitator(),
      });
    }
    const hasResults = state.votes.results !== null || state.controls?.phase === 'vote';
    tabs.update(state.session !== null,
      { board: true, trials: true, results: hasResults, people: true, outcome: true, console: ctl.isFacilitator() },
      { trials: state.trials.size ? String(state.trials.size) : '' });
    selectionBar.update();
    if (state.session) firstRenderDone = true;
    // Moving an element to another column takes the focus away from what it holds.
    if (focused instanceof HTMLElement && focused.isConnected && document.activeElement !== focused) {
      focused.focus({ preventScroll: true });
    }
  }

  /**
   * @param {string} message
   * @param {boolean} reload offer to reload the page
   */
  function showStopped(message, reload) {
    notice.stop(message, reload);
    wall.stop();
    loading.hidden = true;
    if (layout === 'screen') {
      layout = 'board';
      applyLayout();
    }
  }

  function showRemoved() {
    root.classList.remove('app--wide');
    replace(root, removedPage());
  }

  function relabel() {
    setText(loading, t('board.loading'));
    wall.relabel();
    // Texts are set on update; the outcome and the wall rebuild when their key changes.
    scheduleRender();
  }

  return {
    unmount() {
      stopped = true;
      unmounted = true;
      connection?.close();
      phaseBar.destroy();
      consoleView.destroy();
      screen?.destroy();
      root.classList.remove('app--wide');
      document.documentElement.classList.remove('screen-mode');
    },
    relabel,
  };
}
