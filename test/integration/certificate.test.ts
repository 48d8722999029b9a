import { gunzipSync } from 'node:zlib';
import { jest } from '@jest/globals';
import { Ajv2019 } from 'ajv/dist/2019.js';
import ajvFormats from 'ajv-formats';
import { Client, Connection } from '@temporalio/client';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify, type JSONWebKeySet } from 'jose';
import { signEvent } from '../../services/features/certificates/events.service.js';
import { ApiClient, people, type Person } from '../support/api.js';
import { decideMyTask, openProgramme } from '../support/journeys.js';
import { allMail, waitForMail } from '../support/mailbox.js';
import { rawHistoryText } from '../support/temporal.js';
import { startSystem, type RunningSystem } from '../support/system.js';

jest.setTimeout(240_000);

const SOURCE = 'exchange-system';
const SECRET = 'exchange-system-shared-secret-0123456789';

describe("a student's certificate over HTTP, events, e-mail, Temporal and PostgreSQL", () => {
  let system: RunningSystem;
  let everyone: Person[];

  beforeAll(async () => {
    system = await startSystem({ env: { EVENT_SOURCES: `${SOURCE}:${SECRET}`, REFLECTION_MIN_CHARS: '40', REPORT_MIN_CHARS: '80', AGENDA_DAYS_BEFORE: '400' } });
    everyone = await people(system.apiUrl);
  });
  afterAll(async () => {
    await system?.stop();
  });

  const send = (body: Record<string, unknown>, options: { secret?: string; timestamp?: number; source?: string } = {}) => {
    const raw = JSON.stringify(body);
    const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
    return fetch(`${system.apiUrl}/api/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-cil-source': options.source ?? SOURCE, 'x-cil-timestamp': timestamp, 'x-cil-signature': signEvent(options.secret ?? SECRET, timestamp, raw) },
      body: raw,
    });
  };

  const verifyPresented = async (credential: string) => {
    const res = await fetch(`${system.apiUrl}/api/credentials/verify`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ credential }) });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  /** Posts the verification page's form (urlencoded or multipart), as a browser does. */
  const postPage = async (body: URLSearchParams | FormData, cookie?: string) => {
    const res = await fetch(`${system.apiUrl}/verify`, { method: 'POST', headers: { accept: 'text/html', ...(cookie ? { cookie } : {}) }, body });
    return { status: res.status, html: await res.text() };
  };
  const fileForm = (text: string) => {
    const data = new FormData();
    data.append('file', new Blob([text], { type: 'application/octet-stream' }), 'cil-credential.jwt');
    return data;
  };
  /**
   * Whether a credential is revoked, found as a third party finds it, with nothing of ours: its
   * `credentialStatus` names a status list credential; fetch it over HTTP, check its signature
   * against the JWKS, inflate its bits, read the credential's bit (W3C Bitstring Status List v1.0).
   */
  const revokedPerStatusList = async (jwt: string): Promise<boolean> => {
    const { vc } = JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString()) as { vc: { credentialStatus: { type: string; statusPurpose: string; statusListIndex: string; statusListCredential: string } } };
    expect(vc.credentialStatus).toMatchObject({ type: 'BitstringStatusListEntry', statusPurpose: 'revocation' });
    const res = await fetch(`${system.apiUrl}${new URL(vc.credentialStatus.statusListCredential).pathname}`);
    expect({ status: res.status, type: res.headers.get('content-type') }).toEqual({ status: 200, type: expect.stringMatching(/^application\/vc\+jwt/) as unknown });
    const jwks = (await (await fetch(`${system.apiUrl}/.well-known/jwks.json`)).json()) as JSONWebKeySet;
    const { payload } = await jwtVerify(await res.text(), createLocalJWKSet(jwks), { algorithms: ['EdDSA'] });
    const list = (payload as { vc: { type: string[]; credentialSubject: { statusPurpose: string; encodedList: string } } }).vc;
    expect({ type: list.type, purpose: list.credentialSubject.statusPurpose }).toEqual({ type: ['VerifiableCredential', 'BitstringStatusListCredential'], purpose: 'revocation' });
    const bits = gunzipSync(Buffer.from(list.credentialSubject.encodedList.slice(1), 'base64url'));
    const index = Number(vc.credentialStatus.statusListIndex);
    return (bits[Math.floor(index / 8)] & (0x80 >> index % 8)) !== 0;
  };

  /** One character of the payload changed (a signature's last character may carry only padding bits). */
  const alterOneCharacter = (jwt: string) => {
    const [header, payload] = jwt.split('.');
    const at = header.length + 1 + Math.floor(payload.length / 2);
    return `${jwt.slice(0, at)}${jwt[at] === 'A' ? 'B' : 'A'}${jwt.slice(at + 1)}`;
  };

  it('goes from enrolment to a verifiable diploma, with a revised report on the way', async () => {
    const staff = everyone.filter((p) => p.roles.length === 0);
    const programmeStudents = (code: string) => everyone.filter((p) => p.roles.some((g) => g.role === 'student' && g.programmeId === programmeId(code)));
    let programmes: { id: string; code: string }[] = [];
    const programmeId = (code: string) => programmes.find((p) => p.code === code)?.id;
    programmes = (await (await ApiClient.as(system.apiUrl, everyone[0].id)).get<{ id: string; code: string }[]>('/api/programmes')).body;
    const [student, studentRep] = programmeStudents('BSYK');
    const group = { admin: staff[0], coordinator: staff[1], staff: staff[2], student: studentRep };
    const { programme, activities } = await openProgramme(system.apiUrl, everyone, 'BSYK', group);
    const studentApi = await ApiClient.as(system.apiUrl, student.id);

    // Enrolment: idempotent; only the programme's students.
    const enrolled = await studentApi.post<{ id: string; created: boolean }>('/api/certificates', { programmeId: programme.id });
    expect(enrolled.status).toBe(201);
    const again = await studentApi.post<{ id: string; created: boolean }>('/api/certificates', { programmeId: programme.id });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(enrolled.body.id);
    const outsider = everyone.find((p) => p.roles.some((g) => g.role === 'student' && g.programmeId !== programme.id))!;
    expect((await (await ApiClient.as(system.apiUrl, outsider.id)).post('/api/certificates', { programmeId: programme.id })).status).toBe(403);
    const id = enrolled.body.id;
    const welcome = await waitForMail(system.mailboxUrl, (m) => m.envelopeTo.includes(student.email) && /(Velkommen|Welcome)/.test(m.subject));
    expect(welcome.text).toMatch(/(tre ulike aktiviteter|three different activities)/);

    // Participations, with a reflection of the minimum length.
    const reflection = 'I learnt to explain my field in another language, and to listen better.';
    const short = await studentApi.post<{ fields: { field: string }[] }>(`/api/certificates/${id}/participations`, { activityId: activities.cafe, startedOn: '2027-01-10', endedOn: '2027-03-01', description: 'Four meetings', reflection: 'Too short', sessions: 4 });
    expect(short.status).toBe(400);
    expect(short.body.fields.map((f) => f.field)).toEqual(['reflection']);
    const cafe = await studentApi.post<{ participationId: string }>(`/api/certificates/${id}/participations`, { activityId: activities.cafe, startedOn: '2027-01-10', endedOn: '2027-03-01', description: 'Four meetings', reflection, sessions: 4 });
    expect(cafe.status).toBe(201);
    expect((await studentApi.post(`/api/certificates/${id}/participations`, { activityId: activities.lectures, startedOn: '2027-02-01', endedOn: '2027-04-01', description: 'Two lectures', reflection, sessions: 2 })).status).toBe(201);

    // The administrative resource confirms both; the lectures stay below their minimum and do not count.
    const admin = await ApiClient.as(system.apiUrl, group.admin.id);
    await waitForMail(system.mailboxUrl, (m) => m.envelopeTo.includes(group.admin.email) && /\/tasks\//.test(m.text));
    await decideMyTask(admin, 'confirm_participation', { outcome: 'confirm' });
    await decideMyTask(admin, 'confirm_participation', { outcome: 'confirm' });
    // A second record of the café is a repeat: confirmed, and named as such, not as short of a minimum.
    const cafeAgain = await studentApi.post<{ participationId: string }>(`/api/certificates/${id}/participations`, { activityId: activities.cafe, startedOn: '2027-03-10', endedOn: '2027-05-01', description: 'Four more meetings', reflection, sessions: 4 });
    expect(cafeAgain.status).toBe(201);
    await decideMyTask(admin, 'confirm_participation', { outcome: 'confirm' });

    // An exchange arrives from the exchange system: signed, de-duplicated, kept when rejected.
    const exchange = { idempotencyKey: 'exch-1001', type: 'exchange_completed', studentEmail: student.email, programmeCode: 'BSYK', activityId: activities.exchange, semesters: 1, startedOn: '2027-08-15', endedOn: '2027-12-20', occurredAt: new Date().toISOString() };
    expect((await send(exchange, { secret: 'wrong-secret-wrong-secret-0000' })).status).toBe(401);
    expect((await send(exchange, { timestamp: Math.floor(Date.now() / 1000) - 3600 })).status).toBe(401);
    expect((await send(exchange, { source: 'nobody' })).status).toBe(401);
    const accepted = await send(exchange);
    expect(accepted.status).toBe(200);
    expect(await accepted.json()).toMatchObject({ status: 'accepted', certificateId: id });
    const duplicate = await send(exchange);
    expect(duplicate.status).toBe(200);
    expect(await duplicate.json()).toMatchObject({ status: 'duplicate' });
    const unknown = await send({ ...exchange, idempotencyKey: 'exch-1002', studentEmail: 'nobody@example.org' });
    expect(unknown.status).toBe(422);
    expect(await unknown.json()).toMatchObject({ statusCode: 422, message: 'unknown student' });
    expect((await send({ ...exchange, idempotencyKey: 'exch-1002', studentEmail: 'nobody@example.org' })).status).toBe(200); // kept: a repeat is a no-op
    expect((await send({ ...exchange, idempotencyKey: 'course-1', type: 'career_course_completed', activityId: undefined })).status).toBe(200);

    // A proposal becomes a local-group task, and an approved one joins the catalogue.
    const proposed = await studentApi.post<{ proposalId: string }>(`/api/certificates/${id}/proposals`, { name: 'Intercultural workshop', description: 'A one-day workshop with exchange students', category: 'home' });
    expect(proposed.status).toBe(201);
    await decideMyTask(admin, 'assess_activity_proposal', { outcome: 'approve' });
    await waitForMail(system.mailboxUrl, (m) => m.envelopeTo.includes(student.email) && /(godkjent|approved): Intercultural workshop/.test(m.subject));
    const catalogue = await studentApi.get<{ name: string; category: string }[]>(`/api/programmes/${programme.id}/catalogue`);
    expect(catalogue.body.map((a) => a.name)).toContain('Intercultural workshop');

    // Not yet: two distinct activities count (the lectures are below their minimum), no presentation.
    let progress = await studentApi.get<{ stage: string; checklist: { key: string; met: boolean; text: { en: string } }[] }>(`/api/certificates/${id}`);
    expect(progress.body.stage).toBe('collecting');
    expect(progress.body.checklist.filter((c) => !c.met).map((c) => c.key)).toEqual(['activities', 'presentation']);
    expect(progress.body.checklist[0].text.en).toBe('2 of 3 different activities are confirmed; 1 to go. An activity recorded more than once counts once.');
    const reasons = (await studentApi.get<{ participations: { id: string; activityId: string; notCountedReason: string | null }[] }>(`/api/certificates/${id}`)).body.participations;
    expect(reasons.find((x) => x.id === cafe.body.participationId)?.notCountedReason).toBeNull();
    expect(reasons.find((x) => x.id === cafeAgain.body.participationId)?.notCountedReason).toBe('repeat');
    expect(reasons.find((x) => x.activityId === activities.lectures)?.notCountedReason).toBe('below_minimum');
    const studentPage = await (await fetch(`${system.apiUrl}/certificates/${id}`, { headers: { authorization: `Bearer ${studentApi.token}` } })).text();
    expect(studentPage).toMatch(/a repeat of an activity that counts already: counts once|samme aktivitet er godkjent fra før: teller én gang/);
    expect(studentPage).toMatch(/below the activity’s minimum: does not count|under aktivitetens minimum: teller ikke/);

    // A buddy scheme for a semester, confirmed; the presentation recorded by the coordinator.
    await studentApi.post(`/api/certificates/${id}/participations`, { activityId: activities.buddy, startedOn: '2027-01-10', endedOn: '2027-06-20', description: 'Buddy for two students', reflection, semesters: 1 });
    await decideMyTask(admin, 'confirm_participation', { outcome: 'confirm' });
    expect((await studentApi.post(`/api/certificates/${id}/milestones`, { kind: 'presentation' })).status).toBe(403);
    expect((await (await ApiClient.as(system.apiUrl, group.coordinator.id)).post(`/api/certificates/${id}/milestones`, { kind: 'presentation' })).status).toBe(201);

    // Everything met: the student is asked for the report, by the system itself.
    await waitForMail(system.mailboxUrl, (m) => m.envelopeTo.includes(student.email) && /(refleksjonsnotatet|reflection report)/.test(m.subject));
    progress = await studentApi.get(`/api/certificates/${id}`);
    expect(progress.body.stage).toBe('report_due');
    expect(progress.body.checklist.every((c) => c.met)).toBe(true);

    // Handed in before any meeting is scheduled, the report waits, and the group is told; the next meeting takes it.
    const report = 'My final reflection: '.padEnd(120, 'x');
    expect((await studentApi.post(`/api/certificates/${id}/report`, { text: 'short' })).status).toBe(400);
    const submitted = await studentApi.post<{ meeting: { id: string } | null; stage: string }>(`/api/certificates/${id}/report`, { text: report });
    expect(submitted.status).toBe(201);
    expect(submitted.body).toMatchObject({ stage: 'in_review', meeting: null });
    for (const member of [group.admin, group.coordinator, group.staff, group.student]) {
      await waitForMail(system.mailboxUrl, (m) => m.envelopeTo.includes(member.email) && /(venter på et vurderingsmøte|waits for a review meeting)/.test(m.subject));
    }
    const year = new Date().getUTCFullYear() + 1;
    const m1 = await admin.post<{ id: string }>(`/api/programmes/${programme.id}/review-meetings`, { scheduledAt: `${year}-03-01T10:00:00Z` });
    const m2 = await admin.post<{ id: string }>(`/api/programmes/${programme.id}/review-meetings`, { scheduledAt: `${year}-09-01T10:00:00Z` });
    // With AGENDA_DAYS_BEFORE=400 the agenda is due at once: each group member gets it, once.
    for (const member of [group.admin, group.coordinator, group.staff, group.student]) {
      await waitForMail(system.mailboxUrl, (m) => m.envelopeTo.includes(member.email) && /^(Sakliste|Agenda): /.test(m.subject) && m.text.includes(m1.body.id));
    }
    const agenda = await admin.get<{ reports: { certificateId: string }[] }>(`/api/review-meetings/${m1.body.id}/agenda`);
    expect(agenda.body.reports.map((r) => r.certificateId)).toEqual([id]);

    // Only the group decides, and only on that meeting's agenda; a revision goes back to the student.
    const decide = (api: ApiClient, meetingId: string, body: Record<string, unknown>) => api.post<{ stage: string }>(`/api/review-meetings/${meetingId}/decisions`, { certificateId: id, ...body });
    expect((await decide(await ApiClient.as(system.apiUrl, outsider.id), m1.body.id, { outcome: 'approve' })).status).toBe(403);
    expect((await decide(admin, m2.body.id, { outcome: 'approve' })).status).toBe(409);
    expect((await decide(admin, m1.body.id, { outcome: 'revise' })).status).toBe(400);
    expect((await decide(admin, m1.body.id, { outcome: 'revise', comment: 'Say more about what you learnt abroad.' })).body.stage).toBe('report_due');
    const revise = await waitForMail(system.mailboxUrl, (m) => m.envelopeTo.includes(student.email) && /(revisjon|revision)/.test(m.subject));
    expect(revise.text).toContain('Say more about what you learnt abroad.');
    expect((await studentApi.post(`/api/certificates/${id}/report`, { text: `${report} and more about the exchange` })).status).toBe(201);
    expect((await decide(await ApiClient.as(system.apiUrl, group.staff.id), m1.body.id, { outcome: 'approve' })).body.stage).toBe('completed');

    // The diploma: e-mailed as a PDF, downloadable, with a credential, verifiable by anyone.
    const diplomaMail = await waitForMail(system.mailboxUrl, (m) => m.envelopeTo.includes(student.email) && m.attachments.some((a) => a.contentType === 'application/pdf'));
    expect(diplomaMail.attachments[0].filename).toMatch(/^cil-diploma-CIL-/);
    const done = await studentApi.get<{ stage: string; diploma: { verificationCode: string; verifyUrl: string } }>(`/api/certificates/${id}`);
    expect(done.body.stage).toBe('completed');
    const { verificationCode, verifyUrl } = done.body.diploma;
    const pdf = await fetch(`${system.apiUrl}/api/certificates/${id}/diploma.pdf`, { headers: { authorization: `Bearer ${studentApi.token}` } });
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
    const jwt = await (await fetch(`${system.apiUrl}/api/certificates/${id}/credential`, { headers: { authorization: `Bearer ${studentApi.token}` } })).text();
    const payload = JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString()) as { vc: { type: string[]; credentialSubject: { achievement: { name: string } } } };
    expect(payload.vc.type).toEqual(['VerifiableCredential', 'OpenBadgeCredential']);
    expect(JSON.parse(Buffer.from(jwt.split('.')[0], 'base64url').toString())).toMatchObject({ alg: 'EdDSA' });

    const verifyPath = new URL(verifyUrl).pathname;
    const verified: unknown = await (await fetch(`${system.apiUrl}${verifyPath}`, { headers: { accept: 'application/json' } })).json();
    expect(verified).toMatchObject({ valid: true, verificationCode, certifies: { student: { name: student.name }, careerCourse: true, presentation: true } });
    expect((verified as { certifies: { activities: { name: string }[] } }).certifies.activities.map((a) => a.name).sort()).toEqual(['Buddy scheme', 'Exchange semester', 'Language café']);
    const htmlPage = await fetch(`${system.apiUrl}${verifyPath}`);
    expect(htmlPage.status).toBe(200);
    expect(await htmlPage.text()).toMatch(/Gyldig diplom · Valid diploma/);
    expect((await (await fetch(`${system.apiUrl}/verify/CIL-AAAA-BBBB-CCCC`, { headers: { accept: 'application/json' } })).json())).toMatchObject({ valid: false, reason: 'unknown' });

    // The credential as the student presents it, verified by anyone: the API, the page, or their own code with the JWKS.
    const presented = await verifyPresented(jwt);
    expect(presented.status).toBe(200);
    expect(presented.body).toMatchObject({ valid: true, reasons: [], revoked: false, verificationCode, subject: { name: student.name }, issuedOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) as unknown });
    const tampered = alterOneCharacter(jwt);
    expect((await verifyPresented(tampered)).body).toMatchObject({ valid: false, reasons: [expect.objectContaining({ code: 'signature' })] });
    for (const body of [{}, { credential: 42 }, { credential: 'x'.repeat(20_001) }]) {
      const refused = await fetch(`${system.apiUrl}/api/credentials/verify`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      expect({ status: refused.status, fields: ((await refused.json()) as { fields?: { field: string }[] }).fields?.map((f) => f.field) }).toEqual({ status: 400, fields: ['credential'] });
    }
    const jwks = (await (await fetch(`${system.apiUrl}/.well-known/jwks.json`)).json()) as JSONWebKeySet;
    expect(jwks.keys.map((k) => k.kid)).toContain(decodeProtectedHeader(jwt).kid);
    expect((await jwtVerify(jwt, createLocalJWKSet(jwks), { algorithms: ['EdDSA'] })).payload.jti).toBe(verifyUrl);
    // It validates against the JSON schema it names (any validator will do), and its issuer's profile resolves.
    const { vc } = JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString()) as { vc: { credentialSchema: { id: string }[]; issuer: { id: string; name: string } } };
    const schema = (await (await fetch(`${system.apiUrl}${new URL(vc.credentialSchema[0].id).pathname}`)).json()) as object;
    const ajv = new Ajv2019({ strict: false });
    ajvFormats.default(ajv);
    const validate = ajv.compile(schema);
    expect({ valid: validate(vc), errors: validate.errors ?? null }).toEqual({ valid: true, errors: null });
    expect(validate({ ...vc, evidence: [{ type: ['Evidence'], name: 'x', description: 'y', narrative: 'a reflection' }] })).toBe(false);
    expect(await (await fetch(`${system.apiUrl}${new URL(vc.issuer.id).pathname}`)).json()).toMatchObject({ id: vc.issuer.id, type: ['Profile'], name: vc.issuer.name });
    expect(await revokedPerStatusList(jwt)).toBe(false);
    expect((await fetch(`${system.apiUrl}/credentials/status/999`)).status).toBe(404);
    expect((await fetch(`${system.apiUrl}/credentials/status/20000`)).status).toBe(404); // beyond what a status index reaches: no 500
    expect((await fetch(`${system.apiUrl}/credentials/status/x`)).status).toBe(404);

    // The page: a paste box and a file upload; the verdict in Norwegian and English.
    const form = await fetch(`${system.apiUrl}/verify`);
    const formHtml = await form.text();
    expect(form.status).toBe(200);
    expect(formHtml).toMatch(/<textarea[^>]+name="credential"/);
    expect(formHtml).toMatch(/<form method="post" action="\/verify" enctype="multipart\/form-data">[\s\S]*<input type="file"[^>]+name="file"/);
    const pasted = await postPage(new URLSearchParams({ credential: jwt }));
    expect(pasted.status).toBe(200);
    expect(pasted.html).toContain('Gyldig diplom · Valid diploma');
    expect(pasted.html).toContain(student.name);
    const pastedTampered = await postPage(new URLSearchParams({ credential: tampered }));
    expect(pastedTampered.html).toContain('Ikke gyldig · Not valid');
    expect(pastedTampered.html).toContain('(signature)');
    expect(pastedTampered.html).not.toContain(student.name); // what an altered credential claims is not shown
    const uploaded = await postPage(fileForm(jwt));
    expect(uploaded.status).toBe(200);
    expect(uploaded.html).toContain('Gyldig diplom · Valid diploma');
    const tooLarge = await postPage(fileForm('x'.repeat(101 * 1024)));
    expect({ status: tooLarge.status, larger: tooLarge.html.includes('larger than 100 kB') }).toEqual({ status: 413, larger: true });
    expect((await postPage(new URLSearchParams({ credential: '' }))).status).toBe(400);
    // Signed in (a session cookie): the pasted form needs its CSRF token, as every form; the upload
    // (multipart, read in the route, after the CSRF check) changes nothing and is answered without one.
    const session = `cil_session=${studentApi.token}`;
    const signedInForm = await fetch(`${system.apiUrl}/verify`, { headers: { cookie: session } });
    const csrfCookie = signedInForm.headers.getSetCookie().find((c) => c.startsWith('cil_csrf='))?.split(';')[0] ?? '';
    const csrfToken = (await signedInForm.text()).match(/name="_csrf" value="([^"]+)"/)?.[1] ?? '';
    expect((await postPage(new URLSearchParams({ credential: jwt }), session)).status).toBe(403);
    const withToken = await postPage(new URLSearchParams({ credential: jwt, _csrf: csrfToken }), `${session}; ${csrfCookie}`);
    expect({ status: withToken.status, valid: withToken.html.includes('Gyldig diplom') }).toEqual({ status: 200, valid: true });
    expect((await postPage(fileForm(jwt), session)).html).toContain('Gyldig diplom · Valid diploma');

    // The central group revokes it, with a reason.
    const central = everyone.find((p) => p.roles.some((g) => g.role === 'central_group_member'))!;
    expect((await studentApi.post(`/api/diplomas/${verificationCode}/revoke`, { reason: 'mine' })).status).toBe(403);
    expect((await (await ApiClient.as(system.apiUrl, central.id)).post(`/api/diplomas/${verificationCode}/revoke`, { reason: 'Issued in error' })).status).toBe(200);
    const publicAnswer = (await (await fetch(`${system.apiUrl}${verifyPath}`, { headers: { accept: 'application/json' } })).json()) as Record<string, unknown>;
    expect(publicAnswer).toMatchObject({ valid: false, reason: 'revoked' });
    expect(publicAnswer).not.toHaveProperty('revocationReason'); // the central group's reason is not for the public
    const publicPage = await (await fetch(`${system.apiUrl}${verifyPath}`)).text();
    expect(publicPage).toContain('The issuer has revoked this diploma.');
    expect(publicPage).not.toContain('Issued in error');
    // The presented credential is revoked too: in the status list as any third party reads it, by the API and on the page.
    expect(await revokedPerStatusList(jwt)).toBe(true);
    expect((await verifyPresented(jwt)).body).toMatchObject({ valid: false, revoked: true, reasons: [expect.objectContaining({ code: 'revoked' })] });
    const revokedPage = await postPage(new URLSearchParams({ credential: jwt }));
    expect(revokedPage.html).toContain('Trukket tilbake · Revoked');
    expect(revokedPage.html).toContain('The issuer has revoked this diploma.');
    // The student is told, with the reason: by e-mail and on their timeline, once each (a repeat is 409 and adds nothing).
    expect((await (await ApiClient.as(system.apiUrl, central.id)).post(`/api/diplomas/${verificationCode}/revoke`, { reason: 'Again' })).status).toBe(409);
    const revokedMail = await waitForMail(system.mailboxUrl, (m) => m.envelopeTo.includes(student.email) && /(trukket tilbake|has been revoked)/.test(m.subject));
    expect(revokedMail.text).toMatch(/(Begrunnelse|Reason): Issued in error/);
    const timeline = (await studentApi.get<{ timeline: { kind: string; comment: string | null }[] }>(`/api/certificates/${id}`)).body.timeline;
    expect(timeline.filter((e) => e.kind === 'diploma.revoked')).toEqual([expect.objectContaining({ kind: 'diploma.revoked', comment: 'Issued in error' })]);
    expect((await allMail(system.mailboxUrl)).filter((m) => m.envelopeTo.includes(student.email) && /(trukket tilbake|has been revoked)/.test(m.subject))).toHaveLength(1);

    // Personal data stays out of Temporal: reflections never enter the history, and what does
    // (the revision comment) is encrypted; ids and search attributes carry no names.
    const connection = await Connection.connect({ address: system.temporalAddress });
    try {
      const raw = rawHistoryText(await new Client({ connection }).workflow.getHandle(`certificate-${id}`).fetchHistory());
      expect(raw).toContain('binary/encrypted');
      expect(raw).toContain(id); // the check reads the history's bytes: the certificate id is in them
      for (const secret of [reflection, 'Say more about what you learnt abroad.', student.email, student.name]) expect(raw).not.toContain(secret);
    } finally {
      await connection.close();
    }
  });
});
