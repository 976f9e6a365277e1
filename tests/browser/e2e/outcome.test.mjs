// End-to-end: a session's outcome report (/outcome/{session id}) with the real server
// and Chromium. A workshop made in a workspace is played over the server's WebSocket
// protocol by six people (a facilitator, a manager, two staff members by invitation, two
// citizens by name), from a helper page of the server's origin: ideas, a cluster, dots
// from citizens and staff (two of each, so that the fold threshold of 2 shows both
// groups), the results revealed, a trial action with an owner, a manager's approval, a
// parked idea, and every phase of the template.
//
// The facilitator opens the report with a link that carries his token in the fragment
// (it leaves the address bar): the head, participation by role, the timeline, and the
// vote's charts with the right numbers, in the SVG's text, in its bars' lengths and in
// the tables for screen readers; the clusters, the trial action with its decision and
// the parked idea with its reason. Chromium prints it to an A4 PDF (read back with
// pdfinfo and pdftotext from Debian's poppler-utils). After the close, a refresh says so.
// The board's outcome tab shows the same chart and opens the report with the token the
// device keeps. A viewer of the workspace opens it on a phone from the workspace's page
// (nothing wider than the screen, an observer's view said so). A device without a token
// and a link with a token the server does not know are told how to get access. axe-core
// checks the pages.
//
// Every wait is a condition with a timeout; there is no fixed sleep.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { startServer, makeDataDir, removeDataDir, SERVER_BINARY } from '../support/server.mjs';
import { launchChromium, watchErrors, DESKTOP } from '../support/browser.mjs';
import { checkPages, screenshot, RESULTS_DIR } from '../support/axe.mjs';
import { CONNECT_MS, openTab, waitConnected } from '../support/ui.mjs';
import { installBots } from '../support/bots.mjs';

const NAME = 'Dragør Kommune';
const TITLE = 'Fællesskab på tværs af generationer';
const QUESTION = 'Hvad er umuligt i vores enhed i dag, men ville forbedre servicen grundlæggende, hvis det var muligt?';
const A = 'Bordtennisturnering på tværs af generationer';
const B = 'Café for introverte unge';
const C = 'Videoklip som supervision i vuggestuen';
const D = 'Læseklub for børnehave og plejehjem';
const CLUSTER = 'Fællesskab på tværs';
const PARKED = 'Ikke i denne omgang';
const NOTE = 'Vi prøver det til marts';
/** The expected results: most dots first, each idea's dots from citizens and from staff. */
const RESULTS = [[C, 5, 2, 3], [A, 4, 3, 1], [D, 2, 0, 2], [B, 1, 1, 0]];
const PHONE_360 = Object.freeze({ viewport: { width: 360, height: 740 }, hasTouch: true, isMobile: true });

/**
 * Asserts that the page does not scroll sideways and that nothing on it is wider than the screen.
 * @param {import('playwright-core').Page} page
 */
async function fitsTheScreen(page) {
  const wide = await page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const over = [...document.querySelectorAll('body *')].filter((e) => {
      const box = e.getBoundingClientRect();
      return box.width > 0 && box.right > width + 1 && !e.closest('.visually-hidden');
    }).map((e) => e.tagName + '.' + e.getAttribute('class') + ' (right ' + Math.round(e.getBoundingClientRect().right) + '): ' + e.textContent?.slice(0, 60));
    return { scroll: document.documentElement.scrollWidth, width, over: over.slice(0, 5) };
  });
  assert.ok(wide.scroll <= wide.width, 'the page does not scroll sideways: ' + JSON.stringify(wide));
  assert.deepEqual(wide.over, [], 'nothing is wider than the screen');
}

