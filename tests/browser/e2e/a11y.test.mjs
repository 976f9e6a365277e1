// End-to-end: accessibility on every screen, with axe-core, through one whole workshop.
//
// One Chromium, one session walked through its phases by six people in their own
// languages: the facilitator (desktop, Danish), a co-facilitator (desktop, English), a
// manager (phone, Danish), a staff member (phone, Norwegian), a citizen (phone,
// English) and the big screen (an observer, 1920×1080, Danish). At each step axe runs on
// every open page, and any serious or critical violation fails the step with its rule,
// element and page. A screenshot of each page at each step goes to test-results/.
//
// On the way: the create form marks each invalid field with its own message, cleared
// when the field is fixed; the ideas instruction says the right thing before and after
// the reveal; a trial action made from a long idea gets a title cut at a word; and the
// printed outcome (a PDF from Chromium) begins with the title and the question.
//
// Every wait is a condition with a timeout; there is no fixed sleep.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import path from 'node:path';
import { startWorkshop, PHONE, DESKTOP, BIG_SCREEN } from '../support/browser.mjs';
import { CONNECT_MS, exactly, card, waitConnected, addIdea, openTab, makeInvitation } from '../support/ui.mjs';
import { checkPages, screenshot, RESULTS_DIR } from '../support/axe.mjs';

const TITLE = 'Velfærd med færre hænder';
const QUESTION = 'Hvad er umuligt i vores enhed i dag, men ville forbedre servicen grundlæggende, hvis det var muligt?';
const LONG_IDEA = 'A table tennis tournament across generations every Friday afternoon in the community hall, ' +
  'with young people from the youth club and residents of the nursing home playing in mixed pairs';
const VIDEO = 'Videoklip som supervision i vuggestuen';
const READING = 'Læseklub for børnehave og plejehjem';
const CAFE = 'Café for introverte unge';

/** @typedef {'facilitator'|'cofacilitator'|'manager'|'staff'|'citizen'|'observer'} Who */

