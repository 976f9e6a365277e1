// @ts-check
// The outcome of the workshop, for everyone: the board's outcome tab (the view a closed
// session shows, and the big screen's in the wrap-up) and the outcome report page
// (outcome-page.js) are drawn by the same functions here from a session state: the
// report's head (title, question, when it was created, its status, who took part), the
// trial actions (with hypothesis, owners, dates, status, outcome and the latest
// decision), the managers' decisions, the vote results as charts (totals, and the split
// by the voters' groups: outcome-charts.js), the clusters with their ideas, and every
// idea with its fate and reason (selected, parked, merged into another, became a trial
// action, still open). The report page adds what only the server knows: participation
// by role and the timeline of the phases.
//
// Printable, as the report for management: on the board the printed page begins with a
// head the screen does not show (the board's header says it there), and the print
// style sheet leaves out the navigation and the buttons.

import { h, replace, setAttr, setText } from '../dom.js';
import { formatDate, formatDateTime, formatDay, plural, t } from '../i18n.js';
import { ROLES } from '../permissions.js';
import { copyText } from '../clipboard.js';
import { outcomePath } from '../routes.js';
import { qrElement } from './qr-view.js';
import { clusterList } from '../report.js';
import { decisionsOn, outcome } from '../selectors.js';
import { decisionText } from './decisions-view.js';
import { participationFigures, timelineFigures, voteFigures } from './outcome-charts.js';
import { groupName } from './results-view.js';
import { hypothesisText } from './trial-card.js';

/**
 * What this view uses of the board screen's context (tsc holds it to these).
 * @typedef {Pick<import('./board.js').BoardContext, 'state'|'receipt'|'toast'>} OutcomeViewContext
 */

/** @typedef {import('../session-state.js').SessionState} SessionState */

/**
 * What a report has beyond the session state: from the server's report only.
 * @typedef {object} ReportExtras
 * @property {import('../report.js').ParticipationRow[]} [participation]
 * @property {import('../report.js').TimelineEntry[]} [timeline]
 * @property {boolean} [timelineComplete]
 * @property {string} [generatedAt]
 */

const FATES = Object.freeze(['trial_action', 'selected', 'parked', 'merged', 'open']);

/**
 * Who took part, by role, for the head: "Borgere 3 · Medarbejdere 2": from the report's
 * participation (who joined), else from the board's presence counts.
 * @param {SessionState} state
 * @param {ReportExtras} extras
 */
function tookPart(state, extras) {
  if (extras.participation) {
    return extras.participation.filter((r) => r.joined > 0).map((r) => groupName(r.role) + ' ' + r.joined).join(' · ');
  }
  const counts = state.presence.counts;
  return ROLES.filter((r) => counts[r] && counts[r].total > 0).map((r) => t('group.' + r) + ' ' + counts[r].total).join(' · ');
}

/**
 * The head of the report: the title, the question and the facts. On the board it is
 * printed only (`page` false: "printed" today); on the report page it is the page's own
 * head, with the status and when the report was retrieved.
 * @param {SessionState} state
 * @param {ReportExtras & {page?: boolean}} extras
 * @returns {import('../dom.js').Child[]}
 */
export function reportHead(state, extras) {
  const session = state.session;
  if (!session) return [];
  const fact = (/** @type {string} */ label, /** @type {string} */ value, /** @type {string} */ name) =>
    h('div', { class: 'outcome__fact', dataset: { fact: name } }, h('dt', { text: label }), h('dd', { text: value }));
  const took = tookPart(state, extras);
  const closed = session.status === 'closed';
  const phase = state.controls ? t('phase.' + state.controls.phase) : '';
  return [
    h('h1', { class: 'outcome__print-title', text: session.title }),
    h('p', { class: 'outcome__print-question', text: session.question }),
    h('dl', { class: 'outcome__facts' },
      fact(t('outcome.created'), formatDay(session.created_at), 'created'),
      extras.page
        ? fact(t('outcome.status'), closed ? t('outcome.status.closed') : t('outcome.status.open', { phase }), 'status')
        : fact(t('outcome.printed'), formatDay(new Date().toISOString()), 'printed'),
      extras.page && extras.generatedAt ? fact(t('outcome.generated'), formatDateTime(extras.generatedAt), 'generated') : null,
      took ? fact(t('outcome.tookPart'), took, 'took-part') : null),
    closed ? null : h('p', { class: 'outcome__print-open', text: t('outcome.stillOpen') }),
  ];
}

/**
 * One titled section of the report.
 * @param {2|3} level the heading's level
 * @param {string} name data-section
 * @param {string} title
 * @param {...import('../dom.js').Child} content
 */
