// Accessibility checks with axe-core (from npm, in node_modules): injects it into a page,
// runs every rule it runs by default, and keeps the violations that are serious or
// critical, each told as its rule, the element and the page. Saves a screenshot of each
// page it checks under tests/browser/test-results/ (ignored by git), to look at by eye.

import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
export const AXE_SCRIPT = require.resolve('axe-core/axe.min.js');
export const RESULTS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../test-results');
const FAILING = new Set(['serious', 'critical']);

/**
 * Runs axe on a page as it is now.
 * @param {import('playwright-core').Page} page
 * @param {string} name the page, for the messages ("citizen, vote")
 * @returns {Promise<string[]>} one line per serious or critical violation on one element
 */
export async function axeViolations(page, name) {
  if (!await page.evaluate(() => 'axe' in globalThis)) await page.addScriptTag({ path: AXE_SCRIPT });
  const violations = await page.evaluate(async () => {
    // @ts-ignore: injected above
    const result = await globalThis.axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((/** @type {any} */ v) => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.map((/** @type {any} */ n) => ({ target: n.target.join(' '), html: n.html, summary: n.failureSummary })),
    }));
  });
  const lines = [];
  for (const v of violations) {
    if (!FAILING.has(v.impact)) continue;
    for (const n of v.nodes) {
      lines.push(name + ': ' + v.id + ' (' + v.impact + ', ' + v.help + ') at ' + n.target + '\n    ' +
        n.html.slice(0, 300) + '\n    ' + String(n.summary).replace(/\n/g, '\n    '));
    }
  }
  return lines;
}

/**
 * Saves a full-page screenshot as test-results/<name>.png.
 * @param {import('playwright-core').Page} page
 * @param {string} name
 */
export async function screenshot(page, name) {
  mkdirSync(RESULTS_DIR, { recursive: true });
  await page.screenshot({ path: path.join(RESULTS_DIR, name.replace(/[^\w.-]+/g, '-') + '.png'), fullPage: true });
}

/**
 * Checks each page with axe and saves its screenshot.
 * @param {string} step what the pages show ("ideas")
 * @param {Array<[string, import('playwright-core').Page]>} pages
 * @returns {Promise<string[]>} the violations of all of them
 */
export async function checkPages(step, pages) {
  const all = [];
  for (const [who, page] of pages) {
    all.push(...await axeViolations(page, who + ' (' + step + ', ' + new URL(page.url()).pathname + ')'));
    await screenshot(page, step + '-' + who);
  }
  return all;
}
