// End-to-end: a citizen's phone (360×740, touch) in a real workshop, beside the
// facilitator's laptop. What a phone must show without scrolling, and keep in view:
// - the start page: the box for the code comes first, and shows "ABC-DEF" whole;
// - the board in the ideas phase: the question (which folds away, and stays folded for
//   the session), the phase's instruction, the timer and the box to write in, all in
//   the first screen; the tabs fit the width; nothing is wider than the screen;
// - while voting: the dots left and the timer stay at the top while the board scrolls.
// Screenshots of each screen go to tests/browser/test-results/ (git ignores it).
//
// Every wait is a condition with a timeout; there is no fixed sleep.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startWorkshop, DESKTOP } from '../support/browser.mjs';
import { CONNECT_MS, column, waitConnected, addIdea } from '../support/ui.mjs';
import { screenshot } from '../support/axe.mjs';

const SCREEN = { width: 360, height: 740 };
const PHONE_360 = Object.freeze({ viewport: SCREEN, hasTouch: true, isMobile: true, locale: 'da-DK' });
const QUESTION = 'Hvad er umuligt i vores enhed i dag, men ville forbedre servicen grundlæggende, hvis det var muligt?';

/**
 * Where an element is on the screen now, and whether it is wholly inside it.
 * @param {import('playwright-core').Locator} locator
 */
async function onScreen(locator) {
  const box = await locator.boundingBox();
  assert.ok(box, 'the element is shown');
  return { box, inside: box.y >= 0 && box.x >= 0 && box.y + box.height <= SCREEN.height && box.x + box.width <= SCREEN.width };
}

describe('a citizen on a 360×740 phone', { timeout: 120000 }, () => {
  /** @type {Awaited<ReturnType<typeof startWorkshop<'facilitator'|'citizen'>>>|null} */
  let rig = null;
  /** @type {import('playwright-core').Page} */
  let f;
  /** @type {import('playwright-core').Page} */
  let c;
  let shownCode = '';

  before(async () => {
    rig = await startWorkshop({ facilitator: { ...DESKTOP, locale: 'da-DK' }, citizen: PHONE_360 }, CONNECT_MS);
    f = rig.pages.facilitator;
    c = rig.pages.citizen;
    await f.goto(rig.base + '/');
    await f.fill('#create-title', 'Velfærd med færre hænder');
    await f.fill('#create-question', QUESTION);
    await f.fill('#create-name', 'Mette');
    await f.click('[data-action=create]');
    shownCode = (await f.locator('[data-testid=display-code]').textContent()) || '';
    await f.click('[data-action=open-board]');
    await waitConnected(f);
  });

  after(async () => {
    await rig?.close();
  });

  test('the start page shows the box for the code first, and the code whole', async () => {
    await c.goto(rig?.base + '/');
    const box = c.locator('#start-join-code');
    await box.waitFor();
    assert.ok((await onScreen(box)).inside, 'the code box is in the first screen');
    assert.ok((await onScreen(c.locator('.join-box [type=submit]'))).inside, 'and its button');
    await box.fill(shownCode);
    assert.match(shownCode, /^[A-Z0-9]{3}-[A-Z0-9]{3}$/);
    const fits = await box.evaluate((e) => e.scrollWidth <= e.clientWidth);
    assert.ok(fits, 'the code ' + shownCode + ' is shown whole');
    await screenshot(c, 'phone-start');
    await c.locator('.join-box [type=submit]').click();
    await c.fill('#join-name', 'Anna');
    await c.click('[data-action=join]');
    await waitConnected(c);
  });

  test('in the ideas phase, the first screen holds the question, the instruction, the timer and the box to write in', async () => {
    await f.locator('[data-action=phase-next]').click();
    await f.locator('[data-action=timer-10]').click();
    await c.locator('.phase--current[data-phase=ideas]').waitFor();
    await c.locator('[data-testid=timer]').filter({ hasText: /^\d+:\d\d$/ }).waitFor();
    assert.equal(await c.evaluate(() => window.scrollY), 0);
    for (const [what, locator] of /** @type {Array<[string, import('playwright-core').Locator]>} */ ([
      ['the question', c.locator('[data-testid=session-question]')],
      ['the instruction', c.locator('[data-testid=instruction]')],
      ['the timer', c.locator('[data-testid=timer]')],
      ['the box to write in', column(c, 'Idéer').locator('.composer textarea')],
      ['its button', column(c, 'Idéer').locator('.composer [type=submit]')],
    ])) assert.ok((await onScreen(locator)).inside, what + ' is in the first screen');
    const widths = await c.evaluate(() => {
      const tabs = /** @type {HTMLElement} */ (document.querySelector('.tabs'));
      return { page: document.documentElement.scrollWidth, tabs: tabs.scrollWidth, tabsShown: tabs.clientWidth };
    });
    assert.ok(widths.page <= SCREEN.width, 'nothing is wider than the screen: ' + widths.page + ' px');
    assert.ok(widths.tabs <= widths.tabsShown, 'the tabs fit: ' + widths.tabs + ' px in ' + widths.tabsShown);
    const tops = await c.locator('.tab:visible').evaluateAll((tabs) => new Set(tabs.map((t) => t.getBoundingClientRect().top)).size);
    assert.equal(tops, 1, 'the tabs are one row');
    await screenshot(c, 'phone-ideas');

    // The question folds away, says so to a screen reader, and stays folded on a reload.
    const fold = c.locator('[data-action=fold-question]');
    assert.equal(await fold.getAttribute('aria-expanded'), 'true');
    await fold.click();
    await c.locator('[data-testid=session-question]').waitFor({ state: 'hidden' });
    assert.equal(await fold.getAttribute('aria-expanded'), 'false');
    assert.equal(await fold.textContent(), 'Vis spørgsmålet');
    await c.reload();
    await waitConnected(c);
    assert.equal(await c.locator('[data-testid=session-question]').isVisible(), false, 'still folded after a reload');
    await screenshot(c, 'phone-ideas-folded');
    await fold.click();
    await c.locator('[data-testid=session-question]').waitFor();
    assert.equal(await c.locator('[data-testid=session-question]').textContent(), QUESTION);
  });

  test('while voting, the dots left and the timer stay at the top as the board scrolls', async () => {
    for (let i = 1; i <= 6; i++) await addIdea(c, 'Idéer', 'Idé nummer ' + i + ' om noget, der ville gøre en forskel for mange');
    await f.locator('[data-action=phase-next]').click();
    await f.locator('[data-action=phase-next]').click();
    await c.locator('.phase--current[data-phase=vote]').waitFor();
    const dots = c.locator('[data-testid=dots-left]');
    await dots.filter({ hasText: 'Du har 3 prikker tilbage' }).waitFor();
    await c.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    await c.waitForFunction(() => window.scrollY > 600);
    assert.ok((await onScreen(dots)).inside, 'the dots left are in view at the bottom of the board');
    assert.ok((await onScreen(c.locator('[data-testid=timer]'))).inside, 'and the timer');
    // Voting down there is seen up here at once.
    const last = c.locator('.card').last();
    await last.locator('[data-action=vote-plus]').click();
    await dots.filter({ hasText: 'Du har 2 prikker tilbage' }).waitFor();
    await screenshot(c, 'phone-vote-scrolled');
  });

  test('no page had an uncaught error', () => {
    assert.deepEqual(rig?.errors(), []);
  });
});
