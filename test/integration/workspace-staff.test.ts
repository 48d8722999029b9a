import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { waitFor } from '../../infra/kit/wait.js';
import { signEvent } from '../../services/features/certificates/events.service.js';
import { CSV_COLUMNS } from '../../services/features/reports/participation-report.js';
import { ApiClient, people, type Person } from '../support/api.js';
import { axeViolations, launchBrowser, screenshot, signInPage, switchPageLanguage } from '../support/browser.js';
import { decideMyTask } from '../support/journeys.js';
import { startSystem, type RunningSystem } from '../support/system.js';

jest.setTimeout(240_000);

/**
 * Three pages of the staff workspace, in headless Chromium: the faculty representative registers
 * a local group on the task page (a row per seat, suitable people only, refusals at the seat); the
 * administrative resource follows the programme's students (stage, what is missing), confirms a
 * participation and records the career course from there, while the group's student seat is kept
 * out; the central group reads the participation report (table, chart, CSV) and revokes a diploma.
 * What is not these pages' business is set up over the API. Every page is checked with axe-core
 * (WCAG 2.1 AA) in both languages and saved under test-output/workspace/.
 */

const SOURCE = 'exchange-system';
const SECRET = 'exchange-system-shared-secret-0123456789';
const POLL = { everyMs: 100, timeoutMs: 30_000 };

interface Programme {
  id: string;
  code: string;
  faculty: { id: string; code: string };
  department: { id: string };
}

