import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { waitFor } from '../kit/wait.js';
import { checkEventSource, decideThroughLink, sendEvent, type Api, type Grant, type Mailbox, type Person } from './client.js';
import { DemoError, type EventSource } from './options.js';
import { MOTIVATION, PROPOSED_ACTIVITIES, REFLECTIONS, REPORT, REVISED_REPORT, REVISION_COMMENT } from './texts.js';

interface Programme {
  id: string;
  code: string;
  nameEn: string;
  faculty: { id: string; code: string };
  department: { id: string };
}

interface Certificate {
  id: string;
  stage: string;
  checklist: { key: string; met: boolean; text: { en: string } }[];
  participations: { id: string; activityId: string; status: string }[];
  diploma?: { verificationCode: string; verifyUrl: string; revoked: boolean } | null;
}

/** Rollout stages in which a programme has an open case (a new initiative would be refused). */
const ACTIVE_STAGES = ['anchoring', 'changes_requested', 'final_approval', 'local_group', 'development', 'open'];

interface Cast {
  programme: Programme;
  leader: Person;
  sectionHead: Person;
  head: Person;
  facultyRep: Person;
  admin: Person;
  coordinator: Person;
  academicStaff: Person;
  studentRep: Person;
  student: Person;
}

export interface StoryOptions {
  api: Api;
  mailbox: Mailbox;
  eventSource?: EventSource;
  /** Where the diploma PDF is written. */
  pdfDir: string;
  say: (line: string) => void;
}

export interface StoryResult {
  pdfPath: string;
  verifyUrl: string;
}

export class StepFailed extends DemoError {}

const viaLink = '(via the link in the e-mail)';
const isoDate = (d: Date) => d.toISOString().slice(0, 10);

/** Picks who plays which part on a programme, from the seeded organisation. */
function castFor(programme: Programme, everyone: Person[]): Cast {
  const holder = (role: string, label: string, where: (g: Grant) => boolean) => {
    const found = everyone.find((p) => p.roles.some((g) => g.role === role && where(g)));
    if (!found) throw new DemoError(`nobody is ${label} for ${programme.code}; the demo needs the seeded demo organisation`);
    return found;
  };
  const students = everyone.filter((p) => p.roles.some((g) => g.role === 'student' && g.programmeId === programme.id));
  if (students.length < 2) throw new DemoError(`${programme.code} needs two students (one to enrol, one for the local group); it has ${students.length}`);
  const student = students.find((p) => p.preferredLanguage === 'en') ?? students[0];
  // Staff without a role of their own; they may already sit on other programmes' local groups.
  const staff = everyone.filter((p) => p.roles.every((g) => g.role === 'local_group_member'));
  if (staff.length < 3) throw new DemoError(`the local group needs three staff members without other roles; the organisation has ${staff.length}`);
  return {
    programme,
    leader: holder('programme_leader', 'programme leader', (g) => g.programmeId === programme.id),
    sectionHead: holder('section_head', 'section head', (g) => g.facultyId === programme.faculty.id),
    head: holder('head_of_department', 'head of department', (g) => g.departmentId === programme.department.id),
    facultyRep: holder('faculty_representative', 'faculty representative', (g) => g.facultyId === programme.faculty.id),
    admin: staff[0],
    coordinator: staff[1],
    academicStaff: staff[2],
    studentRep: students.find((p) => p.id !== student.id)!,
    student,
  };
}

/**
 * The whole story, step by step, through the HTTP API and the e-mails the system sends: a
 * programme's rollout decided through task links, a local group and a catalogue, a student's three
 * activities, career course and presentation, a report revised and approved, to a diploma.
 */
export class Story {
  private everyone: Person[] = [];
  private candidates: Programme[] = [];
  private cast!: Cast;
  private rollout!: { id: string; workflowId: string };
  private activities!: Record<'cafe' | 'lectures' | 'buddy' | 'exchange', string>;
  private certificateId!: string;
  private meeting!: { id: string; scheduledAt: string };
  private diploma!: { verificationCode: string; verifyUrl: string };
  private pdfPath!: string;

  constructor(private readonly o: StoryOptions) {}

  private get api() {
    return this.o.api;
  }

  private get mailbox() {
    return this.o.mailbox;
  }

