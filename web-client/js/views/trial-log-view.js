// @ts-check
// A trial action's life between sessions, for its card on the board and for the owner's
// own page (trial-page.js): the entries of its log, check-ins shown apart from plain
// learnings (what happened, the evidence, what was learned, the owner's proposal); the
// moves of its review date with their reasons; an owner's check-in form; the form that
// moves the review date (owners, facilitators and managers); and an owner's personal
// link, to copy, with what it means to have it.
//
// Each form is made once and only brought up to date afterwards, so what a person is
// typing survives the changes others make meanwhile. A form is offered only when the
// permission table (permissions.js) allows its command; what is filled in is checked as
// the server checks it (trial-log.js) and every problem is told beside its field.

import { copyText } from '../clipboard.js';
import { h, replace, setText } from '../dom.js';
import { formatDateTime, t } from '../i18n.js';
import { trialLink } from '../routes.js';
import {
  CHECK_IN_TEXT_MAX, EVIDENCE_UNIT_MAX, PROPOSALS, REVIEW_REASON_MAX, checkInCommand, evidenceText, reviewDateCommand, reviewMoveText,
} from '../trial-log.js';
import { counter, markInvalid, uid } from './form.js';

/**
 * What these views use of the board screen's context (tsc holds them to these).
 * @typedef {Pick<import('./board.js').BoardContext, 'can'|'run'|'state'|'toast'|'token'|'you'>} TrialLogContext
 */
/** @typedef {import('../session-state.js').TrialAction} TrialAction */
/** @typedef {import('../session-state.js').Learning} Learning */

/** Statuses after which a trial action takes no check-ins and no new review date. */
const ENDED = new Set(['evaluated', 'stopped']);

/**
 * Whether the person is one of the trial action's owners.
 * @param {TrialLogContext} ctl
 * @param {TrialAction|undefined} x
 */
export function ownsTrial(ctl, x) {
  const me = ctl.you();
  return Boolean(x && me && x.owners.some((o) => o.id !== 0 && o.id === me.id));
}

/**
 * One entry of the log: a learning, or a check-in with what happened, the evidence,
 * what was learned and the proposal.
 * @param {Learning} l
 */
export function logEntry(l) {
  const c = l.check_in;
  const who = formatDateTime(l.at) + ' · ' + l.by.name;
  if (!c) {
    return h('li', { class: 'learning' }, h('p', { class: 'learning__meta', text: who }), h('p', { class: 'learning__text', text: l.text }));
  }
  const evidence = evidenceText(c.evidence);
  const known = PROPOSALS.includes(c.proposal);
  return h('li', { class: 'learning learning--check-in', dataset: { proposal: c.proposal } },
    h('p', { class: 'learning__meta' }, h('strong', { class: 'check-in__label', text: t('checkIn.label') }), ' · ' + who),
    h('dl', { class: 'check-in' },
      h('dt', { text: t('checkIn.whatHappened') }), h('dd', { class: 'check-in__happened', text: c.what_happened }),
      evidence ? [h('dt', { text: t('checkIn.evidence') }), h('dd', { class: 'check-in__evidence', text: evidence })] : null,
      l.text ? [h('dt', { text: t('checkIn.learnedShort') }), h('dd', { class: 'learning__text', text: l.text })] : null),
    h('p', { class: 'check-in__proposal-line' }, t('checkIn.proposes') + ' ',
      h('span', { class: 'badge check-in__proposal', dataset: { proposal: c.proposal },
        text: known ? t('checkIn.proposal.' + c.proposal) : c.proposal })));
}

/**
 * The latest check-in of a trial action, if it has one.
 * @param {TrialAction} x
 * @returns {Learning|null}
 */
export function latestCheckIn(x) {
  for (let i = x.learnings.length - 1; i >= 0; i--) if (x.learnings[i].check_in) return x.learnings[i];
  return null;
}

/**
 * The moves of a trial action's review date, oldest first: "15. jan. 10:00 · Flyttet
 * fra … til …: reason – Bo". Hidden while there are none.
 * @param {'h2'|'h4'} headingTag
 */
export function createReviewMoves(headingTag) {
  const heading = h(headingTag);
  const list = h('ul', { class: 'review-moves' });
  const el = h('div', { class: 'trial__section', attrs: { 'data-testid': 'review-moves' } }, heading, list);
  return {
    el,
    /** @param {TrialAction} x */
    update(x) {
      el.hidden = x.review_moves.length === 0;
      setText(heading, t('reviewMove.heading', { n: x.review_moves.length }));
      replace(list, x.review_moves.map((m) => h('li', { class: 'review-move' },
        h('span', { class: 'review-move__when', text: formatDateTime(m.at) }), ' ',
        h('span', { class: 'review-move__text', text: reviewMoveText(m) }))));
    },
  };
}

