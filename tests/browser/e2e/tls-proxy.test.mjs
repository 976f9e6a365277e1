// End-to-end: a workshop through HAProxy with TLS, on the configuration that is shipped
// (deploy/haproxy/samskab.cfg), unchanged: only its environment variables differ.
//
// A self-signed certificate for 127.0.0.1 and localhost is made with openssl; the server
// runs with --trusted-proxy 127.0.0.1 (and no --allow-origin); HAProxy runs in the
// foreground on free loopback ports, loaded after a small "global" section that stands
// in for Debian's /etc/haproxy/haproxy.cfg (a stats socket, logging to stderr), as in
// production. Chromium trusts that one certificate by its public key's hash
// (--ignore-certificate-errors-spki-list), not every certificate.
// - HAProxy's health check sees the server ready (GET /readyz, 200: L7OK).
// - A facilitator creates a session over https://, a participant joins with its code
//   on another browser context, writes an idea, and the facilitator sees it live; the
//   pages are https:// and their WebSockets wss://.
// - Plain HTTP to the HTTPS port gets nothing; the HTTP port redirects to https://
//   (Host and path kept) except certbot's challenges; HTTPS answers carry HSTS; a
//   TLS 1.2 cipher without forward secrecy and AEAD is refused.
// - X-Forwarded-For: the server counts failed code look-ups per client address as
//   HAProxy saw it (127.0.0.2, over 127.0.0.1's connection from the proxy), not the
//   address a client names in its own X-Forwarded-For.
// Every wait is a condition with a timeout; there is no fixed sleep.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { X509Certificate, createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import path from 'node:path';
import tls from 'node:tls';
import { REPO, makeDataDir, removeDataDir, startServer, track } from '../support/server.mjs';
import { launchChromium, watchErrors, DESKTOP, PHONE } from '../support/browser.mjs';
import { CONNECT_MS, addIdea, arrives, card, createSession, joinByName, waitConnected, watch } from '../support/ui.mjs';

const CONFIG = path.join(REPO, 'deploy/haproxy/samskab.cfg');
const HAPROXY = process.env.SAMSKAB_HAPROXY || '/usr/sbin/haproxy';
const READY_MS = 15000;
const IDEA = 'Fælles frokost for unge og ældre';
/** A join code of the right form that no session has. */
const UNKNOWN_CODE = 'ZZZZZZ';

/** @returns {Promise<number>} a port free on 127.0.0.1 now */
function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {net.AddressInfo} */ (s.address());
      s.close(() => resolve(port));
    });
  });
}

/**
 * Asks again every 50 ms until `check` gives something truthy.
 * @template T
 * @param {() => Promise<T>} check
 * @param {string} what for the error
 * @param {() => string} log shown when it times out
 * @returns {Promise<T>}
 */