  /** Finds the people and the programmes without an open rollout; fails when none is left. */
  async prepare(): Promise<void> {
    await this.mailbox.messages().catch((err: Error) => {
      throw new DemoError(`${err.message}. The demo follows the links in the e-mails, so it needs the dev mailbox (npm start runs one unless SMTP_URL is set; see --mailbox)`);
    });
    if (this.o.eventSource) await checkEventSource(this.api, this.o.eventSource);
    this.everyone = await this.api.people();
    const anyone = this.everyone[0];
    const programmes = await this.api.get<Programme[]>(anyone, '/api/programmes');
    const used: string[] = [];
    for (const p of programmes) {
      const cases = await this.api.get<{ state: string }[]>(anyone, `/api/rollouts?programme=${encodeURIComponent(p.code)}`);
      if (cases.some((c) => ACTIVE_STAGES.includes(c.state))) used.push(p.code);
      else this.candidates.push(p);
    }
    if (!this.candidates.length) {
      throw new DemoError(
        `all ${programmes.length} programmes already have an open rollout (${used.join(', ')}), and the demo needs a fresh one. ` +
          'Start from empty data: stop the system, then run the demo with another DATA_DIR (or remove .data/).',
      );
    }
    this.o.say(`· ${programmes.length - used.length} of ${programmes.length} programmes have no open rollout; the demo takes the first of them`);
  }

  steps(): { doing: string; run: () => Promise<string> }[] {
    return [
      { doing: 'submitting the initiative', run: () => this.submitInitiative() },
      { doing: "deciding the programme leader's task", run: () => this.anchor('leader', 'programme leader') },
      { doing: "deciding the section head's task", run: () => this.anchor('sectionHead', 'section head') },
      { doing: 'giving the final approval', run: () => this.finalApproval() },
      { doing: 'registering the local group', run: () => this.registerLocalGroup() },
      { doing: 'publishing the catalogue', run: () => this.publishCatalogue() },
      { doing: 'enrolling the student', run: () => this.enrol() },
      { doing: 'confirming the language café', run: () => this.confirmedByTask('cafe', 'Language café', { sessions: 4 }, REFLECTIONS.cafe) },
      { doing: 'confirming the buddy scheme', run: () => this.confirmedByTask('buddy', 'Buddy scheme', { semesters: 1 }, REFLECTIONS.buddy) },
      { doing: 'adding the exchange semester', run: () => this.exchange() },
      { doing: 'recording the career course', run: () => this.milestone('career_course') },
      { doing: 'recording the presentation', run: () => this.milestone('presentation') },
      { doing: 'scheduling a review meeting', run: () => this.scheduleMeeting() },
      { doing: 'handing in the report', run: () => this.handInReport() },
      { doing: 'asking for a revision', run: () => this.askForRevision() },
      { doing: 'approving the revised report', run: () => this.approveRevised() },
      { doing: 'downloading and verifying the diploma', run: () => this.downloadAndVerify() },
    ];
  }

  /** Runs every step, printing each as it is done; a failure names the step. */
  async play(): Promise<StoryResult> {
    await this.prepare();
    const steps = this.steps();
    for (const [i, step] of steps.entries()) {
      let line: string;
      try {
        line = await step.run();
      } catch (err) {
        throw new StepFailed(`✗ ${i + 1}/${steps.length} ${step.doing}: ${(err as Error).message}`);
      }
      this.o.say(`✓ ${i + 1}/${steps.length} ${line}`);
    }
    return { pdfPath: this.pdfPath, verifyUrl: this.diploma.verifyUrl };
  }

  private async submitInitiative(): Promise<string> {
    for (const programme of this.candidates) {
      const cast = castFor(programme, this.everyone);
      const res = await this.api.send(cast.leader, 'POST', '/api/rollouts', {
        programmeId: programme.id,
        motivation: MOTIVATION,
        proposedActivities: PROPOSED_ACTIVITIES,
        expectedStudentsPerYear: 20,
        initiatorCapacity: 'programme_leader',
      });
      if (res.status === 409) continue; // someone else started one meanwhile: take the next
      if (res.status !== 201) throw new DemoError(`POST /api/rollouts answered ${res.status}: ${await res.text()}`);
      this.cast = cast;
      this.rollout = (await res.json()) as { id: string; workflowId: string };
      return `initiative for ${programme.nameEn} (${programme.code}) submitted by ${cast.leader.name}, programme leader`;
    }
    throw new DemoError('every programme without an open rollout got one while the demo was starting; run it again on fresh data');
  }

  /** Waits for the e-mail with the person's task link on this rollout, and decides through it. */
  private async decideRolloutTask(person: Person, what: string, fields: Record<string, string> | ((page: string) => Record<string, string>)): Promise<void> {
    const link = await this.mailbox.taskLink(person.email, what, (taskId) => taskId.startsWith(`${this.rollout.workflowId}:`));
    await decideThroughLink(this.api, link, fields);
  }