/**
 * A labelled control in a `.field`, whose label text is set on update.
 * @param {HTMLInputElement|HTMLTextAreaElement|HTMLSelectElement} control with an id
 * @param {string} [extraClass]
 */
function labelled(control, extraClass) {
  const label = h('label', { htmlFor: control.id, class: 'field__label' });
  const el = h('div', { class: ['field', extraClass] }, label, control);
  return { el, label };
}

/**
 * Takes a control's problem away as soon as the person changes it.
 * @param {Array<HTMLInputElement|HTMLTextAreaElement|HTMLSelectElement>} controls
 */
function clearOnChange(controls) {
  for (const control of controls) {
    control.addEventListener('input', () => unmark(control));
    control.addEventListener('change', () => unmark(control));
  }
}

/** @param {HTMLInputElement|HTMLTextAreaElement|HTMLSelectElement} control */
function unmark(control) {
  if (control.getAttribute('aria-invalid') === 'true') markInvalid(control, null);
}

/**
 * Shows the problems of a form beside their fields and puts the focus on the first.
 * @param {Record<string, HTMLInputElement|HTMLTextAreaElement|HTMLSelectElement>} controls by field
 * @param {import('../trial-log.js').Problem[]} problems
 */
function showProblems(controls, problems) {
  for (const control of Object.values(controls)) markInvalid(control, null);
  for (const p of problems) {
    const control = controls[p.field];
    if (control && control.getAttribute('aria-invalid') !== 'true') markInvalid(control, t(p.key, p.params));
  }
  const first = problems.map((p) => controls[p.field]).find(Boolean);
  first?.focus();
}

/**
 * Sends a form's command with its submit button disabled until the answer, so that a
 * second press cannot send it twice.
 * @param {TrialLogContext} ctl
 * @param {HTMLButtonElement} submit
 * @param {any} command
 * @returns {Promise<boolean>} whether the server took it
 */
async function sendWith(ctl, submit, command) {
  submit.disabled = true;
  try {
    return await ctl.run(command);
  } finally {
    submit.disabled = false;
  }
}

/**
 * An owner's check-in, behind a button: what happened, the evidence (none, a number with
 * its unit, or a note), what was learned, and the proposal.
 * @param {TrialLogContext} ctl
 * @param {number} trialId
 * @param {{startOpen?: boolean}} [opts] open the form at once (the owner's page)
 */
