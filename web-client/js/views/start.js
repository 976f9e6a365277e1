// @ts-check
// The start page: create a workshop (the creator becomes its facilitator) with its
// template (an idea workshop, or a follow-up that reviews the trial actions of an
// earlier workshop this device facilitated, or whose private link the person has) and
// its main settings; then see the join code, the participants' link and the
// facilitator's private link. Or join one with a code, or go back to a workshop this
// device has joined before.
//
// Mounted for a workspace (/workspace/{id}/new), it starts a workshop in that workspace
// with the workspace link this device keeps (its admin's or a facilitator's), and a
// follow-up may review any workshop of the workspace: the link vouches for the person,
// so no earlier private link is needed.

import { h, replace } from '../dom.js';
import { errorMessage, formatDay, roleName, t } from '../i18n.js';
import { createSession, getWorkspace, getWorkspaceSessions, ApiError } from '../api.js';
import { normalizeCode, displayCode } from '../codes.js';
import { copyText } from '../clipboard.js';
import { boardPath, facilitatorLink, joinPath, parseRoute, screenPath, tokenFromFragment, workspacePath } from '../routes.js';
import { qrElement } from './qr-view.js';
import { facilitatedSessions, loadWorkspaceToken, recentSessions, saveSession } from '../storage.js';
import { counter, field, keepFocus, markInvalid, textLength } from './form.js';
import { limit } from '../limits.js';
import { workspaceMay } from '../permissions.js';

export const TITLE_MAX = limit('session_title_chars');
export const QUESTION_MAX = limit('question_chars');
export const NAME_MAX = limit('display_name_chars');
export const COLUMN_TITLE_MAX = limit('column_title_chars');
export const COLUMNS_MAX = limit('columns_per_session');
export const VOTE_MIN = limit('min_vote_budget');
export const VOTE_MAX = limit('max_vote_budget');
export const EARLIER_MAX = limit('earlier_sessions_per_review');
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
 * A problem with one field of the create form: the id of its control and its message,
 * a key of strings.js with its parameters.
 * @typedef {{id: string, key: string, params?: Record<string, number>}} FieldProblem
 */

/**
 * What is wrong in the create form, field by field, in the order of the form. The
 * server checks everything again; this spares a round trip and says which field.
 * @param {{title: string, question: string, columns: string[], voteBudget: string, voteCap: string}} values
 * @param {import('../api.js').FollowUp|import('../api.js').FollowUp[]|null|undefined} follow the earlier
 *   session(s) a follow-up reviews: undefined when none is wanted, null when the one chosen cannot be used
 * @param {string} followSource '' (none), 'link', or the code of a session this device facilitates
 * @returns {FieldProblem[]}
 */
export function createFormProblems(values, follow, followSource) {
  /** @type {FieldProblem[]} */
  const problems = [];
  if (!values.title.trim()) problems.push({ id: 'create-title', key: 'start.error.title' });
  if (!values.question.trim()) problems.push({ id: 'create-question', key: 'start.error.question' });
  else if (textLength(values.question) > QUESTION_MAX) problems.push({ id: 'create-question', key: 'error.too_long', params: { limit: QUESTION_MAX } });
  if (follow === null) problems.push({ id: followSource === 'link' ? 'create-follow-link' : 'create-follow', key: 'followUp.bad' });
  if (!values.columns.some((c) => c.trim())) problems.push({ id: 'create-column-0', key: 'start.error.columns' });
  for (const [value, id] of [[values.voteBudget, 'create-budget'], [values.voteCap, 'create-cap']]) {
    const n = Number(value);
    if (value.trim() === '' || !Number.isInteger(n) || n < VOTE_MIN || n > VOTE_MAX) {
      problems.push({ id, key: 'settings.range', params: { min: VOTE_MIN, max: VOTE_MAX } });
    }
  }
  return problems;
}

