// End-to-end: the facilitator's controls against someone flooding the board, with the
// real server and five browser contexts: the facilitator (desktop), two citizens who
// join with the code while the door is open (Kim, who floods, and Anna, phones), a
// newcomer with the code after the door is closed (Ida), and a staff member with an
// invitation link (Bo).
//
// The facilitator closes the door in the console: the header says so beside the code;
// Ida, joining with the code, is told on the join page why she cannot come in, while
// Bo's invitation still admits him and Anna, already here, comes back after a reload.
// The facilitator sets the idea quota to 2: Kim's third idea is refused under the idea
// box with the quota, and his text stays in the box. In the console's list of
// participants Kim is at the top with his two ideas; the facilitator removes him with
// everything he wrote, after a confirmation that names him: Kim is told, his ideas
// leave Anna's and Bo's boards, their own ideas stay, and the list shows him removed.
//
// Every wait is a condition with a timeout; there is no fixed sleep.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, makeDataDir, removeDataDir } from '../support/server.mjs';
import { launchChromium, watchErrors } from '../support/browser.mjs';
import { CONNECT_MS, card, column, waitConnected, watch, arrives, addIdea, clickAt, openTab } from '../support/ui.mjs';

const TITLE = 'Ældrepleje med færre hænder';
const QUESTION = 'Hvad ville I prøve, hvis I måtte?';
const KIM = ['Køb mere kage', 'Køb endnu mere kage', 'Kage til alle, altid'];
const ANNA = 'Læseklub for børnehave og plejehjem';
const BO = 'Videoklip som supervision i vuggestuen';

