// End-to-end: the board's history (PROTOCOL.md, "History") with the real server and
// Chromium. Three people play a short workshop over the server's WebSocket protocol from
// a helper page of the server's origin: private ideas and their reveal, an idea hidden by
// the facilitator, one deleted by its author, one edited, a cluster. At several seqs
// each of them opens a fresh connection and keeps the snapshot it gets.
//
// The key property: for each reader, the history read afterwards with their token,
// replayed to seq N by the client's own reducer (history.js over session-state.js), is
// the snapshot they were sent at N. One normalisation, the history's documented rule:
// the recorded snapshot is shown as the history shows the past now, without the ideas
// the reader's last snapshot no longer holds (deleted, hidden from them) and with each
// idea's text and author as they are now. Nothing else (the internal revision counter
// and presence, which no snapshot holds, are left out of the comparison).
//
// Then the facilitator opens the outcome page, loads the history and moves the slider
// with the keyboard: the board shows what it showed at that seq, and the moment's number
// and time. On a 360 px phone nothing is wider than the screen. axe-core checks it.
//
// Every wait is a condition with a timeout; there is no fixed sleep.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, makeDataDir, removeDataDir } from '../support/server.mjs';
import { launchChromium, watchErrors, DESKTOP } from '../support/browser.mjs';
import { checkPages } from '../support/axe.mjs';
import { CONNECT_MS } from '../support/ui.mjs';
import { installBots } from '../support/bots.mjs';

const A = 'Bordtennis på tværs af generationer';
const A_NOW = 'Bordtennis for alle generationer';
const B = 'Café for introverte unge';
const C = 'Skal slettes igen';
const D = 'Skjules af facilitatoren';
const CLUSTER = 'Fællesskab';
const PHONE_360 = Object.freeze({ viewport: { width: 360, height: 740 }, hasTouch: true, isMobile: true });
/** The seqs at which each reader's snapshot is recorded. */
const RECORDED = [0, 3, 4, 7, 8, 9, 10, 12];