  private async anchor(who: 'leader' | 'sectionHead', title: string): Promise<string> {
    const person = this.cast[who];
    let hours = '';
    await this.decideRolloutTask(person, `the ${title}'s assessment`, (page) => {
      // Take the resource model's own estimate, as shown on the task page.
      const development = /id="estimate-development">([\d.]+) h/.exec(page)?.[1] ?? '40';
      const operation = /id="estimate-operation">([\d.]+) h/.exec(page)?.[1] ?? '12';
      hours = `${development} h to develop, ${operation} h per semester`;
      return { outcome: 'approve', developmentHours: development, operationHoursPerSemester: operation, covered: 'yes', assessmentComment: 'Covered within the budget for next year.' };
    });
    return `${title} ${person.name} approved ${viaLink}: ${hours}, resources covered`;
  }

  private async finalApproval(): Promise<string> {
    await this.decideRolloutTask(this.cast.head, 'the final approval', { outcome: 'approve', comment: 'Approved. Good luck with the rollout.' });
    return `head of department ${this.cast.head.name} gave the final approval ${viaLink}`;
  }

  private async registerLocalGroup(): Promise<string> {
    const { admin, coordinator, academicStaff, studentRep, facultyRep } = this.cast;
    const members = [
      [admin, 'administrative_resource', 'administrative resource'],
      [coordinator, 'academic_coordinator', 'academic coordinator'],
      [academicStaff, 'academic_staff', 'academic staff'],
      [studentRep, 'student', 'student'],
    ] as const;
    const fields: Record<string, string> = { outcome: 'register' };
    members.forEach(([person, seat], i) => Object.assign(fields, { [`member${i + 1}`]: person.id, [`seat${i + 1}`]: seat }));
    await this.decideRolloutTask(facultyRep, 'the local group registration', fields);
    await waitFor('the rollout to reach development', async () => {
      const view = await this.api.get<{ state: string }>(admin, `/api/rollouts/${this.rollout.id}`);
      return view.state === 'development' ? true : undefined;
    });
    return `local group registered by ${facultyRep.name}, faculty representative ${viaLink}: ${members.map(([p, , label]) => `${p.name} (${label})`).join(', ')}`;
  }

  private async publishCatalogue(): Promise<string> {
    const { admin, coordinator, academicStaff, studentRep, programme } = this.cast;
    const base = `/api/programmes/${programme.id}`;
    await this.api.post(admin, `${base}/development-records`, {
      kind: 'workshop',
      heldOn: isoDate(new Date()),
      attendees: [admin.id, coordinator.id, academicStaff.id, studentRep.id],
      outcome: 'Agreed on four activities for the first catalogue.',
    });
    const add = async (body: Record<string, unknown>) => (await this.api.post<{ id: string }>(admin, `${base}/catalogue`, body)).id;
    this.activities = {
      cafe: await add({ name: 'Language café', description: 'Conversation in other languages with international students', category: 'home', minimumSessions: 3 }),
      lectures: await add({ name: 'Guest lectures', description: 'Lectures by international guests', category: 'home', minimumSessions: 3 }),
      buddy: await add({ name: 'Buddy scheme', description: 'Buddy for incoming exchange students', category: 'home', minimumSemesters: 1 }),
      exchange: await add({ name: 'Exchange semester', description: 'A semester at a partner university', category: 'abroad', minimumSemesters: 1, source: 'exchange agreements' }),
    };
    const published = await this.api.post<{ state: string; enrolmentOpen: boolean }>(admin, `${base}/publish`);
    if (!published.enrolmentOpen) throw new DemoError(`publishing answered state "${published.state}" with enrolment still closed`);
    return `catalogue published by ${admin.name}: Language café, Guest lectures, Buddy scheme, Exchange semester; ${programme.code} is open for enrolment`;
  }

  private async enrol(): Promise<string> {
    const { student, programme } = this.cast;
    const enrolled = await this.api.post<{ id: string }>(student, '/api/certificates', { programmeId: programme.id });
    this.certificateId = enrolled.id;
    await this.mailbox.waitFor(`the welcome e-mail to ${student.email}`, (m) => m.envelopeTo.includes(student.email) && /(Velkommen|Welcome)/.test(m.subject));
    return `${student.name} enrolled in CIL and got the welcome e-mail`;
  }

