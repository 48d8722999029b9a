import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { waitFor } from '../../infra/kit/wait.js';
import { ApiClient, people, type Person } from '../support/api.js';
import { axeViolations, launchBrowser, screenshot } from '../support/browser.js';
import { decideMyTask, programmeInDevelopment } from '../support/journeys.js';
import { startSystem, type RunningSystem } from '../support/system.js';

jest.setTimeout(300_000);

/**
 * Programme work in the staff workspace, in headless Chromium, through the pages only, as the
 * administrative resource of BSYK's local group: the catalogue (add home and abroad activities,
 * a refusal at its field with the text kept, change a minimum, retire one), development records,
 * publishing (too early: what is missing said in words; then for real), scheduling a review
 * meeting, and the meeting's agenda: read a report, ask for a revision with a comment, approve
 * the revised one. Only the rollout up to development and the student's side are set up over the
 * API. Every page is checked with axe-core (WCAG 2.1 AA) in Norwegian and in English, and saved
 * as a screenshot under test-output/workspace/.
 */

const POLL = { everyMs: 200, timeoutMs: 30_000 };

describe('programme work pages for the local resource group', () => {
  let system: RunningSystem;
  let browser: Browser;
  let everyone: Person[];
  let group: { admin: Person; coordinator: Person; staff: Person; student: Person };
  let student: Person;
  let programmeId: string;

  beforeAll(async () => {
    system = await startSystem({ env: { REFLECTION_MIN_CHARS: '20', REPORT_MIN_CHARS: '80' } });
    browser = await launchBrowser();
    everyone = await people(system.apiUrl);
    const bsyk = (await (await ApiClient.as(system.apiUrl, everyone[0].id)).get<{ id: string; code: string }[]>('/api/programmes')).body.find((p) => p.code === 'BSYK')!;
    const staff = everyone.filter((p) => p.roles.length === 0);
    const students = everyone.filter((p) => p.roles.some((g) => g.role === 'student' && g.programmeId === bsyk.id));
    student = students[0];
    group = { admin: staff[0], coordinator: staff[1], staff: staff[2], student: students[1] };
    programmeId = (await programmeInDevelopment(system.apiUrl, everyone, 'BSYK', group)).programme.id;
  });
  afterAll(async () => {
    await browser?.close();
    await system?.stop();
  });

  /** Axe finds nothing, the page needs no script, and it is saved for a person to look at. */
  async function check(page: Page, name: string): Promise<void> {
    await screenshot(page, `${name}`);
    expect({ name, scripts: await page.locator('script').count() }).toEqual({ name, scripts: 0 });
    expect({ name, violations: await axeViolations(page) }).toEqual({ name, violations: [] });
  }

  /** Submits a form by its button and waits for the answer (a redirect, or the form again). */
  async function submit(page: Page, form: string): Promise<number> {
    const [response] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.locator(`${form} button[type="submit"]`).click()]);
    await page.waitForLoadState();
    return response.status();
  }

  it('fills the catalogue, records the development work, publishes, schedules a meeting and reviews reports', async () => {
    const context = await browser.newContext({ baseURL: system.apiUrl, viewport: { width: 1100, height: 800 } });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    const base = `/programmes/${programmeId}`;
    let lang = group.admin.preferredLanguage;
    const say = (en: string, nb: string) => (lang === 'nb' ? nb : en);

    // Sign-in lands on My tasks; the navigation leads to the programme of one's local group.
    await page.goto('/');
    await page.locator(`form:has(input[name="personId"][value="${group.admin.id}"]) button`).click();
    await page.waitForURL((url) => url.pathname === '/');
    await page.locator('nav[aria-label] a', { hasText: say('Programme work', 'Programarbeid') }).click();
    await page.waitForURL((url) => url.pathname === base);
    await expect(page.locator('#programme').textContent()).resolves.toContain('BSYK');
    await expect(page.locator('nav[aria-label] a[aria-current="page"]').first().textContent()).resolves.toBe(say('Programme work', 'Programarbeid'));
    await expect(page.locator('#summary').textContent()).resolves.toContain(say('at least one activity abroad', 'minst én aktivitet i utlandet'));
    await check(page, `programme-overview-${lang}`);

    // The catalogue, empty; the publish page says everything that is missing.
    await page.goto(`${base}/catalogue`);
    expect(await page.locator('#home-none').count()).toBe(1);
    expect(await page.locator('#abroad-none').count()).toBe(1);
    await check(page, `programme-catalogue-empty-${lang}`);

    // A name too short: refused at its field, everything typed kept.
    await page.locator('#add-name').fill('S');
    await page.locator('#add-description').fill('Samtaler på andre språk med internasjonale studenter');
    await page.locator('#add-category').selectOption('home');
    await page.locator('#add-minimumSessions').fill('3');
    expect(await submit(page, '#add-form')).toBe(400);
    expect(await page.locator('#add-errors').count()).toBe(1);
    await expect(page.locator('#add-name-error').textContent()).resolves.toBe(say('must be at least 2 characters', 'må ha minst 2 tegn'));
    expect(await page.locator('#add-name').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#add-description-error').count()).toBe(0);
    expect(await page.locator('#add-name').inputValue()).toBe('S');
    expect(await page.locator('#add-description').inputValue()).toBe('Samtaler på andre språk med internasjonale studenter');
    expect(await page.locator('#add-category').inputValue()).toBe('home');
    expect(await page.locator('#add-minimumSessions').inputValue()).toBe('3');
    await check(page, `programme-catalogue-refused-${lang}`);
    await page.locator('#add-name').fill('Språkkafé');
    expect(await submit(page, '#add-form')).toBe(303);
    expect(new URL(page.url()).pathname).toBe(`${base}/catalogue`);

    const add = async (a: { name: string; description: string; category: 'home' | 'abroad'; sessions?: string; semesters?: string; source?: string }) => {
      await page.locator('#add-name').fill(a.name);
      await page.locator('#add-description').fill(a.description);
      await page.locator('#add-category').selectOption(a.category);
      if (a.sessions) await page.locator('#add-minimumSessions').fill(a.sessions);
      if (a.semesters) await page.locator('#add-minimumSemesters').fill(a.semesters);
      if (a.source) await page.locator('#add-source').fill(a.source);
      await submit(page, '#add-form');
      expect(await page.locator('#add-errors').count()).toBe(0);
    };
    await add({ name: 'Fadderordning', description: 'Fadder for en internasjonal student', category: 'home', semesters: '1' });
    await add({ name: 'Gjesteforelesninger', description: 'Tre gjesteforelesninger = én aktivitet', category: 'home', sessions: '3', source: 'Gjesteforelesningsserien' });

    // Too early: only activities at home; the page says, in words, what is still missing.
    await page.goto(`${base}/publish`);
    expect(await page.locator('#required [data-item="abroad"][data-met="no"]').count()).toBe(1);
    expect(await page.locator('#required [data-item="home"][data-met="yes"]').count()).toBe(1);
    await expect(page.locator('#publish-status').textContent()).resolves.toBe(say('Still missing: at least one activity abroad.', 'Det mangler fortsatt: minst én aktivitet i utlandet.'));
    expect(await submit(page, '#publish-form')).toBe(400);
    await expect(page.locator('#publish-error').textContent()).resolves.toBe(
      say('The catalogue cannot be published yet. Still missing: at least one activity abroad.', 'Katalogen kan ikke publiseres ennå. Det mangler fortsatt: minst én aktivitet i utlandet.'),
    );
    await check(page, `programme-publish-refused-${lang}`);
    const api = await ApiClient.as(system.apiUrl, group.admin.id);
    expect((await api.get<{ enrolmentOpen: boolean }[]>('/api/programmes')).body).toEqual(expect.arrayContaining([expect.objectContaining({ code: 'BSYK', enrolmentOpen: false })]));

    await page.goto(`${base}/catalogue`);
    await add({ name: 'Utvekslingssemester', description: 'Et semester ved et partneruniversitet', category: 'abroad', semesters: '1', source: 'Erasmus+' });
    expect(await page.locator('#abroad-activities tbody tr').count()).toBe(1);
    expect(await page.locator('#home-activities tbody tr').count()).toBe(3);
    await check(page, `programme-catalogue-${lang}`);

    // Change a minimum: the language café counts after four meetings.
    await page.locator('#home-activities a', { hasText: 'Språkkafé' }).click();
    await page.waitForURL((url) => url.pathname.startsWith(`${base}/catalogue/`));
    expect(await page.locator('#minimums-minimumSessions').inputValue()).toBe('3');
    await check(page, `programme-activity-${lang}`);
    await page.locator('#minimums-minimumSessions').fill('0');
    expect(await submit(page, '#minimums-form')).toBe(400);
    await expect(page.locator('#minimums-minimumSessions-error').textContent()).resolves.toBe(say('must not be less than 1', 'kan ikke være mindre enn 1'));
    expect(await page.locator('#minimums-minimumSessions').inputValue()).toBe('0');
    await page.locator('#minimums-minimumSessions').fill('4');
    await submit(page, '#minimums-form');
    expect(new URL(page.url()).pathname).toBe(`${base}/catalogue`);
    await expect(page.locator('#home-activities tr', { hasText: 'Språkkafé' }).locator('.minimum').textContent()).resolves.toBe(say('at least 4 sessions', 'minst 4 ganger'));

    // Retire the guest lectures: they move to the retired list, and cannot be changed any more.
    await page.locator('#home-activities a', { hasText: 'Gjesteforelesninger' }).click();
    await page.waitForURL((url) => url.pathname.startsWith(`${base}/catalogue/`));
    const lecturesPath = new URL(page.url()).pathname;
    await submit(page, '#retire-form');
    expect(new URL(page.url()).pathname).toBe(`${base}/catalogue`);
    expect(await page.locator('#home-activities tbody tr').count()).toBe(2);
    expect(await page.locator('#retired-activities tbody tr', { hasText: 'Gjesteforelesninger' }).count()).toBe(1);
    await page.goto(lecturesPath);
    expect(await page.locator('#retired-note').count()).toBe(1);
    expect(await page.locator('#retire-form').count()).toBe(0);
    await check(page, `programme-activity-retired-${lang}`);

    // Development records: the workshop, a calibration meeting and information work (one refusal first).
    await page.goto(`${base}/development`);
    expect(await page.locator('#no-records').count()).toBe(1);
    await page.locator('#record-heldOn').fill('2026-01-20');
    expect(await submit(page, '#record-form')).toBe(400);
    expect(await page.locator('#record-kind-error').count()).toBe(1);
    expect(await page.locator('#record-outcome-error').count()).toBe(1);
    expect(await page.locator('#record-heldOn-error').count()).toBe(0);
    expect(await page.locator('#record-heldOn').inputValue()).toBe('2026-01-20');
    await check(page, `programme-development-refused-${lang}`);
    const record = async (kind: string, heldOn: string, attendees: Person[], outcome: string) => {
      await page.locator('#record-kind').selectOption(kind);
      await page.locator('#record-heldOn').fill(heldOn);
      for (const p of attendees) await page.locator(`#record-attendees input[value="${p.id}"]`).check();
      await page.locator('#record-outcome').fill(outcome);
      await submit(page, '#record-form');
      expect(await page.locator('#record-errors').count()).toBe(0);
    };
    await record('workshop', '2026-01-20', [group.admin, group.coordinator, group.staff, group.student], 'Fant fire aktiviteter: språkkafé, fadderordning, gjesteforelesninger og utveksling.');
    await record('calibration_meeting', '2026-02-10', [group.admin, group.coordinator], 'Kalibrerte minimum for språkkafeen.');
    await record('information_work', '2026-03-05', [group.admin], 'Nettside og informasjonsmøte sammen med utvekslingsmøtet.');
    expect(await page.locator('#record-list li').count()).toBe(3);
    await expect(page.locator('#record-list li[data-kind="workshop"]').textContent()).resolves.toContain(group.student.name);
    await check(page, `programme-development-${lang}`);

    // Now it can be published: everything in place, and the programme opens for enrolment.
    await page.goto(`${base}/publish`);
    expect(await page.locator('#recommended [data-met="no"]').count()).toBe(0);
    await expect(page.locator('#publish-status').textContent()).resolves.toBe(
      say('Everything needed is in place. Publishing the catalogue opens the programme for enrolment.', 'Alt som trengs er på plass. Når katalogen publiseres, åpner studieprogrammet for påmelding.'),
    );
    await submit(page, '#publish-form');
    expect(new URL(page.url()).pathname).toBe(`${base}/publish`);
    expect(await page.locator('#published').count()).toBe(1);
    expect(await page.locator('#publish-form').count()).toBe(0);
    await check(page, `programme-published-${lang}`);
    await waitFor('the programme open for enrolment', async () => ((await api.get<{ code: string; enrolmentOpen: boolean }[]>('/api/programmes')).body.find((p) => p.code === 'BSYK')?.enrolmentOpen ? true : undefined), POLL);

    // A review meeting: a date in the past is refused at its field; next March is taken.
    const year = new Date().getUTCFullYear();
    await page.goto(`${base}/meetings`);
    expect(await page.locator('#no-meetings').count()).toBe(1);
    await page.locator('#meeting-scheduledAt').fill(`${year - 1}-03-01T10:00`);
    await page.locator('#meeting-location').fill('Pilestredet 32, rom 301');
    expect(await submit(page, '#meeting-form')).toBe(400);
    await expect(page.locator('#meeting-scheduledAt-error').textContent()).resolves.toBe(say('must be in the future', 'må være fram i tid'));
    expect(await page.locator('#meeting-scheduledAt').inputValue()).toBe(`${year - 1}-03-01T10:00`);
    expect(await page.locator('#meeting-location').inputValue()).toBe('Pilestredet 32, rom 301');
    await check(page, `programme-meetings-refused-${lang}`);
    await page.locator('#meeting-scheduledAt').fill(`${year + 1}-03-01T10:00`);
    await submit(page, '#meeting-form');
    expect(await page.locator('#upcoming-meetings tbody tr').count()).toBe(1);
    await expect(page.locator('#upcoming-meetings tbody tr td').first().textContent()).resolves.toContain('10:00');
    await check(page, `programme-meetings-${lang}`);
    const meetings = (await api.get<{ id: string; scheduledAt: string; location: string }[]>(`/api/programmes/${programmeId}/review-meetings`)).body;
    expect(meetings).toHaveLength(1);
    expect(meetings[0].location).toBe('Pilestredet 32, rom 301');
    expect(new Date(meetings[0].scheduledAt).toISOString()).toBe(`${year + 1}-03-01T09:00:00.000Z`); // 10:00 Norwegian (winter) time
    const meetingId = meetings[0].id;

    // A student of the programme reaches the report over the API, and hands it in: it joins the meeting's agenda.
    const catalogue = (await api.get<{ id: string; name: string }[]>(`/api/programmes/${programmeId}/catalogue`)).body;
    const activity = (name: string) => catalogue.find((a) => a.name === name)!.id;
    const studentApi = await ApiClient.as(system.apiUrl, student.id);
    const enrolled = await studentApi.post<{ id: string }>('/api/certificates', { programmeId });
    expect(enrolled.status).toBe(201);
    const certificateId = enrolled.body.id;
    const reflection = 'What I learnt from it, in a few words.';
    for (const [name, extra] of [['Språkkafé', { sessions: 4 }], ['Fadderordning', { semesters: 1 }], ['Utvekslingssemester', { semesters: 1 }]] as const) {
      const res = await studentApi.post(`/api/certificates/${certificateId}/participations`, { activityId: activity(name), startedOn: '2026-01-10', endedOn: '2026-06-01', description: 'Took part', reflection, ...extra });
      expect(res.status).toBe(201);
      await decideMyTask(api, 'confirm_participation', { outcome: 'confirm' });
    }
    for (const kind of ['career_course', 'presentation']) expect((await api.post(`/api/certificates/${certificateId}/milestones`, { kind })).status).toBe(201);
    await waitFor('the report due', async () => ((await studentApi.get<{ stage: string }>(`/api/certificates/${certificateId}`)).body.stage === 'report_due' ? true : undefined), POLL);
    const firstReport = 'Min avsluttende refleksjon: utvekslingen lærte meg å se faget mitt utenfra.\n\nSpråkkafeen ga meg mot til å snakke engelsk i timene.';
    const handedIn = await studentApi.post<{ meeting: { id: string } | null }>(`/api/certificates/${certificateId}/report`, { text: firstReport });
    expect(handedIn.status).toBe(201);
    expect(handedIn.body.meeting?.id).toBe(meetingId);

    // The agenda: the report, readable; a revision without a comment is refused at the comment.
    await page.locator(`#upcoming-meetings a[href="/meetings/${meetingId}"]`).click();
    await page.waitForURL((url) => url.pathname === `/meetings/${meetingId}`);
    expect(await page.locator('#agenda tbody tr').count()).toBe(1);
    await expect(page.locator('#agenda tbody tr td').first().textContent()).resolves.toContain(student.name);
    await check(page, `programme-agenda-${lang}`);
    await page.locator('#agenda tbody tr a').click();
    await page.waitForURL((url) => url.pathname.startsWith(`/meetings/${meetingId}/reports/`));
    const firstPath = new URL(page.url()).pathname;
    await expect(page.locator('#report-text').textContent()).resolves.toBe(firstReport);
    await check(page, `programme-report-${lang}`);
    await page.locator('input[name="outcome"][value="revise"]').check();
    expect(await submit(page, '#decision-form')).toBe(400);
    await expect(page.locator('#decision-comment-error').textContent()).resolves.toBe(say('write a comment to the student when asking for a revision', 'skriv en kommentar til studenten når dere ber om revisjon'));
    expect(await page.locator('input[name="outcome"][value="revise"]').isChecked()).toBe(true);
    await check(page, `programme-report-refused-${lang}`);
    await page.locator('#decision-comment').fill('Skriv mer om hva du lærte i utlandet.');
    await submit(page, '#decision-form');
    expect(new URL(page.url()).pathname).toBe(firstPath);
    expect(await page.locator('#decided').count()).toBe(1);
    await expect(page.locator('#report-status').textContent()).resolves.toContain('Skriv mer om hva du lærte i utlandet.');
    await check(page, `programme-report-revise-${lang}`);
    await waitFor('the revision with the student', async () => ((await studentApi.get<{ stage: string }>(`/api/certificates/${certificateId}`)).body.stage === 'report_due' ? true : undefined), POLL);

    // The revised report joins the same agenda; the group approves it, and the certificate completes.
    expect((await studentApi.post(`/api/certificates/${certificateId}/report`, { text: `${firstReport}\n\nI utlandet lærte jeg å samarbeide på tvers av kulturer.` })).status).toBe(201);
    await page.goto(`/meetings/${meetingId}`);
    expect(await page.locator('#agenda tbody tr').count()).toBe(2);
    expect(await page.locator('#agenda tbody tr[data-status="revise"]').count()).toBe(1);
    await page.locator('#agenda tbody tr[data-status="submitted"] a').click();
    await page.waitForURL((url) => url.pathname.startsWith(`/meetings/${meetingId}/reports/`) && url.pathname !== firstPath);
    const secondPath = new URL(page.url()).pathname;
    await expect(page.locator('#report-text').textContent()).resolves.toContain('på tvers av kulturer');
    await page.locator('input[name="outcome"][value="approve"]').check();
    await submit(page, '#decision-form');
    expect(new URL(page.url()).pathname).toBe(secondPath);
    await expect(page.locator('#report-status').textContent()).resolves.toBe(say('Approved', 'Godkjent'));
    await waitFor('the certificate completed', async () => ((await studentApi.get<{ stage: string }>(`/api/certificates/${certificateId}`)).body.stage === 'completed' ? true : undefined), POLL);
    await page.goto(`/meetings/${meetingId}`);
    expect(await page.locator('#agenda tbody tr[data-status="approved"]').count()).toBe(1);
    await check(page, `programme-agenda-decided-${lang}`);

    // On a phone the pages work: nothing wider than the screen.
    await page.setViewportSize({ width: 375, height: 740 });
    for (const [path, name] of [[`${base}/catalogue`, 'catalogue'], [`/meetings/${meetingId}`, 'agenda'], [firstPath, 'report']] as const) {
      await page.goto(path);
      expect({ name, width: await page.evaluate(() => document.documentElement.scrollWidth) }).toEqual({ name, width: 375 });
      await screenshot(page, `programme-${name}-phone-${lang}`);
    }
    await page.setViewportSize({ width: 1100, height: 800 });

    // The same pages in the other language pass the same check; a refusal is in that language too.
    await page.goto(base);
    await page.locator('form[action="/me/language"] button').click();
    await page.waitForURL((url) => url.pathname === base);
    lang = lang === 'nb' ? 'en' : 'nb';
    expect(await page.locator('html').getAttribute('lang')).toBe(lang);
    await check(page, `programme-overview-${lang}`);
    for (const [path, name] of [
      ['/programmes', 'programmes'],
      [`${base}/catalogue`, 'catalogue'],
      [lecturesPath, 'activity-retired'],
      [`${base}/development`, 'development'],
      [`${base}/publish`, 'published'],
      [`${base}/meetings`, 'meetings'],
      [`/meetings/${meetingId}`, 'agenda-decided'],
      [firstPath, 'report-revise'],
      [secondPath, 'report-approved'],
    ] as const) {
      await page.goto(path);
      expect(await page.locator('html').getAttribute('lang')).toBe(lang);
      await check(page, `programme-${name}-${lang}`);
    }
    await page.goto(`${base}/catalogue`);
    await page.locator('#home-activities a', { hasText: 'Fadderordning' }).click();
    await page.waitForURL((url) => url.pathname.startsWith(`${base}/catalogue/`));
    await check(page, `programme-activity-${lang}`);
    await page.goto(`${base}/catalogue`);
    await page.locator('#add-description').fill('Kept as typed');
    expect(await submit(page, '#add-form')).toBe(400);
    expect(await page.locator('#add-name-error').count()).toBe(1);
    expect(await page.locator('#add-category-error').count()).toBe(1);
    expect(await page.locator('#add-description').inputValue()).toBe('Kept as typed');
    await check(page, `programme-catalogue-refused-${lang}`);
    await page.goto(`${base}/meetings`);
    await page.locator('#meeting-scheduledAt').fill(`${year + 1}-03-15T10:00`);
    await submit(page, '#meeting-form');
    await page.locator('#meeting-scheduledAt').fill(`${year + 1}-04-15T10:00`);
    expect(await submit(page, '#meeting-form')).toBe(409);
    await expect(page.locator('#meeting-scheduledAt-error').textContent()).resolves.toBe(say(`The local group already has 2 review meetings in spring ${year + 1} (1–2 per semester).`, `Den lokale gruppen har allerede 2 vurderingsmøter våren ${year + 1} (1–2 per semester).`));
    await check(page, `programme-meetings-refused-${lang}`);
    await context.close();

    // The student seat of the group does not read the reports: the service says no, and the page says so.
    const seat = await browser.newContext({ baseURL: system.apiUrl });
    const seatPage = await seat.newPage();
    await seatPage.goto(`/meetings/${meetingId}`);
    await seatPage.locator(`form:has(input[name="personId"][value="${group.student.id}"]) button`).click();
    await seatPage.waitForURL((url) => url.pathname === `/meetings/${meetingId}`);
    const refused = await seatPage.reload();
    expect(refused?.status()).toBe(403);
    expect(await seatPage.locator('#agenda').count()).toBe(0);
    expect(await seatPage.locator('#problem').count()).toBe(1);
    await seat.close();
  });
});
