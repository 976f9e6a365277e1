// @ts-check
// One idea on the board, as a sticky note: its text and author (or "Anonymous"), what
// became of it (selected, parked with the reason, became a trial action, the ideas
// merged into it), the latest manager decision, dots in the vote phase and the
// result after the reveal, reactions and the comment thread, and what the person may
// do with it: move it (by dragging, or with the move panel, which works with a keyboard
// and on touch screens), edit and delete it (its author while writing, and the
// facilitators), and for the facilitators select it (for clusters, merges and trial
// actions), set its fate, hide it and show it on the big screen. An edit refused with `stale_version` shows both
// texts and lets the person keep the text now or put theirs back (PROTOCOL.md,
// "Concurrent edits").
//
// The card keeps its element for the idea's whole life, also while it moves between
// columns, so an edit in progress survives other people's changes.

import { h, replace, setText } from '../dom.js';
import { plural, roleName, t } from '../i18n.js';
import { absorbedInto, authorName, beforeAt, columnLayout, seenByAll } from '../selectors.js';
import { createReactions } from './reactions-view.js';
import { createThread } from './comments-view.js';
import { createDecisions } from './decisions-view.js';
import { counter, textLength, uid } from './form.js';
import { limit } from '../limits.js';

/**
 * What this view uses of the board screen's context (tsc holds it to these).
 * @typedef {Pick<import('./board.js').BoardContext, 'can'|'canEdit'|'drag'|'focusTrial'|'isFacilitator'|'moveIdea'|'newTrial'|'run'|'selection'|'send'|'showError'|'state'|'toast'|'toggleSelect'>} IdeaCardContext
 */

export const IDEA_TEXT_MAX = limit('idea_text_chars');
export const REASON_MAX = limit('reason_chars');

/** @typedef {'view'|'edit'|'confirmDelete'|'move'|'conflict'|'park'} CardMode */

/**
 * @param {IdeaCardContext} ctl
 * @param {number} ideaId
 * @param {boolean} isNew the idea appeared while the person was watching (animate it)
 */
