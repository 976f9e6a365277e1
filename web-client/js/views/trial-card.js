// @ts-check
// One trial action (prøvehandling) as a card that opens into its editor: title, what
// we will try, the hypothesis in two parts ("We believe that …" / "We will know it
// worked when …"), start and review dates, owners (the facilitators pick them; anyone
// may volunteer or leave), the status steps the protocol allows (approval and parking
// only by a manager's decision), the outcome once evaluated, the log of learnings and
// owners' check-ins (with an owner's check-in form), the moves of the review date (with
// the form that moves it), an owner's personal link, the managers' decisions, reactions
// and comments. On the owner's own page (trial-page.js) the card stands alone: always
// open, with the page's headings.
//
// Fields are saved one at a time when the person leaves them, based on the version the
// person started from; a field someone else changed meanwhile is refused
// (`stale_version`) and shown with both texts, so nobody's words are lost.

import { h, replace, setText } from '../dom.js';
import { formatDate, formatDateTime, roleName, t } from '../i18n.js';
import { createReactions } from './reactions-view.js';
import { createThread } from './comments-view.js';
import { createDecisions } from './decisions-view.js';
import { counter, textLength, uid } from './form.js';
import { createTrialField } from './trial-field.js';
import { limit } from '../limits.js';
import { createCheckInForm, createPersonalLink, createReviewDateForm, createReviewMoves, latestCheckIn, logEntry } from './trial-log-view.js';

/**
 * What this view uses of the board screen's context (tsc holds it to these).
 * @typedef {Pick<import('./board.js').BoardContext, 'can'|'isFacilitator'|'people'|'run'|'send'|'showError'|'state'|'toast'|'token'|'you'>} TrialCardContext
 */

export const TRIAL_TITLE_MAX = limit('trial_title_chars');
export const TRIAL_TEXT_MAX = limit('trial_text_chars');
export const LEARNING_MAX = limit('learning_chars');
/**
 * The editable fields: [field, kind, limit].
 * @type {ReadonlyArray<[string, 'text'|'textarea'|'date', number]>}
 */
const FIELDS = Object.freeze([
  ['title', 'text', TRIAL_TITLE_MAX], ['what', 'textarea', TRIAL_TEXT_MAX], ['we_believe', 'textarea', TRIAL_TEXT_MAX],
  ['we_know_when', 'textarea', TRIAL_TEXT_MAX], ['start_date', 'date', 10], ['review_date', 'date', 10],
]);
const OUTCOMES = Object.freeze(['worked', 'partly', 'did_not_work']);

/**
 * One trial action: a summary that opens into its editor.
 * @param {TrialCardContext} ctl
 * @param {number} trialId
 * @param {{standalone?: boolean}} [opts] standalone: the only thing on its page (the
 *   owner's page), always open, its title the page's heading
 */