/**
 * A field's error as the form keeps it: a problem found here, or the server's refusal
 * that named the field; shown in the current language.
 * @typedef {FieldProblem|{id: string, error: import('../i18n.js').ErrorLike}} FieldError
 */

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
 * @property {string[]} followPicks in a workspace: the ids of the sessions to follow up
 * @property {string} followCode
 * @property {string} followLink
 * @property {boolean} busy
 * @property {string} error a problem that is no one field's (the server could not be reached)
 * @property {Record<string, FieldError>} errors by the id of the field's control
 * @property {import('../api.js').CreatedSession|null} created
 * @property {string} joinCode
 * @property {string} joinError the key of the join code's problem, if any
 */

/** @returns {string[]} the default columns in the current language */
function defaultColumns() {
  return t('start.defaultColumns').split('\n');
}

/**
 * The workspace a workshop is started in, as the start page holds it once loaded.
 * @typedef {object} WorkspaceContext
 * @property {string} id
 * @property {string} follow the id of a session to follow up, chosen on the workspace's page, or ''
 * @property {string|null} token the workspace link this device keeps
 * @property {import('../api.js').Workspace|null} workspace
 * @property {import('../api.js').ListedSession[]} sessions
 * @property {string|null} problem why the form cannot be shown (a message), if it cannot
 */

/** The workspace roles whose links start workshops (PROTOCOL.md, POST /api/sessions). */

/**
 * @param {HTMLElement} root
 * @param {import('../main.js').ViewContext} ctx
 * @param {{id: string, follow: string}} [inWorkspace] start the workshop in this workspace
 * @returns {import('../main.js').MountedView}
 */
