// @ts-check
// One trial action of a workspace's portfolio (views/portfolio.js), for every role: its
// title, which opens its details in place; its status, "overdue" in words (not only in
// colour) and "spreads"; its theme, owners, age, start and review dates, last check-in
// (date, who, proposal, evidence), outcome, last decision and the session it came from,
// with a link to that session's board. Its details: what it tries, the hypothesis, the
// dates, the moves of the review date with their reasons, the last check-in in full
// (trial-log-view.js's entry, as the board shows it) and the last decision; for a
// manager or the admin, the form that records a decision (portfolio.js checks it).
//
// Made once per trial action and brought up to date with every answer of the live
// loop, so the focus, what is open and what a person is typing survive the updates.

import { h, replace, setText } from '../dom.js';
import { errorMessage, formatDate, formatDateTime, plural, t } from '../i18n.js';
import { NAME_MAX, NOTE_MAX, daysBetween, decisionBody, portfolioDecisionKinds } from '../portfolio.js';
import { boardPath } from '../routes.js';
import { loadName, saveName } from '../storage.js';
import { evidenceText } from '../trial-log.js';
import { decisionText } from './decisions-view.js';
import { counter, markInvalid, uid } from './form.js';
import { createReviewMoves, logEntry } from './trial-log-view.js';

/** @typedef {import('../api.js').PortfolioEntry} PortfolioEntry */
/**
 * What an item needs of its page.
 * @typedef {object} PortfolioItemContext
 * @property {(key: string) => boolean} isOpen whether its details are open
 * @property {(key: string) => void} toggle opens or closes them
 * @property {() => string} today the server's day, of the latest answer
 * @property {() => boolean} mayDecide whether the link's role records decisions
 * @property {(body: {session: string, trial_action: number, kind: string, note: string, name: string}) => Promise<unknown>} decide
 *   sends a decision; rejects with an ApiError
 * @property {(message: string, kind?: 'info'|'error') => void} toast
 */

/**
 * The last check-in in one line: "12. jan. 10:00 · Bo · Foreslår: Tilpas · 8 faste deltagere".
 * @param {import('../session-state.js').Learning|null} l
 */
export function checkInLine(l) {
  if (!l || !l.check_in) return t('portfolio.noCheckIn');
  const c = l.check_in;
  const proposal = ['continue', 'adapt', 'scale', 'stop'].includes(c.proposal) ? t('checkIn.proposal.' + c.proposal) : c.proposal;
  return [formatDateTime(l.at), l.by.name, t('checkIn.proposes') + ' ' + proposal, evidenceText(c.evidence)].filter(Boolean).join(' · ');
}

/**
 * One trial action of the portfolio: its title (the button that opens its details),
 * badges for its status, overdue in words and marked to spread, its facts, and the
 * details, made once and brought up to date with each answer.
 * @param {PortfolioItemContext} ctl
 * @param {string} key portfolio.js's entryKey
 */
