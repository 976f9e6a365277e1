// @ts-check
// The big screen (observers, or anyone with `?view=screen`): read-only, large type,
// made for a 1920×1080 projector, and never scrolled: it fills the viewport exactly.
// The join code, its link and a QR code stay in view: large in the welcome phase, a
// small panel in the top right corner after it. The guiding question, the phase with
// its instruction and the timer on top; below, what fits the phase: the wall of ideas
// (columns side by side, with clusters), the vote's progress and then its results, the
// trial actions (the one under review big), or the outcome. The wall shrinks its notes
// to fit, down to a size still legible from the back of the room; beyond that it shows
// them a page at a time and turns the pages by itself. What the facilitators put in
// focus (controls.screen: one idea, one cluster, the results) takes the main area, large.
// A button puts the page in full screen where the browser allows it.

import { h, replace, setText } from '../dom.js';
import { plural, t } from '../i18n.js';
import { displayCode } from '../codes.js';
import { joinPath } from '../routes.js';
import { columnLayout, ideaCounts, ideasInstruction, screenFocus, seenByAll } from '../selectors.js';
import { createTimerDisplay } from './timer-view.js';
import { createResultsView } from './results-view.js';
import { createTrialsPanel } from './trials-view.js';
import { createOutcomeView } from './outcome-view.js';
import { presenceSummary } from './people-view.js';
import { qrElement } from './qr-view.js';

/**
 * What this view uses of the board screen's context (tsc holds it to these).
 * @typedef {Pick<import('./board.js').BoardContext, 'can'|'clockOffset'|'isFacilitator'|'newTrial'|'people'|'run'|'send'|'showError'|'receipt'|'state'|'toast'|'token'|'you'>} ScreenViewContext
 */

/**
 * @param {ScreenViewContext} ctl a read-only context (can() is always false)
 * @param {string} code
 */
