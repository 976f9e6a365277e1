// @ts-check
// The bar under the board's header: where the workshop is (the template's phases, the
// current one marked, with a one-line instruction for everyone), while voting the dots
// left, the timer (a countdown on the server's clock, "time is up" at zero), and for the
// facilitators the
// controls they use all the time: previous/next phase (or any phase), the timer
// (presets, custom minutes, pause/resume, +1/+5 min, stop), revealing the private
// ideas or the vote results, and locking the board.

import { h, keyedList, replace, setText } from '../dom.js';
import { plural, t } from '../i18n.js';
import { ideaCounts, ideasInstruction } from '../selectors.js';
import { createTimerDisplay } from './timer-view.js';
import { limit } from '../limits.js';

/**
 * What this view uses of the board screen's context (tsc holds it to these).
 * @typedef {Pick<import('./board.js').BoardContext, 'can'|'clockOffset'|'isFacilitator'|'run'|'state'|'toast'|'you'>} PhaseBarContext
 */

/** Timer presets in minutes. */
export const TIMER_PRESETS = Object.freeze([1, 3, 5, 10, 15]);
export const TIMER_MAX_MINUTES = limit('max_timer_seconds') / 60;

/**
 * @param {PhaseBarContext} ctl
 */
export function createPhaseBar(ctl) {

  const stepsEl = h('ol', { class: 'phases__steps' });
  const steps = keyedList(stepsEl, (phase) => {
    const label = h('span', { class: 'phase__label' });
    const button = h('button', { type: 'button', class: 'phase', dataset: { phase }, on: { click: () => setPhase(phase) } }, label);
    const li = h('li', { class: 'phases__step' }, button);
    return {
      el: li,
      /** @param {string} p */
      update(p) {
        const controls = ctl.state.controls;
        const index = controls ? controls.phases.indexOf(p) : -1;
        const currentIndex = controls ? controls.phases.indexOf(controls.phase) : -1;
        setText(label, (index + 1) + '. ' + t('phase.' + p));
        const current = controls !== null && controls.phase === p;
        button.classList.toggle('phase--current', current);
        button.classList.toggle('phase--done', index < currentIndex);
        if (current) button.setAttribute('aria-current', 'step');
        else button.removeAttribute('aria-current');
        const may = ctl.can('phase.set');
        button.disabled = !may || current;
        button.title = may && !current ? t('phase.goTo', { phase: t('phase.' + p) }) : '';
      },
    };
  });
  const prevButton = h('button', { type: 'button', class: 'button button--small', dataset: { action: 'phase-prev' }, on: { click: () => stepPhase(-1) } });
  const nextButton = h('button', { type: 'button', class: 'button button--small button--primary', dataset: { action: 'phase-next' }, on: { click: () => stepPhase(1) } });
  const instruction = h('p', { class: 'phases__instruction', attrs: { 'data-testid': 'instruction', 'aria-live': 'polite' } });
  const status = h('p', { class: 'phases__status', attrs: { 'data-testid': 'phase-status' } });

  // While voting, the dots this person has left, beside the timer: on a phone this row
  // stays at the top of the screen while the board scrolls under it.
  const dotsLeft = h('p', { class: 'phases__dots', attrs: { 'data-testid': 'dots-left' } });
  const timer = createTimerDisplay(ctl);
  const timerControls = h('div', { class: 'timer-controls' });

  const revealIdeas = h('button', { type: 'button', class: 'button button--small button--primary', dataset: { action: 'reveal-ideas' },
    on: { click: () => ctl.run({ type: 'ideas.reveal' }) } });
  const revealVotes = h('button', { type: 'button', class: 'button button--small button--primary', dataset: { action: 'reveal-votes' },
    on: { click: () => ctl.run({ type: 'votes.reveal' }) } });
  const lockButton = h('button', { type: 'button', class: 'button button--small', dataset: { action: 'lock' },
    on: { click: () => ctl.run({ type: 'board.lock', locked: !ctl.state.controls?.locked }) } });
  const tools = h('div', { class: 'phases__tools' }, prevButton, nextButton, revealIdeas, revealVotes, lockButton);

  const el = h('section', { class: 'phases', attrs: { 'aria-label': '' } },
    h('div', { class: 'phases__row' }, h('nav', { class: 'phases__nav' }, stepsEl), dotsLeft, timer.el),
    instruction, status, tools, timerControls);

  /** @param {string} phase */
  function setPhase(phase) {
    ctl.run({ type: 'phase.set', phase });
  }

  /** @param {number} delta */
  function stepPhase(delta) {
    const controls = ctl.state.controls;
    if (!controls) return;
    const next = controls.phases[controls.phases.indexOf(controls.phase) + delta];
    if (next) setPhase(next);
  }

  /** The instruction for the current phase, for this person. */
  function instructionText() {
    const controls = ctl.state.controls;
    const session = ctl.state.session;
    if (!controls || !session) return '';
    if (session.status === 'closed') return t('instruction.closed');
    const phase = controls.phase;
    if (phase === 'ideas') return t(ideasInstruction(ctl.state));
    if (phase === 'vote') {
      if (controls.votes_revealed) return t('instruction.voteRevealed');
      if (ctl.isFacilitator() || ctl.you()?.role === 'observer') return t('instruction.voteWatch');
      return t('instruction.vote', { budget: controls.settings.vote_budget, cap: controls.settings.vote_cap });
    }
    return t('instruction.' + phase);
  }

  /** The counts that matter in this phase: hidden ideas, dots left, dots cast. */
  function statusText() {
    const controls = ctl.state.controls;
    if (!controls) return '';
    const parts = [];
    const counts = ideaCounts(ctl.state);
    if (ctl.state.privateCount > 0) {
      parts.push(ctl.isFacilitator() ? plural('reveal.written', ctl.state.privateCount) : plural('reveal.hiddenOthers', counts.hiddenOthers));
    }
    if (controls.phase === 'vote' && !controls.votes_revealed) {
      parts.push(t('vote.progress', { dots: ctl.state.votes.dotsCast, voters: ctl.state.votes.voters }));
    }
    if (controls.locked) parts.push(t('lock.locked'));
    return parts.join(' · ');
  }

  function update() {
    const controls = ctl.state.controls;
    el.hidden = !controls;
    if (!controls) return;
    el.setAttribute('aria-label', t('phase.label'));
    steps.sync(controls.phases, (p) => p);
    const index = controls.phases.indexOf(controls.phase);
    const mayPhase = ctl.can('phase.set');
    prevButton.hidden = !mayPhase || index <= 0;
    nextButton.hidden = !mayPhase || index >= controls.phases.length - 1;
    if (index > 0) setText(prevButton, '← ' + t('phase.' + controls.phases[index - 1]));
    if (index < controls.phases.length - 1) setText(nextButton, t('phase.' + controls.phases[index + 1]) + ' →');
    setText(instruction, instructionText());
    const statusLine = statusText();
    setText(status, statusLine);
    status.hidden = !statusLine;
    status.dataset.privateCount = String(ctl.state.privateCount);
    const voting = controls.phase === 'vote' && !controls.votes_revealed && ctl.can('vote.set');
    dotsLeft.hidden = !voting;
    setText(dotsLeft, voting ? plural('vote.left', ctl.state.votes.dotsLeft) : '');

    revealIdeas.hidden = !ctl.can('ideas.reveal') || ctl.state.privateCount === 0;
    setText(revealIdeas, t('reveal.ideas', { n: ctl.state.privateCount }));
    revealVotes.hidden = !ctl.can('votes.reveal') || controls.phase !== 'vote' || controls.votes_revealed;
    setText(revealVotes, t('reveal.votes'));
    lockButton.hidden = !ctl.can('board.lock');
    setText(lockButton, controls.locked ? t('lock.unlock') : t('lock.lock'));
    lockButton.setAttribute('aria-pressed', String(controls.locked));
    tools.hidden = !ctl.isFacilitator() || ctl.state.session?.status === 'closed';
    updateTimerControls();
    timer.update();
  }

  function updateTimerControls() {
    const controls = ctl.state.controls;
    const may = ctl.can('timer.start');
    timerControls.hidden = !may;
    if (!may || !controls) return;
    const state = controls.timer.state;
    const key = state + ':' + t('timer.start');
    if (timerControls.dataset.key === key) return;
    timerControls.dataset.key = key;
    const minutes = h('input', { type: 'number', class: 'timer-controls__minutes', value: '5',
      attrs: { min: 1, max: TIMER_MAX_MINUTES, step: 1, inputmode: 'numeric', 'aria-label': t('timer.minutes') } });
    const start = (/** @type {number} */ m) => ctl.run({ type: 'timer.start', seconds: Math.round(m * 60) });
    const button = (/** @type {string} */ text, /** @type {string} */ action, /** @type {() => void} */ fn) =>
      h('button', { type: 'button', class: 'button button--small', text, dataset: { action }, on: { click: fn } });
    replace(timerControls,
      h('span', { class: 'timer-controls__label', text: t('timer.label') }),
      TIMER_PRESETS.map((m) => button(t('timer.minutesShort', { n: m }), 'timer-' + m, () => start(m))),
      h('form', { class: 'timer-controls__custom', attrs: { novalidate: true }, on: { submit: (ev) => {
        ev.preventDefault();
        const m = Number(minutes.value);
        if (!(m > 0 && m <= TIMER_MAX_MINUTES)) {
          ctl.toast(t('timer.badMinutes', { max: TIMER_MAX_MINUTES }), 'error');
          return;
        }
        start(m);
      } } }, minutes, h('button', { type: 'submit', class: 'button button--small', text: t('timer.start'), dataset: { action: 'timer-custom' } })),
      state === 'running' ? button(t('timer.pause'), 'timer-pause', () => ctl.run({ type: 'timer.pause' })) : null,
      state === 'paused' ? button('▶ ' + t('timer.resume'), 'timer-resume', () => ctl.run({ type: 'timer.resume' })) : null,
      state !== 'idle' ? [
        button('+1 min', 'timer-plus1', () => ctl.run({ type: 'timer.extend', seconds: 60 })),
        button('+5 min', 'timer-plus5', () => ctl.run({ type: 'timer.extend', seconds: 300 })),
        button('■ ' + t('timer.stop'), 'timer-stop', () => ctl.run({ type: 'timer.stop' })),
      ] : null);
  }

  update();
  return {
    el,
    update,
    destroy: timer.destroy,
  };
}
