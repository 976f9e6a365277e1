// End-to-end: a workspace's page with the real server and Chromium. The operator
// creates the workspace on the server's command line while the server runs; its admin
// opens the printed link on a laptop (the token leaves the address bar and stays on the
// device) and sees the workshop made in the workspace, makes a manager link; the manager opens it on a phone and sees
// the workspace as a manager, without the links; the admin revokes the link, and the
// manager's next visit says the link no longer works. The admin starts a workshop from
// the workspace's page, and a follow-up of the first one; the manager may not. The admin
// downloads the whole workspace as JSON (every session), which the manager may not.
// axe-core checks the pages.
//
// Every wait is a condition with a timeout; there is no fixed sleep.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { readFileSync, writeFileSync } from 'node:fs';
import { startServer, makeDataDir, removeDataDir, SERVER_BINARY } from '../support/server.mjs';
import { launchChromium, watchErrors, DESKTOP, PHONE } from '../support/browser.mjs';
import { checkPages } from '../support/axe.mjs';
import { CONNECT_MS } from '../support/ui.mjs';

const NAME = 'Dragør Kommune';
const SESSION = 'Velfærd med færre hænder';

describe('a workspace: the admin link, a manager link made, used and revoked', { timeout: 90000 }, () => {
  let dataDir = '';
  /** @type {Awaited<ReturnType<typeof startServer>>|null} */
  let server = null;
  /** @type {import('playwright-core').Browser} */
  let browser;
  let adminLink = '';
  let managerLink = '';
  /** @type {import('playwright-core').Page} */
  let admin;
  /** @type {import('playwright-core').Page} */
  let manager;
  /** @type {string[][]} */
  const errors = [];
  let firstId = '';

  before(async () => {
    dataDir = makeDataDir();
    server = await startServer({ dataDir });
    const out = execFileSync(SERVER_BINARY, ['workspace', 'create', '--db', path.join(dataDir, 'samskab.db'),
      '--name', NAME, '--public-url', server.url], { encoding: 'utf8' });
    const m = /(http:\/\/\S+\/workspace\/[\w-]{16}#token=[\w-]{43})\n/.exec(out);
    assert.ok(m, 'workspace create printed the admin link:\n' + out);
    adminLink = m[1];
    // A workshop made in the workspace with the admin's link (the API's way; the page lists it).
    const [, id, token] = /\/workspace\/([\w-]{16})#token=([\w-]{43})/.exec(adminLink) ?? [];
    const made = await fetch(server.url + '/api/sessions', {
      method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: 'Bearer ' + token },
      body: JSON.stringify({ title: SESSION, question: 'Hvad vil vi prøve?', workspace: id }),
    });
    assert.equal(made.status, 201);
    firstId = (await made.json()).id;
    browser = await launchChromium();
    // The server's Content-Security-Policy allows no inline script; axe comes as one.
    admin = await (await browser.newContext({ ...DESKTOP, bypassCSP: true, locale: 'da-DK' })).newPage();
    manager = await (await browser.newContext({ ...PHONE, bypassCSP: true, locale: 'da-DK' })).newPage();
    for (const [name, page] of /** @type {const} */ ([['admin', admin], ['manager', manager]])) {
      page.setDefaultTimeout(CONNECT_MS);
      errors.push(watchErrors(page, name));
    }
  });

  after(async () => {
    await browser?.close();
    if (server) await server.stop();
    removeDataDir(dataDir);
  });

  test('the admin opens the printed link: the workspace, the role, and the token out of the address bar', async () => {
    await admin.goto(adminLink);
    await admin.getByTestId('workspace-name').filter({ hasText: NAME }).waitFor();
    assert.match(await admin.getByTestId('workspace-role').innerText(), /administrator/);
    assert.equal(new URL(admin.url()).hash, '', 'the token is gone from the address');
    await admin.getByTestId('workspace-sessions').getByText(SESSION).waitFor();
    // On the device it stays: a reload without it still opens the workspace.
    await admin.reload();
    await admin.getByTestId('workspace-name').filter({ hasText: NAME }).waitFor();
    const admins = admin.locator('.invite[data-role="admin"] input');
    assert.equal(await admins.inputValue(), adminLink, 'the admin link is shown to the admin');
  });

  test('the admin makes a manager link, which the manager opens on a phone', async () => {
    const row = admin.locator('.invite[data-role="manager"]');
    await row.getByText('Intet link endnu.').waitFor();
    await row.locator('[data-action="renew-link"]').click();
    await row.locator('input').waitFor();
    managerLink = await row.locator('input').inputValue();
    assert.match(managerLink, /\/workspace\/[\w-]{16}#token=[\w-]{43}$/);
    assert.notEqual(managerLink, adminLink);
    // The focus stays on the button that was pressed.
    assert.equal(await admin.evaluate(() => document.activeElement?.getAttribute('data-action')), 'renew-link');

    await manager.goto(managerLink);
    await manager.getByTestId('workspace-name').filter({ hasText: NAME }).waitFor();
    assert.match(await manager.getByTestId('workspace-role').innerText(), /leder/);
    await manager.getByTestId('workspace-sessions').getByText(SESSION).waitFor();
    assert.equal(await manager.getByTestId('workspace-links').isHidden(), true, 'only the admin sees the links');
    const violations = await checkPages('workspace', [['admin', admin], ['manager', manager]]);
    assert.deepEqual(violations, []);
  });

  test('each workshop is listed with its counts, and only the admin and facilitators may start one', async () => {
    const counts = manager.getByTestId('session-counts');
    assert.equal(await counts.innerText(), '1 deltager: facilitator 1 · 0 idéer · 0 prøvehandlinger');
    assert.equal(await manager.locator('[data-action="start-workshop"]').count(), 0);
    assert.equal(await manager.locator('[data-action="follow-up"]').count(), 0);
    // Typed into the address bar anyway: the form says who may.
    const id = new URL(managerLink).pathname.split('/')[2];
    await manager.goto(server?.url + '/workspace/' + id + '/new');
    await manager.getByText('Som leder kan du ikke starte værksteder her').waitFor();
    assert.equal(await manager.locator('#create-title').count(), 0);
    await manager.locator('[data-action="back-to-workspace"]').click();
    await manager.getByTestId('workspace-name').filter({ hasText: NAME }).waitFor();
  });

  test('the admin starts a workshop from the workspace page, then a follow-up of the first', async () => {
    await admin.locator('[data-action="start-workshop"]').click();
    await admin.getByRole('heading', { name: 'Nyt værksted i ' + NAME }).waitFor();
    await admin.locator('#create-title').fill('Hverdagsrehabilitering');
    await admin.locator('#create-question').fill('Hvad kan borgeren selv?');
    await admin.locator('[data-action="create"]').click();
    await admin.getByTestId('display-code').waitFor();
    assert.deepEqual(await checkPages('workspace start', [['admin', admin]]), []);
    await admin.getByRole('link', { name: 'Tilbage til arbejdsrummet' }).click();
    const list = admin.getByTestId('workspace-sessions');
    await list.getByText('Hverdagsrehabilitering').waitFor();

    // The first workshop's follow-up: the review template and that workshop, chosen; the
    // other workshop may be followed up in the same review, but is not chosen yet.
    await admin.locator('.workspace__session', { hasText: SESSION }).locator('[data-action="follow-up"]').click();
    await admin.locator('#create-follow').waitFor();
    assert.equal(await admin.locator('#create-template-review').isChecked(), true);
    assert.equal(await admin.getByLabel(SESSION).isChecked(), true);
    assert.equal(await admin.getByLabel('Hverdagsrehabilitering').isChecked(), false);
    await admin.getByLabel('Hverdagsrehabilitering').check();
    assert.equal(await admin.getByLabel(SESSION).isChecked(), true);
    await admin.locator('#create-title').fill('Opfølgning');
    await admin.locator('#create-question').fill('Hvad lærte vi?');
    await admin.locator('[data-action="create"]').click();
    await admin.getByTestId('display-code').waitFor();
    await admin.getByRole('link', { name: 'Tilbage til arbejdsrummet' }).click();
    const review = admin.locator('.workspace__session', { hasText: 'Opfølgning' });
    await review.waitFor();
    assert.match(await review.innerText(), /opfølgning/);
    // This device made it: it can open its board from here.
    await review.getByRole('link', { name: 'Åbn: Opfølgning' }).waitFor();
  });

  test('the admin imports a session archive from a file; a broken one gets its error and nothing', async () => {
    const [, id, token] = /\/workspace\/([\w-]{16})#token=([\w-]{43})/.exec(adminLink) ?? [];
    const exported = await fetch(server?.url + '/api/sessions/' + firstId + '/export/session.json',
      { headers: { Authorization: 'Bearer ' + token } });
    assert.equal(exported.status, 200);
    const archive = await exported.json();
    const good = path.join(dataDir, 'session.json'), broken = path.join(dataDir, 'broken.json');
    writeFileSync(good, JSON.stringify(archive));
    writeFileSync(broken, JSON.stringify({ ...archive, version: 99 }));
    assert.equal(await manager.getByTestId('workspace-import').isHidden(), true, 'only the admin imports');
    const importer = admin.getByTestId('workspace-import');
    await admin.goto(server?.url + '/workspace/' + id);
    await importer.waitFor();
    await importer.getByTestId('import-file').setInputFiles(broken);
    await importer.locator('[data-action="import-session"]').click();
    await importer.locator('.notice[data-kind="error"]').filter({ hasText: '/version' }).waitFor();
    await importer.getByTestId('import-file').setInputFiles(good);
    await importer.locator('[data-action="import-session"]').click();
    await importer.getByText(/importeret med koden/).waitFor();
    const open = importer.locator('[data-action="open-imported"]');
    assert.match(await open.getAttribute('href') ?? '', /^\/board\/\w+#token=[\w-]{43}$/);
    await open.click();
    await admin.waitForURL(/\/board\//);
    await admin.goto(server?.url + '/workspace/' + id);
    await admin.getByTestId('workspace-links').waitFor();
  });

  test('the admin downloads the whole workspace as JSON, every session in it; the manager has no such button', async () => {
    const [, id, token] = /\/workspace\/([\w-]{16})#token=([\w-]{43})/.exec(adminLink) ?? [];
    await manager.goto(server?.url + '/workspace/' + id);
    await manager.getByTestId('workspace-name').filter({ hasText: NAME }).waitFor();
    assert.equal(await manager.locator('[data-action="download-workspace"]').isHidden(), true, 'only the admin has it');

    const button = admin.locator('[data-action="download-workspace"]');
    await button.filter({ hasText: 'Hent hele arbejdsrummet (JSON)' }).waitFor();
    const [dl] = await Promise.all([admin.waitForEvent('download'), button.click()]);
    assert.equal(dl.suggestedFilename(), 'samskab-' + id + '-workspace.json');
    const where = await dl.path();
    assert.ok(where, 'the file was saved');
    const doc = JSON.parse(readFileSync(where, 'utf8'));
    assert.equal(doc.format, 'samskab-workspace');
    assert.equal(doc.version, 1);
    assert.equal(doc.workspace.id, id);
    assert.equal(doc.workspace.name, NAME);
    // The four sessions the page lists (the first, the one started here, its follow-up,
    // the imported one), oldest first (by created_at, which an import keeps, then id),
    // each a session archive.
    const listed = await fetch(server?.url + '/api/workspaces/' + id + '/sessions', { headers: { Authorization: 'Bearer ' + token } });
    const sessions = (await listed.json()).sessions;
    assert.equal(sessions.length, 4);
    assert.equal(doc.sessions.length, 4);
    const order = doc.sessions.map((/** @type {any} */ a) => [a.session.created_at, a.session.id]);
    assert.deepEqual(order, [...order].sort((a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0)));
    assert.equal(order[0][0], order[1][0], 'the first session and its imported copy share their created_at');
    assert.ok([order[0][1], order[1][1]].includes(firstId));
    assert.deepEqual(doc.sessions.map((/** @type {any} */ a) => a.session.id).sort(), sessions.map((/** @type {any} */ s) => s.id).sort());
    assert.ok(doc.sessions.every((/** @type {any} */ a) => a.format === 'samskab-session'));
    assert.ok(!JSON.stringify(doc).includes(token), 'no token in it');
  });

  test('the admin sets how many months after closing the names go; the manager sees no such setting', async () => {
    const [, id, token] = /\/workspace\/([\w-]{16})#token=([\w-]{43})/.exec(adminLink) ?? [];
    await manager.goto(server?.url + '/workspace/' + id);
    await manager.getByTestId('workspace-name').filter({ hasText: NAME }).waitFor();
    assert.equal(await manager.getByTestId('workspace-retention').isHidden(), true, 'only the admin sets it');

    await admin.goto(server?.url + '/workspace/' + id);
    const panel = admin.getByTestId('workspace-retention');
    await panel.getByText('Sletning af navne').waitFor();
    const field = panel.getByLabel('Fjern deltagernes navne så mange måneder efter, at en session er lukket');
    assert.equal(await field.inputValue(), '0', 'off by default');
    // Out of range: told beside the field, nothing sent.
    await field.fill('121');
    await panel.locator('[data-action="save-retention_months"]').click();
    await panel.getByText('Vælg et helt antal måneder fra 0 til 120.').waitFor();
    assert.equal(await field.getAttribute('aria-invalid'), 'true');
    await field.fill('6');
    await panel.locator('[data-action="save-retention_months"]').click();
    await admin.getByText('Sletningen af navne er gemt.').waitFor();
    const read = await fetch(server?.url + '/api/workspaces/' + id, { headers: { Authorization: 'Bearer ' + token } });
    assert.equal((await read.json()).retention_months, 6);
    await admin.reload();
    await panel.getByText('Sletning af navne').waitFor();
    await admin.waitForFunction(() => /** @type {HTMLInputElement|null} */ (document.querySelector('[data-field="retention_months"]'))?.value === '6');
  });

  test('a revoked link no longer opens the workspace, and says so', async () => {
    const row = admin.locator('.invite[data-role="manager"]');
    await row.locator('[data-action="revoke-link"]').click();
    await row.getByText('Trukket tilbage: linket virker ikke længere.').waitFor();
    assert.equal(await row.locator('input').count(), 0);

    await manager.reload();
    await manager.locator('.notice[data-kind="error"]').waitFor();
    assert.equal(await manager.getByTestId('workspace-role').isHidden(), true);
    // The device forgot the token: the next visit asks for the link.
    await manager.reload();
    await manager.getByText('Åbn arbejdsrummet med dets link').waitFor();
  });

  test('no page logged an error but the refused link', () => {
    // A refused link is answered 403, and the broken archive 400, which Chromium logs as failed resources.
    const unexpected = errors.flat().filter((e) => !/status of (403|400)/.test(e));
    assert.deepEqual(unexpected, []);
  });
});