export function createPortfolioItem(ctl, key) {
  /** @type {PortfolioEntry|null} */
  let entry = null;
  const detailId = uid('pf-detail');
  const toggle = h('button', { type: 'button', class: 'portfolio-item__toggle', dataset: { action: 'toggle-details' },
    attrs: { 'aria-controls': detailId, 'aria-expanded': 'false' },
    on: { click: () => {
      ctl.toggle(key);
      update();
    } } });
  const titleText = h('span', { class: 'portfolio-item__title-text' });
  const marker = h('span', { class: 'portfolio-item__marker', attrs: { 'aria-hidden': 'true' } });
  toggle.append(marker, titleText);
  const title = h('h3', { class: 'portfolio-item__title' }, toggle);
  const statusBadge = h('span', { class: 'badge trial__status', attrs: { 'data-testid': 'trial-status' } });
  const overdueBadge = h('span', { class: 'badge portfolio-item__overdue', attrs: { 'data-testid': 'overdue' } });
  const spreadBadge = h('span', { class: 'badge portfolio-item__spread' });
  const badges = h('p', { class: 'portfolio-item__badges' }, statusBadge, overdueBadge, spreadBadge);

  /** The facts, each a dt and a dd made once. */
  const FACTS = ['theme', 'owners', 'age', 'start', 'review', 'lastCheckIn', 'outcome', 'lastDecision', 'session'];
  /** @type {Record<string, {dt: HTMLElement, dd: HTMLElement}>} */
  const facts = {};
  const dl = h('dl', { class: 'portfolio-item__facts' });
  for (const f of FACTS) {
    const dt = h('dt');
    const dd = h('dd', { dataset: { fact: f } });
    facts[f] = { dt, dd };
    dl.append(h('div', { class: 'portfolio-item__fact', dataset: { fact: f } }, dt, dd));
  }
  const sessionLink = h('a', { class: 'portfolio-item__session', attrs: { href: '/' } });
  const sessionState = h('span', { class: 'muted' });
  facts.session.dd.append(sessionLink, sessionState);

  // The details, open in place.
  const readBox = h('div', { class: 'portfolio-item__read' });
  const moves = createReviewMoves('h4');
  const checkInHeading = h('h4');
  const checkInBox = h('ul', { class: 'learnings portfolio-item__check-in' });
  const decisionHeading = h('h4');
  const decisionLine = h('p', { class: 'decision-badge', attrs: { 'data-testid': 'decision' } });
  const decide = createDecisionForm(ctl, () => entry);
  const detail = h('div', { id: detailId, class: 'portfolio-item__detail', hidden: true, attrs: { 'data-testid': 'portfolio-detail' } },
    readBox, moves.el,
    h('div', { class: 'trial__section' }, checkInHeading, checkInBox),
    h('div', { class: 'trial__section' }, decisionHeading, decisionLine),
    decide.el);
  const el = h('li', { class: 'portfolio-item', dataset: { key } }, title, badges, dl, detail);

  function update() {
    if (!entry) return;
    const x = entry.trial_action;
    const isOpen = ctl.isOpen(key);
    el.dataset.status = x.status;
    el.dataset.overdue = String(entry.overdue);
    setText(titleText, x.title);
    setText(marker, isOpen ? '▾' : '▸');
    toggle.setAttribute('aria-expanded', String(isOpen));
    setText(statusBadge, t('trial.status.' + x.status));
    statusBadge.dataset.status = x.status;
    overdueBadge.hidden = !entry.overdue;
    setText(overdueBadge, '⚠ ' + t('portfolio.overdue'));
    const late = entry.overdue ? daysBetween(x.review_date, ctl.today()) : NaN;
    spreadBadge.hidden = !x.spread;
    setText(spreadBadge, '✦ ' + t('portfolio.spreadBadge'));

    const fact = (/** @type {string} */ f, /** @type {string} */ text) => {
      setText(facts[f].dt, t('portfolio.field.' + f));
      if (f !== 'session') setText(facts[f].dd, text);
    };
    fact('theme', entry.theme || t('portfolio.noTheme'));
    fact('owners', x.owners.length ? x.owners.map((o) => o.name).join(', ') : t('portfolio.noOwners'));
    fact('age', plural('portfolio.age', entry.age_days));
    fact('start', formatDate(x.start_date) || t('portfolio.noDate'));
    fact('review', (formatDate(x.review_date) || t('portfolio.noDate')) +
      (entry.overdue ? ' (' + (late > 0 ? plural('portfolio.overdueBy', late) : t('portfolio.overdue')) + ')' : ''));
    fact('lastCheckIn', checkInLine(entry.last_check_in));
    fact('outcome', t('trial.outcome.' + x.outcome));
    const d = entry.last_decision;
    fact('lastDecision', d ? formatDateTime(d.at) + ' · ' + decisionText(d) : t('portfolio.noDecision'));
    fact('session', '');
    setText(sessionLink, entry.session.title);
    sessionLink.href = boardPath(entry.session.code);
    sessionLink.title = t('portfolio.openBoard', { title: entry.session.title });
    setText(sessionState, entry.session.status === 'closed' ? ' (' + t('portfolio.sessionClosed') + ')' : '');

    detail.hidden = !isOpen;
    if (!isOpen) return;
    const hyp = [x.we_believe ? t('trial.field.we_believe').replace(/\s*…$/, '') + ' ' + x.we_believe : '',
      x.we_know_when ? t('trial.field.we_know_when').replace(/\s*…$/, '') + ' ' + x.we_know_when : ''].filter(Boolean).join(' — ');
    replace(readBox, h('dl', { class: 'trial__read' },
      x.what ? [h('dt', { text: t('portfolio.detail.what') }), h('dd', { text: x.what })] : null,
      hyp ? [h('dt', { text: t('portfolio.detail.hypothesis') }), h('dd', { class: 'trial__hypothesis', text: hyp })] : null,
      h('dt', { text: t('trial.field.start_date') }), h('dd', { text: formatDate(x.start_date) || t('portfolio.noDate') }),
      h('dt', { text: t('trial.field.review_date') }), h('dd', { text: formatDate(x.review_date) || t('portfolio.noDate') })),
    h('p', { class: 'muted', text: t('portfolio.detail.log', { checkIns: entry.check_ins, learnings: entry.learnings }) }));
    moves.update(x);
    setText(checkInHeading, t('portfolio.detail.lastCheckIn'));
    const last = entry.last_check_in;
    // Redrawn only when another check-in arrives (or the language changes).
    const sig = (last ? last.id + ':' + last.at : 'none') + ':' + t('checkIn.label');
    if (checkInBox.dataset.sig !== sig) {
      checkInBox.dataset.sig = sig;
      replace(checkInBox, last ? logEntry(last) : h('li', { class: 'muted', text: t('portfolio.noCheckIn') }));
    }
    setText(decisionHeading, t('portfolio.detail.lastDecision'));
    setText(decisionLine, d ? formatDateTime(d.at) + ' · ' + decisionText(d) : t('portfolio.noDecision'));
    if (d) decisionLine.dataset.kind = d.kind;
    decide.update();
  }

  return {
    el,
    /** @param {PortfolioEntry} e */
    update(e) {
      entry = e;
      update();
    },
  };
}