describe("the board's history: the state at a seq is the snapshot a client had then; the slider shows it", { timeout: 120000 }, () => {
  let dataDir = '';
  /** @type {Awaited<ReturnType<typeof startServer>>|null} */
  let server = null;
  /** @type {import('playwright-core').Browser} */
  let browser;
  let base = '';
  let sessionId = '';
  let code = '';
  /** @type {Record<string, string>} each person's token */
  const tokens = {};
  /** @type {import('playwright-core').Page} */
  let bots;
  /** @type {string[][]} */
  const errors = [];
  /** @type {Record<string, number>} the ideas' ids by text */
  const ids = {};
  /** @type {Record<string, Record<number, any>>} each reader's recorded snapshot by seq */
  const recorded = { facilitator: {}, anna: {}, karl: {} };

  /**
   * Sends a command as someone and waits for its answer, which must be an ack.
   * @param {string} who @param {Record<string, unknown>} command
   */
  async function send(who, command) {
    const answer = await bots.evaluate(([w, c]) => /** @type {any} */ (globalThis).bots.send(w, c), /** @type {const} */ ([who, command]));
    assert.equal(answer.type, 'ack', who + ' ' + JSON.stringify(command) + ': ' + JSON.stringify(answer));
    return answer;
  }

  /** @param {string} who @param {string} text */
  async function addIdea(who, text) {
    const ack = await send(who, { type: 'idea.add', column: 1, text });
    ids[text] = ack.event.idea.id;
  }

  /** Each reader's snapshot now, from a fresh connection; `seq` must be the session's. @param {number} seq */
  async function record(seq) {
    for (const who of Object.keys(recorded)) {
      const snap = await bots.evaluate(([s, t]) => /** @type {any} */ (globalThis).bots.snapshot(s, t), /** @type {const} */ ([sessionId, tokens[who]]));
      assert.equal(snap.seq, seq, who + "'s snapshot is at seq " + seq);
      recorded[who][seq] = snap;
    }
  }

  before(async () => {
    dataDir = makeDataDir();
    server = await startServer({ dataDir });
    base = server.url;
    const res = await fetch(base + '/api/sessions', {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ title: 'Fællesskab', question: 'Hvad er umuligt i dag?', facilitator_name: 'Mads', settings: { private_writing: true } }),
    });
    const session = await res.json();
    assert.equal(res.status, 201, JSON.stringify(session));
    sessionId = session.id;
    code = session.code;
    tokens.facilitator = session.facilitator_token;
    browser = await launchChromium();
    bots = await (await browser.newContext()).newPage();
    bots.setDefaultTimeout(CONNECT_MS);
  });

  after(async () => {
    await browser?.close();
    server?.kill();
    if (dataDir) removeDataDir(dataDir);
  });

  test('a workshop is played and each reader\'s snapshot recorded at several seqs', async () => {
    await bots.goto(base + '/healthz');
    await installBots(bots);

    await bots.evaluate((j) => /** @type {any} */ (globalThis).bots.join('facilitator', j), { session: sessionId, token: tokens.facilitator });
    for (const who of ['anna', 'karl']) {
      const joined = await bots.evaluate(([w, j]) => /** @type {any} */ (globalThis).bots.join(w, j),
        /** @type {const} */ ([who, { code, name: who === 'anna' ? 'Anna' : 'Karl' }]));
      tokens[who] = joined.token;
    }
    await record(0);
    await send('facilitator', { type: 'phase.set', phase: 'ideas' }); // 1
    await addIdea('anna', A); // 2, private
    await addIdea('karl', B); // 3, private
    await record(3);
    await send('facilitator', { type: 'ideas.reveal' }); // 4
    await record(4);
    await addIdea('karl', C); // 5, private
    await addIdea('anna', D); // 6, private
    await send('facilitator', { type: 'ideas.reveal' }); // 7
    await record(7);
    await send('facilitator', { type: 'idea.moderate', id: ids[D], hidden: true }); // 8
    await record(8);
    await send('karl', { type: 'idea.delete', id: ids[C], base_version: 1 }); // 9
    await record(9);
    await send('anna', { type: 'idea.edit', id: ids[A], base_version: 1, text: A_NOW }); // 10
    await record(10);
    await send('facilitator', { type: 'phase.set', phase: 'cluster' }); // 11
    await send('facilitator', { type: 'cluster.create', column: 1, name: CLUSTER, ideas: [ids[A], ids[B]] }); // 12
    await record(12);
  });

  test("each reader's history, replayed to a seq by the client's reducer, is the snapshot they had at that seq", async () => {
    for (const who of Object.keys(recorded)) {
      const res = await fetch(base + '/api/sessions/' + sessionId + '/history', { headers: { Authorization: 'Bearer ' + tokens[who] } });
      assert.equal(res.status, 200);
      const history = await res.json();
      assert.equal(history.changes.length, 12);
      for (const t of Object.values(tokens)) assert.ok(!JSON.stringify(history).includes(t), 'no token in the history');
      const now = recorded[who][12];
      for (const seq of RECORDED) {
        const compared = await bots.evaluate(async ([h, snap, last, at]) => {
          const S = await import('/js/session-state.js');
          const H = await import('/js/history.js');
          // The recorded snapshot as the history shows the past now (see the top of the file).
          const current = new Map(last.ideas.map((/** @type {any} */ i) => [i.id, i]));
          const shown = { ...snap, ideas: snap.ideas.filter((/** @type {any} */ i) => current.has(i.id))
            .map((/** @type {any} */ i) => ({ ...i, text: current.get(i.id).text, author: current.get(i.id).author })) };
          /** @param {any} state a session state as plain data, without revision and presence */
          const plain = (state) => {
            const { revision, presence, ...rest } = state;
            return JSON.parse(JSON.stringify(rest, (k, v) => v instanceof Map ? [...v.entries()].sort((a, b) => String(a[0]).localeCompare(String(b[0])))
              : v instanceof Set ? [...v].sort() : v));
          };
          const expected = S.createSessionState();
          const applied = S.applySnapshot(expected, shown);
          const read = H.readHistory(h);
          if (!applied.ok || !read.ok) return { error: JSON.stringify([applied, read]) };
          const got = H.boardAt(read.history, at);
          if (!got.ok) return { error: got.reason };
          return { got: plain(got.state), expected: plain(expected), hidden: snap.ideas.length - shown.ideas.length };
        }, /** @type {const} */ ([history, recorded[who][seq], now, seq]));
        assert.equal(compared.error, undefined, who + ' at ' + seq);
        assert.deepEqual(compared.got, compared.expected, who + "'s history at seq " + seq + ' is their snapshot then');
      }
    }
    // The normalisation took something out where it had to, and only there.
    const hiddenFrom = (/** @type {string} */ who, /** @type {number} */ seq) =>
      recorded[who][seq].ideas.filter((/** @type {any} */ i) => !recorded[who][12].ideas.some((/** @type {any} */ j) => j.id === i.id)).map((/** @type {any} */ i) => i.text);
    assert.deepEqual(hiddenFrom('karl', 7), [C, D], 'Karl saw the deleted and the hidden idea at seq 7');
    assert.deepEqual(hiddenFrom('anna', 8), [C], 'Anna still sees her hidden idea');
    assert.deepEqual(hiddenFrom('facilitator', 3), [], 'nothing to take out before the reveal');
  });

  test('the outcome page: the slider moves through the history and the board shows it as it was', async () => {
    for (const [name, options] of /** @type {const} */ ([['desktop', DESKTOP], ['phone', PHONE_360]])) {
      const page = await (await browser.newContext({ ...options, locale: 'da-DK', bypassCSP: true })).newPage();
      page.setDefaultTimeout(CONNECT_MS);
      errors.push(watchErrors(page, 'history ' + name));
      await page.goto(base + '/outcome/' + sessionId + '#token=' + tokens.facilitator);
      const history = page.getByTestId('history');
      await history.getByRole('button', { name: 'Vis historikken' }).click();
      const slider = history.getByRole('slider', { name: 'Tavlen efter ændring' });
      await slider.waitFor();
      const board = history.getByTestId('history-board');
      const ideasShown = () => board.locator('.history__idea').allTextContents();
      const moment = history.getByTestId('history-moment');
      // It opens at the last change: the cluster with both ideas, the edited text.
      assert.equal(await slider.getAttribute('max'), '12');
      assert.match(await moment.textContent() || '', /^Ændring 12 af 12 · /);
      assert.deepEqual(await board.locator('.history__cluster strong').allTextContents(), [CLUSTER]);
      assert.deepEqual((await ideasShown()).sort(), [A_NOW, B, D].sort());
      // Home: the session as it was made.
      await slider.focus();
      await page.keyboard.press('Home');
      await page.waitForFunction(() => document.querySelector('[data-testid=history-moment]')?.textContent?.startsWith('Da værkstedet blev oprettet'));
      assert.deepEqual(await ideasShown(), []);
      assert.match(await board.locator('.history__phase').textContent() || '', /Velkommen/);
      // Three steps on: both ideas still private, so the facilitator saw none of them.
      for (let i = 0; i < 3; i += 1) await page.keyboard.press('ArrowRight');
      await page.waitForFunction(() => document.querySelector('[data-testid=history-moment]')?.textContent?.startsWith('Ændring 3 af 12'));
      assert.deepEqual(await ideasShown(), []);
      assert.equal(await slider.getAttribute('aria-valuetext'), await moment.textContent());
      // The reveal: both, the edited one with its text now.
      await page.keyboard.press('ArrowRight');
      await page.waitForFunction(() => document.querySelector('[data-testid=history-moment]')?.textContent?.startsWith('Ændring 4 af 12'));
      assert.deepEqual((await ideasShown()).sort(), [A_NOW, B].sort());
      assert.equal(await board.locator('.history__cluster').count(), 0);
      // The second reveal: the idea deleted since is not shown; the one hidden since is, to the facilitator.
      for (let i = 0; i < 3; i += 1) await page.keyboard.press('ArrowRight');
      await page.waitForFunction(() => document.querySelector('[data-testid=history-moment]')?.textContent?.startsWith('Ændring 7 af 12'));
      assert.deepEqual((await ideasShown()).sort(), [A_NOW, B, D].sort());
      assert.equal(await page.getByText(C).count(), 0, 'a deleted idea never comes back');
      if (name === 'phone') {
        const wide = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: document.documentElement.clientWidth }));
        assert.ok(wide.scroll <= wide.width, 'the page does not scroll sideways on a 360 px phone: ' + JSON.stringify(wide));
      }
      assert.deepEqual(await checkPages('history ' + name, [[name, page]]), [], 'axe finds nothing');
    }
    assert.deepEqual(errors.flat(), []);
  });
});
