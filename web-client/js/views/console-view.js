// @ts-check
// The facilitation tab, for the facilitator and co-facilitators: the door for
// newcomers with the code, what the big screen has in focus (with the results and
// "clear"; ideas and clusters are put there from the board), the board's switches (reveal private ideas, late ideas,
// lock, the vote round), the settings (with the idea quota), the participants with
// how much each wrote (participants-panel.js), the invitation links per role (copy; the
// facilitator also renews and revokes them), the audit log (paged with `before`), and
// closing the session. What a co-facilitator may not do (anonymity,
// invitations, closing) is not shown to them.

import { h, keyedList, replace, setText } from '../dom.js';
import { formatDateTime, plural, roleName, t } from '../i18n.js';
import { INVITE_ROLES } from '../permissions.js';
import { inviteLink } from '../routes.js';
import { inviteShown, screenFocus } from '../selectors.js';
import { copyText } from '../clipboard.js';
import { createParticipantsPanel } from './participants-panel.js';
import { limit } from '../limits.js';

/**
 * What this view uses of the board screen's context (tsc holds it to these).
 * @typedef {Pick<import('./board.js').BoardContext, 'can'|'canEdit'|'code'|'request'|'run'|'send'|'showError'|'state'|'toast'|'you'>} ConsoleViewContext
 */

export const AUDIT_PAGE = 50;
const ANONYMITY = Object.freeze(['named', 'hidden_from_participants', 'anonymous']);
/** The ranges of the vote budget and cap, the fold threshold and the idea quota (protocol/limits.json). */
const VOTING_MIN = limit('min_vote_budget');
const VOTING_MAX = limit('max_vote_budget');
const FOLD_MIN = limit('min_fold_threshold');
const FOLD_MAX = limit('max_fold_threshold');
const IDEA_QUOTA_MIN = limit('min_idea_quota');
const IDEA_QUOTA_MAX = limit('max_idea_quota');

/**
 * @param {ConsoleViewContext} ctl
 */
export function createConsoleView(ctl) {
  const door = createDoor(ctl);
  const board = createBoardSwitches(ctl);
  const screen = createScreenFocus(ctl);
  const settings = createSettingsForm(ctl);
  const participants = createParticipantsPanel(ctl);
  const invites = createInvites(ctl);
  const audit = createAudit(ctl);
  const closing = createClose(ctl);
  const el = h('div', { class: 'console', attrs: { 'data-testid': 'console' } },
    door.el, screen.el, board.el, settings.el, participants.el, invites.el, audit.el, closing.el);
  function update() {
    door.update();
    board.update();
    screen.update();
    settings.update();
    participants.update();
    invites.update();
    audit.update();
    closing.update();
  }
  update();
  return { el, update, destroy: participants.destroy };
}

/**
 * The door: whether newcomers may join with the code (`join_by_code`). One button,
 * named after what it does, with the state said above it.
 * @param {ConsoleViewContext} ctl
 */
function createDoor(ctl) {
  let busy = false;
  const heading = h('h2', { class: 'panel-heading' });
  const state = h('p', { class: 'door__state', id: 'console-door-state', attrs: { 'data-testid': 'door-state' } });
  const hint = h('p', { class: 'field__hint' });
  const toggle = h('button', { type: 'button', class: 'button', dataset: { action: 'door-toggle' },
    attrs: { 'aria-describedby': state.id }, on: { click: onToggle } });
  const el = h('section', { class: 'panel console__section door' }, heading, state, hint, h('div', { class: 'actions' }, toggle));

  async function onToggle() {
    const c = ctl.state.controls;
    if (!c || busy) return;
    busy = true;
    update();
    await ctl.run({ type: 'settings.update', join_by_code: !c.settings.join_by_code });
    busy = false;
    update();
  }

  function update() {
    const c = ctl.state.controls;
    if (!c) return;
    const open = c.settings.join_by_code;
    el.dataset.door = open ? 'open' : 'closed';
    setText(heading, t('door.heading'));
    setText(state, open ? t('door.open') : t('door.closed'));
    setText(hint, t('door.hint'));
    setText(toggle, open ? t('door.close') : t('door.openAction'));
    toggle.classList.toggle('button--primary', !open);
    toggle.disabled = busy || !ctl.can('settings.update');
  }
  return { el, update };
}

/**
 * What the big screen has in focus (`controls.screen`): said in a line, with the
 * results (once revealed) and "clear". An idea or a cluster is put there from its card.
 * @param {ConsoleViewContext} ctl
 */
