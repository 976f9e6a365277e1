// End-to-end: a follow-up in a workspace shows its trial actions live (PROTOCOL.md, "In
// a workspace, a review session shows its trial actions live"), with the real server
// and Chromium. The operator makes a workspace on the server's command line; a workshop,
// A, is made in it with its admin link. A's facilitator, Mette, opens A's board on her
// laptop, invites a staff member, Bo, who joins on his phone, and proposes a trial
// action through the trial form with Bo as its owner. The workspace's admin, Lars,
// starts a follow-up, B, of A from the workspace's page and opens B's board on his
// laptop: the trial action is there, from an earlier workshop. In B, Lars adds a
// learning and changes the title; A's board shows both without a reload. In A, Mette
// changes what the trial action tries; B's board shows it. Bo checks in on his board in
// A; B's board shows the check-in. In B, Lars stops the trial action; A's board and
// Bo's show it stopped. No page reloads on the way.
//
// Every wait is a condition with a timeout; there is no fixed sleep.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { SERVER_BINARY } from '../support/server.mjs';
import { startWorkshop, DESKTOP, PHONE } from '../support/browser.mjs';
import { CONNECT_MS, exactly, waitConnected, watch, arrives, clickAt, openTab, makeInvitation } from '../support/ui.mjs';

const WORKSPACE = 'Tårnby Kommune';
const WORKSHOP = 'Ensomhed blandt ældre';
const REVIEW = 'Opfølgning på ensomhed';
const TRIAL = 'Spisefællesskab i opgangen';
const RENAMED = 'Spisefællesskab i hele boligforeningen';
const LEARNING = 'De ældre kommer, når en nabo henter dem';
const WHAT = 'Fællesspisning hver anden torsdag i beboerhuset';
const HAPPENED = 'Tre spisninger, tolv gæster hver gang';

/** The mark a page keeps until it is reloaded. */
const MARK = 'samskabLiveViewMark';