async function until(check, what, log) {
  const deadline = Date.now() + READY_MS;
  let last = /** @type {unknown} */ (null);
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(what + ' not within ' + READY_MS + ' ms (' + last + '); log:\n' + log());
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * One request; the answer with its body as text.
 * @param {string} url
 * @param {https.RequestOptions} [options]
 * @returns {Promise<{status: number, headers: http.IncomingHttpHeaders, body: string}>}
 */
function request(url, options = {}) {
  const lib = url.startsWith('https:') ? https : http;
  return new Promise((resolve, reject) => {
    const req = lib.request(url, { agent: false, timeout: 5000, ...options }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => { body += d; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', reject);
    req.end();
  });
}

/**
 * HAProxy's own view of its servers: `show stat` on its stats socket, as one object per
 * line keyed by the CSV's header.
 * @param {string} socket
 * @returns {Promise<Array<Record<string, string>>>}
 */
function showStat(socket) {
  return new Promise((resolve, reject) => {
    let text = '';
    const c = net.connect(socket, () => c.end('show stat\n'));
    c.setEncoding('utf8');
    c.on('data', (d) => { text += d; });
    c.on('error', reject);
    c.on('close', () => {
      const [head, ...rows] = text.trim().split('\n');
      const names = head.replace(/^# /, '').split(',');
      resolve(rows.map((row) => Object.fromEntries(row.split(',').map((v, i) => [names[i], v]))));
    });
  });
}

describe('a workshop through HAProxy over https:// and wss://', { timeout: 120000 }, () => {
  let dir = '';
  /** @type {Awaited<ReturnType<typeof startServer>>|null} */
  let server = null;
  /** @type {import('node:child_process').ChildProcess|null} */
  let haproxy = null;
  /** @type {Promise<unknown>} */
  let haproxyExited = Promise.resolve();
  let haproxyLog = '';
  /** @type {http.Server|null} stands in for certbot's standalone server */
  let certbot = null;
  /** @type {import('playwright-core').Browser|null} */
  let browser = null;
  let certificate = '';
  let base = '';
  let httpPort = 0;
  let httpsPort = 0;
  /** @type {string[][]} */
  let errors = [];

  before(async () => {
    assert.ok(existsSync(HAPROXY), 'no HAProxy at ' + HAPROXY + ' (apt-get install haproxy, or set SAMSKAB_HAPROXY)');
    dir = makeDataDir();
    const cert = path.join(dir, 'cert.pem');
    const key = path.join(dir, 'key.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
      '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost',
      '-keyout', key, '-out', cert], { stdio: 'pipe' });
    certificate = readFileSync(cert, 'utf8');
    // HAProxy takes one PEM with the certificate (and its chain) and the key.
    writeFileSync(path.join(dir, 'samskab.pem'), certificate + readFileSync(key, 'utf8'), { mode: 0o600 });

    server = await startServer({ dataDir: dir, args: ['--trusted-proxy', '127.0.0.1'] });
    certbot = http.createServer((req, res) => res.end('certbot:' + req.url));
    await new Promise((resolve) => certbot?.listen(0, '127.0.0.1', () => resolve(undefined)));
    httpsPort = await freePort();
    do httpPort = await freePort(); while (httpPort === httpsPort);
    base = 'https://127.0.0.1:' + httpsPort;

    // What Debian's /etc/haproxy/haproxy.cfg holds in production, for this test.
    const stats = path.join(dir, 'haproxy.sock');
    writeFileSync(path.join(dir, 'global.cfg'),
      'global\n    stats socket ' + stats + ' mode 600 level user\n    log stderr format raw local0\n');
    haproxy = spawn(HAPROXY, ['-db', '-f', path.join(dir, 'global.cfg'), '-f', CONFIG], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        SAMSKAB_HTTPS_BIND: '127.0.0.1:' + httpsPort,
        SAMSKAB_HTTP_BIND: '127.0.0.1:' + httpPort,
        SAMSKAB_TLS_CERT: path.join(dir, 'samskab.pem'),
        SAMSKAB_UPSTREAM: '127.0.0.1:' + server.port,
        SAMSKAB_ACME_UPSTREAM: '127.0.0.1:' + /** @type {net.AddressInfo} */ (certbot.address()).port,
      },
    });
    haproxyExited = track(haproxy);
    for (const out of [haproxy.stdout, haproxy.stderr]) out?.on('data', (d) => { haproxyLog = (haproxyLog + d).slice(-20000); });
    haproxy.on('exit', (code, signal) => { haproxyLog += '\n[haproxy exited: ' + (signal || code) + ']'; });

    // Its health check has asked the server's /readyz and got 200.
    await until(async () => (await showStat(stats)).find((s) => s.pxname === 'samskab' && s.svname === 'samskab' &&
      s.status === 'UP' && s.check_status === 'L7OK' && s.check_code === '200'), 'HAProxy seeing the server ready', () => haproxyLog);

    // Chromium trusts this one certificate, by the SHA-256 of its public key.
    const spki = new X509Certificate(certificate).publicKey.export({ type: 'spki', format: 'der' });
    browser = await launchChromium(['--ignore-certificate-errors-spki-list=' + createHash('sha256').update(spki).digest('base64')]);
  });

  after(async () => {
    await browser?.close();
    if (haproxy && haproxy.exitCode === null && haproxy.signalCode === null) haproxy.kill('SIGTERM');
    await haproxyExited;
    server?.kill();
    certbot?.close();
    if (dir) removeDataDir(dir);
  });

  test('a participant\'s idea reaches the facilitator live, over https:// pages and wss:// sockets', async () => {
    const people = /** @type {const} */ ([['facilitator', DESKTOP], ['participant', PHONE]]);
    /** @type {string[]} */
    const sockets = [];
    const [f, p] = await Promise.all(people.map(async ([name, device]) => {
      const context = await /** @type {import('playwright-core').Browser} */ (browser).newContext({ ...device, locale: 'da-DK' });
      const page = await context.newPage();
      page.setDefaultTimeout(CONNECT_MS);
      page.on('websocket', (ws) => sockets.push(ws.url()));
      errors.push(watchErrors(page, name));
      return page;
    }));
    watch([['facilitator', f], ['participant', p]]);

    const code = await createSession(f, base);
    assert.equal(await f.inputValue('#created-join-link'), base + '/join/' + code);
    await f.click('[data-action=open-board]');
    await waitConnected(f);
    await joinByName(p, base + '/join/' + code, 'Anna');
    await f.locator('[data-action=phase-next]').click();
    await p.locator('.phase--current[data-phase=ideas]').waitFor();

    await arrives(card(f, IDEA), await addIdea(p, 'Idéer', IDEA));

    assert.equal(f.url(), base + '/board/' + code);
    assert.ok(p.url().startsWith(base + '/'), p.url());
    assert.ok(sockets.length >= 2, 'a WebSocket for each page: ' + sockets.join(', '));
    for (const url of sockets) assert.equal(url, 'wss://127.0.0.1:' + httpsPort + '/ws');
  });

  test('plain HTTP gets no page from the HTTPS port and a redirect from the HTTP port; HTTPS answers carry HSTS', async () => {
    await assert.rejects(request('http://127.0.0.1:' + httpsPort + '/'), 'the TLS port answers no plain HTTP');

    const redirect = await request('http://127.0.0.1:' + httpPort + '/join/ABC234?lang=da', { headers: { Host: 'samskab.example.dk' } });
    assert.equal(redirect.status, 301);
    assert.equal(redirect.headers.location, 'https://samskab.example.dk/join/ABC234?lang=da');
    // certbot renews over plain HTTP: its challenges are passed to it, not redirected.
    const challenge = await request('http://127.0.0.1:' + httpPort + '/.well-known/acme-challenge/t0k3n');
    assert.deepEqual([challenge.status, challenge.body], [200, 'certbot:/.well-known/acme-challenge/t0k3n']);

    const page = await request(base + '/', { ca: certificate });
    assert.equal(page.status, 200);
    assert.equal(page.headers['strict-transport-security'], 'max-age=63072000');
  });

  test('the metrics are not served through the proxy', async () => {
    for (const target of ['/metrics', '/metrics?x=1', '/metricsx']) {
      const answer = await request(base + target, { ca: certificate });
      assert.equal(answer.status, 403, target);
      assert.ok(!answer.body.includes('samskab_'), target);
    }
    // Straight to the server, from loopback, they are there: the proxy is what refused.
    assert.equal((await request('http://127.0.0.1:' + server?.port + '/metrics')).status, 200);
  });

  test('TLS 1.3 and 1.2 only, with forward-secret AEAD ciphers', async () => {
    /** @param {tls.ConnectionOptions} options @returns {Promise<string>} the protocol agreed */
    const handshake = (options) => new Promise((resolve, reject) => {
      const s = tls.connect({ host: '127.0.0.1', port: httpsPort, ca: certificate, ...options }, () => {
        resolve(String(s.getProtocol()));
        s.end();
      });
      s.on('error', reject);
    });
    assert.equal(await handshake({}), 'TLSv1.3');
    assert.equal(await handshake({ maxVersion: 'TLSv1.2' }), 'TLSv1.2');
    // Refused by HAProxy (its alert), not by this client: SECLEVEL=0 lets it offer them.
    await assert.rejects(handshake({ maxVersion: 'TLSv1.2', ciphers: 'ECDHE-ECDSA-AES128-SHA256:ECDHE-ECDSA-AES128-SHA:@SECLEVEL=0' }),
      { code: 'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE' }, 'a CBC cipher');
    await assert.rejects(handshake({ minVersion: 'TLSv1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT:@SECLEVEL=0' }),
      { code: 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION' }, 'TLS 1.1');
  });

  test('the server counts a client by the address HAProxy saw, not by the X-Forwarded-For the client sent', async () => {
    // From 127.0.0.2, each look-up of an unknown code names another address of its own.
    let refusedAfter = 0;
    for (let i = 1; i <= 50 && !refusedAfter; i++) {
      const answer = await request(base + '/api/sessions/' + UNKNOWN_CODE,
        { ca: certificate, localAddress: '127.0.0.2', headers: { 'X-Forwarded-For': '203.0.113.' + i } });
      if (answer.status === 429) refusedAfter = i - 1;
      else assert.equal(answer.status, 404, answer.body);
    }
    assert.ok(refusedAfter > 0, 'look-ups from one client under ever new X-Forwarded-For names were never limited');
    // The proxy's own address, 127.0.0.1 (this test's other client), was not counted.
    assert.equal((await request(base + '/api/sessions/' + UNKNOWN_CODE, { ca: certificate })).status, 404);
  });

  test('no page had an uncaught error', () => {
    assert.deepEqual(errors.flat(), []);
  });
});