function createScreenFocus(ctl) {
  const heading = h('h2', { class: 'panel-heading' });
  const line = h('p', { class: 'console__line', attrs: { 'data-testid': 'screen-focus', 'aria-live': 'polite' } });
  const results = h('button', { type: 'button', class: 'button', dataset: { action: 'screen-results' },
    on: { click: () => ctl.run({ type: 'screen.focus', kind: 'results' }) } });
  const clear = h('button', { type: 'button', class: 'button', dataset: { action: 'screen-clear' },
    on: { click: () => ctl.run({ type: 'screen.focus', kind: 'none' }) } });
  const el = h('section', { class: 'panel console__section' }, heading, line, h('div', { class: 'actions' }, results, clear));
  function update() {
    const c = ctl.state.controls;
    if (!c) return;
    const f = screenFocus(ctl.state);
    setText(heading, t('screen.focusHeading'));
    setText(line, f.kind === 'idea' ? t('screen.focusIdea', { text: f.idea.text.slice(0, 120) })
      : f.kind === 'cluster' ? t('screen.focusCluster', { name: f.cluster.name })
        : f.kind === 'results' ? t('screen.focusResults') : t('screen.focusNone'));
    const may = ctl.can('screen.focus');
    results.hidden = !may || !c.votes_revealed || f.kind === 'results';
    setText(results, t('screen.showResults'));
    clear.hidden = !may || f.kind === 'none';
    setText(clear, t('screen.clearFocus'));
  }
  return { el, update };
}

/** @param {ConsoleViewContext} ctl */
function createBoardSwitches(ctl) {
  const heading = h('h2', { class: 'panel-heading' });
  const revealText = h('p', { class: 'console__line', attrs: { 'data-testid': 'written-count' } });
  const reveal = h('button', { type: 'button', class: 'button button--primary', dataset: { action: 'reveal-ideas' }, on: { click: () => ctl.run({ type: 'ideas.reveal' }) } });
  const late = h('input', { type: 'checkbox', id: 'console-late', dataset: { action: 'late-ideas' },
    on: { change: () => ctl.run({ type: 'settings.update', late_ideas: late.checked }).then(update) } });
  const lateLabel = h('label', { htmlFor: 'console-late', class: 'check' }, late, h('span'));
  const lock = h('input', { type: 'checkbox', id: 'console-lock', dataset: { action: 'lock-board' },
    on: { change: () => ctl.run({ type: 'board.lock', locked: lock.checked }).then(update) } });
  const lockLabel = h('label', { htmlFor: 'console-lock', class: 'check' }, lock, h('span'));
  const votesText = h('p', { class: 'console__line' });
  const votesReveal = h('button', { type: 'button', class: 'button', dataset: { action: 'reveal-votes' }, on: { click: () => ctl.run({ type: 'votes.reveal' }) } });
  const votesReset = h('button', { type: 'button', class: 'button', dataset: { action: 'reset-votes' }, on: { click: () => ctl.run({ type: 'votes.reset' }) } });
  const el = h('section', { class: 'panel console__section' }, heading, revealText, h('div', { class: 'actions' }, reveal),
    lateLabel, lockLabel, votesText, h('div', { class: 'actions' }, votesReveal, votesReset));
  function update() {
    const c = ctl.state.controls;
    if (!c) return;
    setText(heading, t('console.board'));
    setText(revealText, ctl.state.privateCount ? plural('reveal.written', ctl.state.privateCount) : t('reveal.nothing'));
    reveal.hidden = !ctl.can('ideas.reveal') || ctl.state.privateCount === 0;
    setText(reveal, t('reveal.ideas', { n: ctl.state.privateCount }));
    late.checked = c.settings.late_ideas;
    late.disabled = !ctl.can('settings.update');
    setText(/** @type {Element} */ (lateLabel.lastChild), ' ' + t('settings.late_ideas'));
    lock.checked = c.locked;
    lock.disabled = !ctl.can('board.lock');
    setText(/** @type {Element} */ (lockLabel.lastChild), ' ' + t('lock.switch'));
    setText(votesText, c.votes_revealed ? t('results.revealed') : t('vote.progress', { dots: ctl.state.votes.dotsCast, voters: ctl.state.votes.voters }));
    votesReveal.hidden = !ctl.can('votes.reveal') || c.votes_revealed || c.phase !== 'vote';
    setText(votesReveal, t('reveal.votes'));
    votesReset.hidden = !ctl.can('votes.reset');
    setText(votesReset, t('results.reset'));
  }
  return { el, update };
}

