// End-to-end: honest connection feedback on a phone (360×740, touch) whose network hangs.
// The citizen's page talks to the server through a TCP relay in this test, which can
// freeze: it stops passing the server's bytes to the phone without closing anything,
// as a dead mobile network or NAT entry does (Playwright's offline mode would leave the
// WebSocket open and working). The facilitator is connected directly.
// - An idea sent into the hang shows at once as pending; within 5 s the phone says the
//   connection is lost, beside the box to write in, which stays usable.
// - The server did get that idea (only its answer was lost): after the network comes
//   back it is on both boards exactly once. A second idea written while the connection
//   was down is sent on return, also exactly once.
// Every wait is a condition with a timeout; there is no fixed sleep.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { startWorkshop, DESKTOP } from '../support/browser.mjs';
import { CONNECT_MS, card, column, createSession, joinByName, waitConnected } from '../support/ui.mjs';
import { screenshot } from '../support/axe.mjs';

const PHONE_360 = Object.freeze({ viewport: { width: 360, height: 740 }, hasTouch: true, isMobile: true, locale: 'da-DK' });
const FIRST = 'Fælles frokost for unge og ældre';
const SECOND = 'Lektiecafé på biblioteket';
/** How soon a hang must show, from the moment the idea is sent. */
const LOST_WITHIN_MS = 5000;

/**
 * A TCP relay on 127.0.0.1 to the server. freeze(): the server's bytes are dropped
 * (nothing is closed: the phone's side just goes silent); thaw(): the frozen
 * connections are cut, as a network that comes back does, and new ones pass again.
 * @param {number} port the server's
 */
async function startRelay(port) {
  let frozen = false;
  /** @type {Set<net.Socket>} */
  const sockets = new Set();
  const server = net.createServer((client) => {
    const upstream = net.connect(port, '127.0.0.1');
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => s.destroy());
    }
    client.on('data', (d) => upstream.write(d));
    upstream.on('data', (d) => {
      if (!frozen) client.write(d);
    });
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const address = /** @type {net.AddressInfo} */ (server.address());
  return {
    url: 'http://127.0.0.1:' + address.port,
    freeze() {
      frozen = true;
    },
    thaw() {
      frozen = false;
      for (const s of sockets) s.destroy();
    },
    close() {
      for (const s of sockets) s.destroy();
      server.close();
    },
  };
}

describe('a phone whose network hangs', { timeout: 120000 }, () => {
  /** @type {Awaited<ReturnType<typeof startWorkshop<'facilitator'|'citizen'>>>|null} */
  let rig = null;
  /** @type {Awaited<ReturnType<typeof startRelay>>|null} */
  let relay = null;
  /** @type {import('playwright-core').Page} */
  let f;
  /** @type {import('playwright-core').Page} */
  let c;

  before(async () => {
    rig = await startWorkshop({ facilitator: { ...DESKTOP, locale: 'da-DK' }, citizen: PHONE_360 }, CONNECT_MS);
    relay = await startRelay(rig.server.port);
    f = rig.pages.facilitator;
    c = rig.pages.citizen;
    const code = await createSession(f, rig.base);
    await f.click('[data-action=open-board]');
    await waitConnected(f);
    await joinByName(c, relay.url + '/join/' + code, 'Anna');
    await f.locator('[data-action=phase-next]').click();
    await c.locator('.phase--current[data-phase=ideas]').waitFor();
  });

  after(async () => {
    relay?.close();
    await rig?.close();
  });

  test('an idea sent into the hang shows as pending at once, and the lost connection within 5 s, beside the box', async () => {
    const box = column(c, 'Idéer').locator('.composer textarea');
    relay?.freeze();
    await box.fill(FIRST);
    const sentAt = Date.now();
    await column(c, 'Idéer').locator('[data-action=add-idea]').click();
    const pendingIdea = column(c, 'Idéer').locator('[data-testid=pending-idea]', { hasText: FIRST });
    await pendingIdea.waitFor({ timeout: 1000 });
    assert.equal(await pendingIdea.getAttribute('aria-busy'), 'true');
    const notice = column(c, 'Idéer').locator('[data-testid=composer-connection]');
    await notice.filter({ hasText: /Forbindelsen er afbrudt|Ingen forbindelse/ }).waitFor({ timeout: LOST_WITHIN_MS });
    const tookMs = Date.now() - sentAt;
    assert.ok(tookMs <= LOST_WITHIN_MS, 'the hang showed after ' + tookMs + ' ms');
    assert.notEqual(await c.locator('[data-testid=connection]').getAttribute('data-state'), 'connected');
    assert.match(await pendingIdea.textContent() || '', /Venter på forbindelsen/);
    // The box stays where the person is looking, and takes what they write.
    assert.equal(await box.isVisible(), true);
    assert.equal(await box.isEditable(), true);
    for (const [what, locator] of /** @type {Array<[string, import('playwright-core').Locator]>} */ ([['the notice', notice], ['the box', box]])) {
      const where = await locator.boundingBox();
      assert.ok(where && where.y >= 0 && where.y + where.height <= 740, what + ' is on the screen: ' + JSON.stringify(where));
    }
    await box.fill(SECOND);
    await column(c, 'Idéer').locator('[data-action=add-idea]').click();
    await column(c, 'Idéer').locator('[data-testid=pending-idea]', { hasText: SECOND }).waitFor();
    await screenshot(c, 'phone-connection-lost');
    // The server took the first idea (only its answer was held back): the facilitator has it.
    await card(f, FIRST).waitFor();
  });

  test('when the network is back, each idea is on both boards exactly once', async () => {
    relay?.thaw();
    await waitConnected(c, 20000);
    for (const page of [c, f]) {
      for (const text of [FIRST, SECOND]) await card(page, text).waitFor();
    }
    await c.locator('[data-testid=pending-idea]').waitFor({ state: 'detached' });
    for (const page of [c, f]) {
      for (const text of [FIRST, SECOND]) assert.equal(await card(page, text).count(), 1, text + ' once');
    }
    assert.equal(await column(c, 'Idéer').locator('[data-testid=composer-connection]').textContent(), '');
    await screenshot(c, 'phone-connection-back');
  });

  test('no page had an uncaught error', () => {
    assert.deepEqual(rig?.errors(), []);
  });
});