export function createCheckInForm(ctl, trialId, opts = {}) {
  let open = Boolean(opts.startOpen);
  const formId = uid('check-in');
  const button = h('button', { type: 'button', class: 'button button--primary button--small', dataset: { action: 'check-in' },
    attrs: { 'aria-controls': formId }, on: { click: () => setOpen(!open) } });
  const intro = h('p', { class: 'field__hint' });
  const happened = h('textarea', { id: uid('ci-happened'), rows: 3, class: 'check-in__input', dataset: { field: 'what_happened' } });
  const happenedCount = counter(happened, CHECK_IN_TEXT_MAX);
  const happenedField = labelled(happened, 'field-with-counter');
  happenedField.el.append(happenedCount.el);

  const radioName = uid('ci-evidence');
  /** @type {Array<'none'|'number'|'note'>} */
  const kinds = ['none', 'number', 'note'];
  const radios = kinds.map((k) => h('input', { type: 'radio', name: radioName, id: uid('ci-ev-' + k), value: k,
    dataset: { evidence: k }, on: { change: showEvidence } }));
  radios[0].defaultChecked = true;  // also after form.reset()
  const radioLabels = kinds.map((k, i) => h('label', { class: 'check', htmlFor: radios[i].id }, radios[i], h('span', { dataset: { kind: k } })));
  const legend = h('legend', { class: 'field__label' });
  const value = h('input', { type: 'text', id: uid('ci-value'), dataset: { field: 'value' }, attrs: { inputmode: 'decimal', autocomplete: 'off' } });
  const unit = h('input', { type: 'text', id: uid('ci-unit'), dataset: { field: 'unit' }, maxLength: EVIDENCE_UNIT_MAX * 2, attrs: { autocomplete: 'off' } });
  const valueField = labelled(value, 'check-in__value');
  const unitField = labelled(unit, 'check-in__unit');
  const numberBox = h('div', { class: 'check-in__number' }, valueField.el, unitField.el);
  const note = h('textarea', { id: uid('ci-note'), rows: 2, dataset: { field: 'note' } });
  const noteCount = counter(note, CHECK_IN_TEXT_MAX);
  const noteField = labelled(note, 'field-with-counter');
  noteField.el.append(noteCount.el);
  const evidenceBox = h('fieldset', { class: 'field check-in__evidence-choice' }, legend,
    h('div', { class: 'check-in__kinds' }, radioLabels), numberBox, noteField.el);

  const learned = h('textarea', { id: uid('ci-learned'), rows: 2, dataset: { field: 'learned' } });
  const learnedCount = counter(learned, CHECK_IN_TEXT_MAX);
  const learnedField = labelled(learned, 'field-with-counter');
  learnedField.el.append(learnedCount.el);
  const proposal = h('select', { id: uid('ci-proposal'), dataset: { field: 'proposal' } });
  const proposalField = labelled(proposal);
  const submit = h('button', { type: 'submit', class: 'button button--primary', dataset: { action: 'send-check-in' } });
  const cancel = h('button', { type: 'button', class: 'button', on: { click: () => setOpen(false) } });
  const form = h('form', { id: formId, class: 'check-in-form', attrs: { novalidate: true, 'data-testid': 'check-in-form' }, on: { submit: send } },
    intro, happenedField.el, evidenceBox, learnedField.el, proposalField.el, h('div', { class: 'actions' }, submit, cancel));
  const el = h('div', { class: 'trial__section check-in-box' }, button, form);
  const controls = { what_happened: happened, value, unit, note, learned, proposal };
  clearOnChange(Object.values(controls));

  function evidenceKind() {
    const checked = radios.find((r) => r.checked);
    return /** @type {'none'|'number'|'note'} */ (checked ? checked.value : 'none');
  }

  function showEvidence() {
    const kind = evidenceKind();
    // A problem of a kind of evidence no longer chosen is no problem.
    if (kind !== 'number') for (const c of [value, unit]) unmark(c);
    if (kind !== 'note') unmark(note);
    numberBox.hidden = kind !== 'number';
    noteField.el.hidden = kind !== 'note';
  }

  /** @param {boolean} on */
  function setOpen(on) {
    open = on;
    update();
    if (on) happened.focus();
    else button.focus();
  }

  /** @param {Event} ev */
  async function send(ev) {
    ev.preventDefault();
    if (submit.disabled) return;
    const checked = checkInCommand(trialId, {
      whatHappened: happened.value, evidence: evidenceKind(), value: value.value, unit: unit.value, note: note.value,
      learned: learned.value, proposal: proposal.value,
    });
    showProblems(controls, checked.problems);
    if (!checked.command || !(await sendWith(ctl, submit, checked.command))) return;
    form.reset();
    for (const c of [happenedCount, noteCount, learnedCount]) c.update();
    showEvidence();
    ctl.toast(t('checkIn.sent'), 'info');
    setOpen(false);
  }

  function update() {
    const x = ctl.state.trials.get(trialId);
    const may = Boolean(x) && !ENDED.has(/** @type {TrialAction} */ (x).status) && ctl.can('trial.check_in', { own: ownsTrial(ctl, x) });
    el.hidden = !may;
    button.hidden = open;
    button.setAttribute('aria-expanded', String(open && may));
    form.hidden = !open || !may;
    setText(button, t('checkIn.open'));
    setText(intro, t('checkIn.intro'));
    setText(happenedField.label, t('checkIn.whatHappened'));
    setText(legend, t('checkIn.evidence'));
    radioLabels.forEach((l, i) => setText(/** @type {HTMLElement} */ (l.lastElementChild), t('checkIn.evidence.' + kinds[i])));
    setText(valueField.label, t('checkIn.value'));
    setText(unitField.label, t('checkIn.unit'));
    unit.placeholder = t('checkIn.unitPlaceholder');
    setText(noteField.label, t('checkIn.note'));
    setText(learnedField.label, t('checkIn.learned'));
    setText(proposalField.label, t('checkIn.proposal'));
    // Redrawn only for another language: an open list on a phone would close.
    if (proposal.dataset.lang !== t('checkIn.choose')) {
      proposal.dataset.lang = t('checkIn.choose');
      const chosen = proposal.value;
      replace(proposal, h('option', { value: '', text: t('checkIn.choose') }),
        PROPOSALS.map((p) => h('option', { value: p, text: t('checkIn.proposal.' + p) })));
      proposal.value = chosen;
    }
    setText(submit, t('checkIn.send'));
    setText(cancel, t('common.cancel'));
    showEvidence();
  }

  update();
  return { el, update };
}