describe('a follow-up in a workspace shows the trial action live: a change made in either session shows in the other', { timeout: 120000 }, () => {
  /** @type {Awaited<ReturnType<typeof startWorkshop>>|null} */
  let rig = null;
  /** @type {Record<'a'|'bo'|'b', import('playwright-core').Page>} A's facilitator, A's staff member, B's facilitator */
  let pages;
  let base = '';
  let adminLink = '';
  /** A's facilitator link: `/board/{code}#token={facilitator token}`. */
  let workshopLink = '';

  /**
   * The trial action's card, the only one in each board's list (found by its place, not
   * by its title, which changes on the way).
   * @param {import('playwright-core').Page} page
   */
  const trialOn = (page) => page.getByTestId('trials').locator('.trials__list .trial');
  /** @param {import('playwright-core').Page} page @param {boolean} open */
  const setOpen = async (page, open) => {
    const toggle = trialOn(page).locator('[data-action=open-trial]');
    if (await toggle.getAttribute('aria-expanded') !== String(open)) await toggle.click();
    await trialOn(page).locator('[data-action=open-trial][aria-expanded=' + open + ']').waitFor();
  };

  before(async () => {
    rig = await startWorkshop({ a: { ...DESKTOP, locale: 'da-DK' }, bo: { ...PHONE, locale: 'da-DK' }, b: { ...DESKTOP, locale: 'da-DK' } }, CONNECT_MS);
    ({ base, pages } = rig);
    watch(Object.entries(pages));
    // The operator's command, on the running server's database (its log names it); it
    // prints the admin link.
    const db = /session\(s\) loaded from (\S+?),? /.exec(rig.server.log())?.[1];
    assert.ok(db, 'the server says where its database is:\n' + rig.server.log());
    const { stdout } = await promisify(execFile)(SERVER_BINARY, ['workspace', 'create', '--db', db, '--name', WORKSPACE, '--public-url', base]);
    adminLink = stdout.match(/http:\/\/\S+\/workspace\/[\w-]{16}#token=[\w-]{43}/)?.[0] ?? '';
    assert.ok(adminLink, 'the admin link is printed:\n' + stdout);
    const link = new URL(adminLink);
    const workspace = link.pathname.split('/')[2];
    // Workshop A, made in the workspace with the admin's link.
    const response = await fetch(base + '/api/sessions', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: 'Bearer ' + new URLSearchParams(link.hash.slice(1)).get('token') },
      body: JSON.stringify({ title: WORKSHOP, question: 'Hvad kan vi prøve for at mindske ensomheden?', facilitator_name: 'Mette', workspace }),
    });
    const made = await response.json();
    assert.equal(response.status, 201, JSON.stringify(made));
    assert.equal(made.session.workspace, workspace);
    workshopLink = base + '/board/' + made.code + '#token=' + made.facilitator_token;
  });

  after(async () => {
    await rig?.close();
  });

  test("A's facilitator opens her link, Bo joins with his invitation, and she proposes a trial action with Bo as its owner", async () => {
    const a = pages.a;
    await a.goto(workshopLink);
    await waitConnected(a);
    assert.equal(new URL(a.url()).hash, '', 'the token is gone from the address');
    await openTab(a, 'console');
    const bo = pages.bo;
    await bo.goto(await makeInvitation(a, 'staff'));
    await bo.getByLabel('Dit navn').fill('Bo');
    await bo.getByRole('button', { name: 'Deltag' }).click();
    await waitConnected(bo);

    await openTab(a, 'trials');
    await a.getByRole('button', { name: 'Ny prøvehandling' }).click();
    const form = a.getByTestId('trial-form');
    await form.getByLabel('Titel').fill(TRIAL);
    await form.getByLabel('Hvad vil vi prøve?').fill('Fællesspisning hver torsdag i opgangen');
    await form.getByLabel('Vi tror, at …').fill('naboer får øje på hinanden');
    await form.getByLabel('Vi ved, at det virkede, når …').fill('ti faste gæster efter to måneder');
    await form.getByLabel('Vi ser på det igen').fill('2027-03-01');
    await form.getByLabel('Bo (medarbejder)').check();
    const at = await clickAt(form.getByRole('button', { name: 'Foreslå prøvehandlingen' }));
    await openTab(bo, 'trials');
    await arrives(trialOn(bo).locator('.trial__title', { hasText: exactly(TRIAL) }), at);
    assert.match(await trialOn(bo).locator('.trial__meta').innerText(), /Ansvarlige: Bo/);
  });

  test("the admin starts a follow-up of A from the workspace's page and opens its board: the trial action is there", async () => {
    const b = pages.b;
    await b.goto(adminLink);
    await b.getByTestId('workspace-name').filter({ hasText: WORKSPACE }).waitFor();
    await b.getByRole('link', { name: 'Følg op: ' + WORKSHOP }).click();
    assert.equal(await b.getByLabel(WORKSHOP).isChecked(), true, 'A is chosen');
    await b.getByLabel('Titel', { exact: true }).fill(REVIEW);
    await b.getByLabel('Spørgsmålet, I arbejder med').fill('Hvad har vi lært, og hvad gør vi nu?');
    await b.getByLabel('Dit navn som facilitator').fill('Lars');
    await b.getByRole('button', { name: 'Opret værksted' }).click();
    await b.getByRole('link', { name: 'Åbn tavlen' }).click();
    await waitConnected(b);
    await b.locator('[data-action=phase-next]').click();
    await b.locator('.phase--current[data-phase=review]').waitFor();
    await openTab(b, 'trials');
    await trialOn(b).locator('.trial__title', { hasText: exactly(TRIAL) }).waitFor();
    assert.match(await trialOn(b).locator('.trial__origin').innerText(), /fra et tidligere værksted/);
    assert.match(await trialOn(b).locator('.trial__meta').innerText(), /Ansvarlige: Bo · opfølgning 1\. marts 2027/);
    assert.match(await trialOn(b).getByTestId('trial-status').innerText(), /Foreslået/);
    // From here on, a reload would lose the mark: every change must arrive by itself.
    for (const page of Object.values(pages)) await page.evaluate((mark) => { /** @type {any} */ (window)[mark] = true; }, MARK);
  });

  test("in B, a learning and a new title: A's board shows them without a reload", async () => {
    const a = pages.a;
    const b = pages.b;
    await setOpen(a, true);
    await setOpen(b, true);
    await trialOn(b).getByLabel('Ny læring').fill(LEARNING);
    let at = await clickAt(trialOn(b).getByRole('button', { name: 'Tilføj' }));
    const learning = trialOn(a).locator('.learning', { has: a.locator('.learning__text', { hasText: exactly(LEARNING) }) });
    await arrives(learning, at);
    // Written in B by someone A does not know: signed with the name.
    assert.match(await learning.locator('.learning__meta').innerText(), /Lars/);
    await trialOn(b).locator('.learning__text', { hasText: exactly(LEARNING) }).waitFor();

    const title = trialOn(b).getByLabel('Titel');
    await title.fill(RENAMED);
    at = Date.now();
    await title.press('Enter');
    await arrives(trialOn(a).locator('.trial__title', { hasText: exactly(RENAMED) }), at);
    await arrives(trialOn(pages.bo).locator('.trial__title', { hasText: exactly(RENAMED) }), at);
    await trialOn(b).locator('.trial__title', { hasText: exactly(RENAMED) }).waitFor();
    // The field in A's open editor follows too.
    await a.waitForFunction((text) => /** @type {HTMLInputElement|null} */ (
      document.querySelector('.trial .trial__input[data-field=title]'))?.value === text, RENAMED);
  });

  test("in A, a change to what it tries: B's board shows it without a reload", async () => {
    const a = pages.a;
    const b = pages.b;
    await setOpen(b, false);
    const what = trialOn(a).getByLabel('Hvad vil vi prøve?');
    await what.fill(WHAT);
    const at = Date.now();
    await what.blur();
    await arrives(trialOn(b).locator('.trial__hypothesis', { hasText: WHAT + ' — Vi tror, at naboer får øje på hinanden' }), at);
    assert.equal(await trialOn(b).locator('.trial__title').innerText(), RENAMED, 'the title from B stays');
  });

  test("Bo checks in on his board in A: B's board shows the check-in without a reload", async () => {
    const bo = pages.bo;
    await setOpen(bo, true);
    await trialOn(bo).getByRole('button', { name: 'Giv en statusmelding' }).click();
    const form = bo.getByTestId('check-in-form');
    await form.getByLabel('Hvad er der sket?').fill(HAPPENED);
    await form.getByLabel('Et tal').check();
    await form.getByLabel('Tal', { exact: true }).fill('12');
    await form.getByLabel('Hvad tæller tallet?').fill('gæster');
    await form.getByLabel('Jeres forslag').selectOption('scale');
    const at = await clickAt(form.getByRole('button', { name: 'Send statusmeldingen' }));

    const b = pages.b;
    // On the closed card, the latest check-in in a line; in the open card, the whole entry.
    await arrives(trialOn(b).getByTestId('latest-check-in').filter({ hasText: /Statusmelding · .* · Bo · Foreslår: Udbred/ }), at);
    await setOpen(b, true);
    const entry = trialOn(b).locator('.learning--check-in');
    assert.equal(await entry.locator('.check-in__happened').innerText(), HAPPENED);
    assert.equal(await entry.locator('.check-in__evidence').innerText(), '12 gæster');
    assert.match(await entry.locator('.learning__meta').innerText(), /Statusmelding · .* · Bo/);
    // The learning from B is still there, before it.
    assert.deepEqual(await trialOn(b).locator('.learnings > li').evaluateAll((items) => items.map((i) => i.classList.contains('learning--check-in'))), [false, true]);
    // And on A's board, of course.
    await trialOn(pages.a).locator('.learning--check-in .check-in__happened', { hasText: exactly(HAPPENED) }).waitFor();
  });

  test("in B, the trial action is stopped: A's board and Bo's show it stopped without a reload", async () => {
    const b = pages.b;
    const at = await clickAt(trialOn(b).getByRole('button', { name: '■ Stop den' }));
    for (const page of [pages.a, pages.bo]) await arrives(trialOn(page).getByTestId('trial-status').filter({ hasText: exactly('Stoppet') }), at);
    await trialOn(b).getByTestId('trial-status').filter({ hasText: exactly('Stoppet') }).waitFor();
    // Stopped: no more steps, in either session.
    for (const page of [pages.a, b]) assert.equal(await trialOn(page).getByRole('button', { name: '■ Stop den' }).count(), 0);
  });

  test('no page was reloaded, and none had an uncaught error', async () => {
    for (const [name, page] of Object.entries(pages)) {
      assert.equal(await page.evaluate((mark) => /** @type {any} */ (window)[mark], MARK), true, name + ' kept its mark');
    }
    assert.deepEqual(rig?.errors(), []);
  });
});
