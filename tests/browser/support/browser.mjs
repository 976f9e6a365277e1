// Launches Debian's Chromium for the browser tests. Nothing here downloads a browser;
// the flags keep Chromium from calling home on a closed network.
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.SAMSKAB_CHROMIUM || '/usr/bin/chromium';
const ARGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** @returns {Promise<import('playwright-core').Browser>} */
export function launchChromium() {
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS });
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