function section(level, name, title, ...content) {
  return h('section', { class: 'outcome__section', dataset: { section: name } },
    h(level === 2 ? 'h2' : 'h3', { class: 'outcome__section-title', text: title }), content);
}

/**
 * The report's sections, from a session state and what the server's report adds: the
 * participation and the timeline (only when given), the trial actions, the decisions,
 * the vote, the clusters and the ideas.
 * @param {SessionState} state
 * @param {ReportExtras & {level: 2|3}} extras
 * @returns {import('../dom.js').Child[]}
 */
export function reportSections(state, extras) {
  const level = extras.level;
  const sub = level === 2 ? 'h3' : 'h4';
  const o = outcome(state);

  /** @param {import('../session-state.js').Decision} d */
  const targetName = (d) => d.target_kind === 'idea'
    ? state.ideas.get(d.target_id)?.text || t('outcome.anIdea')
    : state.trials.get(d.target_id)?.title || t('outcome.aTrial');

  const trials = o.trials.length ? h('ul', { class: 'outcome__trials' }, o.trials.map((x) => {
    const latest = decisionsOn(state, 'trial_action', x.id)[0];
    return h('li', { class: 'outcome__trial', dataset: { trialId: String(x.id) } },
      h('p', { class: 'outcome__title' }, h('strong', { text: x.title }), ' ',
        h('span', { class: 'badge trial__status', dataset: { status: x.status }, text: t('trial.status.' + x.status) }),
        x.outcome !== 'none' ? h('span', { class: 'badge trial__outcome', text: t('trial.outcome.' + x.outcome) }) : null),
      hypothesisText(x) ? h('p', { class: 'outcome__hypothesis', text: hypothesisText(x) }) : null,
      h('p', { class: 'muted outcome__trial-meta', text: [
        x.owners.length ? t('trial.ownedBy', { names: x.owners.map((p) => p.name).join(', ') }) : t('trial.noOwners'),
        x.start_date ? t('trial.starts', { date: formatDate(x.start_date) }) : '',
        x.review_date ? t('trial.reviewOn', { date: formatDate(x.review_date) }) : '',
      ].filter(Boolean).join(' · ') }),
      latest ? h('p', { class: 'decision-badge', dataset: { kind: latest.kind }, text: decisionText(latest) }) : null);
  })) : h('p', { class: 'muted', dataset: { empty: 'trials' }, text: t('trial.none') });

  const decisions = o.decisions.length ? h('ul', { class: 'outcome__decisions' }, o.decisions.map((d) => h('li', null,
    h('span', { class: 'muted', text: formatDateTime(d.at) + ' · ' }),
    h('span', { text: targetName(d) + ': ' }), h('span', { text: decisionText(d) })))) : h('p', { class: 'muted', dataset: { empty: 'decisions' }, text: t('outcome.noDecisions') });

  const clusters = clusterList(state);
  const clusterBlock = clusters.length ? h('ul', { class: 'outcome__clusters' }, clusters.map((c) => h('li', { class: 'outcome__cluster', dataset: { clusterId: String(c.id) } },
    h(sub, { class: 'outcome__cluster-name', text: c.name }),
    c.column ? h('p', { class: 'muted', text: t('outcome.clusters.column', { column: c.column }) }) : null,
    c.ideas.length ? h('ul', null, c.ideas.map((i) => h('li', { text: i.text }))) : h('p', { class: 'muted', text: t('outcome.clusters.empty') }))))
    : h('p', { class: 'muted', dataset: { empty: 'clusters' }, text: t('outcome.clusters.none') });

  const ideaCount = Object.values(o.byFate).reduce((n, list) => n + list.length, 0);
  const ideas = ideaCount ? FATES.map((fate) => {
    const list = o.byFate[fate];
    if (!list.length) return null;
    return h('section', { class: 'outcome__fate', dataset: { fate } },
      h(sub, { text: t('outcome.fate.' + fate) + ' (' + list.length + ')' }),
      h('ul', null, list.map((i) => h('li', { dataset: { ideaId: String(i.id) } }, h('span', { text: i.text }),
        i.fate_reason ? h('span', { class: 'muted outcome__reason', text: ' – ' + i.fate_reason }) : null,
        fate === 'merged' ? h('span', { class: 'muted', text: ' → ' + (state.ideas.get(i.merged_into)?.text || '') }) : null,
        fate === 'trial_action' && state.trials.get(i.trial_action) ? h('span', { class: 'muted', text: ' → ' + state.trials.get(i.trial_action)?.title }) : null))));
  }) : h('p', { class: 'muted', dataset: { empty: 'ideas' }, text: t('outcome.noIdeas') });

  return [
    extras.participation ? section(level, 'participation', t('outcome.participation'), participationFigures(extras.participation)) : null,
    extras.timeline ? section(level, 'timeline', t('outcome.timeline'), timelineFigures(extras.timeline, extras.timelineComplete !== false)) : null,
    section(level, 'trials', t('outcome.trials'), trials),
    section(level, 'decisions', t('outcome.decisions'), decisions),
    section(level, 'votes', t('outcome.votes'), voteFigures(state)),
    section(level, 'clusters', t('outcome.clusters'), clusterBlock),
    section(level, 'ideas', t('outcome.ideas'), ideas),
  ];
}

