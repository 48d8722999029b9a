import type { Language } from '../../platform/db/entities/index.js';
import type { RolloutMailKind, ResourceAssessment, RolloutTaskType } from '../../../workflows/contracts/rollout.contract.js';
import { layout, type MailContent, type RenderedMail } from '../../platform/mail/mail-layout.js';

export const TASK_TITLES: Record<RolloutTaskType | 'confirm_participation' | 'assess_activity_proposal', Record<Language, string>> = {
  assess_activity_proposal: { nb: 'Vurder et forslag til ny CIL-aktivitet', en: 'Assess a proposed CIL activity' },
  confirm_participation: { nb: 'Bekreft deltakelse i en CIL-aktivitet', en: 'Confirm a participation in a CIL activity' },
  anchoring_programme_leader: { nb: 'Vurder CIL-initiativet (studieleder)', en: 'Assess the CIL initiative (programme leader)' },
  anchoring_section_head: { nb: 'Vurder CIL-initiativet (seksjonssjef)', en: 'Assess the CIL initiative (section head)' },
  revise_initiative: { nb: 'Revider CIL-initiativet', en: 'Revise the CIL initiative' },
  final_approval: { nb: 'Endelig godkjenning av CIL-initiativet', en: 'Final approval of the CIL initiative' },
  register_local_group: { nb: 'Registrer den lokale ressursgruppen', en: 'Register the local resource group' },
};

export interface RolloutMailContext {
  programme: { nb: string; en: string; code: string };
  recipientName: string;
  /** The recipient is copied (escalation) rather than asked. */
  copy: boolean;
  initiatorName?: string;
  motivation?: string;
  task?: { type: RolloutTaskType; dueAt: Date; url?: string; assigneeName: string };
  /** Latest decision comment or reason (declined, changes requested). */
  reason?: string;
  assessments?: { role: string; assessment: ResourceAssessment }[];
  caseUrl: string;
}

const date = (d: Date, lang: Language) =>
  new Intl.DateTimeFormat(lang === 'nb' ? 'nb-NO' : 'en-GB', { dateStyle: 'long', timeZone: 'Europe/Oslo' }).format(d);

type Strings = (c: RolloutMailContext, lang: Language) => MailContent;

const greeting = (c: RolloutMailContext, lang: Language) => (lang === 'nb' ? `Hei ${c.recipientName},` : `Dear ${c.recipientName},`);
const prog = (c: RolloutMailContext, lang: Language) => `${c.programme[lang]} (${c.programme.code})`;

function taskMail(kind: 'assigned' | 'reminder' | 'escalated'): Strings {
  return (c, lang) => {
    const t = c.task!;
    const title = TASK_TITLES[t.type][lang];
    const due = date(t.dueAt, lang);
    const nb = lang === 'nb';
    const subject = {
      assigned: nb ? `Oppgave: ${title} – ${c.programme.nb}` : `Task: ${title} – ${c.programme.en}`,
      reminder: nb ? `Påminnelse: ${title} – ${c.programme.nb}` : `Reminder: ${title} – ${c.programme.en}`,
      escalated: nb ? `Forsinket oppgave: ${title} – ${c.programme.nb}` : `Overdue task: ${title} – ${c.programme.en}`,
    }[kind];
    const paragraphs = c.copy
      ? [nb ? `Til orientering: oppgaven «${title}» for ${prog(c, lang)} er tildelt ${t.assigneeName} og er ikke løst. Fristen var ${due}.` : `For your information: the task "${title}" for ${prog(c, lang)} is assigned to ${t.assigneeName} and is still open. It was due on ${due}.`]
      : [
          kind === 'assigned'
            ? nb ? `Du har fått en oppgave i CIL Flow: ${title} for ${prog(c, lang)}.` : `You have a task in CIL Flow: ${title} for ${prog(c, lang)}.`
            : kind === 'reminder'
              ? nb ? `Dette er en påminnelse om oppgaven «${title}» for ${prog(c, lang)}.` : `This is a reminder of the task "${title}" for ${prog(c, lang)}.`
              : nb ? `Oppgaven «${title}» for ${prog(c, lang)} er forsinket. Fakultetets representant og den sentrale ressursgruppen har fått kopi.` : `The task "${title}" for ${prog(c, lang)} is overdue. The faculty representative and the central resource group have been copied.`,
          nb ? `Frist: ${due}.` : `Please respond by ${due}.`,
        ];
    return {
      subject: c.copy ? (nb ? `Kopi: ${subject}` : `Copy: ${subject}`) : subject,
      greeting: greeting(c, lang),
      paragraphs,
      action: c.copy || !t.url ? { label: nb ? 'Se saken' : 'View the case', url: c.caseUrl } : { label: nb ? 'Åpne oppgaven' : 'Open the task', url: t.url },
    };
  };
}