/** @param {ConsoleViewContext} ctl */
function createSettingsForm(ctl) {
  let dirty = false;
  const heading = h('h2', { class: 'panel-heading' });
  const anonymity = h('select', { id: 'settings-anonymity', on: { change: () => { dirty = true; } } });
  const anonymityHint = h('p', { class: 'field__hint' });
  const privateWriting = h('input', { type: 'checkbox', id: 'settings-private', on: { change: () => { dirty = true; } } });
  const privateLabel = h('label', { htmlFor: 'settings-private', class: 'check' }, privateWriting, h('span'));
  /**
   * A number field; its min and max are the server's (PROTOCOL.md, "Limits" and "The
   * controls object"). The fold threshold starts at 2: a group of one would show that
   * person's dots.
   * @param {string} id @param {number} min @param {number} max
   */
  const number = (id, min, max) => h('input', { type: 'number', id, class: 'input--number', attrs: { min, max, step: 1, inputmode: 'numeric' }, on: { input: () => { dirty = true; } } });
  const budget = number('settings-budget', VOTING_MIN, VOTING_MAX);
  const cap = number('settings-cap', VOTING_MIN, VOTING_MAX);
  const fold = number('settings-fold', FOLD_MIN, FOLD_MAX);
  const quota = number('settings-quota', IDEA_QUOTA_MIN, IDEA_QUOTA_MAX);
  const labels = {
    anonymity: h('label', { htmlFor: anonymity.id, class: 'field__label' }),
    budget: h('label', { htmlFor: budget.id, class: 'field__label' }),
    cap: h('label', { htmlFor: cap.id, class: 'field__label' }),
    fold: h('label', { htmlFor: fold.id, class: 'field__label' }),
    quota: h('label', { htmlFor: quota.id, class: 'field__label' }),
  };
  const quotaHint = h('p', { class: 'field__hint', id: 'settings-quota-hint' });
  quota.setAttribute('aria-describedby', quotaHint.id);
  const votingHint = h('p', { class: 'field__hint' });
  const save = h('button', { type: 'submit', class: 'button button--primary', dataset: { action: 'save-settings' } });
  const form = h('form', { class: 'settings-form', attrs: { novalidate: true }, on: { submit: onSave } },
    h('div', { class: 'field' }, labels.anonymity, anonymityHint, anonymity), privateLabel,
    h('div', { class: 'settings-form__numbers' },
      h('div', { class: 'field' }, labels.budget, budget), h('div', { class: 'field' }, labels.cap, cap), h('div', { class: 'field' }, labels.fold, fold)),
    votingHint, h('div', { class: 'field' }, labels.quota, quotaHint, quota), h('div', { class: 'actions' }, save));
  const el = h('section', { class: 'panel console__section' }, heading, form);

  /** @param {Event} ev */
  async function onSave(ev) {
    ev.preventDefault();
    const c = ctl.state.controls;
    if (!c) return;
    /** @type {Record<string, unknown>} */
    const command = { type: 'settings.update' };
    if (ctl.can('settings.anonymity') && anonymity.value !== c.settings.anonymity) command.anonymity = anonymity.value;
    if (privateWriting.checked !== c.settings.private_writing) command.private_writing = privateWriting.checked;
    for (const [name, input] of /** @type {Array<[string, HTMLInputElement]>} */ ([['vote_budget', budget], ['vote_cap', cap], ['fold_threshold', fold], ['idea_quota', quota]])) {
      const n = Number(input.value);
      const min = Number(input.min), max = Number(input.max);
      if (!Number.isInteger(n) || n < min || n > max) {
        ctl.toast(t('settings.range', { min, max }), 'error');
        input.focus();
        return;
      }
      if (n !== /** @type {any} */ (c.settings)[name]) command[name] = n;
    }
    if (Object.keys(command).length === 1) {
      dirty = false;
      return;
    }
    if (await ctl.run(command)) {
      dirty = false;
      ctl.toast(t('settings.saved'));
      update();
    }
  }

  function update() {
    const c = ctl.state.controls;
    if (!c) return;
    setText(heading, t('settings.heading'));
    setText(labels.anonymity, t('settings.anonymity'));
    setText(labels.budget, t('settings.vote_budget'));
    setText(labels.cap, t('settings.vote_cap'));
    setText(labels.fold, t('settings.fold_threshold'));
    setText(labels.quota, t('settings.idea_quota'));
    setText(quotaHint, t('settings.ideaQuotaHint'));
    setText(/** @type {Element} */ (privateLabel.lastChild), ' ' + t('settings.private_writing'));
    setText(anonymityHint, ctl.can('settings.anonymity') ? t('settings.anonymityHint') : t('settings.anonymityFacilitatorOnly'));
    setText(votingHint, t('settings.votingHint'));
    setText(save, t('settings.save'));
    const wanted = ANONYMITY.map((a) => a + t('anonymity.' + a)).join();
    if (anonymity.dataset.options !== wanted) {
      replace(anonymity, ANONYMITY.map((a) => h('option', { value: a, text: t('anonymity.' + a) })));
      anonymity.dataset.options = wanted;
    }
    anonymity.disabled = !ctl.can('settings.anonymity');
    const may = ctl.can('settings.update');
    for (const input of [privateWriting, budget, cap, fold, quota]) input.disabled = !may;
    save.disabled = !may;
    const editing = form.contains(document.activeElement);
    if (!dirty && !editing) {
      anonymity.value = c.settings.anonymity;
      privateWriting.checked = c.settings.private_writing;
      budget.value = String(c.settings.vote_budget);
      cap.value = String(c.settings.vote_cap);
      fold.value = String(c.settings.fold_threshold);
      quota.value = String(c.settings.idea_quota);
    }
  }
  return { el, update };
}

