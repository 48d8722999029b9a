import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { ApiClient, people, type Person } from '../support/api.js';
import { axeViolations, launchBrowser, screenshot, signInPage, switchPageLanguage } from '../support/browser.js';
import { initiativeAwaitingSectionHead } from '../support/journeys.js';
import { startSystem, type RunningSystem } from '../support/system.js';

jest.setTimeout(240_000);

/**
 * The central group's administration pages, in headless Chromium: search people, assign a role
 * (a refusal at the field, the text kept), end one with a reason (its open tasks go to whoever
 * holds the role now), and read the history; nobody else gets in. Every page is checked with
 * axe-core (WCAG 2.1 AA) in both languages and saved under test-output/workspace/.
 */
describe('the staff workspace: people, roles and their history', () => {
  let system: RunningSystem;
  let browser: Browser;
  let everyone: Person[];
  let central: Person;

  beforeAll(async () => {
    system = await startSystem();
    browser = await launchBrowser();
    everyone = await people(system.apiUrl);
    central = everyone.find((p) => p.roles.some((r) => r.role === 'central_group_member'))!;
  });
  afterAll(async () => {
    await browser?.close();
    await system?.stop();
  });

  async function check(page: Page, name: string): Promise<void> {
    await screenshot(page, name);
    expect({ name, violations: await axeViolations(page) }).toEqual({ name, violations: [] });
  }

  const signIn = (person: Person, path: string) => signInPage(browser, system.apiUrl, person.id, path);
  const switchLanguage = switchPageLanguage;

  async function submit(page: Page, button: string): Promise<number> {
    const [response] = await Promise.all([page.waitForNavigation(), page.locator(button).click()]);
    return response!.status();
  }

  it('search, assign, end with a reason (the open task moves to the new holder), history; in both languages', async () => {
    const { caseId, taskId, sectionHead } = await initiativeAwaitingSectionHead(system.apiUrl, everyone);
    const faculty = sectionHead.roles.find((r) => r.role === 'section_head')!.facultyId!;
    const newHead = everyone.find((p) => p.roles.length === 0)!;
    const { context, page } = await signIn(central, '/organisation');
    const say = (en: string, nb: string) => (central.preferredLanguage === 'nb' ? nb : en);
    await page.locator('nav[aria-label] a', { hasText: say('Organisation', 'Organisasjon') }).first().waitFor();

    // Search: by name, every match and only those.
    const surname = newHead.name.split(' ').at(-1)!;
    await page.locator('#q').fill(surname);
    await submit(page, '#people-search button');
    const names = await page.locator('#people tbody th a').allTextContents();
    expect(names.length).toBe(everyone.filter((p) => p.name.toLowerCase().includes(surname.toLowerCase())).length);
    expect(names).toContain(newHead.name);
    await check(page, `organisation-people-${central.preferredLanguage}`);
    await switchLanguage(page);
    await check(page, `organisation-people-${central.preferredLanguage === 'nb' ? 'en' : 'nb'}`);
    await switchLanguage(page);

    // Assign the section head's role to someone else: without a reason it is refused at the field, the choice kept.
    await page.locator('#people tbody th a', { hasText: newHead.name }).click();
    await page.locator('#role').selectOption('section_head');
    const facultyCode = (await page.locator('#scope option').allTextContents()).find((o) => o.startsWith('HV '))!.split(' ')[0];
    await page.locator('#scope').selectOption(facultyCode);
    expect(await submit(page, '#assign-form button')).toBe(400);
    expect(await page.locator('#reason-error').textContent()).toMatch(/3/);
    expect(await page.locator('#role').inputValue()).toBe('section_head');
    await check(page, `organisation-person-refused-${central.preferredLanguage}`);
    await page.locator('#reason').fill('Acting section head from January');
    expect(await submit(page, '#assign-form button')).toBe(200);
    expect(await page.locator('#notice').textContent()).toBe(say('The role is assigned.', 'Rollen er gitt.'));
    expect(await page.locator('#role-list tbody tr').count()).toBe(1);
    await check(page, `organisation-person-${central.preferredLanguage}`);
    await switchLanguage(page);
    await check(page, `organisation-person-${central.preferredLanguage === 'nb' ? 'en' : 'nb'}`);
    await switchLanguage(page);

    // End the old section head's role, with a reason: the open assessment moves to the new one.
    await page.goto('/organisation');
    await page.locator('#q').fill(sectionHead.email);
    await submit(page, '#people-search button');
    await page.locator('#people tbody th a', { hasText: sectionHead.name }).click();
    const row = page.locator(`#role-list tbody tr[data-role="section_head ${facultyCode}"]`);
    await row.locator('input[name="reason"]').fill('Moved to another faculty');
    expect(await submit(page, `#role-list tbody tr[data-role="section_head ${facultyCode}"] button`)).toBe(200);
    expect(await page.locator('#notice').textContent()).toBe(say('The role is ended. 1 open tasks moved to whoever holds the role now.', 'Rollen er avsluttet. 1 åpne oppgaver er flyttet til den som nå har rollen.'));
    const tasksOf = async (p: Person) => (await (await ApiClient.as(system.apiUrl, p.id)).get<{ id: string }[]>('/api/tasks')).body.map((t) => t.id);
    expect(await tasksOf(newHead)).toContain(taskId);
    const rollout = await (await ApiClient.as(system.apiUrl, central.id)).get<{ timeline: { kind: string; data: { to?: string } | null }[] }>(`/api/rollouts/${caseId}`);
    expect(rollout.body.timeline.filter((e) => e.kind === 'task.reassigned').map((e) => e.data?.to)).toEqual([newHead.id]);
    expect(faculty).toBeTruthy();

    // The history: both changes, who made them, and why.
    await page.goto('/organisation/history');
    const history = await page.locator('#history tbody').textContent();
    expect(history).toContain('Acting section head from January');
    expect(history).toContain('Moved to another faculty');
    expect(history).toContain(central.name);
    await check(page, `organisation-history-${central.preferredLanguage}`);
    await switchLanguage(page);
    await check(page, `organisation-history-${central.preferredLanguage === 'nb' ? 'en' : 'nb'}`);
    await context.close();
  });

  it('nobody but the central group gets in: a page that says so, and no change', async () => {
    const leader = everyone.find((p) => p.roles.some((r) => r.role === 'programme_leader'))!;
    const { context, page } = await signIn(leader, '/');
    for (const path of ['/organisation', '/organisation/history', `/organisation/people/${central.id}`]) {
      const res = await page.goto(path);
      expect({ path, status: res!.status(), text: (await page.locator('main').textContent())?.includes(leader.preferredLanguage === 'nb' ? 'Bare den sentrale ressursgruppen' : 'Only the central resource group') }).toEqual({ path, status: 403, text: true });
    }
    expect(await page.locator('nav[aria-label] a', { hasText: /^(Organisation|Organisasjon)$/ }).count()).toBe(0);
    await check(page, `organisation-forbidden-${leader.preferredLanguage}`);
    // A form post with a valid CSRF token still changes nothing.
    const csrf = await page.locator('input[name="_csrf"]').first().inputValue();
    const res = await page.request.post(`/organisation/people/${leader.id}/roles`, { form: { _csrf: csrf, role: 'central_group_member', scope: '', seat: '', reason: 'I would like to' } });
    expect(res.status()).toBe(403);
    expect((await people(system.apiUrl)).find((p) => p.id === leader.id)!.roles.map((r) => r.role)).not.toContain('central_group_member');
    await context.close();
  });
});
