// @ts-check
// The start page: create a workshop (the creator becomes its facilitator), then see
// the join code, the participants' link and the facilitator's private link; or join
// one with a code; or go back to a workshop this device has joined before.

import { h, replace } from '../dom.js';
import { errorMessage, t } from '../i18n.js';
import { createSession, ApiError } from '../api.js';
import { normalizeCode, displayCode } from '../codes.js';
import { copyText } from '../clipboard.js';
import { boardPath, facilitatorLink, joinPath } from '../routes.js';
import { recentSessions, saveSession } from '../storage.js';
import { counter, field, keepFocus, textLength } from './form.js';

export const TITLE_MAX = 120;
export const QUESTION_MAX = 500;
export const NAME_MAX = 40;
export const COLUMN_TITLE_MAX = 60;
export const COLUMNS_MAX = 20;

/**
 * @typedef {object} StartState
 * @property {string} title
 * @property {string} question
 * @property {string} name
 * @property {string[]} columns
 * @property {boolean} columnsEdited false while the columns are the language's defaults
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
      renderColumnsEditor(),
      state.error ? h('p', { class: 'form-error', attrs: { role: 'alert' }, text: state.error }) : null,
      h('div', { class: 'actions' },
        h('button', { type: 'submit', class: 'button button--primary', disabled: state.busy, dataset: { action: 'create' },
          text: state.busy ? t('start.creating') : t('start.create') })));
    return form;
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
      const created = await createSession({
        title: state.title.trim(),
        question: state.question.trim(),
        facilitatorName: state.name.trim() || undefined,
        columns: state.columns.map((c) => c.trim()).filter(Boolean),
      });
      saveSession(created.code, {
        token: created.facilitator_token, name: state.name.trim() || undefined,
        role: 'facilitator', title: created.session.title,
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
        h('p', { class: 'field__hint', text: t('created.codeHint') })),
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
            (s.role ? ' · ' + t('start.recentAs', { role: t('role.' + s.role) }) : '') }))))));
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