describe('the staff workspace: local group, students, reports', () => {
  let system: RunningSystem;
  let browser: Browser;
  let everyone: Person[];
  let programme: Programme;
  let rolloutId: string;
  let facultyRep: Person;
  let staff: Person[];
  let student: Person;
  let studentRep: Person;
  let central: Person;
  let activities: Record<'cafe' | 'buddy' | 'exchange', string>;
  let certificateId: string;

  const as = (p: Person) => ApiClient.as(system.apiUrl, p.id);
  const other = (lang: 'nb' | 'en') => (lang === 'nb' ? 'en' : 'nb');

  beforeAll(async () => {
    system = await startSystem({ env: { EVENT_SOURCES: `${SOURCE}:${SECRET}`, REFLECTION_MIN_CHARS: '20', REPORT_MIN_CHARS: '40' } });
    browser = await launchBrowser();
    everyone = await people(system.apiUrl);
    programme = (await (await as(everyone[0])).get<Programme[]>('/api/programmes')).body.find((p) => p.code === 'BSYK')!;
    const holder = (role: string, match: (g: Person['roles'][number]) => boolean) => everyone.find((p) => p.roles.some((g) => g.role === role && match(g)))!;
    facultyRep = holder('faculty_representative', (g) => g.facultyId === programme.faculty.id);
    central = holder('central_group_member', () => true);
    staff = everyone.filter((p) => p.roles.length === 0);
    [student, studentRep] = everyone.filter((p) => p.roles.some((g) => g.role === 'student' && g.programmeId === programme.id));
    // The rollout up to the local group, over the API: its pages are tested elsewhere.
    const leader = holder('programme_leader', (g) => g.programmeId === programme.id);
    const created = await (await as(leader)).post<{ id: string }>('/api/rollouts', { programmeId: programme.id, motivation: 'CIL fits nursing well.', expectedStudentsPerYear: 15, initiatorCapacity: 'programme_leader' });
    expect(created.status).toBe(201);
    rolloutId = created.body.id;
    const assessment = { outcome: 'approve', assessment: { developmentHours: 30, operationHoursPerSemester: 8, covered: true } };
    await decideMyTask(await as(leader), 'anchoring_programme_leader', assessment);
    await decideMyTask(await as(holder('section_head', (g) => g.facultyId === programme.faculty.id)), 'anchoring_section_head', assessment);
    await decideMyTask(await as(holder('head_of_department', (g) => g.departmentId === programme.department.id)), 'final_approval', { outcome: 'approve' });
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

  /** A browser signed in as this person through the dev sign-in page, on `path`. */
  const signIn = (person: Person, path: string) => signInPage(browser, system.apiUrl, person.id, path, { acceptDownloads: true });

  /** Switches the language with the header's form (on a page with the layout), and answers the new one. */
  async function switchLanguage(page: Page, from: 'nb' | 'en'): Promise<'nb' | 'en'> {
    await switchPageLanguage(page);
    expect(await page.locator('html').getAttribute('lang')).toBe(other(from));
    return other(from);
  }

  /** Submits a form and answers the status of the page it lands on (after any redirect). */
  async function submit(page: Page, button: string): Promise<number> {
    const [response] = await Promise.all([page.waitForNavigation(), page.locator(button).click()]);
    return response!.status();
  }

  it('registers the local group on the task page: a row per seat, suitable people only, refusals at the seat', async () => {
    const rep = await as(facultyRep);
    const task = await waitFor('the register_local_group task', async () => (await rep.get<{ id: string; type: string }[]>('/api/tasks')).body.find((t) => t.type === 'register_local_group'), POLL);
    const taskPath = `/tasks/${encodeURIComponent(task.id)}`;
    const { context, page } = await signIn(facultyRep, '/');
    let lang = facultyRep.preferredLanguage;
    const say = (en: string, nb: string) => (lang === 'nb' ? nb : en);
    await page.goto(taskPath);

    // A row per seat, named in the reader's language; the rule in words.
    const labels = await page.locator('#local-group .field label').allTextContents();
    expect(labels).toEqual(say('Administrative resource|Academic international coordinator|Academic staff representative|Student|Second student (optional)', 'Administrativ ressurs|Faglig internasjonal koordinator|Representant for fagstaben|Student|Student nummer to (valgfritt)').split('|'));
    await expect(page.locator('#local-group-rule').textContent()).resolves.toMatch(say('one or two students of the programme', 'én eller to studenter på studieprogrammet'));
    // The student seats offer the programme's students and nobody else; the staff seats no student at all.
    const offered = async (id: string) => (await page.locator(`#${id} option`).evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value))).filter(Boolean).sort();
    const programmeStudents = everyone.filter((p) => p.roles.some((g) => g.role === 'student' && g.programmeId === programme.id)).map((p) => p.id).sort();
    expect(await offered('member4')).toEqual(programmeStudents);
    expect(await offered('member5')).toEqual(programmeStudents);
    const students = new Set(everyone.filter((p) => p.roles.some((g) => g.role === 'student')).map((p) => p.id));
    for (const id of ['member1', 'member2', 'member3']) {
      const ids = await offered(id);
      expect(ids).toEqual(expect.arrayContaining(staff.map((p) => p.id)));
      expect(ids.filter((x) => students.has(x))).toEqual([]);
    }
    await check(page, `local-group-${lang}`);

    // The same page in the other language (switched on the home page, which has the header).
    await page.goto('/');
    lang = await switchLanguage(page, lang);
    await page.goto(taskPath);
    await expect(page.locator('#local-group .field label').first().textContent()).resolves.toBe(say('Administrative resource', 'Administrativ ressurs'));
    await check(page, `local-group-${lang}`);

    // The student seat left empty: refused at that seat, what was chosen kept.
    await page.locator('#member1').selectOption(staff[0].id);
    await page.locator('#member2').selectOption(staff[1].id);
    await page.locator('#member3').selectOption(staff[2].id);
    expect(await submit(page, 'form[action^="/tasks/"] button[type="submit"]')).toBe(400);
    await expect(page.locator('#member4-error').textContent()).resolves.toBe(say('Choose who holds this seat.', 'Velg hvem som skal ha denne plassen.'));
    expect(await page.locator('#member4').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#member4').getAttribute('aria-describedby')).toBe('member4-hint member4-error');
    expect(await page.locator('#member1-error').count()).toBe(0);
    expect(await page.locator('#member1').inputValue()).toBe(staff[0].id);
    expect(await page.locator('#member3').inputValue()).toBe(staff[2].id);
    await expect(page.locator('p.error[role="alert"]').textContent()).resolves.toContain(say('Student: Choose who holds this seat.', 'Student: Velg hvem som skal ha denne plassen.'));
    await check(page, `local-group-refused-${lang}`);

    // A person who is no student of the programme, slipped into the student seat: the service refuses it, at that seat.
    await page.locator('#member4').evaluate((select, id) => select.append(new Option('Not a student', id)), staff[3].id);
    await page.locator('#member4').selectOption(staff[3].id);
    expect(await submit(page, 'form[action^="/tasks/"] button[type="submit"]')).toBe(400);
    await expect(page.locator('#member4-error').textContent()).resolves.toBe(say('Choose a student of the programme for this seat.', 'Velg en student på studieprogrammet til denne plassen.'));
    expect(await page.locator('#member2').inputValue()).toBe(staff[1].id);

    // The same person twice: at the second seat.
    await page.locator('#member4').selectOption(studentRep.id);
    await page.locator('#member5').selectOption(studentRep.id);
    expect(await submit(page, 'form[action^="/tasks/"] button[type="submit"]')).toBe(400);
    expect(await page.locator('#member5-error').count()).toBe(1);
    expect(await page.locator('#member4-error').count()).toBe(0);

    // Complete: recorded, and the case moves on to development.
    await page.locator('#member5').selectOption('');
    expect(await submit(page, 'form[action^="/tasks/"] button[type="submit"]')).toBeLessThan(300);
    await expect(page.locator('h1').textContent()).resolves.toBe(say('Decision recorded', 'Avgjørelsen er registrert'));
    await context.close();
    const admin = await as(staff[0]);
    await waitFor('development', async () => ((await admin.get<{ state: string }>(`/api/rollouts/${rolloutId}`)).body.state === 'development' ? true : undefined), POLL);
    const group = everyone.filter((p) => [staff[0], staff[1], staff[2], studentRep].some((m) => m.id === p.id));
    expect(group).toHaveLength(4);
  });

  it('shows the programme’s students with what is missing; confirms a participation and records the career course from there; keeps the student seat out', async () => {
    // The catalogue and an enrolment with one activity, over the API.
    const admin = await as(staff[0]);
    const base = `/api/programmes/${programme.id}`;
    const add = async (body: Record<string, unknown>) => (await admin.post<{ id: string }>(`${base}/catalogue`, body)).body.id;
    activities = {
      cafe: await add({ name: 'Language café', description: 'Conversation in other languages', category: 'home', minimumSessions: 3 }),
      buddy: await add({ name: 'Buddy scheme', description: 'Buddy for an international student', category: 'home', minimumSemesters: 1 }),
      exchange: await add({ name: 'Exchange semester', description: 'A semester at a partner university', category: 'abroad', minimumSemesters: 1 }),
    };
    expect((await admin.post(`${base}/publish`)).status).toBe(200);
    const studentApi = await as(student);
    const enrolled = await studentApi.post<{ id: string }>('/api/certificates', { programmeId: programme.id });
    expect(enrolled.status).toBe(201);
    certificateId = enrolled.body.id;
    const recorded = await studentApi.post(`/api/certificates/${certificateId}/participations`, { activityId: activities.cafe, startedOn: '2027-01-10', endedOn: '2027-03-01', description: 'Four meetings', reflection: 'I learnt to explain my field in Spanish.', sessions: 4 });
    expect(recorded.status).toBe(201);
    await waitFor('the confirmation task', async () => (await admin.get<{ type: string }[]>('/api/tasks')).body.find((t) => t.type === 'confirm_participation'), POLL);

    // The administrative resource finds the page in the navigation.
    const { context, page } = await signIn(staff[0], '/');
    let lang = staff[0].preferredLanguage;
    const say = (en: string, nb: string) => (lang === 'nb' ? nb : en);
    const studentsPath = `/programmes/${programme.id}/students`;
    await page.locator('nav[aria-label] a', { hasText: say('Students', 'Studenter') }).click();
    await page.waitForURL((url) => url.pathname === studentsPath);
    await expect(page.locator('nav[aria-label] a[aria-current="page"]').textContent()).resolves.toBe(say('Students', 'Studenter'));
    const row = page.locator(`#certificate-${certificateId}`);
    await expect(row.locator('th').textContent()).resolves.toContain(student.name);
    await expect(row.locator('.badge').first().textContent()).resolves.toBe(say('Collecting activities', 'Samler aktiviteter'));
    expect(await row.locator('[data-missing]').evaluateAll((items) => items.map((i) => i.getAttribute('data-missing')))).toEqual(['activities', 'home', 'abroad', 'career_course', 'presentation']);
    await check(page, `students-${lang}`);

    // Confirm from here: the link opens the task page, decided with the session.
    await row.locator('.to-confirm a').click();
    await page.waitForURL((url) => url.pathname.startsWith('/tasks/'));
    await expect(page.locator('h1').textContent()).resolves.toMatch(/Bekreft|Confirm/);
    // The scope in the unit the activity counts (sessions), with its minimum; nothing about semesters.
    await expect(page.locator('#participation-scope').textContent()).resolves.toBe(say('4 sessions (minimum 3)', '4 ganger (minst 3)'));
    await check(page, `task-confirm-${lang}`);
    expect(await submit(page, 'form[action^="/tasks/"] button[type="submit"]')).toBeLessThan(300);
    await page.goto(studentsPath);
    await waitFor('the confirmation to count', async () => {
      await page.reload();
      return (await row.locator('[data-missing="home"]').count()) === 0 ? true : undefined;
    }, POLL);
    expect(await row.locator('.to-confirm').count()).toBe(0);
    await expect(row.locator('[data-missing="activities"]').textContent()).resolves.toBe(say('1 of 3 different activities are confirmed; 2 to go.', '1 av 3 ulike aktiviteter er godkjent; 2 gjenstår.'));

    // Record the career course from the row: back on the page, recorded, no longer missing.
    expect(await submit(page, `#certificate-${certificateId} form:has(input[name="kind"][value="career_course"]) button`)).toBe(200);
    expect(new URL(page.url()).pathname).toBe(studentsPath);
    expect(await row.locator('[data-missing="career_course"]').count()).toBe(0);
    expect(await row.locator('form:has(input[name="kind"][value="career_course"])').count()).toBe(0);
    expect(await row.locator('form:has(input[name="kind"][value="presentation"])').count()).toBe(1);

    // Filters in the URL: by stage, by what is missing.
    await page.locator('#students-stage').selectOption('completed');
    await page.locator('#students-filter button[type="submit"]').click();
    await page.waitForURL((url) => url.searchParams.get('stage') === 'completed');
    expect(await page.locator('#no-students').count()).toBe(1);
    await page.goto(`${studentsPath}?missing=career_course`);
    expect(await page.locator('#no-students').count()).toBe(1);
    await page.goto(`${studentsPath}?stage=collecting&missing=abroad`);
    expect(await page.locator('#students tbody tr').count()).toBe(1);
    expect(await page.locator('#students-stage').inputValue()).toBe('collecting');

    // The other language.
    lang = await switchLanguage(page, lang);
    await expect(page.locator('h1').textContent()).resolves.toContain(say('Students', 'Studenter'));
    await check(page, `students-filtered-${lang}`);
    await context.close();

    // The group's student seat reads no peer's certificate: 403, and no "Students" in the navigation.
    const seat = await signIn(studentRep, '/');
    expect(await seat.page.locator('nav[aria-label] a', { hasText: /^(Students|Studenter)$/ }).count()).toBe(0);
    const refused = await seat.page.goto(studentsPath);
    expect(refused!.status()).toBe(403);
    expect(await seat.page.content()).not.toContain(student.name);
    await check(seat.page, `students-refused-${studentRep.preferredLanguage}`);
    await seat.context.close();
  });

  it('gives the central group the participation report (table, chart, CSV) and revokes a diploma by code, with a reason', async () => {
    // The certificate to a diploma, over the API and signed events.
    const send = async (body: Record<string, unknown>) => {
      const raw = JSON.stringify(body);
      const timestamp = String(Math.floor(Date.now() / 1000));
      const res = await fetch(`${system.apiUrl}/api/events`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-cil-source': SOURCE, 'x-cil-timestamp': timestamp, 'x-cil-signature': signEvent(SECRET, timestamp, raw) }, body: raw });
      expect(res.status).toBe(200);
    };
    const event = { studentEmail: student.email, programmeCode: programme.code, occurredAt: new Date().toISOString() };
    const admin = await as(staff[0]);
    const meeting = await admin.post<{ id: string }>(`/api/programmes/${programme.id}/review-meetings`, { scheduledAt: `${new Date().getUTCFullYear() + 1}-03-01T10:00:00Z` });
    expect(meeting.status).toBe(201);
    await send({ ...event, idempotencyKey: 'buddy-1', type: 'activity_completed', activityId: activities.buddy, semesters: 1 });
    await send({ ...event, idempotencyKey: 'exchange-1', type: 'exchange_completed', activityId: activities.exchange, semesters: 1 });
    await send({ ...event, idempotencyKey: 'presentation-1', type: 'presentation_held' });
    const studentApi = await as(student);
    await waitFor('report_due', async () => ((await studentApi.get<{ stage: string }>(`/api/certificates/${certificateId}`)).body.stage === 'report_due' ? true : undefined), POLL);
    expect((await studentApi.post(`/api/certificates/${certificateId}/report`, { text: 'My final reflection on what I learnt at home and abroad.' })).status).toBe(201);
    expect((await admin.post(`/api/review-meetings/${meeting.body.id}/decisions`, { certificateId, outcome: 'approve' })).status).toBe(200);
    const code = await waitFor('the diploma', async () => (await studentApi.get<{ diploma: { verificationCode: string } | null }>(`/api/certificates/${certificateId}`)).body.diploma?.verificationCode, POLL);

    // Only the central group reads reports.
    const outsider = await signIn(staff[0], '/');
    expect(await outsider.page.locator('nav[aria-label] a', { hasText: /^(Reports|Rapporter)$/ }).count()).toBe(0);
    expect((await outsider.page.goto('/reports'))!.status()).toBe(403);
    expect((await outsider.page.goto('/reports/participation.csv'))!.status()).toBe(403);
    await outsider.context.close();

    const { context, page } = await signIn(central, '/');
    let lang = central.preferredLanguage;
    const say = (en: string, nb: string) => (lang === 'nb' ? nb : en);
    await page.locator('nav[aria-label] a', { hasText: say('Reports', 'Rapporter') }).click();
    await page.waitForURL((url) => url.pathname === '/reports');

    // The table holds the figures; BSYK: one enrolled, completed, three confirmed activities (two at home, one abroad).
    const bsyk = page.locator(`#report tr[data-programme="${programme.code}"] td`);
    expect(await bsyk.allTextContents()).toEqual(['1', '0', '1', '0', '0', '2', '1']);
    const facultyRow = page.locator(`#report tbody[data-faculty="${programme.faculty.code}"] tr.subtotal td`);
    expect((await facultyRow.allTextContents())[0]).toBe('1');
    // The charts: inline SVG images, named and described, the faculty's figures in the description.
    const chart = page.locator('svg#chart-certificates');
    expect(await chart.getAttribute('role')).toBe('img');
    expect(await chart.getAttribute('aria-labelledby')).toBe('chart-certificates-title chart-certificates-desc');
    await expect(page.locator('#chart-certificates-title').textContent()).resolves.toBe(say('Certificates per faculty', 'Sertifikater per fakultet'));
    await expect(page.locator('#chart-certificates-desc').textContent()).resolves.toContain(say(`(${programme.faculty.code}): 1 enrolled, 0 in progress, 1 completed.`, `(${programme.faculty.code}): 1 meldt opp, 0 underveis, 1 fullført.`));
    await expect(page.locator('#chart-participations-desc').textContent()).resolves.toContain(say(`(${programme.faculty.code}): 2 at home, 1 abroad.`, `(${programme.faculty.code}): 2 hjemme, 1 i utlandet.`));
    // Each chart has a visible title: the caption that names its figure.
    const chartTitles = async () => {
      for (const [id, title] of [
        ['chart-certificates', say('Certificates per faculty', 'Sertifikater per fakultet')],
        ['chart-participations', say('Confirmed activities per faculty, at home and abroad', 'Bekreftede aktiviteter per fakultet, hjemme og i utlandet')],
      ]) {
        const figure = page.getByRole('figure', { name: title, exact: true });
        expect(await figure.locator(`svg#${id}`).count()).toBe(1);
        await expect(figure.locator('figcaption').textContent()).resolves.toBe(title);
        expect(await figure.locator('figcaption').isVisible()).toBe(true);
      }
    };
    await chartTitles();
    const faculties = await page.locator('#report tbody').count();
    expect(await chart.locator('rect').count()).toBe(3 + faculties * 3); // the legend, and a bar per figure
    await check(page, `reports-${lang}`);

    // The CSV download: its header row, and BSYK's count.
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#report-csv').click()]);
    expect(download.suggestedFilename()).toMatch(/^cil-participation-\d{4}-\d{2}-\d{2}\.csv$/);
    const lines = readFileSync(await download.path(), 'utf8').replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toBe(CSV_COLUMNS.join(','));
    const cells = lines.find((l) => l.split(',')[2] === programme.code)!.split(',');
    expect(cells[CSV_COLUMNS.indexOf('enrolled')]).toBe('1');
    expect(cells[CSV_COLUMNS.indexOf('completed')]).toBe('1');

    // Revoking: an unknown code is refused at the code, a short reason at the reason, what was typed kept.
    await page.locator('#revoke-code').fill('CIL-AAAA-BBBB-CCCC');
    await page.locator('#revoke-reason').fill('Issued in error');
    expect(await submit(page, '#revoke-form button[type="submit"]')).toBe(404);
    await expect(page.locator('#revoke-code-error').textContent()).resolves.toBe(say('No diploma has this code.', 'Ingen diplomer har denne koden.'));
    expect(await page.locator('#revoke-code').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#revoke-reason').inputValue()).toBe('Issued in error');
    await check(page, `reports-revoke-refused-${lang}`);
    await page.locator('#revoke-code').fill(code);
    await page.locator('#revoke-reason').fill('x');
    expect(await submit(page, '#revoke-form button[type="submit"]')).toBe(400);
    expect(await page.locator('#revoke-reason-error').count()).toBe(1);
    expect(await page.locator('#revoke-code-error').count()).toBe(0);
    expect(await page.locator('#revoke-code').inputValue()).toBe(code);

    // Revoked: the page says so, and so does the public verification.
    await page.locator('#revoke-reason').fill('Issued in error');
    expect(await submit(page, '#revoke-form button[type="submit"]')).toBe(200);
    expect(new URL(page.url()).pathname).toBe('/reports');
    await expect(page.locator('#revoke-notice').textContent()).resolves.toContain(code);
    const verified = (await (await fetch(`${system.apiUrl}/verify/${code}`, { headers: { accept: 'application/json' } })).json()) as { valid: boolean; reason?: string };
    expect(verified).toMatchObject({ valid: false, reason: 'revoked' });
    // Again: already revoked, at the code.
    await page.locator('#revoke-code').fill(code);
    await page.locator('#revoke-reason').fill('Once more');
    expect(await submit(page, '#revoke-form button[type="submit"]')).toBe(409);
    await expect(page.locator('#revoke-code-error').textContent()).resolves.toBe(say('This diploma is already revoked.', 'Dette diplomet er allerede trukket tilbake.'));

    // The other language, and a phone: nothing wider than the screen.
    await page.goto('/reports');
    lang = await switchLanguage(page, lang);
    await expect(page.locator('#chart-certificates-title').textContent()).resolves.toBe(say('Certificates per faculty', 'Sertifikater per fakultet'));
    await chartTitles();
    await check(page, `reports-${lang}`);
    await page.setViewportSize({ width: 375, height: 740 });
    await page.reload();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await screenshot(page, `reports-phone-${lang}`);
    await context.close();
  });
});