  private async recordParticipation(activity: keyof Story['activities'], started: Date, ended: Date, scope: { sessions?: number; semesters?: number }, reflection: string, description: string): Promise<string> {
    const res = await this.api.post<{ participationId: string }>(this.cast.student, `/api/certificates/${this.certificateId}/participations`, {
      activityId: this.activities[activity],
      startedOn: isoDate(started),
      endedOn: isoDate(ended),
      description,
      reflection,
      ...scope,
    });
    return res.participationId;
  }

  private async confirmThroughTask(participationId: string, name: string): Promise<void> {
    const link = await this.mailbox.taskLink(this.cast.admin.email, `the confirmation of ${name}`, (taskId) => taskId.endsWith(`:confirm:${participationId}`));
    await decideThroughLink(this.api, link, { outcome: 'confirm' });
    await waitFor(`${name} to be confirmed`, async () => ((await this.certificate()).participations.find((p) => p.id === participationId)?.status === 'confirmed' ? true : undefined));
  }

  private async confirmedByTask(activity: 'cafe' | 'buddy' | 'exchange', name: string, scope: { sessions?: number; semesters?: number }, reflection: string): Promise<string> {
    const year = new Date().getUTCFullYear();
    const dates: Record<typeof activity, [Date, Date]> = {
      cafe: [new Date(Date.UTC(year, 0, 15)), new Date(Date.UTC(year, 3, 30))],
      buddy: [new Date(Date.UTC(year, 0, 8)), new Date(Date.UTC(year, 5, 20))],
      exchange: [new Date(Date.UTC(year - 1, 7, 15)), new Date(Date.UTC(year - 1, 11, 20))],
    };
    const [started, ended] = dates[activity];
    const what = scope.sessions ? `${scope.sessions} sessions` : `${scope.semesters} semester`;
    const id = await this.recordParticipation(activity, started, ended, scope, reflection, `${name}: ${what}`);
    await this.confirmThroughTask(id, name);
    return `${name} (${what}) recorded by the student and confirmed by ${this.cast.admin.name}, administrative resource ${viaLink}`;
  }

  private async exchange(): Promise<string> {
    const source = this.o.eventSource;
    if (!source) {
      const line = await this.confirmedByTask('exchange', 'Exchange semester', { semesters: 1 }, REFLECTIONS.exchange);
      await this.activitiesMet();
      return `${line}; no event source given (--event-source), so the exchange came as a task too`;
    }
    const year = new Date().getUTCFullYear();
    const { status, body } = await sendEvent(this.api, source, {
      idempotencyKey: `exchange-${this.certificateId}`,
      type: 'exchange_completed',
      studentEmail: this.cast.student.email,
      programmeCode: this.cast.programme.code,
      activityId: this.activities.exchange,
      semesters: 1,
      startedOn: `${year - 1}-08-15`,
      endedOn: `${year - 1}-12-20`,
      occurredAt: new Date().toISOString(),
    });
    if (status !== 200 || body.status !== 'accepted') throw new DemoError(`the exchange event was not accepted: ${body.message ?? body.status}`);
    const met = await this.activitiesMet();
    return `Exchange semester arrived as a signed event from "${source.name}"; ${met}`;
  }

  /** Waits until three different activities count, and answers the checklist's words for it. */
  private async activitiesMet(): Promise<string> {
    return waitFor('three confirmed activities on the checklist', async () => {
      const item = (await this.certificate()).checklist.find((c) => c.key === 'activities');
      return item?.met ? item.text.en.replace(/\.$/, '') : undefined;
    });
  }

  private certificate(as: Person = this.cast.student): Promise<Certificate> {
    return this.api.get<Certificate>(as, `/api/certificates/${this.certificateId}`);
  }

  private async milestone(kind: 'career_course' | 'presentation'): Promise<string> {
    const { coordinator, student } = this.cast;
    await this.api.post(coordinator, `/api/certificates/${this.certificateId}/milestones`, { kind });
    if (kind === 'career_course') return `career course recorded by ${coordinator.name}, academic coordinator`;
    await this.mailbox.waitFor(`the e-mail asking ${student.email} for the report`, (m) => m.envelopeTo.includes(student.email) && /(refleksjonsnotatet|reflection report)/.test(m.subject));
    const view = await waitFor('the certificate to wait for the report', async () => {
      const c = await this.certificate();
      return c.stage === 'report_due' ? c : undefined;
    });
    const open = view.checklist.filter((c) => !c.met).map((c) => c.key);
    if (open.length > 1) throw new DemoError(`still not met: ${open.join(', ')}`);
    return `presentation recorded by ${coordinator.name}; every requirement met, and the student was asked for the report by e-mail`;
  }

