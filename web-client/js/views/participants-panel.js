// @ts-check
// The console's list of participants, for the facilitators: who is in the session and
// how much each one wrote, the most active first (`participants.get`), so that someone
// flooding the board is found at the top. It is asked for when opened, on demand, and
// every ROSTER_REFRESH_MS while it is open and in view. Each participant the person
// may remove has "Remove" and, unless the session is anonymous, "Remove and hide
// everything": each asks first, in a dialog that names the person and says what will
// happen, then sends `participant.remove` and says how it went, here.

import { h, keyedList, replace, setText } from '../dom.js';
import { errorMessage, plural, roleName, t } from '../i18n.js';
import { readRoster, removalsFor, ROSTER_LIMIT, ROSTER_REFRESH_MS } from '../roster.js';

/**
 * What this view uses of the board screen's context (tsc holds it to these).
 * @typedef {Pick<import('./board.js').BoardContext, 'canEdit'|'request'|'send'|'state'|'you'>} ParticipantsPanelContext
 */

const COLUMNS = Object.freeze(['name', 'role', 'online', 'ideas', 'comments', 'actions']);

/**
 * @param {ParticipantsPanelContext} ctl
 * @returns {{el: HTMLElement, update: () => void, destroy: () => void}}
 */
export function createParticipantsPanel(ctl) {
  let open = false;
  let loading = false;
  /** @type {import('../roster.js').Roster|null} */
  let roster = null;
  /** @type {any} */
  let timer = null;
  /** @type {{entry: import('../roster.js').RosterEntry, hide: boolean, from: HTMLElement}|null} */
  let asking = null;
  let fetchFailed = false;

  const heading = h('h2', { class: 'panel-heading', id: 'roster-heading' });
  const intro = h('p', { class: 'field__hint' });
  const toggle = h('button', { type: 'button', class: 'button', dataset: { action: 'show-participants' },
    attrs: { 'aria-expanded': false, 'aria-controls': 'roster-body' }, on: { click: () => setOpen(!open) } });
  const refresh = h('button', { type: 'button', class: 'button', dataset: { action: 'refresh-participants' }, on: { click: () => fetchList() } });
  const auto = h('p', { class: 'field__hint' });
  const anonymous = h('p', { class: 'field__hint', attrs: { 'data-testid': 'roster-anonymous' } });
  const caption = h('caption', { class: 'visually-hidden' });
  const heads = COLUMNS.map((name) => h('th', { attrs: { scope: 'col' }, dataset: { column: name } }));
  const rowsEl = h('tbody');
  const table = h('table', { class: 'roster', attrs: { 'data-testid': 'roster' } }, caption, h('thead', null, h('tr', null, heads)), rowsEl);
  const moreEl = h('p', { class: 'roster__more', attrs: { 'data-testid': 'roster-more' } });
  const emptyEl = h('p', { class: 'muted' });
  const status = h('p', { class: 'roster__status', tabIndex: -1, attrs: { role: 'status', 'data-testid': 'roster-status' } });
  const body = h('div', { id: 'roster-body', class: 'roster__body' }, auto, anonymous, h('div', { class: 'roster__scroll' }, table), moreEl, emptyEl);
  const dialog = createConfirmDialog();
  const el = h('section', { class: 'panel console__section console__wide', attrs: { 'aria-labelledby': heading.id } },
    heading, intro, h('div', { class: 'actions' }, toggle, refresh), status, body, dialog.el);
  const rows = keyedList(rowsEl, (entry) => createRow(ctl, entry.id, ask));

  /** @param {boolean} on */
  function setOpen(on) {
    open = on;
    if (timer !== null) clearInterval(timer);
    timer = null;
    if (open) {
      timer = setInterval(tick, ROSTER_REFRESH_MS);
      fetchList();
    }
    update();
  }

  /**
   * Asks again, unless the list is out of sight (another tab, a hidden page) or the
   * connection is down (it would only fail).
   */
  function tick() {
    if (document.hidden || !el.isConnected || el.getClientRects().length === 0 || !ctl.canEdit()) return;
    fetchList();
  }

  async function fetchList() {
    if (loading) return;
    loading = true;
    update();
    const result = await ctl.request('participants.get', { limit: ROSTER_LIMIT });
    loading = false;
    if (result.ok) {
      roster = readRoster(result.answer);
      if (fetchFailed) say('', false);
      fetchFailed = false;
    } else {
      say(errorMessage(result.error), true);
      fetchFailed = true;
    }
    update();
  }

  /**
   * @param {string} text
   * @param {boolean} failed
   */
  function say(text, failed) {
    status.classList.toggle('form-error', failed);
    setText(status, text);
  }

  /**
   * Opens the confirmation for removing someone.
   * @param {import('../roster.js').RosterEntry} entry
   * @param {boolean} hide with everything they wrote
   * @param {HTMLElement} from the button that asked, to give the focus back to
   */
  function ask(entry, hide, from) {
    asking = { entry, hide, from };
    dialog.show(entry, hide);
  }

  async function confirmed() {
    if (!asking) return;
    const { entry, hide, from } = asking;
    asking = null;
    dialog.close();
    /** @type {Record<string, unknown>} */
    const command = { type: 'participant.remove', participant: entry.id };
    if (hide) command.hide_content = true;
    const result = await ctl.send(command);
    fetchFailed = false;
    if (result.ok) say(t(hide ? 'roster.removedAll' : 'roster.removed', { name: entry.name }), false);
    else say(t('roster.removeFailed', { name: entry.name, reason: errorMessage(result.error) }), true);
    // The row's buttons go once the list shows the person removed: keep the focus on
    // what happened instead.
    if (result.ok || !from.isConnected) status.focus();
    else from.focus();
    fetchList();
  }

  function cancelled() {
    const from = asking ? asking.from : null;
    asking = null;
    if (from && from.isConnected) from.focus();
  }

  /** The confirmation: a modal dialog (Escape cancels; the focus stays inside). */
  function createConfirmDialog() {
    const title = h('h2', { class: 'confirm__title', id: 'roster-confirm-title' });
    const text = h('p', { class: 'confirm__text', id: 'roster-confirm-text' });
    const yes = h('button', { type: 'button', class: 'button button--danger', dataset: { action: 'confirm-remove-participant' },
      on: { click: () => confirmed() } });
    const no = h('button', { type: 'button', class: 'button', dataset: { action: 'cancel-remove-participant' },
      on: { click: () => dialogEl.close() } });
    const dialogEl = h('dialog', { class: 'confirm', attrs: { 'aria-labelledby': title.id, 'aria-describedby': text.id, 'data-testid': 'roster-confirm' } },
      title, text, h('div', { class: 'actions' }, no, yes));
    dialogEl.addEventListener('close', () => {
      if (asking) cancelled();
    });
    return {
      el: dialogEl,
      /** @param {import('../roster.js').RosterEntry} entry @param {boolean} hide */
      show(entry, hide) {
        const params = { name: entry.name, role: roleName(entry.role),
          ideas: plural('roster.ideas', entry.ideas ?? 0), comments: plural('roster.comments', entry.comments ?? 0) };
        setText(title, t('roster.confirmTitle'));
        setText(text, t(hide ? 'roster.confirmRemoveAll' : 'roster.confirmRemove', params));
        setText(yes, t(hide ? 'roster.confirmYesAll' : 'roster.confirmYes'));
        setText(no, t('common.cancel'));
        if (typeof dialogEl.showModal === 'function') dialogEl.showModal();
        else dialogEl.setAttribute('open', '');
        no.focus(); // the safe choice first
      },
      close() {
        if (dialogEl.open) dialogEl.close();
      },
    };
  }

  function update() {
    setText(heading, t('roster.heading'));
    setText(intro, t('roster.intro'));
    setText(toggle, open ? t('roster.hide') : t('roster.show'));
    toggle.setAttribute('aria-expanded', String(open));
    setText(refresh, t('roster.refresh'));
    refresh.hidden = !open;
    refresh.disabled = loading;
    body.hidden = !open;
    setText(auto, t('roster.auto', { n: Math.round(ROSTER_REFRESH_MS / 1000) }));
    const anon = ctl.state.controls?.settings.anonymity === 'anonymous';
    anonymous.hidden = !anon;
    setText(anonymous, t('roster.anonymous'));
    setText(caption, t('roster.caption'));
    heads.forEach((th, i) => setText(th, t('roster.col.' + COLUMNS[i])));
    const entries = roster ? roster.entries : [];
    table.hidden = entries.length === 0;
    rows.sync(entries, (e) => e.id);
    const left = roster ? roster.left : 0;
    moreEl.hidden = left <= 0;
    setText(moreEl, t('people.more', { n: left }));
    emptyEl.hidden = !roster || entries.length > 0;
    setText(emptyEl, t('roster.empty'));
  }

  update();
  return {
    el,
    update,
    destroy() {
      if (timer !== null) clearInterval(timer);
      timer = null;
    },
  };
}