describe('the door, the idea quota and removing a participant with everything they wrote', { timeout: 120000 }, () => {
  let dataDir = '';
  /** @type {Awaited<ReturnType<typeof startServer>>|null} */
  let server = null;
  /** @type {import('playwright-core').Browser} */
  let browser;
  let base = '';
  let code = '';
  let staffLink = '';
  /** @type {Record<'facilitator'|'kim'|'anna'|'ida'|'bo', import('playwright-core').Page>} */
  const pages = /** @type {any} */ ({});
  /** @type {string[][]} */
  const errors = [];

  before(async () => {
    dataDir = makeDataDir();
    server = await startServer({ dataDir });
    base = server.url;
    browser = await launchChromium();
    const phone = { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, locale: 'da-DK' };
    const contexts = {
      facilitator: { viewport: { width: 1366, height: 900 }, locale: 'da-DK' },
      kim: phone, anna: phone, ida: phone, bo: phone,
    };
    for (const [name, options] of Object.entries(contexts)) {
      const page = await (await browser.newContext(options)).newPage();
      page.setDefaultTimeout(CONNECT_MS);
      pages[/** @type {keyof typeof pages} */ (name)] = page;
      errors.push(watchErrors(page, name));
    }
    watch(Object.entries(pages));
  });

  after(async () => {
    await browser?.close();
    server?.kill();
    if (dataDir) removeDataDir(dataDir);
  });

  /** @param {import('playwright-core').Page} page @param {string} name */
  async function joinWithCode(page, name) {
    await page.goto(base + '/join/' + code);
    await page.fill('#join-name', name);
    await page.click('[data-action=join]');
  }

  test('the facilitator creates a workshop, makes a staff invitation, and two citizens join with the code', async () => {
    const f = pages.facilitator;
    await f.goto(base + '/');
    await f.fill('#create-title', TITLE);
    await f.fill('#create-question', QUESTION);
    await f.fill('#create-name', 'Mette');
    await f.uncheck('#create-private');
    await f.click('[data-action=create]');
    code = (await f.locator('[data-testid=display-code]').textContent()).replace('-', '');
    await f.click('[data-action=open-board]');
    await waitConnected(f);
    await openTab(f, 'console');
    assert.match(await f.locator('[data-testid=door-state]').textContent(), /^Åben: /);
    assert.equal(await f.locator('[data-testid=door-badge]').isVisible(), false);
    const staff = f.locator('.invite[data-role=staff]');
    await staff.locator('[data-action=renew-invite]').click();
    await staff.locator('input.invite__link').waitFor();
    staffLink = await staff.locator('input.invite__link').inputValue();

    for (const [page, name] of /** @type {const} */ ([[pages.kim, 'Kim'], [pages.anna, 'Anna']])) {
      await joinWithCode(page, name);
      await waitConnected(page);
      assert.match(await page.locator('[data-testid=you]').textContent(), new RegExp(name + ' · borger'));
    }
  });

  test('the facilitator closes the door: a newcomer with the code is told why; an invitation and a returning citizen still get in', async () => {
    const f = pages.facilitator;
    const at = await clickAt(f.locator('[data-action=door-toggle]'));
    await arrives(f.locator('[data-testid=door-badge]', { hasText: 'Lukket for nye deltagere' }), at);
    assert.match(await f.locator('[data-testid=door-state]').textContent(), /^Lukket: /);
    assert.equal(await f.locator('[data-action=door-toggle]').textContent(), 'Åbn døren');
    // Everyone sees beside the code that it admits nobody new.
    await arrives(pages.anna.locator('[data-testid=door-badge]', { hasText: 'Lukket for nye deltagere' }), at);

    const ida = pages.ida;
    await joinWithCode(ida, 'Ida');
    const refused = ida.locator('[data-testid=join-refused]');
    await refused.waitFor();
    assert.equal(new URL(ida.url()).pathname, '/join/' + code, 'back on the join page');
    assert.match(await refused.textContent(), /Værkstedet er lukket for nye deltagere/);
    assert.match(await refused.textContent(), /invitationslink/);
    assert.equal(await ida.locator('#join-name').count(), 0, 'no name form that would only be refused again');
    await ida.click('[data-action=join-try-again]');
    await ida.locator('#join-name').waitFor();
    assert.equal(await ida.inputValue('#join-name'), 'Ida', 'the name she typed is kept');

    const bo = pages.bo;
    await bo.goto(staffLink);
    await bo.fill('#join-name', 'Bo');
    await bo.click('[data-action=join]');
    await waitConnected(bo);
    assert.match(await bo.locator('[data-testid=you]').textContent(), /Bo · medarbejder/);

    await pages.anna.reload();
    await waitConnected(pages.anna);
    assert.match(await pages.anna.locator('[data-testid=you]').textContent(), /Anna · borger/);
  });

  test('with a quota of 2 ideas, the third is refused under the idea box, saying so, and its text stays', async () => {
    const f = pages.facilitator;
    await f.fill('#settings-quota', '2');
    await f.click('[data-action=save-settings]');
    await f.waitForFunction(() => /** @type {HTMLInputElement} */ (document.querySelector('#settings-quota'))?.value === '2');
    await f.locator('[data-action=phase-next]').click();
    await f.locator('.phase--current[data-phase=ideas]').waitFor();

    const kim = pages.kim;
    await kim.locator('.phase--current[data-phase=ideas]').waitFor();
    for (const text of KIM.slice(0, 2)) {
      await addIdea(kim, 'Idéer', text);
      await card(kim, text).waitFor();
    }
    await addIdea(kim, 'Idéer', KIM[2]);
    const notice = kim.locator('[data-testid=composer-notice]', { hasText: /./ });
    await notice.waitFor();
    assert.equal(await notice.textContent(),
      'Facilitatoren tillader 2 idéer pr. person i denne fase, og du har skrevet dem. Din idé står stadig i feltet.');
    assert.equal(await column(kim, 'Idéer').locator('textarea.composer__input').inputValue(), KIM[2]);
    assert.equal(await column(kim, 'Idéer').locator('[data-testid=composer-notice]').count(), 1, 'under the box it was written in');
    assert.equal(await card(kim, KIM[2]).count(), 0);

    await addIdea(pages.anna, 'Idéer', ANNA);
    await addIdea(pages.bo, 'Idéer', BO);
    for (const page of [pages.anna, pages.bo]) {
      for (const text of [...KIM.slice(0, 2), ANNA, BO]) await card(page, text).waitFor();
    }
  });

  test('the facilitator finds the flooding citizen at the top of the participants and removes him with everything he wrote', async () => {
    const f = pages.facilitator;
    await openTab(f, 'console');
    await f.click('[data-action=show-participants]');
    const rows = f.locator('[data-testid=roster] tbody tr');
    await rows.nth(3).waitFor();
    assert.equal(await rows.count(), 4, 'Mette, Kim, Anna and Bo: the door kept Ida out');
    const headers = await f.locator('[data-testid=roster] thead th').allTextContents();
    assert.deepEqual(headers, ['Navn', 'Rolle', 'Online', 'Idéer', 'Kommentarer', 'Handlinger']);
    const top = rows.first();
    assert.equal(await top.locator('th[scope=row]').textContent(), 'Kim');
    assert.equal(await top.locator('td[data-column=ideas]').textContent(), '2');
    assert.equal(await f.locator('[data-testid=roster] tr', { hasText: 'Mette' }).locator('[data-action^=remove-participant]').count(), 0,
      'nobody removes the facilitator');

    await top.locator('[data-action=remove-participant-all]').click();
    const dialog = f.locator('[data-testid=roster-confirm]');
    await dialog.waitFor();
    const says = await dialog.textContent();
    assert.match(says, /Fjerne Kim \(borger\) og skjule alt, hvad Kim har skrevet\?/);
    assert.match(says, /2 idéer og 0 kommentarer bliver skjult for alle andre end facilitatorerne/);
    assert.equal(await f.evaluate(() => document.activeElement?.getAttribute('data-action')), 'cancel-remove-participant',
      'the safe choice has the focus');

    const at = await clickAt(dialog.locator('[data-action=confirm-remove-participant]'));
    await arrives(pages.kim.locator('[data-testid=removed]'), at);
    for (const page of [pages.anna, pages.bo]) {
      for (const text of KIM.slice(0, 2)) await arrives(card(page, text), at, 'detached');
      assert.equal(await card(page, ANNA).count(), 1);
      assert.equal(await card(page, BO).count(), 1);
    }
    assert.equal(await f.locator('[data-testid=roster-status]').textContent(), 'Kim er fjernet, og alt, hvad Kim har skrevet, er skjult.');
    await f.locator('[data-testid=roster] tr.roster__row--removed', { hasText: 'Kim' }).locator('td', { hasText: 'Fjernet' }).waitFor();
    assert.equal(await f.locator('[data-testid=roster] tr', { hasText: 'Kim' }).locator('button').count(), 0);
  });

  test('no page had an uncaught error', () => {
    assert.deepEqual(errors.flat(), []);
  });
});