export function createTrialCard(ctl, trialId, opts = {}) {
  const standalone = Boolean(opts.standalone);
  const titleTag = standalone ? 'h1' : 'h3';
  const sectionTag = standalone ? 'h2' : 'h4';
  let open = standalone;
  let focused = false;
  /** @type {string|null} */
  let evaluating = null;
  const bodyId = uid('trial');
  const title = h(titleTag, { class: 'trial__title' });
  const statusBadge = h('span', { class: 'badge trial__status', attrs: { 'data-testid': 'trial-status' } });
  const outcomeBadge = h('span', { class: 'badge trial__outcome' });
  const origin = h('span', { class: 'badge trial__origin' });
  const meta = h('p', { class: 'trial__meta' });
  const hypothesis = h('p', { class: 'trial__hypothesis' });
  const latest = h('p', { class: 'trial__latest-check-in', attrs: { 'data-testid': 'latest-check-in' } });
  const toggle = h('button', { type: 'button', class: 'button button--small', dataset: { action: 'open-trial' },
    attrs: { 'aria-controls': bodyId }, on: { click: () => { open = !open; update(); } } });
  const focusButton = h('button', { type: 'button', class: 'button button--small', dataset: { action: 'focus-trial' },
    on: { click: () => ctl.run({ type: 'review.focus', id: ctl.state.controls?.focus === trialId ? 0 : trialId }) } });
  const decisions = createDecisions(ctl, 'trial_action', trialId);
  const reactions = createReactions(ctl, 'trial_action', trialId);
  const thread = createThread(ctl, 'trial_action', trialId);

  const fields = FIELDS.map(([name, kind, max]) => createTrialField(ctl, trialId, name, kind, max));
  const readOnly = h('dl', { class: 'trial__read' });
  const fromIdeas = h('ul', { class: 'trial__ideas' });
  const fromIdeasBox = h('div', null, h('p', { class: 'field__label', text: '' }), fromIdeas);

  const ownersList = h('ul', { class: 'trial__owners' });
  const addOwner = h('select', { class: 'trial__add-owner', dataset: { action: 'add-owner' }, on: { change: () => {
    const id = Number(addOwner.value);
    addOwner.value = '';
    if (id) ctl.run({ type: 'trial.owner_add', id: trialId, participant: id });
  } } });
  const volunteer = h('button', { type: 'button', class: 'button button--small', dataset: { action: 'volunteer' },
    on: { click: () => ctl.run({ type: 'trial.owner_add', id: trialId, participant: ctl.you()?.id }) } });
  const leave = h('button', { type: 'button', class: 'button button--small', dataset: { action: 'leave' },
    on: { click: () => ctl.run({ type: 'trial.owner_remove', id: trialId, participant: ctl.you()?.id }) } });
  const ownersHeading = h(sectionTag);
  const ownersBox = h('div', { class: 'trial__section' }, ownersHeading, ownersList, h('div', { class: 'actions' }, addOwner, volunteer, leave));

  const statusHeading = h(sectionTag);
  const statusButtons = h('div', { class: 'actions trial__status-actions' });
  const statusBox = h('div', { class: 'trial__section' }, statusHeading, statusButtons);

  const learningsHeading = h(sectionTag);
  const learningsList = h('ol', { class: 'learnings' });
  const learningArea = h('textarea', { class: 'learning__input', rows: 2 });
  const learningCount = counter(learningArea, LEARNING_MAX);
  const learningButton = h('button', { type: 'submit', class: 'button button--small button--primary', dataset: { action: 'add-learning' } });
  const learningForm = h('form', { class: 'learning__form', attrs: { novalidate: true }, on: { submit: async (ev) => {
    ev.preventDefault();
    const text = learningArea.value.trim();
    if (!text || textLength(text) > LEARNING_MAX) return;
    learningButton.disabled = true;
    if (await ctl.run({ type: 'trial.learning', id: trialId, text })) {
      learningArea.value = '';
      learningCount.update();
    }
    learningButton.disabled = false;
  } } }, learningArea, h('div', { class: 'card__edit-foot' }, learningCount.el, learningButton));
  const checkIn = createCheckInForm(ctl, trialId, { startOpen: standalone });
  const learningsBox = h('div', { class: 'trial__section' }, learningsHeading, learningsList, checkIn.el, learningForm);
  const reviewMoves = createReviewMoves(sectionTag);
  const reviewForm = createReviewDateForm(ctl, trialId);
  const personalLink = createPersonalLink(ctl, trialId);

  let confirmingDelete = false;
  const deleteBox = h('div', { class: 'actions' });
  const deleteButton = h('button', { type: 'button', class: 'button button--small button--danger', dataset: { action: 'delete-trial' },
    on: { click: () => { confirmingDelete = true; update(); } } });

  const body = h('div', { class: 'trial__body', id: bodyId },
    h('div', { class: 'trial__fields' }, fields.map((f) => f.el)), readOnly, fromIdeasBox,
    ownersBox, statusBox, learningsBox, reviewMoves.el, reviewForm.el, personalLink.el, reactions.el, deleteBox);
  const el = h('article', { class: ['trial', standalone && 'trial--standalone'], dataset: { trialId: String(trialId) } },
    h('header', { class: 'trial__head' }, title, h('span', { class: 'trial__badges' }, statusBadge, outcomeBadge, origin)),
    decisions.badge, meta, hypothesis, latest,
    h('div', { class: 'card__actions trial__actions' }, toggle, focusButton, thread.button, decisions.toggle), decisions.el, thread.el, body);

  /** @returns {import('../session-state.js').TrialAction|undefined} */
  function trial() {
    return ctl.state.trials.get(trialId);
  }

  function isOwner() {
    const x = trial();
    const me = ctl.you();
    return Boolean(x && me && x.owners.some((o) => o.id === me.id));
  }

  function update() {
    const x = trial();
    if (!x) return;
    const own = { own: isOwner() };
    const showBody = open || focused;
    setText(title, x.title);
    statusBadge.dataset.status = x.status;
    setText(statusBadge, t('trial.status.' + x.status));
    outcomeBadge.hidden = x.outcome === 'none';
    setText(outcomeBadge, t('trial.outcome.' + x.outcome));
    origin.hidden = !x.origin;
    setText(origin, t('trial.fromEarlier'));
    const bits = [];
    bits.push(x.owners.length ? t('trial.ownedBy', { names: x.owners.map((o) => o.name).join(', ') }) : t('trial.noOwners'));
    if (x.start_date) bits.push(t('trial.starts', { date: formatDate(x.start_date) }));
    if (x.review_date) bits.push(t('trial.reviewOn', { date: formatDate(x.review_date) }));
    setText(meta, bits.join(' · '));
    const hyp = hypothesisText(x);
    setText(hypothesis, hyp);
    hypothesis.hidden = !hyp || (showBody && !standalone);
    const last = latestCheckIn(x);
    latest.hidden = !last || showBody;
    if (last && last.check_in) {
      setText(latest, t('checkIn.label') + ' · ' + formatDateTime(last.at) + ' · ' + last.by.name + ' · ' + t('checkIn.proposes') + ' ' +
        t('checkIn.proposal.' + last.check_in.proposal));
    }
    el.classList.toggle('trial--focused', focused);

    body.hidden = !showBody;
    toggle.hidden = focused || standalone;
    toggle.setAttribute('aria-expanded', String(showBody));
    setText(toggle, showBody ? t('trial.close') : t('trial.open'));
    const mayFocus = !standalone && ctl.can('review.focus');
    focusButton.hidden = !mayFocus;
    setText(focusButton, ctl.state.controls?.focus === trialId ? t('review.unfocus') : t('review.focus'));
    decisions.update();
    thread.update();
    reactions.update();
    if (!showBody) return;

    // On the owner's page the head of the card says it all; the editor stays on the board.
    const mayEdit = !standalone && ctl.can('trial.update', own);
    for (const f of fields) f.update(mayEdit);
    readOnly.hidden = mayEdit || standalone;
    if (!readOnly.hidden) {
      replace(readOnly, FIELDS.flatMap(([name]) => {
        const value = /** @type {any} */ (x)[name];
        if (!value) return [];
        return [h('dt', { text: t('trial.field.' + name) }), h('dd', { text: name.endsWith('_date') ? formatDate(value) : value })];
      }));
    }
    const ideaTexts = x.from_ideas.map((id) => ctl.state.ideas.get(id)).filter(Boolean);
    fromIdeasBox.hidden = ideaTexts.length === 0;
    setText(/** @type {Element} */ (fromIdeasBox.firstChild), t('trial.fromIdeas'));
    replace(fromIdeas, ideaTexts.map((i) => h('li', { text: /** @type {any} */ (i).text })));

    updateOwners(x);
    updateStatus(x, own);
    updateLearnings(x, own);
    checkIn.update();
    reviewMoves.update(x);
    reviewForm.update();
    personalLink.update();
    const mayDelete = ctl.can('trial.delete') && x.status === 'proposed' && x.learnings.length === 0;
    if (!mayDelete) confirmingDelete = false;
    setText(deleteButton, t('trial.delete'));
    const key = [mayDelete, confirmingDelete, t('trial.delete')].join(':');
    if (deleteBox.dataset.key !== key) {
      deleteBox.dataset.key = key;
      replace(deleteBox, !mayDelete ? null : !confirmingDelete ? deleteButton : [
        h('strong', { text: t('trial.confirmDelete') }),
        h('button', { type: 'button', class: 'button button--small button--danger', text: t('idea.confirmYes'), dataset: { action: 'confirm-delete-trial' },
          on: { click: () => { confirmingDelete = false; ctl.run({ type: 'trial.delete', id: trialId }); } } }),
        h('button', { type: 'button', class: 'button button--small', text: t('common.cancel'), on: { click: () => { confirmingDelete = false; update(); } } })]);
    }
  }

  /** @param {import('../session-state.js').TrialAction} x */
  function updateOwners(x) {
    setText(ownersHeading, t('trial.owners'));
    const me = ctl.you();
    replace(ownersList, x.owners.length ? x.owners.map((o) => {
      const mayRemove = o.id !== 0 && ctl.can('trial.owner_remove', { own: Boolean(me && o.id === me.id) }) && !(me && o.id === me.id && !ctl.isFacilitator());
      return h('li', { class: 'trial__owner' }, h('span', { text: o.name + (me && o.id === me.id ? ' ' + t('idea.you') : '') }),
        mayRemove ? h('button', { type: 'button', class: 'link-button', text: t('trial.removeOwner'), dataset: { action: 'remove-owner' },
          attrs: { 'aria-label': t('trial.removeOwnerNamed', { name: o.name }) },
          on: { click: () => ctl.run({ type: 'trial.owner_remove', id: trialId, participant: o.id }) } }) : null);
    }) : h('li', { class: 'muted', text: t('trial.noOwners') }));
    const owner = Boolean(me && x.owners.some((o) => o.id === me.id));
    const facilitator = ctl.isFacilitator();
    const candidates = ctl.people().filter((p) => p.role !== 'observer' && !x.owners.some((o) => o.id === p.id));
    addOwner.hidden = !facilitator || !ctl.can('trial.owner_add') || candidates.length === 0;
    replace(addOwner, h('option', { value: '', text: t('trial.addOwner') }),
      candidates.map((p) => h('option', { value: String(p.id), text: p.name + ' (' + roleName(p.role) + ')' })));
    volunteer.hidden = owner || !me || !ctl.can('trial.owner_add', { own: true }) || facilitator;
    leave.hidden = !owner || !ctl.can('trial.owner_remove', { own: true }) || facilitator;
    setText(volunteer, t('trial.volunteer'));
    setText(leave, t('trial.leave'));
  }

  /**
   * @param {import('../session-state.js').TrialAction} x
   * @param {{own: boolean}} own
   */
  function updateStatus(x, own) {
    setText(statusHeading, t('trial.statusHeading'));
    const may = ctl.can('trial.status', own);
    statusBox.hidden = !may || x.status === 'evaluated' || x.status === 'stopped';
    const key = [x.status, may, evaluating, t('trial.action.running')].join(':');
    if (statusButtons.dataset.key === key) return;
    statusButtons.dataset.key = key;
    const button = (/** @type {string} */ action, /** @type {string} */ text, /** @type {() => void} */ fn, primary = false) =>
      h('button', { type: 'button', class: ['button', 'button--small', primary && 'button--primary'], dataset: { action }, text, on: { click: fn } });
    const status = (/** @type {string} */ s, /** @type {string} */ outcome = '') =>
      ctl.run(outcome ? { type: 'trial.status', id: trialId, status: s, outcome } : { type: 'trial.status', id: trialId, status: s })
        .then((ok) => { if (ok) { evaluating = null; update(); } });
    if (evaluating !== null) {
      replace(statusButtons, h('p', { class: 'field__label', text: t('trial.outcomeQuestion') }),
        OUTCOMES.map((o) => button('outcome-' + o, t('trial.outcome.' + o), () => status('evaluated', o), true)),
        button('cancel-evaluate', t('common.cancel'), () => { evaluating = null; update(); }));
      return;
    }
    replace(statusButtons,
      x.status === 'proposed' ? h('p', { class: 'muted', text: t('trial.awaitingApproval') }) : null,
      x.status === 'parked' ? h('p', { class: 'muted', text: t('trial.parkedHint') }) : null,
      x.status === 'approved' ? button('status-running', '▶ ' + t('trial.action.running'), () => status('running'), true) : null,
      x.status === 'running' ? button('status-evaluate', '✔ ' + t('trial.action.evaluated'), () => { evaluating = 'open'; update(); }, true) : null,
      ['proposed', 'approved', 'running', 'parked'].includes(x.status) ? button('status-stopped', '■ ' + t('trial.action.stopped'), () => status('stopped')) : null);
  }

  /**
   * @param {import('../session-state.js').TrialAction} x
   * @param {{own: boolean}} own
   */
  function updateLearnings(x, own) {
    setText(learningsHeading, t('trial.learnings', { n: x.learnings.length }));
    replace(learningsList, x.learnings.length ? x.learnings.map(logEntry) : h('li', { class: 'muted', text: t('trial.noLearnings') }));
    const may = ctl.can('trial.learning', own);
    learningForm.hidden = !may;
    learningArea.setAttribute('aria-label', t('trial.learningLabel'));
    learningArea.placeholder = t('trial.learningPlaceholder');
    setText(learningButton, t('trial.addLearning'));
  }

  update();
  return {
    el,
    update,
    open() {
      open = true;
      update();
    },
    /** @param {boolean} on shown as the trial action under review */
    setFocused(on) {
      if (focused === on) return;
      focused = on;
      update();
    },
  };
}

/**
 * What a trial action tries, as one text: "En turnering … — Vi tror, at unge og ældre
 * får kontakt — Vi ved, at det virkede, når …".
 * @param {import('../session-state.js').TrialAction} x
 */
export function hypothesisText(x) {
  const lead = (/** @type {string} */ key) => t(key).replace(/\s*…$/, '');
  return [x.what, x.we_believe ? lead('trial.field.we_believe') + ' ' + x.we_believe : '',
    x.we_know_when ? lead('trial.field.we_know_when') + ' ' + x.we_know_when : ''].filter(Boolean).join(' — ');
}