/** @param {ConsoleViewContext} ctl */
function createInvites(ctl) {
  const heading = h('h2', { class: 'panel-heading' });
  const intro = h('p', { class: 'field__hint' });
  const listEl = h('div', { class: 'invites', attrs: { 'data-testid': 'invites' } });
  const el = h('section', { class: 'panel console__section' }, heading, intro, listEl);
  const rows = keyedList(listEl, (role) => createInviteRow(ctl, role));
  function update() {
    setText(heading, t('invite.heading'));
    setText(intro, t('invite.intro'));
    rows.sync([...INVITE_ROLES], (r) => r);
  }
  return { el, update };
}

/**
 * @param {ConsoleViewContext} ctl
 * @param {string} role
 */
function createInviteRow(ctl, role) {
  const label = h('h3', { class: 'invite__role' });
  const link = h('input', { type: 'text', class: 'invite__link', attrs: { readonly: true }, on: { focus: () => link.select() } });
  const copy = h('button', { type: 'button', class: 'button button--small', dataset: { action: 'copy-invite' } });
  const renew = h('button', { type: 'button', class: 'button button--small', dataset: { action: 'renew-invite' },
    on: { click: () => ctl.run({ type: 'invite.renew', role }) } });
  const revoke = h('button', { type: 'button', class: 'button button--small button--danger', dataset: { action: 'revoke-invite' },
    on: { click: () => ctl.run({ type: 'invite.revoke', role }) } });
  const state = h('p', { class: 'field__hint' });
  const linkRow = h('div', { class: 'copy-row' }, link, copy);
  const el = h('div', { class: 'invite', dataset: { role } }, label, state, linkRow, h('div', { class: 'actions' }, renew, revoke));
  copy.addEventListener('click', async () => {
    const ok = await copyText(link.value);
    ctl.toast(ok ? t('invite.copied', { role: roleName(role) }) : t('common.copyFailed'), ok ? 'info' : 'error');
  });
  return {
    el,
    update() {
      const { shown, invite } = inviteShown(ctl.state, role);
      const active = shown === 'link' || shown === 'waiting' || shown === 'unavailable';
      setText(label, t('invite.for', { role: roleName(role) }));
      const says = { none: 'invite.none', revoked: 'invite.revoked', link: 'invite.active', waiting: 'invite.active',
        unavailable: 'invite.unavailable' };
      setText(state, t(says[shown]));
      linkRow.hidden = shown !== 'link';
      if (shown === 'link' && invite) link.value = inviteLink(location.origin, ctl.code, invite.token, role);
      else link.value = '';
      link.setAttribute('aria-label', t('invite.for', { role: roleName(role) }));
      setText(copy, t('common.copy'));
      renew.hidden = !ctl.can('invite.renew');
      setText(renew, active ? t('invite.renew') : t('invite.create'));
      revoke.hidden = !ctl.can('invite.revoke') || !active;
      setText(revoke, t('invite.revoke'));
    },
  };
}

