// End-to-end: a whole workshop, "A typical session" of shared/DOMAIN.md, with the real
// server and five browser contexts: the facilitator (desktop), a manager and a staff
// member who join with their invitation links, a citizen who joins with the code on
// the start page (phones), and an observer: the big screen (1920×1080).
//
// Private writing (the citizen does not see the staff member's idea before the reveal,
// and does right after it), a timer on every page, a cluster and a merge of two
// duplicates, dot voting (the facilitator sees only how many dots were cast), the
// results (one voter per role here: with the lowest fold_threshold, 2, no role is shown
// on its own, so the split is "others" alone and nobody's dots can be told), a trial action from the top idea with an owner, who adds a learning, the
// manager's approval seen by everyone at once (the big screen announces it in large type,
// longer than the laptops do), a second trial action the manager parks,
// and closing the session, after which everything is read-only and the outcome is
// shown. On the way: comments and reactions, the facilitator hiding and showing an idea
// and a comment, and the audit log. Then a follow-up session that takes over the
// approved trial action (not the parked one), which the facilitator puts in focus for
// everyone.
//
// Every wait is a condition with a timeout; there is no fixed sleep.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, makeDataDir, removeDataDir } from '../support/server.mjs';
import { launchChromium, watchErrors } from '../support/browser.mjs';
import { CONNECT_MS, exactly, column, card, waitConnected, watch, arrives, addIdea, clickAt, openTab, snap } from '../support/ui.mjs';

const TITLE = 'Velfærd med færre hænder';
const QUESTION = 'Hvad er umuligt i vores enhed i dag, men ville forbedre servicen grundlæggende, hvis det var muligt?';
const VIDEO = 'Videoklip som supervision i vuggestuen';
const PINGPONG = 'Bordtennisturnering på tværs af generationer';
const PINGPONG_TOO = 'Bordtennis for unge og ældre';
const READING = 'Læseklub for børnehave og plejehjem';
const CAFE = 'Café for introverte unge';
const LEARNING = 'De unge kom, de ældre ikke endnu';