describe("a session's outcome report: charts with the right numbers, a PDF, a phone, a workspace's viewer", { timeout: 150000 }, () => {
  let dataDir = '';
  /** @type {Awaited<ReturnType<typeof startServer>>|null} */
  let server = null;
  /** @type {import('playwright-core').Browser} */
  let browser;
  let base = '';
  let workspaceId = '';
  let adminToken = '';
  let viewerToken = '';
  let sessionId = '';
  let code = '';
  let facilitatorToken = '';
  /** @type {import('playwright-core').Page} the page of the server's origin that plays the workshop over WebSockets */
  let bots;
  /** @type {import('playwright-core').Page} */
  let facilitator;
  /** @type {import('playwright-core').Page} */
  let viewer;
  /** @type {string[][]} */
  const errors = [];
  /** @type {Record<string, number>} the ideas' ids by text */
  const ids = {};

  /**
   * A workspace's API, as the setup uses it.
   * @param {string} method @param {string} rest @param {string} token @param {unknown} [body]
   */
  async function api(method, rest, token, body) {
    const res = await fetch(base + rest, {
      method, headers: { Authorization: 'Bearer ' + token, ...(body ? { 'Content-Type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const json = await res.json();
    assert.ok(res.ok, method + ' ' + rest + ': ' + res.status + ' ' + JSON.stringify(json));
    return json;
  }

  /**
   * Joins someone over the WebSocket in the helper page.
   * @param {string} who @param {Record<string, unknown>} join the join message's fields
   * @returns {Promise<{id: number, role: string, token: string}>}
   */
  function join(who, join) {
    return bots.evaluate(([w, j]) => /** @type {any} */ (globalThis).bots.join(w, j), /** @type {const} */ ([who, join]));
  }

  /**
   * Sends a command as someone and waits for its answer, which must be an ack.
   * @param {string} who @param {Record<string, unknown>} command
   * @returns {Promise<any>} the ack
   */
  async function send(who, command) {
    const answer = await bots.evaluate(([w, c]) => /** @type {any} */ (globalThis).bots.send(w, c), /** @type {const} */ ([who, command]));
    assert.equal(answer.type, 'ack', who + ' ' + JSON.stringify(command) + ': ' + JSON.stringify(answer));
    return answer;
  }

  /** @param {string} role @returns {Promise<string>} a new invitation's token, from the facilitator's `invites` */
  async function invitation(role) {
    await send('facilitator', { type: 'invite.renew', role });
    const handle = await bots.waitForFunction((r) => {
      const list = /** @type {any} */ (globalThis).bots.invites('facilitator');
      const found = list.find((/** @type {any} */ i) => i.role === r && i.active && i.token);
      return found ? found.token : null;
    }, role);
    return /** @type {string} */ (await handle.jsonValue());
  }

  /** @param {string} who @param {string} text @returns {Promise<number>} the new idea's id */
  async function addIdea(who, text) {
    const ack = await send(who, { type: 'idea.add', column: 1, text });
    ids[text] = ack.event.idea.id;
    return ids[text];
  }

  /** @param {import('playwright-core').Page} page the report as the page shows it */
  function report(page) {
    return page.locator('[data-testid=outcome-report]');
  }

  /**
   * The numbers a chart shows: per row (an idea, top to bottom) its label, its total and
   * its dots per group, as the SVG's text has them.
   * @param {import('playwright-core').Locator} chart
   */
  function chartNumbers(chart) {
    return chart.locator('svg.chart__svg').evaluate((svg) => [...svg.querySelectorAll('g.chart__row')].map((row) => ({
      label: [...row.querySelectorAll('.chart__label tspan')].map((t) => t.textContent).join(' '),
      total: row.querySelector('.chart__value')?.textContent,
      citizen: row.querySelector('.chart__number[data-group=citizen]')?.textContent ?? null,
      staff: row.querySelector('.chart__number[data-group=staff]')?.textContent ?? null,
      width: row.querySelector('rect.chart__fill--total')?.getAttribute('width') ?? null,
    })));
  }

  /**
   * A table's rows as their cells' texts.
   * @param {import('playwright-core').Locator} table
   */
  function tableRows(table) {
    return table.evaluate((el) => [...el.querySelectorAll('tbody tr, tfoot tr')].map((tr) => [...tr.children].map((c) => c.textContent)));
  }

  /** @param {import('playwright-core').Page} page the vote's charts say the right numbers */
  async function checkVoteCharts(page) {
    const totals = report(page).locator('figure[data-chart=totals]');
    const byGroup = report(page).locator('figure[data-chart=by-group]');
    assert.equal(await totals.locator('figcaption').textContent(), 'Prikker pr. idé');
    // In the SVG: each idea's label and total, most dots first; the bars' lengths as shares of the longest.
    const shown = await chartNumbers(totals);
    assert.deepEqual(shown.map((r) => [r.label, Number(r.total)]), RESULTS.map(([text, total]) => [text, total]));
    assert.deepEqual(shown.map((r) => r.width), ['82.00%', '65.60%', '32.80%', '16.40%'], 'bars of 5, 4, 2 and 1 dots');
    // And the same numbers for screen readers.
    assert.deepEqual(await tableRows(totals.locator('table')), RESULTS.map(([text, total]) => [text, String(total)]));
    assert.equal(await totals.locator('svg.chart__svg').getAttribute('aria-hidden'), 'true');

    // The split by group: the legend, and each group's dots per idea as text in the SVG.
    assert.deepEqual(await byGroup.locator('.chart__legend li').allTextContents(), [' Borgere (2 har stemt)', ' Medarbejdere (2 har stemt)']);
    const split = await chartNumbers(byGroup);
    assert.deepEqual(split.map((r) => [r.label, Number(r.total), Number(r.citizen), Number(r.staff)]), RESULTS);
    const segments = await byGroup.locator('g.chart__row').first().locator('rect').evaluateAll((rects) =>
      rects.map((r) => [r.getAttribute('data-group'), r.getAttribute('x'), r.getAttribute('width')]));
    assert.deepEqual(segments, [['citizen', '0.00%', '32.80%'], ['staff', '32.80%', '49.20%']], 'the top idea: 2 and 3 of 5 dots, stacked');
    assert.deepEqual(await byGroup.locator('thead th').allTextContents(), ['Idé', 'Borgere', 'Medarbejdere', 'Prikker i alt']);
    assert.deepEqual(await tableRows(byGroup.locator('table')), RESULTS.map(([text, total, cit, staff]) => [text, String(cit), String(staff), String(total)]));
  }

  before(async () => {
    dataDir = makeDataDir();
    server = await startServer({ dataDir });
    base = server.url;
    const out = execFileSync(SERVER_BINARY, ['workspace', 'create', '--db', path.join(dataDir, 'samskab.db'),
      '--name', NAME, '--public-url', base], { encoding: 'utf8' });
    const m = /\/workspace\/([\w-]{16})#token=([\w-]{43})\n/.exec(out);
    assert.ok(m, 'workspace create printed the admin link:\n' + out);
    [, workspaceId, adminToken] = m;
    const session = await api('POST', '/api/sessions', adminToken, {
      title: TITLE, question: QUESTION, workspace: workspaceId, facilitator_name: 'Mads', settings: { fold_threshold: 2 },
    });
    sessionId = session.id;
    code = session.code;
    facilitatorToken = session.facilitator_token;
    const w = await api('POST', '/api/workspaces/' + workspaceId + '/links', adminToken, { role: 'viewer', action: 'renew' });
    viewerToken = w.links.filter((/** @type {any} */ l) => l.role === 'viewer').pop().token;

    browser = await launchChromium();
    bots = await (await browser.newContext()).newPage();
    bots.setDefaultTimeout(CONNECT_MS);
    // The server's Content-Security-Policy allows no inline script; axe comes as one.
    facilitator = await (await browser.newContext({ ...DESKTOP, locale: 'da-DK', bypassCSP: true })).newPage();
    viewer = await (await browser.newContext({ ...PHONE_360, locale: 'da-DK', bypassCSP: true })).newPage();
    for (const [name, page] of /** @type {const} */ ([['facilitator', facilitator], ['viewer', viewer]])) {
      page.setDefaultTimeout(CONNECT_MS);
      errors.push(watchErrors(page, name));
    }
  });

  after(async () => {
    await browser?.close();
    server?.kill();
    if (dataDir) removeDataDir(dataDir);
  });

  test('six people play the workshop over the protocol: ideas, a cluster, dots, the reveal, a trial action, a decision', async () => {
    // A page of the server's origin (WebSockets are taken from the server's own pages only).
    await bots.goto(base + '/healthz');
    await installBots(bots);

    await join('facilitator', { session: sessionId, token: facilitatorToken });
    const managerInvite = await invitation('manager');
    const staffInvite = await invitation('staff');
    const manager = await join('manager', { code, invite: managerInvite, name: 'Mona' });
    assert.equal(manager.role, 'manager');
    const bo = await join('bo', { code, invite: staffInvite, name: 'Bo' });
    assert.equal(bo.role, 'staff');
    await join('sara', { code, invite: staffInvite, name: 'Sara' });
    await join('anna', { code, name: 'Anna' });
    await join('karl', { code, name: 'Karl' });

    await send('facilitator', { type: 'phase.set', phase: 'ideas' });
    await addIdea('anna', A);
    await addIdea('karl', B);
    await addIdea('bo', C);
    await addIdea('manager', D);

    await send('facilitator', { type: 'phase.set', phase: 'cluster' });
    await send('facilitator', { type: 'cluster.create', column: 1, name: CLUSTER, ideas: [ids[A], ids[D]] });

    await send('facilitator', { type: 'phase.set', phase: 'vote' });
    for (const [who, text, dots] of /** @type {Array<[string, string, number]>} */ ([
      ['anna', A, 2], ['anna', B, 1], ['karl', A, 1], ['karl', C, 2], ['bo', C, 2], ['bo', A, 1], ['sara', C, 1], ['sara', D, 2],
    ])) {
      await send(who, { type: 'vote.set', idea: ids[text], dots });
    }
    const revealed = await send('facilitator', { type: 'votes.reveal' });
    assert.deepEqual(revealed.event.results.groups, ['citizen', 'staff'], 'two of each: both groups shown');

    await send('facilitator', { type: 'phase.set', phase: 'trial_actions' });
    const trial = await send('facilitator', {
      type: 'trial.create', title: C, what: 'Korte videoklip fra hverdagen, som vi ser sammen hver fredag',
      we_believe: 'personalet lærer af hinanden', we_know_when: 'alle har vist et klip inden jul',
      review_date: '2027-02-01', ideas: [ids[C]], owners: [bo.id],
    });
    await send('manager', { type: 'decision.record', target_kind: 'trial_action', target_id: trial.event.trial_action.id, kind: 'approve', note: NOTE });
    await send('facilitator', { type: 'idea.fate', id: ids[B], fate: 'parked', reason: PARKED });
    await send('facilitator', { type: 'phase.set', phase: 'wrap_up' });
  });

  test("the facilitator opens the report with his link: the head, participation, the timeline, the token out of the address bar", async () => {
    const f = facilitator;
    await f.goto(base + '/outcome/' + sessionId + '#token=' + facilitatorToken);
    await report(f).waitFor();
    assert.equal(new URL(f.url()).hash, '', 'the token is gone from the address');
    assert.equal(new URL(f.url()).pathname, '/outcome/' + sessionId);
    const head = f.getByTestId('outcome-head');
    assert.equal(await head.locator('h1').textContent(), TITLE);
    assert.equal(await head.locator('.outcome__print-question').textContent(), QUESTION);
    assert.equal(await head.locator('[data-fact=status] dd').textContent(), 'Åbent, i fasen »Afrunding«');
    assert.equal(await head.locator('.outcome__print-open').textContent(), 'Værkstedet er stadig åbent: dette er udbyttet indtil nu.');
    assert.equal(await head.locator('[data-fact=took-part] dd').textContent(), 'Facilitatorer 1 · Ledere 1 · Medarbejdere 2 · Borgere 2');
    assert.match(await f.getByTestId('outcome-reader').textContent(), /som facilitator/);
    assert.match(await f.title(), new RegExp('^' + TITLE + ' – Værkstedets udbytte'));

    const participation = report(f).locator('[data-section=participation] table');
    assert.deepEqual(await tableRows(participation), [
      ['Facilitatorer', '1', '1'], ['Ledere', '1', '1'], ['Medarbejdere', '2', '2'], ['Borgere', '2', '2'], ['I alt', '6', '6'],
    ]);
    const timeline = report(f).locator('[data-section=timeline]');
    const phases = await timeline.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-phase')));
    assert.deepEqual(phases, ['welcome', 'ideas', 'cluster', 'vote', 'trial_actions', 'wrap_up']);
    assert.deepEqual(await timeline.locator('tbody tr th').allTextContents(), ['1', '2', '3', '4', '5', '6']);
    assert.match(await timeline.locator('tbody tr').last().locator('td').last().textContent(), /^\d+ (sek\.|min)( \d+ sek\.)? \(i gang\)$/);
    assert.match(await timeline.locator('tbody tr').first().locator('td').last().textContent(), /^\d+ (sek\.|min)/);
    assert.equal(await timeline.locator('svg g.chart__phase').count(), 6, 'a part of the bar per phase');
    assert.match(await timeline.locator('figcaption').textContent(), /^I alt \d+/);
  });

  test('the charts show the right numbers, in the SVG and in the tables', async () => {
    await checkVoteCharts(facilitator);
    assert.equal(await report(facilitator).locator('.outcome__vote-summary').textContent(), '12 prikker givet af 4 deltagere');
  });

  test('the clusters, the trial action with its hypothesis, owner and decision, and every idea with its fate', async () => {
    const r = report(facilitator);
    const cluster = r.locator('.outcome__cluster');
    assert.equal(await cluster.count(), 1);
    assert.equal(await cluster.locator('.outcome__cluster-name').textContent(), CLUSTER);
    assert.deepEqual(await cluster.locator('ul li').allTextContents(), [A, D]);
    const trial = r.locator('.outcome__trial');
    assert.equal(await trial.locator('strong').textContent(), C);
    assert.equal(await trial.locator('.trial__status').textContent(), 'Godkendt');
    assert.match(await trial.locator('.outcome__hypothesis').textContent(), /personalet lærer af hinanden/);
    assert.match(await trial.locator('.outcome__trial-meta').textContent(), /Ansvarlige: Bo/);
    assert.match(await trial.locator('.decision-badge').textContent(), new RegExp('Godkendt – Mona: ' + NOTE));
    assert.match(await r.locator('.outcome__decisions').textContent(), new RegExp(C + ': .*' + NOTE));
    assert.equal(await r.locator('.outcome__fate[data-fate=parked] li').textContent(), B + ' – ' + PARKED);
    assert.equal(await r.locator('.outcome__fate[data-fate=trial_action] li span').first().textContent(), C);
    assert.deepEqual(await r.locator('.outcome__fate[data-fate=open] li > span:first-child').allTextContents(), [A, D]);
  });

  test('the facilitator downloads the exports from the report: the ideas with their votes by group, and the minutes', async () => {
    const f = facilitator;
    const downloads = f.getByTestId('outcome-downloads');
    await downloads.waitFor();
    /** @param {string} file @returns {Promise<{name: string, text: string}>} */
    const fetched = async (file) => {
      const [dl] = await Promise.all([f.waitForEvent('download'), downloads.locator(`[data-action=download][data-file="${file}"]`).click()]);
      const where = await dl.path();
      assert.ok(where, file + ' was saved');
      return { name: dl.suggestedFilename(), text: readFileSync(where, 'utf8') };
    };
    const ideas = await fetched('ideas.csv');
    assert.equal(ideas.name, 'samskab-' + sessionId + '-ideas.csv');
    assert.ok(ideas.text.startsWith('\uFEFFid,text,'), 'a BOM and the header: ' + ideas.text.slice(0, 40));
    const rowOf = (/** @type {string} */ text) => ideas.text.split('\r\n').find((line) => line.includes(text)) || '';
    for (const [text, total] of RESULTS) assert.ok(rowOf(/** @type {string} */ (text)).includes(',' + total + ','), text + ' with ' + total + ' dots: ' + rowOf(/** @type {string} */ (text)));
    const minutes = await fetched('minutes.md');
    assert.equal(minutes.name, 'samskab-' + sessionId + '-minutes.md');
    assert.ok(minutes.text.startsWith('# ' + TITLE), minutes.text.slice(0, 80));
    assert.ok(!ideas.text.includes(facilitatorToken) && !minutes.text.includes(facilitatorToken), 'no token in a file');
    // The whole session, for a facilitator: the archive with its history (PROTOCOL.md, "Session archive").
    const archive = await fetched('session.json');
    assert.equal(archive.name, 'samskab-' + sessionId + '-session.json');
    const whole = JSON.parse(archive.text);
    assert.equal(whole.format, 'samskab-session');
    assert.equal(whole.session.title, TITLE);
    assert.ok(whole.history.length > 0 && whole.history.at(-1).seq === whole.session.seq, 'the history up to the state');
    assert.ok(!archive.text.includes(facilitatorToken), 'no token in the archive');
  });

  test('printed to an A4 PDF: the report without buttons or navigation, charts and all', async () => {
    const f = facilitator;
    await f.emulateMedia({ media: 'print' });
    try {
      for (const chrome of ['.topbar', '[data-action=print]', '[data-action=refresh]', '[data-testid=outcome-reader]']) {
        assert.equal(await f.locator(chrome).isVisible(), false, chrome + ' is not printed');
      }
      assert.ok(await report(f).locator('figure[data-chart=totals] svg').isVisible(), 'the charts are');
      const colour = await f.locator('.outcome__trial-meta').evaluate((e) => getComputedStyle(e).color);
      assert.equal(colour, 'rgb(0, 0, 0)', 'black on white');
      await screenshot(f, 'outcome-report-print');
    } finally {
      await f.emulateMedia({ media: null });
    }
    const pdf = await f.pdf({ format: 'A4' });
    mkdirSync(RESULTS_DIR, { recursive: true });
    const file = path.join(RESULTS_DIR, 'outcome-report.pdf');
    writeFileSync(file, pdf);
    assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-', 'a PDF');
    assert.ok(pdf.length > 5000, 'with something in it: ' + pdf.length + ' bytes');
    let info = '';
    let text = '';
    try {
      info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
      text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ').trim();
    } catch (err) {
      if (/** @type {NodeJS.ErrnoException} */ (err).code === 'ENOENT') throw new Error('pdfinfo or pdftotext is missing: apt-get install poppler-utils (scripts/test does)');
      throw err;
    }
    const pages = Number(/^Pages:\s+(\d+)/m.exec(info)?.[1]);
    assert.ok(pages >= 1 && pages <= 4, 'a report of a few pages: ' + pages);
    assert.match(info, /^Page size:\s+[\d.]+ x [\d.]+ pts \(A4\)/m);
    assert.ok(text.startsWith(TITLE + ' ' + QUESTION), 'it begins with the title and the question: ' + text.slice(0, 200));
    assert.match(text, /Deltagelse/);
    assert.match(text, /Prikker pr\. idé/);
    // The numbers of the charts are text in the PDF too: the top idea's 5 dots, 2 from citizens and 3 from staff.
    assert.match(text, new RegExp(C.replace(/ /g, ' ?') + '.{0,40}5'));
    assert.match(text, /Borgere 2 · Medarbejdere 3/);
    assert.doesNotMatch(text, /Udskriv|Opdatér|som facilitator/, 'no buttons, nor who reads it');
  });

  test('after the close, a refresh says so', async () => {
    await send('facilitator', { type: 'session.close' });
    const f = facilitator;
    await f.locator('[data-action=refresh]').click();
    await f.locator('[data-fact=status] dd', { hasText: 'Afsluttet' }).waitFor();
    assert.equal(await f.locator('.outcome__print-open').count(), 0, 'not "so far" any more');
    assert.doesNotMatch(await report(f).locator('[data-section=timeline] tbody').textContent(), /i gang/);
    assert.equal(await f.evaluate(() => document.activeElement?.getAttribute('data-action')), 'refresh', 'the focus stays on the button');
    const violations = await checkPages('outcome-report', [['facilitator', f]]);
    assert.deepEqual(violations, []);
  });

  test("the board's outcome tab shows the same chart and opens the report with the token the device keeps", async () => {
    const f = facilitator;
    await f.goto(base + '/board/' + code + '#token=' + facilitatorToken);
    await waitConnected(f);
    await openTab(f, 'outcome');
    const tab = f.getByTestId('outcome');
    const shown = await chartNumbers(tab.locator('figure[data-chart=totals]'));
    assert.deepEqual(shown.map((r) => [r.label, Number(r.total)]), RESULTS.map(([text, total]) => [text, total]));
    assert.equal(await tab.locator('[data-section=participation]').count(), 0, 'participation is the report page’s');
    await f.evaluate(() => localStorage.removeItem(Object.keys(localStorage).find((k) => k.startsWith('samskab:outcome:')) || ''));
    await tab.locator('[data-action=open-report]').click();
    await report(f).waitFor();
    assert.equal(new URL(f.url()).pathname, '/outcome/' + sessionId);
    assert.equal(await f.getByTestId('outcome-head').locator('h1').textContent(), TITLE);
    await checkVoteCharts(f);
  });

  test("a viewer of the workspace opens it from the workspace's page on a phone: an observer's view, nothing wider than the screen", async () => {
    const v = viewer;
    await v.goto(base + '/workspace/' + workspaceId + '#token=' + viewerToken);
    const link = v.locator('.workspace__session', { hasText: TITLE }).locator('[data-action=open-outcome]');
    assert.equal(await link.getAttribute('aria-label'), 'Udbytte: ' + TITLE);
    await link.click();
    await report(v).waitFor();
    assert.equal(new URL(v.url()).pathname + new URL(v.url()).search, '/outcome/' + sessionId + '?workspace=' + workspaceId,
      "the workspace's id, and no token, in the address");
    assert.match(await v.getByTestId('outcome-reader').textContent(), /arbejdsrummets link \(læser\).*tilskuer/);
    await checkVoteCharts(v);
    assert.equal(await v.getByTestId('outcome-downloads').isHidden(), true, 'a viewer exports nothing');
    await fitsTheScreen(v);
    const labelSize = await v.locator('figure[data-chart=totals] .chart__label').first().evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
    assert.ok(labelSize >= 13, "the charts' labels are readable on the phone: " + labelSize + ' px');
    await v.locator('[data-action=print]').focus();
    await v.keyboard.press('Shift+Tab');
    assert.ok(await v.evaluate(() => document.activeElement !== document.body), 'reached with the keyboard');
    const violations = await checkPages('outcome-report-phone', [['viewer', v]]);
    assert.deepEqual(violations, []);
    await v.locator('.outcome-page__nav a', { hasText: 'Tilbage til arbejdsrummet' }).click();
    await v.getByTestId('workspace-name').filter({ hasText: NAME }).waitFor();
  });

  test("the closed board offers everyone a receipt; on a phone it shows what happened to the ideas, and it joins nothing", async () => {
    const f = facilitator;
    await f.goto(base + '/board/' + code + '#token=' + facilitatorToken);
    await waitConnected(f);
    await openTab(f, 'outcome');
    const receipt = f.getByTestId('receipt');
    await receipt.waitFor();
    assert.match(await receipt.locator('h3').textContent() ?? '', /Hvad skete der med vores idéer\?/);
    assert.equal(await receipt.getByTestId('qr').count(), 1, 'with its QR code');
    const href = await receipt.getByTestId('receipt-link').getAttribute('href') ?? '';
    const m = new RegExp('^' + base.replace(/[.]/g, '\\.') + '/outcome/' + sessionId + '#token=([\\w-]{43})$').exec(href);
    assert.ok(m, 'the link is the report with the receipt in the fragment: ' + href);
    assert.notEqual(m[1], facilitatorToken, "the receipt is not the facilitator's token");

    // A citizen's phone that never joined: the report as the big screen shows it.
    const phone = await (await browser.newContext({ ...PHONE_360, locale: 'da-DK', bypassCSP: true })).newPage();
    errors.push(watchErrors(phone, 'receipt'));
    await phone.goto(href);
    await report(phone).waitFor();
    assert.equal(new URL(phone.url()).hash, '', 'the token leaves the address bar');
    assert.match(await phone.getByTestId('outcome-reader').textContent() ?? '', /Hvad skete der med vores idéer\? .*kun læses/);
    await checkVoteCharts(phone);
    assert.equal(await phone.getByTestId('outcome-downloads').isHidden(), true, 'a receipt exports nothing');
    await fitsTheScreen(phone);
    assert.deepEqual(await checkPages('outcome-receipt-phone', [['receipt', phone]]), []);
    await phone.context().close();

    // It reads, and does nothing else: no join with it.
    await assert.rejects(join('receipt', { code, token: m[1] }), /invalid_token/);
  });

  test('a workshop just begun: each part of the report says what it does not have yet', async () => {
    const fresh = await api('POST', '/api/sessions', adminToken, { title: 'Nyt værksted', question: 'Hvad nu?', workspace: workspaceId, facilitator_name: 'Mads' });
    const f = facilitator;
    await f.goto(base + '/outcome/' + fresh.id + '#token=' + fresh.facilitator_token);
    await report(f).waitFor();
    assert.equal(await f.getByTestId('outcome-head').locator('h1').textContent(), 'Nyt værksted');
    const empty = async (/** @type {string} */ name) => report(f).locator('[data-empty=' + name + ']').textContent();
    assert.equal(await empty('votes'), 'Der er ikke stemt.');
    assert.equal(await empty('clusters'), 'Ingen klynger.');
    assert.equal(await empty('trials'), 'Ingen prøvehandlinger endnu.');
    assert.equal(await empty('decisions'), 'Ingen beslutninger.');
    assert.equal(await empty('ideas'), 'Ingen idéer.');
    assert.deepEqual(await tableRows(report(f).locator('[data-section=participation] table')), [['Facilitatorer', '1', '0'], ['I alt', '1', '0']]);
    assert.deepEqual(await report(f).locator('[data-section=timeline] tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-phase'))), ['welcome']);
  });

  test('a device without a token, and a link the server does not know, are told how to get access', async () => {
    const page = await (await browser.newContext({ ...DESKTOP, locale: 'da-DK', bypassCSP: true })).newPage();
    page.setDefaultTimeout(CONNECT_MS);
    await page.goto(base + '/outcome/' + sessionId);
    await page.getByTestId('outcome-problem').waitFor();
    assert.match(await page.getByTestId('outcome-problem').textContent(), /Denne enhed har ikke adgang til rapporten\. Åbn den fra værkstedets tavle/);
    assert.equal(await report(page).isVisible(), false);
    assert.deepEqual(await checkPages('outcome-report-no-token', [['stranger', page]]), []);

    await page.goto(base + '/outcome/' + sessionId + '#token=' + 'x'.repeat(43));
    await page.getByTestId('outcome-problem').filter({ hasText: /Linket giver ikke \(længere\) adgang/ }).waitFor();
    assert.equal(new URL(page.url()).hash, '', 'a bad token leaves the address bar too');
    assert.equal(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('samskab:outcome:')).length), 0,
      'and is not kept');
    await page.context().close();
  });

  test('no page had an uncaught error', () => {
    assert.deepEqual(errors.flat(), []);
  });
});
