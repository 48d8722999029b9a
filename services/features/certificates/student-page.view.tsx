import type { ComponentChildren } from 'preact';
import { Badge, describedBy, Field, Layout, ProgressLine, renderPage, type LayoutProps } from '../../platform/http/ui/components.js';
import { problemText } from '../../platform/http/ui/problems.js';
import type { CatalogueActivityEntity, Language } from '../../platform/db/entities/index.js';
import type { CertificatesService } from './certificates.service.js';
import type { Flash } from './page-flash.js';
import { dateTime } from '../../platform/http/ui/format.js';

export type CertificateView = Awaited<ReturnType<CertificatesService['get']>>;

/** The stages a certificate passes through, in order (withdrawn and closed end it early). */
const PROGRESS = ['collecting', 'report_due', 'in_review', 'completed'];

/** Stages in which the workflow takes new participations. */
const OPEN_FOR_ACTIVITIES = ['collecting', 'report_due', 'in_review'];

const T = {
  en: {
    title: 'Certificate of International Learning',
    stage: 'Status',
    stages: {
      collecting: 'Collecting activities',
      report_due: 'Ready for the final reflection report',
      in_review: 'The report is with the local group',
      completed: 'Completed',
      withdrawn: 'Withdrawn',
      closed_incomplete: 'Closed without being completed',
    } as Record<string, string>,
    checklist: 'What the certificate needs',
    met: 'done',
    missing: 'not yet',
    diploma: 'Your diploma',
    verify: 'Verification link for employers',
    pdf: 'Download the diploma (PDF)',
    revoked: 'This diploma has been revoked.',
    participations: 'Your activities',
    noParticipations: 'No activities recorded yet.',
    activity: 'Activity',
    dates: 'Dates',
    status: 'Status',
    statuses: { awaiting_confirmation: 'Awaiting confirmation', confirmed: 'Confirmed', rejected: 'Rejected' } as Record<string, string>,
    notCounted: { below_minimum: 'below the activity’s minimum: does not count', repeat: 'a repeat of an activity that counts already: counts once' },
    categories: { home: 'at home', abroad: 'abroad' } as Record<string, string>,
    record: 'Record an activity',
    recordHelp: 'The local group confirms each activity; you get an e-mail when it is decided.',
    noActivities: 'The programme’s catalogue has no activities yet.',
    labels: {
      activityId: 'Activity',
      startedOn: 'From',
      endedOn: 'To',
      description: 'What you did',
      reflection: 'Your reflection: what did you learn?',
      evidenceUrl: 'Link to documentation (optional)',
      sessions: 'Number of sessions (if the activity counts sessions)',
      semesters: 'Number of semesters (if the activity counts semesters)',
      text: 'Your final reflection report',
    } as Record<string, string>,
    choose: 'Choose an activity',
    minimum: (sessions: number | null, semesters: number | null) =>
      [sessions ? `at least ${sessions} sessions` : '', semesters ? `at least ${semesters} semester${semesters > 1 ? 's' : ''}` : ''].filter(Boolean).join(', '),
    submitParticipation: 'Record the activity',
    report: 'Final reflection report',
    reportHelp: 'Everything else is done. Hand in your final reflection report; the local group reviews it at its next meeting.',
    submitReport: 'Hand in the report',
    reports: 'Your reports',
    round: 'Round',
    comment: 'Comment from the local group',
    reportStatuses: { submitted: 'With the local group', approved: 'Approved', revise: 'Revision asked for' } as Record<string, string>,
    timeline: 'What has happened',
    progress: 'Where the certificate stands',
    steps: { collecting: 'Activities', report_due: 'Final report', in_review: 'Review', completed: 'Completed' } as Record<string, string>,
    savedParticipation: 'The activity is recorded. The local group will confirm it.',
    savedReport: 'The report is handed in. The local group reviews it at its next meeting.',
    problem: 'That did not go through:',
    fixFields: 'Please correct the fields marked below.',
    forbidden: ['Not your certificate', 'Only the student can open this page. Sign in as yourself to see your own certificate.'],
    notFound: ['No such certificate', 'The link may be incomplete. Open it from the e-mail again.'],
    signOut: 'Sign in as someone else',
    events: {
      'certificate.enrolled': 'Enrolled in CIL',
      'participation.recorded': 'Activity recorded',
      'participation.confirmed': 'Activity confirmed',
      'participation.rejected': 'Activity rejected',
      'event.activity_completed': 'Activity reported by another system',
      'event.exchange_completed': 'Exchange reported by the exchange system',
      'event.career_course_completed': 'Career course reported completed',
      'event.presentation_held': 'Presentation reported held',
      'milestone.career_course': 'Career course recorded',
      'milestone.presentation': 'Presentation recorded',
      'requirements.met': 'All requirements met',
      'report.submitted': 'Report handed in',
      'report.approved': 'Report approved',
      'report.revise': 'Revision of the report asked for',
      'diploma.issued': 'Diploma issued',
      'diploma.revoked': 'Diploma revoked',
      'certificate.withdrawn': 'Withdrawn',
      'certificate.closed_incomplete': 'Closed without being completed',
    } as Record<string, string>,
  },
  nb: {
    title: 'Certificate of International Learning',
    stage: 'Status',
    stages: {
      collecting: 'Samler aktiviteter',
      report_due: 'Klar for det avsluttende refleksjonsnotatet',
      in_review: 'Notatet er hos den lokale gruppen',
      completed: 'Fullført',
      withdrawn: 'Trukket',
      closed_incomplete: 'Avsluttet uten å være fullført',
    } as Record<string, string>,
    checklist: 'Dette trenger sertifikatet',
    met: 'ferdig',
    missing: 'ikke ennå',
    diploma: 'Diplomet ditt',
    verify: 'Verifiseringslenke for arbeidsgivere',
    pdf: 'Last ned diplomet (PDF)',
    revoked: 'Dette diplomet er trukket tilbake.',
    participations: 'Aktivitetene dine',
    noParticipations: 'Ingen aktiviteter registrert ennå.',
    activity: 'Aktivitet',
    dates: 'Periode',
    status: 'Status',
    statuses: { awaiting_confirmation: 'Venter på bekreftelse', confirmed: 'Bekreftet', rejected: 'Avvist' } as Record<string, string>,
    notCounted: { below_minimum: 'under aktivitetens minimum: teller ikke', repeat: 'samme aktivitet er godkjent fra før: teller én gang' },
    categories: { home: 'hjemme', abroad: 'i utlandet' } as Record<string, string>,
    record: 'Registrer en aktivitet',
    recordHelp: 'Den lokale gruppen bekrefter hver aktivitet; du får e-post når den er avgjort.',
    noActivities: 'Studieprogrammets katalog har ingen aktiviteter ennå.',
    labels: {
      activityId: 'Aktivitet',
      startedOn: 'Fra',
      endedOn: 'Til',
      description: 'Hva du gjorde',
      reflection: 'Refleksjonen din: hva lærte du?',
      evidenceUrl: 'Lenke til dokumentasjon (valgfritt)',
      sessions: 'Antall ganger (hvis aktiviteten teller ganger)',
      semesters: 'Antall semestre (hvis aktiviteten teller semestre)',
      text: 'Det avsluttende refleksjonsnotatet ditt',
    } as Record<string, string>,
    choose: 'Velg en aktivitet',
    minimum: (sessions: number | null, semesters: number | null) =>
      [sessions ? `minst ${sessions} ganger` : '', semesters ? `minst ${semesters} semester` : ''].filter(Boolean).join(', '),
    submitParticipation: 'Registrer aktiviteten',
    report: 'Avsluttende refleksjonsnotat',
    reportHelp: 'Alt annet er på plass. Lever refleksjonsnotatet; den lokale gruppen behandler det på sitt neste møte.',
    submitReport: 'Lever notatet',
    reports: 'Notatene dine',
    round: 'Runde',
    comment: 'Kommentar fra den lokale gruppen',
    reportStatuses: { submitted: 'Hos den lokale gruppen', approved: 'Godkjent', revise: 'Bedt om revisjon' } as Record<string, string>,
    timeline: 'Dette har skjedd',
    progress: 'Hvor sertifikatet står',
    steps: { collecting: 'Aktiviteter', report_due: 'Refleksjonsnotat', in_review: 'Vurdering', completed: 'Fullført' } as Record<string, string>,
    savedParticipation: 'Aktiviteten er registrert. Den lokale gruppen bekrefter den.',
    savedReport: 'Notatet er levert. Den lokale gruppen behandler det på sitt neste møte.',
    problem: 'Det gikk ikke:',
    fixFields: 'Rett opp feltene som er merket nedenfor.',
    forbidden: ['Ikke ditt sertifikat', 'Bare studenten kan åpne denne siden. Logg inn som deg selv for å se ditt eget sertifikat.'],
    notFound: ['Sertifikatet finnes ikke', 'Lenken kan være ufullstendig. Åpne den fra e-posten på nytt.'],
    signOut: 'Logg inn som en annen',
    events: {
      'certificate.enrolled': 'Meldt på CIL',
      'participation.recorded': 'Aktivitet registrert',
      'participation.confirmed': 'Aktivitet bekreftet',
      'participation.rejected': 'Aktivitet avvist',
      'event.activity_completed': 'Aktivitet meldt fra et annet system',
      'event.exchange_completed': 'Utveksling meldt fra utvekslingssystemet',
      'event.career_course_completed': 'Karrierekurset meldt fullført',
      'event.presentation_held': 'Presentasjonen meldt holdt',
      'milestone.career_course': 'Karrierekurset registrert',
      'milestone.presentation': 'Presentasjonen registrert',
      'requirements.met': 'Alle krav er oppfylt',
      'report.submitted': 'Notatet levert',
      'report.approved': 'Notatet godkjent',
      'report.revise': 'Bedt om revisjon av notatet',
      'diploma.issued': 'Diplom utstedt',
      'diploma.revoked': 'Diplom trukket tilbake',
      'certificate.withdrawn': 'Trukket',
      'certificate.closed_incomplete': 'Avsluttet uten å være fullført',
    } as Record<string, string>,
  },
} as const;