/** @param {ConsoleViewContext} ctl */
function createAudit(ctl) {
  /** @type {any[]} */
  let entries = [];
  let more = false;
  let loading = false;
  let loaded = false;
  const heading = h('h2', { class: 'panel-heading' });
  const listEl = h('ol', { class: 'audit', attrs: { 'data-testid': 'audit' } });
  const load = h('button', { type: 'button', class: 'button', dataset: { action: 'load-audit' }, on: { click: () => fetchPage(false) } });
  const older = h('button', { type: 'button', class: 'button', dataset: { action: 'older-audit' }, on: { click: () => fetchPage(true) } });
  const el = h('section', { class: 'panel console__section' }, heading, listEl, h('div', { class: 'actions' }, load, older));

  /** @param {boolean} next the next (older) page, else the newest again */
  async function fetchPage(next) {
    if (loading) return;
    loading = true;
    update();
    /** @type {Record<string, unknown>} */
    const fields = { limit: AUDIT_PAGE };
    if (next && entries.length) fields.before = entries[entries.length - 1].seq;
    const result = await ctl.request('audit.get', fields);
    loading = false;
    if (!result.ok) {
      ctl.showError(result.error);
      update();
      return;
    }
    const page = Array.isArray(result.answer.entries) ? result.answer.entries : [];
    entries = next ? [...entries, ...page] : page;
    more = result.answer.more === true;
    loaded = true;
    update();
  }

  function update() {
    setText(heading, t('audit.heading'));
    setText(load, loaded ? t('audit.refresh') : t('audit.load'));
    setText(older, t('audit.older'));
    load.disabled = loading;
    older.hidden = !more;
    older.disabled = loading;
    replace(listEl, loaded && entries.length === 0 ? h('li', { class: 'muted', text: t('audit.empty') }) : entries.map((e) => h('li', { class: 'audit__entry' },
      h('span', { class: 'audit__when', text: formatDateTime(String(e.at || '')) }),
      h('span', { class: 'audit__who', text: e.actor ? String(e.actor.name) + ' (' + roleName(String(e.actor.role)) + ')' : '' }),
      h('span', { class: 'audit__what', text: auditText(e) }))));
  }
  return { el, update };
}

/**
 * What an audit entry says: the action in words and, where it helps, its detail.
 * @param {any} e
 */
export function auditText(e) {
  const action = String(e.action || '');
  const key = 'audit.action.' + action;
  const words = t(key) === key ? action : t(key);
  const ev = e.event || {};
  let detail = '';
  if (ev.type === 'controls.updated' && action === 'phase.set' && ev.controls) detail = t('phase.' + ev.controls.phase);
  else if (ev.decision) detail = t('decision.kind.' + ev.decision.kind) + (ev.decision.note ? ': ' + ev.decision.note : '');
  else if (ev.learning && ev.learning.check_in && ev.learning.check_in.what_happened) detail = String(ev.learning.check_in.what_happened);
  else if (ev.learning && ev.learning.text) detail = ev.learning.text;
  else if (ev.trial_action && ev.trial_action.title) detail = ev.trial_action.title;
  else if (ev.idea && ev.idea.text) detail = ev.idea.text;
  return detail ? words + ' – ' + detail : words;
}

/** @param {ConsoleViewContext} ctl */
function createClose(ctl) {
  let confirming = false;
  const heading = h('h2', { class: 'panel-heading' });
  const text = h('p');
  const box = h('div', { class: 'actions' });
  const el = h('section', { class: 'panel console__section console__close' }, heading, text, box);
  function update() {
    const may = ctl.can('session.close');
    el.hidden = !may;
    setText(heading, t('close.heading'));
    setText(text, t('close.text'));
    const key = confirming + t('close.button');
    if (box.dataset.key === key) return;
    box.dataset.key = key;
    if (!confirming) {
      replace(box, h('button', { type: 'button', class: 'button button--danger', text: t('close.button'), dataset: { action: 'close-session' },
        on: { click: () => { confirming = true; update(); } } }));
      return;
    }
    replace(box, h('strong', { text: t('close.confirm') }),
      h('button', { type: 'button', class: 'button button--danger', text: t('close.yes'), dataset: { action: 'confirm-close' },
        on: { click: async () => { confirming = false; await ctl.run({ type: 'session.close' }); update(); } } }),
      h('button', { type: 'button', class: 'button', text: t('common.cancel'), on: { click: () => { confirming = false; update(); } } }));
  }
  return { el, update };
}
