// End-to-end: a trial action's owner between sessions, with the real server and
// Chromium. The facilitator (desktop) creates a workshop; a staff member, Bo, joins with
// his invitation on his phone; the facilitator proposes a trial action with Bo as its
// owner. On his card Bo finds his personal link (folded away, with what it means) and
// copies it. Opened in a browser of its own on a phone, as weeks later, the link shows
// that one trial action (the token leaves the address bar at once, and stays on the
// device: a reload still works). Bo checks in with a number as evidence and proposes to
// adapt it; the facilitator's board shows the check-in as it arrives, without a reload.
// The facilitator closes the workshop; the trial action lives on: Bo moves the review
// date with a reason, and the facilitator's closed board shows the move at once; a
// manager, Mona, answers the check-in on her phone (approve, then adapt, which needs a
// note), and Bo's page shows her decisions and the new status at once. A link
// to a trial action that does not exist, and one with a token the server does not know,
// each say so. axe-core checks the owner's page with the form open, and after the close.
//
// Every wait is a condition with a timeout; there is no fixed sleep.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, makeDataDir, removeDataDir } from '../support/server.mjs';
import { launchChromium, watchErrors, DESKTOP, PHONE } from '../support/browser.mjs';
import { checkPages, screenshot } from '../support/axe.mjs';
import { CONNECT_MS, exactly, waitConnected, watch, arrives, clickAt, openTab } from '../support/ui.mjs';

const TITLE = 'Fællesskab på tværs af generationer';
const TRIAL = 'Bordtennis på tværs af generationer';
const HAPPENED = 'Fire turneringer, otte faste spillere';
const LEARNED = 'Fredag eftermiddag passer de ældre bedst';
const REASON = 'Juleferien';

