// Launches Debian's Chromium for the browser tests, and sets up a workshop's server and
// pages. Nothing here downloads a browser; the flags keep Chromium from calling home on
// a closed network.
import { chromium } from 'playwright-core';
import { startServer, makeDataDir, removeDataDir } from './server.mjs';

export const CHROMIUM = process.env.SAMSKAB_CHROMIUM || '/usr/bin/chromium';
const ARGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/**
 * @param {string[]} [extra] more command-line flags for Chromium
 * @returns {Promise<import('playwright-core').Browser>}
 */
export function launchChromium(extra = []) {
  return chromium.launch({ executablePath: CHROMIUM, args: [...ARGS, ...extra] });
}

/**
 * Records the page's uncaught errors and console errors, so a test can assert there
 * were none. Errors of WebSocket connections are left out: while the server restarts,
 * Chromium logs every failed reconnect attempt, and that is expected.
 * @param {import('playwright-core').Page} page
 * @param {string} name for the messages
 * @returns {string[]} filled as errors happen
 */
export function watchErrors(page, name) {
  const errors = [];
  page.on('pageerror', (err) => errors.push(name + ' pageerror: ' + err.message));
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const text = msg.text();
    if (/WebSocket connection to .* failed/.test(text)) return;
    if (/Failed to load resource: net::ERR_CONNECTION_REFUSED/.test(text)) return;
    errors.push(name + ' console: ' + text);
  });
  return errors;
}

/** The devices of the end-to-end tests: a phone, a laptop and the big screen in the room. */
export const PHONE = Object.freeze({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
export const DESKTOP = Object.freeze({ viewport: { width: 1366, height: 900 } });
export const BIG_SCREEN = Object.freeze({ viewport: { width: 1920, height: 1080 } });

/**
 * What most end-to-end tests start with: the server on a free port with a new database,
 * one Chromium, and a page of its own (its own context: storage, cookies) for each
 * person, each watched for errors. close() stops and removes all of it.
 * @template {string} Name
 * @param {Record<Name, import('playwright-core').BrowserContextOptions>} people
 * @param {number} timeout the pages' default timeout for waits, in ms
 */
export async function startWorkshop(people, timeout) {
  const dataDir = makeDataDir();
  /** @type {Awaited<ReturnType<typeof startServer>>|null} */
  let server = null;
  /** @type {import('playwright-core').Browser|null} */
  let browser = null;
  const close = async () => {
    await browser?.close();
    server?.kill();
    removeDataDir(dataDir);
  };
  try {
    server = await startServer({ dataDir });
    browser = await launchChromium();
    const pages = /** @type {Record<Name, import('playwright-core').Page>} */ ({});
    /** @type {string[][]} */
    const errors = [];
    for (const name of /** @type {Name[]} */ (Object.keys(people))) {
      const context = await browser.newContext(people[name]);
      const page = await context.newPage();
      page.setDefaultTimeout(timeout);
      pages[name] = page;
      errors.push(watchErrors(page, name));
    }
    return { base: server.url, server, browser, pages, errors: () => errors.flat(), close };
  } catch (err) {
    await close();
    throw err;
  }
}
