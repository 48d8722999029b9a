import type { Language } from '../../platform/db/entities/index.js';
import type { CertificateMailKind } from '../../../workflows/contracts/certificate.contract.js';
import { layout, type MailContent, type RenderedMail } from '../../platform/mail/mail-layout.js';

export interface CertificateMailContext {
  recipientName: string;
  programme: { nb: string; en: string };
  certificateUrl: string;
  taskUrl?: string;
  activityName?: string;
  studentName?: string;
  comment?: string;
  verifyUrl?: string;
  checklist?: string[];
}

const T: Record<CertificateMailKind, (c: CertificateMailContext, lang: Language) => Omit<MailContent, 'greeting'>> = {
  welcome: (c, lang) => ({
    subject: lang === 'nb' ? `Velkommen til CIL på ${c.programme.nb}` : `Welcome to CIL on the ${c.programme.en}`,
    paragraphs:
      lang === 'nb'
        ? [
            'Du er påmeldt Certificate of International Learning. For å få diplomet må du:',
            '1) delta i tre ulike aktiviteter, minst én hjemme og én i utlandet, og skrive en kort refleksjon om hver; 2) gjennomføre CIL-karrierekurset; 3) presentere erfaringene for andre studenter; 4) levere et avsluttende refleksjonsnotat, som den lokale ressursgruppen vurderer.',
          ]
        : [
            'You are enrolled in the Certificate of International Learning. To earn the diploma you:',
            '1) take part in three different activities, at least one at home and one abroad, and reflect briefly on each; 2) take the CIL career course; 3) present your experience to other students; 4) hand in a final reflection report, which the local resource group assesses.',
          ],
    action: { label: lang === 'nb' ? 'Se fremdriften din' : 'See your progress', url: c.certificateUrl },
  }),
  task_assigned: (c, lang) => ({
    subject: lang === 'nb' ? `Bekreft deltakelse: ${c.activityName ?? 'CIL-aktivitet'}` : `Confirm a participation: ${c.activityName ?? 'CIL activity'}`,
    paragraphs: [lang === 'nb' ? `${c.studentName ?? 'En student'} har registrert deltakelse i «${c.activityName}». Bekreft eller avvis den.` : `${c.studentName ?? 'A student'} has recorded taking part in "${c.activityName}". Please confirm or reject it.`],
    action: c.taskUrl ? { label: lang === 'nb' ? 'Åpne oppgaven' : 'Open the task', url: c.taskUrl } : undefined,
  }),
  participation_confirmed: (c, lang) => ({
    subject: lang === 'nb' ? `Aktivitet godkjent: ${c.activityName ?? ''}` : `Activity confirmed: ${c.activityName ?? ''}`,
    paragraphs: [lang === 'nb' ? `Deltakelsen din i «${c.activityName}» er godkjent.` : `Your participation in "${c.activityName}" is confirmed.`, ...(c.checklist ?? [])],
    action: { label: lang === 'nb' ? 'Se fremdriften din' : 'See your progress', url: c.certificateUrl },
  }),
  participation_rejected: (c, lang) => ({
    subject: lang === 'nb' ? `Aktivitet ikke godkjent: ${c.activityName ?? ''}` : `Activity not confirmed: ${c.activityName ?? ''}`,
    paragraphs: [lang === 'nb' ? `Deltakelsen din i «${c.activityName}» ble ikke godkjent.` : `Your participation in "${c.activityName}" was not confirmed.`, ...(c.comment ? [c.comment] : [])],
    action: { label: lang === 'nb' ? 'Se fremdriften din' : 'See your progress', url: c.certificateUrl },
  }),
  report_due: (c, lang) => ({
    subject: lang === 'nb' ? 'Du kan nå levere det avsluttende refleksjonsnotatet' : 'You can now hand in your final reflection report',
    paragraphs: [
      lang === 'nb'
        ? 'Aktivitetene, karrierekurset og presentasjonen er på plass. Lever det avsluttende refleksjonsnotatet, så vurderes det på ressursgruppens neste møte.'
        : 'Your activities, the career course and the presentation are all in place. Hand in your final reflection report, and the local group will assess it at its next meeting.',
    ],
    action: { label: lang === 'nb' ? 'Lever notatet' : 'Hand in the report', url: c.certificateUrl },
  }),
  report_revise: (c, lang) => ({
    subject: lang === 'nb' ? 'Refleksjonsnotatet trenger en revisjon' : 'Your reflection report needs a revision',
    paragraphs: [lang === 'nb' ? 'Ressursgruppen ber deg revidere notatet og levere det på nytt.' : 'The local group asks you to revise your report and hand it in again.', ...(c.comment ? [c.comment] : [])],
    action: { label: lang === 'nb' ? 'Lever på nytt' : 'Hand it in again', url: c.certificateUrl },
  }),
  diploma_issued: (c, lang) => ({
    subject: lang === 'nb' ? 'Gratulerer – ditt CIL-diplom' : 'Congratulations – your CIL diploma',
    paragraphs: [
      lang === 'nb' ? 'Refleksjonsnotatet er godkjent, og diplomet ditt er utstedt. Det ligger ved som PDF.' : 'Your reflection report is approved and your diploma is issued. It is attached as a PDF.',
      lang === 'nb' ? `Arbeidsgivere kan kontrollere det her: ${c.verifyUrl}` : `Employers can verify it here: ${c.verifyUrl}`,
    ],
    action: { label: lang === 'nb' ? 'Kontroller diplomet' : 'Verify the diploma', url: c.verifyUrl ?? c.certificateUrl },
  }),
  proposal_task: (c, lang) => ({
    subject: lang === 'nb' ? `Forslag til ny CIL-aktivitet: ${c.activityName ?? ''}` : `A proposed CIL activity: ${c.activityName ?? ''}`,
    paragraphs: [
      lang === 'nb'
        ? `${c.studentName ?? 'En student'} foreslår «${c.activityName}» som CIL-aktivitet. Ressursgruppen avgjør om den skal inn i katalogen.`
        : `${c.studentName ?? 'A student'} proposes "${c.activityName}" as a CIL activity. The local group decides whether it joins the catalogue.`,
    ],
    action: c.taskUrl ? { label: lang === 'nb' ? 'Åpne oppgaven' : 'Open the task', url: c.taskUrl } : undefined,
  }),
  proposal_approved: (c, lang) => ({
    subject: lang === 'nb' ? `Forslaget ditt er godkjent: ${c.activityName ?? ''}` : `Your proposal is approved: ${c.activityName ?? ''}`,
    paragraphs: [lang === 'nb' ? `«${c.activityName}» er nå en CIL-aktivitet på programmet. Du kan registrere deltakelsen din i den.` : `"${c.activityName}" is now a CIL activity on the programme. You can record your participation in it.`],
    action: { label: lang === 'nb' ? 'Se fremdriften din' : 'See your progress', url: c.certificateUrl },
  }),
  proposal_rejected: (c, lang) => ({
    subject: lang === 'nb' ? `Forslaget ditt ble ikke godkjent: ${c.activityName ?? ''}` : `Your proposal was not approved: ${c.activityName ?? ''}`,
    paragraphs: [lang === 'nb' ? `Ressursgruppen godkjente ikke «${c.activityName}» som CIL-aktivitet.` : `The local group did not approve "${c.activityName}" as a CIL activity.`, ...(c.comment ? [c.comment] : [])],
  }),
  inactivity_notice: (c, lang) => ({
    subject: lang === 'nb' ? 'CIL-påmeldingen din avsluttes snart' : 'Your CIL enrolment will soon be closed',
    paragraphs: [
      lang === 'nb'
        ? 'Forventet studieslutt er passert, og CIL-påmeldingen din er ikke fullført. Registrer det som gjenstår, ellers avsluttes påmeldingen som ufullført. Det du har registrert, blir tatt vare på.'
        : 'Your expected end of studies has passed and your CIL enrolment is not complete. Record what is missing, or the enrolment will be closed as incomplete. What you have recorded is kept.',
    ],
    action: { label: lang === 'nb' ? 'Se fremdriften din' : 'See your progress', url: c.certificateUrl },
  }),
  closed_incomplete: (_c, lang) => ({
    subject: lang === 'nb' ? 'CIL-påmeldingen din er avsluttet som ufullført' : 'Your CIL enrolment was closed as incomplete',
    paragraphs: [lang === 'nb' ? 'Påmeldingen er avsluttet uten diplom. Det du har registrert, er tatt vare på.' : 'Your enrolment is closed without a diploma. What you recorded is kept.'],
  }),
  report_waiting: (c, lang) => ({
    subject: lang === 'nb' ? `Et refleksjonsnotat venter på et vurderingsmøte (${c.programme.nb})` : `A reflection report waits for a review meeting (${c.programme.en})`,
    paragraphs: [
      lang === 'nb'
        ? `${c.studentName} har levert det avsluttende refleksjonsnotatet, men ressursgruppen har ikke satt opp noe vurderingsmøte. Sett opp det neste møtet, så kommer notatet på sakslisten.`
        : `${c.studentName} has handed in the final reflection report, but the local group has no review meeting scheduled. Schedule the next one, and the report goes on its agenda.`,
    ],
  }),
  diploma_revoked: (c, lang) => ({
    subject: lang === 'nb' ? 'CIL-diplomet ditt er trukket tilbake' : 'Your CIL diploma has been revoked',
    paragraphs: [
      lang === 'nb'
        ? 'Den sentrale ressursgruppen for CIL har trukket tilbake diplomet ditt. Verifiseringssiden viser det nå som ikke gyldig.'
        : 'The central CIL resource group has revoked your diploma. Its verification page now shows it as not valid.',
      ...(c.comment ? [lang === 'nb' ? `Begrunnelse: ${c.comment}` : `Reason: ${c.comment}`] : []),
      lang === 'nb' ? 'Ta kontakt med den sentrale ressursgruppen hvis du har spørsmål.' : 'Contact the central resource group if you have questions.',
    ],
  }),
  withdrawn: (_c, lang) => ({
    subject: lang === 'nb' ? 'Du har meldt deg av CIL' : 'You have withdrawn from CIL',
    paragraphs: [lang === 'nb' ? 'Påmeldingen er avsluttet. Det du har registrert, er tatt vare på.' : 'Your enrolment is closed. What you recorded is kept.'],
  }),
};

export function renderCertificateMail(kind: CertificateMailKind, lang: Language, c: CertificateMailContext): RenderedMail {
  const content = T[kind](c, lang);
  return layout({ ...content, greeting: lang === 'nb' ? `Hei ${c.recipientName},` : `Dear ${c.recipientName},` }, lang);
}
