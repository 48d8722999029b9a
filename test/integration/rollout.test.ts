import { jest } from '@jest/globals';
import type { Browser } from 'playwright-core';
import { ApiClient, people, type Person } from '../support/api.js';
import { launchBrowser } from '../support/browser.js';
import { allMail, waitForMail } from '../support/mailbox.js';
import { startSystem, type RunningSystem } from '../support/system.js';
import type { CapturedMail } from '../../infra/stack/mail-server.js';

jest.setTimeout(240_000);

interface Programme {
  id: string;
  code: string;
  enrolmentOpen?: boolean;
  faculty: { id: string; code: string };
  department: { id: string };
}
interface Task {
  id: string;
  type: string;
  assigneeId: string;
  status: string;
}

const linkIn = (mail: CapturedMail) => /https?:\/\/\S+\/tasks\/\S+\?t=[\w.-]+/.exec(mail.text)?.[0];

describe('a programme rollout over HTTP, with e-mail, Temporal and PostgreSQL', () => {
  let system: RunningSystem;
  let browser: Browser;
  let everyone: Person[];
  let programme: Programme;
  const holder = (role: string, where: (g: Person['roles'][number]) => boolean) => {
    const p = everyone.find((x) => x.roles.some((g) => g.role === role && where(g)));
    if (!p) throw new Error(`nobody holds ${role}`);
    return p;
  };
  const mailsTo = async (p: { email: string }) => (await allMail(system.mailboxUrl)).filter((m) => m.envelopeTo.includes(p.email));
  const as = (p: Person) => ApiClient.as(system.apiUrl, p.id);

  beforeAll(async () => {
    system = await startSystem();
    browser = await launchBrowser();
    everyone = await people(system.apiUrl);
    const anyone = await ApiClient.as(system.apiUrl, everyone[0].id);
    programme = (await anyone.get<Programme[]>('/api/programmes')).body.find((p) => p.code === 'BADT')!;
  });

  afterAll(async () => {
    await browser?.close();
    await system?.stop();
  });

  it('runs from initiative to an open programme, every step driven by people and e-mail', async () => {
    const inProgramme = (g: Person['roles'][number]) => g.programmeId === programme.id;
    const inFaculty = (g: Person['roles'][number]) => g.facultyId === programme.faculty.id;
    const initiator = holder('student', inProgramme);
    const leader = holder('programme_leader', inProgramme);
    const sectionHead = holder('section_head', inFaculty);
    const head = holder('head_of_department', (g) => g.departmentId === programme.department.id);
    const facultyRep = holder('faculty_representative', inFaculty);
    const dean = holder('dean', inFaculty);
    const proDean = holder('pro_dean', inFaculty);
    const central = holder('central_group_member', () => true);
    const staff = everyone.filter((p) => p.roles.length === 0);
    const student = everyone.find((p) => p.id !== initiator.id && p.roles.some((g) => g.role === 'student' && inProgramme(g)))!;

    // 1. The initiative.
    const initiatorApi = await as(initiator);
    const submitted = await initiatorApi.post<{ id: string; state: string; workflowId: string }>('/api/rollouts', {
      programmeId: programme.id,
      motivation: 'Many of our students already take part in international activities.',
      proposedActivities: 'Buddy scheme, language café, exchange to partner universities',
      expectedStudentsPerYear: 20,
      initiatorCapacity: 'student',
    });
    expect(submitted.status).toBe(201);
    expect(submitted.body.state).toBe('anchoring');
    expect(submitted.body.workflowId).toBe(`rollout-${submitted.body.id}`);
    const caseId = submitted.body.id;

    const again = await initiatorApi.post<{ details: { openCaseId: string } }>('/api/rollouts', {
      programmeId: programme.id,
      motivation: 'A second initiative for the same programme.',
      expectedStudentsPerYear: 5,
      initiatorCapacity: 'student',
    });
    expect(again.status).toBe(409);
    expect(again.body.details.openCaseId).toBe(caseId);

    await waitForMail(system.mailboxUrl, (m) => m.envelopeTo.includes(facultyRep.email) && /CIL/.test(m.subject));
    await waitForMail(system.mailboxUrl, (m) => m.envelopeTo.includes('cil-sentral@example.org'));

    // 2. Anchoring: both get a task with a link.
    const leaderMail = await waitForMail(system.mailboxUrl, (m) => m.envelopeTo.includes(leader.email) && linkIn(m) !== undefined);
    expect(leaderMail.subject).toMatch(leader.preferredLanguage === 'nb' ? /^Oppgave: / : /^Task: /);
    const leaderApi = await as(leader);
    const leaderTasks = (await leaderApi.get<Task[]>('/api/tasks')).body;
    expect(leaderTasks.map((t) => t.type)).toEqual(['anchoring_programme_leader']);
    const leaderTask = leaderTasks[0];

    // Authorization and validation, before anything enters the workflow.
    const notAssignee = await (await as(student)).post(`/api/tasks/${encodeURIComponent(leaderTask.id)}/decision`, { outcome: 'reject', reason: 'no' });
    expect(notAssignee.status).toBe(403);
    const noAssessment = await leaderApi.post<{ fields: { field: string }[] }>(`/api/tasks/${encodeURIComponent(leaderTask.id)}/decision`, { outcome: 'approve' });
    expect(noAssessment.status).toBe(400);
    expect(noAssessment.body.fields.map((f) => f.field)).toEqual(['assessment']);
    const noReason = await leaderApi.post<{ fields: { field: string }[] }>(`/api/tasks/${encodeURIComponent(leaderTask.id)}/decision`, { outcome: 'reject' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.fields.map((f) => f.field)).toEqual(['reason']);

    const approved = await leaderApi.post(`/api/tasks/${encodeURIComponent(leaderTask.id)}/decision`, {
      outcome: 'approve',
      assessment: { developmentHours: 40, operationHoursPerSemester: 12, covered: true, comment: 'Within the budget' },
    });
    expect(approved.status).toBe(200);
    const decidedAgain = await leaderApi.post(`/api/tasks/${encodeURIComponent(leaderTask.id)}/decision`, { outcome: 'reject', reason: 'changed my mind' });
    expect(decidedAgain.status).toBe(409);

    // The section head's task page, read in Norwegian: every word on it is Norwegian, the values too.
    const sectionHeadApi = await as(sectionHead);
    const ownLanguage = (await sectionHeadApi.get<{ preferredLanguage: string }>('/api/me')).body.preferredLanguage;
    expect((await sectionHeadApi.call('PATCH', '/api/me', { preferredLanguage: 'nb' })).status).toBe(200);
    const sectionLink = linkIn(await waitForMail(system.mailboxUrl, (m) => m.envelopeTo.includes(sectionHead.email) && linkIn(m) !== undefined))!;
    const nbPage = await (await fetch(sectionLink, { headers: { 'accept-language': 'en' } })).text();
    expect(nbPage).toContain('arbeidsverksted (en halv dag, hele den lokale gruppen)');
    expect(nbPage).toMatch(/<td>utvikling<\/td>/);
    expect(nbPage).toMatch(/<td>drift<\/td>/);
    expect(nbPage).toContain('<strong>godkjent</strong>');
    expect(nbPage).not.toMatch(/>(approve|development|operation)</);
    expect(nbPage).not.toContain('workshop (half a day');
    await sectionHeadApi.call('PATCH', '/api/me', { preferredLanguage: ownLanguage });

    // The central group reassigns the section head's task; both people are told.
    const sectionTask = (await (await as(sectionHead)).get<Task[]>('/api/tasks')).body[0];
    const deputy = staff[0];
    const reassignedByStudent = await (await as(student)).post(`/api/tasks/${encodeURIComponent(sectionTask.id)}/reassign`, { assigneeId: deputy.id });
    expect(reassignedByStudent.status).toBe(403);
    const reassigned = await (await as(central)).post(`/api/tasks/${encodeURIComponent(sectionTask.id)}/reassign`, { assigneeId: deputy.id });
    expect(reassigned.status).toBe(200);
    await waitForMail(system.mailboxUrl, (m) => m.envelopeTo.includes(sectionHead.email) && /(flyttet|reassigned)/i.test(m.subject));
    const deputyMail = await waitForMail(system.mailboxUrl, (m) => m.envelopeTo.includes(deputy.email) && linkIn(m) !== undefined);
    const oldLink = linkIn(await waitForMail(system.mailboxUrl, (m) => m.envelopeTo.includes(sectionHead.email) && linkIn(m) !== undefined))!;
    // The answer follows the language of the person the link was for, not the browser's.
    const staleLanguage = (await (await as(sectionHead)).get<{ preferredLanguage: string }>('/api/me')).body.preferredLanguage;
    const stale = await fetch(oldLink, { headers: { 'accept-language': staleLanguage === 'nb' ? 'en' : 'nb' } });
    expect(stale.status).toBe(403);
    const staleBody = await stale.text();
    expect(staleBody).toContain(staleLanguage === 'nb' ? 'Oppgaven er ikke lenger din' : 'This task is no longer yours');
    expect(staleBody).toContain(`<html lang="${staleLanguage}"`);

    // A double submit by the new assignee records one decision.
    const deputyApi = await as(deputy);
    const decision = { outcome: 'approve', assessment: { developmentHours: 35, operationHoursPerSemester: 10, covered: false } };
    const both = await Promise.all([
      deputyApi.post(`/api/tasks/${encodeURIComponent(sectionTask.id)}/decision`, decision),
      deputyApi.post(`/api/tasks/${encodeURIComponent(sectionTask.id)}/decision`, decision),
    ]);
    expect(both.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(linkIn(deputyMail)).toBeDefined();

    // 3. Final approval, in the browser, from the e-mail's link.
    const headMail = await waitForMail(system.mailboxUrl, (m) => m.envelopeTo.includes(head.email) && linkIn(m) !== undefined);
    expect((await mailsTo(head)).filter((m) => linkIn(m))).toHaveLength(1);
    const page = await browser.newPage();
    await page.goto(linkIn(headMail)!);
    expect(await page.locator('h1').textContent()).toMatch(/godkjenning|approval/i);
    expect(await page.content()).toContain('Many of our students already take part');
    expect(await page.content()).toMatch(/Within the budget/);
    await page.locator('input[name="outcome"][value="approve"]').check();
    await page.locator('button[type="submit"]').click();
    await page.waitForLoadState();
    expect(await page.locator('h1').textContent()).toMatch(/registrert|recorded/i);
    // The same link again: already decided, a clear page.
    const used = await page.goto(linkIn(headMail)!);
    expect(used!.status()).toBe(409);
    expect(await page.locator('h1').textContent()).toMatch(/allerede avgjort|already decided/i);
    const link = linkIn(headMail)!;
    const at = link.length - 10; // inside the signature
    const tampered = await page.goto(`${link.slice(0, at)}${link[at] === 'x' ? 'y' : 'x'}${link.slice(at + 1)}`);
    expect(tampered!.status()).toBe(401);
    expect(await page.content()).toContain('/auth/login?returnTo=');
    await page.close();

    // Approval informs the dean, the pro-dean, the initiator, the faculty representative and the central group.
    for (const p of [dean, proDean, initiator, facultyRep, { email: 'cil-sentral@example.org' }]) {
      await waitForMail(system.mailboxUrl, (m) => m.envelopeTo.includes(p.email) && /(innføres|rolled out)/.test(m.subject));
    }

    // 4. The local group: an incomplete one is refused with what is missing.
    const repApi = await as(facultyRep);
    const registerTask = await (async () => {
      for (let i = 0; i < 100; i++) {
        const found = (await repApi.get<Task[]>('/api/tasks')).body.find((t) => t.type === 'register_local_group');
        if (found) return found;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error('no register_local_group task');
    })();
    const incomplete = await repApi.post<{ fields: { field: string; problems: string[] }[] }>(`/api/tasks/${encodeURIComponent(registerTask.id)}/decision`, {
      outcome: 'register',
      members: [
        { personId: staff[1].id, seat: 'administrative_resource' },
        { personId: staff[2].id, seat: 'academic_coordinator' },
      ],
    });
    expect(incomplete.status).toBe(400);
    expect(incomplete.body.fields[0].field).toBe('members');
    expect(incomplete.body.fields[0].problems.join(' ')).toMatch(/missing a representative of the academic staff.*missing a student/);
    const members = [
      { personId: staff[1].id, seat: 'administrative_resource' },
      { personId: staff[2].id, seat: 'academic_coordinator' },
      { personId: staff[3].id, seat: 'academic_staff' },
      { personId: student.id, seat: 'student' },
    ];
    // The student seat takes a student of this programme only: staff, or a student of another programme, are refused at the field.
    const otherStudent = everyone.find((p) => p.roles.some((g) => g.role === 'student' && g.programmeId !== null && g.programmeId !== programme.id) && !p.roles.some((g) => g.role === 'student' && g.programmeId === programme.id))!;
    for (const wrong of [staff[0], otherStudent]) {
      const refused = await repApi.post<{ fields: { field: string; problems: string[] }[] }>(`/api/tasks/${encodeURIComponent(registerTask.id)}/decision`, {
        outcome: 'register',
        members: [...members.slice(0, 3), { personId: wrong.id, seat: 'student' }],
      });
      expect(refused.status).toBe(400);
      expect(refused.body.fields).toEqual([{ field: 'members.3.personId', problems: ["the student seat needs a student of the case's programme; this person is not one"] }]);
    }
    expect((await repApi.post(`/api/tasks/${encodeURIComponent(registerTask.id)}/decision`, { outcome: 'register', members })).status).toBe(200);
    for (const m of members) {
      const p = everyone.find((x) => x.id === m.personId)!;
      await waitForMail(system.mailboxUrl, (mail) => mail.envelopeTo.includes(p.email) && /(ressursgruppen|resource group)/.test(mail.subject));
    }

    // 5. Development: records, catalogue, publishing.
    const groupApi = await as(everyone.find((p) => p.id === staff[1].id)!);
    const outsider = await as(staff[0]);
    const base = `/api/programmes/${programme.id}`;
    for (let i = 0; i < 100; i++) {
      if ((await groupApi.get<{ state: string }>(`/api/rollouts/${caseId}`)).body.state === 'development') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect((await groupApi.post(`${base}/development-records`, { kind: 'workshop', heldOn: '2027-01-20', attendees: members.map((m) => m.personId), outcome: 'Ten candidate activities' })).status).toBe(201);
    expect((await outsider.post(`${base}/catalogue`, { name: 'Guest lectures', description: 'Three guest lectures', category: 'home' })).status).toBe(403);
    const cafe = await groupApi.post<{ id: string }>(`${base}/catalogue`, { name: 'Language café', description: 'Conversation in other languages', category: 'home', minimumSessions: 3 });
    expect(cafe.status).toBe(201);
    const onlyHome = await groupApi.post<{ fields: { field: string }[] }>(`${base}/publish`);
    expect(onlyHome.status).toBe(400);
    expect(onlyHome.body.fields[0].field).toBe('catalogue');
    expect((await groupApi.post(`${base}/catalogue`, { name: 'Exchange semester', description: 'A semester at a partner university', category: 'abroad', minimumSemesters: 1, source: 'exchange agreement' })).status).toBe(201);
    const published = await groupApi.post<{ state: string; enrolmentOpen: boolean }>(`${base}/publish`);
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({ state: 'open', enrolmentOpen: true });
    expect((await groupApi.get<Programme>(`/api/programmes/${programme.id}`)).body.enrolmentOpen).toBe(true);
    expect((await groupApi.post(`${base}/catalogue/${cafe.body.id}/retire`)).status).toBe(200);

    // Review meetings: 1–2 per semester.
    const year = new Date().getUTCFullYear() + 1;
    expect((await groupApi.post(`${base}/review-meetings`, { scheduledAt: `${year}-03-10T10:00:00Z` })).status).toBe(201);
    expect((await groupApi.post(`${base}/review-meetings`, { scheduledAt: `${year}-05-20T10:00:00Z` })).status).toBe(201);
    expect((await groupApi.post(`${base}/review-meetings`, { scheduledAt: `${year}-06-02T10:00:00Z` })).status).toBe(409);

    // 6. The case view and the listing.
    const view = await groupApi.get<{ state: string; openTasks: unknown[]; timeline: { kind: string; actorName?: string }[] }>(`/api/rollouts/${caseId}`);
    expect(view.body.state).toBe('open');
    expect(view.body.openTasks).toEqual([]);
    expect(view.body.timeline.map((e) => e.kind)).toEqual(
      expect.arrayContaining(['initiative.submitted', 'anchoring_programme_leader.approve', 'task.reassigned', 'final_approval.approve', 'local_group.registered', 'programme.opened']),
    );
    const listed = await groupApi.get<{ id: string }[]>(`/api/rollouts?faculty=${programme.faculty.code}&state=open`);
    expect(listed.body.map((r) => r.id)).toContain(caseId);
    expect((await groupApi.get<unknown[]>('/api/rollouts?state=declined')).body).toEqual([]);

    // The dev sign-in page says which programme each local-group seat belongs to.
    const devPage = await (await fetch(`${system.apiUrl}/auth/dev`)).text();
    expect(devPage).toMatch(/local_group_member \((coordinator|admin|staff|student|[a-z_]+), BADT\)/);

    // Each task e-mail went out once per task and recipient.
    const all = await allMail(system.mailboxUrl);
    const ids = all.map((m) => m.messageId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('lets the initiator withdraw before the final decision, and nobody else', async () => {
    const other = (await (await ApiClient.as(system.apiUrl, everyone[0].id)).get<Programme[]>('/api/programmes')).body.find((p) => p.code === 'BPD')!;
    const initiator = holder('student', (g) => g.programmeId === other.id);
    const api = await as(initiator);
    const created = await api.post<{ id: string }>('/api/rollouts', { programmeId: other.id, motivation: 'Product design students travel a lot.', expectedStudentsPerYear: 8, initiatorCapacity: 'student' });
    expect(created.status).toBe(201);
    const stranger = await as(holder('student', (g) => g.programmeId === programme.id));
    expect((await stranger.post(`/api/rollouts/${created.body.id}/withdraw`, {})).status).toBe(403);
    // Anyone on the case may comment; others may not.
    expect((await api.post(`/api/rollouts/${created.body.id}/comments`, { comment: 'We could start with the buddy scheme.' })).status).toBe(201);
    expect((await stranger.post(`/api/rollouts/${created.body.id}/comments`, { comment: 'Me too' })).status).toBe(403);
    const timeline = (await api.get<{ timeline: { kind: string; comment: string | null }[] }>(`/api/rollouts/${created.body.id}`)).body.timeline;
    expect(timeline.filter((e) => e.kind === 'comment').map((e) => e.comment)).toEqual(['We could start with the buddy scheme.']);
    const withdrawn = await api.post<{ state: string }>(`/api/rollouts/${created.body.id}/withdraw`, { reason: 'We will wait a year' });
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body.state).toBe('withdrawn');
    expect((await api.post(`/api/rollouts/${created.body.id}/withdraw`, {})).status).toBe(409);
    const view = await api.get<{ openTasks: unknown[]; tasks: { status: string }[] }>(`/api/rollouts/${created.body.id}`);
    expect(view.body.openTasks).toEqual([]);
    expect(view.body.tasks.every((t) => t.status === 'cancelled')).toBe(true);
    // A new initiative for the programme is possible again.
    expect((await api.post('/api/rollouts', { programmeId: other.id, motivation: 'Trying again next year.', expectedStudentsPerYear: 8, initiatorCapacity: 'student' })).status).toBe(201);
  });

  it('tells the same people again about a second case on the same programme', async () => {
    const boa = (await (await ApiClient.as(system.apiUrl, everyone[0].id)).get<Programme[]>('/api/programmes')).body.find((p) => p.code === 'BOA')!;
    const initiator = holder('student', (g) => g.programmeId === boa.id);
    const facultyRep = holder('faculty_representative', (g) => g.facultyId === boa.faculty.id);
    const api = await as(initiator);
    const centralMailbox = 'cil-sentral@example.org';
    const submittedSubject = /^(New CIL initiative|Nytt CIL-initiativ): Bachelor (in Business Administration|i økonomi og administrasjon)$/;
    const withdrawnSubject = /^(The CIL initiative for Bachelor in Business Administration was withdrawn|CIL-initiativet for Bachelor i økonomi og administrasjon er trukket)$/;
    const mailsMatching = async (to: string, subject: RegExp) => (await allMail(system.mailboxUrl)).filter((m) => m.envelopeTo.includes(to) && subject.test(m.subject));
    const waitForCount = async (to: string, subject: RegExp, count: number) => {
      const deadline = Date.now() + 30_000;
      let found = await mailsMatching(to, subject);
      while (found.length < count && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 250));
        found = await mailsMatching(to, subject);
      }
      return found;
    };

    for (const round of [1, 2]) {
      const created = await api.post<{ id: string }>('/api/rollouts', { programmeId: boa.id, motivation: `Business students abroad, attempt ${round}.`, expectedStudentsPerYear: 12, initiatorCapacity: 'student' });
      expect(created.status).toBe(201);
      // The notice of this case is queued before the case is withdrawn.
      expect(await waitForCount(centralMailbox, submittedSubject, round)).toHaveLength(round);
      // In the first case, an approver holds a task e-mail when the case is withdrawn.
      let taskLink: string | undefined;
      if (round === 1) {
        const leader = holder('programme_leader', (g) => g.programmeId === boa.id);
        taskLink = linkIn(await waitForMail(system.mailboxUrl, (m) => m.envelopeTo.includes(leader.email) && linkIn(m) !== undefined, 30_000));
      }
      const withdrawn = await api.post<{ state: string }>(`/api/rollouts/${created.body.id}/withdraw`, { reason: `Not this semester (${round})` });
      expect(withdrawn.status).toBe(200);
      expect(await waitForCount(centralMailbox, withdrawnSubject, round)).toHaveLength(round);
      if (taskLink) {
        // The link of a task the withdrawal cancelled says so, and why; not "already decided".
        const page = await fetch(taskLink);
        const body = await page.text();
        expect(page.status).toBe(409);
        expect(body).toMatch(/This task was cancelled|Oppgaven er avlyst/);
        expect(body).toMatch(/The initiator withdrew the initiative|Initiativtakeren har trukket initiativet/);
        expect(body).not.toMatch(/already decided|allerede avgjort/);
      }
    }
    // Each case told each person once: two of each, never more.
    expect(await waitForCount(facultyRep.email, submittedSubject, 2)).toHaveLength(2);
    expect(await waitForCount(facultyRep.email, withdrawnSubject, 2)).toHaveLength(2);
    expect(await mailsMatching(centralMailbox, submittedSubject)).toHaveLength(2);
    expect(await mailsMatching(centralMailbox, withdrawnSubject)).toHaveLength(2);
  });

  it('answers 400 naming the fields of a bad initiative, and 401 without sign-in', async () => {
    const api = await ApiClient.as(system.apiUrl, everyone[0].id);
    const bad = await api.post<{ fields: { field: string }[] }>('/api/rollouts', { programmeId: 'nope', motivation: 'short', expectedStudentsPerYear: -1, initiatorCapacity: 'king' });
    expect(bad.status).toBe(400);
    expect(bad.body.fields.map((f) => f.field).sort()).toEqual(['expectedStudentsPerYear', 'initiatorCapacity', 'motivation', 'programmeId']);
    expect((await fetch(`${system.apiUrl}/api/tasks`)).status).toBe(401);
    expect((await fetch(`${system.apiUrl}/api/rollouts`, { method: 'POST' })).status).toBe(401);
  });
});
