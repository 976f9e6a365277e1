// What the end-to-end tests do with the client's pages: find columns, cards and
// controls the way a person would see them, wait for the connection, and check that a
// change shows on another page within PROPAGATION_MS. Every wait is a condition with a
// timeout; there is no fixed sleep.

export const PROPAGATION_MS = 1000;
export const CONNECT_MS = 10000;

/** @param {string} text @returns {RegExp} matching exactly this text */
export function exactly(text) {
  return new RegExp('^' + text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') + '$');
}

/** @param {import('playwright-core').Page} page @param {string} title */
export function column(page, title) {
  return page.locator('.column').filter({ has: page.locator('.column__title', { hasText: exactly(title) }) });
}

/**
 * The idea card with exactly this text, on a page or within a locator.
 * @param {import('playwright-core').Page|import('playwright-core').Locator} scope
 * @param {string} text
 */
export function card(scope, text) {
  const page = 'page' in scope && typeof scope.page === 'function' ? scope.page() : scope;
  return scope.locator('.card').filter({ has: page.locator('.card__text', { hasText: exactly(text) }) });
}

/** @param {import('playwright-core').Page} page */
export function connection(page) {
  return page.locator('[data-testid=connection]');
}

/** @param {import('playwright-core').Page} page @param {number} [timeout] */
export async function waitConnected(page, timeout = CONNECT_MS) {
  await page.locator('[data-testid=connection][data-state=connected]').waitFor({ timeout });
}

/**
 * Makes `arrives` able to say which pages were connected when something was late.
 * @param {Array<[string, import('playwright-core').Page]>} pages
 */
export function watch(pages) {
  watched.push(...pages);
}
/** @type {Array<[string, import('playwright-core').Page]>} */
const watched = [];

/**
 * Waits for a change to show within PROPAGATION_MS of `at`. When it is late, it waits
 * on to tell by how much, so a failure says "slow" or "lost".
 * @param {import('playwright-core').Locator} locator
 * @param {number} at Date.now() when the change was made
 * @param {'visible'|'detached'|'hidden'} [state]
 */
export async function arrives(locator, at, state = 'visible') {
  try {
    await locator.waitFor({ state, timeout: Math.max(1, PROPAGATION_MS - (Date.now() - at)) });
  } catch {
    let when = 'not within ' + CONNECT_MS + ' ms either';
    try {
      await locator.waitFor({ state, timeout: CONNECT_MS });
      when = 'only after ' + (Date.now() - at) + ' ms';
    } catch {
      // Lost, not late: say so below.
    }
    const states = await Promise.all(watched.map(async ([name, page]) =>
      name + ': ' + await page.locator('[data-testid=connection]').getAttribute('data-state', { timeout: 1000 }).catch(() => '?')));
    throw new Error(locator + ' (' + state + ') did not arrive within ' + PROPAGATION_MS + ' ms of the change, but ' +
      when + '; connections now: ' + states.join(', '));
  }
}

/**
 * Clicks once the control can be clicked, and returns the moment of the click (so a
 * wait for its effect does not count the time the control took to appear).
 * @param {import('playwright-core').Locator} locator
 */
export async function clickAt(locator) {
  await locator.click({ trial: true });
  const at = Date.now();
  await locator.click();
  return at;
}

/**
 * Types an idea into a column's box and presses Enter.
 * @returns {Promise<number>} the moment of the add
 */
export async function addIdea(page, columnTitle, text) {
  const box = column(page, columnTitle).locator('textarea.composer__input');
  await box.fill(text);
  const at = Date.now();
  await box.press('Enter');
  return at;
}

/**
 * A facilitator fills in the start page of `base` and creates a session without private
 * writing (each idea shows on the board as it comes); the page then shows its code.
 * @param {import('playwright-core').Page} page
 * @param {string} base the server's address
 * @returns {Promise<string>} the join code, without its dash
 */
export async function createSession(page, base) {
  await page.goto(base + '/');
  await page.fill('#create-title', 'Velfærd med færre hænder');
  await page.fill('#create-question', 'Hvad ville gøre den største forskel?');
  await page.fill('#create-name', 'Mette');
  await page.uncheck('#create-private');
  await page.click('[data-action=create]');
  return ((await page.locator('[data-testid=display-code]').textContent()) || '').replace('-', '');
}

/**
 * Opens a join link and joins with a name, then waits for the connection.
 * @param {import('playwright-core').Page} page
 * @param {string} link
 * @param {string} name
 */
export async function joinByName(page, link, name) {
  await page.goto(link);
  await page.fill('#join-name', name);
  await page.click('[data-action=join]');
  await waitConnected(page);
}

/** The board as the page shows it: column titles and idea texts, in order. */
export function shownBoard(page) {
  return page.evaluate(() => [...document.querySelectorAll('.column')].map((c) => ({
    title: c.querySelector('.column__title')?.textContent,
    ideas: [...c.querySelectorAll('.card .card__text')].map((t) => t.textContent),
  })));
}

/**
 * Waits until the page shows exactly this board.
 * @param {import('playwright-core').Page} page
 * @param {Array<{title: string, ideas: string[]}>} expected
 * @returns {Promise<Array<{title: string, ideas: string[]}>>} what it shows (equal to expected unless timed out)
 */
export async function showsBoard(page, expected) {
  const want = JSON.stringify(expected);
  try {
    await page.waitForFunction((json) => JSON.stringify([...document.querySelectorAll('.column')].map((c) => ({
      title: c.querySelector('.column__title')?.textContent,
      ideas: [...c.querySelectorAll('.card .card__text')].map((t) => t.textContent),
    }))) === json, want, { timeout: CONNECT_MS });
  } catch {
    // The caller's assertion shows the difference.
  }
  return shownBoard(page);
}

/**
 * Opens a tab of the board.
 * @param {import('playwright-core').Page} page
 * @param {'board'|'trials'|'results'|'people'|'outcome'|'console'} name
 */
export async function openTab(page, name) {
  await page.locator('.tab[data-tab=' + name + ']').click();
  await page.locator('.tab[data-tab=' + name + '][aria-selected=true]').waitFor();
}

/**
 * Makes (or renews) the invitation link for a role in the facilitator's console, which
 * must be open.
 * @param {import('playwright-core').Page} page
 * @param {string} role
 * @returns {Promise<string>} the link
 */
export async function makeInvitation(page, role) {
  const row = page.locator('.invite[data-role=' + role + ']');
  const link = row.locator('input.invite__link');
  const old = await link.count() ? await link.inputValue() : '';
  await row.locator('[data-action=renew-invite]').click();
  await page.waitForFunction(([r, o]) => {
    const input = /** @type {HTMLInputElement|null} */ (document.querySelector('.invite[data-role=' + r + '] input.invite__link'));
    return Boolean(input && input.value && input.value !== o);
  }, [role, old]);
  return link.inputValue();
}

/**
 * Saves a full-page screenshot when $SAMSKAB_SCREENSHOTS names a folder (for looking
 * at the pages by eye); does nothing otherwise.
 * @param {import('playwright-core').Page} page
 * @param {string} name
 */
export async function snap(page, name) {
  const dir = process.env.SAMSKAB_SCREENSHOTS;
  if (dir) await page.screenshot({ path: dir.replace(/\/$/, '') + '/' + name + '.png', fullPage: true });
}

/**
 * Joins a session from `page` (on the server's origin) over a WebSocket of its own with a
 * participant's token, sends `commands` one after the other (each with its `ref`), and
 * returns the type of each answer ('ack' or 'error'). For a test's setup: what the page
 * shows is not involved.
 * @param {import('playwright-core').Page} page
 * @param {{code: string, token: string, commands: Array<Record<string, unknown>>}} args
 * @returns {Promise<string[]>}
 */
export async function sendCommands(page, args) {
  return page.evaluate(async ({ code, token, commands }) => {
    const ws = new WebSocket(location.origin.replace(/^http/, 'ws') + '/ws');
    /** @type {Map<string, (m: any) => void>} */
    const waiting = new Map();
    await new Promise((resolve, reject) => {
      ws.onerror = () => reject(new Error('the WebSocket failed'));
      ws.onmessage = (ev) => {
        const msg = JSON.parse(ev.data);
        if (msg.type === 'welcome') resolve(msg);
        if ((msg.type === 'ack' || msg.type === 'error') && waiting.has(msg.ref)) waiting.get(msg.ref)?.(msg);
      };
      ws.onopen = () => ws.send(JSON.stringify({ type: 'join', protocol: 1, code, token }));
    });
    const answers = [];
    for (const c of commands) {
      answers.push(await new Promise((resolve) => {
        waiting.set(String(c.ref), resolve);
        ws.send(JSON.stringify(c));
      }));
    }
    ws.close();
    return answers.map((a) => /** @type {any} */ (a).type);
  }, args);
}