describe('accessibility of every screen, through a whole workshop', { timeout: 240000 }, () => {
  /** @type {Awaited<ReturnType<typeof startWorkshop<Who>>>|null} */
  let rig = null;
  let base = '';
  let code = '';
  /** @type {Record<string, string>} */
  const links = {};
  /** @type {Record<Who, import('playwright-core').Page>} */
  let pages = /** @type {any} */ ({});

  /** @param {Who[]} who @returns {Array<[string, import('playwright-core').Page]>} */
  const some = (who) => who.map((w) => [w, pages[w]]);
  const everyone = () => some(['facilitator', 'cofacilitator', 'manager', 'staff', 'citizen', 'observer']);

  /** @param {string} step @param {Array<[string, import('playwright-core').Page]>} list */
  async function accessible(step, list) {
    const violations = await checkPages(step, list);
    assert.equal(violations.length, 0, 'axe found serious or critical violations:\n' + violations.join('\n'));
  }

  /**
   * Moves the workshop to the next phase and waits until every page shows it.
   * @param {string} phase @param {string} name its name on the (Danish) big screen
   */
  async function nextPhase(phase, name) {
    await pages.facilitator.locator('[data-action=phase-next]').click();
    for (const w of ['facilitator', 'cofacilitator', 'manager', 'staff', 'citizen']) {
      await pages[/** @type {Who} */ (w)].locator('.phase--current[data-phase=' + phase + ']').waitFor();
    }
    await pages.observer.locator('[data-testid=screen-phase]', { hasText: exactly(name) }).waitFor();
  }

  before(async () => {
    // The server's Content-Security-Policy allows no inline script; axe comes as one.
    const csp = { bypassCSP: true };
    rig = await startWorkshop({
      facilitator: { ...DESKTOP, ...csp, locale: 'da-DK' },
      cofacilitator: { ...DESKTOP, ...csp, locale: 'en-GB' },
      manager: { ...PHONE, ...csp, locale: 'da-DK' },
      staff: { ...PHONE, ...csp, locale: 'nb-NO' },
      citizen: { ...PHONE, ...csp, locale: 'en-GB' },
      observer: { ...BIG_SCREEN, ...csp, locale: 'da-DK' },
    }, CONNECT_MS);
    base = rig.base;
    pages = rig.pages;
  });

  after(async () => {
    await rig?.close();
  });

  test('the start page', async () => {
    const f = pages.facilitator;
    await f.goto(base + '/');
    await f.locator('#create-title').waitFor();
    await pages.citizen.goto(base + '/');
    await pages.citizen.locator('#create-title').waitFor();
    await accessible('start', some(['facilitator', 'citizen']));
  });

  test('the create form marks each invalid field with its own message, in the chosen language, until it is fixed', async () => {
    const f = pages.facilitator;
    await f.fill('#create-budget', '0');
    await f.click('[data-action=create]');
    /** @param {string} id @param {RegExp|null} message null: the field is fine */
    async function marked(id, message) {
      const control = f.locator('#' + id);
      const error = f.locator('#' + id + '-error');
      if (message === null) {
        await error.waitFor({ state: 'detached' });
        assert.equal(await control.getAttribute('aria-invalid'), null, id);
        assert.doesNotMatch(await control.getAttribute('aria-describedby') || '', new RegExp(id + '-error'), id);
        return;
      }
      await error.filter({ hasText: message }).waitFor();
      assert.equal(await control.getAttribute('aria-invalid'), 'true', id);
      assert.match(await control.getAttribute('aria-describedby') || '', new RegExp('^' + id + '-error\\b'), id);
    }
    await marked('create-title', /^Giv værkstedet en titel\.$/);
    await marked('create-question', /^Skriv spørgsmålet, I skal arbejde med\.$/);
    await marked('create-budget', /^Vælg et tal fra 1 til 20\.$/);
    await marked('create-cap', null);
    assert.equal(await f.evaluate(() => document.activeElement?.id), 'create-title', 'the first invalid field has the focus');
    assert.equal(await f.locator('.form-error').count(), 0, 'no message that names no field');
    await accessible('start-errors', some(['facilitator']));

    await f.locator('#lang button[lang=en]').click();
    await marked('create-title', /^Give the workshop a title\.$/);
    await marked('create-question', /^Write the guiding question\.$/);
    await f.fill('#create-title', TITLE);
    await marked('create-title', null);
    await marked('create-question', /^Write the guiding question\.$/);
    await f.fill('#create-question', QUESTION);
    await marked('create-question', null);
    await f.fill('#create-budget', '3');
    await marked('create-budget', null);
    await f.locator('#lang button[lang=da]').click();
    await f.locator('#create-title').waitFor();
    assert.equal(await f.inputValue('#create-title'), TITLE);

    // The join box on the start page, the same way.
    const c = pages.citizen;
    await c.fill('#start-join-code', 'xx');
    await c.press('#start-join-code', 'Enter');
    await c.locator('#start-join-code-error', { hasText: /./ }).waitFor();
    assert.equal(await c.getAttribute('#start-join-code', 'aria-invalid'), 'true');
    await accessible('start-join-error', some(['citizen']));
    await c.fill('#start-join-code', 'K7M-4QX');
    await c.locator('#start-join-code-error').waitFor({ state: 'detached' });
    assert.equal(await c.getAttribute('#start-join-code', 'aria-invalid'), null);
  });

  test('the facilitator creates the workshop and makes invitation links', async () => {
    const f = pages.facilitator;
    await f.fill('#create-name', 'Mette');
    await f.click('[data-action=create]');
    code = (await f.locator('[data-testid=display-code]').textContent()).replace('-', '');
    await accessible('created', some(['facilitator']));
    await f.click('[data-action=open-board]');
    await waitConnected(f);
    await openTab(f, 'console');
    for (const role of ['co_facilitator', 'manager', 'staff', 'observer']) links[role] = await makeInvitation(f, role);
  });

  test('the join pages: by code, and by an invitation', async () => {
    await pages.citizen.goto(base + '/join/' + code);
    await pages.citizen.locator('#join-name').waitFor();
    await pages.manager.goto(links.manager);
    await pages.manager.locator('[data-testid=invited]').waitFor();
    await accessible('join', some(['citizen', 'manager']));
  });

  test('everyone joins; the welcome phase on every page, the console and the people', async () => {
    /** @type {Array<[Who, string, string]>} */
    const joins = [['cofacilitator', links.co_facilitator, 'Karin'], ['manager', links.manager, 'Mona'],
      ['staff', links.staff, 'Bo'], ['citizen', '', 'Anna'], ['observer', links.observer, 'Storskærm']];
    for (const [who, link, name] of joins) {
      const page = pages[who];
      if (link && who !== 'manager') await page.goto(link);
      await page.fill('#join-name', name);
      await page.click('[data-action=join]');
      if (who === 'observer') await page.locator('[data-testid=screen-code]').waitFor();
      else await waitConnected(page);
    }
    await accessible('welcome', everyone());
    const f = pages.facilitator;
    await openTab(f, 'console');
    await f.locator('.invite[data-role=manager] input.invite__link').waitFor();
    await openTab(pages.cofacilitator, 'console');
    await accessible('console', some(['facilitator', 'cofacilitator']));
    await openTab(f, 'people');
    await f.locator('[data-testid=people] .person', { hasText: 'Storskærm' }).waitFor();
    await openTab(pages.citizen, 'people');
    await accessible('people', some(['facilitator', 'citizen']));
    await openTab(f, 'board');
    await openTab(pages.cofacilitator, 'board');
    await openTab(pages.citizen, 'board');
  });

  test('ideas, written privately', async () => {
    await nextPhase('ideas', 'Idéer');
    await addIdea(pages.staff, 'Idéer', VIDEO);
    await addIdea(pages.citizen, 'Idéer', LONG_IDEA);
    await addIdea(pages.manager, 'Idéer', READING);
    await addIdea(pages.manager, 'Idéer', CAFE);
    await pages.facilitator.locator('[data-testid=phase-status][data-private-count="4"]').waitFor();
    assert.match(await pages.citizen.locator('[data-testid=instruction]').textContent(), /others can’t see them until the facilitator reveals them/);
    assert.match(await pages.observer.locator('.screen__instruction').textContent(), /de andre kan ikke se dem, før facilitatoren viser dem/);
    await accessible('ideas', everyone());
  });

  test('the reveal, after which the instruction says that everyone sees the ideas', async () => {
    await pages.facilitator.locator('.phases [data-action=reveal-ideas]').click();
    await card(pages.citizen, VIDEO).waitFor();
    await card(pages.facilitator, VIDEO).waitFor();
    const revealed = [
      [pages.citizen.locator('[data-testid=instruction]'), 'everyone sees the ones revealed so far; new ones stay hidden from the others until the facilitator reveals them'],
      [pages.staff.locator('[data-testid=instruction]'), 'de som er vist, ser alle; nye idéer er skjult for de andre til fasilitatoren viser dem'],
      [pages.observer.locator('.screen__instruction'), 'dem, der er vist, kan alle se; nye idéer er skjult for de andre, indtil facilitatoren viser dem'],
    ];
    for (const [instruction, text] of revealed) await instruction.filter({ hasText: text }).waitFor();
    await accessible('ideas-revealed', everyone());
  });

  test('cluster', async () => {
    await nextPhase('cluster', 'Klynger');
    const f = pages.facilitator;
    await card(f, READING).locator('[data-action=select]').check();
    await card(f, CAFE).locator('[data-action=select]').check();
    await f.locator('[data-action=selection-cluster]').click();
    await f.locator('.selection__form input').fill('Fællesskab på tværs');
    await f.locator('[data-action=confirm-cluster]').click();
    await pages.citizen.locator('.cluster__name', { hasText: exactly('Fællesskab på tværs') }).waitFor();
    await pages.observer.locator('.screen__cluster h3', { hasText: exactly('Fællesskab på tværs') }).waitFor();
    await accessible('cluster', everyone());
  });

  test('vote, and the results revealed', async () => {
    await nextPhase('vote', 'Afstemning');
    /** @param {Who} who @param {string} text */
    async function vote(who, text) {
      const idea = card(pages[who], text);
      await idea.locator('[data-action=vote-plus]').click();
      await idea.locator('[data-testid=my-dots]').filter({ hasText: / 1$/ }).waitFor();
    }
    await vote('citizen', LONG_IDEA);
    await vote('staff', LONG_IDEA);
    await vote('manager', VIDEO);
    await pages.facilitator.locator('[data-testid=phase-status]', { hasText: /3 prikker givet af 3 deltagere/ }).waitFor();
    await accessible('vote', everyone());
    await pages.facilitator.locator('.phases [data-action=reveal-votes]').click();
    for (const [, page] of everyone()) await page.locator('[data-testid=results] .result').first().waitFor();
    await accessible('results', everyone());
  });

  test('trial actions: one from the top idea, and the manager approves it', async () => {
    await nextPhase('trial_actions', 'Prøvehandlinger');
    const f = pages.facilitator;
    await openTab(f, 'results');
    await f.locator('[data-testid=results] .result').nth(0).locator('[data-action=result-trial]').click();
    const form = f.locator('[data-testid=trial-form]');
    await form.waitFor();
    await accessible('trial-form', some(['facilitator']));
    // The top idea is longer than a title may be: the title is cut at a word.
    const title = await form.locator('input[type=text]').first().inputValue();
    assert.equal(title, LONG_IDEA.slice(0, LONG_IDEA.indexOf(' youth club')) + '…');
    await form.locator('textarea').nth(0).fill('En turnering hver fredag i fælleshuset');
    await form.locator('label.check', { hasText: /^\s*Bo \(/ }).locator('input').check();
    await form.locator('[data-action=create-trial]').click();
    const m = pages.manager;
    const trial = m.locator('.trial', { has: m.locator('.trial__title', { hasText: exactly(title) }) });
    await trial.locator('[data-action=decide]').click();
    await trial.locator('[data-action=decide-approve]').click();
    await trial.locator('.decide__note').fill('Vi prøver det til marts');
    await trial.locator('[data-action=confirm-decision]').click();
    for (const [, page] of everyone()) await page.locator('[data-testid=decision][data-kind=approve]').first().waitFor();
    const s = pages.staff;
    await s.locator('.trial [data-action=open-trial]').first().click();
    await s.locator('.trial .learning__input').waitFor();
    await accessible('trial_actions', everyone());
  });

  test('wrap-up', async () => {
    await nextPhase('wrap_up', 'Afrunding');
    for (const [, page] of everyone()) await page.locator('[data-testid=outcome]:visible').waitFor();
    await accessible('wrap_up', everyone());
  });

  test('closed: the outcome', async () => {
    const f = pages.facilitator;
    await openTab(f, 'console');
    await f.locator('[data-action=close-session]').click();
    await f.locator('[data-action=confirm-close]').click();
    for (const [, page] of everyone()) {
      if (page !== pages.observer) await page.locator('[data-testid=notice][data-kind=closed]').waitFor();
    }
    await openTab(f, 'outcome');
    await accessible('closed', everyone());
  });

  test('the printed outcome begins with the title, the question, the dates and who took part, without the navigation', async () => {
    const f = pages.facilitator;
    await f.emulateMedia({ media: 'print' });
    try {
      const head = f.locator('[data-testid=outcome-print-head]');
      await head.waitFor();
      assert.equal(await head.locator('h1').textContent(), TITLE);
      assert.equal(await head.locator('.outcome__print-question').textContent(), QUESTION);
      assert.match(await head.locator('[data-fact=created]').textContent(), /^Oprettet\d{1,2}\. \p{L}+ \d{4}$/u);
      assert.match(await head.locator('[data-fact=printed]').textContent(), /^Udskrevet\d{1,2}\. \p{L}+ \d{4}$/u);
      assert.equal(await head.locator('[data-fact=took-part] dd').textContent(),
        'Facilitatorer 1 · Medfacilitatorer 1 · Ledere 1 · Medarbejdere 1 · Borgere 1 · Tilskuere 1');
      assert.equal(await head.locator('.outcome__print-open').count(), 0, 'closed: not "so far"');
      for (const chrome of ['.topbar', '.board-head', '.phases', '.tabs', '[data-testid=notice]', '[data-action=print]']) {
        assert.equal(await f.locator(chrome).isVisible(), false, chrome + ' is not printed');
      }
      await screenshot(f, 'outcome-print');
    } finally {
      await f.emulateMedia({ media: null });
    }
    assert.equal(await f.locator('[data-testid=outcome-print-head]').isVisible(), false, 'on paper only');

    // Chromium's own PDF (with the print style sheet), read back with poppler's pdftotext.
    const pdf = path.join(RESULTS_DIR, 'outcome.pdf');
    await f.pdf({ path: pdf, format: 'A4' });
    assert.ok(statSync(pdf).size > 1000, 'a PDF was written');
    let text = '';
    try {
      text = execFileSync('pdftotext', ['-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ').trim();
    } catch (err) {
      if (/** @type {NodeJS.ErrnoException} */ (err).code === 'ENOENT') throw new Error('pdftotext is missing: apt-get install poppler-utils (scripts/test does)');
      throw err;
    }
    assert.ok(text.startsWith(TITLE + ' ' + QUESTION + ' Oprettet'), 'the PDF begins with the title and the question: ' + text.slice(0, 300));
    assert.match(text, /Prøvehandlinger/);
    assert.match(text, /Bo/, 'the trial action with its owner');
    assert.match(text, /Godkendt – Mona: Vi prøver det til marts/, 'and the decision on it');
    assert.doesNotMatch(text, /Værkstedet er lukket|Udskriv\b|Tavle/, 'no notice, buttons or tabs');
  });

  test('no page had an uncaught error', () => {
    assert.deepEqual(rig?.errors(), []);
  });
});
