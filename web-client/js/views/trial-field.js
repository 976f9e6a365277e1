// @ts-check
// One editable field of a trial action: saved when the person leaves it (or picks a
// date), based on the version they started from. A field someone else changed
// meanwhile is refused with `stale_version`; both texts are then shown, and the person
// keeps the text now or puts theirs back. What the person is typing is never
// overwritten by other people's changes.

import { h, replace, setText } from '../dom.js';
import { t } from '../i18n.js';
import { counter, textLength, uid } from './form.js';

/**
 * What this view uses of the board screen's context (tsc holds it to these).
 * @typedef {Pick<import('./board.js').BoardContext, 'send'|'showError'|'state'|'toast'>} TrialFieldContext
 */

/**
 * One editable field of a trial action, saved when the person leaves it.
 * @param {TrialFieldContext} ctl
 * @param {number} trialId
 * @param {string} name
 * @param {'text'|'textarea'|'date'} kind
 * @param {number} max
 */
export function createTrialField(ctl, trialId, name, kind, max) {
  let base = 0;          // the version the person started editing from
  let dirty = false;
  /** @type {string|null} what the person wrote when someone else's change got in first */
  let conflict = null;
  const id = uid('tf');
  const control = kind === 'textarea'
    ? h('textarea', { id, rows: 2, class: 'trial__input', dataset: { field: name } })
    : h('input', { id, type: kind === 'date' ? 'date' : 'text', class: 'trial__input', dataset: { field: name } });
  const label = h('label', { htmlFor: id, class: 'field__label' });
  const count = kind === 'date' ? null : counter(control, max);
  const conflictBox = h('div', { class: 'conflict', hidden: true });
  const el = h('div', { class: ['field', 'trial__field', 'trial__field--' + name] }, label, control, count ? count.el : null, conflictBox);

  /** @returns {string} */
  function current() {
    const x = ctl.state.trials.get(trialId);
    return x ? String(/** @type {any} */ (x)[name] || '') : '';
  }

  control.addEventListener('focus', () => {
    if (!dirty) base = ctl.state.trials.get(trialId)?.version || 0;
  });
  control.addEventListener('input', () => { dirty = true; });
  control.addEventListener(kind === 'date' ? 'change' : 'blur', () => save(base));
  control.addEventListener('keydown', (ev) => {
    const key = /** @type {KeyboardEvent} */ (ev).key;
    if (key === 'Enter' && kind === 'text') {
      ev.preventDefault();
      control.blur();
    } else if (key === 'Escape') {
      dirty = false;
      control.value = current();
      control.blur();
    }
  });

  /** @param {number} baseVersion */
  async function save(baseVersion) {
    if (!dirty) return;
    const value = kind === 'date' ? control.value : control.value.trim();
    if (value === current()) {
      dirty = false;
      return;
    }
    if (name === 'title' && !value) {
      ctl.toast(t('trial.titleRequired', { max }), 'error');
      control.value = current();
      dirty = false;
      return;
    }
    if (kind !== 'date' && textLength(value) > max) {
      ctl.toast(t('error.too_long', { limit: max }), 'error');
      return;
    }
    const result = await ctl.send({ type: 'trial.update', id: trialId, base_version: baseVersion, [name]: value });
    if (result.ok) {
      dirty = false;
      conflict = null;
      showConflict();
      return;
    }
    if (result.error.code === 'stale_version') {
      conflict = value;
      showConflict();
    } else {
      ctl.showError(result.error);
    }
  }

  function showConflict() {
    conflictBox.hidden = conflict === null;
    if (conflict === null) {
      replace(conflictBox);
      conflictBox.dataset.theirs = '';
      return;
    }
    // The refusal may come before the event with the other person's text: this runs
    // again on every update, and redraws when their text has changed.
    const key = current() + '\u0000' + conflict;
    if (conflictBox.dataset.theirs === key && conflictBox.childElementCount) return;
    conflictBox.dataset.theirs = key;
    const mine = conflict;
    replace(conflictBox,
      h('p', { class: 'conflict__heading', text: t('trial.conflict') }),
      h('div', { class: 'conflict__texts' },
        h('div', { class: 'conflict__text conflict__text--theirs' }, h('p', { class: 'conflict__label', text: t('conflict.theirs') }),
          h('p', { class: 'conflict__body', text: current() || '–' })),
        h('div', { class: 'conflict__text conflict__text--mine' }, h('p', { class: 'conflict__label', text: t('conflict.yours') }),
          h('p', { class: 'conflict__body', text: mine || '–' }))),
      h('div', { class: 'conflict__actions' },
        h('button', { type: 'button', class: 'button button--small', text: t('conflict.keepTheirs'), dataset: { action: 'keep-theirs' }, on: { click: () => {
          conflict = null;
          dirty = false;
          control.value = current();
          showConflict();
        } } }),
        h('button', { type: 'button', class: 'button button--primary button--small', text: t('conflict.useMine'), dataset: { action: 'use-mine' }, on: { click: () => {
          dirty = true;
          control.value = mine;
          save(ctl.state.trials.get(trialId)?.version || 0);
        } } })));
  }

  return {
    el,
    /** @param {boolean} editable */
    update(editable) {
      el.hidden = !editable;
      setText(label, t('trial.field.' + name));
      // Never overwrite what the person is typing, or a conflict they have not settled.
      if (document.activeElement !== control && !dirty && conflict === null) control.value = current();
      if (conflict !== null) showConflict();
      if (count) count.update();
    },
  };
}