export function createScreenView(ctl, code) {
  const joinUrl = new URL(joinPath(code), location.origin).href;
  const title = h('h1', { class: 'screen__title' });
  const question = h('p', { class: 'screen__question' });
  const phase = h('p', { class: 'screen__phase', attrs: { 'data-testid': 'screen-phase' } });
  const instruction = h('p', { class: 'screen__instruction' });
  const timer = createTimerDisplay(ctl, 'timer--big');
  const joinLabel = h('p', { class: 'screen__join-label' });
  const joinCode = h('p', { class: 'screen__code', attrs: { 'data-testid': 'screen-code' }, text: displayCode(code) });
  // The link without its scheme: shorter to read and type from across the room.
  const joinHost = h('p', { class: 'screen__url', text: joinUrl.replace(/^https?:\/\//, '') });
  const people = h('p', { class: 'screen__people' });
  const join = h('aside', { class: 'screen__join' }, joinLabel, joinCode, h('div', { class: 'screen__qr' }, qrElement(joinUrl, t('qr.label'))), joinHost, people);
  const counter = h('p', { class: 'screen__counter', attrs: { 'data-testid': 'screen-counter' } });
  const wall = h('div', { class: 'screen__wall' });
  const results = createResultsView(ctl, { big: true });
  const trials = createTrialsPanel(ctl);
  const outcome = createOutcomeView(ctl);
  const pager = h('span', { class: 'screen__pager', attrs: { 'data-testid': 'screen-pager' }, hidden: true });
  const focus = h('section', { class: 'screen__focus', attrs: { 'data-testid': 'screen-focused' } });
  const main = h('div', { class: 'screen__main', attrs: { tabindex: '0', role: 'region', 'aria-label': t('screen.open') } }, h('p', { class: 'screen__count-line' }, counter, pager), wall, focus, results.el, trials.el, outcome.el);
  const fullscreen = h('button', { type: 'button', class: 'button button--small screen__fullscreen', dataset: { action: 'fullscreen' },
    hidden: !document.fullscreenEnabled, on: { click: toggleFullscreen } });
  const el = h('div', { class: 'screen', attrs: { 'data-testid': 'screen' } },
    h('header', { class: 'screen__head' }, h('div', { class: 'screen__titles' }, title, question), join),
    h('div', { class: 'screen__bar' }, h('div', null, phase, instruction), timer.el), main);
  let wallKey = '';
  let focusKey = '';
  const wallPages = createWallPages(wall, pager);
  const resizes = new ResizeObserver(() => wallPages.resized());
  resizes.observe(wall);
  document.addEventListener('fullscreenchange', labelFullscreen);

  /** What the main area shows now. */
  function show() {
    const c = ctl.state.controls;
    const closed = ctl.state.session?.status === 'closed';
    if (!c) return 'none';
    const f = screenFocus(ctl.state);
    if (f.kind === 'idea' || f.kind === 'cluster') return 'focus';
    if (f.kind === 'results') return 'results';
    if (closed || c.phase === 'wrap_up') return 'outcome';
    if (c.phase === 'vote') return c.votes_revealed ? 'results' : 'progress';
    if (c.phase === 'trial_actions' || c.phase === 'review') return 'trials';
    if (c.phase === 'welcome') return 'welcome';
    return 'wall';
  }

  function update() {
    const session = ctl.state.session;
    const c = ctl.state.controls;
    setText(title, session ? session.title : '');
    setText(question, session ? session.question : '');
    setText(phase, c ? t('phase.' + c.phase) : '');
    setText(instruction, c ? screenInstruction(c) : '');
    // With the door closed the code lets nobody new in: say so instead of inviting.
    const doorClosed = c ? !c.settings.join_by_code : false;
    setText(joinLabel, doorClosed ? t('door.closedBadge') : t('screen.join', { host: location.host }));
    join.classList.toggle('screen__join--closed', doorClosed);
    setText(people, presenceSummary(ctl.state));
    timer.update();
    const what = show();
    el.dataset.show = what;
    join.classList.toggle('screen__join--big', what === 'welcome');
    labelFullscreen();
    const counts = ideaCounts(ctl.state);
    counter.hidden = !(what === 'wall' || what === 'progress');
    if (what === 'progress') setText(counter, t('vote.progress', { dots: ctl.state.votes.dotsCast, voters: ctl.state.votes.voters }));
    else setText(counter, plural('screen.ideas', counts.total));
    wall.hidden = what !== 'wall' || counts.visible === 0;
    if (!wall.hidden) updateWall();
    else wallPages.layout();
    focus.hidden = what !== 'focus';
    if (what === 'focus') updateFocus();
    else focusKey = '';
    results.el.hidden = what !== 'results';
    if (what === 'results') results.update();
    trials.el.hidden = what !== 'trials';
    if (what === 'trials') trials.update();
    outcome.el.hidden = what !== 'outcome';
    if (what === 'outcome') outcome.update();
  }

  /** @param {import('../session-state.js').Controls} c */
  function screenInstruction(c) {
    if (ctl.state.session?.status === 'closed') return t('instruction.closed');
    if (c.phase === 'ideas') return t(ideasInstruction(ctl.state));
    if (c.phase === 'vote') return c.votes_revealed ? t('instruction.voteRevealed') : t('instruction.vote', { budget: c.settings.vote_budget, cap: c.settings.vote_cap });
    return t('instruction.' + c.phase);
  }

  /** The wall of ideas: columns with their clusters; rebuilt when anything changed. */
  function updateWall() {
    const key = String(ctl.state.seq) + t('cluster.none');
    if (key === wallKey) return;
    wallKey = key;
    replace(wall, ctl.state.columns.map((col) => {
      const layout = columnLayout(ctl.state, col.id);
      const note = (/** @type {number} */ id) => {
        const idea = ctl.state.ideas.get(id);
        return idea ? h('li', { class: 'screen__note', dataset: { fate: idea.fate } }, idea.text) : null;
      };
      return h('section', { class: 'screen__column' }, h('h2', { text: col.title }),
        h('ul', { class: 'screen__notes' }, layout.blocks.map((b) => (b.kind === 'idea' ? note(b.id)
          : h('li', { class: 'screen__cluster' }, h('h3', { text: ctl.state.clusters.get(b.id)?.name || '' }), h('ul', { class: 'screen__notes' }, b.ideas.map(note)))))));
    }));
    wallPages.layout();
  }

  /** The idea or cluster in focus, large: rebuilt when anything changed. */
  function updateFocus() {
    const key = String(ctl.state.seq) + t('cluster.none');
    if (key === focusKey) return;
    focusKey = key;
    const f = screenFocus(ctl.state);
    if (f.kind === 'idea') {
      const where = ctl.state.clusters.get(f.idea.cluster)?.name || ctl.state.columns.find((col) => col.id === f.idea.column)?.title || '';
      replace(focus, h('p', { class: 'screen__focus-where', text: where }),
        h('p', { class: 'screen__focus-note', dataset: { fate: f.idea.fate, long: String(f.idea.text.length > 160) } }, f.idea.text));
    } else if (f.kind === 'cluster') {
      const block = columnLayout(ctl.state, f.cluster.column).blocks.find((b) => b.kind === 'cluster' && b.id === f.cluster.id);
      const ideas = (block && block.kind === 'cluster' ? block.ideas : []).map((id) => ctl.state.ideas.get(id)).filter((i) => i && seenByAll(i));
      replace(focus, h('h2', { class: 'screen__focus-title', text: f.cluster.name }),
        h('ul', { class: 'screen__focus-notes' }, ideas.map((i) => h('li', { class: 'screen__note', dataset: { fate: i?.fate || '' } }, i?.text || ''))));
    }
  }

  function toggleFullscreen() {
    if (document.fullscreenElement) document.exitFullscreen().catch(() => {});
    else document.documentElement.requestFullscreen().catch(() => {});
  }

  function labelFullscreen() {
    setText(fullscreen, document.fullscreenElement ? t('screen.exitFullscreen') : t('screen.fullscreen'));
  }

  function destroy() {
    timer.destroy();
    wallPages.stop();
    resizes.disconnect();
    document.removeEventListener('fullscreenchange', labelFullscreen);
  }

  update();
  return { el, fullscreen, update, destroy };
}

/** The smallest size of the notes, as a share of their full size, before the wall pages. */
const MIN_SCALE = 0.65;
/** How long the wall shows each page. */
const PAGE_MS = 12000;

/**
 * Fits the wall's notes into its box: first smaller (down to MIN_SCALE), then a page
 * at a time, turning every PAGE_MS. Each column is paged on its own, by whole rows of
 * notes; a cluster split over pages shows its name on each. The wall says its page
 * and number of pages in data-page and data-pages (from 1).
 * @param {HTMLElement} wall
 * @param {HTMLElement} pager says "page 2 of 3"
 */
function createWallPages(wall, pager) {
  /** @type {ReturnType<typeof setInterval>|null} */
  let turner = null;
  let pages = 1;
  let page = 0;
  let width = -1;
  let height = -1;

  const columns = () => /** @type {HTMLElement[]} */ ([...wall.querySelectorAll('.screen__column')]);
  const overflows = () => columns().some((c) => c.scrollHeight > c.clientHeight + 1);

  function stop() {
    if (turner) clearInterval(turner);
    turner = null;
  }

  /** Lays the wall out again (after a change, or when its box changed size). */
  function layout() {
    stop();
    for (const off of wall.querySelectorAll('.screen__off')) off.classList.remove('screen__off');
    pages = 1;
    page = 0;
    const box = wall.getBoundingClientRect();
    width = box.width;
    height = box.height;
    if (wall.hidden || !wall.isConnected || box.height === 0) return show();
    wall.style.setProperty('--wall-scale', '1');
    if (overflows()) {
      let low = MIN_SCALE;
      let high = 1;
      wall.style.setProperty('--wall-scale', String(low));
      if (!overflows()) {
        for (let i = 0; i < 6; i++) {
          const mid = (low + high) / 2;
          wall.style.setProperty('--wall-scale', String(mid));
          if (overflows()) high = mid;
          else low = mid;
        }
        wall.style.setProperty('--wall-scale', String(low));
      } else {
        pages = Math.max(1, ...columns().map(paginate));
      }
    }
    show();
    if (pages > 1) turner = setInterval(() => { page = (page + 1) % pages; show(); }, PAGE_MS);
  }

  /**
   * Gives each note of a column (each empty cluster too) its page in data-wall-page.
   * @param {HTMLElement} column
   * @returns {number} how many pages the column needs
   */
  function paginate(column) {
    const list = /** @type {HTMLElement|null} */ (column.querySelector(':scope > .screen__notes'));
    if (!list) return 1;
    const bottom = column.getBoundingClientRect().bottom - parseFloat(getComputedStyle(column).paddingBottom);
    // A cluster's frame below its last note on a page, and some air.
    const room = bottom - list.getBoundingClientRect().top - parseFloat(getComputedStyle(list).fontSize);
    let at = 0;
    /** @type {number|null} */
    let start = null;
    for (const item of /** @type {HTMLElement[]} */ ([...list.children])) {
      const inner = item.classList.contains('screen__cluster') ? /** @type {HTMLElement[]} */ ([...item.querySelectorAll('.screen__note')]) : [];
      const units = inner.length ? inner : [item];
      for (const unit of units) {
        const r = unit.getBoundingClientRect();
        // A note of a cluster that opens a page brings the cluster's name along.
        const head = inner.length ? r.top - item.getBoundingClientRect().top : 0;
        if (start === null) start = r.top - head;
        else if (r.bottom - start > room) {
          at++;
          start = r.top - head;
        }
        unit.dataset.wallPage = String(at);
      }
    }
    return at + 1;
  }

  function show() {
    wall.dataset.pages = String(pages);
    wall.dataset.page = String(page + 1);
    pager.hidden = pages < 2;
    setText(pager, t('screen.page', { page: page + 1, pages }));
    if (pages < 2) return;
    for (const n of /** @type {NodeListOf<HTMLElement>} */ (wall.querySelectorAll('[data-wall-page]'))) {
      n.classList.toggle('screen__off', n.dataset.wallPage !== String(page));
    }
    for (const cluster of wall.querySelectorAll('.screen__cluster')) {
      const notes = [...cluster.querySelectorAll('.screen__note')];
      if (notes.length) cluster.classList.toggle('screen__off', notes.every((n) => n.classList.contains('screen__off')));
    }
  }

  return {
    layout,
    stop,
    /** Lays out again only if the wall's box changed size (a ResizeObserver's call). */
    resized() {
      const box = wall.getBoundingClientRect();
      if (box.width !== width || box.height !== height) layout();
    },
  };
}
