// @ts-check
// The portfolio page's filters and sort (views/portfolio.js): status, overdue only,
// session, owner, outcome and theme, and the sort, each control labelled and reached by
// the keyboard. A select or the checkbox applies at once; a name or a theme when the
// field is left or Enter is pressed (the form's submit). The names and themes seen so
// far are offered as suggestions. The page decides what applying means (the address,
// a new request: portfolio.js).

import { h, replace, setText } from '../dom.js';
import { t } from '../i18n.js';
import { OUTCOMES, SORTS, STATUSES, hasFilters, noFilters } from '../portfolio.js';
import { uid } from './form.js';

/** @typedef {import('../portfolio.js').Filters} Filters */
/**
 * What the filters need of their page.
 * @typedef {object} PortfolioFiltersContext
 * @property {() => Filters} filters the filters as they stand
 * @property {(next: Filters) => void} apply the person changed them
 * @property {() => import('../api.js').ListedSession[]} sessions the workspace's sessions, to choose from
 * @property {() => Iterable<import('../api.js').PortfolioEntry>} seen the trial actions seen so far (for suggestions)
 */

/**
 * The filters and the sort: a form whose every control applies at once (a select, the
 * checkbox) or when it is left or Enter is pressed (a name, a theme).
 * @param {PortfolioFiltersContext} ctl
 */
