// End-to-end: the real server binary and two real Chromium browsers.
//
// A facilitator creates a workshop on the start page (without private writing, so
// ideas show at once) and moves it to the ideas phase; a participant (a separate
// browser context, phone-sized) opens the join link and joins with a name. Ideas added,
// edited, moved (by drag and drop, and with the keyboard/touch move panel) and deleted
// on one page show up on the other within a second. A hostile idea text stays text.
// Then the server is stopped (SIGTERM, exit code 0) and started again on the same port
// with the same database: both pages reconnect by themselves, without a reload, show
// exactly the same board, and changes flow again; the timer the facilitator started
// before the restart shows the right time on both pages after it, although the
// participant's device clock is five minutes fast. The facilitator's private link is
// opened in a third browser context, and at the end the facilitator removes the
// participant, who is told so and forgets her token. The invitation link the
// facilitator made is shown again after the restart; once the server's key file is
// gone, the console says the link cannot be shown again and a new one is made.
//
// Every wait is a condition with a timeout; there is no fixed sleep.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { startServer, makeDataDir, removeDataDir } from '../support/server.mjs';
import { launchChromium, watchErrors } from '../support/browser.mjs';
import {
  PROPAGATION_MS, CONNECT_MS, exactly, column, card, connection, waitConnected, watch, arrives, addIdea, shownBoard, showsBoard, clickAt,
  openTab,
} from '../support/ui.mjs';

const RECONNECT_MS = 20000;
/** The participant's phone runs this much ahead of the server's clock. */
const CLOCK_SKEW_MS = 5 * 60 * 1000;
const TIMER_MS = 10 * 60 * 1000;
const HOSTILE = '<img src=x onerror=window.__pwned=1>';
const COLUMNS = ['Idéer', 'Til drøftelse', 'Klar til afprøvning'];
const TITLE = 'Ældrepleje i Dragør';
const QUESTION = 'Hvad er umuligt i vores enhed i dag, men ville forbedre servicen grundlæggende, hvis det var muligt?';

/** @param {number} at @returns {number} the time left of PROPAGATION_MS since `at`, at least 1 ms */
function left(at) {
  return Math.max(1, PROPAGATION_MS - (Date.now() - at));
}

