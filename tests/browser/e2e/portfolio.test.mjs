// End-to-end: a workspace's portfolio with the real server and Chromium. The operator
// creates the workspace on the server's command line; a workshop is made in it with the
// admin's link (the API's way) and a manager link is made. The facilitator's board
// (desktop) invites a staff member, Bo, who joins on his phone; the facilitator proposes
// two trial actions owned by Bo, one with a review date long past (2026-01-15) and one in
// the future, which are approved (through the portfolio's API, as a manager). The manager
// opens the portfolio from the workspace's page: both trial actions, the old one marked
// overdue in words; the "overdue only" filter leaves it alone, stands in the address, and
// a reload keeps it. The manager opens it; Bo checks in through his personal link in a
// browser of his own, and the manager's open trial action shows the check-in as it
// arrives, without a reload, the details still open and the focus where it was. The
// manager records an "adapt" decision (the missing note is told beside the form, then
// sent with a note and her name), which shows, and the trial action runs. The admin, on
// a phone, sets the overload limit to 1 with two running: the manager's page warns at
// once. A trial action evaluated as one that worked is marked to spread from the portfolio
// and is listed apart. While the server is away the page says, discreetly, that it
// reconnects, and follows the changes again once it is back. axe-core checks the pages; nothing is wider than the phone.
//
// Every wait is a condition with a timeout; there is no fixed sleep.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startServer, makeDataDir, removeDataDir, SERVER_BINARY } from '../support/server.mjs';
import { launchChromium, watchErrors, DESKTOP, PHONE } from '../support/browser.mjs';
import { checkPages } from '../support/axe.mjs';
import { CONNECT_MS, arrives, clickAt, exactly, makeInvitation, openTab, sendCommands, waitConnected } from '../support/ui.mjs';
import { SORTS, portfolioOrder } from '../../../web-client/js/portfolio.js';

const NAME = 'Dragør Kommune';
const SESSION = 'Fællesskab på tværs af generationer';
const OLD = 'Bordtennis på tværs af generationer';
const NEW = 'Læseklub for børnehave og plejehjem';
const HAPPENED = 'Fire turneringer, otte faste spillere';
const NOTE = 'Flyt turneringen til fredag eftermiddag';

