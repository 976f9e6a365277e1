// @ts-check
// The form to propose a trial action (prøvehandling) from ideas: title (the first
// idea's text to start with), what we will try, the hypothesis in two parts, start and
// review dates, and owners picked from the participants.

import { h } from '../dom.js';
import { roleName, t } from '../i18n.js';
import { shortenAtWord, textLength, uid } from './form.js';
import { TRIAL_TITLE_MAX } from './trial-card.js';

/**
 * What this view uses of the board screen's context (tsc holds it to these).
 * @typedef {Pick<import('./board.js').BoardContext, 'people'|'run'|'state'|'toast'>} TrialFormContext
 */

/**
 * The form to propose a trial action.
 * @param {TrialFormContext} ctl
 * @param {number[]} ideaIds the ideas it is made from
 * @param {() => void} done
 */
export function createTrialForm(ctl, ideaIds, done) {
  const ideas = ideaIds.map((id) => ctl.state.ideas.get(id)).filter(Boolean);
  const firstText = ideas.length ? /** @type {any} */ (ideas[0]).text : '';
  const title = h('input', { type: 'text', id: uid('trial-title'), maxLength: TRIAL_TITLE_MAX * 2, value: shortenAtWord(firstText, TRIAL_TITLE_MAX) });
  const what = h('textarea', { id: uid('trial-what'), rows: 2 });
  const believe = h('textarea', { id: uid('trial-believe'), rows: 2 });
  const knowWhen = h('textarea', { id: uid('trial-know'), rows: 2 });
  const start = h('input', { type: 'date', id: uid('trial-start') });
  const review = h('input', { type: 'date', id: uid('trial-review') });
  const owners = ctl.people().filter((p) => p.role !== 'observer');
  const ownerBoxes = owners.map((p) => h('input', { type: 'checkbox', value: String(p.id), id: uid('owner') }));
  const field = (/** @type {string} */ label, /** @type {HTMLInputElement|HTMLTextAreaElement} */ control) =>
    h('div', { class: 'field' }, h('label', { htmlFor: control.id, class: 'field__label', text: label }), control);
  const form = h('form', { class: 'panel trial-form', attrs: { novalidate: true, 'data-testid': 'trial-form' }, on: { submit: async (ev) => {
    ev.preventDefault();
    const titleText = title.value.trim();
    if (!titleText || textLength(titleText) > TRIAL_TITLE_MAX) {
      ctl.toast(t('trial.titleRequired', { max: TRIAL_TITLE_MAX }), 'error');
      title.focus();
      return;
    }
    /** @type {Record<string, unknown>} */
    const command = { type: 'trial.create', title: titleText, ideas: ideaIds,
      owners: ownerBoxes.filter((b) => b.checked).map((b) => Number(b.value)) };
    if (what.value.trim()) command.what = what.value;
    if (believe.value.trim()) command.we_believe = believe.value;
    if (knowWhen.value.trim()) command.we_know_when = knowWhen.value;
    if (start.value) command.start_date = start.value;
    if (review.value) command.review_date = review.value;
    if (await ctl.run(command)) done();
  } } },
  h('h3', { text: t('trial.new') }),
  ideas.length ? h('div', { class: 'trial-form__ideas' }, h('p', { class: 'field__label', text: t('trial.fromIdeas') }),
    h('ul', null, ideas.map((i) => h('li', { text: /** @type {any} */ (i).text })))) : null,
  field(t('trial.field.title'), title),
  field(t('trial.field.what'), what),
  field(t('trial.field.we_believe'), believe),
  field(t('trial.field.we_know_when'), knowWhen),
  h('div', { class: 'trial-form__dates' }, field(t('trial.field.start_date'), start), field(t('trial.field.review_date'), review)),
  h('fieldset', { class: 'field trial-form__owners' }, h('legend', { class: 'field__label', text: t('trial.owners') }),
    owners.length ? owners.map((p, i) => h('label', { class: 'check', htmlFor: ownerBoxes[i].id }, ownerBoxes[i],
      ' ' + p.name + ' (' + roleName(p.role) + ')')) : h('p', { class: 'muted', text: t('trial.noPeople') })),
  h('div', { class: 'actions' },
    h('button', { type: 'submit', class: 'button button--primary', text: t('trial.create'), dataset: { action: 'create-trial' } }),
    h('button', { type: 'button', class: 'button', text: t('common.cancel'), on: { click: done } })));
  return form;
}