/**
 * One participant's row: name (a row header), role, online, counts, and the removals
 * the person looking may make.
 * @param {ParticipantsPanelContext} ctl
 * @param {number} id
 * @param {(entry: import('../roster.js').RosterEntry, hide: boolean, from: HTMLElement) => void} ask
 */
function createRow(ctl, id, ask) {
  const name = h('th', { attrs: { scope: 'row' }, class: 'roster__name' });
  const role = h('td');
  const online = h('td');
  const ideas = h('td', { class: 'roster__count', dataset: { column: 'ideas' } });
  const comments = h('td', { class: 'roster__count', dataset: { column: 'comments' } });
  const actions = h('div', { class: 'roster__actions' });
  const el = h('tr', { dataset: { participantId: String(id) } }, name, role, online, ideas, comments, h('td', null, actions));
  /** @type {import('../roster.js').RosterEntry|null} */
  let current = null;

  /**
   * A count, or a dash that screen readers read as "not shown".
   * @param {HTMLElement} cell
   * @param {number|null} n
   */
  function count(cell, n) {
    const key = n === null ? '—' + t('roster.notShown') : String(n);
    if (cell.dataset.key === key) return;
    cell.dataset.key = key;
    if (n !== null) replace(cell, String(n));
    else replace(cell, h('span', { attrs: { 'aria-hidden': 'true' }, text: '—' }), h('span', { class: 'visually-hidden', text: t('roster.notShown') }));
  }

  return {
    el,
    /** @param {import('../roster.js').RosterEntry} entry */
    update(entry) {
      current = entry;
      const me = ctl.you();
      setText(name, entry.name + (me && me.id === entry.id ? ' ' + t('idea.you') : ''));
      setText(role, roleName(entry.role));
      setText(online, entry.online ? t('people.isOnline') : t('people.isOffline'));
      el.classList.toggle('roster__row--online', entry.online);
      el.classList.toggle('roster__row--removed', entry.removed);
      count(ideas, entry.ideas);
      count(comments, entry.comments);
      const may = ctl.canEdit() ? removalsFor(entry, { you: me, controls: ctl.state.controls, session: ctl.state.session }) : { remove: false, hide: false };
      const key = [entry.removed, may.remove, may.hide, entry.name, t('roster.remove')].join(':');
      if (actions.dataset.key === key) return;
      actions.dataset.key = key;
      if (entry.removed) return replace(actions, h('span', { class: 'muted', text: t('roster.removedMark') }));
      replace(actions,
        may.remove ? h('button', { type: 'button', class: 'button button--small', text: t('roster.remove'), dataset: { action: 'remove-participant' },
          attrs: { 'aria-label': t('people.removeNamed', { name: entry.name }) },
          on: { click: (ev) => { if (current) ask(current, false, /** @type {HTMLElement} */ (ev.currentTarget)); } } }) : null,
        may.hide ? h('button', { type: 'button', class: 'button button--small button--danger', text: t('roster.removeAll'), dataset: { action: 'remove-participant-all' },
          attrs: { 'aria-label': t('roster.removeAllNamed', { name: entry.name }) },
          on: { click: (ev) => { if (current) ask(current, true, /** @type {HTMLElement} */ (ev.currentTarget)); } } }) : null);
    },
  };
}