/** Validation messages come from the API in English; Norwegian students get them in Norwegian. */

const NB_MESSAGES: [RegExp, (...m: string[]) => string][] = [
  [/no review meeting scheduled/, () => 'Den lokale gruppen har ikke satt opp noe behandlingsmøte ennå. Lever notatet når det er gjort.'],
  [/^the certificate is (\w+)/, (stage) => `Sertifikatet har status «${T.nb.stages[stage] ?? stage}».`],
  [/the report can be handed in once/, () => 'Notatet kan leveres når aktivitetene, karrierekurset og presentasjonen er på plass.'],
  [/the workflow engine did not take the request/, () => 'Systemet kunne ikke ta imot dette akkurat nå. Prøv igjen om litt.'],
];

function messageText(lang: Language, message: string | undefined): string {
  if (!message || lang === 'en') return message ?? '';
  for (const [pattern, say] of NB_MESSAGES) {
    const m = pattern.exec(message);
    if (m) return say(...m.slice(1));
  }
  return message;
}

/** The layout's signed-in part (navigation, language, sign-out), when the page has a signed-in person. */
export type PageHeader = Pick<LayoutProps, 'person' | 'nav' | 'csrf' | 'path'>;

/** A problem page (403, 404…) in the student's language, with a way to sign in as someone else. */
export function problemPage(lang: Language, kind: 'forbidden' | 'notFound', signInPath: string, header: PageHeader = {}): string {
  const [title, message] = T[lang][kind];
  return renderPage(
    <Layout lang={lang} title={title} {...header}>
      <h1>{title}</h1>
      <p>{message}</p>
      <p>
        <a href={signInPath}>{T[lang].signOut}</a>
      </p>
    </Layout>,
  );
}