/**
 * A manager's decision on one trial action: the kind (only those its status allows),
 * a note and the name that signs it; the server's refusal is told beside the form.
 * @param {PortfolioItemContext} ctl
 * @param {() => PortfolioEntry|null} current
 */
function createDecisionForm(ctl, current) {
  let sending = false;
  const heading = h('h4');
  const kind = h('select', { id: uid('pf-kind'), dataset: { field: 'kind' } });
  const kindLabel = h('label', { class: 'field__label', htmlFor: kind.id });
  const note = h('textarea', { id: uid('pf-note'), rows: 2, dataset: { field: 'note' } });
  const noteLabel = h('label', { class: 'field__label', htmlFor: note.id });
  const noteCount = counter(note, NOTE_MAX);
  const name = h('input', { type: 'text', id: uid('pf-name'), dataset: { field: 'name' }, maxLength: NAME_MAX * 2, attrs: { autocomplete: 'name' } });
  name.value = loadName();
  const nameLabel = h('label', { class: 'field__label', htmlFor: name.id });
  const nameHint = h('p', { class: 'field__hint', id: uid('pf-name-hint') });
  name.setAttribute('aria-describedby', nameHint.id);
  const error = h('p', { class: 'form-error', attrs: { role: 'alert', 'data-testid': 'decision-error' } });
  const submit = h('button', { type: 'submit', class: 'button button--primary', dataset: { action: 'send-decision' } });
  const nothing = h('p', { class: 'field__hint' });
  const form = h('form', { class: 'portfolio-decide', attrs: { novalidate: true, 'data-testid': 'decision-form' }, on: { submit: send } },
    h('div', { class: 'field' }, kindLabel, kind),
    h('div', { class: 'field field-with-counter' }, noteLabel, noteCount.el, note),
    h('div', { class: 'field' }, nameLabel, nameHint, name),
    error, h('div', { class: 'actions' }, submit));
  const el = h('div', { class: 'trial__section portfolio-item__decide' }, heading, nothing, form);
  const controls = { kind, note, name };
  for (const c of Object.values(controls)) {
    const clear = () => { if (c.getAttribute('aria-invalid') === 'true') markInvalid(c, null); };
    c.addEventListener('input', clear);
    c.addEventListener('change', clear);
  }

  /** @param {import('../portfolio.js').Problem[]} problems */
  function showProblems(problems) {
    for (const c of Object.values(controls)) markInvalid(c, null);
    for (const p of problems) {
      const c = controls[/** @type {keyof typeof controls} */ (p.field)];
      if (c && c.getAttribute('aria-invalid') !== 'true') markInvalid(c, t(p.key, p.params));
    }
    const first = problems.map((p) => controls[/** @type {keyof typeof controls} */ (p.field)]).find(Boolean);
    first?.focus();
  }

  /** @param {Event} ev */
  async function send(ev) {
    ev.preventDefault();
    const e = current();
    if (sending || !e) return;
    setText(error, '');
    const checked = decisionBody({ session: e.session.id, trial: e.trial_action }, { kind: kind.value, note: note.value, name: name.value });
    showProblems(checked.problems);
    if (!checked.body) return;
    sending = true;
    submit.disabled = true;
    try {
      await ctl.decide(checked.body);
      saveName(checked.body.name);
      note.value = '';
      noteCount.update();
      kind.value = '';
      ctl.toast(t('portfolio.decide.done'), 'info');
    } catch (err) {
      const apiError = /** @type {any} */ (err);
      setText(error, errorMessage(apiError));
      const c = apiError.field && controls[/** @type {keyof typeof controls} */ (apiError.field)];
      if (c) markInvalid(c, errorMessage(apiError));
    } finally {
      sending = false;
      submit.disabled = false;
    }
  }

  function update() {
    const e = current();
    const may = Boolean(e) && ctl.mayDecide();
    el.hidden = !may;
    if (!may || !e) return;
    const offered = portfolioDecisionKinds(e.trial_action);
    setText(heading, t('portfolio.decide.heading'));
    nothing.hidden = offered.length > 0;
    setText(nothing, t('portfolio.decide.nothing'));
    form.hidden = offered.length === 0;
    const sig = offered.join(',') + ':' + t('checkIn.choose');
    if (kind.dataset.sig !== sig) {
      kind.dataset.sig = sig;
      const chosen = kind.value;
      replace(kind, h('option', { value: '', text: t('checkIn.choose') }),
        offered.map((k) => h('option', { value: k, text: t('decision.action.' + k) })));
      kind.value = offered.includes(chosen) ? chosen : '';
    }
    setText(kindLabel, t('portfolio.decide.kind'));
    setText(noteLabel, t('portfolio.decide.note'));
    setText(nameLabel, t('portfolio.decide.name'));
    setText(nameHint, t('portfolio.decide.nameHint'));
    setText(submit, t('portfolio.decide.send'));
  }

  return { el, update };
}
