// @ts-check
// Trial actions (prøvehandlinger): the list everyone sees, with the one under review
// (in a review session the facilitator puts one in focus) first and open, and for the
// facilitators the button that opens the form to propose one. Each trial action is a
// card (trial-card.js); the form is trial-form.js.

import { h, keyedList, replace, setText } from '../dom.js';
import { t } from '../i18n.js';
import { trialList } from '../selectors.js';
import { createTrialCard } from './trial-card.js';
import { createTrialForm } from './trial-form.js';

/**
 * What this view uses of the board screen's context (tsc holds it to these).
 * @typedef {Pick<import('./board.js').BoardContext, 'can'|'isFacilitator'|'people'|'run'|'send'|'showError'|'state'|'toast'|'token'|'you'>} TrialsViewContext
 */

/**
 * @param {TrialsViewContext} ctl
 */
export function createTrialsPanel(ctl) {
  /** @type {number[]|null} the ideas of a trial action being proposed */
  let drafting = null;
  const heading = h('h2', { class: 'panel-heading' });
  const intro = h('p', { class: 'muted' });
  const newButton = h('button', { type: 'button', class: 'button button--primary', dataset: { action: 'new-trial' }, on: { click: () => startNew([]) } });
  const formBox = h('div', { class: 'trial-form-box' });
  const focusHeading = h('h3', { class: 'trials__focus-heading' });
  const focusBox = h('div', { class: 'trials__focus' }, focusHeading);
  const listEl = h('div', { class: 'trials__list' });
  const empty = h('p', { class: 'muted trials__empty' });
  const el = h('section', { class: 'trials', attrs: { 'data-testid': 'trials' } }, heading, intro, newButton, formBox, focusBox, listEl, empty);
  const list = keyedList(listEl, (trial) => createTrialCard(ctl, trial.id));
  /** @type {ReturnType<typeof createTrialCard>|null} the trial action under review, shown apart */
  let focusCard = null;
  let focusId = 0;

  /** @param {number[]} ideaIds */
  function startNew(ideaIds) {
    drafting = ideaIds;
    replace(formBox, createTrialForm(ctl, ideaIds, () => {
      drafting = null;
      replace(formBox);
      update();
    }));
    update();
    formBox.querySelector('input')?.focus();
  }

  function update() {
    const trials = trialList(ctl.state);
    const controls = ctl.state.controls;
    setText(heading, t('trial.heading', { n: trials.length }));
    setText(intro, t('trial.intro'));
    newButton.hidden = !ctl.can('trial.create') || drafting !== null;
    setText(newButton, '+ ' + t('trial.new'));
    const wanted = controls && controls.focus && ctl.state.trials.has(controls.focus) ? controls.focus : 0;
    // The trial action under review comes first and open, for everyone, in a card of
    // its own (moving one card between the boxes on each update would take the focus
    // away from someone typing in it).
    if (wanted !== focusId) {
      if (focusCard) focusCard.el.remove();
      focusId = wanted;
      focusCard = wanted ? createTrialCard(ctl, wanted) : null;
      if (focusCard) {
        focusCard.setFocused(true);
        focusBox.appendChild(focusCard.el);
      }
    } else if (focusCard) {
      focusCard.update();
    }
    focusBox.hidden = !focusCard;
    setText(focusHeading, t('review.now'));
    list.sync(trials.filter((x) => x.id !== focusId), (x) => x.id);
    empty.hidden = trials.length > 0;
    setText(empty, t('trial.none'));
  }

  /** @param {number} id opens a trial action's card and scrolls to it */
  function openTrial(id) {
    const view = /** @type {any} */ (list.get(id));
    const card = id === focusId ? focusCard : view;
    if (!card) return;
    if (card.open) card.open();
    card.el.scrollIntoView({ block: 'start', behavior: 'smooth' });
  }

  update();
  return { el, update, startNew, openTrial };
}

