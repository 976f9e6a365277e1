// @ts-check
// The outcome of the workshop, for everyone, and the view a closed session shows: the
// trial actions (with owners, dates, status and the latest decision), the managers'
// decisions, and every idea with its fate (selected, parked with the reason, merged
// into another, became a trial action, still open). Printable, as the report for
// management: the printed page begins with what the screen shows around it (the
// title, the question, when it was created and printed, and who took part by role),
// and the print style sheet leaves out the navigation.

import { h, replace, setText } from '../dom.js';
import { formatDate, formatDateTime, formatDay, plural, t } from '../i18n.js';
import { ROLES } from '../permissions.js';
import { decisionsOn, outcome } from '../selectors.js';
import { decisionText } from './decisions-view.js';
import { hypothesisText } from './trial-card.js';

/**
 * What this view uses of the board screen's context (tsc holds it to these).
 * @typedef {Pick<import('./board.js').BoardContext, 'state'>} OutcomeViewContext
 */

const FATES = Object.freeze(['trial_action', 'selected', 'parked', 'merged', 'open']);

/**
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
  const el = h('section', { class: 'outcome', attrs: { 'data-testid': 'outcome' } }, printHead, heading, summary, body, h('div', { class: 'actions' }, print));
  let lastKey = '';

  /** The head of the printed report (hidden on screen, where the board's header says it). */
  function updatePrintHead() {
    const state = ctl.state;
    const session = state.session;
    if (!session) {
      replace(printHead);
      return;
    }
    const counts = state.presence.counts;
    const roles = ROLES.filter((r) => counts[r] && counts[r].total > 0);
    const fact = (/** @type {string} */ label, /** @type {string} */ value, /** @type {string} */ name) =>
      h('div', { class: 'outcome__fact', dataset: { fact: name } }, h('dt', { text: label }), h('dd', { text: value }));
    replace(printHead,
      h('h1', { class: 'outcome__print-title', text: session.title }),
      h('p', { class: 'outcome__print-question', text: session.question }),
      h('dl', { class: 'outcome__facts' },
        fact(t('outcome.created'), formatDay(session.created_at), 'created'),
        fact(t('outcome.printed'), formatDay(new Date().toISOString()), 'printed'),
        roles.length ? fact(t('outcome.tookPart'), roles.map((r) => t('group.' + r) + ' ' + counts[r].total).join(' · '), 'took-part') : null),
      session.status === 'closed' ? null : h('p', { class: 'outcome__print-open', text: t('outcome.stillOpen') }));
  }

  function update() {
    const state = ctl.state;
    const o = outcome(state);
    // Rebuilt only when something it shows changed (it has no inputs to keep).
    const counts = state.presence.counts;
    const key = JSON.stringify([state.seq, t('outcome.heading'), state.session?.status, ROLES.map((r) => counts[r]?.total || 0)]);
    if (key === lastKey) return;
    lastKey = key;
    updatePrintHead();
    setText(heading, t('outcome.heading'));
    const ideas = Object.values(o.byFate).reduce((n, list) => n + list.length, 0);
    setText(summary, [plural('idea.count', ideas), plural('trial.count', o.trials.length), plural('decision.count', o.decisions.length)].join(' · '));
    setText(print, t('outcome.print'));
    replace(body,
      h('h3', { text: t('outcome.trials') }),
      o.trials.length ? h('ul', { class: 'outcome__trials' }, o.trials.map((x) => {
        const latest = decisionsOn(state, 'trial_action', x.id)[0];
        return h('li', { class: 'outcome__trial', dataset: { trialId: String(x.id) } },
          h('p', { class: 'outcome__title' }, h('strong', { text: x.title }), ' ',
            h('span', { class: 'badge trial__status', dataset: { status: x.status }, text: t('trial.status.' + x.status) }),
            x.outcome !== 'none' ? h('span', { class: 'badge trial__outcome', text: t('trial.outcome.' + x.outcome) }) : null),
          hypothesisText(x) ? h('p', { text: hypothesisText(x) }) : null,
          h('p', { class: 'muted', text: [
            x.owners.length ? t('trial.ownedBy', { names: x.owners.map((p) => p.name).join(', ') }) : t('trial.noOwners'),
            x.start_date ? t('trial.starts', { date: formatDate(x.start_date) }) : '',
            x.review_date ? t('trial.reviewOn', { date: formatDate(x.review_date) }) : '',
          ].filter(Boolean).join(' · ') }),
          latest ? h('p', { class: 'decision-badge', dataset: { kind: latest.kind }, text: decisionText(latest) }) : null);
      })) : h('p', { class: 'muted', text: t('trial.none') }),
      h('h3', { text: t('outcome.decisions') }),
      o.decisions.length ? h('ul', { class: 'outcome__decisions' }, o.decisions.map((d) => h('li', null,
        h('span', { class: 'muted', text: formatDateTime(d.at) + ' · ' }),
        h('span', { text: targetName(d) + ': ' }), h('span', { text: decisionText(d) })))) : h('p', { class: 'muted', text: t('outcome.noDecisions') }),
      h('h3', { text: t('outcome.ideas') }),
      FATES.map((fate) => {
        const list = o.byFate[fate];
        if (!list.length) return null;
        return h('section', { class: 'outcome__fate', dataset: { fate } },
          h('h4', { text: t('outcome.fate.' + fate) + ' (' + list.length + ')' }),
          h('ul', null, list.map((i) => h('li', null, h('span', { text: i.text }),
            fate === 'parked' && i.fate_reason ? h('span', { class: 'muted', text: ' – ' + i.fate_reason }) : null,
            fate === 'merged' ? h('span', { class: 'muted', text: ' → ' + (state.ideas.get(i.merged_into)?.text || '') }) : null,
            fate === 'trial_action' && state.trials.get(i.trial_action) ? h('span', { class: 'muted', text: ' → ' + state.trials.get(i.trial_action)?.title }) : null))));
      }));
  }

  /** @param {import('../session-state.js').Decision} d */
  function targetName(d) {
    if (d.target_kind === 'idea') return ctl.state.ideas.get(d.target_id)?.text || t('outcome.anIdea');
    return ctl.state.trials.get(d.target_id)?.title || t('outcome.aTrial');
  }

  update();
  return { el, update };
}