export function createIdeaCard(ctl, ideaId, isNew) {
  /** @type {CardMode} */
  let mode = 'view';
  let draft = '';
  let editBase = 0;
  /** @type {{theirs: string, version: number}|null} */
  let conflict = null;
  let busy = false;
  let moving = false; // a move of this card waits for its answer: its base_version would be stale

  const select = h('input', { type: 'checkbox', class: 'card__select', dataset: { action: 'select' },
    on: { change: () => ctl.toggleSelect(ideaId, select.checked) } });
  const textEl = h('p', { class: 'card__text' });
  const privateBadge = h('p', { class: 'badge badge--private' });
  const moderatedNote = h('p', { class: 'moderated-note' });
  const fateBadge = h('p', { class: 'badge badge--fate', attrs: { 'data-testid': 'fate' } });
  const trialLink = h('button', { type: 'button', class: 'link-button', dataset: { action: 'open-trial' },
    on: { click: () => { const i = idea(); if (i) ctl.focusTrial(i.trial_action); } } });
  const resultBadge = h('p', { class: 'badge badge--dots', attrs: { 'data-testid': 'idea-total' } });
  const authorEl = h('p', { class: 'card__author' });

  const minus = h('button', { type: 'button', class: 'vote__button', text: '−', dataset: { action: 'vote-minus' }, on: { click: () => vote(-1) } });
  const plus = h('button', { type: 'button', class: 'vote__button', text: '+', dataset: { action: 'vote-plus' }, on: { click: () => vote(1) } });
  const dotsEl = h('span', { class: 'vote__dots', attrs: { 'data-testid': 'my-dots', 'aria-live': 'polite' } });
  const voteRow = h('div', { class: 'vote', attrs: { role: 'group' } }, minus, dotsEl, plus);

  const reactions = createReactions(ctl, 'idea', ideaId);
  const thread = createThread(ctl, 'idea', ideaId);
  const decisions = createDecisions(ctl, 'idea', ideaId);

  const moveButton = h('button', { type: 'button', class: 'card__action', dataset: { action: 'move' }, on: { click: () => setMode('move') } });
  const editButton = h('button', { type: 'button', class: 'card__action', dataset: { action: 'edit' }, on: { click: startEdit } });
  const deleteButton = h('button', { type: 'button', class: 'card__action', dataset: { action: 'delete' }, on: { click: () => setMode('confirmDelete') } });
  const menuSummary = h('summary', { class: 'card__action card__more', text: '⋯' });
  const menuItems = {
    select: menuItem('fate-selected', () => setFate('selected')),
    park: menuItem('fate-park', () => setMode('park')),
    reopen: menuItem('fate-open', () => setFate('open')),
    trial: menuItem('make-trial', () => { closeMenu(); ctl.newTrial([ideaId]); }),
    screen: menuItem('screen-focus', () => { closeMenu(); ctl.run(screenCommand()); }),
    hide: menuItem('moderate', () => { closeMenu(); const i = idea(); if (i) ctl.run({ type: 'idea.moderate', id: ideaId, hidden: !i.moderated }); }),
  };
  const menu = h('details', { class: 'card__menu' }, menuSummary, h('div', { class: 'menu' }, Object.values(menuItems)));
  const actions = h('div', { class: 'card__actions' }, thread.button, moveButton, editButton, deleteButton, decisions.toggle, menu);
  const mergedSummary = h('summary');
  const mergedList = h('ul', { class: 'card__merged-list' });
  const merged = h('details', { class: 'card__merged' }, mergedSummary, mergedList);
  const panel = h('div', { class: 'card__panel' });
  const el = h('li', {
    class: ['card', isNew && 'card--new'],
    dataset: { ideaId: String(ideaId) },
    on: { dragstart: onDragStart, dragend: onDragEnd, animationend: () => el.classList.remove('card--new') },
  }, h('div', { class: 'card__top' }, select, textEl), privateBadge, moderatedNote, h('div', { class: 'card__badges' }, fateBadge, trialLink, resultBadge),
  decisions.badge, authorEl, voteRow, reactions.el, actions, merged, panel, decisions.el, thread.el);

  /** @type {{select: HTMLSelectElement, go: HTMLButtonElement, up: HTMLButtonElement, down: HTMLButtonElement, cluster: HTMLSelectElement}|null} */
  let moveControls = null;

  /** @param {string} action @param {() => void} fn */
  function menuItem(action, fn) {
    return h('button', { type: 'button', class: 'menu__item', dataset: { action }, on: { click: fn } });
  }

  /** Whether this idea is in focus on the big screen. */
  function focusedHere() {
    const s = ctl.state.controls?.screen;
    return s?.kind === 'idea' && s.id === ideaId;
  }

  /** Puts this idea in focus on the big screen, or takes it out. */
  function screenCommand() {
    return focusedHere() ? { type: 'screen.focus', kind: 'none' } : { type: 'screen.focus', kind: 'idea', id: ideaId };
  }

  function closeMenu() {
    menu.open = false;
  }

  /** @returns {import('../session-state.js').Idea|undefined} */
  function idea() {
    return ctl.state.ideas.get(ideaId);
  }

  /** Brings the card up to date with the state (and the language). */
  function update() {
    const current = idea();
    if (!current) return;
    const own = { own: current.mine };
    const facilitator = ctl.isFacilitator();
    const open = current.fate === 'open' || current.fate === 'selected' || current.fate === 'parked';
    setText(textEl, current.text);
    el.classList.toggle('card--mine', current.mine);
    el.classList.toggle('card--moderated', current.moderated);
    el.classList.toggle('card--private', current.private);
    el.dataset.fate = current.fate;

    select.hidden = !facilitator || !ctl.canEdit();
    select.checked = ctl.selection.has(ideaId);
    select.setAttribute('aria-label', t('select.idea', { text: current.text.slice(0, 60) }));
    el.classList.toggle('card--selected', select.checked && !select.hidden);

    privateBadge.hidden = !current.private;
    setText(privateBadge, t('idea.privateBadge'));
    moderatedNote.hidden = !current.moderated;
    setText(moderatedNote, t('moderation.hiddenNote'));
    updateFate(current);
    updateResult();

    const author = current.author ? authorName(current.author, '') + ' · ' + roleName(current.author.role) : t('common.anonymous');
    setText(authorEl, author + (current.mine ? ' ' + t('idea.you') : ''));
    updateVote();
    reactions.update();
    thread.update();
    decisions.update();
    updateMerged();

    const mayMove = ctl.can('idea.move', own) && current.fate !== 'merged';
    moveButton.hidden = !mayMove;
    editButton.hidden = !ctl.can('idea.edit', own);
    deleteButton.hidden = !ctl.can('idea.delete', own);
    setText(moveButton, t('idea.move'));
    setText(editButton, t('idea.edit'));
    setText(deleteButton, t('idea.delete'));
    menu.hidden = !facilitator || !ctl.canEdit();
    menuSummary.setAttribute('aria-label', t('idea.more'));
    menuItems.select.hidden = !open || current.fate === 'selected';
    menuItems.park.hidden = !open || current.fate === 'parked';
    menuItems.reopen.hidden = current.fate !== 'selected' && current.fate !== 'parked';
    menuItems.trial.hidden = !open || !ctl.can('trial.create');
    setText(menuItems.select, '✔ ' + t('fate.action.selected'));
    setText(menuItems.park, t('fate.action.parked'));
    setText(menuItems.reopen, t('fate.action.open'));
    setText(menuItems.trial, t('trial.fromIdea'));
    setText(menuItems.hide, current.moderated ? t('moderation.show') : t('moderation.hide'));
    const onScreen = focusedHere();
    menuItems.screen.hidden = !ctl.can('screen.focus') || (!onScreen && !seenByAll(current));
    setText(menuItems.screen, onScreen ? t('screen.clearFocus') : t('screen.showOnScreen'));
    actions.hidden = mode !== 'view';
    textEl.hidden = mode === 'edit' || mode === 'conflict';
    el.draggable = mode === 'view' && mayMove;
    if (mode === 'move') updateMoveControls(false);
    if ((mode === 'edit' && !ctl.can('idea.edit', own)) || (mode === 'confirmDelete' && !ctl.can('idea.delete', own)) ||
      (mode === 'move' && !mayMove) || (mode === 'park' && !facilitator)) {
      setMode('view');
    }
  }

  /** @param {import('../session-state.js').Idea} current */
  function updateFate(current) {
    let text = '';
    if (current.fate === 'selected') text = '✔ ' + t('fate.selected');
    else if (current.fate === 'parked') text = t('fate.parked') + (current.fate_reason ? ': ' + current.fate_reason : '');
    else if (current.fate === 'trial_action') text = t('fate.trial_action');
    fateBadge.hidden = !text;
    fateBadge.dataset.fate = current.fate;
    setText(fateBadge, text);
    const trial = current.trial_action ? ctl.state.trials.get(current.trial_action) : undefined;
    trialLink.hidden = current.fate !== 'trial_action' || !trial;
    if (trial) setText(trialLink, trial.title);
  }

  function updateResult() {
    const results = ctl.state.votes.results;
    const row = results ? results.ideas.find((r) => r.id === ideaId) : undefined;
    resultBadge.hidden = !results;
    setText(resultBadge, '● ' + plural('vote.dots', row ? row.total : 0));
  }

  function updateVote() {
    const controls = ctl.state.controls;
    const may = ctl.can('vote.set');
    voteRow.hidden = !may || !controls;
    if (!may || !controls) return;
    const mine = ctl.state.votes.mine.get(ideaId) || 0;
    const cap = controls.settings.vote_cap;
    setText(dotsEl, mine ? '●'.repeat(Math.min(mine, 20)) + ' ' + mine : '○ 0');
    dotsEl.setAttribute('aria-label', t('vote.mine', { n: mine }));
    minus.disabled = mine <= 0;
    plus.disabled = mine >= cap || ctl.state.votes.dotsLeft <= 0;
    minus.setAttribute('aria-label', t('vote.less'));
    plus.setAttribute('aria-label', t('vote.more'));
    plus.title = mine >= cap ? t('vote.capReached', { cap }) : ctl.state.votes.dotsLeft <= 0 ? t('vote.noneLeft') : t('vote.more');
    voteRow.setAttribute('aria-label', t('vote.label'));
  }

  function updateMerged() {
    const absorbed = absorbedInto(ctl.state, ideaId);
    merged.hidden = absorbed.length === 0;
    setText(mergedSummary, t('merge.absorbed', { n: absorbed.length }));
    replace(mergedList, absorbed.map((a) => h('li', null,
      h('span', { class: 'card__merged-text', text: a.text }),
      h('span', { class: 'muted', text: ' – ' + (a.author ? a.author.name : t('common.anonymous')) }))));
  }

  /** @param {number} delta */
  async function vote(delta) {
    const mine = ctl.state.votes.mine.get(ideaId) || 0;
    const dots = Math.max(0, mine + delta);
    if (dots === mine) return;
    await ctl.run({ type: 'vote.set', idea: ideaId, dots });
  }

  /** @param {string} fate */
  async function setFate(fate) {
    closeMenu();
    await ctl.run({ type: 'idea.fate', id: ideaId, fate });
  }

  /** @param {CardMode} next */
  function setMode(next) {
    mode = next;
    moveControls = null;
    closeMenu();
    if (next === 'view') replace(panel);
    else if (next === 'edit') replace(panel, renderEditor());
    else if (next === 'confirmDelete') replace(panel, renderConfirmDelete());
    else if (next === 'move') replace(panel, renderMovePanel());
    else if (next === 'conflict') replace(panel, renderConflict());
    else if (next === 'park') replace(panel, renderPark());
    el.classList.toggle('card--open', next !== 'view');
    update();
    if (next !== 'view') {
      /** @type {HTMLElement|null} */
      const target = panel.querySelector('textarea, select, button');
      if (target) target.focus();
    }
  }

  function startEdit() {
    const current = idea();
    if (!current) return;
    draft = current.text;
    editBase = current.version;
    setMode('edit');
  }

  function renderEditor() {
    const area = h('textarea', {
      class: 'card__editor', value: draft, rows: 4, attrs: { 'aria-label': t('idea.editLabel') },
      on: {
        input: () => { draft = area.value; save.disabled = !canSave(); },
        keydown: (ev) => onEditorKey(/** @type {KeyboardEvent} */ (ev)),
      },
    });
    const count = counter(area, IDEA_TEXT_MAX);
    const save = h('button', { type: 'button', class: 'button button--primary button--small', text: t('common.save'), dataset: { action: 'save' },
      disabled: !canSave(), on: { click: saveEdit } });
    return h('div', { class: 'card__edit' }, area,
      h('div', { class: 'card__edit-foot' }, count.el,
        h('button', { type: 'button', class: 'button button--small', text: t('common.cancel'), on: { click: cancelPanel } }),
        save));
  }

  function canSave() {
    const n = textLength(draft);
    return n > 0 && n <= IDEA_TEXT_MAX && !busy;
  }

  /** @param {KeyboardEvent} ev */
  function onEditorKey(ev) {
    if (ev.key === 'Escape') {
      ev.preventDefault();
      cancelPanel();
    } else if (ev.key === 'Enter' && !ev.shiftKey && !ev.isComposing) {
      ev.preventDefault();
      if (canSave()) saveEdit();
    }
  }

  function cancelPanel() {
    conflict = null;
    setMode('view');
    const back = [moveButton, editButton, thread.button].find((b) => !b.hidden);
    if (back) back.focus();
  }

  async function saveEdit() {
    const current = idea();
    if (!current || !canSave()) return;
    if (draft.trim() === current.text && editBase === current.version) {
      cancelPanel();
      return;
    }
    await sendEdit(editBase);
  }

  /** @param {number} baseVersion */
  async function sendEdit(baseVersion) {
    busy = true;
    const result = await ctl.send({ type: 'idea.edit', id: ideaId, base_version: baseVersion, text: draft });
    busy = false;
    if (result.ok) {
      conflict = null;
      if (mode === 'edit' || mode === 'conflict') cancelPanel();
      return;
    }
    const error = result.error;
    if (error.code === 'stale_version' && error.current) {
      conflict = { theirs: String(error.current.text), version: Number(error.current.version) };
      setMode('conflict');
    } else {
      ctl.showError(error);
      if (error.code === 'idea_not_found') cancelPanel();
    }
  }

  function renderConflict() {
    const c = /** @type {{theirs: string, version: number}} */ (conflict);
    const headingId = uid('conflict');
    return h('div', { class: 'conflict', attrs: { role: 'group', 'aria-labelledby': headingId } },
      h('p', { id: headingId, class: 'conflict__heading', text: t('conflict.heading') }),
      h('div', { class: 'conflict__texts' },
        h('div', { class: 'conflict__text conflict__text--theirs' },
          h('p', { class: 'conflict__label', text: t('conflict.theirs') }),
          h('p', { class: 'conflict__body', text: c.theirs })),
        h('div', { class: 'conflict__text conflict__text--mine' },
          h('p', { class: 'conflict__label', text: t('conflict.yours') }),
          h('p', { class: 'conflict__body', text: draft }))),
      h('div', { class: 'conflict__actions' },
        h('button', { type: 'button', class: 'button button--small', text: t('conflict.keepTheirs'), dataset: { action: 'keep-theirs' }, on: { click: cancelPanel } }),
        h('button', { type: 'button', class: 'button button--primary button--small', text: t('conflict.useMine'), dataset: { action: 'use-mine' },
          on: { click: () => sendEdit(c.version) } })));
  }

  function renderConfirmDelete() {
    return h('div', { class: 'card__confirm', attrs: { role: 'group' } },
      h('p', { text: t('idea.confirmDelete') }),
      h('div', { class: 'card__edit-foot' },
        h('button', { type: 'button', class: 'button button--small', text: t('common.cancel'), on: { click: cancelPanel } }),
        h('button', { type: 'button', class: 'button button--danger button--small', text: t('idea.confirmYes'), dataset: { action: 'confirm-delete' }, on: { click: confirmDelete } })));
  }

  async function confirmDelete() {
    const current = idea();
    if (!current) return;
    const result = await ctl.send({ type: 'idea.delete', id: ideaId, base_version: current.version });
    if (!result.ok) {
      ctl.showError(result.error);
      if (mode === 'confirmDelete') cancelPanel();
    }
  }

  function renderPark() {
    const area = h('textarea', { class: 'card__editor', rows: 2, attrs: { 'aria-label': t('fate.reason') }, placeholder: t('fate.reasonPlaceholder') });
    const count = counter(area, REASON_MAX);
    return h('form', { class: 'card__edit', attrs: { novalidate: true }, on: { submit: async (ev) => {
      ev.preventDefault();
      const reason = area.value.trim();
      if (!reason || textLength(reason) > REASON_MAX) {
        ctl.toast(t('fate.reasonRequired'), 'error');
        area.focus();
        return;
      }
      if (await ctl.run({ type: 'idea.fate', id: ideaId, fate: 'parked', reason })) cancelPanel();
    } } }, h('label', { class: 'move__label', text: t('fate.reason') }), area,
    h('div', { class: 'card__edit-foot' }, count.el,
      h('button', { type: 'button', class: 'button button--small', text: t('common.cancel'), on: { click: cancelPanel } }),
      h('button', { type: 'submit', class: 'button button--primary button--small', text: t('fate.action.parked'), dataset: { action: 'confirm-park' } })));
  }

  function renderMovePanel() {
    // Choosing a column does not move yet: with a keyboard, arrow keys change the
    // choice one column at a time, and each change would be a move of its own.
    const select = h('select', { class: 'move__select', id: uid('move'), on: { change: () => updateMoveControls(false) } });
    const go = h('button', { type: 'button', class: 'button button--primary button--small', dataset: { action: 'move-to-column' },
      text: t('idea.moveHere'), on: { click: () => runMove(Number(select.value), undefined) } });
    const up = h('button', { type: 'button', class: 'button button--small', dataset: { action: 'move-up' }, text: '↑ ' + t('idea.moveUp'), on: { click: () => step(-1) } });
    const down = h('button', { type: 'button', class: 'button button--small', dataset: { action: 'move-down' }, text: '↓ ' + t('idea.moveDown'), on: { click: () => step(1) } });
    const cluster = h('select', { class: 'move__cluster', id: uid('cluster'), dataset: { action: 'assign-cluster' }, on: { change: assignCluster } });
    moveControls = { select, go, up, down, cluster };
    const box = h('div', { class: 'move', attrs: { role: 'group', 'aria-label': t('idea.moveLabel') } },
      h('label', { htmlFor: select.id, class: 'move__label', text: t('idea.moveColumn') }),
      h('div', { class: 'copy-row' }, select, go),
      h('div', { class: 'move__steps' }, up, down),
      ctl.can('cluster.assign') ? [h('label', { htmlFor: cluster.id, class: 'move__label', text: t('cluster.label') }), cluster] : null,
      h('div', { class: 'move__steps' },
        h('button', { type: 'button', class: 'button button--small', text: t('idea.moveDone'), dataset: { action: 'move-done' }, on: { click: cancelPanel } })));
    box.addEventListener('keydown', (ev) => {
      if (ev.key === 'Escape') {
        ev.preventDefault();
        cancelPanel();
      }
    });
    return box;
  }

  /**
   * Refreshes the move panel's lists and buttons in place (keeping the focus).
   * @param {boolean} [resetChoice] put the column choice back on the idea's column
   */
  function updateMoveControls(resetChoice = true) {
    const controls = moveControls;
    const current = idea();
    if (!controls || !current) return;
    const wanted = ctl.state.columns.map((c) => c.id + ':' + c.title).join('\n');
    const chosen = controls.select.value;
    if (controls.select.dataset.columns !== wanted) {
      replace(controls.select, ctl.state.columns.map((c) => h('option', { value: String(c.id), text: c.title })));
      controls.select.dataset.columns = wanted;
    }
    controls.select.value = resetChoice || !chosen ? String(current.column) : chosen;
    if (!controls.select.value) controls.select.value = String(current.column);
    // Not disabled while a move waits (runMove ignores clicks then): a button that is
    // disabled loses the keyboard focus.
    controls.go.disabled = controls.select.value === String(current.column);
    const order = columnLayout(ctl.state, current.column).order;
    const at = order.indexOf(ideaId);
    controls.up.disabled = at <= 0;
    controls.down.disabled = at < 0 || at >= order.length - 1;
    const clusters = [...ctl.state.clusters.values()].filter((c) => c.column === current.column);
    const wantedClusters = clusters.map((c) => c.id + ':' + c.name).join('\n') + '|' + t('cluster.none');
    if (controls.cluster.dataset.clusters !== wantedClusters) {
      replace(controls.cluster, h('option', { value: '0', text: t('cluster.none') }), clusters.map((c) => h('option', { value: String(c.id), text: c.name })));
      controls.cluster.dataset.clusters = wantedClusters;
    }
    controls.cluster.value = String(current.cluster || 0);
  }

  async function assignCluster() {
    const controls = moveControls;
    if (!controls) return;
    await ctl.run({ type: 'cluster.assign', idea: ideaId, cluster: Number(controls.cluster.value) });
    updateMoveControls(false);
  }

  /**
   * Moves the idea and keeps the panel's buttons off until the answer is in.
   * @param {number} columnId
   * @param {number|undefined} before
   */
  async function runMove(columnId, before) {
    if (moving) return;
    moving = true;
    try {
      await ctl.moveIdea(ideaId, columnId, before);
    } finally {
      moving = false;
      updateMoveControls();
      keepFocusInPanel();
    }
  }

  /** After a move the pressed button may be disabled (top or bottom reached): focus its neighbour. */
  function keepFocusInPanel() {
    const active = document.activeElement;
    if (mode !== 'move' || (active && active !== document.body && el.contains(active) && !(/** @type {HTMLButtonElement} */ (active).disabled))) return;
    const next = [...panel.querySelectorAll('button, select')].find((c) => !(/** @type {HTMLButtonElement} */ (c).disabled));
    if (next instanceof HTMLElement) next.focus();
  }

  /** @param {number} delta -1 for up, 1 for down */
  function step(delta) {
    const current = idea();
    if (!current) return;
    const order = columnLayout(ctl.state, current.column).order;
    const at = order.indexOf(ideaId);
    const index = at + delta;
    if (at < 0 || index < 0 || index > order.length - 1) return;
    runMove(current.column, beforeAt(order, ideaId, index));
  }

  /** @param {Event} ev */
  function onDragStart(ev) {
    const dt = /** @type {DragEvent} */ (ev).dataTransfer;
    if (mode !== 'view' || !el.draggable || !dt) {
      ev.preventDefault();
      return;
    }
    ctl.drag.ideaId = ideaId;
    dt.effectAllowed = 'move';
    dt.setData('text/plain', idea()?.text || '');
    el.classList.add('card--dragging');
  }

  function onDragEnd() {
    ctl.drag.ideaId = null;
    el.classList.remove('card--dragging');
    document.querySelectorAll('.drop-before, .idea-list--drop-end')
      .forEach((n) => n.classList.remove('drop-before', 'idea-list--drop-end'));
  }

  update();
  return {
    el,
    update,
    /** @returns {boolean} whether the person is in the middle of something on this card */
    isBusy() {
      return mode !== 'view';
    },
  };
}
