import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { CapturedMail } from '../../infra/stack/mail-server.js';
import { waitFor } from '../../infra/kit/wait.js';
import { axeViolations, launchBrowser, screenshot, switchPageLanguage } from '../support/browser.js';
import { waitForMail } from '../support/mailbox.js';
import { startSystem, type RunningSystem } from '../support/system.js';

jest.setTimeout(240_000);

/**
 * The whole of CIL on one programme (BJOU), through the pages only, each person in their own
 * browser: a programme leader submits an initiative; the programme leader and the section head
 * decide it from their home page; the head of department approves from the e-mail's link; the
 * faculty representative registers the local group on the task page; the group fills the
 * catalogue (home and abroad), records its workshop and publishes; a student enrols from
 * "My certificate" and records three activities on the student page; the administrative resource
 * confirms them from the students page and records the career course and the presentation; the
 * group schedules a review meeting; the student hands in the report; the group approves it from
 * the agenda; the central group sees the completed certificate in the report. Nothing is done over
 * the JSON API: the people are read once from the dev sign-in page (each person's e-mail, language
 * and roles), and the dev mailbox is read for the head of department's e-mail. Every page is checked with axe-core
 * (WCAG 2.1 AA) in Norwegian and in English, and saved under test-output/workspace/journey-*.png:
 * a page that can be shown again is switched to the other language with the header's switch and
 * back; a page that answers a form (shown once) is met in the other language elsewhere in the
 * journey, and the test ends by asserting that every page was seen in both.
 */

const CODE = 'BJOU';
const POLL = { everyMs: 250, timeoutMs: 30_000 };
type Lang = 'nb' | 'en';

const linkIn = (mail: CapturedMail) => /https?:\/\/\S+\/tasks\/\S+\?t=[\w.-]+/.exec(mail.text)?.[0];
const other = (lang: Lang): Lang => (lang === 'nb' ? 'en' : 'nb');

/** A seeded person as the dev sign-in page lists them: their roles as labels, e.g. «programme_leader (BJOU)». */
interface Person {
  id: string;
  name: string;
  email: string;
  preferredLanguage: Lang;
  roles: string[];
}