export function createPortfolioFilters(ctl) {
  /** @param {string} key @param {HTMLSelectElement|HTMLInputElement} control */
  const labelled = (key, control) => {
    control.id = uid('pf-' + key);
    const label = h('label', { class: 'field__label', htmlFor: control.id });
    return { el: h('div', { class: 'field portfolio__filter', dataset: { filter: key } }, label, control), label };
  };
  const statusSel = h('select', { dataset: { filter: 'status' }, on: { change: () => apply() } });
  const outcomeSel = h('select', { dataset: { filter: 'outcome' }, on: { change: () => apply() } });
  const sessionSel = h('select', { dataset: { filter: 'session' }, on: { change: () => apply() } });
  const sortSel = h('select', { dataset: { filter: 'sort' }, on: { change: () => apply() } });
  const ownerList = h('datalist', { id: uid('pf-owners') });
  const themeList = h('datalist', { id: uid('pf-themes') });
  const owner = h('input', { type: 'text', dataset: { filter: 'owner' }, attrs: { list: ownerList.id, autocomplete: 'off' }, on: { change: () => apply() } });
  const theme = h('input', { type: 'text', dataset: { filter: 'theme' }, attrs: { list: themeList.id, autocomplete: 'off' }, on: { change: () => apply() } });
  const overdue = h('input', { type: 'checkbox', id: uid('pf-overdue'), dataset: { filter: 'overdue' }, on: { change: () => apply() } });
  const overdueText = h('span');
  const fields = {
    status: labelled('status', statusSel), overdue: null, session: labelled('session', sessionSel), owner: labelled('owner', owner),
    outcome: labelled('outcome', outcomeSel), theme: labelled('theme', theme), sort: labelled('sort', sortSel),
  };
  const overdueField = h('div', { class: 'field portfolio__filter portfolio__filter--check' }, h('label', { class: 'check', htmlFor: overdue.id }, overdue, overdueText));
  const title = h('h2', { class: 'panel-heading', id: uid('pf-title') });
  const submit = h('button', { type: 'submit', class: 'button button--small', dataset: { action: 'apply-filters' } });
  const clear = h('button', { type: 'button', class: 'button button--small button--quiet', dataset: { action: 'clear-filters' },
    on: { click: () => {
      ctl.apply({ ...noFilters(), sort: ctl.filters().sort });
      show();
      statusSel.focus();
    } } });
  const form = h('form', { class: 'portfolio__filters', attrs: { novalidate: true, role: 'search' }, on: { submit: (ev) => { ev.preventDefault(); apply(); } } },
    fields.status.el, overdueField, fields.session.el, fields.owner.el, fields.outcome.el, fields.theme.el, fields.sort.el,
    ownerList, themeList, h('div', { class: 'actions portfolio__filter-actions' }, submit, clear));
  // Folded away on a phone unless a filter is set, so the list comes first; open on wider screens.
  const summary = h('summary', { class: 'portfolio__filters-summary' }, title, h('span', { class: 'portfolio__filters-active muted' }));
  const fold = h('details', { class: 'portfolio__fold' }, summary, form);
  fold.open = hasFilters(ctl.filters()) || !globalThis.matchMedia || globalThis.matchMedia('(min-width: 721px)').matches;
  const el = h('section', { class: 'panel', attrs: { 'aria-labelledby': title.id, 'data-testid': 'portfolio-filters' } }, fold);

  /**
   * Fills a select's options, only when they change (an open list on a phone would close).
   * @param {HTMLSelectElement} sel
   * @param {Array<[string, string]>} options value, text
   * @param {string} value
   */
  function options(sel, options, value) {
    const sig = JSON.stringify(options);
    if (sel.dataset.sig !== sig) {
      sel.dataset.sig = sig;
      replace(sel, options.map(([v, text]) => h('option', { value: v, text })));
    }
    sel.value = value;
  }

  /** @param {HTMLDataListElement} dl @param {string[]} values */
  function suggestions(dl, values) {
    const sig = JSON.stringify(values);
    if (dl.dataset.sig === sig) return;
    dl.dataset.sig = sig;
    replace(dl, values.map((v) => h('option', { value: v })));
  }

  /** Shows the filters as they stand, in the current language. */
  function show() {
    const filters = ctl.filters();
    const sessions = ctl.sessions();
    const any = /** @type {[string, string]} */ (['', t('portfolio.filter.any')]);
    options(statusSel, [any, ...STATUSES.map((s) => /** @type {[string, string]} */ ([s, t('trial.status.' + s)]))], filters.status);
    options(outcomeSel, [any, ...OUTCOMES.map((o) => /** @type {[string, string]} */ ([o, t('trial.outcome.' + o)]))], filters.outcome);
    const known = sessions.map((s) => /** @type {[string, string]} */ ([s.id, s.title]));
    if (filters.session && !sessions.some((s) => s.id === filters.session)) known.push([filters.session, filters.session]);
    options(sessionSel, [any, ...known], filters.session);
    options(sortSel, SORTS.map((s) => /** @type {[string, string]} */ ([s, t('portfolio.sort.' + s)])), filters.sort);
    if (document.activeElement !== owner) owner.value = filters.owner;
    if (document.activeElement !== theme) theme.value = filters.theme;
    overdue.checked = filters.overdue;
    const names = new Set();
    const themes = new Set();
    for (const e of ctl.seen()) {
      for (const o of e.trial_action.owners) names.add(o.name);
      if (e.theme) themes.add(e.theme);
    }
    suggestions(ownerList, [...names].sort((a, b) => a.localeCompare(b)));
    suggestions(themeList, [...themes].sort((a, b) => a.localeCompare(b)));
    setText(title, t('portfolio.filters.heading'));
    const active = /** @type {HTMLElement} */ (summary.lastElementChild);
    setText(active, hasFilters(filters) ? t('portfolio.count.filtered') : '');
    for (const [key, f] of Object.entries(fields)) if (f) setText(f.label, t('portfolio.filter.' + key));
    setText(overdueText, t('portfolio.filter.overdue'));
    setText(submit, t('portfolio.filter.apply'));
    setText(clear, t('portfolio.filter.clear'));
    clear.hidden = !hasFilters(filters);
  }

  /** Reads the controls and hands them to the page. */
  function apply() {
    /** @type {Filters} */
    const next = {
      status: statusSel.value, outcome: outcomeSel.value, session: sessionSel.value, owner: owner.value, theme: theme.value,
      overdue: overdue.checked, sort: sortSel.value || SORTS[0],
    };
    ctl.apply(next);
    clear.hidden = !hasFilters(ctl.filters());
  }

  return { el, show };
}
