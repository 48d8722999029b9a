import { studentPage, type CertificateView } from './student-page.view.js';

const reflection = 'What the language café taught me about listening.';

const view = {
  id: '6b1f1a4e-3c1d-4b8e-9a55-0d6f1b2c3d4e',
  stage: 'in_review',
  programme: { id: 'p1', code: 'BADT', nameNb: 'Anvendt datateknologi', nameEn: 'Applied Computer Technology' },
  checklist: [],
  requirementsMet: true,
  participations: [{ id: 'pa1', activityId: 'a1', activityName: 'Language café', category: 'home', status: 'rejected', counts: false, notCountedReason: null, startedOn: '2027-01-10', endedOn: '2027-03-01', description: 'Four meetings', reflection, evidenceUrl: null }],
  careerCourse: true,
  presentation: true,
  reports: [{ id: 'r1', round: 1, status: 'revise', meetingId: 'm1', comment: 'Say more about the exchange.', submittedAt: new Date('2027-04-01T10:00:00Z') }],
  diploma: null,
  timeline: [
    { at: new Date('2027-03-02T10:00:00Z'), kind: 'participation.recorded', actorId: 's1', comment: null, activityName: 'Language café' },
    { at: new Date('2027-03-03T10:00:00Z'), kind: 'participation.rejected', actorId: 'a1', comment: 'No dates on the form', activityName: 'Language café' },
    { at: new Date('2027-04-01T10:00:00Z'), kind: 'report.submitted', actorId: 's1', comment: null, activityName: null },
  ],
} as unknown as CertificateView;

const render = (lang: 'nb' | 'en') => studentPage({ lang, studentName: 'Kari Nordmann', view, catalogue: [], csrf: '' });
const timeline = (page: string) => [...page.matchAll(/<li><span class="muted">[^<]*<\/span> ([\s\S]*?)<\/li>/g)].map(([, entry]) => entry.replace(/<[^>]+>/g, ''));

describe("the student's certificate page", () => {
  it("names the activity of each participation's timeline entry, never the reflection", () => {
    expect(timeline(render('en'))).toEqual(['Activity recorded: Language café', 'Activity rejected: Language café — No dates on the form', 'Report handed in']);
    expect(timeline(render('nb'))).toEqual(['Aktivitet registrert: Language café', 'Aktivitet avvist: Language café — No dates on the form', 'Notatet levert']);
    expect(render('en')).not.toContain(reflection);
  });

  it('heads every column of the reports table, the comment column too', () => {
    const headers = (page: string) => [.../<table id="reports"><thead><tr>([\s\S]*?)<\/tr>/.exec(page)![1].matchAll(/<th[^>]*>([^<]*)<\/th>/g)].map(([, h]) => h);
    expect(headers(render('en'))).toEqual(['Round', 'Status', 'Comment from the local group']);
    expect(headers(render('nb'))).toEqual(['Runde', 'Status', 'Kommentar fra den lokale gruppen']);
  });
});