/**
 * "12 idéer · 2 prøvehandlinger · 1 beslutning".
 * @param {SessionState} state
 */
export function reportSummary(state) {
  const o = outcome(state);
  const ideas = Object.values(o.byFate).reduce((n, list) => n + list.length, 0);
  return [plural('idea.count', ideas), plural('trial.count', o.trials.length), plural('decision.count', o.decisions.length)].join(' · ');
}

/**
 * The board's outcome tab.
 * @param {OutcomeViewContext} ctl
 */
export function createOutcomeView(ctl) {
  const heading = h('h2', { class: 'panel-heading' });
  const summary = h('p', { class: 'outcome__summary' });
  const body = h('div', { class: 'outcome__body' });
  const printHead = h('header', { class: 'outcome__print-head', attrs: { 'data-testid': 'outcome-print-head' } });
  const print = h('button', { type: 'button', class: 'button', dataset: { action: 'print' }, on: { click: () => {
    updatePrintHead();
    globalThis.print();
  } } });
  // The whole report, with participation and the timeline, on a page of its own.
  const full = h('a', { class: 'button', attrs: { 'data-nav': true, 'data-action': 'open-report' } });
  const receipt = createReceipt(ctl);
  const el = h('section', { class: 'outcome', attrs: { 'data-testid': 'outcome' } }, printHead, heading, summary, receipt.el, body, h('div', { class: 'actions' }, print, full));
  let lastKey = '';

  /** The head of the printed report (hidden on screen, where the board's header says it). */
  function updatePrintHead() {
    replace(printHead, reportHead(ctl.state, {}));
  }

  function update() {
    const state = ctl.state;
    // Rebuilt only when something it shows changed (it has no inputs to keep).
    const counts = state.presence.counts;
    const key = JSON.stringify([state.seq, t('outcome.heading'), state.session?.status, ROLES.map((r) => counts[r]?.total || 0)]);
    if (key === lastKey) return;
    lastKey = key;
    updatePrintHead();
    setText(heading, t('outcome.heading'));
    setText(summary, reportSummary(state));
    setText(print, t('outcome.print'));
    setText(full, t('outcome.fullReport'));
    full.hidden = !state.session;
    if (state.session) setAttr(full, 'href', outcomePath(state.session.id));
    replace(body, reportSections(state, { level: 3 }));
    receipt.update();
  }

  update();
  return { el, update };
}

/**
 * A closed session's receipt: a read-only link to its outcome report ("what happened to
 * our ideas"), with its QR code, that everyone who took part may keep. It reads as an
 * observer reads, and changes nothing (PROTOCOL.md, "The outcome report").
 * @param {OutcomeViewContext} ctl
 */
function createReceipt(ctl) {
  const heading = h('h3');
  const text = h('p', { class: 'field__hint' });
  const link = h('a', { class: 'receipt__link', attrs: { 'data-testid': 'receipt-link', 'data-nav': true } });
  const copy = h('button', { type: 'button', class: 'button button--small', dataset: { action: 'copy-receipt' },
    on: { click: async () => {
      const ok = await copyText(link.getAttribute('href') || '');
      ctl.toast(ok ? t('receipt.copied') : t('common.copyFailed'), ok ? 'info' : 'error');
    } } });
  const code = h('div', { class: 'receipt__qr' });
  const el = h('section', { class: 'receipt', attrs: { 'data-testid': 'receipt' } }, heading, text, h('p', null, link), code, h('div', { class: 'actions' }, copy));
  let shown = '';

  function update() {
    const session = ctl.state.session;
    const token = ctl.receipt();
    el.hidden = !session || session.status !== 'closed' || !token;
    if (el.hidden || !session || !token) return;
    const href = location.origin + outcomePath(session.id) + '#token=' + encodeURIComponent(token);
    setText(heading, t('receipt.heading'));
    setText(text, t('receipt.text'));
    setText(link, t('receipt.open'));
    setText(copy, t('receipt.copy'));
    if (href === shown) return;
    shown = href;
    setAttr(link, 'href', href);
    replace(code, qrElement(href, t('receipt.qr')));
  }

  return { el, update };
}