describe('a whole workshop: invitations, private writing, clusters, votes, a trial action, a decision, closing', { timeout: 150000 }, () => {
  let dataDir = '';
  /** @type {Awaited<ReturnType<typeof startServer>>|null} */
  let server = null;
  /** @type {import('playwright-core').Browser} */
  let browser;
  let base = '';
  let code = '';
  /** @type {Record<string, string>} */
  const links = {};
  /** @type {Record<'facilitator'|'manager'|'staff'|'citizen'|'observer', import('playwright-core').Page>} */
  const pages = /** @type {any} */ ({});
  /** @type {string[][]} */
  const errors = [];

  /** @returns {import('playwright-core').Page[]} the pages of the people who take part (not the big screen) */
  function members() {
    return [pages.facilitator, pages.manager, pages.staff, pages.citizen];
  }

  before(async () => {
    dataDir = makeDataDir();
    server = await startServer({ dataDir });
    base = server.url;
    browser = await launchChromium();
    const phone = { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true };
    const contexts = {
      facilitator: { viewport: { width: 1366, height: 900 }, locale: 'da-DK' },
      manager: { ...phone, locale: 'da-DK' },
      staff: { ...phone, locale: 'nb-NO' },
      citizen: { ...phone, locale: 'da-DK' },
      observer: { viewport: { width: 1920, height: 1080 }, locale: 'da-DK' },
    };
    for (const [name, options] of Object.entries(contexts)) {
      const context = await browser.newContext(options);
      const page = await context.newPage();
      page.setDefaultTimeout(CONNECT_MS);
      pages[/** @type {keyof typeof pages} */ (name)] = page;
      errors.push(watchErrors(page, name));
    }
    watch(Object.entries(pages));
  });

  after(async () => {
    await browser?.close();
    server?.kill();
    if (dataDir) removeDataDir(dataDir);
  });

  test('the facilitator creates the workshop with private writing and makes invitation links', async () => {
    const f = pages.facilitator;
    await f.goto(base + '/');
    await f.fill('#create-title', TITLE);
    await f.fill('#create-question', QUESTION);
    await f.fill('#create-name', 'Mette');
    assert.equal(await f.isChecked('#create-template-idea_workshop'), true);
    assert.equal(await f.isChecked('#create-private'), true);
    await f.click('[data-action=create]');
    code = (await f.locator('[data-testid=display-code]').textContent()).replace('-', '');
    await f.click('[data-action=open-board]');
    await waitConnected(f);

    await openTab(f, 'console');
    // One voter per role in this test: even the lowest threshold shows no role on its own.
    await f.fill('#settings-fold', '2');
    await f.click('[data-action=save-settings]');
    await f.waitForFunction(() => /** @type {HTMLInputElement} */ (document.querySelector('#settings-fold'))?.value === '2');
    for (const role of ['manager', 'staff', 'observer']) {
      const row = f.locator('.invite[data-role=' + role + ']');
      await row.locator('[data-action=renew-invite]').click();
      await row.locator('input.invite__link').waitFor();
      links[role] = await row.locator('input.invite__link').inputValue();
      assert.match(links[role], new RegExp('^' + base + '/join/' + code + '#invite=[^&]+&role=' + role + '$'));
    }
    // The manager's link renewed: the new one is shown (the list keeps the revoked one).
    const manager = f.locator('.invite[data-role=manager]');
    await manager.locator('[data-action=renew-invite]').click();
    await f.waitForFunction((old) => /** @type {HTMLInputElement|null} */ (document.querySelector('.invite[data-role=manager] input.invite__link'))?.value !== old,
      links.manager);
    links.manager = await manager.locator('input.invite__link').inputValue();
    assert.match(links.manager, /#invite=[^&]+&role=manager$/);
  });

  test('after a reload the console shows the same links (the server derives them again)', async () => {
    const f = pages.facilitator;
    await f.reload();
    await waitConnected(f);
    await openTab(f, 'console');
    for (const role of ['manager', 'staff', 'observer']) {
      const link = f.locator('.invite[data-role=' + role + '] input.invite__link');
      await link.waitFor();
      assert.equal(await link.inputValue(), links[role], role);
    }
    assert.equal(await f.locator('.invite[data-role=co_facilitator] input.invite__link').isVisible(), false, 'none made');
  });

  test('the manager and the staff member join with their links, the citizen with the code', async () => {
    const joins = [
      ['manager', 'Mona', /Du er inviteret som leder/, /Mona · leder/],
      ['staff', 'Bo', /Du er invitert som medarbeider/, /Bo · medarbeider/],
    ];
    for (const [role, name, invited, you] of joins) {
      const page = pages[/** @type {'manager'|'staff'} */ (role)];
      await page.goto(links[role]);
      assert.match(await page.locator('[data-testid=invited]').textContent(), invited);
      assert.equal(new URL(page.url()).hash, '', 'the invitation is taken out of the address bar');
      await page.fill('#join-name', name);
      await page.click('[data-action=join]');
      await waitConnected(page);
      assert.match(await page.locator('[data-testid=you]').textContent(), you);
    }

    const c = pages.citizen;
    await c.goto(base + '/');
    await c.fill('#start-join-code', code.slice(0, 3).toLowerCase() + '-' + code.slice(3).toLowerCase());
    await c.press('#start-join-code', 'Enter');
    await c.fill('#join-name', 'Anna');
    await c.click('[data-action=join]');
    await waitConnected(c);
    assert.match(await c.locator('[data-testid=you]').textContent(), /Anna · borger/);

    const o = pages.observer;
    await o.goto(links.observer);
    await o.fill('#join-name', 'Storskærm');
    await o.click('[data-action=join]');
    await o.locator('[data-testid=screen-code]').waitFor();
    assert.equal(await o.locator('[data-testid=screen-code]').textContent(), code.slice(0, 3) + '-' + code.slice(3));

    // The facilitator sees everyone, with their roles.
    await openTab(pages.facilitator, 'people');
    const people = pages.facilitator.locator('[data-testid=people]');
    for (const [name, role] of [['Mona', 'leder'], ['Bo', 'medarbejder'], ['Anna', 'borger'], ['Storskærm', 'tilskuer']]) {
      await people.locator('.person', { hasText: name }).locator('.person__role', { hasText: exactly(role) }).waitFor();
    }
  });

  test('ideas are written privately, under a timer that every page shows', async () => {
    const f = pages.facilitator;
    await f.locator('[data-action=phase-next]').click();
    await f.locator('.phase--current[data-phase=ideas]').waitFor();
    await f.locator('[data-action=timer-5]').click();
    for (const page of [...members(), pages.observer]) {
      await page.locator('[data-testid=timer]').filter({ hasText: /^[45]:\d\d$/ }).waitFor();
    }

    await addIdea(pages.staff, 'Idéer', VIDEO);
    await addIdea(pages.citizen, 'Idéer', PINGPONG);
    await addIdea(pages.citizen, 'Idéer', PINGPONG_TOO);
    await addIdea(pages.manager, 'Idéer', READING);
    await addIdea(pages.manager, 'Idéer', CAFE);
    // Everyone learns that five ideas are written; nobody sees the others' ideas.
    for (const page of members()) await page.locator('[data-testid=phase-status][data-private-count="5"]').waitFor();
    await pages.observer.locator('[data-testid=screen-counter]', { hasText: /5 idéer skrevet/ }).waitFor();
    const citizen = pages.citizen;
    await card(citizen, PINGPONG).waitFor();
    assert.equal(await card(citizen, VIDEO).count(), 0, "the staff member's idea is not on the citizen's page before the reveal");
    assert.match(await card(citizen, PINGPONG).locator('.badge--private').textContent(), /Kun du kan se den/);
    assert.match(await citizen.locator('[data-testid=phase-status]').textContent(), /3 idéer fra de andre er skjult/);
    assert.equal(await card(f, VIDEO).count(), 0, 'nor on the facilitator’s');
    assert.match(await f.locator('[data-testid=phase-status]').textContent(), /5 idéer skrevet/);
    await snap(f, '03-facilitator-private');
    await snap(citizen, '03-citizen-private');
    await snap(pages.observer, '03-screen-ideas');
  });

  test('the reveal shows every idea to everyone at once', async () => {
    const at = await clickAt(pages.facilitator.locator('.phases [data-action=reveal-ideas]'));
    await arrives(card(pages.citizen, VIDEO), at);
    await arrives(card(pages.manager, PINGPONG), at);
    assert.equal(await card(pages.citizen, VIDEO).locator('.badge--private').isVisible(), false);
    assert.match(await card(pages.citizen, VIDEO).locator('.card__author').textContent(), /^Bo · medarbejder/);
  });

  test('comments and reactions; the facilitator hides and shows an idea and a comment', async () => {
    const c = pages.citizen;
    const s = pages.staff;
    const f = pages.facilitator;
    const video = card(c, VIDEO);
    await video.locator('[data-action=comments]').click();
    await video.locator('.thread__input').fill("Kunne det også virke i SFO'en?");
    let at = await clickAt(video.locator('[data-action=send-comment]'));
    const theirs = card(s, VIDEO);
    await arrives(theirs.locator('[data-action=comments]', { hasText: /1 kommentarer/ }), at);
    await theirs.locator('[data-action=comments]').click();
    assert.match(await theirs.locator('.comment__meta').textContent(), /^Anna \(innbygger\)/);
    assert.equal(await theirs.locator('.comment__text').textContent(), "Kunne det også virke i SFO'en?");

    at = await clickAt(video.locator('.reaction[data-reaction=like]'));
    await arrives(theirs.locator('.reaction[data-reaction=like] .reaction__count', { hasText: exactly('1') }), at);
    await video.locator('.reaction[data-reaction=like][aria-pressed=true]').waitFor();
    assert.equal(await theirs.locator('.reaction[data-reaction=like]').getAttribute('aria-pressed'), 'false');

    // The facilitator hides the comment: gone for others, dimmed for its author.
    const facComment = card(f, VIDEO);
    await facComment.locator('[data-action=comments]').click();
    at = await clickAt(facComment.locator('[data-action=moderate-comment]'));
    await arrives(theirs.locator('.comment'), at, 'detached');
    await video.locator('.comment--moderated .moderated-note').waitFor();
    await facComment.locator('[data-action=moderate-comment]').click();
    await theirs.locator('.comment').waitFor();

    // And an idea: gone for the others, dimmed with a note for its author (the manager).
    await card(f, READING).locator('.card__menu summary').click();
    at = await clickAt(card(f, READING).locator('[data-action=moderate]'));
    await arrives(card(c, READING), at, 'detached');
    await card(pages.manager, READING).locator('.moderated-note:visible').waitFor();
    await card(f, READING).locator('.card__menu summary').click();
    at = await clickAt(card(f, READING).locator('[data-action=moderate]'));
    await arrives(card(c, READING), at);
  });

  test('the facilitator makes a cluster and merges two duplicates', async () => {
    const f = pages.facilitator;
    await f.locator('[data-action=phase-next]').click();
    await f.locator('.phase--current[data-phase=cluster]').waitFor();
    await openTab(f, 'board');

    // Two ideas, one of them in another column first: the cluster gathers them in one.
    await card(f, CAFE).locator('[data-action=move]').click();
    await card(f, CAFE).locator('select.move__select').selectOption({ label: 'Til drøftelse' });
    await card(f, CAFE).locator('[data-action=move-to-column]').click();
    await card(column(f, 'Til drøftelse'), CAFE).waitFor();
    await card(f, CAFE).locator('[data-action=move-done]').click();
    await card(f, READING).locator('[data-action=select]').check();
    await card(f, CAFE).locator('[data-action=select]').check();
    assert.match(await f.locator('[data-testid=selection-count]').textContent(), /2 idéer valgt/);
    await f.locator('[data-action=selection-cluster]').click();
    await f.locator('.selection__form input').fill('Fællesskab på tværs');
    let at = await clickAt(f.locator('[data-action=confirm-cluster]'));
    const cluster = pages.citizen.locator('.cluster', { has: pages.citizen.locator('.cluster__name', { hasText: exactly('Fællesskab på tværs') }) });
    await arrives(card(cluster, READING), at);
    await card(cluster, CAFE).waitFor();
    assert.equal(await card(column(pages.citizen, 'Idéer'), CAFE).count(), 1, 'gathered in the column most of them were in');

    await card(f, PINGPONG).locator('[data-action=select]').check();
    await card(f, PINGPONG_TOO).locator('[data-action=select]').check();
    await f.locator('[data-action=selection-merge]').click();
    await f.locator('.selection__form select').selectOption({ label: PINGPONG });
    at = await clickAt(f.locator('[data-action=confirm-merge]'));
    await arrives(card(pages.citizen, PINGPONG_TOO), at, 'detached');
    const kept = card(pages.citizen, PINGPONG);
    assert.match(await kept.locator('.card__merged summary').textContent(), /Lagt sammen med denne: 1/);
    await kept.locator('.card__merged summary').click();
    assert.equal(await kept.locator('.card__merged-text').textContent(), PINGPONG_TOO);
    await snap(f, '05-facilitator-clusters');
    await snap(pages.citizen, '05-citizen-clusters');
  });

  test('everyone votes with dots; the facilitator sees only how many were cast', async () => {
    const f = pages.facilitator;
    await f.locator('[data-action=phase-next]').click();
    await pages.citizen.locator('.phase--current[data-phase=vote]').waitFor();

    /** @param {import('playwright-core').Page} page @param {string} text @param {number} dots */
    async function vote(page, text, dots) {
      const idea = card(page, text);
      for (let i = 0; i < dots; i++) {
        const before = Number((await idea.locator('[data-testid=my-dots]').textContent()).trim().split(' ').pop());
        await idea.locator('[data-action=vote-plus]').click();
        await idea.locator('[data-testid=my-dots]').filter({ hasText: new RegExp(' ' + (before + 1) + '$') }).waitFor();
      }
    }
    await vote(pages.citizen, PINGPONG, 2);
    // The cap (2 dots on one idea) is respected.
    assert.equal(await card(pages.citizen, PINGPONG).locator('[data-action=vote-plus]').isDisabled(), true);
    await vote(pages.citizen, VIDEO, 1);
    assert.equal(await pages.citizen.locator('[data-testid=dots-left]').textContent(), 'Du har 0 prikker tilbage');
    assert.equal(await card(pages.citizen, READING).locator('[data-action=vote-plus]').isDisabled(), true, 'no dots left');
    await vote(pages.staff, VIDEO, 2);
    await vote(pages.manager, PINGPONG, 2);
    await vote(pages.manager, READING, 1);

    await f.locator('[data-testid=phase-status]', { hasText: /8 prikker givet af 3 deltagere/ }).waitFor();
    assert.equal(await f.locator('[data-action=vote-plus]:visible').count(), 0, 'the facilitator does not vote');
    assert.equal(await f.locator('[data-testid=my-dots]:visible').count(), 0);
    assert.equal(await card(pages.citizen, READING).locator('[data-action=vote-plus]').isVisible(), true, 'the others do');
    await snap(pages.citizen, '06-citizen-vote');
    assert.equal(await f.locator('[data-testid=idea-total]:visible').count(), 0, 'no totals before the reveal');
  });

  test('the results are revealed by role, on every page and on the big screen', async () => {
    const at = await clickAt(pages.facilitator.locator('.phases [data-action=reveal-votes]'));
    for (const page of [pages.citizen, pages.observer]) {
      await arrives(page.locator('[data-testid=results] .result').first(), at);
    }
    for (const page of [...members(), pages.observer]) {
      const rows = page.locator('[data-testid=results] .result');
      await rows.first().waitFor();
      assert.equal(await rows.count(), 3);
      assert.equal(await rows.nth(0).locator('.result__text').textContent(), PINGPONG);
      assert.equal(await rows.nth(1).locator('.result__text').textContent(), VIDEO);
      assert.equal(await rows.nth(2).locator('.result__text').textContent(), READING);
      assert.match(await rows.nth(0).locator('[data-testid=result-total]').textContent(), /^4 (prikker|dots)$/);
      assert.match(await rows.nth(1).locator('[data-testid=result-total]').textContent(), /^3 (prikker|dots)$/);
    }
    const top = pages.citizen.locator('[data-testid=results] .result').nth(0);
    const split = await top.locator('[data-testid=result-split]').textContent();
    // Three voters, one per role: folded together, so that no one's dots show.
    assert.match(split, /Andre 4/);
    assert.doesNotMatch(split, /Borgere|Ledere|Medarbejdere/);
    assert.match(await pages.staff.locator('[data-testid=results] .result').nth(1).locator('[data-testid=result-split]').textContent(), /Andre 3/);
    assert.match(await pages.citizen.locator('.results__legend').textContent(), /Andre \(3 har stemt\)/);
    await snap(pages.observer, '07-screen-results');
    await snap(pages.citizen, '07-citizen-results');
  });

  test('the top idea becomes a trial action with an owner', async () => {
    const f = pages.facilitator;
    await f.locator('[data-action=phase-next]').click();
    await f.locator('.phase--current[data-phase=trial_actions]').waitFor();
    await openTab(f, 'results');
    await f.locator('[data-testid=results] .result').nth(0).locator('[data-action=result-trial]').click();
    const form = f.locator('[data-testid=trial-form]');
    await form.waitFor();
    assert.equal(await form.locator('input[type=text]').first().inputValue(), PINGPONG);
    await form.locator('textarea').nth(0).fill('En turnering hver fredag i fælleshuset');
    await form.locator('textarea').nth(1).fill('unge og ældre får kontakt');
    await form.locator('textarea').nth(2).fill('ti faste deltagere efter en måned');
    await form.locator('input[type=date]').nth(1).fill('2027-02-01');
    await form.locator('label.check', { hasText: /^\s*Bo \(/ }).locator('input').check();
    const at = await clickAt(form.locator('[data-action=create-trial]'));
    for (const page of [pages.citizen, pages.manager, pages.staff]) {
      const trial = page.locator('.trial', { has: page.locator('.trial__title', { hasText: exactly(PINGPONG) }) });
      await arrives(trial, at);
      assert.match(await trial.locator('[data-testid=trial-status]').textContent(), /Foreslået|Foreslått/);
      assert.match(await trial.locator('.trial__meta').textContent(), /Bo/);
    }
    await pages.citizen.locator('.tab[data-tab=board]').click();
    assert.match(await card(pages.citizen, PINGPONG).locator('[data-testid=fate]').textContent(), /Blev til prøvehandling/);
  });

  test('two people edit the same field of the trial action: the later one sees both texts and keeps hers', async () => {
    /** @param {import('playwright-core').Page} page */
    const trialOn = (page) => page.locator('.trial', { has: page.locator('.trial__title', { hasText: exactly(PINGPONG) }) });
    const f = pages.facilitator;
    const s = pages.staff;
    await openTab(f, 'trials');
    await trialOn(f).locator('[data-action=open-trial]').click();
    await trialOn(s).locator('[data-action=open-trial]').click();
    const mine = trialOn(f).locator('.trial__input[data-field=what]');
    const theirs = trialOn(s).locator('.trial__input[data-field=what]');
    await mine.fill('En turnering hver anden fredag');
    await theirs.fill('En turnering hver fredag, også for pårørende');
    await theirs.blur(); // Bo (an owner) saves first; the big screen shows when it is in
    await pages.observer.locator('.trial__hypothesis', { hasText: 'også for pårørende' }).waitFor();
    await mine.blur();
    const conflict = trialOn(f).locator('.trial__field--what .conflict');
    await conflict.waitFor();
    await conflict.locator('.conflict__text--theirs .conflict__body', { hasText: exactly('En turnering hver fredag, også for pårørende') }).waitFor();
    assert.equal(await conflict.locator('.conflict__text--mine .conflict__body').textContent(), 'En turnering hver anden fredag');
    const at = await clickAt(conflict.locator('[data-action=use-mine]'));
    await s.waitForFunction(() => {
      const el = /** @type {HTMLTextAreaElement|null} */ (document.querySelector('.trial__input[data-field=what]'));
      return el?.value === 'En turnering hver anden fredag';
    }, null, { timeout: Math.max(1, 1000 - (Date.now() - at)) });
    await conflict.waitFor({ state: 'hidden' });
    await trialOn(f).locator('[data-action=open-trial]').click();
    await trialOn(s).locator('[data-action=open-trial]').click();
  });

  test('an owner adds a learning, and those who have the trial action open see it at once', async () => {
    /** @param {import('playwright-core').Page} page */
    const trialOn = (page) => page.locator('.trial', { has: page.locator('.trial__title', { hasText: exactly(PINGPONG) }) });
    const f = pages.facilitator;
    const s = pages.staff;
    await trialOn(f).locator('[data-action=open-trial]').click();
    await trialOn(s).locator('[data-action=open-trial]').click();
    await trialOn(s).locator('.learning__input').fill(LEARNING);
    const at = await clickAt(trialOn(s).locator('[data-action=add-learning]'));
    await arrives(trialOn(f).locator('.learning__text', { hasText: exactly(LEARNING) }), at);
    await trialOn(s).locator('.learning__text', { hasText: exactly(LEARNING) }).waitFor();
    assert.equal(await trialOn(f).locator('.learning').count(), 1);
    await trialOn(f).locator('[data-action=open-trial]').click();
    await trialOn(s).locator('[data-action=open-trial]').click();
  });

  test("the manager approves it, and everyone sees the decision at once", async () => {
    await openTab(pages.facilitator, 'board');
    await openTab(pages.citizen, 'trials');
    const m = pages.manager;
    await openTab(m, 'trials');
    const trial = m.locator('.trial', { has: m.locator('.trial__title', { hasText: exactly(PINGPONG) }) });
    await trial.locator('[data-action=decide]').click();
    await trial.locator('[data-action=decide-approve]').click();
    await trial.locator('.decide__note').fill('Vi prøver det til marts');
    const at = await clickAt(trial.locator('[data-action=confirm-decision]'));
    // Whatever they look at, everyone is told at once (the facilitator is on the board tab).
    const announced = /Godkendt – Mona: Vi prøver det til marts/;
    await arrives(pages.facilitator.locator('.toast', { hasText: announced }), at);
    // The big screen says it too, large enough to read from the back of the room.
    const onScreen = pages.observer.locator('.toast', { hasText: announced });
    await arrives(onScreen, at);
    const size = await onScreen.evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
    assert.ok(size >= 30, 'the decision is legible on the big screen: ' + size + ' px');
    await openTab(pages.facilitator, 'trials');
    for (const page of [pages.facilitator, pages.citizen, pages.staff, pages.observer]) {
      const theirs = page.locator('.trial', { has: page.locator('.trial__title', { hasText: exactly(PINGPONG) }) });
      await arrives(theirs.locator('[data-testid=decision][data-kind=approve]'), at);
      assert.match(await theirs.locator('[data-testid=decision]').textContent(), /Mona: Vi prøver det til marts/);
      assert.match(await theirs.locator('[data-testid=trial-status]').textContent(), /Godkendt|Godkjent/);
    }
    // The approval's trial action has no learnings: the one added before stays.
    const mine = pages.citizen.locator('.trial', { has: pages.citizen.locator('.trial__title', { hasText: exactly(PINGPONG) }) });
    await mine.locator('[data-action=open-trial]').click();
    await mine.locator('.learning__text', { hasText: exactly(LEARNING) }).waitFor();
    await mine.locator('[data-action=open-trial]').click();
    await snap(m, '09-manager-trial');
    await snap(pages.observer, '09-screen-trials');
    // And it stays there after the laptops' toast has gone, for the room to read.
    await pages.facilitator.locator('.toast', { hasText: announced }).waitFor({ state: 'detached', timeout: 15000 });
    assert.ok(await onScreen.isVisible(), 'the big screen still shows the decision');
    // Only managers decide.
    assert.equal(await pages.citizen.locator('[data-action=decide]:visible').count(), 0);
    assert.equal(await pages.facilitator.locator('[data-action=decide]:visible').count(), 0);
  });

  test('the manager parks a second trial action, and everyone sees it parked', async () => {
    const f = pages.facilitator;
    await openTab(f, 'results');
    await f.locator('[data-testid=results] .result').nth(1).locator('[data-action=result-trial]').click();
    const form = f.locator('[data-testid=trial-form]');
    assert.equal(await form.locator('input[type=text]').first().inputValue(), VIDEO);
    await form.locator('[data-action=create-trial]').click();
    const m = pages.manager;
    const trialOn = (/** @type {import('playwright-core').Page} */ page) =>
      page.locator('.trial', { has: page.locator('.trial__title', { hasText: exactly(VIDEO) }) });
    await trialOn(m).locator('[data-action=decide]').click();
    await trialOn(m).locator('[data-action=decide-park]').click();
    await trialOn(m).locator('.decide__note').fill('Ikke før efter sommerferien');
    const at = await clickAt(trialOn(m).locator('[data-action=confirm-decision]'));
    await openTab(f, 'trials');
    for (const page of [f, pages.citizen, pages.staff, pages.observer]) {
      await arrives(trialOn(page).locator('[data-testid=decision][data-kind=park]'), at);
      assert.match(await trialOn(page).locator('[data-testid=trial-status]').textContent(), /^(Parkeret|Parkert)$/);
    }
    // It waits for a manager: it cannot be set running, only stopped.
    await trialOn(f).locator('[data-action=open-trial]').click();
    await trialOn(f).locator('.trial__status-actions', { hasText: 'Parkeret af en leder' }).waitFor();
    assert.equal(await trialOn(f).locator('[data-action=status-running]').count(), 0);
    assert.equal(await trialOn(f).locator('[data-action=status-stopped]').count(), 1);
    await trialOn(f).locator('[data-action=open-trial]').click();
  });

  test('closing the session makes everything read-only and shows the outcome', async () => {
    const f = pages.facilitator;
    await openTab(f, 'console');
    await f.locator('[data-action=close-session]').click();
    const at = await clickAt(f.locator('[data-action=confirm-close]'));
    for (const page of members()) {
      await arrives(page.locator('[data-testid=notice][data-kind=closed]'), at);
      await page.locator('.tab[data-tab=outcome][aria-selected=true]').waitFor();
      const outcome = page.locator('[data-testid=outcome]');
      await outcome.locator('.outcome__trial', { hasText: PINGPONG }).waitFor();
      await outcome.locator('.outcome__fate[data-fate=merged]', { hasText: PINGPONG_TOO }).waitFor();
      await outcome.locator('.outcome__trial', { hasText: VIDEO }).locator('.trial__status[data-status=parked]').waitFor();
    }
    await pages.observer.locator('[data-testid=outcome]:visible').waitFor();
    await openTab(f, 'console');
    await f.locator('[data-action=load-audit]').click();
    const audit = f.locator('[data-testid=audit]');
    await audit.locator('.audit__entry', { hasText: 'Lukkede værkstedet' }).waitFor();
    await audit.locator('.audit__entry', { hasText: /Mona \(leder\).*Traf en straks-beslutning – Godkendt/ }).waitFor();
    await audit.locator('.audit__entry', { hasText: /Mona \(leder\).*Traf en straks-beslutning – Parkeret/ }).waitFor();
    const c = pages.citizen;
    await openTab(c, 'board');
    assert.equal(await c.locator('textarea.composer__input:visible').count(), 0, 'no more writing');
    assert.equal(await c.locator('.reaction:enabled:visible').count(), 0, 'no more reactions');
    await openTab(c, 'trials');
    assert.equal(await c.locator('[data-action=volunteer]:visible').count(), 0);
    assert.equal(await c.locator('.thread__form:visible').count(), 0);
    assert.equal(await f.locator('.phases__tools:visible').count(), 0, 'no facilitation tools');
    await snap(pages.manager, '10-manager-outcome');
    await openTab(f, 'console');
    await snap(f, '10-facilitator-console');
  });

  test('a follow-up session takes over the trial action, and the facilitator puts it in focus for everyone', async () => {
    const f = pages.facilitator;
    await f.goto(base + '/');
    await f.fill('#create-title', 'Opfølgning: ' + TITLE);
    await f.fill('#create-question', 'Hvad skete der, og hvad lærte vi?');
    await f.check('#create-template-review');
    await f.selectOption('#create-follow', { value: code });
    await f.click('[data-action=create]');
    const review = (await f.locator('[data-testid=display-code]').textContent()).replace('-', '');
    assert.notEqual(review, code);
    await f.click('[data-action=open-board]');
    await waitConnected(f);
    await f.locator('[data-action=phase-next]').click();
    await f.locator('.phase--current[data-phase=review]').waitFor();
    const trial = f.locator('.trial', { has: f.locator('.trial__title', { hasText: exactly(PINGPONG) }) });
    await trial.waitFor();
    assert.match(await trial.locator('.trial__origin').textContent(), /fra et tidligere værksted/);
    assert.match(await trial.locator('[data-testid=trial-status]').textContent(), /Godkendt/);
    // The parked one stays behind.
    assert.equal(await f.locator('.trial__title', { hasText: exactly(VIDEO) }).count(), 0);

    const c = pages.citizen;
    await c.goto(base + '/join/' + review);
    await c.fill('#join-name', 'Anna');
    await c.click('[data-action=join]');
    await waitConnected(c);
    await c.locator('.tab[data-tab=trials][aria-selected=true]').waitFor();
    const at = await clickAt(trial.locator('[data-action=focus-trial]'));
    const focus = c.locator('.trials__focus');
    await arrives(focus.locator('.trial__title', { hasText: exactly(PINGPONG) }), at);
    assert.match(await focus.textContent(), /Vi tror, at unge og ældre får kontakt/);
    await focus.locator('.learning__text', { hasText: exactly(LEARNING) }).waitFor();  // from the snapshot
    await snap(c, '11-citizen-review-focus');
  });

  test('no page had an uncaught error', () => {
    assert.deepEqual(errors.flat(), []);
  });
});