export function mount(root, ctx, inWorkspace) {
  /** @type {StartState} */
  const state = {
    title: '', question: '', name: '', columns: defaultColumns(), columnsEdited: false,
    template: inWorkspace?.follow ? 'review' : 'idea_workshop', anonymity: 'named', privateWriting: true, voteBudget: '3', voteCap: '2',
    followSource: '', followPicks: inWorkspace?.follow ? [inWorkspace.follow] : [], followCode: '', followLink: '',
    busy: false, error: '', errors: {}, created: null, joinCode: '', joinError: '',
  };
  /** @type {WorkspaceContext|null} */
  const space = inWorkspace
    ? { id: inWorkspace.id, follow: inWorkspace.follow, token: loadWorkspaceToken(inWorkspace.id), workspace: null, sessions: [], problem: null }
    : null;
  /** @type {string|null} which field to focus after the next render */
  let focusAfter = null;
  let unmounted = false;

  function render() {
    if (unmounted) return;
    if (space) return renderInWorkspace(space);
    // Joining comes first: whoever opens this page on a phone has been told a code by
    // the big screen; creating a workshop is a facilitator's job, usually on a laptop,
    // where the join box stands beside the form instead (styles.css).
    const page = h('div', { class: 'start' },
      h('div', { class: 'start__side' }, renderJoinBox(), renderRecent()),
      h('div', { class: 'start__main' }, state.created ? renderCreated(state.created) : renderCreateForm()));
    keepFocus(() => replace(root, page), focusAfter);
    focusAfter = null;
  }

  /** @param {WorkspaceContext} ws */
  function renderInWorkspace(ws) {
    document.title = t('start.inWorkspace.title', { name: ws.workspace ? ws.workspace.name : t('workspace.title') }) + ' – ' + t('app.name');
    const back = h('a', { class: 'button button--quiet button--small', attrs: { href: workspacePath(ws.id), 'data-nav': true, 'data-action': 'back-to-workspace' },
      text: '← ' + t('start.inWorkspace.back', { name: ws.workspace ? ws.workspace.name : t('workspace.title') }) });
    const message = ws.problem ?? (!ws.token ? t('workspace.noToken') : !ws.workspace ? t('workspace.loading') : '');
    const main = message
      ? h('section', { class: 'panel' }, h('p', { class: 'notice', dataset: { kind: ws.problem ? 'error' : 'info' }, attrs: { role: 'status' }, text: message }))
      : state.created ? renderCreated(state.created) : renderCreateForm();
    const page = h('div', { class: 'start start--workspace' }, h('div', { class: 'start__main' }, h('p', null, back), main));
    keepFocus(() => replace(root, page), focusAfter);
    focusAfter = null;
  }

  /** @param {WorkspaceContext} ws */
  async function loadWorkspace(ws) {
    if (!ws.token) return render();
    render();
    try {
      const [w, list] = await Promise.all([getWorkspace(ws.id, ws.token), getWorkspaceSessions(ws.id, ws.token)]);
      ws.workspace = w;
      ws.sessions = list;
      ws.problem = workspaceMay(w.role, 'start_workshop') ? null : t('start.inWorkspace.notAllowed', { role: t('workspace.role.' + w.role) });
      // A follow-up asked for on the workspace's page, of a session it no longer lists, is no choice.
      state.followPicks = state.followPicks.filter((picked) => list.some((s) => s.id === picked));
    } catch (err) {
      ws.problem = errorMessage(/** @type {any} */ (err));
    }
    render();
  }

  function renderCreateForm() {
    const title = h('input', {
      id: 'create-title', type: 'text', value: state.title, maxLength: TITLE_MAX, required: true,
      placeholder: t('start.titlePlaceholder'), autocomplete: 'off',
      on: { input: () => { state.title = title.value; recheck('create-title'); } },
    });
    const question = h('textarea', {
      id: 'create-question', value: state.question, rows: 3, required: true,
      placeholder: t('start.questionPlaceholder'),
      on: { input: () => { state.question = question.value; recheck('create-question'); } },
    });
    const questionCount = counter(question, QUESTION_MAX);
    const name = h('input', {
      id: 'create-name', type: 'text', value: state.name, maxLength: NAME_MAX,
      placeholder: t('start.namePlaceholder'), autocomplete: 'name',
      on: { input: () => { state.name = name.value; } },
    });
    const form = h('form', { class: 'panel create', attrs: { novalidate: true }, on: { submit: onCreate } },
      h('h1', { text: space?.workspace ? t('start.inWorkspace.heading', { name: space.workspace.name }) : t('start.createHeading') }),
      h('p', { class: 'lead', text: t(space ? 'start.inWorkspace.intro' : 'start.createIntro') }),
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
    for (const id of Object.keys(state.errors)) showError(form, id);
    return form;
  }

  /** @param {FieldError} e */
  function errorText(e) {
    return 'error' in e ? errorMessage(e.error) : t(e.key, e.params);
  }

  /**
   * Shows a field's error (or takes it away) on its control in `scope`.
   * @param {ParentNode} scope
   * @param {string} id
   */
  function showError(scope, id) {
    const control = scope.querySelector('#' + id);
    if (!(control instanceof HTMLInputElement || control instanceof HTMLTextAreaElement || control instanceof HTMLSelectElement)) return;
    const e = state.errors[id];
    markInvalid(control, e ? errorText(e) : null, control.closest('.field, .columns-editor__row'));
  }

  /**
   * As a field with an error is edited: its message goes once the field is right (or
   * changes, if it is wrong in another way). A refusal from the server goes at the first
   * change. New problems wait for the next try.
   * @param {string} id
   */
  function recheck(id) {
    if (!state.errors[id]) return;
    const now = createFormProblems(state, followUp(), state.followSource).find((p) => p.id === id);
    if (now) state.errors[id] = now;
    else delete state.errors[id];
    showError(document, id);
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

  /**
   * The earlier session to follow up: one this device facilitates, or one given by its
   * private link. In a workspace: any of its workshops, one or several, as its link vouches.
   */
  function renderFollowUp() {
    if (space) return renderWorkspaceFollowUp(space);
    const select = h('select', { id: 'create-follow', on: { change: () => {
      state.followSource = select.value;
      dropFollowErrors();
      focusAfter = 'create-follow';
      render();
    } } }, h('option', { value: '', text: t('followUp.none') }),
    facilitatedSessions().map((s) => h('option', { value: s.code, text: (s.title || displayCode(s.code)) + ' (' + displayCode(s.code) + ')' })),
    h('option', { value: 'link', text: t('followUp.byLink') }));
    select.value = state.followSource;
    const parts = [field(t('followUp.label'), select, t('followUp.hint'))];
    if (state.followSource === 'link') {
      const code = h('input', { id: 'create-follow-code', type: 'text', value: state.followCode, maxLength: 9, autocomplete: 'off',
        attrs: { autocapitalize: 'characters', spellcheck: 'false' }, on: { input: () => { state.followCode = code.value; recheck('create-follow-link'); } } });
      const link = h('input', { id: 'create-follow-link', type: 'text', value: state.followLink, autocomplete: 'off',
        attrs: { spellcheck: 'false' }, on: { input: () => { state.followLink = link.value; recheck('create-follow-link'); } } });
      parts.push(field(t('followUp.code'), code), field(t('followUp.link'), link, t('followUp.linkHint')));
    }
    return h('div', { class: 'follow-up' }, parts);
  }

  /**
   * A box per workshop of the workspace; the first one's control carries the field's
   * errors. At most EARLIER_MAX.
   * @param {WorkspaceContext} ws
   */
  function renderWorkspaceFollowUp(ws) {
    const full = state.followPicks.length >= EARLIER_MAX;
    const boxes = ws.sessions.map((s, i) => {
      const picked = state.followPicks.includes(s.id);
      const box = h('input', { type: 'checkbox', id: i === 0 ? 'create-follow' : 'create-follow-' + i, value: s.id,
        checked: picked, disabled: full && !picked, on: { change: () => {
          state.followPicks = box.checked ? [...state.followPicks, s.id] : state.followPicks.filter((id) => id !== s.id);
          dropFollowErrors();
          focusAfter = box.id;
          render();
        } } });
      return h('label', { class: 'check', htmlFor: box.id }, box, ' ' + s.title + ' (' + formatDay(s.created_at) + ')');
    });
    return h('fieldset', { class: 'follow-up field' },
      h('legend', { class: 'field__label', text: t('followUp.label') }),
      h('p', { class: 'field__hint', text: t('start.inWorkspace.followHint', { max: EARLIER_MAX }) }),
      boxes.length ? boxes : h('p', { class: 'field__hint', text: t('workspace.sessions.none') }));
  }

  /** A new choice of the earlier session: its old error no longer applies. */
  function dropFollowErrors() {
    delete state.errors['create-follow'];
    delete state.errors['create-follow-link'];
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
        attrs: { min: VOTE_MIN, max: VOTE_MAX, step: 1, inputmode: 'numeric' }, on: { input: () => { state[key] = input.value; recheck(id); } } });
      return input;
    };
    return h('fieldset', { class: 'settings-box' }, h('legend', { class: 'field__label', text: t('settings.heading') }),
      field(t('settings.anonymity'), anonymity, t('settings.anonymityHint')),
      h('label', { class: 'check', htmlFor: 'create-private' }, privateWriting, ' ' + t('settings.private_writing')),
      h('div', { class: 'settings-form__numbers' },
        field(t('settings.vote_budget'), number('create-budget', 'voteBudget')),
        field(t('settings.vote_cap'), number('create-cap', 'voteCap'))));
  }

  /** @returns {import('../api.js').FollowUp|import('../api.js').FollowUp[]|null|undefined} undefined: none wanted; null: not usable */
  function followUp() {
    if (state.template !== 'review') return undefined;
    if (space) return state.followPicks.length ? state.followPicks.map((id) => ({ session: id })) : undefined;
    if (!state.followSource) return undefined;
    if (state.followSource === 'link') return followUpFromLink(state.followLink, state.followCode, location.origin);
    const saved = facilitatedSessions().find((s) => s.code === state.followSource);
    return saved ? { code: saved.code, facilitator_token: saved.token } : null;
  }

  function renderColumnsEditor() {
    const rows = state.columns.map((value, i) => {
      const input = h('input', {
        id: 'create-column-' + i, type: 'text', value, maxLength: COLUMN_TITLE_MAX, autocomplete: 'off',
        attrs: { 'aria-label': t('start.columnLabel', { n: i + 1 }) },
        on: { input: () => { state.columns[i] = input.value; state.columnsEdited = true; recheck('create-column-0'); } },
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
    delete state.errors['create-column-0'];
    state.columnsEdited = true;
    focusAfter = 'create-column-' + (state.columns.length - 1);
    render();
  }

  /** @param {number} i */
  function removeColumn(i) {
    state.columns.splice(i, 1);
    state.columnsEdited = true;
    recheck('create-column-0');
    focusAfter = 'create-column-' + Math.max(0, i - 1);
    render();
  }

  /** @param {Event} ev */
  async function onCreate(ev) {
    ev.preventDefault();
    if (state.busy) return;
    const problems = createFormProblems(state, followUp(), state.followSource);
    state.errors = Object.fromEntries(problems.map((p) => [p.id, p]));
    state.error = '';
    if (problems.length) {
      focusAfter = problems[0].id;
      render();
      return;
    }
    state.busy = true;
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
        workspace: space && space.token ? { id: space.id, token: space.token } : undefined,
      });
      saveSession(created.code, {
        token: created.facilitator_token, name: state.name.trim() || undefined,
        role: 'facilitator', title: created.session.title, sessionId: created.id, status: 'open', template: created.session.template,
      });
      state.created = created;
    } catch (err) {
      const id = err instanceof ApiError ? fieldId(err.field) : null;
      if (id && err instanceof ApiError) {
        state.errors[id] = { id, error: { code: err.code, limit: err.limit, field: err.field } };
        focusAfter = id;
      } else {
        state.error = err instanceof ApiError ? errorMessage(err) : errorMessage({ code: 'network' });
      }
    }
    state.busy = false;
    render();
  }

  /**
   * @param {string|undefined} name a field named in a server error
   * @returns {string|null}
   */
  function fieldId(name) {
    /** @type {Record<string, string>} */
    const ids = {
      title: 'create-title', question: 'create-question', facilitator_name: 'create-name',
      'settings.anonymity': 'create-anonymity', 'settings.vote_budget': 'create-budget', 'settings.vote_cap': 'create-cap',
    };
    if (!name) return null;
    if (ids[name]) return ids[name];
    if (ids['settings.' + name]) return ids['settings.' + name];
    if (name.startsWith('columns')) return 'create-column-0';
    if (name.startsWith('follow_up')) return 'create-follow';
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
        space ? h('a', { class: 'button', attrs: { href: workspacePath(space.id), 'data-nav': true }, text: t('start.inWorkspace.backShort') }) : null,
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
      on: { input: () => {
        state.joinCode = code.value;
        if (state.joinError && normalizeCode(code.value)) {
          state.joinError = '';
          markInvalid(code, null, form);
        }
      } },
    });
    const form = h('form', { class: 'panel join-box', attrs: { novalidate: true }, on: { submit: (ev) => {
      ev.preventDefault();
      const normalized = normalizeCode(state.joinCode);
      if (!normalized) {
        state.joinError = 'join.badCode';
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
      h('button', { type: 'submit', class: 'button button--primary', text: t('join.submit') })));
    if (state.joinError) markInvalid(code, t(state.joinError), form);
    return form;
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

  if (space) loadWorkspace(space);
  else render();
  return {
    unmount() {
      unmounted = true;
    },
    relabel() {
      if (!state.columnsEdited) state.columns = defaultColumns();
      render();
    },
  };
}