/** A problem page for an error the service answered (the workflow engine is away, for example). */
export function errorPage(lang: Language, status: number, message: string, header: PageHeader = {}): string {
  const title = lang === 'nb' ? 'Noe gikk galt' : 'Something went wrong';
  return renderPage(
    <Layout lang={lang} title={title} {...header}>
      <h1>{title}</h1>
      <p class="error" role="alert">
        {message}
      </p>
      <p class="muted">HTTP {status}</p>
    </Layout>,
  );
}

export interface StudentPageInput {
  lang: Language;
  studentName: string;
  view: CertificateView;
  catalogue: CatalogueActivityEntity[];
  flash?: Flash;
  /** The CSRF token each form carries. */
  csrf: string;
  /** The layout's signed-in part: the workspace header. */
  header?: PageHeader;
}

const STAGE_TONES: Record<string, 'ok' | 'warn' | 'bad' | 'plain'> = { completed: 'ok', report_due: 'warn', withdrawn: 'bad', closed_incomplete: 'bad' };
const STATUS_TONES: Record<string, 'ok' | 'warn' | 'bad' | 'plain'> = { confirmed: 'ok', awaiting_confirmation: 'warn', rejected: 'bad' };
const REPORT_TONES: Record<string, 'ok' | 'warn' | 'bad' | 'plain'> = { approved: 'ok', revise: 'warn', submitted: 'plain' };

