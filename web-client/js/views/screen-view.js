// @ts-check
// The big screen (observers, or anyone with `?view=screen`): read-only, large type,
// made for a 1920×1080 projector. The join code, its link and a QR code stay in view;
// the guiding question, the phase with its instruction and the timer on top; below,
// what fits the phase: the wall of ideas (with clusters), the vote's progress and
// then its results, the trial actions (the one under review big), or the outcome.

import { h, replace, setText } from '../dom.js';
import { plural, t } from '../i18n.js';
import { displayCode } from '../codes.js';
import { joinPath } from '../routes.js';
import { columnLayout, ideaCounts, ideasInstruction } from '../selectors.js';
import { createTimerDisplay } from './timer-view.js';
import { createResultsView } from './results-view.js';
import { createTrialsPanel } from './trials-view.js';
import { createOutcomeView } from './outcome-view.js';
import { presenceSummary } from './people-view.js';
import { qrElement } from './qr-view.js';

/**
 * @param {import('./board.js').BoardContext} ctl a read-only context (can() is always false)
 * @param {string} code
 */
export function createScreenView(ctl, code) {
  const joinUrl = new URL(joinPath(code), location.origin).href;
  const title = h('h1', { class: 'screen__title' });
  const question = h('p', { class: 'screen__question' });
  const phase = h('p', { class: 'screen__phase', attrs: { 'data-testid': 'screen-phase' } });
  const instruction = h('p', { class: 'screen__instruction' });
  const timer = createTimerDisplay(ctl, 'timer--big');
  const joinLabel = h('p', { class: 'screen__join-label' });
  const joinCode = h('p', { class: 'screen__code', attrs: { 'data-testid': 'screen-code' }, text: displayCode(code) });
  const joinHost = h('p', { class: 'screen__url', text: joinUrl });
  const people = h('p', { class: 'screen__people' });
  const join = h('aside', { class: 'screen__join' }, joinLabel, joinCode, h('div', { class: 'screen__qr' }, qrElement(joinUrl, t('qr.label'))), joinHost, people);
  const counter = h('p', { class: 'screen__counter', attrs: { 'data-testid': 'screen-counter' } });
  const wall = h('div', { class: 'screen__wall' });
  const results = createResultsView(ctl, { big: true });
  const trials = createTrialsPanel(ctl);
  const outcome = createOutcomeView(ctl);
  const main = h('div', { class: 'screen__main' }, counter, wall, results.el, trials.el, outcome.el);
  const el = h('div', { class: 'screen', attrs: { 'data-testid': 'screen' } },
    h('header', { class: 'screen__head' }, h('div', { class: 'screen__titles' }, title, question), join),
    h('div', { class: 'screen__bar' }, h('div', null, phase, instruction), timer.el), main);
  let wallKey = '';

  /** What the main area shows now. */
  function show() {
    const c = ctl.state.controls;
    const closed = ctl.state.session?.status === 'closed';
    if (!c) return 'none';
    if (closed || c.phase === 'wrap_up') return 'outcome';
    if (c.phase === 'vote') return c.votes_revealed ? 'results' : 'progress';
    if (c.phase === 'trial_actions' || c.phase === 'review') return 'trials';
    if (c.phase === 'welcome') return 'welcome';
    return 'wall';
  }

  function update() {
    const session = ctl.state.session;
    const c = ctl.state.controls;
    setText(title, session ? session.title : '');
    setText(question, session ? session.question : '');
    setText(phase, c ? t('phase.' + c.phase) : '');
    setText(instruction, c ? screenInstruction(c) : '');
    // With the door closed the code lets nobody new in: say so instead of inviting.
    const doorClosed = c ? !c.settings.join_by_code : false;
    setText(joinLabel, doorClosed ? t('door.closedBadge') : t('screen.join', { host: location.host }));
    join.classList.toggle('screen__join--closed', doorClosed);
    setText(people, presenceSummary(ctl.state));
    timer.update();
    const what = show();
    el.dataset.show = what;
    join.classList.toggle('screen__join--big', what === 'welcome');
    const counts = ideaCounts(ctl.state);
    counter.hidden = !(what === 'wall' || what === 'progress');
    if (what === 'progress') setText(counter, t('vote.progress', { dots: ctl.state.votes.dotsCast, voters: ctl.state.votes.voters }));
    else setText(counter, plural('screen.ideas', counts.total));
    wall.hidden = what !== 'wall' || counts.visible === 0;
    if (!wall.hidden) updateWall();
    results.el.hidden = what !== 'results';
    if (what === 'results') results.update();
    trials.el.hidden = what !== 'trials';
    if (what === 'trials') trials.update();
    outcome.el.hidden = what !== 'outcome';
    if (what === 'outcome') outcome.update();
  }

  /** @param {import('../session-state.js').Controls} c */
  function screenInstruction(c) {
    if (ctl.state.session?.status === 'closed') return t('instruction.closed');
    if (c.phase === 'ideas') return t(ideasInstruction(ctl.state));
    if (c.phase === 'vote') return c.votes_revealed ? t('instruction.voteRevealed') : t('instruction.vote', { budget: c.settings.vote_budget, cap: c.settings.vote_cap });
    return t('instruction.' + c.phase);
  }

  /** The wall of ideas: columns with their clusters; rebuilt when anything changed. */
  function updateWall() {
    const key = String(ctl.state.seq) + t('cluster.none');
    if (key === wallKey) return;
    wallKey = key;
    replace(wall, ctl.state.columns.map((col) => {
      const layout = columnLayout(ctl.state, col.id);
      const note = (/** @type {number} */ id) => {
        const idea = ctl.state.ideas.get(id);
        return idea ? h('li', { class: 'screen__note', dataset: { fate: idea.fate } }, idea.text) : null;
      };
      return h('section', { class: 'screen__column' }, h('h2', { text: col.title }),
        h('ul', { class: 'screen__notes' }, layout.blocks.map((b) => (b.kind === 'idea' ? note(b.id)
          : h('li', { class: 'screen__cluster' }, h('h3', { text: ctl.state.clusters.get(b.id)?.name || '' }), h('ul', { class: 'screen__notes' }, b.ideas.map(note)))))));
    }));
  }

  update();
  return { el, update, destroy: timer.destroy };
}
