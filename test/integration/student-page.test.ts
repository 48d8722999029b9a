import { randomBytes } from 'node:crypto';
import { jest } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { ApiClient, people, type Person } from '../support/api.js';
import { launchBrowser, screenshot } from '../support/browser.js';
import { decideMyTask, openProgramme } from '../support/journeys.js';
import { startSystem, type RunningSystem } from '../support/system.js';
import { waitFor } from '../../infra/kit/wait.js';

jest.setTimeout(240_000);

const until = <T>(what: string, probe: () => Promise<T | undefined>) => waitFor(what, probe, { everyMs: 100, timeoutMs: 20_000 });

describe("the student's certificate page, in headless Chromium", () => {
  let system: RunningSystem;
  let everyone: Person[];
  let browser: Browser;

  beforeAll(async () => {
    [system, browser] = await Promise.all([startSystem({ env: { REFLECTION_MIN_CHARS: '40', REPORT_MIN_CHARS: '80' } }), launchBrowser()]);
    everyone = await people(system.apiUrl);
  });
  afterAll(async () => {
    await browser?.close();
    await system?.stop();
  });

  it('shows the checklist, records an activity, shows what is wrong, and ends with the diploma', async () => {
    const programmes = (await (await ApiClient.as(system.apiUrl, everyone[0].id)).get<{ id: string; code: string }[]>('/api/programmes')).body;
    const badt = programmes.find((p) => p.code === 'BADT')!;
    const [student, studentRep] = everyone.filter((p) => p.roles.some((g) => g.role === 'student' && g.programmeId === badt.id));
    const staff = everyone.filter((p) => p.roles.length === 0);
    const group = { admin: staff[0], coordinator: staff[1], staff: staff[2], student: studentRep };
    const { programme, activities } = await openProgramme(system.apiUrl, everyone, 'BADT', group);
    const studentApi = await ApiClient.as(system.apiUrl, student.id);
    const admin = await ApiClient.as(system.apiUrl, group.admin.id);
    const enrolled = await studentApi.post<{ id: string }>('/api/certificates', { programmeId: programme.id });
    expect(enrolled.status).toBe(201);
    const id = enrolled.body.id;
    const path = `/certificates/${id}`;
    const nb = student.preferredLanguage === 'nb';
    const say = (en: string, no: string) => (nb ? no : en);

    // Nobody signed in: 303 to the sign-in, which comes back to the page.
    const anonymous = await fetch(`${system.apiUrl}${path}`, { redirect: 'manual' });
    expect(anonymous.status).toBe(303);
    const login = new URL(anonymous.headers.get('location')!, system.apiUrl);
    expect(login.pathname).toBe('/auth/login');
    expect(login.searchParams.get('returnTo')).toBe(path);

    // Someone else signed in: 403, as a page.
    const outsider = await ApiClient.as(system.apiUrl, studentRep.id);
    const forbidden = await fetch(`${system.apiUrl}${path}`, { headers: { authorization: `Bearer ${outsider.token}` } });
    expect(forbidden.status).toBe(403);
    expect(forbidden.headers.get('content-type')).toMatch(/^text\/html/);

    // The student signs in on the dev page and lands on the certificate.
    const page: Page = await browser.newPage({ baseURL: system.apiUrl });
    await page.goto(path);
    expect(new URL(page.url()).pathname).toBe('/auth/dev');
    await page.locator(`form:has(input[name="personId"][value="${student.id}"]) button`).click();
    await page.waitForURL(`**${path}`);
    expect(await page.locator('html').getAttribute('lang')).toBe(student.preferredLanguage);
    await expect(page.locator('#checklist li[data-key="activities"]').textContent()).resolves.toContain(say('0 of 3', '0 av 3'));
    expect(await page.locator('#stage').getAttribute('data-stage')).toBe('collecting');

    // A participation through the form: listed as awaiting confirmation.
    const reflection = 'I learnt to explain my field in another language, and to listen better.';
    await page.selectOption('#participation-activityId', activities.cafe);
    await page.fill('#participation-startedOn', '2027-01-10');
    await page.fill('#participation-endedOn', '2027-03-01');
    await page.fill('#participation-description', 'Four meetings at the language café');
    await page.fill('#participation-reflection', reflection);
    await page.fill('#participation-sessions', '4');
    await page.click('#participation-form button[type="submit"]');
    await page.waitForURL(`**${path}`);
    await expect(page.locator('#notice').textContent()).resolves.toContain(say('The activity is recorded', 'Aktiviteten er registrert'));
    const rows = page.locator('#participations tbody tr');
    expect(await rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain('Language café');
    expect(await rows.first().locator('.status').textContent()).toBe(say('Awaiting confirmation', 'Venter på bekreftelse'));
    // The form is empty again after a success.
    expect(await page.inputValue('#participation-reflection')).toBe('');

    // A too-short reflection: the page says what is wrong and keeps what was typed.
    await page.selectOption('#participation-activityId', activities.lectures);
    await page.fill('#participation-startedOn', '2027-02-01');
    await page.fill('#participation-endedOn', '2027-04-01');
    await page.fill('#participation-description', 'Three guest lectures');
    await page.fill('#participation-reflection', 'Too short');
    await page.fill('#participation-sessions', '3');
    await page.click('#participation-form button[type="submit"]');
    await page.waitForURL(`**${path}`);
    await expect(page.locator('#form-errors').textContent()).resolves.toContain(say('Your reflection', 'Refleksjonen din'));
    expect(await page.locator('#participation-reflection-error').textContent()).toBe(say('must be at least 40 characters', 'må ha minst 40 tegn'));
    expect(await page.locator('#participation-reflection').getAttribute('aria-invalid')).toBe('true');
    expect(await page.inputValue('#participation-activityId')).toBe(activities.lectures);
    expect(await page.inputValue('#participation-description')).toBe('Three guest lectures');
    expect(await page.inputValue('#participation-reflection')).toBe('Too short');
    expect(await page.inputValue('#participation-sessions')).toBe('3');
    expect(await rows.count()).toBe(1);
    // Read once: a reload shows the page without the old error (and re-posts nothing).
    await page.reload();
    expect(await page.locator('#form-errors').count()).toBe(0);
    expect(await rows.count()).toBe(1);
    // A long reflection with a refused field: too much for the redirect's cookie, so the answer is
    // the page itself, with the problem and the text kept.
    const longReflection = randomBytes(5000).toString('hex');
    await page.fill('#participation-description', 'Hi');
    await page.fill('#participation-reflection', longReflection);
    await page.evaluate("document.getElementById('participation-form').setAttribute('novalidate', '')"); // the server's check, not the browser's
    const [refused] = await Promise.all([page.waitForResponse((r) => r.url().endsWith(`${path}/participations`)), page.click('#participation-form button[type="submit"]')]);
    expect(refused.status()).toBe(400);
    expect(await page.locator('#participation-description-error').count()).toBe(1);
    expect(await page.inputValue('#participation-reflection')).toBe(longReflection);
    await page.goto(path); // not a reload: that would post the form again
    expect(await rows.count()).toBe(1);

    // The administrative resource confirms: the page shows it, and the checklist moves.
    await decideMyTask(admin, 'confirm_participation', { outcome: 'confirm' });
    await page.reload();
    expect(await rows.first().locator('.status').textContent()).toBe(say('Confirmed', 'Bekreftet'));
    await expect(page.locator('#checklist li[data-key="activities"]').textContent()).resolves.toContain(say('1 of 3', '1 av 3'));
    expect(await page.locator('#checklist li[data-key="home"]').getAttribute('class')).toBe('met');
    // The timeline names the activity each participation event is about (never the reflection).
    const confirmedEntry = say('Activity confirmed: Language café', 'Aktivitet bekreftet: Language café');
    await until('the confirmation on the timeline', async () => {
      await page.reload();
      return (await page.locator('#timeline').textContent())?.includes(confirmedEntry) ? true : undefined;
    });
    const timelineText = await page.locator('#timeline').textContent();
    expect(timelineText).toContain(say('Activity recorded: Language café', 'Aktivitet registrert: Language café'));
    expect(timelineText).not.toContain(reflection);

    // The rest of the requirements over the API; then the page asks for the report.
    for (const [activityId, body] of [
      [activities.buddy, { description: 'Buddy for two students', semesters: 1 }],
      [activities.exchange, { description: 'A semester in Lisbon', semesters: 1 }],
    ] as const) {
      expect((await studentApi.post(`/api/certificates/${id}/participations`, { activityId, startedOn: '2027-08-15', endedOn: '2027-12-20', reflection, ...body })).status).toBe(201);
      await decideMyTask(admin, 'confirm_participation', { outcome: 'confirm' });
    }
    const coordinator = await ApiClient.as(system.apiUrl, group.coordinator.id);
    for (const kind of ['career_course', 'presentation']) expect((await coordinator.post(`/api/certificates/${id}/milestones`, { kind })).status).toBe(201);
    await until('report_due', async () => ((await studentApi.get<{ stage: string }>(`/api/certificates/${id}`)).body.stage === 'report_due' ? true : undefined));
    // The group has no review meeting yet: the report is accepted all the same and waits for one.
    await page.reload();
    expect(await page.locator('#stage').getAttribute('data-stage')).toBe('report_due');
    expect(await page.locator('#checklist li.missing').count()).toBe(0);
    await page.fill('#report-text', 'Too short to be a report.');
    await page.click('#report-form button[type="submit"]');
    await page.waitForURL(`**${path}`);
    expect(await page.locator('#report-text-error').textContent()).toBe(say('must be at least 80 characters', 'må ha minst 80 tegn'));
    expect(await page.inputValue('#report-text')).toBe('Too short to be a report.');
    const report = 'My final reflection: what I learnt at home and abroad, and what I take with me into working life.';
    await page.fill('#report-text', report);
    await page.click('#report-form button[type="submit"]');
    await page.waitForURL(`**${path}`);
    await expect(page.locator('#notice').textContent()).resolves.toContain(say('The report is handed in', 'Notatet er levert'));
    expect(await page.locator('#stage').getAttribute('data-stage')).toBe('in_review');
    expect(await page.locator('#report-form').count()).toBe(0);
    // Every column of the reports table has its header.
    expect(await page.locator('#reports thead th').allTextContents()).toEqual([say('Round', 'Runde'), 'Status', say('Comment from the local group', 'Kommentar fra den lokale gruppen')]);
    const year = new Date().getUTCFullYear() + 1;
    const meeting = await admin.post<{ id: string }>(`/api/programmes/${programme.id}/review-meetings`, { scheduledAt: `${year}-03-01T10:00:00Z` });
    expect(meeting.status).toBe(201);
    const agenda = await admin.get<{ reports: { certificateId: string }[] }>(`/api/review-meetings/${meeting.body.id}/agenda`);
    expect(agenda.body.reports.map((r) => r.certificateId)).toEqual([id]);

    // Approved: the page shows the verification link and the PDF, which downloads with the session.
    const decided = await admin.post<{ stage: string }>(`/api/review-meetings/${meeting.body.id}/decisions`, { certificateId: id, outcome: 'approve' });
    expect(decided.body.stage).toBe('completed');
    await until('the diploma', async () => ((await studentApi.get<{ diploma: unknown }>(`/api/certificates/${id}`)).body.diploma ? true : undefined));
    await page.reload();
    expect(await page.locator('#stage').getAttribute('data-stage')).toBe('completed');
    expect(await page.locator('#participation-form').count()).toBe(0);
    const verify = await page.locator('#diploma a[href*="/verify/"]').getAttribute('href');
    expect(verify).toMatch(/\/verify\/CIL-/);
    const pdfHref = await page.locator('#diploma a[href$="/diploma.pdf"]').getAttribute('href');
    expect(pdfHref).toBe(`/api/certificates/${id}/diploma.pdf`);
    const pdf = await page.request.get(pdfHref!);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
    const verified = await page.request.get(new URL(verify!).pathname, { headers: { accept: 'application/json' } });
    expect(await verified.json()).toMatchObject({ valid: true, certifies: { student: { name: student.name } } });
    await expect(page.locator('#timeline').textContent()).resolves.toContain(say('Diploma issued', 'Diplom utstedt'));
    await screenshot(page, `student-page-completed-${student.preferredLanguage}`);
  });
});