describe('a programme and a student from initiative to diploma, through the pages', () => {
  let system: RunningSystem;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    system = await startSystem({ env: { REFLECTION_MIN_CHARS: '20', REPORT_MIN_CHARS: '80' } });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await system?.stop();
  });

  /** The languages each page was checked in. */
  const checked = new Map<string, Set<Lang>>();
  /** The method of each page's last navigation (after redirects): a page shown by a GET can be shown again. */
  const lastNavigation = new WeakMap<Page, string>();
  function track(page: Page): Page {
    page.on('request', (r) => {
      if (r.isNavigationRequest() && r.frame() === page.mainFrame()) lastNavigation.set(page, r.method());
    });
    return page;
  }

  /** Axe finds nothing, the page needs no script, and it is saved for a person to look at. */
  async function checkAsShown(page: Page, name: string): Promise<void> {
    const lang = (await page.locator('html').getAttribute('lang')) as Lang;
    const shot = `${name}-${lang}`;
    await screenshot(page, `journey-${shot}`);
    expect({ shot, scripts: await page.locator('script').count() }).toEqual({ shot, scripts: 0 });
    expect({ shot, violations: await axeViolations(page) }).toEqual({ shot, violations: [] });
    checked.set(name, (checked.get(name) ?? new Set<Lang>()).add(lang));
  }

  /**
   * Checks the page in its language and, when it can be shown again (reached by a GET, with the
   * header's language switch), in the other language too, switching back after.
   */
  async function check(page: Page, name: string): Promise<void> {
    await checkAsShown(page, name);
    if (lastNavigation.get(page) !== 'GET' || (await page.locator('form[action="/me/language"] button').count()) === 0) return;
    const lang = (await page.locator('html').getAttribute('lang')) as Lang;
    await switchLanguage(page, lang);
    await checkAsShown(page, name);
    await switchLanguage(page, other(lang));
  }

  /** The seeded people, read off the dev sign-in page's table in a browser of its own. */
  async function peopleOnTheDevPage(): Promise<Person[]> {
    const context = await browser.newContext({ baseURL: system.apiUrl });
    const page = await context.newPage();
    await page.goto('/auth/dev');
    const rows = await page.locator('#people tbody tr').evaluateAll((trs) =>
      trs.map((tr) => {
        const [name, email, language, roles] = [...tr.querySelectorAll('td')].map((td) => td.textContent?.trim() ?? '');
        return { id: tr.querySelector<HTMLInputElement>('input[name="personId"]')?.value ?? '', name, email, language, roles };
      }),
    );
    await context.close();
    expect(rows.length).toBeGreaterThan(10);
    return rows.map(({ language, roles, ...p }) => ({ ...p, preferredLanguage: language as Lang, roles: roles === '—' ? [] : roles.split(/, (?![^(]*\))/) }));
  }

  /** A browser of its own, signed in as this person through the dev sign-in page from `path`, landing on `landing`. */
  async function signIn(person: Person, path = '/', landing = path): Promise<Page> {
    const context = await browser.newContext({ baseURL: system.apiUrl, viewport: { width: 1100, height: 800 } });
    contexts.push(context);
    const page = track(await context.newPage());
    page.setDefaultTimeout(15_000);
    await page.goto(`/auth/login?returnTo=${encodeURIComponent(path)}`);
    await page.locator(`form:has(input[name="personId"][value="${person.id}"]) button`).click();
    await page.waitForURL((url) => url.pathname === landing);
    expect(await page.locator('html').getAttribute('lang')).toBe(person.preferredLanguage);
    return page;
  }

  /** Switches the language with the header's form; answers the new one. */
  async function switchLanguage(page: Page, from: Lang): Promise<Lang> {
    await switchPageLanguage(page);
    expect(await page.locator('html').getAttribute('lang')).toBe(other(from));
    return other(from);
  }

  /** Submits a form by its button; answers the status of the POST's answer (a redirect, or the page itself). */
  async function submit(page: Page, form: string): Promise<number> {
    const [response] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.locator(`${form} button[type="submit"]`).click()]);
    await page.waitForLoadState();
    return response.status();
  }

  /** Reloads until `ready` says yes (the system moves on by itself, a moment later). */
  async function reloadUntil(page: Page, what: string, ready: () => Promise<boolean>): Promise<void> {
    await waitFor(what, async () => {
      await page.reload();
      return (await ready()) ? true : undefined;
    }, POLL);
  }

  /** Opens the task of this programme from the home page (the same page as the e-mail's link, with the session). */
  async function openTaskFromHome(page: Page, title: string): Promise<void> {
    await page.goto('/');
    const row = page.locator('#tasks tbody tr', { hasText: CODE }).filter({ hasText: title });
    await reloadUntil(page, `the task «${title}»`, async () => (await row.count()) === 1);
    await row.locator('a').click();
    await page.waitForURL((url) => url.pathname.startsWith('/tasks/'));
  }

  it('takes BJOU from an initiative to a student’s diploma in the report', async () => {
    // Who is who: the dev sign-in page lists each seeded person with their e-mail, language and roles (and where they hold them).
    const everyone = await peopleOnTheDevPage();
    const holders = (label: string) => everyone.filter((p) => p.roles.includes(label));
    const [leader] = holders(`programme_leader (${CODE})`);
    const [sectionHead] = holders('section_head (SAM)');
    const [head] = holders('head_of_department (SAM-JM)');
    const [facultyRep] = holders('faculty_representative (SAM)');
    const [central] = holders('central_group_member');
    const students = holders(`student (${CODE})`);
    const student = students.find((p) => p.preferredLanguage === 'en')!;
    const seatStudent = students.find((p) => p !== student)!;
    const staff = everyone.filter((p) => p.roles.length === 0);
    const admin = staff.find((p) => p.preferredLanguage === 'en')!;
    const [coordinator, academic] = staff.filter((p) => p !== admin);
    for (const p of [leader, sectionHead, head, facultyRep, central, student, seatStudent, admin, coordinator, academic]) expect(p).toBeDefined();
    const say = (lang: Lang, en: string, nb: string) => (lang === 'nb' ? nb : en);

    // 0. Before anything: the student's "My certificate" (where a student lands on signing in) says, in words, that nobody has proposed CIL here yet.
    const studentPage = await signIn(student, '/', '/certificates');
    const sl = student.preferredLanguage;
    await studentPage.locator('nav[aria-label] a', { hasText: say(sl, 'My certificate', 'Mitt sertifikat') }).click();
    await studentPage.waitForURL((url) => url.pathname === '/certificates');
    await expect(studentPage.locator('h1').textContent()).resolves.toBe(say(sl, 'My certificate', 'Mitt sertifikat'));
    await expect(studentPage.locator('nav[aria-label] a[aria-current="page"]').textContent()).resolves.toBe(say(sl, 'My certificate', 'Mitt sertifikat'));
    expect(await studentPage.locator(`#not-open li[data-programme="${CODE}"][data-reason="none"]`).count()).toBe(1);
    expect(await studentPage.locator('#enrol-form').count()).toBe(0);
    await check(studentPage, 'enrol-not-proposed');

    // 1. The programme leader submits the initiative from the form, and lands on the case page.
    const leaderPage = await signIn(leader, '/initiatives/new');
    const ll = leader.preferredLanguage;
    await check(leaderPage, 'initiative-new');
    const programmeId = (await leaderPage.locator('#initiative-programmeId option', { hasText: `(${CODE})` }).getAttribute('value')) ?? '';
    expect(programmeId).toMatch(/^[0-9a-f-]{36}$/);
    await leaderPage.locator('#initiative-programmeId').selectOption(programmeId);
    await leaderPage.locator('#initiative-initiatorCapacity').selectOption('programme_leader');
    await leaderPage.locator('#initiative-expectedStudentsPerYear').fill('12');
    await leaderPage.locator('#initiative-motivation').fill('Journalism students meet the world at home and abroad; CIL makes that visible to employers.');
    await leaderPage.locator('#initiative-proposedActivities').fill('Språkkafé, fadderordning, utveksling.');
    expect(await submit(leaderPage, '#initiative-form')).toBe(303);
    expect(new URL(leaderPage.url()).pathname).toMatch(/^\/cases\/[0-9a-f-]{36}$/);
    const casePath = new URL(leaderPage.url()).pathname;
    await expect(leaderPage.locator('h1').textContent()).resolves.toContain(CODE);
    await reloadUntil(leaderPage, 'the two assessments', async () => (await leaderPage.locator('#open-tasks tbody tr').count()) === 2);
    await check(leaderPage, 'case-anchoring');

    // 2. Both assessments, each from the assessor's home page, with a resource assessment.
    const assess = async (page: Page, lang: Lang, title: string, name: string) => {
      await openTaskFromHome(page, title);
      await check(page, `task-${name}`);
      await page.locator('input[name="outcome"][value="approve"]').check();
      await page.locator('input[name="developmentHours"]').fill('30');
      await page.locator('input[name="operationHoursPerSemester"]').fill('8');
      await page.locator('select[name="covered"]').selectOption('yes');
      expect(await submit(page, 'form[action^="/tasks/"]')).toBeLessThan(300);
      await expect(page.locator('h1').textContent()).resolves.toBe(say(lang, 'Decision recorded', 'Avgjørelsen er registrert'));
      await check(page, 'task-recorded');
    };
    await leaderPage.goto('/');
    await check(leaderPage, 'home-leader');
    await assess(leaderPage, ll, say(ll, 'Assess the CIL initiative (programme leader)', 'Vurder CIL-initiativet (studieleder)'), 'anchoring-leader');
    const headPage = await signIn(sectionHead);
    const hl = sectionHead.preferredLanguage;
    await expect(headPage.locator('#tasks tbody tr', { hasText: CODE }).count()).resolves.toBe(1);
    await check(headPage, 'home-section-head');
    await assess(headPage, hl, say(hl, 'Assess the CIL initiative (section head)', 'Vurder CIL-initiativet (seksjonssjef)'), 'anchoring-section-head');
    // The home page in the other language: the decided task under "completed by me".
    await headPage.goto('/?status=completed');
    const hlOther = await switchLanguage(headPage, hl);
    await expect(headPage.locator('h1').textContent()).resolves.toBe(say(hlOther, 'My tasks', 'Mine oppgaver'));
    expect(await headPage.locator('#tasks tbody tr', { hasText: CODE }).count()).toBe(1);
    await check(headPage, 'home-section-head-completed');

    // 3. The head of department approves from the link in the task's e-mail, without signing in.
    const mail = await waitForMail(system.mailboxUrl, (m) => m.envelopeTo.includes(head.email) && linkIn(m) !== undefined, 30_000);
    const mailContext = await browser.newContext({ viewport: { width: 1100, height: 800 } });
    contexts.push(mailContext);
    const mailPage = track(await mailContext.newPage());
    mailPage.setDefaultTimeout(15_000);
    await mailPage.goto(linkIn(mail)!);
    const dl = head.preferredLanguage;
    await expect(mailPage.locator('h1').textContent()).resolves.toBe(say(dl, 'Final approval of the CIL initiative', 'Endelig godkjenning av CIL-initiativet'));
    await check(mailPage, 'task-final-approval');
    // The link's page speaks the language its person prefers: the head sets the other one (signed
    // in, with the header's switch), and the same link answers in it; then back.
    const headSession = await signIn(head);
    await check(headSession, 'home-head-of-department');
    await switchLanguage(headSession, dl);
    await mailPage.reload();
    await expect(mailPage.locator('h1').textContent()).resolves.toBe(say(other(dl), 'Final approval of the CIL initiative', 'Endelig godkjenning av CIL-initiativet'));
    await check(mailPage, 'task-final-approval');
    await switchLanguage(headSession, other(dl));
    await mailPage.reload();
    await mailPage.locator('input[name="outcome"][value="approve"]').check();
    expect(await submit(mailPage, 'form[action^="/tasks/"]')).toBeLessThan(300);
    await expect(mailPage.locator('h1').textContent()).resolves.toBe(say(dl, 'Decision recorded', 'Avgjørelsen er registrert'));
    await check(mailPage, 'task-recorded');

    // 4. The faculty representative registers the local group on the task page, a row per seat.
    const repPage = await signIn(facultyRep);
    const rl = facultyRep.preferredLanguage;
    await openTaskFromHome(repPage, say(rl, 'Register the local resource group', 'Registrer den lokale ressursgruppen'));
    await check(repPage, 'local-group');
    await repPage.locator('#member1').selectOption(admin.id);
    await repPage.locator('#member2').selectOption(coordinator.id);
    await repPage.locator('#member3').selectOption(academic.id);
    await repPage.locator('#member4').selectOption(seatStudent.id);
    expect(await submit(repPage, 'form[action^="/tasks/"]')).toBeLessThan(300);
    await expect(repPage.locator('h1').textContent()).resolves.toBe(say(rl, 'Decision recorded', 'Avgjørelsen er registrert'));

    // The student's page now says the group is preparing the activities.
    await reloadUntil(studentPage, 'the programme in development', async () => (await studentPage.locator(`#not-open li[data-programme="${CODE}"][data-reason="preparing"]`).count()) === 1);
    await check(studentPage, 'enrol-preparing');

    // 5. The group: the catalogue (home and abroad), the workshop, and publishing.
    const groupPage = await signIn(coordinator);
    const gl = coordinator.preferredLanguage;
    const base = `/programmes/${programmeId}`;
    await reloadUntil(groupPage, 'programme work in the navigation', async () => (await groupPage.locator('nav[aria-label] a', { hasText: say(gl, 'Programme work', 'Programarbeid') }).count()) === 1);
    await groupPage.locator('nav[aria-label] a', { hasText: say(gl, 'Programme work', 'Programarbeid') }).click();
    await groupPage.waitForURL((url) => url.pathname === base);
    await reloadUntil(groupPage, 'the programme in development', async () => (await groupPage.locator('#summary').textContent())?.includes(say(gl, 'at least one activity abroad', 'minst én aktivitet i utlandet')) ?? false);
    await check(groupPage, 'programme-overview');
    await groupPage.goto(`${base}/catalogue`);
    const add = async (a: { name: string; description: string; category: 'home' | 'abroad'; sessions?: string; semesters?: string; source?: string }) => {
      await groupPage.locator('#add-name').fill(a.name);
      await groupPage.locator('#add-description').fill(a.description);
      await groupPage.locator('#add-category').selectOption(a.category);
      if (a.sessions) await groupPage.locator('#add-minimumSessions').fill(a.sessions);
      if (a.semesters) await groupPage.locator('#add-minimumSemesters').fill(a.semesters);
      if (a.source) await groupPage.locator('#add-source').fill(a.source);
      expect(await submit(groupPage, '#add-form')).toBe(303);
    };
    await add({ name: 'Språkkafé', description: 'Samtaler på andre språk med internasjonale studenter', category: 'home', sessions: '3' });
    await add({ name: 'Fadderordning', description: 'Fadder for en internasjonal student', category: 'home', semesters: '1' });
    await add({ name: 'Utvekslingssemester', description: 'Et semester ved et partneruniversitet', category: 'abroad', semesters: '1', source: 'Erasmus+' });
    expect(await groupPage.locator('#home-activities tbody tr').count()).toBe(2);
    expect(await groupPage.locator('#abroad-activities tbody tr').count()).toBe(1);
    await check(groupPage, 'programme-catalogue');
    await groupPage.goto(`${base}/development`);
    await groupPage.locator('#record-kind').selectOption('workshop');
    await groupPage.locator('#record-heldOn').fill(new Date().toISOString().slice(0, 10));
    for (const p of [admin, coordinator, academic, seatStudent]) await groupPage.locator(`#record-attendees input[value="${p.id}"]`).check();
    await groupPage.locator('#record-outcome').fill('Fant tre aktiviteter: språkkafé, fadderordning og utvekslingssemester.');
    expect(await submit(groupPage, '#record-form')).toBe(303);
    expect(await groupPage.locator('#record-list li').count()).toBe(1);
    await check(groupPage, 'programme-development');
    await groupPage.goto(`${base}/publish`);
    expect(await submit(groupPage, '#publish-form')).toBe(303);
    expect(await groupPage.locator('#published').count()).toBe(1);
    await check(groupPage, 'programme-published');

    // 6. The student enrols from "My certificate": a tampered programme is refused at its field first.
    await reloadUntil(studentPage, 'the enrol form', async () => (await studentPage.locator('#enrol-form').count()) === 1);
    expect(await studentPage.locator('#not-open').count()).toBe(0);
    expect(await studentPage.locator('#enrol-programmeId').inputValue()).toBe(programmeId);
    await check(studentPage, 'enrol');
    const refuseEnrolment = async (lang: Lang) => {
      await studentPage.locator('#enrol-programmeId').evaluate((select) => select.append(new Option('Another programme', '00000000-0000-4000-8000-000000000000')));
      await studentPage.locator('#enrol-programmeId').selectOption('00000000-0000-4000-8000-000000000000');
      await studentPage.locator('#enrol-expectedEndOfStudies').fill(`${new Date().getUTCFullYear() + 3}-06-30`);
      expect(await submit(studentPage, '#enrol-form')).toBe(400);
      expect(await studentPage.locator('#form-errors').count()).toBe(1);
      await expect(studentPage.locator('#enrol-programmeId-error').textContent()).resolves.toBe(say(lang, 'choose a programme from the list', 'velg et studieprogram fra listen'));
      expect(await studentPage.locator('#enrol-programmeId').getAttribute('aria-invalid')).toBe('true');
      expect(await studentPage.locator('#enrol-expectedEndOfStudies').inputValue()).toBe(`${new Date().getUTCFullYear() + 3}-06-30`);
      await check(studentPage, 'enrol-refused');
    };
    await refuseEnrolment(sl);
    // The refusal in the other language (the switch shows the page again, without it), and back.
    const slOther = await switchLanguage(studentPage, sl);
    await refuseEnrolment(slOther);
    await switchLanguage(studentPage, slOther);
    await studentPage.locator('#enrol-programmeId').selectOption(programmeId);
    expect(await submit(studentPage, '#enrol-form')).toBe(303);
    expect(new URL(studentPage.url()).pathname).toMatch(/^\/certificates\/[0-9a-f-]{36}$/);
    const certificatePath = new URL(studentPage.url()).pathname;
    const certificateId = certificatePath.split('/')[2];
    await expect(studentPage.locator('h1').textContent()).resolves.toBe(say(sl, 'Certificate of International Learning', 'Sertifikat for internasjonal læring'));
    await expect(studentPage.locator('#stage').getAttribute('data-stage')).resolves.toBe('collecting');
    await check(studentPage, 'certificate-enrolled');
    // "My certificate" now leads straight to it.
    await studentPage.goto('/certificates');
    expect(new URL(studentPage.url()).pathname).toBe(certificatePath);

    // 7. Three activities on the student page: two at home, one abroad, each with a reflection.
    const record = async (name: string, from: string, to: string, scope: { sessions?: string; semesters?: string }) => {
      const option = (await studentPage.locator('#participation-activityId option', { hasText: name }).getAttribute('value')) ?? '';
      expect(option).not.toBe('');
      await studentPage.locator('#participation-activityId').selectOption(option);
      await studentPage.locator('#participation-startedOn').fill(from);
      await studentPage.locator('#participation-endedOn').fill(to);
      await studentPage.locator('#participation-description').fill(`I took part in ${name}.`);
      await studentPage.locator('#participation-reflection').fill(`What ${name} taught me about working across cultures.`);
      if (scope.sessions) await studentPage.locator('#participation-sessions').fill(scope.sessions);
      if (scope.semesters) await studentPage.locator('#participation-semesters').fill(scope.semesters);
      expect(await submit(studentPage, '#participation-form')).toBe(303);
      expect(await studentPage.locator('#notice').count()).toBe(1);
    };
    const lastYear = new Date().getUTCFullYear() - 1;
    await record('Språkkafé', `${lastYear}-01-10`, `${lastYear}-03-20`, { sessions: '4' });
    await record('Fadderordning', `${lastYear}-01-10`, `${lastYear}-06-15`, { semesters: '1' });
    await record('Utvekslingssemester', `${lastYear}-08-15`, `${lastYear}-12-20`, { semesters: '1' });
    expect(await studentPage.locator('#participations tbody tr').count()).toBe(3);
    await check(studentPage, 'certificate-activities');

    // 8. The administrative resource confirms each from the students page, and records the course and the presentation.
    const adminPage = await signIn(admin);
    const al = admin.preferredLanguage;
    await adminPage.locator('nav[aria-label] a', { hasText: say(al, 'Students', 'Studenter') }).click();
    const studentsPath = `${base}/students`;
    await adminPage.waitForURL((url) => url.pathname === studentsPath);
    const row = adminPage.locator(`#certificate-${certificateId}`);
    await reloadUntil(adminPage, 'three participations to confirm', async () => (await row.locator('.to-confirm a').count()) === 3);
    await expect(row.locator('th').textContent()).resolves.toContain(student.name);
    await check(adminPage, 'students-to-confirm');
    const confirmLinks = await row.locator('.to-confirm a').evaluateAll((links) => links.map((a) => a.getAttribute('href')!));
    for (const [i, href] of confirmLinks.entries()) {
      await adminPage.goto(href);
      if (i === 0) await check(adminPage, 'task-confirm');
      await adminPage.locator('input[name="outcome"][value="confirm"]').check();
      expect(await submit(adminPage, 'form[action^="/tasks/"]')).toBeLessThan(300);
      await expect(adminPage.locator('h1').textContent()).resolves.toBe(say(al, 'Decision recorded', 'Avgjørelsen er registrert'));
      if (i === 0) await check(adminPage, 'task-recorded');
    }
    await adminPage.goto(studentsPath);
    await reloadUntil(adminPage, 'the activities to count', async () => (await row.locator('[data-missing="activities"], [data-missing="home"], [data-missing="abroad"]').count()) === 0);
    expect(await row.locator('.to-confirm').count()).toBe(0);
    for (const kind of ['career_course', 'presentation']) {
      expect(await submit(adminPage, `#certificate-${certificateId} form:has(input[name="kind"][value="${kind}"])`)).toBe(303);
      expect(await row.locator(`[data-missing="${kind}"]`).count()).toBe(0);
    }
    await reloadUntil(adminPage, 'the report due', async () => (await row.locator('[data-missing="report"]').count()) === 1);
    await check(adminPage, 'students-report-due');

    // 9. The group schedules a review meeting for next spring.
    const year = new Date().getUTCFullYear();
    await groupPage.goto(`${base}/meetings`);
    await groupPage.locator('#meeting-scheduledAt').fill(`${year + 1}-03-01T10:00`);
    await groupPage.locator('#meeting-location').fill('Pilestredet 35, rom 201');
    expect(await submit(groupPage, '#meeting-form')).toBe(303);
    expect(await groupPage.locator('#upcoming-meetings tbody tr').count()).toBe(1);
    await check(groupPage, 'programme-meetings');

    // 10. The student hands in the final reflection report on the student page.
    await studentPage.goto(certificatePath);
    await reloadUntil(studentPage, 'the report form', async () => (await studentPage.locator('#report-form').count()) === 1);
    await expect(studentPage.locator('#stage').getAttribute('data-stage')).resolves.toBe('report_due');
    await check(studentPage, 'certificate-report-due');
    const report = 'Looking back: the exchange taught me to see journalism from outside Norway, and the language café gave me the courage to interview in English.';
    await studentPage.locator('#report-text').fill(report);
    expect(await submit(studentPage, '#report-form')).toBe(303);
    expect(await studentPage.locator('#notice').count()).toBe(1);
    await reloadUntil(studentPage, 'the report in review', async () => (await studentPage.locator('#stage').getAttribute('data-stage')) === 'in_review');
    await check(studentPage, 'certificate-in-review');

    // 11. The group approves the report from the meeting's agenda.
    await groupPage.goto(`${base}/meetings`);
    await groupPage.locator('#upcoming-meetings tbody tr a').first().click();
    await groupPage.waitForURL((url) => /^\/meetings\/[0-9a-f-]{36}$/.test(url.pathname));
    const agendaPath = new URL(groupPage.url()).pathname;
    await reloadUntil(groupPage, 'the report on the agenda', async () => (await groupPage.locator('#agenda tbody tr').count()) === 1);
    await expect(groupPage.locator('#agenda tbody tr td').first().textContent()).resolves.toContain(student.name);
    await check(groupPage, 'programme-agenda');
    await groupPage.locator('#agenda tbody tr a').click();
    await groupPage.waitForURL((url) => url.pathname.startsWith(`${agendaPath}/reports/`));
    await expect(groupPage.locator('#report-text').textContent()).resolves.toBe(report);
    await groupPage.locator('input[name="outcome"][value="approve"]').check();
    expect(await submit(groupPage, '#decision-form')).toBe(303);
    await expect(groupPage.locator('#report-status').textContent()).resolves.toBe(say(gl, 'Approved', 'Godkjent'));
    await check(groupPage, 'programme-report-approved');

    // The student's page: completed, with the diploma.
    await reloadUntil(studentPage, 'the certificate completed', async () => (await studentPage.locator('#stage').getAttribute('data-stage')) === 'completed');
    await reloadUntil(studentPage, 'the diploma', async () => (await studentPage.locator('#diploma').count()) === 1);
    await check(studentPage, 'certificate-completed');

    // 12. The central group sees the completed certificate in the report's table and the chart's description.
    const centralPage = await signIn(central);
    let cl = central.preferredLanguage;
    // Not a student: no "My certificate", and the enrol page says there is nothing to enrol in.
    expect(await centralPage.locator('nav[aria-label] a', { hasText: /^(My certificate|Mitt sertifikat)$/ }).count()).toBe(0);
    expect((await centralPage.goto('/certificates'))!.status()).toBe(403);
    expect(await centralPage.locator('#not-student').count()).toBe(1);
    expect(await centralPage.locator('#enrol-form').count()).toBe(0);
    await centralPage.locator('nav[aria-label] a', { hasText: say(cl, 'Reports', 'Rapporter') }).click();
    await centralPage.waitForURL((url) => url.pathname === '/reports');
    // Enrolled, in progress, completed, withdrawn, closed; confirmed activities at home and abroad.
    expect(await centralPage.locator(`#report tr[data-programme="${CODE}"] td`).allTextContents()).toEqual(['1', '0', '1', '0', '0', '2', '1']);
    await expect(centralPage.locator('#chart-certificates-desc').textContent()).resolves.toContain(say(cl, '(SAM): 1 enrolled, 0 in progress, 1 completed.', '(SAM): 1 meldt opp, 0 underveis, 1 fullført.'));
    await expect(centralPage.locator('#chart-participations-desc').textContent()).resolves.toContain(say(cl, '(SAM): 2 at home, 1 abroad.', '(SAM): 2 hjemme, 1 i utlandet.'));
    await check(centralPage, 'reports');
    cl = await switchLanguage(centralPage, cl);
    await expect(centralPage.locator('#chart-certificates-desc').textContent()).resolves.toContain(say(cl, '(SAM): 1 enrolled, 0 in progress, 1 completed.', '(SAM): 1 meldt opp, 0 underveis, 1 fullført.'));

    // The case page at the end, open to students, in both languages.
    await leaderPage.goto(casePath);
    await expect(leaderPage.locator('.progress [aria-current="step"]').count()).resolves.toBe(0);
    await expect(leaderPage.locator('h1 + p .badge').textContent()).resolves.toBe(say(ll, 'Open to students', 'Åpent for studenter'));
    await check(leaderPage, 'case-open');
    const llOther = await switchLanguage(leaderPage, ll);
    await expect(leaderPage.locator('h1 + p .badge').textContent()).resolves.toBe(say(llOther, 'Open to students', 'Åpent for studenter'));

    // Every page of the journey was checked in both languages.
    const inOneLanguage = [...checked].filter(([, langs]) => langs.size < 2).map(([name, langs]) => `${name} (${[...langs].join('')})`);
    expect(inOneLanguage).toEqual([]);
    expect(checked.size).toBeGreaterThan(25);
  });
});
