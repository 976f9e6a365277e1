// End-to-end: the big screen on a real wall (1920×1080) and the facilitator's laptop
// (1366×768), with the real server and one browser: the facilitator's context holds the
// console and, in a second tab, the big screen (`?view=screen`, as the console's
// "open the big screen" link does).
//
// The page right after creating the session shows the code, the join link and its QR
// code. At 1366×768 the facilitator's board starts within the first screen. On the big
// screen, the join panel is large in the welcome phase and shrinks to a corner after
// it; a board of 40 ideas shows every note without the page scrolling: each note is
// fully inside the viewport, at once or when its page comes (the wall pages by itself
// when the notes do not fit). The full-screen control can be reached with the keyboard
// and the link back to the normal view stands out from its background (4.5:1). The
// facilitator puts one idea in focus from its card: the big screen shows it large, the
// console says so, and "clear" in the console brings the wall back.
// Screenshots go to tests/browser/test-results/.
//
// Every wait is a condition with a timeout; there is no fixed sleep.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, makeDataDir, removeDataDir } from '../support/server.mjs';
import { launchChromium, watchErrors } from '../support/browser.mjs';
import { CONNECT_MS, card, column, exactly, waitConnected, addIdea, openTab } from '../support/ui.mjs';

const SHOTS = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'test-results');
const IDEAS = 40;