describe("a workspace's portfolio: filters, a check-in arriving live, a manager's decision, the overload warning", { timeout: 150000 }, () => {
  let dataDir = '';
  /** @type {Awaited<ReturnType<typeof startServer>>|null} */
  let server = null;
  /** @type {import('playwright-core').Browser} */
  let browser;
  let base = '';
  let workspaceId = '';
  let adminToken = '';
  let managerToken = '';
  let adminLink = '';
  let managerLink = '';
  let sessionCode = '';
  let facilitatorToken = '';
  let personalLink = '';
  /** @type {Record<'facilitator'|'staff'|'owner'|'manager'|'admin', import('playwright-core').Page>} */
  const pages = /** @type {any} */ ({});
  /** @type {string[][]} */
  const errors = [];

  /**
   * The workspace's API, as the tests' setup uses it.
   * @param {string} method @param {string} rest after /api/workspaces/{id} @param {string} token @param {unknown} [body]
   */
  async function api(method, rest, token, body) {
    const res = await fetch(base + '/api/workspaces/' + workspaceId + rest, {
      method, headers: { Authorization: 'Bearer ' + token, ...(body ? { 'Content-Type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    }).catch((err) => {
      throw new Error(method + ' ' + rest + ': ' + err + '; server log:\n' + server?.log().slice(-3000));
    });
    const json = await res.json();
    assert.equal(res.status, 200, method + ' ' + rest + ': ' + JSON.stringify(json));
    return json;
  }

  /** @param {string} title @returns {Promise<{session: string, id: number}>} */
  async function trialNamed(title) {
    const p = await api('GET', '/portfolio', managerToken);
    const e = p.trial_actions.find((/** @type {any} */ x) => x.trial_action.title === title);
    assert.ok(e, 'the portfolio has ' + title);
    return { session: e.session.id, id: e.trial_action.id };
  }

  /** @param {import('playwright-core').Page} page @param {string} title the item of a trial action on the portfolio page */
  const item = (page, title) => page.locator('.portfolio-item', { has: page.locator('.portfolio-item__title-text', { hasText: exactly(title) }) });

  before(async () => {
    dataDir = makeDataDir();
    server = await startServer({ dataDir });
    base = server.url;
    const out = execFileSync(SERVER_BINARY, ['workspace', 'create', '--db', path.join(dataDir, 'samskab.db'),
      '--name', NAME, '--public-url', base], { encoding: 'utf8' });
    const m = /(http:\/\/\S+\/workspace\/([\w-]{16})#token=([\w-]{43}))\n/.exec(out);
    assert.ok(m, 'workspace create printed the admin link:\n' + out);
    [, adminLink, workspaceId, adminToken] = m;
    const made = await fetch(base + '/api/sessions', {
      method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: 'Bearer ' + adminToken },
      body: JSON.stringify({ title: SESSION, question: 'Hvad kunne bringe unge og ældre sammen?', workspace: workspaceId, facilitator_name: 'Mette' }),
    });
    assert.equal(made.status, 201);
    const session = await made.json();
    sessionCode = session.code;
    facilitatorToken = session.facilitator_token;
    const w = await api('POST', '/links', adminToken, { role: 'manager', action: 'renew' });
    managerToken = w.links.filter((/** @type {any} */ l) => l.role === 'manager').pop().token;
    managerLink = base + '/workspace/' + workspaceId + '#token=' + managerToken;

    browser = await launchChromium();
    // The server's Content-Security-Policy allows no inline script; axe comes as one.
    const contexts = {
      facilitator: { ...DESKTOP, locale: 'da-DK' },
      staff: { ...PHONE, locale: 'da-DK' },
      owner: { ...PHONE, locale: 'da-DK' },
      manager: { ...DESKTOP, locale: 'da-DK', bypassCSP: true },
      admin: { ...PHONE, locale: 'da-DK', bypassCSP: true },
    };
    for (const [name, options] of Object.entries(contexts)) {
      const page = await (await browser.newContext(options)).newPage();
      page.setDefaultTimeout(CONNECT_MS);
      pages[/** @type {keyof typeof pages} */ (name)] = page;
      errors.push(watchErrors(page, name));
    }
  });

  after(async () => {
    await browser?.close();
    server?.kill();
    if (dataDir) removeDataDir(dataDir);
  });

  test('the workshop gets two trial actions owned by Bo, one overdue for review, both approved', async () => {
    const f = pages.facilitator;
    await f.goto(base + '/board/' + sessionCode + '#token=' + facilitatorToken);
    await waitConnected(f);
    await openTab(f, 'console');
    const invite = await makeInvitation(f, 'staff');
    const s = pages.staff;
    await s.goto(invite);
    await s.fill('#join-name', 'Bo');
    await s.click('[data-action=join]');
    await waitConnected(s);

    await openTab(f, 'trials');
    for (const [title, start, review] of [[OLD, '2025-12-01', '2026-01-15'], [NEW, '2026-11-01', '2027-06-01']]) {
      await f.locator('[data-action=new-trial]').click();
      const form = f.locator('[data-testid=trial-form]');
      await form.getByLabel('Titel').fill(title);
      await form.getByLabel('Hvad vil vi prøve?').fill('Hver fredag i fælleshuset');
      await form.getByLabel('Vi tror, at …').fill('unge og ældre får kontakt');
      await form.getByLabel('Start').fill(start);
      await form.getByLabel('Vi ser på det igen').fill(review);
      await form.locator('label.check', { hasText: 'Bo (medarbejder)' }).locator('input').check();
      await form.locator('[data-action=create-trial]').click();
      await f.locator('.trial__title', { hasText: exactly(title) }).waitFor();
    }
    // A manager approves both (the portfolio's API: a proposed one has no answer to a check-in yet).
    for (const title of [OLD, NEW]) {
      const x = await trialNamed(title);
      await api('POST', '/decisions', managerToken, { session: x.session, trial_action: x.id, kind: 'approve', note: '', name: 'Mona' });
    }

    // Bo's personal link, from his card.
    await openTab(s, 'trials');
    const card = s.locator('.trial', { has: s.locator('.trial__title', { hasText: exactly(OLD) }) });
    await card.locator('[data-action=open-trial]').click();
    await card.locator('details.personal-link summary').click();
    personalLink = await card.locator('[data-testid=personal-link]').inputValue();
    assert.match(personalLink, /\/trial\/[\w-]{16}\/\d+#token=[\w-]{43}$/);
  });

  test('the manager opens the portfolio from the workspace page: both trial actions, the old one overdue in words', async () => {
    const m = pages.manager;
    await m.goto(managerLink);
    await m.getByTestId('workspace-name').filter({ hasText: NAME }).waitFor();
    await m.locator('[data-action=open-portfolio]').click();
    assert.equal(new URL(m.url()).pathname, '/workspace/' + workspaceId + '/portfolio');
    await m.getByTestId('portfolio-title').filter({ hasText: 'Innovationsportefølje' }).waitFor();
    await item(m, OLD).waitFor();
    await item(m, NEW).waitFor();
    assert.equal(await m.getByTestId('portfolio-count').innerText(), 'Viser 2 prøvehandlinger');
    assert.equal(await m.getByTestId('portfolio-count').getAttribute('aria-live'), 'polite');
    const old = item(m, OLD);
    assert.equal(await old.getByTestId('overdue').innerText(), '⚠ Forsinket til opfølgning');
    assert.equal(await item(m, NEW).getByTestId('overdue').isVisible(), false);
    assert.equal(await old.getByTestId('trial-status').innerText(), 'Godkendt');
    assert.match(await old.locator('dd[data-fact=owners]').innerText(), /^Bo$/);
    assert.match(await old.locator('dd[data-fact=review]').innerText(), /15\. januar 2026/);
    assert.equal(await old.locator('dd[data-fact=lastCheckIn]').innerText(), 'Ingen statusmelding endnu');
    assert.match(await old.locator('dd[data-fact=lastDecision]').innerText(), /Godkendt – Mona/);
    assert.equal(await old.locator('a.portfolio-item__session').innerText(), SESSION);
    assert.equal(new URL(await old.locator('a.portfolio-item__session').evaluate((a) => /** @type {HTMLAnchorElement} */ (a).href)).pathname,
      '/board/' + sessionCode);
    assert.equal(await m.getByTestId('portfolio-settings').isVisible(), false, 'only the admin sets the limit');
    assert.equal(await m.getByTestId('overload').isVisible(), false);
  });

  test('"overdue only" leaves the old one; the filter stands in the address and survives a reload', async () => {
    const m = pages.manager;
    await m.getByLabel('Kun dem, der er forsinket til opfølgning').check();
    await m.getByTestId('portfolio-count').filter({ hasText: 'Viser 1 prøvehandling (filtreret)' }).waitFor();
    await item(m, NEW).waitFor({ state: 'detached' });
    assert.equal(new URL(m.url()).search, '?overdue=true');
    // The sort goes to the server too, and into the address.
    await m.getByLabel('Sortér efter').selectOption('title');
    await m.waitForURL((u) => u.search === '?overdue=true&sort=title');
    await m.reload();
    await item(m, OLD).waitFor();
    assert.equal(await m.getByLabel('Kun dem, der er forsinket til opfølgning').isChecked(), true);
    assert.equal(await m.getByLabel('Sortér efter').inputValue(), 'title');
    assert.equal(await item(m, NEW).count(), 0);
    assert.equal(await m.getByTestId('portfolio-count').innerText(), 'Viser 1 prøvehandling (filtreret)');

    // The spreadsheet holds what the page shows: the same filter, the old one only.
    const [dl] = await Promise.all([m.waitForEvent('download'), m.locator('[data-action=download-portfolio]').click()]);
    assert.match(dl.suggestedFilename(), /^samskab-[A-Za-z0-9_-]{16}-portfolio\.csv$/);
    const where = await dl.path();
    assert.ok(where, 'the CSV was saved');
    const csv = readFileSync(where, 'utf8');
    assert.ok(csv.startsWith('\uFEFFsession_id,session,'), 'a BOM and the header: ' + csv.slice(0, 40));
    const rows = csv.split('\r\n').filter(Boolean);
    assert.equal(rows.length, 2, csv);
    assert.ok(rows[1].includes(OLD) && rows[1].includes(',yes,'), 'the overdue one, marked so: ' + rows[1]);
    assert.ok(!csv.includes(NEW));
  });

  test("the manager opens the overdue one; Bo's check-in through his personal link arrives without a reload", async () => {
    const m = pages.manager;
    const old = item(m, OLD);
    const toggle = old.locator('[data-action=toggle-details]');
    await toggle.click();
    assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
    const detail = old.getByTestId('portfolio-detail');
    await detail.waitFor();
    assert.match(await detail.innerText(), /Hver fredag i fælleshuset/);
    assert.match(await detail.innerText(), /Ingen statusmelding endnu/);
    assert.deepEqual(await checkPages('portfolio-manager', [['manager', m]]), []);
    await toggle.focus();
    await m.evaluate(() => { /** @type {any} */ (window).samePage = true; });

    const o = pages.owner;
    await o.goto(personalLink);
    await waitConnected(o);
    const form = o.getByTestId('check-in-form');
    await form.getByLabel('Hvad er der sket?').fill(HAPPENED);
    await form.getByLabel('Et tal').check();
    await form.getByLabel('Tal', { exact: true }).fill('8');
    await form.getByLabel('Hvad tæller tallet?').fill('faste deltagere');
    await form.getByLabel('Jeres forslag').selectOption('adapt');
    const at = await clickAt(form.locator('[data-action=send-check-in]'));

    const entry = detail.locator('.learning--check-in');
    await arrives(entry, at);
    assert.equal(await entry.locator('.check-in__happened').innerText(), HAPPENED);
    assert.equal(await entry.locator('.check-in__evidence').innerText(), '8 faste deltagere');
    assert.equal(await entry.locator('.check-in__proposal').innerText(), 'Tilpas');
    assert.match(await old.locator('dd[data-fact=lastCheckIn]').innerText(), / · Bo · Foreslår: Tilpas · 8 faste deltagere$/);
    assert.equal(await m.evaluate(() => /** @type {any} */ (window).samePage), true, 'no reload');
    assert.equal(await toggle.getAttribute('aria-expanded'), 'true', 'still open');
    assert.equal(await m.evaluate(() => document.activeElement?.getAttribute('data-action')), 'toggle-details', 'the focus stays');
  });

  test('the manager records "adapt": without a note it is told beside the form; with one it shows, and the trial action runs', async () => {
    const m = pages.manager;
    const old = item(m, OLD);
    const form = old.getByTestId('decision-form');
    const kinds = await form.getByLabel('Beslutning').locator('option').evaluateAll((os) => os.map((o) => /** @type {HTMLOptionElement} */ (o).value));
    assert.deepEqual(kinds, ['', 'park', 'continue', 'adapt', 'scale', 'stop'], 'no spread on one not evaluated');
    await form.getByLabel('Beslutning').selectOption('adapt');
    await form.getByLabel('Dit navn').fill('Mona');
    await form.locator('[data-action=send-decision]').click();
    await form.getByText('Skriv en begrundelse: alle beslutninger undtagen at fortsætte skal have en.').waitFor();
    assert.equal(await form.getByLabel(/^Begrundelse/).getAttribute('aria-invalid'), 'true');
    await form.getByLabel(/^Begrundelse/).fill(NOTE);
    const at = await clickAt(form.locator('[data-action=send-decision]'));
    await arrives(old.getByTestId('decision').filter({ hasText: 'Fortsætter i en ændret form – Mona: ' + NOTE }), at);
    assert.match(await old.locator('dd[data-fact=lastDecision]').innerText(), /Fortsætter i en ændret form – Mona: /);
    await old.getByTestId('trial-status').filter({ hasText: 'I gang' }).waitFor();
    assert.equal(await form.getByLabel(/^Begrundelse/).inputValue(), '', 'the form is ready for the next');
    // The name stays on the device.
    await m.reload();
    await item(m, OLD).locator('[data-action=toggle-details]').click();
    assert.equal(await item(m, OLD).getByTestId('decision-form').getByLabel('Dit navn').inputValue(), 'Mona');
  });

  test("the admin sets the overload limit on a phone; the manager's page warns at once", async () => {
    // The other one runs too: two running.
    const x = await trialNamed(NEW);
    await api('POST', '/decisions', managerToken, { session: x.session, trial_action: x.id, kind: 'continue', note: '', name: 'Mona' });
    const m = pages.manager;
    await m.getByTestId('portfolio-totals').filter({ hasText: '2 prøvehandlinger kører · ingen grænse' }).waitFor();

    const a = pages.admin;
    await a.goto(adminLink);
    await a.locator('[data-action=open-portfolio]').click();
    const settings = a.getByTestId('portfolio-settings');
    await settings.waitFor();
    await item(a, OLD).waitFor();
    await item(a, NEW).waitFor();
    const limit = settings.getByLabel('Advar, når flere prøvehandlinger end dette kører på én gang');
    await limit.fill('501');
    await settings.locator('[data-action=save-overload_limit]').click();
    await settings.getByText('Vælg et helt tal fra 0 til 500.').waitFor();
    await limit.fill('1');
    const at = await clickAt(settings.locator('[data-action=save-overload_limit]'));
    await settings.locator('[data-action=save-overload_limit]:not([disabled])').waitFor();
    await a.getByTestId('overload').filter({ hasText: '2 prøvehandlinger kører på én gang; arbejdsrummets grænse er 1.' }).waitFor();
    assert.equal(await limit.inputValue(), '1');
    await arrives(m.getByTestId('overload').filter({ hasText: '2 prøvehandlinger kører på én gang; arbejdsrummets grænse er 1.' }), at);
  });

  test("the admin's phone: cards no wider than the screen, the decision form, axe, and back to the workspace", async () => {
    const a = pages.admin;
    const m = pages.manager;
    await a.getByTestId('overload').waitFor();
    // The admin decides too; the phone shows cards, nothing wider than the screen.
    await item(a, NEW).locator('[data-action=toggle-details]').click();
    await item(a, NEW).getByTestId('decision-form').waitFor();
    assert.ok(await a.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'no sideways scrolling');
    assert.deepEqual(await checkPages('portfolio-admin-phone', [['admin', a], ['manager', m]]), []);
    // And back to the workspace.
    await a.locator('[data-action=back-to-workspace]').click();
    await a.getByTestId('workspace-name').filter({ hasText: NAME }).waitFor();
  });

  test('one that worked is marked to spread from the portfolio, and is listed apart', async () => {
    const f = pages.facilitator;
    const card = f.locator('.trial', { has: f.locator('.trial__title', { hasText: exactly(NEW) }) });
    if (await card.locator('[data-action=open-trial][aria-expanded=false]').count()) await card.locator('[data-action=open-trial]').click();
    await card.locator('[data-action=status-evaluate]').click();
    await card.locator('[data-action=outcome-worked]').click();

    const m = pages.manager;
    await m.goto(base + '/workspace/' + workspaceId + '/portfolio');
    const learn = item(m, NEW);
    await learn.getByTestId('trial-status').filter({ hasText: 'Evalueret' }).waitFor();
    assert.equal(await learn.locator('dd[data-fact=outcome]').innerText(), 'Det virkede');
    await learn.locator('[data-action=toggle-details]').click();
    const form = learn.getByTestId('decision-form');
    const kinds = await form.getByLabel('Beslutning').locator('option').evaluateAll((os) => os.map((o) => /** @type {HTMLOptionElement} */ (o).value));
    assert.deepEqual(kinds, ['', 'spread'], 'an evaluated one that worked can only be marked to spread');
    await form.getByLabel('Beslutning').selectOption('spread');
    await form.getByLabel(/^Begrundelse/).fill('Til alle plejehjem i kommunen');
    const at = await clickAt(form.locator('[data-action=send-decision]'));
    const spread = m.getByTestId('portfolio-spread');
    await arrives(item(m, NEW).locator('xpath=ancestor::*[@data-testid="portfolio-spread"]'), at);
    assert.match(await spread.locator('h2').innerText(), /Markeret til spredning \(1\)/);
    assert.equal(await m.getByTestId('portfolio-list').locator('.portfolio-item').count(), 1, 'not among the others');
    assert.equal(await item(m, NEW).locator('.portfolio-item__spread').innerText(), '✦ Spredes');
    assert.match(await item(m, NEW).locator('dd[data-fact=lastDecision]').innerText(), /Markeret til spredning – Mona: Til alle plejehjem i kommunen/);
  });

  test('the page orders rows as the server does, under every sort (portfolio.js portfolioOrder, for merging live changes)', async () => {
    // More trial actions, with titles that differ in case and in letters beyond ASCII,
    // review dates alike and missing, made over the facilitator's own WebSocket.
    const items = [['zebra', '2027-06-01'], ['Zebra', '2027-06-01'], ['Æblehave', ''], ['apple', '2026-01-15'], ['Øko-dag', ''], ['😀 Smil', '2027-06-01']];
    const made = await sendCommands(pages.facilitator, { code: sessionCode, token: facilitatorToken,
      commands: items.map(([title, review], i) => ({ type: 'trial.create', ref: 'o' + i, title, ...(review ? { review_date: review } : {}) })) });
    assert.deepEqual(made, Array(6).fill('ack'));
    /** @param {any} e */
    const key = (e) => e.session.id + ':' + e.trial_action.id;
    for (const sort of SORTS) {
      const p = await api('GET', '/portfolio?sort=' + sort, managerToken);
      assert.ok(p.trial_actions.length >= 8);
      const theirs = p.trial_actions.map(key);
      assert.deepEqual([...p.trial_actions].reverse().sort(portfolioOrder(sort)).map(key), theirs, sort);
    }
  });

  test('the server goes away: a discreet notice that it reconnects; back, the page follows changes again', async () => {
    const m = pages.manager;
    await item(m, OLD).waitFor();
    const port = /** @type {NonNullable<typeof server>} */ (server).port;
    await server?.stop();
    const notice = m.getByTestId('portfolio-reconnecting');
    const told = notice.filter({ hasText: 'Ingen forbindelse til serveren – prøver igen …' });
    await told.waitFor();
    assert.equal(await notice.getAttribute('role'), 'status');
    await item(m, OLD).waitFor(); // what it showed stays
    server = await startServer({ dataDir, port });
    // The pause grows 1, 2, 4 … seconds: within a few the page is back, and live.
    await told.waitFor({ state: 'hidden', timeout: 20000 });
    const x = await trialNamed(OLD);
    const at = Date.now();
    await api('POST', '/decisions', managerToken, { session: x.session, trial_action: x.id, kind: 'continue', note: '', name: 'Mona' });
    await arrives(item(m, OLD).locator('dd[data-fact=lastDecision]', { hasText: /Fortsætter – Mona$/ }), at);
  });

  test('no page had an uncaught error', () => {
    assert.deepEqual(errors.flat(), []);
  });
});
