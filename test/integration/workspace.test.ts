import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { waitFor } from '../../infra/kit/wait.js';
import { ApiClient, people, type Person } from '../support/api.js';
import { axeViolations, launchBrowser, screenshot } from '../support/browser.js';
import { initiativeAwaitingSectionHead } from '../support/journeys.js';
import { startSystem, type RunningSystem } from '../support/system.js';

jest.setTimeout(180_000);

/**
 * The staff workspace in headless Chromium, through the pages only: sign-in lands on "My tasks",
 * the task is decided from there with the session, the filters live in the URL with their counts,
 * the language switch, and sign-out. Every page is checked with axe-core (WCAG 2.1 AA) and saved
 * as a screenshot under test-output/workspace/.
 */


interface Programme {
  id: string;
  code: string;
  faculty: { id: string };
}

describe('the staff workspace', () => {
  let system: RunningSystem;
  let browser: Browser;
  let everyone: Person[];
  let sectionHead: Person;

  beforeAll(async () => {
    system = await startSystem();
    browser = await launchBrowser();
    everyone = await people(system.apiUrl);
    // The initiative that gives the section head a task (the initiative form is a page of its own).
    ({ sectionHead } = await initiativeAwaitingSectionHead(system.apiUrl, everyone));
  });
  afterAll(async () => {
    await browser?.close();
    await system?.stop();
  });

  /** Axe finds nothing, and the page is saved for a person to look at. */
  async function check(page: Page, name: string): Promise<void> {
    await screenshot(page, `${name}`);
    expect({ name, violations: await axeViolations(page) }).toEqual({ name, violations: [] });
  }

  it('signs in onto My tasks, decides from there, counts and filters in the URL, switches language, signs out', async () => {
    const context = await browser.newContext({ baseURL: system.apiUrl, viewport: { width: 1100, height: 800 } });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    const lang = sectionHead.preferredLanguage;
    const say = (en: string, nb: string) => (lang === 'nb' ? nb : en);

    // Nobody signed in: the home page sends the browser to sign in, and sign-in comes back home.
    await page.goto('/');
    expect(new URL(page.url()).pathname).toBe('/auth/dev');
    await page.locator(`form:has(input[name="personId"][value="${sectionHead.id}"]) button`).click();
    await page.waitForURL((url) => url.pathname === '/');
    expect(await page.locator('html').getAttribute('lang')).toBe(lang);
    await expect(page.locator('h1').textContent()).resolves.toBe(say('My tasks', 'Mine oppgaver'));
    await expect(page.locator('#filter-open .count').textContent()).resolves.toBe('(1)');
    await expect(page.locator('#filter-completed .count').textContent()).resolves.toBe('(0)');
    const row = page.locator('#tasks tbody tr');
    expect(await row.count()).toBe(1);
    await expect(row.locator('td').nth(1).textContent()).resolves.toContain('BFYS');
    // The navigation shows what a section head reaches, and marks where we are.
    await expect(page.locator('nav[aria-label] a[aria-current="page"]').textContent()).resolves.toBe(say('My tasks', 'Mine oppgaver'));
    await check(page, `home-${lang}`);

    // A filter is a link: bookmarkable, and it narrows the table.
    await page.locator('#filter-completed').click();
    await page.waitForURL((url) => url.searchParams.get('status') === 'completed');
    expect(await page.locator('#no-tasks').count()).toBe(1);
    await page.goto('/?status=open&type=anchoring_section_head');
    expect(await page.locator('#tasks tbody tr').count()).toBe(1);
    await page.goto('/?status=open&type=final_approval');
    expect(await page.locator('#no-tasks').count()).toBe(1);

    // Decide from home: the same decision page as the e-mail link, with the session.
    await page.goto('/');
    await page.locator('#tasks tbody tr a').click();
    await page.waitForURL((url) => url.pathname.startsWith('/tasks/'));
    await check(page, `task-${lang}`);
    // Hours in the reader's language: «t» (timer) in Norwegian, «h» in English, as on the case page.
    for (const id of ['#estimate-development', '#estimate-operation']) await expect(page.locator(id).textContent()).resolves.toMatch(new RegExp(`^[\\d.]+ ${say('h', 't')}$`));
    await page.locator('input[name="outcome"][value="reject"]').check();
    // Rejected without a reason: refused at the reason field, the choice kept.
    const [refused] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.locator('form[action^="/tasks/"] button[type="submit"]').click()]);
    expect(refused.status()).toBe(400);
    await expect(page.locator('#task-reason-error').textContent()).resolves.toBe(say('write the reason for rejecting', 'skriv en begrunnelse for avslaget'));
    expect(await page.locator('#task-reason').getAttribute('aria-invalid')).toBe('true');
    await expect(page.locator('p.error[role="alert"]').textContent()).resolves.toBe(say('The decision is not recorded: write the reason for rejecting', 'Avgjørelsen er ikke registrert: skriv en begrunnelse for avslaget'));
    expect(await page.locator('input[name="outcome"][value="reject"]').isChecked()).toBe(true);
    await check(page, `task-refused-${lang}`);
    await page.locator('textarea[name="reason"]').fill('Not this year: the section has no capacity.');
    await page.locator('form[action^="/tasks/"] button[type="submit"]').click();
    await page.waitForLoadState();
    await page.goto('/?status=completed');
    await expect(page.locator('#filter-completed .count').textContent()).resolves.toBe('(1)');
    await expect(page.locator('#filter-open .count').textContent()).resolves.toBe('(0)');
    expect(await page.locator('#tasks tbody tr').count()).toBe(1);

    // The language switch keeps the page and the filter, and is remembered.
    await page.locator('form[action="/me/language"] button').click();
    await page.waitForURL((url) => url.searchParams.get('status') === 'completed');
    const other = lang === 'nb' ? 'en' : 'nb';
    expect(await page.locator('html').getAttribute('lang')).toBe(other);
    await expect(page.locator('h1').textContent()).resolves.toBe(other === 'en' ? 'My tasks' : 'Mine oppgaver');
    await check(page, `home-completed-${other}`);
    await page.goto('/');
    expect(await page.locator('html').getAttribute('lang')).toBe(other);

    // On a phone the same page works: nothing wider than the screen.
    await page.setViewportSize({ width: 375, height: 740 });
    await page.goto('/?status=completed');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await screenshot(page, `home-phone-${other}`);

    // Sign out ends the session and says so; home then asks to sign in again.
    await page.locator('form[action="/auth/logout"] button').click();
    await page.waitForLoadState();
    await expect(page.locator('h1').textContent()).resolves.toContain('Signed out');
    await check(page, 'signed-out');
    await page.goto('/');
    expect(new URL(page.url()).pathname).toBe('/auth/dev');
    await context.close();
  });

  it('lands a student (and nothing else) on My certificate after sign-in, with My tasks a click away', async () => {
    const student = everyone.find((p) => p.roles.length > 0 && p.roles.every((r) => r.role === 'student'))!;
    const context = await browser.newContext({ baseURL: system.apiUrl, viewport: { width: 1100, height: 800 } });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    const say = (en: string, nb: string) => (student.preferredLanguage === 'nb' ? nb : en);
    await page.goto('/');
    expect(new URL(page.url()).pathname).toBe('/auth/dev');
    await page.locator(`form:has(input[name="personId"][value="${student.id}"]) button`).click();
    await page.waitForURL((url) => url.pathname === '/certificates');
    await expect(page.locator('h1').textContent()).resolves.toBe(say('My certificate', 'Mitt sertifikat'));
    await expect(page.locator('nav[aria-label] a[aria-current="page"]').textContent()).resolves.toBe(say('My certificate', 'Mitt sertifikat'));
    await check(page, `landing-student-${student.preferredLanguage}`);
    await page.locator('nav[aria-label] a', { hasText: say('My tasks', 'Mine oppgaver') }).click();
    await page.waitForURL((url) => url.pathname === '/');
    await expect(page.locator('h1').textContent()).resolves.toBe(say('My tasks', 'Mine oppgaver'));
    await context.close();
  });

  it('submits an initiative from the form (refusals at the field, text kept), follows the case, comments, withdraws', async () => {
    const anyone = await ApiClient.as(system.apiUrl, everyone[0].id);
    const programmes = (await anyone.get<Programme[]>('/api/programmes')).body;
    const bsyk = programmes.find((p) => p.code === 'BSYK')!;
    const leader = everyone.find((p) => p.roles.some((r) => r.role === 'programme_leader' && r.programmeId === bsyk.id))!;
    const context = await browser.newContext({ baseURL: system.apiUrl, viewport: { width: 1100, height: 800 } });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    await page.goto('/initiatives/new');
    await page.locator(`form:has(input[name="personId"][value="${leader.id}"]) button`).click();
    await page.waitForURL((url) => url.pathname === '/initiatives/new');
    const lang = leader.preferredLanguage;
    await check(page, `initiative-new-${lang}`);

    // Too short a motivation, no capacity: each refusal at its field, what was written kept.
    await page.locator('#initiative-programmeId').selectOption(bsyk.id);
    await page.locator('#initiative-expectedStudentsPerYear').fill('12');
    await page.locator('#initiative-motivation').fill('Short');
    await page.locator('#initiative-form button[type="submit"]').click();
    await page.waitForLoadState();
    expect(await page.locator('#form-errors').count()).toBe(1);
    expect(await page.locator('#initiative-motivation-error').count()).toBe(1);
    expect(await page.locator('#initiative-initiatorCapacity-error').count()).toBe(1);
    expect(await page.locator('#initiative-programmeId-error').count()).toBe(0);
    expect(await page.locator('#initiative-motivation').inputValue()).toBe('Short');
    expect(await page.locator('#initiative-programmeId').inputValue()).toBe(bsyk.id);
    expect(await page.locator('#initiative-motivation').getAttribute('aria-invalid')).toBe('true');
    await check(page, `initiative-refused-${lang}`);

    // Accepted: the case page, at its first stage.
    await page.locator('#initiative-initiatorCapacity').selectOption('programme_leader');
    await page.locator('#initiative-motivation').fill('CIL gives our students an international outlook at home.');
    await page.locator('#initiative-form button[type="submit"]').click();
    await page.waitForURL((url) => /^\/cases\/[0-9a-f-]{36}$/.test(url.pathname));
    const caseUrl = new URL(page.url()).pathname;
    await expect(page.locator('h1').textContent()).resolves.toContain('BSYK');
    await expect(page.locator('.progress [aria-current="step"]').textContent()).resolves.toBe(lang === 'nb' ? 'Forankring' : 'Anchoring');
    await waitFor('the open assessment tasks', async () => {
      await page.reload();
      return (await page.locator('#open-tasks tbody tr').count()) === 2 ? true : undefined;
    }, { everyMs: 300, timeoutMs: 20_000 });
    await check(page, `case-${lang}`);

    // A comment from the case page lands on its timeline; an empty one is refused at the field.
    await page.locator('#comment-form button[type="submit"]').click();
    await page.waitForLoadState();
    expect(await page.locator('#case-comment-error').count()).toBe(1);
    await page.locator('#case-comment').fill('We could start with the buddy scheme.');
    await page.locator('#comment-form button[type="submit"]').click();
    await page.waitForURL((url) => url.pathname === caseUrl);
    await expect(page.locator('.timeline').textContent()).resolves.toContain('We could start with the buddy scheme.');

    // The faculty representative gives the section head's task to someone else, from the case page;
    // the picker offers staff only, and choosing nobody is refused at the field.
    const facultyRep = everyone.find((p) => p.roles.some((r) => r.role === 'faculty_representative' && r.facultyId === bsyk.faculty.id))!;
    const repContext = await browser.newContext({ baseURL: system.apiUrl, viewport: { width: 1100, height: 900 } });
    const repPage = await repContext.newPage();
    repPage.setDefaultTimeout(15_000);
    await repPage.goto(caseUrl);
    await repPage.locator(`form:has(input[name="personId"][value="${facultyRep.id}"]) button`).click();
    await repPage.waitForURL((url) => url.pathname === caseUrl);
    const headRow = repPage.locator(`#open-tasks tbody tr[data-holder="${sectionHead.id}"]`);
    const picker = headRow.locator('select[name="assigneeId"]');
    const offered = await picker.locator('option').evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value).filter(Boolean));
    const studentsOnly = everyone.filter((p) => p.roles.length > 0 && p.roles.every((r) => r.role === 'student')).map((p) => p.id);
    expect(offered.length).toBeGreaterThan(0);
    expect(offered.filter((id) => studentsOnly.includes(id))).toEqual([]);
    expect(offered).not.toContain(sectionHead.id);
    await headRow.locator('button[type="submit"]').click();
    await repPage.waitForLoadState();
    expect(await repPage.locator('#open-tasks .field.invalid').count()).toBe(1);
    await check(repPage, `case-reassign-refused-${facultyRep.preferredLanguage}`);
    const deputy = everyone.find((p) => offered.includes(p.id) && p.id !== leader.id)!;
    await repPage.locator(`#open-tasks tbody tr[data-holder="${sectionHead.id}"] select[name="assigneeId"]`).selectOption(deputy.id);
    await repPage.locator(`#open-tasks tbody tr[data-holder="${sectionHead.id}"] button[type="submit"]`).click();
    await repPage.waitForURL((url) => url.pathname === caseUrl);
    expect(await repPage.locator(`#open-tasks tbody tr[data-holder="${deputy.id}"]`).count()).toBe(1);
    expect(await repPage.locator(`#open-tasks tbody tr[data-holder="${sectionHead.id}"]`).count()).toBe(0);
    await repContext.close();
    // The initiator sees no reassignment form: it is not theirs to do.
    await page.goto(caseUrl);
    expect(await page.locator('#open-tasks select[name="assigneeId"]').count()).toBe(0);

    // A second initiative on a programme with an open case: the refusal is at the programme field.
    await page.goto('/initiatives/new');
    await page.locator('#initiative-programmeId').selectOption(bsyk.id);
    await page.locator('#initiative-initiatorCapacity').selectOption('staff');
    await page.locator('#initiative-expectedStudentsPerYear').fill('5');
    await page.locator('#initiative-motivation').fill('Another try at the same programme.');
    await page.locator('#initiative-form button[type="submit"]').click();
    await page.waitForLoadState();
    expect(await page.locator('#initiative-programmeId-error').count()).toBe(1);
    expect(await page.locator('#initiative-motivation').inputValue()).toBe('Another try at the same programme.');

    // Programme work is the local group's: the programme leader, not in it, is refused with a page.
    const refusedWork = await page.goto(`/programmes/${bsyk.id}/catalogue`);
    expect(refusedWork?.status()).toBe(403);

    // The case is in the list, found by its filters.
    await page.goto('/cases?programme=BSYK');
    expect(await page.locator('#cases tbody tr').count()).toBe(1);
    await check(page, `cases-${lang}`);
    await page.goto('/cases?programme=BSYK&stage=open');
    expect(await page.locator('#no-cases').count()).toBe(1);

    // The initiator withdraws from the case page.
    await page.goto(caseUrl);
    await page.locator('#case-reason').fill('We will wait a year.');
    // The form posts and comes back to the same URL: wait for that navigation, not for the URL (which it has already).
    await Promise.all([page.waitForNavigation(), page.locator('#withdraw-form button[type="submit"]').click()]);
    expect(new URL(page.url()).pathname).toBe(caseUrl);
    await expect(page.locator('h1 + p .badge').textContent()).resolves.toBe(lang === 'nb' ? 'Trukket' : 'Withdrawn');
    expect(await page.locator('#withdraw-form').count()).toBe(0);

    // The same pages in the other language pass the same check.
    await Promise.all([page.waitForNavigation(), page.locator('form[action="/me/language"] button').click()]);
    expect(new URL(page.url()).pathname).toBe(caseUrl);
    const other = lang === 'nb' ? 'en' : 'nb';
    expect(await page.locator('html').getAttribute('lang')).toBe(other);
    await check(page, `case-withdrawn-${other}`);
    for (const [path, name] of [['/initiatives/new', 'initiative-new'], ['/cases', 'cases']] as const) {
      await page.goto(path);
      expect(await page.locator('html').getAttribute('lang')).toBe(other);
      await check(page, `${name}-${other}`);
    }
    await context.close();
  });

  it('has an accessibility check that finds problems where there are some', async () => {
    const page = await browser.newPage();
    await page.setContent('<html><body><img src="x.png"><input type="text"><p style="color:#ccc;background:#fff">low contrast</p></body></html>');
    expect((await axeViolations(page)).map((v) => v.id).sort()).toEqual(['color-contrast', 'document-title', 'html-has-lang', 'image-alt', 'label']);
    await page.close();
  });
});