describe('the big screen on a 1920×1080 wall and the facilitator at 1366×768', { timeout: 150000 }, () => {
  let dataDir = '';
  /** @type {Awaited<ReturnType<typeof startServer>>|null} */
  let server = null;
  /** @type {import('playwright-core').Browser} */
  let browser;
  let base = '';
  let code = '';
  /** @type {import('playwright-core').Page} */
  let facilitator;
  /** @type {import('playwright-core').Page} */
  let screen;
  /** @type {string[][]} */
  const errors = [];

  /** @param {import('playwright-core').Page} page @param {string} name */
  async function shot(page, name) {
    await page.screenshot({ path: path.join(SHOTS, 'screen-' + name + '.png') });
  }

  before(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    dataDir = makeDataDir();
    server = await startServer({ dataDir });
    base = server.url;
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'da-DK' });
    facilitator = await context.newPage();
    facilitator.setDefaultTimeout(CONNECT_MS);
    errors.push(watchErrors(facilitator, 'facilitator'));
  });

  after(async () => {
    await browser?.close();
    server?.kill();
    if (dataDir) removeDataDir(dataDir);
  });

  test('the page after creating the session shows the code, the join link and its QR code', async () => {
    const f = facilitator;
    await f.goto(base + '/');
    await f.fill('#create-title', 'Velfærd med færre hænder');
    await f.fill('#create-question', 'Hvad er umuligt i vores enhed i dag, men ville forbedre servicen grundlæggende, hvis det var muligt?');
    await f.fill('#create-name', 'Mette');
    await f.uncheck('#create-private');
    await f.click('[data-action=create]');
    code = (await f.locator('[data-testid=display-code]').textContent()).replace('-', '');
    const qr = f.locator('.created [data-testid=qr] svg');
    await qr.waitFor();
    assert.equal(await qr.getAttribute('aria-label'), 'QR-kode til linket til deltagerne');
    await shot(f, 'created');
  });

  test('at 1366×768 the facilitator\'s board starts within the first screen', async () => {
    const f = facilitator;
    await f.click('[data-action=open-board]');
    await waitConnected(f);
    const top = await f.locator('.column').first().evaluate((c) => c.getBoundingClientRect().top);
    await shot(f, 'facilitator-1366');
    assert.ok(top < 300, 'the first column starts at ' + top + ' px');
  });

  test('the big screen: a large join panel in the welcome phase, a small one after it', async () => {
    screen = await facilitator.context().newPage();
    screen.setDefaultTimeout(CONNECT_MS);
    errors.push(watchErrors(screen, 'screen'));
    await screen.setViewportSize({ width: 1920, height: 1080 });
    await screen.goto(base + '/board/' + code + '?view=screen');
    await screen.locator('[data-testid=screen-phase]', { hasText: 'Velkommen' }).waitFor();
    const join = screen.locator('.screen__join');
    const big = await join.boundingBox();
    assert.ok(big && big.height > 400, 'the join panel is large in the welcome phase: ' + JSON.stringify(big));
    await shot(screen, 'welcome');

    await facilitator.click('[data-action=phase-next]');
    await screen.locator('[data-testid=screen-phase]', { hasText: 'Idéer' }).waitFor();
    const small = await join.boundingBox();
    assert.ok(small && small.height < 200 && small.width < 600, 'the join panel is small after it: ' + JSON.stringify(small));
    assert.ok(small.x + small.width > 1800 && small.y < 50, 'in the top right corner: ' + JSON.stringify(small));
    const codeSize = await screen.locator('[data-testid=screen-code]').evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
    assert.ok(codeSize >= 40, 'the code stays readable from the back of the room: ' + codeSize + ' px');
  });

  test('a board of 40 ideas: every note is seen on the wall without scrolling', async () => {
    const f = facilitator;
    const titles = await f.locator('.column__title').allTextContents();
    assert.ok(titles.length >= 2, 'the session has several columns');
    for (let i = 1; i <= IDEAS; i++) {
      const text = 'Idé nummer ' + i + (i % 3 === 0 ? ': en længere tekst, så sedlen går over mere end én linje på væggen' : '');
      await addIdea(f, titles[i % titles.length], text);
      await column(f, titles[i % titles.length]).locator('.card__text', { hasText: 'Idé nummer ' + i + (i % 3 === 0 ? ':' : '') }).first().waitFor();
    }
    await f.click('[data-action=phase-next]');
    await screen.locator('[data-testid=screen-phase]', { hasText: 'Klynger' }).waitFor();
    await screen.waitForFunction((n) => document.querySelectorAll('.screen__note').length === n, IDEAS);
    const wall = screen.locator('.screen__wall');
    await wall.and(screen.locator('[data-pages]')).waitFor();
    const pages = Number(await wall.getAttribute('data-pages'));
    assert.ok(pages >= 1);
    /** @type {Set<string>} */
    const seen = new Set();
    for (let p = 1; p <= pages; p++) {
      await screen.locator('.screen__wall[data-page="' + p + '"]').waitFor({ timeout: 30000 });
      const shown = await screen.evaluate(() => {
        const root = document.scrollingElement || document.documentElement;
        return {
          scrolls: root.scrollHeight > innerHeight || root.scrollWidth > innerWidth,
          notes: [...document.querySelectorAll('.screen__note')].filter((n) => n.getClientRects().length > 0).map((n) => {
            const r = n.getBoundingClientRect();
            return { text: n.textContent, inside: r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight && r.right <= innerWidth };
          }),
        };
      });
      assert.equal(shown.scrolls, false, 'the page does not scroll');
      for (const note of shown.notes) {
        assert.ok(note.inside, 'fully inside the viewport: ' + note.text);
        seen.add(note.text);
      }
      await shot(screen, 'wall-page-' + p);
    }
    assert.equal(seen.size, IDEAS, 'every note was seen');
  });

  test('the facilitator puts an idea in focus on the big screen, then clears it', async () => {
    const f = facilitator;
    const text = 'Idé nummer 7';
    const note = card(f, text);
    await note.locator('.card__more').click();
    await note.locator('[data-action=screen-focus]').click();
    const big = screen.locator('.screen__focus-note', { hasText: text });
    await big.waitFor();
    const size = await big.evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
    assert.ok(size >= 60, 'the idea is large on the screen: ' + size + ' px');
    assert.equal(await screen.locator('.screen__wall').isVisible(), false, 'the wall gives way to it');
    await shot(screen, 'focus-idea');
    await openTab(f, 'console');
    assert.equal(await f.locator('[data-testid=screen-focus]').textContent(), 'Storskærmen viser idéen: ' + text);
    await f.click('[data-action=screen-clear]');
    await screen.locator('.screen__focus-note').waitFor({ state: 'hidden' });
    await screen.locator('.screen__wall').waitFor();
    await f.locator('[data-testid=screen-focus]', { hasText: exactly('Storskærmen viser det, fasen handler om.') }).waitFor();
  });

  test('the full-screen control is reached with the keyboard; the link to the normal view is legible', async () => {
    const button = screen.locator('[data-action=fullscreen]');
    const supported = await screen.evaluate(() => document.fullscreenEnabled);
    assert.equal(await button.isVisible(), supported);
    if (supported) {
      await screen.locator('body').focus();
      let reached = false;
      for (let i = 0; i < 10 && !reached; i++) {
        await screen.keyboard.press('Tab');
        reached = await button.evaluate((b) => b === document.activeElement);
      }
      assert.ok(reached, 'Tab reaches the full-screen button');
    }
    const ratio = await screen.locator('[data-action=normal-view]').evaluate((a) => {
      /** @param {string} c */
      const rgb = (c) => (c.match(/[\d.]+/g) || []).slice(0, 3).map(Number);
      /** @param {number[]} v */
      const lum = (v) => {
        const [r, g, b] = v.map((x) => { const s = x / 255; return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4; });
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
      };
      const style = getComputedStyle(a);
      const fg = lum(rgb(style.color));
      const bg = lum(rgb(style.backgroundColor));
      return Number(style.opacity) === 1 ? (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05) : 0;
    });
    assert.ok(ratio >= 4.5, 'contrast ' + ratio.toFixed(2) + ':1');
  });

  test('no page logged an error', () => {
    assert.deepEqual(errors.flat(), []);
  });
});
