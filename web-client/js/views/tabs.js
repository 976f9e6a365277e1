// @ts-check
// The board screen's tabs (board, trial actions, results, people, outcome, console): the
// tab row with the keyboard of the ARIA tabs pattern, the panels, which tab is shown,
// and how the shown tab follows the workshop (a new phase, the results, a closed
// session bring their tab forward). Only the shown panel is brought up to date.

import { h, setText } from '../dom.js';
import { t } from '../i18n.js';

export const TABS = Object.freeze(['board', 'trials', 'results', 'people', 'outcome', 'console']);

/** @typedef {{el: HTMLElement, update: () => void}} TabPanel */

/**
 * @param {Record<string, TabPanel>} panels one per name of TABS
 * @param {(now: boolean) => void} onSelect the person picked a tab: render now (the
 *   keyboard, which then moves the focus) or soon
 */
export function createTabs(panels, onSelect) {
  let tab = 'board';
  let lastPhase = '';
  let lastRevealed = false;
  let lastClosed = false;
  const longLabels = Object.fromEntries(TABS.map((name) => [name, h('span', { class: 'tab__long' })]));
  const shortLabels = Object.fromEntries(TABS.map((name) => [name, h('span', { class: 'tab__short' })]));
  const buttons = Object.fromEntries(TABS.map((name) => [name, h('button', {
    type: 'button', class: 'tab', dataset: { tab: name }, attrs: { role: 'tab' }, on: { click: () => show(name) },
  }, longLabels[name], shortLabels[name])]));
  const bar = h('div', { class: 'tabs', attrs: { role: 'tablist' }, on: { keydown: onKey } }, Object.values(buttons));
  /** @type {Record<string, HTMLElement>} */
  const boxes = Object.fromEntries(TABS.map((name) => [name, h('div', { class: 'tab-panel', attrs: { role: 'tabpanel' } }, panels[name].el)]));
  const panelBox = h('div', { class: 'tab-panels' }, Object.values(boxes));

  /** @param {string} name */
  function show(name) {
    if (!TABS.includes(name)) return;
    tab = name;
    onSelect(false);
  }

  /**
   * Arrow keys, Home and End move between the tabs (only the selected one is in the
   * tab order, as the ARIA pattern for tabs has it).
   * @param {Event} ev
   */
  function onKey(ev) {
    const key = /** @type {KeyboardEvent} */ (ev).key;
    const shown = TABS.filter((name) => !buttons[name].hidden);
    const at = shown.indexOf(tab);
    let next = -1;
    if (key === 'ArrowRight') next = (at + 1) % shown.length;
    else if (key === 'ArrowLeft') next = (at - 1 + shown.length) % shown.length;
    else if (key === 'Home') next = 0;
    else if (key === 'End') next = shown.length - 1;
    if (next < 0) return;
    ev.preventDefault();
    tab = shown[next];
    onSelect(true);
    buttons[tab].focus();
  }

  return {
    bar,
    panels: panelBox,
    show,
    /**
     * Brings forward the tab of what just happened in the workshop.
     * @param {import('../session-state.js').Controls} controls
     * @param {boolean} closed
     */
    follow(controls, closed) {
      if (closed && !lastClosed) tab = 'outcome';
      else if (controls.votes_revealed && !lastRevealed) tab = 'results';
      else if (controls.phase !== lastPhase) {
        const p = controls.phase;
        if (p === 'trial_actions' || p === 'review') tab = 'trials';
        else if (p === 'wrap_up') tab = 'outcome';
        else if (p === 'vote' && controls.votes_revealed) tab = 'results';
        else tab = 'board';
      }
      lastPhase = controls.phase;
      lastRevealed = controls.votes_revealed;
      lastClosed = closed;
    },
    /**
     * Shows the tabs this person has now, with their labels, and brings the shown
     * panel up to date.
     * @param {boolean} visible whether there is a session to show yet
     * @param {Record<string, boolean>} shown which tabs this person has
     * @param {Record<string, string>} [counts] a count to show after a tab's name
     */
    update(visible, shown, counts = {}) {
      bar.hidden = !visible;
      if (!shown[tab]) tab = 'board';
      for (const name of TABS) {
        const button = buttons[name];
        button.hidden = !shown[name];
        button.setAttribute('aria-selected', String(name === tab));
        button.tabIndex = name === tab ? 0 : -1;
        // A phone shows the short name (styles.css), so that the row fits its width.
        const count = counts[name] ? ' (' + counts[name] + ')' : '';
        setText(longLabels[name], t('tab.' + name) + count);
        setText(shortLabels[name], t('tab.short.' + name) + count);
        boxes[name].hidden = name !== tab;
      }
      panels[tab].update();
    },
  };
}