/** The student's certificate page: checklist, activities, forms, reports, diploma, timeline. */
export function studentPage({ lang, studentName, view, catalogue, flash, csrf, header = {} }: StudentPageInput): string {
  const t = T[lang];
  const base = `/certificates/${view.id}`;
  const programme = view.programme ? `${lang === 'nb' ? view.programme.nameNb : view.programme.nameEn} (${view.programme.code})` : '';
  const errorsFor = (form: Flash['form']) => (flash?.form === form && !flash.saved ? flash : undefined);
  const reached = PROGRESS.indexOf(view.stage);

  return renderPage(
    <Layout lang={lang} title={t.title} {...header}>
      <h1>{t.title}</h1>
      <p>
        <strong>{studentName}</strong> · {programme}
      </p>
      <p>
        {t.stage}:{' '}
        <Badge tone={STAGE_TONES[view.stage] ?? 'plain'} id="stage" data-stage={view.stage}>
          {t.stages[view.stage] ?? view.stage}
        </Badge>
      </p>
      {reached >= 0 && <ProgressLine label={t.progress} current={view.stage === 'completed' ? PROGRESS.length : reached} steps={PROGRESS.map((s) => ({ key: s, label: t.steps[s] }))} />}
      <Notice lang={lang} flash={flash} />
      <h2>{t.checklist}</h2>
      <ul class="checklist" id="checklist">
        {view.checklist.map((c) => (
          <li class={c.met ? 'met' : 'missing'} data-key={c.key}>
            <span aria-hidden="true">{c.met ? '✔' : '○'}</span> {c.text[lang]} <Badge tone={c.met ? 'ok' : 'plain'}>{c.met ? t.met : t.missing}</Badge>
          </li>
        ))}
      </ul>
      {view.diploma && (
        <>
          <h2>{t.diploma}</h2>
          {view.diploma.revoked && <p class="error">{t.revoked}</p>}
          <ul id="diploma">
            <li>
              {t.verify}: <a href={view.diploma.verifyUrl}>{view.diploma.verifyUrl}</a>
            </li>
            <li>
              <a href={`/api/certificates/${view.id}/diploma.pdf`}>{t.pdf}</a>
            </li>
          </ul>
        </>
      )}
      <h2>{t.participations}</h2>
      {view.participations.length ? (
        <table id="participations">
          <thead>
            <tr>
              <th scope="col">{t.activity}</th>
              <th scope="col">{t.dates}</th>
              <th scope="col">{t.status}</th>
            </tr>
          </thead>
          <tbody>
            {view.participations.map((p) => (
              <tr data-participation={p.id}>
                <td>
                  {p.activityName ?? p.activityId} <span class="muted">({t.categories[p.category] ?? p.category})</span>
                </td>
                <td>{p.startedOn ? `${p.startedOn} – ${p.endedOn ?? ''}` : '—'}</td>
                <td class="status">
                  <Badge tone={STATUS_TONES[p.status] ?? 'plain'}>{t.statuses[p.status] ?? p.status}</Badge>
                  {p.notCountedReason && (
                    <>
                      {' '}
                      <span class="muted">({t.notCounted[p.notCountedReason]})</span>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p class="muted">{t.noParticipations}</p>
      )}
      {view.stage === 'report_due' && <ReportForm lang={lang} base={base} csrf={csrf} flash={errorsFor('report')} />}
      {OPEN_FOR_ACTIVITIES.includes(view.stage) && <ParticipationForm lang={lang} base={base} catalogue={catalogue} csrf={csrf} flash={errorsFor('participation')} />}
      {view.reports.length > 0 && (
        <>
          <h2>{t.reports}</h2>
          <table id="reports">
            <thead>
              <tr>
                <th scope="col">{t.round}</th>
                <th scope="col">{t.status}</th>
                <th scope="col">{t.comment}</th>
              </tr>
            </thead>
            <tbody>
              {view.reports.map((r) => (
                <tr>
                  <td>{r.round}</td>
                  <td>
                    <Badge tone={REPORT_TONES[r.status] ?? 'plain'}>{t.reportStatuses[r.status] ?? r.status}</Badge>
                  </td>
                  <td>{r.comment ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      <h2>{t.timeline}</h2>
      <ol id="timeline">
        {view.timeline.map((e) => (
          <li>
            <span class="muted">{dateTime(e.at, lang)}</span> {t.events[e.kind] ?? e.kind}
            {e.activityName && (
              <>
                : <span class="activity">{e.activityName}</span>
              </>
            )}
            {e.comment && (
              <>
                {e.activityName ? ' —' : ':'} <q>{e.comment}</q>
              </>
            )}
          </li>
        ))}
      </ol>
    </Layout>,
  );
}

/** What the last form post did: saved, or what went wrong (each field's problem linked to the field). */
function Notice({ lang, flash }: { lang: Language; flash?: Flash }) {
  const t = T[lang];
  if (!flash) return null;
  if (flash.saved) {
    return (
      <p class="notice ok" role="status" id="notice">
        {flash.form === 'report' ? t.savedReport : t.savedParticipation}
      </p>
    );
  }
  return (
    <div class="error" role="alert" id="form-errors">
      <p>
        <strong>{t.problem}</strong> {flash.fields?.length ? t.fixFields : messageText(lang, flash.message)}
      </p>
      {flash.fields?.length ? (
        <ul>
          {flash.fields.map((f) => (
            <li>
              <a href={`#${flash.form}-${f.field}`}>{t.labels[f.field] ?? f.field}</a>: {problemsOf(lang, f.field, flash)}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/** A field's problems as the student reads them, or undefined. */
function problemsOf(lang: Language, field: string, flash?: Flash): string | undefined {
  const problems = flash?.fields?.find((f) => f.field === field)?.problems;
  return problems?.length ? problems.map((p) => problemText(lang, field, p)).join('; ') : undefined;
}

/** A form's field with its label and its problem, the input given the ids and attributes it needs. */
function FormField({ form, name, label, error, children }: { form: string; name: string; label: string; error?: string; children: (attributes: { id: string; name: string } & ReturnType<typeof describedBy>) => ComponentChildren }) {
  const id = `${form}-${name}`;
  return (
    <Field id={id} label={label} error={error}>
      {children({ id, name, ...describedBy(id, error) })}
    </Field>
  );
}

function ParticipationForm({ lang, base, catalogue, csrf, flash }: { lang: Language; base: string; catalogue: CatalogueActivityEntity[]; csrf: string; flash?: Flash }) {
  const t = T[lang];
  if (!catalogue.length) {
    return (
      <>
        <h2>{t.record}</h2>
        <p class="muted">{t.noActivities}</p>
      </>
    );
  }
  const v = flash?.values ?? {};
  const field = (name: string, input: (a: { id: string; name: string } & ReturnType<typeof describedBy>) => ComponentChildren) => (
    <FormField form="participation" name={name} label={t.labels[name]} error={problemsOf(lang, name, flash)}>
      {input}
    </FormField>
  );
  return (
    <>
      <h2>{t.record}</h2>
      <p class="muted">{t.recordHelp}</p>
      <form method="post" action={`${base}/participations`} id="participation-form">
        <input type="hidden" name="_csrf" value={csrf} />
        {field('activityId', (a) => (
          <select {...a} required>
            <option value="">{t.choose}</option>
            {catalogue.map((c) => {
              const min = t.minimum(c.minimumSessions, c.minimumSemesters);
              return (
                <option value={c.id} selected={v.activityId === c.id}>
                  {c.name} ({t.categories[c.category] ?? c.category}
                  {min ? `; ${min}` : ''})
                </option>
              );
            })}
          </select>
        ))}
        {field('startedOn', (a) => <input {...a} type="date" value={v.startedOn ?? ''} required />)}
        {field('endedOn', (a) => <input {...a} type="date" value={v.endedOn ?? ''} required />)}
        {field('description', (a) => (
          <textarea {...a} rows={3} cols={70} required maxLength={5000}>
            {v.description ?? ''}
          </textarea>
        ))}
        {field('reflection', (a) => (
          <textarea {...a} rows={8} cols={70} required maxLength={20000}>
            {v.reflection ?? ''}
          </textarea>
        ))}
        {field('evidenceUrl', (a) => <input {...a} type="url" value={v.evidenceUrl ?? ''} maxLength={500} />)}
        {field('sessions', (a) => <input {...a} type="number" value={v.sessions ?? ''} min="0" max="1000" step="1" />)}
        {field('semesters', (a) => <input {...a} type="number" value={v.semesters ?? ''} min="0" max="20" step="1" />)}
        <p>
          <button type="submit">{t.submitParticipation}</button>
        </p>
      </form>
    </>
  );
}

function ReportForm({ lang, base, csrf, flash }: { lang: Language; base: string; csrf: string; flash?: Flash }) {
  const t = T[lang];
  return (
    <>
      <h2>{t.report}</h2>
      <p>{t.reportHelp}</p>
      <form method="post" action={`${base}/report`} id="report-form">
        <input type="hidden" name="_csrf" value={csrf} />
        <FormField form="report" name="text" label={t.labels.text} error={problemsOf(lang, 'text', flash)}>
          {(a) => (
            <textarea {...a} rows={16} cols={70} required maxLength={100000}>
              {flash?.values?.text ?? ''}
            </textarea>
          )}
        </FormField>
        <p>
          <button type="submit">{t.submitReport}</button>
        </p>
      </form>
    </>
  );
}
