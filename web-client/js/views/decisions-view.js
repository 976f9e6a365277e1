// @ts-check
// Managers' immediate decisions (straks-beslutninger) on an idea or a trial action: a
// badge with the latest decision for everyone, the history of decisions, and for
// managers a small form (opened with `toggle`): approve, park or "needs a legal or
// policy check", and on a trial action also the answers to an owner's check-in
// (continue, adapt, scale up, stop), each offered only where the server takes it
// (trial-log.js), with a note (required for all but approve and continue). Once the
// session is closed, decisions go on for trial actions only.

import { h, keyedList, replace, setText } from '../dom.js';
import { formatDateTime, t } from '../i18n.js';
import { decisionsOn } from '../selectors.js';
import { counter, textLength } from './form.js';
import { limit } from '../limits.js';
import { decisionKinds, decisionNeedsNote } from '../trial-log.js';

/**
 * What this view uses of the board screen's context (tsc holds it to these).
 * @typedef {Pick<import('./board.js').BoardContext, 'can'|'run'|'state'|'toast'>} DecisionsViewContext
 */

export const NOTE_MAX = limit('decision_note_chars');
/** Every kind of decision, in the order the buttons show them. */
const KINDS = Object.freeze(['approve', 'park', 'needs_check', 'continue', 'adapt', 'scale', 'stop']);
export const DECISION_ICON = Object.freeze({ approve: '✔', park: '‖', needs_check: '⚠', continue: '▶', adapt: '↻', scale: '↗', stop: '■', spread: '✦' });

/**
 * The line that shows one decision: "✔ Approved – Mona (leder): note".
 * @param {import('../session-state.js').Decision} d
 */
export function decisionText(d) {
  const icon = DECISION_ICON[/** @type {keyof typeof DECISION_ICON} */ (d.kind)] || '•';
  return icon + ' ' + t('decision.kind.' + d.kind) + ' – ' + d.by.name + (d.note ? ': ' + d.note : '');
}

/**
 * What everyone is told when a manager decides: "Decided: <target>: ✔ Approved – Mona".
 * @param {import('../session-state.js').SessionState} state
 * @param {import('../session-state.js').Decision} d
 */
export function decisionAnnouncement(state, d) {
  const target = d.target_kind === 'idea' ? state.ideas.get(d.target_id)?.text : state.trials.get(d.target_id)?.title;
  return t('decision.announce', { target: target ? target.slice(0, 80) : '…' }) + ' ' + decisionText(d);
}

/**
 * @param {DecisionsViewContext} ctl
 * @param {string} kind 'idea' or 'trial_action'
 * @param {number} id
 */
export function createDecisions(ctl, kind, id) {
  /** @type {string|null} the kind of decision being written, or null */
  let drafting = null;
  let formOpen = false;
  const toggle = h('button', { type: 'button', class: 'card__action', dataset: { action: 'decide' },
    on: { click: () => { formOpen = !formOpen; if (!formOpen) cancel(); else update(); } } });
  const badge = h('p', { class: 'decision-badge', attrs: { 'data-testid': 'decision' } });
  const historySummary = h('summary');
  const historyList = h('ol', { class: 'decision-history' });
  const history = h('details', { class: 'decisions__history' }, historySummary, historyList);
  const items = keyedList(historyList, () => {
    const li = h('li');
    return { el: li, update: (/** @type {any} */ x) => setText(li, formatDateTime(x.at) + ' · ' + decisionText(x)) };
  });
  const buttons = KINDS.map((k) => h('button', {
    type: 'button', class: 'button button--small decide__kind', dataset: { action: 'decide-' + k },
    on: { click: () => startDraft(k) },
  }));
  const panel = h('div', { class: 'decide__panel' });
  const form = h('div', { class: 'decide', attrs: { role: 'group' } }, h('div', { class: 'decide__kinds' }, buttons), panel);
  const el = h('div', { class: 'decisions' }, history, form);

  /** @param {string} k */
  function startDraft(k) {
    drafting = k;
    const needsNote = decisionNeedsNote(k);
    const area = h('textarea', { class: 'decide__note', rows: 2, attrs: { 'aria-label': t('decision.note'), 'aria-required': String(needsNote) },
      placeholder: !needsNote ? t('decision.notePlaceholderOptional') : k === 'adapt' ? t('decision.notePlaceholder.adapt') : t('decision.notePlaceholder') });
    const count = counter(area, NOTE_MAX);
    const confirm = h('button', { type: 'submit', class: 'button button--primary button--small', dataset: { action: 'confirm-decision' },
      text: t('decision.confirm.' + k) });
    replace(panel, h('form', { attrs: { novalidate: true }, on: { submit: async (ev) => {
      ev.preventDefault();
      const note = area.value.trim();
      if ((needsNote && !note) || textLength(note) > NOTE_MAX) {
        ctl.toast(t('decision.noteRequired'), 'error');
        area.focus();
        return;
      }
      confirm.disabled = true;
      const ok = await ctl.run({ type: 'decision.record', target_kind: kind, target_id: id, kind: k, note });
      confirm.disabled = false;
      if (ok) cancel();
    } } }, area, h('div', { class: 'card__edit-foot' }, count.el,
      h('button', { type: 'button', class: 'button button--small', text: t('common.cancel'), on: { click: cancel } }), confirm)));
    update();
    area.focus();
  }

  function cancel() {
    drafting = null;
    replace(panel);
    update();
  }

  function update() {
    const list = decisionsOn(ctl.state, kind, id);
    const latest = list[0];
    badge.hidden = !latest;
    if (latest) {
      setText(badge, decisionText(latest));
      badge.dataset.kind = latest.kind;
    }
    history.hidden = list.length < 2;
    setText(historySummary, t('decision.history', { n: list.length }));
    items.sync(list, (d) => d.id);
    const mayDecide = ctl.can('decision.record', { targetKind: kind });
    const trial = kind === 'trial_action' ? ctl.state.trials.get(id) : undefined;
    const offered = decisionKinds(kind, trial?.status, trial?.outcome, trial?.spread);
    toggle.hidden = !mayDecide;
    setText(toggle, t('decision.open'));
    toggle.setAttribute('aria-expanded', String(formOpen));
    form.hidden = !mayDecide || !formOpen;
    if (drafting && (!mayDecide || !offered.includes(drafting))) cancel();
    KINDS.forEach((k, i) => {
      buttons[i].hidden = !offered.includes(k);
      setText(buttons[i], DECISION_ICON[/** @type {keyof typeof DECISION_ICON} */ (k)] + ' ' + t('decision.action.' + k));
      buttons[i].setAttribute('aria-pressed', String(drafting === k));
    });
    el.hidden = history.hidden && form.hidden;
  }

  update();
  return { badge, el, toggle, update };
}
