// End-to-end: deleting a session from its outcome report (/outcome/{session id}), with
// the real server and Chromium, in Danish.
//
// A citizen sits on the board of a session of a workspace. The facilitator opens the
// report with his link: the deletion is offered to him (not to a workspace's viewer). The
// confirmation names the session and asks what becomes of its trial actions; nothing can
// be deleted before that is answered, and cancelling deletes nothing. Confirmed, the
// session is gone: the facilitator is taken to the start page, the citizen's board says
// the session was deleted, and the server knows it no more. Then the workspace's admin
// deletes another session from the workspace's page and comes back to it, without it;
// and a third one keeping its trial action, which stays, listed under the session's
// title as deleted, with a report that says so.
//
// Every wait is a condition with a timeout; there is no fixed sleep.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { startServer, makeDataDir, removeDataDir, SERVER_BINARY } from '../support/server.mjs';
import { DESKTOP, launchChromium, watchErrors } from '../support/browser.mjs';
import { CONNECT_MS, sendCommands, waitConnected } from '../support/ui.mjs';

const TITLE = 'Fremtidens bibliotek';
const OTHER = 'Legepladsen ved skolen';
const KEPT = 'Sundhedshuset';
const TRIAL = 'Fælles morgenmad i venteværelset';

describe('deleting a session: the facilitator and the admin confirm, the board is told, nothing is left', { timeout: 120000 }, () => {
  let dataDir = '';
  /** @type {Awaited<ReturnType<typeof startServer>>|null} */
  let server = null;
  /** @type {import('playwright-core').Browser|null} */
  let browser = null;
  /** @type {Record<'facilitator'|'citizen'|'admin'|'viewer', import('playwright-core').Page>} */
  const pages = /** @type {any} */ ({});
  /** @type {string[][]} */
  const errors = [];
  let base = '';
  let workspaceId = '';
  let adminToken = '';
  let viewerToken = '';
  /** @type {{id: string, code: string, facilitator_token: string}} */
  let first;
  /** @type {{id: string, code: string, facilitator_token: string}} */
  let second;

  /**
   * @param {string} method @param {string} rest @param {string} token @param {unknown} [body]
   * @returns {Promise<{status: number, json: any}>}
   */
  async function api(method, rest, token, body) {
    const res = await fetch(base + rest, {
      method, headers: { Authorization: 'Bearer ' + token, ...(body ? { 'Content-Type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: res.status, json: await res.json() };
  }

  before(async () => {
    dataDir = makeDataDir();
    server = await startServer({ dataDir });
    base = server.url;
    browser = await launchChromium();
    for (const name of /** @type {const} */ (['facilitator', 'citizen', 'admin', 'viewer'])) {
      const page = await (await browser.newContext({ ...DESKTOP, locale: 'da-DK' })).newPage();
      page.setDefaultTimeout(CONNECT_MS);
      pages[name] = page;
      errors.push(watchErrors(page, name));
    }
    const out = execFileSync(SERVER_BINARY, ['workspace', 'create', '--db', path.join(dataDir, 'samskab.db'),
      '--name', 'Gentofte Kommune', '--public-url', base], { encoding: 'utf8' });
    const m = /\/workspace\/([\w-]{16})#token=([\w-]{43})\n/.exec(out);
    assert.ok(m, 'workspace create printed the admin link:\n' + out);
    [, workspaceId, adminToken] = m;
    for (const title of [TITLE, OTHER]) {
      const made = await api('POST', '/api/sessions', adminToken,
        { title, question: 'Hvad mangler vi?', workspace: workspaceId, facilitator_name: 'Mads' });
      assert.equal(made.status, 201, JSON.stringify(made.json));
      if (title === TITLE) first = made.json;
      else second = made.json;
    }
    const links = await api('POST', '/api/workspaces/' + workspaceId + '/links', adminToken, { role: 'viewer', action: 'renew' });
    viewerToken = links.json.links.filter((/** @type {any} */ l) => l.role === 'viewer').pop().token;
  });

  after(async () => {
    await browser?.close();
    server?.kill();
    if (dataDir) removeDataDir(dataDir);
  });

  test("a workspace's viewer is not offered the deletion", async () => {
    const page = pages.viewer;
    await page.goto(base + '/outcome/' + first.id + '#token=' + viewerToken);
    await page.locator('[data-testid=outcome-report]').waitFor();
    assert.equal(await page.locator('[data-testid=outcome-delete]').isHidden(), true);
  });

  test('the facilitator deletes the session after naming what becomes of its trial actions; the board is told', async () => {
    const citizen = pages.citizen;
    await citizen.goto(base + '/join/' + first.code);
    await citizen.fill('#join-name', 'Karen');
    await citizen.click('[data-action=join]');
    await waitConnected(citizen);

    const page = pages.facilitator;
    await page.goto(base + '/outcome/' + first.id + '#token=' + first.facilitator_token);
    const section = page.locator('[data-testid=outcome-delete]');
    await section.waitFor();
    await section.locator('[data-action=delete-session]').click();
    const confirm = section.locator('[data-testid=delete-confirm]');
    await confirm.waitFor();
    assert.equal(await confirm.locator('[data-testid=delete-confirm-title]').textContent(), 'Slet »' + TITLE + '« for altid?');
    assert.equal(await confirm.locator('legend').textContent(), 'Hvad skal der ske med sessionens prøvehandlinger (0)?');
    // Nothing can be deleted before the trial actions' fate is chosen.
    const go = confirm.locator('[data-action=confirm-delete]');
    assert.equal(await go.isDisabled(), true);
    // Cancelling deletes nothing.
    await confirm.locator('[data-action=cancel-delete]').click();
    await confirm.waitFor({ state: 'hidden' });
    assert.equal((await api('GET', '/api/sessions/' + first.id + '/outcome', first.facilitator_token)).status, 200);

    await section.locator('[data-action=delete-session]').click();
    await confirm.getByLabel('Slet dem sammen med sessionen').check();
    assert.equal(await go.isDisabled(), false);
    await go.click();
    // The facilitator is taken to the start page; the citizen's board says it is gone.
    await page.waitForURL(base + '/');
    await citizen.locator('[data-testid=notice]', { hasText: 'Sessionen er slettet.' }).waitFor();
    // And the server knows it no more.
    assert.equal((await api('GET', '/api/sessions/' + first.id + '/outcome', first.facilitator_token)).status, 403);
    assert.equal((await fetch(base + '/api/sessions/' + first.code)).status, 404);
  });

  test("the workspace's admin deletes a session from the workspace's page and comes back to it", async () => {
    const page = pages.admin;
    await page.goto(base + '/workspace/' + workspaceId + '#token=' + adminToken);
    const sessions = page.locator('[data-testid=workspace-sessions]');
    await sessions.locator('[data-action=open-outcome]').first().waitFor();
    assert.equal(await sessions.locator('[data-action=open-outcome]').count(), 1, 'the first session is gone already');
    await sessions.locator('[data-action=open-outcome]').first().click();
    const section = page.locator('[data-testid=outcome-delete]');
    await section.locator('[data-action=delete-session]').click();
    const confirm = section.locator('[data-testid=delete-confirm]');
    assert.equal(await confirm.locator('[data-testid=delete-confirm-title]').textContent(), 'Slet »' + OTHER + '« for altid?');
    await confirm.getByLabel('Slet dem sammen med sessionen').check();
    await confirm.locator('[data-action=confirm-delete]').click();
    await page.waitForURL(base + '/workspace/' + workspaceId);
    await page.locator('[data-testid=workspace-name]').waitFor();
    assert.equal((await api('GET', '/api/workspaces/' + workspaceId + '/sessions', adminToken)).json.sessions.length, 0);
    await page.waitForFunction(() => !document.querySelector('[data-action=open-outcome]'));
    assert.deepEqual(errors.flat(), []);
    assert.ok(second.id);
  });

  test("the workspace's admin deletes a session but keeps its trial actions: they stay, under the session's title", async () => {
    const made = await api('POST', '/api/sessions', adminToken,
      { title: KEPT, question: 'Hvad prøver vi?', workspace: workspaceId, facilitator_name: 'Mads' });
    assert.equal(made.status, 201, JSON.stringify(made.json));
    const page = pages.admin;
    await page.goto(base + '/workspace/' + workspaceId + '#token=' + adminToken);
    const sessions = page.locator('[data-testid=workspace-sessions]');
    await sessions.locator('[data-action=open-outcome]').first().waitFor();
    // Its facilitator makes a trial action over the WebSocket.
    const answers = await sendCommands(page, { code: made.json.code, token: made.json.facilitator_token,
      commands: [{ type: 'phase.set', ref: 'p', phase: 'trial_actions' }, { type: 'trial.create', ref: 't', title: TRIAL }] });
    assert.deepEqual(answers, ['ack', 'ack']);

    await sessions.locator('[data-action=open-outcome]').first().click();
    const section = page.locator('[data-testid=outcome-delete]');
    await section.locator('[data-action=delete-session]').click();
    const confirm = section.locator('[data-testid=delete-confirm]');
    assert.equal(await confirm.locator('legend').textContent(), 'Hvad skal der ske med sessionens prøvehandlinger (1)?');
    await confirm.getByLabel(/^Behold dem til opfølgningerne og porteføljen/).check();
    assert.match(await confirm.locator('.field__hint').textContent() || '', /Prøvehandlingerne bliver i arbejdsrummet/);
    await confirm.locator('[data-action=confirm-delete]').click();
    await page.waitForURL(base + '/workspace/' + workspaceId);
    // Listed as deleted, its trial action kept.
    const listed = sessions.locator('li', { hasText: KEPT });
    await listed.locator('p.muted', { hasText: 'slettet – prøvehandlingerne er bevaret' }).waitFor();
    const answer = (await api('GET', '/api/workspaces/' + workspaceId + '/sessions', adminToken)).json.sessions;
    assert.equal(answer.length, 1);
    assert.ok(answer[0].deleted_at);
    assert.equal(answer[0].counts.trial_actions, 1);
    assert.equal((await api('GET', '/api/workspaces/' + workspaceId + '/portfolio', adminToken)).json.trial_actions.length, 1);
    // Its report says so, and shows the trial action.
    await listed.locator('[data-action=open-outcome]').click();
    await page.locator('[data-testid=outcome-deleted]', { hasText: 'Kun dens prøvehandlinger er bevaret.' }).waitFor();
    await page.locator('[data-testid=outcome-report]', { hasText: TRIAL }).waitFor();
    // Nobody can join it any more.
    assert.equal((await fetch(base + '/api/sessions/' + made.json.code)).status, 404);
    assert.deepEqual(errors.flat(), []);
  });
});
