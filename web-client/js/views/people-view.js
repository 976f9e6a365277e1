// @ts-check
// Who is here: counts by role (online of all), and the people by name when the server
// shows names to this person (always to the facilitators; to everyone in a named
// session), with "and N more" when the server's bounded list left some out. The
// facilitators can remove someone, after a confirmation; nobody can remove the
// facilitator, and only the facilitator removes co-facilitators.

import { h, keyedList, replace, setText } from '../dom.js';
import { roleName, t } from '../i18n.js';
import { ROLES } from '../permissions.js';

/**
 * What this view uses of the board screen's context (tsc holds it to these).
 * @typedef {Pick<import('./board.js').BoardContext, 'can'|'people'|'run'|'state'|'you'>} PeopleViewContext
 */

/**
 * The line "12 here: 8 borgere, 3 medarbejdere, 1 leder" for a header.
 * @param {import('../session-state.js').SessionState} state
 */
export function presenceSummary(state) {
  let online = 0;
  for (const c of Object.values(state.presence.counts)) online += c.online;
  return t('people.online', { n: online });
}

/**
 * @param {PeopleViewContext} ctl
 */
export function createPeopleView(ctl) {
  /** @type {number|null} who is about to be removed */
  let confirming = null;
  const heading = h('h2', { class: 'panel-heading' });
  const countsEl = h('ul', { class: 'people__counts', attrs: { 'data-testid': 'presence-counts' } });
  const listEl = h('ul', { class: 'people__list', attrs: { 'data-testid': 'people' } });
  const namesHidden = h('p', { class: 'muted' });
  const moreEl = h('p', { class: 'people__more muted', attrs: { 'data-testid': 'people-more' } });
  const el = h('section', { class: 'people' }, heading, countsEl, namesHidden, listEl, moreEl);
  const people = keyedList(listEl, (p) => createPerson(ctl, p.id, () => confirming, (id) => { confirming = id; update(); }));

  function update() {
    setText(heading, t('people.heading'));
    const counts = ctl.state.presence.counts;
    const roles = ROLES.filter((r) => counts[r] && counts[r].total > 0);
    replace(countsEl, roles.map((r) => h('li', { class: 'people__count', dataset: { role: r } },
      h('strong', { text: String(counts[r].online) }), ' / ' + counts[r].total + ' ' + t('group.' + r + 'Plural'))));
    const list = ctl.people(true);
    namesHidden.hidden = ctl.state.presence.participants !== null;
    setText(namesHidden, t('people.namesHidden'));
    people.sync(list, (p) => p.id);
    const more = ctl.state.presence.participants === null ? 0 : ctl.state.presence.more;
    moreEl.hidden = more <= 0;
    setText(moreEl, t('people.more', { n: more }));
  }

  update();
  return { el, update };
}

/**
 * @param {PeopleViewContext} ctl
 * @param {number} id
 * @param {() => number|null} confirming
 * @param {(id: number|null) => void} setConfirming
 */
function createPerson(ctl, id, confirming, setConfirming) {
  const dot = h('span', { class: 'presence-dot', attrs: { 'aria-hidden': 'true' } });
  const name = h('span', { class: 'person__name' });
  const role = h('span', { class: 'person__role' });
  const state = h('span', { class: 'visually-hidden' });
  const actions = h('span', { class: 'person__actions' });
  const el = h('li', { class: 'person', dataset: { participantId: String(id) } }, dot, name, role, state, actions);
  return {
    el,
    /** @param {import('../session-state.js').PresenceEntry} p */
    update(p) {
      const me = ctl.you();
      el.classList.toggle('person--online', p.online);
      setText(name, p.name + (me && me.id === p.id ? ' ' + t('idea.you') : ''));
      setText(role, roleName(p.role));
      setText(state, p.online ? t('people.isOnline') : t('people.isOffline'));
      const may = ctl.can('participant.remove', { role: p.role }) && !(me && me.id === p.id);
      const key = [may, confirming() === id, t('people.remove')].join(':');
      if (actions.dataset.key === key) return;
      actions.dataset.key = key;
      if (!may) return replace(actions);
      if (confirming() === id) {
        replace(actions, h('span', { class: 'person__confirm', text: t('people.confirmRemove', { name: p.name }) + ' ' }),
          h('button', { type: 'button', class: 'button button--small button--danger', text: t('people.removeYes'), dataset: { action: 'confirm-remove' },
            on: { click: async () => { setConfirming(null); await ctl.run({ type: 'participant.remove', participant: id }); } } }),
          h('button', { type: 'button', class: 'button button--small', text: t('common.cancel'), on: { click: () => setConfirming(null) } }));
        return;
      }
      replace(actions, h('button', { type: 'button', class: 'link-button', text: t('people.remove'), dataset: { action: 'remove-person' },
        attrs: { 'aria-label': t('people.removeNamed', { name: p.name }) }, on: { click: () => setConfirming(id) } }));
    },
  };
}
