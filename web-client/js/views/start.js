// @ts-check
// The start page: create a workshop (the creator becomes its facilitator) with its
// template (an idea workshop, or a follow-up that reviews the trial actions of an
// earlier workshop this device facilitated, or whose private link the person has) and
// its main settings; then see the join code, the participants' link and the
// facilitator's private link. Or join one with a code, or go back to a workshop this
// device has joined before.

import { h, replace } from '../dom.js';
import { errorMessage, roleName, t } from '../i18n.js';
import { createSession, ApiError } from '../api.js';
import { normalizeCode, displayCode } from '../codes.js';
import { copyText } from '../clipboard.js';
import { boardPath, facilitatorLink, joinPath, parseRoute, screenPath, tokenFromFragment } from '../routes.js';
import { qrElement } from './qr-view.js';
import { facilitatedSessions, recentSessions, saveSession } from '../storage.js';
import { counter, field, keepFocus, textLength } from './form.js';

export const TITLE_MAX = 120;
export const QUESTION_MAX = 500;
export const NAME_MAX = 40;
export const COLUMN_TITLE_MAX = 60;
export const COLUMNS_MAX = 20;
export const VOTE_MIN = 1;
export const VOTE_MAX = 20;
const ANONYMITY = Object.freeze(['named', 'hidden_from_participants', 'anonymous']);

/**
 * The earlier session a follow-up reviews, from its private facilitator link
 * (".../board/K7M4QX#token=...") and, if the link has none, a code typed beside it.
 * @param {string} link
 * @param {string} code
 * @param {string} origin to read a link without a host
 * @returns {{code: string, facilitator_token: string}|null}
 */
export function followUpFromLink(link, code, origin) {
  let url;
  try {
    url = new URL(link.trim(), origin);
  } catch {
    return null;
  }
  const token = tokenFromFragment(url.hash);
  const route = parseRoute(url.pathname);
  const fromLink = route.name === 'board' ? route.code : null;
  const normalized = fromLink || normalizeCode(code);
  return token && normalized ? { code: normalized, facilitator_token: token } : null;
}

/**
 * @typedef {object} StartState
 * @property {string} title
 * @property {string} question
 * @property {string} name
 * @property {string[]} columns
 * @property {boolean} columnsEdited false while the columns are the language's defaults
 * @property {'idea_workshop'|'review'} template
 * @property {string} anonymity
 * @property {boolean} privateWriting
 * @property {string} voteBudget
 * @property {string} voteCap
 * @property {string} followSource '' (none), 'link', or the code of a session this device facilitates
 * @property {string} followCode
 * @property {string} followLink
 * @property {boolean} busy
 * @property {string} error
 * @property {import('../api.js').CreatedSession|null} created
 * @property {string} joinCode
 * @property {string} joinError
 */

/** @returns {string[]} the default columns in the current language */
function defaultColumns() {
  return t('start.defaultColumns').split('\n');
}

/**
 * @param {HTMLElement} root
 * @param {import('../main.js').ViewContext} ctx
 * @returns {import('../main.js').MountedView}
 */