  private async scheduleMeeting(): Promise<string> {
    const at = new Date(Date.now() + 14 * 24 * 3600_000);
    at.setUTCHours(9, 0, 0, 0);
    this.meeting = await this.api.post<{ id: string; scheduledAt: string }>(this.cast.admin, `/api/programmes/${this.cast.programme.id}/review-meetings`, {
      scheduledAt: at.toISOString(),
      location: 'Pilestredet 46, room 330',
    });
    const when = new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/Oslo' }).format(new Date(this.meeting.scheduledAt));
    return `review meeting scheduled by ${this.cast.admin.name} for ${when}`;
  }

  private async handIn(text: string): Promise<{ meeting: { id: string } }> {
    return this.api.post<{ meeting: { id: string }; stage: string }>(this.cast.student, `/api/certificates/${this.certificateId}/report`, { text });
  }

  private async handInReport(): Promise<string> {
    const submitted = await this.handIn(REPORT);
    if (submitted.meeting.id !== this.meeting.id) throw new DemoError(`the report joined meeting ${submitted.meeting.id}, not the one just scheduled`);
    const agenda = await this.api.get<{ reports: { certificateId: string }[] }>(this.cast.admin, `/api/review-meetings/${this.meeting.id}/agenda`);
    if (!agenda.reports.some((r) => r.certificateId === this.certificateId)) throw new DemoError("the report is not on the meeting's agenda");
    return `report (${REPORT.length} characters) handed in by ${this.cast.student.name}; it is on the meeting's agenda`;
  }

  private decide(as: Person, outcome: 'approve' | 'revise', comment?: string) {
    return this.api.post<{ stage: string }>(as, `/api/review-meetings/${this.meeting.id}/decisions`, { certificateId: this.certificateId, outcome, ...(comment ? { comment } : {}) });
  }

  private async askForRevision(): Promise<string> {
    const { admin, student } = this.cast;
    await this.decide(admin, 'revise', REVISION_COMMENT);
    await this.mailbox.waitFor(`the revision e-mail to ${student.email}`, (m) => m.envelopeTo.includes(student.email) && /(revisjon|revision)/.test(m.subject) && m.text.includes(REVISION_COMMENT));
    return `the local group asked for a revision; ${student.name} got the comment by e-mail`;
  }

  private async approveRevised(): Promise<string> {
    const { academicStaff, student } = this.cast;
    await this.handIn(REVISED_REPORT);
    const decided = await this.decide(academicStaff, 'approve');
    if (decided.stage !== 'completed') throw new DemoError(`the approval left the certificate in stage "${decided.stage}"`);
    this.diploma = await waitFor('the diploma to be issued', async () => (await this.certificate()).diploma ?? undefined);
    await this.mailbox.waitFor(`the diploma e-mail to ${student.email}`, (m) => m.envelopeTo.includes(student.email) && m.attachments.some((a) => a.contentType === 'application/pdf'));
    return `revised report approved by ${academicStaff.name}; diploma ${this.diploma.verificationCode} issued and e-mailed as a PDF`;
  }

  private async downloadAndVerify(): Promise<string> {
    const { student } = this.cast;
    const res = await this.api.send(student, 'GET', `/api/certificates/${this.certificateId}/diploma.pdf`, undefined, 'application/pdf');
    const pdf = Buffer.from(await res.arrayBuffer());
    if (!res.ok || pdf.subarray(0, 5).toString() !== '%PDF-') throw new DemoError(`GET diploma.pdf answered ${res.status} without a PDF`);
    mkdirSync(this.o.pdfDir, { recursive: true });
    this.pdfPath = join(this.o.pdfDir, `cil-diploma-${this.diploma.verificationCode}.pdf`);
    writeFileSync(this.pdfPath, pdf);
    const verify = await fetch(this.api.url(new URL(this.diploma.verifyUrl).pathname), { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(30_000) });
    const verdict = (await verify.json()) as { valid: boolean; reason?: string; certifies?: { activities?: { name: string }[] } };
    if (!verdict.valid) throw new DemoError(`the verification page says the diploma is not valid (${verdict.reason})`);
    return `diploma downloaded (${Math.round(pdf.length / 1024)} KiB) and verified: valid, ${student.name}, ${verdict.certifies?.activities?.length ?? 3} activities`;
  }
}