describe("a trial action's owner checks in and moves the review date from a personal link, also after the close", { timeout: 120000 }, () => {
  let dataDir = '';
  /** @type {Awaited<ReturnType<typeof startServer>>|null} */
  let server = null;
  /** @type {import('playwright-core').Browser} */
  let browser;
  let base = '';
  let personalLink = '';
  /** @type {Record<'facilitator'|'staff'|'manager'|'owner', import('playwright-core').Page>} */
  const pages = /** @type {any} */ ({});
  /** @type {string[][]} */
  const errors = [];

  /** @param {import('playwright-core').Page} page the trial action's card on a board */
  const trialOn = (page) => page.locator('.trial', { has: page.locator('.trial__title', { hasText: exactly(TRIAL) }) });

  before(async () => {
    dataDir = makeDataDir();
    server = await startServer({ dataDir });
    base = server.url;
    browser = await launchChromium();
    // The server's Content-Security-Policy allows no inline script; axe comes as one.
    const contexts = {
      facilitator: { ...DESKTOP, locale: 'da-DK' },
      staff: { ...PHONE, locale: 'da-DK' },
      manager: { ...PHONE, locale: 'da-DK' },
      owner: { ...PHONE, locale: 'da-DK', bypassCSP: true },
    };
    for (const [name, options] of Object.entries(contexts)) {
      const context = await browser.newContext(options);
      if (name === 'staff') await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
      const page = await context.newPage();
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

  test('the facilitator creates a workshop, and a staff member and a manager join with their invitations', async () => {
    const f = pages.facilitator;
    await f.goto(base + '/');
    await f.fill('#create-title', TITLE);
    await f.fill('#create-question', 'Hvad kunne bringe unge og ældre sammen?');
    await f.fill('#create-name', 'Mette');
    await f.click('[data-action=create]');
    await f.locator('[data-testid=display-code]').waitFor();
    await f.click('[data-action=open-board]');
    await waitConnected(f);
    await openTab(f, 'console');
    for (const [role, name] of /** @type {const} */ ([['staff', 'Bo'], ['manager', 'Mona']])) {
      const row = f.locator('.invite[data-role=' + role + ']');
      await row.locator('[data-action=renew-invite]').click();
      await row.locator('input.invite__link').waitFor();
      const page = pages[role];
      await page.goto(await row.locator('input.invite__link').inputValue());
      await page.fill('#join-name', name);
      await page.click('[data-action=join]');
      await waitConnected(page);
    }
    await openTab(f, 'people');
    await f.locator('[data-testid=people] .person', { hasText: 'Bo' }).waitFor();
    await f.locator('[data-testid=people] .person', { hasText: 'Mona' }).waitFor();
  });

  test('the facilitator proposes a trial action with Bo as its owner', async () => {
    const f = pages.facilitator;
    await openTab(f, 'trials');
    await f.locator('[data-action=new-trial]').click();
    const form = f.locator('[data-testid=trial-form]');
    await form.getByLabel('Titel').fill(TRIAL);
    await form.getByLabel('Hvad vil vi prøve?').fill('En turnering hver fredag i fælleshuset');
    await form.getByLabel('Vi tror, at …').fill('unge og ældre får kontakt');
    await form.getByLabel('Vi ved, at det virkede, når …').fill('ti faste deltagere efter en måned');
    await form.getByLabel('Start').fill('2026-12-01');
    await form.getByLabel('Vi ser på det igen').fill('2027-01-15');
    await form.locator('label.check', { hasText: 'Bo (medarbejder)' }).locator('input').check();
    const at = await clickAt(form.locator('[data-action=create-trial]'));
    await openTab(pages.staff, 'trials');
    await arrives(trialOn(pages.staff), at);
    assert.match(await trialOn(pages.staff).locator('.trial__meta').innerText(), /Ansvarlige: Bo/);
  });

  test('on his card the owner finds his personal link, folded away, and copies it; nobody else has one', async () => {
    const s = pages.staff;
    await trialOn(s).locator('[data-action=open-trial]').click();
    const details = trialOn(s).locator('details.personal-link');
    assert.equal(await details.locator('[data-testid=personal-link]').isVisible(), false, 'folded until he opens it');
    await details.locator('summary').click();
    assert.match(await details.innerText(), /privat: Den, der har linket, handler som dig/);
    personalLink = await details.locator('[data-testid=personal-link]').inputValue();
    assert.match(personalLink, new RegExp('^' + base + '/trial/[\\w-]{16}/\\d+#token=[\\w-]{43}$'));
    await details.locator('[data-action=copy-personal-link]').click();
    await s.getByText('Dit personlige link er kopieret').waitFor();
    assert.equal(await s.evaluate(() => navigator.clipboard.readText()), personalLink);
    // The owner checks in and moves the date; the facilitator may move the date, and has no link.
    await trialOn(s).locator('[data-action=check-in]').waitFor();
    const f = pages.facilitator;
    await trialOn(f).locator('[data-action=open-trial]').click();
    await trialOn(f).locator('[data-action=move-review]').waitFor();
    assert.equal(await trialOn(f).locator('[data-action=check-in]').isVisible(), false);
    assert.equal(await trialOn(f).locator('details.personal-link').isVisible(), false);
  });

  test('the link opens the trial action on a phone of its own; the token leaves the address bar and stays on the device', async () => {
    const o = pages.owner;
    const response = await o.goto(personalLink);
    assert.equal(response?.status(), 200, 'the server serves the web client at /trial/{session id}/{trial action id}');
    await o.locator('h1.trial__title', { hasText: exactly(TRIAL) }).waitFor();
    assert.equal(new URL(o.url()).hash, '', 'the token is gone from the address');
    await waitConnected(o);
    assert.match(await o.getByTestId('trial-page-session').innerText(), new RegExp(TITLE));
    assert.match(await o.getByTestId('you').innerText(), /Bo \(medarbejder\)/);
    const card = o.locator('.trial--standalone');
    assert.match(await card.locator('[data-testid=trial-status]').innerText(), /Foreslået/);
    assert.match(await card.locator('.trial__meta').innerText(), /Ansvarlige: Bo · start 1\. december 2026 · opfølgning 15\. januar 2027/);
    assert.match(await card.locator('.trial__hypothesis').innerText(), /Vi tror, at unge og ældre får kontakt/);
    assert.equal(await o.getByTestId('not-owner').isVisible(), false);
    // Nothing on the page is wider than the phone.
    assert.ok(await o.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'no sideways scrolling');
    await o.reload();
    await waitConnected(o);
    await o.locator('h1.trial__title', { hasText: exactly(TRIAL) }).waitFor();
    assert.deepEqual(await checkPages('trial-owner-page', [['owner', o]]), []);
  });

  test("the owner checks in with a number and proposes to adapt it; the facilitator's board shows it without a reload", async () => {
    const o = pages.owner;
    const form = o.getByTestId('check-in-form');
    await form.waitFor();
    // Sent empty: each problem beside its field.
    await form.locator('[data-action=send-check-in]').click();
    await form.getByText('Skriv, hvad der er sket.').waitFor();
    await form.getByText('Vælg, hvad I foreslår.').waitFor();
    assert.equal(await form.getByLabel('Hvad er der sket?').getAttribute('aria-invalid'), 'true');
    assert.equal(await o.evaluate(() => document.activeElement?.getAttribute('data-field')), 'what_happened');

    await form.getByLabel('Hvad er der sket?').fill(HAPPENED);
    await form.getByLabel('Et tal').check();
    await form.getByLabel('Tal', { exact: true }).fill('8');
    await form.getByLabel('Hvad tæller tallet?').fill('faste deltagere');
    await form.getByLabel('Hvad har I lært? (valgfrit)').fill(LEARNED);
    await form.getByLabel('Jeres forslag').selectOption('adapt');
    assert.deepEqual(await checkPages('trial-owner-check-in', [['owner', o]]), []);
    const at = await clickAt(form.locator('[data-action=send-check-in]'));

    const f = pages.facilitator;
    const entry = trialOn(f).locator('.learning--check-in');
    await arrives(entry, at);
    assert.equal(await entry.locator('.check-in__happened').innerText(), HAPPENED);
    assert.equal(await entry.locator('.check-in__evidence').innerText(), '8 faste deltagere');
    assert.equal(await entry.locator('.learning__text').innerText(), LEARNED);
    assert.equal(await entry.locator('.check-in__proposal').innerText(), 'Tilpas');
    assert.match(await entry.locator('.learning__meta').innerText(), /Statusmelding · .* · Bo/);
    // On the owner's page too; the form closes, and can be opened again.
    const mine = o.locator('.learning--check-in');
    await mine.waitFor();
    assert.equal(await mine.locator('.check-in__evidence').innerText(), '8 faste deltagere');
    await o.locator('[data-action=check-in]').waitFor();
    assert.equal(await form.isVisible(), false);
  });

  test('after the close the trial action lives on: the owner moves the review date with a reason, seen at once', async () => {
    const f = pages.facilitator;
    await openTab(f, 'console');
    await f.locator('[data-action=close-session]').click();
    await f.locator('[data-action=confirm-close]').click();
    const o = pages.owner;
    await o.locator('[data-testid=notice][data-kind=closed]').waitFor();
    assert.match(await o.getByTestId('notice').innerText(), /Værkstedet er lukket, men prøvehandlingen lever videre/);
    await openTab(f, 'trials');
    if (await trialOn(f).locator('[data-action=open-trial][aria-expanded=false]').count()) await trialOn(f).locator('[data-action=open-trial]').click();

    // A check-in is still offered after the close.
    await o.locator('[data-action=check-in]').waitFor();
    await o.locator('[data-action=move-review]').click();
    const form = o.getByTestId('review-move-form');
    assert.equal(await form.getByLabel('Ny dato for opfølgning').inputValue(), '2027-01-15', 'starts from the review date it has');
    await form.getByLabel('Ny dato for opfølgning').fill('2027-02-01');
    await form.getByLabel('Hvorfor flyttes den?').fill(REASON);
    const at = await clickAt(form.locator('[data-action=send-review-move]'));
    const moved = 'Flyttet fra 15. januar 2027 til 1. februar 2027: ' + REASON + ' – Bo';
    await arrives(trialOn(f).locator('.review-move__text', { hasText: exactly(moved) }), at);
    assert.match(await trialOn(f).locator('.trial__meta').innerText(), /opfølgning 1\. februar 2027/);
    await o.locator('.review-move__text', { hasText: exactly(moved) }).waitFor();
    assert.match(await o.locator('.trial__meta').innerText(), /opfølgning 1\. februar 2027/);
    assert.deepEqual(await checkPages('trial-owner-closed', [['owner', o]]), []);
    await screenshot(f, 'trial-owner-closed-facilitator');
  });

  test("after the close a manager answers the check-in: approve, then adapt with a note; the owner's page shows it at once", async () => {
    const m = pages.manager;
    await openTab(m, 'trials');
    const card = trialOn(m);
    await card.locator('[data-action=decide]').click();
    // On a proposed trial action: approve, park, a check, or stop; adapting needs it approved first.
    assert.equal(await card.locator('[data-action=decide-adapt]').isVisible(), false);
    await card.locator('[data-action=decide-approve]').click();
    let at = await clickAt(card.locator('[data-action=confirm-decision]'));
    const o = pages.owner;
    await arrives(o.locator('[data-testid=trial-status]', { hasText: 'Godkendt' }), at);

    // The form stays open; now that it is approved, the answers to the check-in are offered.
    await card.locator('[data-action=decide-adapt]').click();
    await card.locator('[data-action=confirm-decision]').click();
    await m.getByText('Skriv en begrundelse').waitFor();
    await card.locator('.decide__note').fill('Flyt turneringen til fredag eftermiddag');
    at = await clickAt(card.locator('[data-action=confirm-decision]'));
    await arrives(o.locator('[data-testid=decision]', { hasText: 'Fortsætter i en ændret form – Mona: Flyt turneringen til fredag eftermiddag' }), at);
    await o.locator('[data-testid=trial-status]', { hasText: 'I gang' }).waitFor();
    await o.locator('.decisions__history summary', { hasText: 'Alle beslutninger (2)' }).waitFor();
  });

  test('a trial action that is not there, and a token the server does not know, each say so', async () => {
    const o = pages.owner;
    const path = new URL(personalLink).pathname;
    await o.goto(base + path.replace(/\/\d+$/, '/4711'));
    await o.getByTestId('trial-problem').getByText('Prøvehandlingen findes ikke i dette værksted').waitFor();

    const stranger = await (await browser.newContext({ ...PHONE, locale: 'da-DK' })).newPage();
    stranger.setDefaultTimeout(CONNECT_MS);
    errors.push(watchErrors(stranger, 'stranger'));
    await stranger.goto(base + path + '#token=' + 'x'.repeat(43));
    await stranger.getByTestId('trial-problem').getByText('Linket virker ikke (længere)').waitFor();
    assert.equal(new URL(stranger.url()).hash, '');
    await stranger.reload();
    await stranger.getByText('Åbn siden med dit personlige link').waitFor();
    await stranger.context().close();
  });

  test('no page had an uncaught error', () => {
    assert.deepEqual(errors.flat(), []);
  });
});