export function mount(root, ctx) {
  /** @type {StartState} */
  const state = {
    title: '', question: '', name: '', columns: defaultColumns(), columnsEdited: false,
    template: 'idea_workshop', anonymity: 'named', privateWriting: true, voteBudget: '3', voteCap: '2',
    followSource: '', followCode: '', followLink: '',
    busy: false, error: '', created: null, joinCode: '', joinError: '',
  };
  /** @type {string|null} which field to focus after the next render */
  let focusAfter = null;

  function render() {
    const page = h('div', { class: 'start' },
      state.created ? renderCreated(state.created) : renderCreateForm(),
      h('div', { class: 'start__side' }, renderJoinBox(), renderRecent()));
    keepFocus(() => replace(root, page), focusAfter);
    focusAfter = null;
  }

  function renderCreateForm() {
    const title = h('input', {
      id: 'create-title', type: 'text', value: state.title, maxLength: TITLE_MAX, required: true,
      placeholder: t('start.titlePlaceholder'), autocomplete: 'off',
      on: { input: () => { state.title = title.value; } },
    });
    const question = h('textarea', {
      id: 'create-question', value: state.question, rows: 3, required: true,
      placeholder: t('start.questionPlaceholder'),
      on: { input: () => { state.question = question.value; } },
    });
    const questionCount = counter(question, QUESTION_MAX);
    const name = h('input', {
      id: 'create-name', type: 'text', value: state.name, maxLength: NAME_MAX,
      placeholder: t('start.namePlaceholder'), autocomplete: 'name',
      on: { input: () => { state.name = name.value; } },
    });
    const form = h('form', { class: 'panel create', attrs: { novalidate: true }, on: { submit: onCreate } },
      h('h1', { text: t('start.createHeading') }),
      h('p', { class: 'lead', text: t('start.createIntro') }),
      field(t('start.title'), title),
      h('div', { class: 'field-with-counter' }, field(t('start.question'), question), questionCount.el),
      field(t('start.name'), name),
      renderTemplate(),
      state.template === 'review' ? renderFollowUp() : null,
      renderColumnsEditor(),
      renderSettings(),
      state.error ? h('p', { class: 'form-error', attrs: { role: 'alert' }, text: state.error }) : null,
      h('div', { class: 'actions' },
        h('button', { type: 'submit', class: 'button button--primary', disabled: state.busy, dataset: { action: 'create' },
          text: state.busy ? t('start.creating') : t('start.create') })));
    return form;
  }

  function renderTemplate() {
    /** @param {'idea_workshop'|'review'} value */
    const option = (value) => {
      const input = h('input', { type: 'radio', name: 'template', id: 'create-template-' + value, value, checked: state.template === value,
        on: { change: () => { state.template = value; focusAfter = input.id; render(); } } });
      return h('label', { class: 'choice', htmlFor: input.id }, input,
        h('span', { class: 'choice__text' }, h('strong', { text: t('template.' + value) }), h('span', { class: 'field__hint', text: t('template.' + value + '.hint') })));
    };
    return h('fieldset', { class: 'field choices' }, h('legend', { class: 'field__label', text: t('start.template') }),
      option('idea_workshop'), option('review'));
  }

  function renderFollowUp() {
    const mine = facilitatedSessions();
    const select = h('select', { id: 'create-follow', on: { change: () => { state.followSource = select.value; focusAfter = 'create-follow'; render(); } } },
      h('option', { value: '', text: t('followUp.none') }),
      mine.map((s) => h('option', { value: s.code, text: (s.title || displayCode(s.code)) + ' (' + displayCode(s.code) + ')' })),
      h('option', { value: 'link', text: t('followUp.byLink') }));
    select.value = state.followSource;
    const parts = [field(t('followUp.label'), select, t('followUp.hint'))];
    if (state.followSource === 'link') {
      const code = h('input', { id: 'create-follow-code', type: 'text', value: state.followCode, maxLength: 9, autocomplete: 'off',
        attrs: { autocapitalize: 'characters', spellcheck: 'false' }, on: { input: () => { state.followCode = code.value; } } });
      const link = h('input', { id: 'create-follow-link', type: 'text', value: state.followLink, autocomplete: 'off',
        attrs: { spellcheck: 'false' }, on: { input: () => { state.followLink = link.value; } } });
      parts.push(field(t('followUp.code'), code), field(t('followUp.link'), link, t('followUp.linkHint')));
    }
    return h('div', { class: 'follow-up' }, parts);
  }

  function renderSettings() {
    const anonymity = h('select', { id: 'create-anonymity', on: { change: () => { state.anonymity = anonymity.value; } } },
      ANONYMITY.map((a) => h('option', { value: a, text: t('anonymity.' + a) })));
    anonymity.value = state.anonymity;
    const privateWriting = h('input', { type: 'checkbox', id: 'create-private', checked: state.privateWriting,
      on: { change: () => { state.privateWriting = privateWriting.checked; } } });
    /** @param {string} id @param {'voteBudget'|'voteCap'} key */
    const number = (id, key) => {
      const input = h('input', { type: 'number', id, value: state[key], class: 'input--number',
        attrs: { min: VOTE_MIN, max: VOTE_MAX, step: 1, inputmode: 'numeric' }, on: { input: () => { state[key] = input.value; } } });
      return input;
    };
    return h('fieldset', { class: 'settings-box' }, h('legend', { class: 'field__label', text: t('settings.heading') }),
      field(t('settings.anonymity'), anonymity, t('settings.anonymityHint')),
      h('label', { class: 'check', htmlFor: 'create-private' }, privateWriting, ' ' + t('settings.private_writing')),
      h('div', { class: 'settings-form__numbers' },
        field(t('settings.vote_budget'), number('create-budget', 'voteBudget')),
        field(t('settings.vote_cap'), number('create-cap', 'voteCap'))));
  }

  /** @returns {{code: string, facilitator_token: string}|null|undefined} undefined: none wanted; null: not usable */
  function followUp() {
    if (state.template !== 'review' || !state.followSource) return undefined;
    if (state.followSource === 'link') return followUpFromLink(state.followLink, state.followCode, location.origin);
    const saved = facilitatedSessions().find((s) => s.code === state.followSource);
    return saved ? { code: saved.code, facilitator_token: saved.token } : null;
  }

  function renderColumnsEditor() {
    const rows = state.columns.map((value, i) => {
      const input = h('input', {
        id: 'create-column-' + i, type: 'text', value, maxLength: COLUMN_TITLE_MAX, autocomplete: 'off',
        attrs: { 'aria-label': t('start.columnLabel', { n: i + 1 }) },
        on: { input: () => { state.columns[i] = input.value; state.columnsEdited = true; } },
      });
      return h('li', { class: 'columns-editor__row' },
        h('span', { class: 'columns-editor__n', attrs: { 'aria-hidden': 'true' }, text: String(i + 1) }),
        input,
        h('button', {
          type: 'button', class: 'button button--quiet button--icon', text: '×',
          disabled: state.columns.length <= 1,
          attrs: { 'aria-label': t('start.removeColumn', { n: i + 1 }) },
          on: { click: () => removeColumn(i) },
        }));
    });
    return h('fieldset', { class: 'columns-editor' },
      h('legend', { class: 'field__label', text: t('start.columns') }),
      h('p', { class: 'field__hint', text: t('start.columnsHint') }),
      h('ol', { class: 'columns-editor__list' }, rows),
      h('button', {
        type: 'button', class: 'button button--quiet', text: '+ ' + t('start.addColumn'),
        disabled: state.columns.length >= COLUMNS_MAX,
        on: { click: addColumn },
      }));
  }

  function addColumn() {
    state.columns.push('');
    state.columnsEdited = true;
    focusAfter = 'create-column-' + (state.columns.length - 1);
    render();
  }

  /** @param {number} i */
  function removeColumn(i) {
    state.columns.splice(i, 1);
    state.columnsEdited = true;
    focusAfter = 'create-column-' + Math.max(0, i - 1);
    render();
  }

  /** @param {Event} ev */
  async function onCreate(ev) {
    ev.preventDefault();
    if (state.busy) return;
    const problem = checkCreateForm();
    if (problem) {
      state.error = problem.message;
      focusAfter = problem.focus;
      render();
      return;
    }
    state.busy = true;
    state.error = '';
    render();
    try {
      const follow = followUp();
      const created = await createSession({
        title: state.title.trim(),
        question: state.question.trim(),
        facilitatorName: state.name.trim() || undefined,
        columns: state.columns.map((c) => c.trim()).filter(Boolean),
        template: state.template,
        settings: {
          anonymity: state.anonymity, private_writing: state.privateWriting,
          vote_budget: Number(state.voteBudget), vote_cap: Number(state.voteCap),
        },
        followUp: follow || undefined,
      });
      saveSession(created.code, {
        token: created.facilitator_token, name: state.name.trim() || undefined,
        role: 'facilitator', title: created.session.title, sessionId: created.id, status: 'open', template: created.session.template,
      });
      state.created = created;
    } catch (err) {
      state.error = err instanceof ApiError ? errorMessage(err) : errorMessage({ code: 'network' });
      if (err instanceof ApiError) focusAfter = fieldId(err.field);
    }
    state.busy = false;
    render();
  }

  /** @returns {{message: string, focus: string}|null} */
  function checkCreateForm() {
    if (!state.title.trim()) return { message: t('error.invalid_field'), focus: 'create-title' };
    if (!state.question.trim()) return { message: t('error.invalid_field'), focus: 'create-question' };
    if (textLength(state.question) > QUESTION_MAX) {
      return { message: t('error.too_long', { limit: QUESTION_MAX }), focus: 'create-question' };
    }
    if (!state.columns.some((c) => c.trim())) return { message: t('error.invalid_field'), focus: 'create-column-0' };
    for (const [value, id] of [[state.voteBudget, 'create-budget'], [state.voteCap, 'create-cap']]) {
      const n = Number(value);
      if (!Number.isInteger(n) || n < VOTE_MIN || n > VOTE_MAX) return { message: t('settings.range', { min: VOTE_MIN, max: VOTE_MAX }), focus: id };
    }
    if (followUp() === null) return { message: t('followUp.bad'), focus: state.followSource === 'link' ? 'create-follow-link' : 'create-follow' };
    return null;
  }

  /**
   * @param {string|undefined} name a field named in a server error
   * @returns {string|null}
   */
  function fieldId(name) {
    if (name === 'title') return 'create-title';
    if (name === 'question') return 'create-question';
    if (name === 'facilitator_name') return 'create-name';
    if (name && name.startsWith('columns')) return 'create-column-0';
    if (name && name.startsWith('settings')) return 'create-budget';
    if (name && name.startsWith('follow_up')) return 'create-follow';
    return null;
  }

  /** @param {import('../api.js').CreatedSession} created */
  function renderCreated(created) {
    const joinUrl = new URL(created.join_path, location.origin).href;
    const privateUrl = facilitatorLink(location.origin, created.code, created.facilitator_token);
    return h('section', { class: 'panel created', attrs: { 'aria-labelledby': 'created-heading' } },
      h('h1', { id: 'created-heading', text: t('created.heading') }),
      h('p', { class: 'created__title', text: created.session.title }),
      h('div', { class: 'created__code' },
        h('span', { class: 'created__code-label', text: t('created.codeLabel') }),
        h('strong', { class: 'big-code', attrs: { 'data-testid': 'display-code' }, text: created.display_code || displayCode(created.code) }),
        h('div', { class: 'created__qr' }, qrElement(joinUrl, t('qr.label'))),
        h('p', { class: 'field__hint', text: t('created.codeHint') }),
        h('a', { class: 'button button--small', attrs: { href: screenPath(created.code), target: '_blank', rel: 'noopener', 'data-action': 'open-screen' }, text: t('screen.open') })),
      copyRow('created-join-link', t('created.joinLink'), joinUrl),
      h('div', { class: 'private' },
        copyRow('created-private-link', t('created.privateLink'), privateUrl),
        h('p', { class: 'private__warning', text: t('created.privateWarning') })),
      h('div', { class: 'actions' },
        h('a', { class: 'button button--primary', attrs: { href: boardPath(created.code), 'data-nav': true, 'data-action': 'open-board' }, text: t('created.open') }),
        h('button', { type: 'button', class: 'button button--quiet', text: t('created.another'),
          on: { click: () => { state.created = null; render(); } } })));
  }

  /** @param {string} id @param {string} label @param {string} value */
  function copyRow(id, label, value) {
    const input = h('input', { id, type: 'text', value, attrs: { readonly: true },
      on: { focus: () => input.select() } });
    const button = h('button', { type: 'button', class: 'button', text: t('common.copy'),
      on: { click: async () => {
        const ok = await copyText(value);
        button.textContent = ok ? t('common.copied') : t('common.copy');
        if (!ok) ctx.toast(t('common.copyFailed'), 'error');
      } } });
    return h('div', { class: 'field' },
      h('label', { htmlFor: id, class: 'field__label', text: label }),
      h('div', { class: 'copy-row' }, input, button));
  }

  function renderJoinBox() {
    const code = h('input', {
      id: 'start-join-code', type: 'text', value: state.joinCode, autocomplete: 'off',
      placeholder: t('join.codePlaceholder'), maxLength: 9,
      attrs: { autocapitalize: 'characters', spellcheck: 'false', inputmode: 'text' },
      on: { input: () => { state.joinCode = code.value; } },
    });
    return h('form', { class: 'panel join-box', attrs: { novalidate: true }, on: { submit: (ev) => {
      ev.preventDefault();
      const normalized = normalizeCode(state.joinCode);
      if (!normalized) {
        state.joinError = t('join.badCode');
        focusAfter = 'start-join-code';
        render();
        return;
      }
      ctx.navigate(joinPath(normalized));
    } } },
    h('h2', { text: t('start.joinHeading') }),
    h('p', { class: 'field__hint', text: t('start.joinIntro') }),
    h('div', { class: 'copy-row' },
      h('label', { htmlFor: 'start-join-code', class: 'visually-hidden', text: t('join.codeLabel') }),
      code,
      h('button', { type: 'submit', class: 'button button--primary', text: t('join.submit') })),
    state.joinError ? h('p', { class: 'form-error', attrs: { role: 'alert' }, text: state.joinError }) : null);
  }

  function renderRecent() {
    const recent = recentSessions();
    if (!recent.length) return null;
    return h('section', { class: 'panel recent' },
      h('h2', { text: t('start.recentHeading') }),
      h('ul', { class: 'recent__list' }, recent.map((s) => h('li', null,
        h('a', { attrs: { href: boardPath(s.code), 'data-nav': true } },
          h('span', { class: 'recent__title', text: s.title || displayCode(s.code) }),
          h('span', { class: 'recent__meta', text: displayCode(s.code) +
            (s.role ? ' · ' + t('start.recentAs', { role: roleName(s.role) }) : '') +
            (s.status === 'closed' ? ' · ' + t('start.recentClosed') : '') }))))));
  }

  render();
  return {
    unmount() {},
    relabel() {
      if (!state.columnsEdited) state.columns = defaultColumns();
      render();
    },
  };
}