describe('a workshop in two browsers, across a server restart', { timeout: 120000 }, () => {
  let dataDir = '';
  /** @type {Awaited<ReturnType<typeof startServer>>|null} */
  let server = null;
  /** @type {import('playwright-core').Browser} */
  let browser;
  /** @type {import('playwright-core').Page} */
  let facilitator;
  /** @type {import('playwright-core').Page} */
  let participant;
  /** @type {string[][]} the errors each page recorded (see watchErrors) */
  let pageErrors = [];
  let base = '';
  let port = 0;
  let code = '';
  let joinLink = '';
  let privateLink = '';
  let staffLink = '';

  before(async () => {
    dataDir = makeDataDir();
    server = await startServer({ dataDir });
    port = server.port;
    base = server.url;
    browser = await launchChromium();
    const desk = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'da-DK' });
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'nb-NO', hasTouch: true, isMobile: true });
    await phone.addInitScript((skew) => {
      const real = Date.now;
      Date.now = () => real() + skew;
    }, CLOCK_SKEW_MS);
    facilitator = await desk.newPage();
    participant = await phone.newPage();
    for (const page of [facilitator, participant]) page.setDefaultTimeout(CONNECT_MS);
    watch([['facilitator', facilitator], ['participant', participant]]);
    pageErrors = [watchErrors(facilitator, 'facilitator'), watchErrors(participant, 'participant')];
  });

  after(async () => {
    await browser?.close();
    if (server) {
      server.kill();
      server = null;
    }
    if (dataDir) removeDataDir(dataDir);
  });

  test('the facilitator creates a workshop on the start page', async () => {
    await facilitator.goto(base + '/');
    await facilitator.fill('#create-title', TITLE);
    await facilitator.fill('#create-question', QUESTION);
    await facilitator.fill('#create-name', 'Mette');
    for (let i = 0; i < COLUMNS.length; i++) {
      assert.equal(await facilitator.inputValue('#create-column-' + i), COLUMNS[i], 'Danish default column ' + i);
    }
    assert.equal(await facilitator.isChecked('#create-private'), true, 'private writing is on by default');
    await facilitator.uncheck('#create-private');
    await facilitator.click('[data-action=create]');
    const display = await facilitator.locator('[data-testid=display-code]').textContent({ timeout: CONNECT_MS });
    assert.match(display, /^[2-9A-HJKMNP-Z]{3}-[2-9A-HJKMNP-Z]{3}$/);
    code = display.replace('-', '');
    joinLink = await facilitator.inputValue('#created-join-link');
    privateLink = await facilitator.inputValue('#created-private-link');
    assert.equal(joinLink, base + '/join/' + code);
    assert.match(privateLink, new RegExp('^' + base + '/board/' + code + '#token=[A-Za-z0-9_%-]+$'));

    await facilitator.click('[data-action=open-board]');
    await waitConnected(facilitator, CONNECT_MS);
    assert.equal(facilitator.url(), base + '/board/' + code);
    assert.equal(await facilitator.locator('[data-testid=session-title]').textContent(), TITLE);
    assert.equal(await facilitator.locator('[data-testid=session-question]').textContent(), QUESTION);
    assert.match(await facilitator.locator('[data-testid=you]').textContent(), /Mette · facilitator/);
    assert.deepEqual((await shownBoard(facilitator)).map((c) => c.title), COLUMNS);
    // The workshop starts in the welcome phase; the facilitator opens the ideas phase.
    await facilitator.locator('[data-action=phase-next]').click();
    await facilitator.locator('.phase--current[data-phase=ideas]').waitFor();
  });

  test('a participant opens the join link, gives a name and lands on the board', async () => {
    await participant.goto(joinLink);
    await participant.locator('.session-card__title', { hasText: exactly(TITLE) }).waitFor({ timeout: CONNECT_MS });
    await participant.fill('#join-name', 'Anna');
    await participant.click('[data-action=join]');
    await waitConnected(participant, CONNECT_MS);
    assert.equal(participant.url(), base + '/board/' + code);
    assert.match(await participant.locator('[data-testid=you]').textContent(), /Anna · innbygger/);
    assert.deepEqual((await shownBoard(participant)).map((c) => c.title), COLUMNS);
    await participant.locator('.phase--current[data-phase=ideas]').waitFor();
    await column(participant, 'Idéer').locator('textarea.composer__input').waitFor();
  });

  test('ideas added on one page appear on the other within a second', async () => {
    let at = await addIdea(participant, 'Idéer', 'Bordtennis på tværs af generationer');
    await arrives(card(column(facilitator, 'Idéer'), 'Bordtennis på tværs af generationer'), at);

    at = await addIdea(facilitator, 'Idéer', 'Videoklip som supervision i vuggestuen');
    await arrives(card(column(participant, 'Idéer'), 'Videoklip som supervision i vuggestuen'), at);

    at = await addIdea(participant, 'Idéer', 'Café for introverte unge');
    await arrives(card(column(facilitator, 'Idéer'), 'Café for introverte unge'), at);

    // Authors are shown, and only the author and the facilitators may edit, move or delete.
    const mine = card(participant, 'Bordtennis på tværs af generationer');
    const theirs = card(participant, 'Videoklip som supervision i vuggestuen');
    assert.match(await mine.locator('.card__author').textContent(), /^Anna/);
    assert.match(await theirs.locator('.card__author').textContent(), /^Mette/);
    assert.equal(await mine.locator('[data-action=edit]').isVisible(), true);
    assert.equal(await theirs.locator('[data-action=edit]').isVisible(), false);
    assert.equal(await theirs.locator('[data-action=delete]').isVisible(), false);
    assert.equal(await theirs.locator('[data-action=move]').isVisible(), false);
    assert.equal(await card(facilitator, 'Bordtennis på tværs af generationer').locator('[data-action=edit]').isVisible(), true);
  });

  test('an edit appears on the other page within a second', async () => {
    const mine = card(participant, 'Bordtennis på tværs af generationer');
    await mine.locator('[data-action=edit]').click();
    const editor = participant.locator('.card__editor');
    await editor.fill('Bordtennis for unge og ældre');
    const at = Date.now();
    await editor.press('Enter');
    await arrives(card(facilitator, 'Bordtennis for unge og ældre'), at);
    await card(participant, 'Bordtennis for unge og ældre').waitFor({ timeout: CONNECT_MS });
  });

  test('a move by drag and drop appears on the other page within a second', async () => {
    const source = card(facilitator, 'Bordtennis for unge og ældre');
    const target = column(facilitator, 'Til drøftelse').locator('.idea-list');
    await source.hover({ trial: true });
    const at = Date.now();
    await source.dragTo(target, { targetPosition: { x: 20, y: 5 } });
    await arrives(card(column(participant, 'Til drøftelse'), 'Bordtennis for unge og ældre'), at);
    await card(column(facilitator, 'Til drøftelse'), 'Bordtennis for unge og ældre').waitFor({ timeout: CONNECT_MS });
  });

  test('a move with the move panel (touch and keyboard) appears on the other page within a second', async () => {
    // To another column: the participant moves her own idea.
    const idea = card(participant, 'Café for introverte unge');
    await idea.locator('[data-action=move]').click();
    await idea.locator('select.move__select').selectOption({ label: 'Klar til afprøvning' });
    let at = await clickAt(idea.locator('[data-action=move-to-column]'));
    await arrives(card(column(facilitator, 'Klar til afprøvning'), 'Café for introverte unge'), at);
    await card(column(participant, 'Klar til afprøvning'), 'Café for introverte unge').waitFor({ timeout: CONNECT_MS });
    await participant.locator('[data-action=move-done]').click();

    // Within a column: a new idea lands at the end and is moved up with the keyboard.
    at = await addIdea(participant, 'Til drøftelse', 'Læseklub for børnehave og plejehjem');
    const reading = card(column(participant, 'Til drøftelse'), 'Læseklub for børnehave og plejehjem');
    await arrives(card(column(facilitator, 'Til drøftelse'), 'Læseklub for børnehave og plejehjem'), at);
    await reading.locator('[data-action=move]').focus();
    await participant.keyboard.press('Enter');
    at = await clickAt(reading.locator('[data-action=move-up]'));
    await facilitator.waitForFunction(([title, first]) => {
      const col = [...document.querySelectorAll('.column')].find((c) => c.querySelector('.column__title')?.textContent === title);
      return col?.querySelector('.card .card__text')?.textContent === first;
    }, ['Til drøftelse', 'Læseklub for børnehave og plejehjem'], { timeout: left(at) });
    await reading.locator('[data-action=move-done]').click();
  });

  test('a hostile idea text is shown as text and never runs', async () => {
    const at = await addIdea(participant, 'Idéer', HOSTILE);
    await arrives(card(facilitator, HOSTILE), at);
    await card(participant, HOSTILE).waitFor({ timeout: CONNECT_MS });
    for (const page of [facilitator, participant]) {
      assert.equal(await card(page, HOSTILE).locator('.card__text').textContent(), HOSTILE);
      assert.equal(await page.locator('.card img').count(), 0);
      assert.equal(await page.evaluate(() => typeof /** @type {any} */ (window).__pwned), 'undefined');
    }
  });

  test('a delete appears on the other page within a second', async () => {
    const hostile = card(facilitator, HOSTILE);
    await hostile.locator('[data-action=delete]').click();
    const at = await clickAt(hostile.locator('[data-action=confirm-delete]'));
    await arrives(card(participant, HOSTILE), at, 'detached');
    await card(facilitator, HOSTILE).waitFor({ state: 'detached', timeout: CONNECT_MS });
  });

  const EXPECTED = [
    { title: 'Idéer', ideas: ['Videoklip som supervision i vuggestuen'] },
    { title: 'Til drøftelse', ideas: ['Læseklub for børnehave og plejehjem', 'Bordtennis for unge og ældre'] },
    { title: 'Klar til afprøvning', ideas: ['Café for introverte unge'] },
  ];

  test('both pages show the same board', async () => {
    assert.deepEqual(await showsBoard(facilitator, EXPECTED), EXPECTED);
    assert.deepEqual(await showsBoard(participant, EXPECTED), EXPECTED);
  });

  let timerStartedAt = 0;

  test('a timer started by the facilitator shows on both pages, on the server\'s clock', async () => {
    timerStartedAt = await clickAt(facilitator.locator('[data-action=timer-10]'));
    await timerShowsRightTime(facilitator, 'facilitator');
    await timerShowsRightTime(participant, 'participant (clock five minutes fast)');
  });

  /**
   * Asserts that the page's timer shows the time left of the facilitator's timer, to
   * within a second, reading the text and the time together.
   * @param {import('playwright-core').Page} page
   * @param {string} name
   */
  async function timerShowsRightTime(page, name) {
    await page.locator('[data-testid=timer]').filter({ hasText: /^\d+:\d\d$/ }).waitFor();
    const [text, pageNow] = await page.evaluate(() => [document.querySelector('[data-testid=timer]')?.textContent || '', Date.now()]);
    const realNow = name.startsWith('participant') ? pageNow - CLOCK_SKEW_MS : pageNow;
    const [m, sec] = text.split(':').map(Number);
    const shown = m * 60 + sec;
    // The server started the timer between the click and its answer: a second either way.
    const expected = Math.ceil((timerStartedAt + TIMER_MS - realNow) / 1000);
    assert.ok(Math.abs(shown - expected) <= 1, name + ' shows ' + text + ', expected about ' + expected + ' s');
  }

  test('the facilitator makes an invitation link in the console', async () => {
    await openTab(facilitator, 'console');
    const link = facilitator.locator('.invite[data-role=staff] input.invite__link');
    await facilitator.locator('.invite[data-role=staff] [data-action=renew-invite]').click();
    await link.waitFor();
    staffLink = await link.inputValue();
    assert.match(staffLink, new RegExp('^' + base + '/join/' + code + '#invite=[^&]+&role=staff$'));
    await openTab(facilitator, 'board');
  });

  test('after a server restart both pages reconnect by themselves and show the board exactly', async () => {
    for (const page of [facilitator, participant]) await page.evaluate(() => { /** @type {any} */ (window).__samePage = true; });
    const stopped = await server.stop();
    assert.deepEqual(stopped, { code: 0, signal: null }, 'server exit after SIGTERM:\n' + server.log());
    server = null;
    for (const page of [facilitator, participant]) {
      await page.waitForFunction(() => document.querySelector('[data-testid=connection]')?.getAttribute('data-state') !== 'connected',
        null, { timeout: CONNECT_MS });
      // Changes are not offered while the connection is down; the boxes to write in stay, and say so.
      await page.locator('[data-testid=composer-connection]', { hasText: /./ }).first().waitFor({ timeout: CONNECT_MS });
      assert.equal(await page.locator('.column__menu:visible').count(), 0, 'no column menu while disconnected');
    }

    server = await startServer({ dataDir, port });
    assert.equal(server.port, port);
    await Promise.all([waitConnected(facilitator, RECONNECT_MS), waitConnected(participant, RECONNECT_MS)]);
    for (const page of [facilitator, participant]) {
      assert.equal(await page.evaluate(() => /** @type {any} */ (window).__samePage), true, 'the page was not reloaded');
      assert.deepEqual(await shownBoard(page), EXPECTED);
      assert.equal(await page.locator('[data-testid=composer-connection]', { hasText: /./ }).count(), 0);
      assert.equal(await connection(page).getAttribute('data-state'), 'connected');
    }
    await timerShowsRightTime(facilitator, 'facilitator');
    await timerShowsRightTime(participant, 'participant (clock five minutes fast)');
  });

  test('after the restart the console shows the same invitation link', async () => {
    await openTab(facilitator, 'console');
    const link = facilitator.locator('.invite[data-role=staff] input.invite__link');
    await link.waitFor();
    assert.equal(await link.inputValue(), staffLink);
    await openTab(facilitator, 'board');
  });

  test('changes made after the restart propagate again', async () => {
    let at = await addIdea(participant, 'Idéer', 'Virtual reality på plejehjemmet');
    await arrives(card(column(facilitator, 'Idéer'), 'Virtual reality på plejehjemmet'), at);
    at = await addIdea(facilitator, 'Klar til afprøvning', 'Bordtennisturnering på tværs af generationer');
    await arrives(card(column(participant, 'Klar til afprøvning'), 'Bordtennisturnering på tværs af generationer'), at);
    const expected = structuredClone(EXPECTED);
    expected[0].ideas.push('Virtual reality på plejehjemmet');
    expected[2].ideas.push('Bordtennisturnering på tværs af generationer');
    assert.deepEqual(await showsBoard(facilitator, expected), expected);
    assert.deepEqual(await showsBoard(participant, expected), expected);
  });

  test('two edits of the same idea: the later one sees both texts and can put its own back', async () => {
    const theirs = card(facilitator, 'Virtual reality på plejehjemmet');
    const mine = card(participant, 'Virtual reality på plejehjemmet');
    await theirs.locator('[data-action=edit]').click();
    await mine.locator('[data-action=edit]').click();
    await theirs.locator('.card__editor').fill('VR-briller på plejehjemmet');
    await mine.locator('.card__editor').fill('Virtual reality for beboerne');
    await theirs.locator('.card__editor').press('Enter');
    // The participant's board has the facilitator's text before the participant saves.
    await participant.waitForFunction(() => [...document.querySelectorAll('.card__text')]
      .some((e) => e.textContent === 'VR-briller på plejehjemmet'), null, { timeout: PROPAGATION_MS });
    const editing = participant.locator('.card', { has: participant.locator('.card__editor') });
    await editing.locator('.card__editor').press('Enter');
    const conflict = participant.locator('.conflict');
    await conflict.waitFor();
    assert.equal(await conflict.locator('.conflict__text--theirs .conflict__body').textContent(), 'VR-briller på plejehjemmet');
    assert.equal(await conflict.locator('.conflict__text--mine .conflict__body').textContent(), 'Virtual reality for beboerne');
    const at = await clickAt(conflict.locator('[data-action=use-mine]'));
    await arrives(card(facilitator, 'Virtual reality for beboerne'), at);
    await card(participant, 'Virtual reality for beboerne').waitFor({ timeout: CONNECT_MS });
    assert.equal(await participant.locator('.conflict').count(), 0);
  });

  test('a reload keeps the participant who they are', async () => {
    await participant.reload();
    await waitConnected(participant, CONNECT_MS);
    assert.match(await participant.locator('[data-testid=you]').textContent(), /Anna · innbygger/);
    const own = card(participant, 'Virtual reality for beboerne');
    assert.equal(await own.locator('[data-action=edit]').isVisible(), true, 'still the author of her ideas');
    assert.equal(await card(participant, 'Videoklip som supervision i vuggestuen').locator('[data-action=edit]').isVisible(), false);
  });

  test('the private facilitator link stores the token and leaves the address bar clean', async () => {
    const other = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-GB' });
    try {
      const page = await other.newPage();
      const pageErrors = watchErrors(page, 'private link');
      await page.goto(privateLink);
      await waitConnected(page, CONNECT_MS);
      assert.equal(page.url(), base + '/board/' + code, 'no token in the address bar');
      assert.match(await page.locator('[data-testid=you]').textContent(), /Mette · facilitator/);
      const saved = await page.evaluate((c) => JSON.parse(localStorage.getItem('samskab:session:' + c) || 'null'), code);
      assert.equal(typeof saved?.token, 'string');
      assert.ok(privateLink.endsWith('#token=' + encodeURIComponent(saved.token)));
      assert.equal(await page.locator('.column__menu').first().isVisible(), true, 'facilitator controls shown');
      assert.deepEqual(pageErrors, []);
    } finally {
      await other.close();
    }
  });

  test("the facilitator's device never offers to replace the facilitator with a new name", async () => {
    await facilitator.goto(joinLink);
    await facilitator.locator('.session-card__title', { hasText: exactly(TITLE) }).waitFor({ timeout: CONNECT_MS });
    await facilitator.locator('.join__continue a', { hasText: /Mette/ }).waitFor({ timeout: CONNECT_MS });
    assert.equal(await facilitator.locator('#join-name').count(), 0, 'no name field that would replace the token');
    await facilitator.click('.join__continue a');
    await waitConnected(facilitator, CONNECT_MS);
    assert.match(await facilitator.locator('[data-testid=you]').textContent(), /Mette · facilitator/);
  });

  test('the facilitator removes the participant: she is told, and her device forgets the token', async () => {
    await facilitator.locator('.tab[data-tab=people]').click();
    const anna = facilitator.locator('.person', { hasText: 'Anna' });
    await anna.locator('[data-action=remove-person]').click();
    const at = await clickAt(anna.locator('[data-action=confirm-remove]'));
    await arrives(participant.locator('[data-testid=removed]'), at);
    assert.equal(await participant.evaluate((c) => localStorage.getItem('samskab:session:' + c), code), null);
    await anna.waitFor({ state: 'detached' });
    await participant.reload();
    await participant.locator('#join-name').waitFor();
    assert.equal(new URL(participant.url()).pathname, '/join/' + code, 'without a token she can only join anew');
  });

  test('without its key file the server cannot show the link again: the console says so, and a new one is made', async () => {
    const stopped = await server.stop();
    assert.deepEqual(stopped, { code: 0, signal: null }, 'server exit after SIGTERM:\n' + server.log());
    server = null;
    rmSync(path.join(dataDir, 'samskab.db.key'));  // lost: the server makes a new key
    server = await startServer({ dataDir, port });
    await waitConnected(facilitator, RECONNECT_MS);
    await openTab(facilitator, 'console');
    const row = facilitator.locator('.invite[data-role=staff]');
    await row.locator('p.field__hint', { hasText: /Aktivt, men linket kan ikke vises igen/ }).waitFor();
    assert.equal(await row.locator('input.invite__link').isVisible(), false, 'no link, and never a wrong one');
    assert.equal(await row.locator('[data-action=renew-invite]').textContent(), 'Nyt link');
    assert.equal(await row.locator('[data-action=revoke-invite]').isVisible(), true, 'it still admits: it can be revoked');
    await row.locator('[data-action=renew-invite]').click();
    const link = row.locator('input.invite__link');
    await link.waitFor();
    assert.notEqual(await link.inputValue(), staffLink);
    assert.match(await row.locator('p.field__hint').textContent(), /^Aktivt: /);
  });

  test('no page had an uncaught error', () => {
    assert.deepEqual(pageErrors.flat(), []);
  });
});