/**
 * The form that moves a trial action's review date, with the reason, behind a button.
 * @param {TrialLogContext} ctl
 * @param {number} trialId
 */
export function createReviewDateForm(ctl, trialId) {
  let open = false;
  const formId = uid('review-move');
  const button = h('button', { type: 'button', class: 'button button--small', dataset: { action: 'move-review' },
    attrs: { 'aria-controls': formId }, on: { click: () => setOpen(!open) } });
  const date = h('input', { type: 'date', id: uid('rm-to'), dataset: { field: 'to' } });
  const dateField = labelled(date);
  const reason = h('textarea', { id: uid('rm-reason'), rows: 2, dataset: { field: 'reason' } });
  const reasonCount = counter(reason, REVIEW_REASON_MAX);
  const reasonField = labelled(reason, 'field-with-counter');
  reasonField.el.append(reasonCount.el);
  const submit = h('button', { type: 'submit', class: 'button button--primary', dataset: { action: 'send-review-move' } });
  const cancel = h('button', { type: 'button', class: 'button', on: { click: () => setOpen(false) } });
  const form = h('form', { id: formId, class: 'review-move-form', attrs: { novalidate: true, 'data-testid': 'review-move-form' }, on: { submit: send } },
    dateField.el, reasonField.el, h('div', { class: 'actions' }, submit, cancel));
  const el = h('div', { class: 'trial__section review-move-box' }, button, form);
  clearOnChange([date, reason]);

  /** @param {boolean} on */
  function setOpen(on) {
    open = on;
    if (on) {
      date.value = ctl.state.trials.get(trialId)?.review_date || '';
      markInvalid(date, null);
      markInvalid(reason, null);
    }
    update();
    if (on) date.focus();
    else button.focus();
  }

  /** @param {Event} ev */
  async function send(ev) {
    ev.preventDefault();
    const x = ctl.state.trials.get(trialId);
    if (submit.disabled || !x) return;
    const checked = reviewDateCommand(x, { to: date.value, reason: reason.value });
    showProblems({ to: date, reason }, checked.problems);
    if (!checked.command || !(await sendWith(ctl, submit, checked.command))) return;
    form.reset();
    reasonCount.update();
    ctl.toast(t('reviewMove.done'), 'info');
    setOpen(false);
  }

  function update() {
    const x = ctl.state.trials.get(trialId);
    const may = Boolean(x) && !ENDED.has(/** @type {TrialAction} */ (x).status) && ctl.can('trial.review_date', { own: ownsTrial(ctl, x) });
    el.hidden = !may;
    button.setAttribute('aria-expanded', String(open && may));
    form.hidden = !open || !may;
    setText(button, t('reviewMove.open'));
    setText(dateField.label, t('reviewMove.to'));
    setText(reasonField.label, t('reviewMove.reason'));
    setText(submit, t('reviewMove.send'));
    setText(cancel, t('common.cancel'));
  }

  update();
  return { el, update };
}

/**
 * An owner's personal link to the trial action, folded away (it must not show on a
 * screen by accident), with what it is and a button that copies it.
 * @param {TrialLogContext} ctl
 * @param {number} trialId
 */
export function createPersonalLink(ctl, trialId) {
  const summary = h('summary', { dataset: { action: 'personal-link' } });
  const text = h('p', { class: 'field__hint' });
  const input = h('input', { type: 'text', class: 'personal-link__input', attrs: { readonly: true, 'data-testid': 'personal-link' },
    on: { focus: () => input.select() } });
  const copy = h('button', { type: 'button', class: 'button button--small', dataset: { action: 'copy-personal-link' },
    on: { click: async () => {
      const ok = await copyText(input.value);
      ctl.toast(ok ? t('personalLink.copied') : t('common.copyFailed'), ok ? 'info' : 'error');
    } } });
  const el = h('details', { class: 'trial__section personal-link' }, summary, text, h('div', { class: 'copy-row' }, input, copy));

  function update() {
    const x = ctl.state.trials.get(trialId);
    const session = ctl.state.session;
    const token = ctl.token();
    el.hidden = !x || !session || !token || !ownsTrial(ctl, x);
    if (el.hidden || !x || !session || !token) {
      input.value = '';
      return;
    }
    input.value = trialLink(location.origin, session.id, trialId, token);
    input.setAttribute('aria-label', t('personalLink.label', { title: x.title }));
    setText(summary, t('personalLink.heading'));
    setText(text, t('personalLink.text'));
    setText(copy, t('common.copy'));
  }

  update();
  return { el, update };
}