const TEMPLATES: Record<RolloutMailKind, Strings> = {
  initiative_submitted: (c, lang) => ({
    subject: lang === 'nb' ? `Nytt CIL-initiativ: ${c.programme.nb}` : `New CIL initiative: ${c.programme.en}`,
    greeting: greeting(c, lang),
    paragraphs: [
      lang === 'nb'
        ? `${c.initiatorName ?? 'Noen'} har foreslått å innføre CIL på ${prog(c, lang)}. Studieleder og seksjonssjef vurderer nå initiativet.`
        : `${c.initiatorName ?? 'Someone'} has proposed rolling out CIL on ${prog(c, lang)}. The programme leader and the section head are now assessing it.`,
    ],
    facts: c.motivation ? [[lang === 'nb' ? 'Begrunnelse' : 'Motivation', c.motivation]] : [],
    action: { label: lang === 'nb' ? 'Se saken' : 'View the case', url: c.caseUrl },
  }),
  task_assigned: taskMail('assigned'),
  task_reminder: taskMail('reminder'),
  task_escalated: taskMail('escalated'),
  task_reassigned_away: (c, lang) => ({
    subject: lang === 'nb' ? `Oppgave flyttet: ${TASK_TITLES[c.task!.type].nb}` : `Task reassigned: ${TASK_TITLES[c.task!.type].en}`,
    greeting: greeting(c, lang),
    paragraphs: [
      lang === 'nb'
        ? `Oppgaven «${TASK_TITLES[c.task!.type].nb}» for ${prog(c, lang)} er gitt til ${c.task!.assigneeName}. Du trenger ikke gjøre noe mer med den.`
        : `The task "${TASK_TITLES[c.task!.type].en}" for ${prog(c, lang)} has been given to ${c.task!.assigneeName}. You need not do anything more about it.`,
    ],
  }),
  changes_requested: (c, lang) => ({
    subject: lang === 'nb' ? `Endringer ønsket i CIL-initiativet for ${c.programme.nb}` : `Changes requested to the CIL initiative for ${c.programme.en}`,
    greeting: greeting(c, lang),
    paragraphs: [
      lang === 'nb' ? `Initiativet for ${prog(c, lang)} trenger endringer før det vurderes på nytt.` : `The initiative for ${prog(c, lang)} needs changes before it is assessed again.`,
      lang === 'nb' ? 'Du får en egen oppgave for å revidere og sende inn på nytt.' : 'You will get a separate task to revise and resubmit it.',
    ],
    facts: c.reason ? [[lang === 'nb' ? 'Kommentar' : 'Comment', c.reason]] : [],
    action: { label: lang === 'nb' ? 'Se saken' : 'View the case', url: c.caseUrl },
  }),
  rollout_declined: (c, lang) => ({
    subject: lang === 'nb' ? `CIL-initiativet for ${c.programme.nb} er avslått` : `The CIL initiative for ${c.programme.en} was declined`,
    greeting: greeting(c, lang),
    paragraphs: [lang === 'nb' ? `Initiativet om å innføre CIL på ${prog(c, lang)} er avslått.` : `The initiative to roll out CIL on ${prog(c, lang)} has been declined.`],
    facts: c.reason ? [[lang === 'nb' ? 'Begrunnelse' : 'Reason', c.reason]] : [],
    action: { label: lang === 'nb' ? 'Se saken' : 'View the case', url: c.caseUrl },
  }),
  rollout_approved: (c, lang) => ({
    subject: lang === 'nb' ? `CIL innføres på ${c.programme.nb}` : `CIL will be rolled out on ${c.programme.en}`,
    greeting: greeting(c, lang),
    paragraphs: [
      lang === 'nb'
        ? `Instituttleder har godkjent å innføre CIL på ${prog(c, lang)}. Fakultetets representant sørger nå for at den lokale ressursgruppen settes ned.`
        : `The head of department has approved rolling out CIL on ${prog(c, lang)}. The faculty representative will now set up the local resource group.`,
    ],
    facts: (c.assessments ?? []).map(({ role, assessment: a }) => [
      role,
      lang === 'nb'
        ? `${a.developmentHours} timer utvikling, ${a.operationHoursPerSemester} timer drift per semester, ${a.covered ? 'dekket' : 'ikke dekket'}${a.comment ? ` – ${a.comment}` : ''}`
        : `${a.developmentHours} hours development, ${a.operationHoursPerSemester} hours operation per semester, ${a.covered ? 'covered' : 'not covered'}${a.comment ? ` – ${a.comment}` : ''}`,
    ]),
    action: { label: lang === 'nb' ? 'Se saken' : 'View the case', url: c.caseUrl },
  }),
  rollout_withdrawn: (c, lang) => ({
    subject: lang === 'nb' ? `CIL-initiativet for ${c.programme.nb} er trukket` : `The CIL initiative for ${c.programme.en} was withdrawn`,
    greeting: greeting(c, lang),
    paragraphs: [lang === 'nb' ? `Initiativtakeren har trukket initiativet for ${prog(c, lang)}. Åpne oppgaver i saken er lukket.` : `The initiator has withdrawn the initiative for ${prog(c, lang)}. Open tasks on the case are closed.`],
    facts: c.reason ? [[lang === 'nb' ? 'Begrunnelse' : 'Reason', c.reason]] : [],
  }),
  local_group_membership: (c, lang) => ({
    subject: lang === 'nb' ? `Du er med i den lokale ressursgruppen for CIL på ${c.programme.nb}` : `You are on the local CIL resource group for ${c.programme.en}`,
    greeting: greeting(c, lang),
    paragraphs: [
      lang === 'nb'
        ? `Du er registrert som medlem av den lokale ressursgruppen for CIL på ${prog(c, lang)}. Gruppens første oppgave er å definere hvilke aktiviteter som teller som CIL-aktiviteter.`
        : `You are registered as a member of the local CIL resource group for ${prog(c, lang)}. The group's first task is to define which activities count as CIL activities.`,
    ],
    action: { label: lang === 'nb' ? 'Se saken' : 'View the case', url: c.caseUrl },
  }),
  programme_opened: (c, lang) => ({
    subject: lang === 'nb' ? `${c.programme.nb} er åpent for CIL-påmelding` : `${c.programme.en} is open for CIL enrolment`,
    greeting: greeting(c, lang),
    paragraphs: [lang === 'nb' ? `Aktivitetskatalogen er publisert, og studenter på ${prog(c, lang)} kan nå melde seg på CIL.` : `The activity catalogue is published, and students on ${prog(c, lang)} can now enrol in CIL.`],
    action: { label: lang === 'nb' ? 'Se saken' : 'View the case', url: c.caseUrl },
  }),
};

export function renderRolloutMail(kind: RolloutMailKind, lang: Language, context: RolloutMailContext): RenderedMail {
  return layout(TEMPLATES[kind](context, lang), lang);
}
