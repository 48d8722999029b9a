import { Body, Controller, Get, HttpException, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import type { Request, Response } from 'express';
import { Public } from '../auth/auth.decorators.js';
import { EnrolDto } from '../certificates/certificates.dto.js';
import { CertificatesService } from '../certificates/certificates.service.js';
import { OrganisationRepository } from '../organisation/organisation.repository.js';
import { RolloutRepository } from '../rollouts/rollout.repository.js';
import type { ProgrammeEntity } from '../../platform/db/entities/index.js';
import { fieldsOf, toErrorBody } from '../../platform/http/errors.js';
import { describedBy, Field, Layout, renderPage, type Lang } from '../../platform/http/ui/components.js';
import { problemText } from '../../platform/http/ui/problems.js';
import type { RolloutStage } from '../../../workflows/contracts/rollout.contract.js';
import { pageSession, sendPage, type PageSession } from './page-session.js';

/** Certificates that have ended: a student may enrol again after one of these. */
const ENDED = new Set(['withdrawn', 'closed_incomplete']);

/** Why a programme is not open for enrolment yet, by where its rollout stands (none: nobody has proposed CIL). */
type NotOpenReason = 'none' | 'assessed' | 'preparing' | 'opening';
const REASON_OF: Record<RolloutStage, NotOpenReason> = {
  anchoring: 'assessed',
  changes_requested: 'assessed',
  final_approval: 'assessed',
  local_group: 'preparing',
  development: 'preparing',
  open: 'opening',
  declined: 'none',
  withdrawn: 'none',
};

const T = {
  nb: {
    title: 'Mitt sertifikat',
    intro: 'Sertifikat for internasjonal læring (CIL) synliggjør den internasjonale erfaringen du får i løpet av studiene, både hjemme og i utlandet. For å få sertifikatet:',
    needs: [
      'deltar du i tre ulike aktiviteter, minst én hjemme og minst én i utlandet, og skriver en kort refleksjon om hver av dem,',
      'gjennomfører du CIL-karrierekurset,',
      'presenterer du erfaringene dine for andre studenter,',
      'og skriver et avsluttende refleksjonsnotat, som den lokale ressursgruppen vurderer.',
    ],
    enrol: 'Meld deg på',
    programme: 'Studieprogram',
    choose: 'Velg …',
    end: 'Forventet studieslutt (valgfritt)',
    endHint: 'En påmelding uten aktivitet etter denne datoen avsluttes etter et varsel. La feltet stå tomt om du er usikker.',
    submit: 'Meld meg på CIL',
    problem: 'Rett opp feltene som er merket.',
    notOpen: 'Ikke åpent for påmelding ennå',
    reasons: {
      none: 'Ingen har foreslått CIL for dette studieprogrammet ennå. Du kan foreslå det selv.',
      assessed: 'Et forslag om CIL er til vurdering hos studieprogrammets ledelse. Du kan melde deg på når det er godkjent og aktivitetene er klare.',
      preparing: 'CIL er vedtatt, og den lokale ressursgruppen forbereder aktivitetene. Du kan melde deg på når gruppen har publisert aktivitetskatalogen.',
      opening: 'Studieprogrammet åpner for påmelding nå. Prøv igjen om litt.',
    } satisfies Record<NotOpenReason, string>,
    propose: 'Foreslå CIL for studieprogrammet',
    yours: 'Dine sertifikater',
    earlier: 'Tidligere sertifikater',
    stages: { withdrawn: 'trukket', closed_incomplete: 'avsluttet uten å være fullført' } as Record<string, string>,
    notStudent: 'Du er ikke registrert som student på noe studieprogram, så det er ikke noe å melde seg på her.',
    refused: {
      notOpen: 'Studieprogrammet er ikke åpent for CIL-påmelding ennå.',
      notYours: 'Du er ikke student på dette studieprogrammet, så du kan ikke melde deg på CIL der.',
      unknown: 'velg et studieprogram fra listen',
      later: 'Påmeldingen ble ikke fullført ennå. Prøv igjen om litt; et nytt forsøk fullfører den.',
    },
  },
  en: {
    title: 'My certificate',
    intro: 'The Certificate of International Learning (CIL) makes visible the international experience you gain during your studies, at home and abroad. To earn it you:',
    needs: [
      'take part in three different activities, at least one at home and at least one abroad, and write a short reflection on each,',
      'attend the CIL career course,',
      'present your experience to other students,',
      'and write a final reflection report, which the local resource group assesses.',
    ],
    enrol: 'Enrol',
    programme: 'Programme',
    choose: 'Choose …',
    end: 'Expected end of studies (optional)',
    endHint: 'An enrolment with no activity after this date is closed after a notice. Leave it empty if you are not sure.',
    submit: 'Enrol me in CIL',
    problem: 'Please correct the marked fields.',
    notOpen: 'Not open for enrolment yet',
    reasons: {
      none: 'Nobody has proposed CIL for this programme yet. You can propose it yourself.',
      assessed: 'A proposal to offer CIL is being assessed by the programme’s management. You can enrol once it is approved and the activities are ready.',
      preparing: 'CIL is approved, and the local resource group is preparing the activities. You can enrol once the group has published its catalogue of activities.',
      opening: 'The programme is opening for enrolment now. Please try again in a moment.',
    } satisfies Record<NotOpenReason, string>,
    propose: 'Propose CIL for the programme',
    yours: 'Your certificates',
    earlier: 'Earlier certificates',
    stages: { withdrawn: 'withdrawn', closed_incomplete: 'closed without being completed' } as Record<string, string>,
    notStudent: 'You are not registered as a student of any programme, so there is nothing to enrol in here.',
    refused: {
      notOpen: 'The programme is not open for CIL enrolment yet.',
      notYours: 'You are not a student of this programme, so you cannot enrol in its CIL.',
      unknown: 'choose a programme from the list',
      later: 'The enrolment could not be completed yet. Please try again in a moment; trying again finishes it.',
    },
  },
};

type Errors = Record<string, string>;

const nameOf = (p: Pick<ProgrammeEntity, 'code' | 'nameNb' | 'nameEn'>, lang: Lang) => `${lang === 'nb' ? p.nameNb : p.nameEn} (${p.code})`;

/** Field problems as a person reads them, each said once (a date may break two rules with one mistake). */
const problemsText = (lang: Lang, field: string, problems: string[]) => [...new Set(problems.map((p) => problemText(lang, field, p)))].join('; ');

/**
 * A student enrols from a page: `/certificates` sends an enrolled student on to their certificate's
 * page; otherwise it offers the student's programmes that are open for CIL, and says in words why
 * the others are not. The form calls CertificatesService.enrol, as the JSON API does.
 */
@ApiExcludeController()
@Public()
@Controller()
export class EnrolController {
  constructor(
    private readonly certificates: CertificatesService,
    private readonly organisation: OrganisationRepository,
    private readonly rollouts: RolloutRepository,
  ) {}

  @Get('certificates')
  async show(@Req() req: Request, @Res() res: Response): Promise<void> {
    const session = pageSession(req, res);
    if (!session) return;
    await this.render(res, session, 200, {}, {}, true);
  }

  @Post('certificates')
  async enrol(@Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response): Promise<void> {
    const session = pageSession(req, res);
    if (!session) return;
    const { lang } = session;
    const t = T[lang];
    const values = Object.fromEntries(['programmeId', 'expectedEndOfStudies'].map((k) => [k, typeof body[k] === 'string' ? body[k].trim() : '']));
    const dto = plainToInstance(EnrolDto, { programmeId: values.programmeId, ...(values.expectedEndOfStudies ? { expectedEndOfStudies: values.expectedEndOfStudies } : {}) });
    const problems = fieldsOf(await validate(dto));
    if (problems.length) return this.render(res, session, 400, Object.fromEntries(problems.map((p) => [p.field, problemsText(lang, p.field, p.problems)])), values);
    let enrolled: { id: string };
    try {
      enrolled = await this.certificates.enrol(session.principal, dto.programmeId, dto.expectedEndOfStudies);
    } catch (err) {
      if (!(err instanceof HttpException)) throw err;
      const status = err.getStatus();
      const errorBody = toErrorBody(err);
      // The service's refusals, in the reader's language and at the field they are about.
      const errors: Errors =
        status === 409
          ? { programmeId: t.refused.notOpen }
          : status === 403
            ? { programmeId: t.refused.notYours }
            : status === 503
              ? { form: t.refused.later }
              : errorBody.fields?.length
                ? Object.fromEntries(errorBody.fields.map((f) => [f.field, f.field === 'programmeId' ? t.refused.unknown : problemsText(lang, f.field, f.problems)]))
                : { form: errorBody.message };
      return this.render(res, session, status, errors, values);
    }
    res.redirect(303, `/certificates/${enrolled.id}`);
  }

  /** The page; on a plain visit, an enrolled student with nothing more to enrol in is sent to the certificate (303). */
  private async render(res: Response, session: PageSession, status: number, errors: Errors, values: Record<string, string>, visit = false): Promise<void> {
    const { lang, principal } = session;
    const t = T[lang];
    const mine = await this.certificates.mine(principal);
    const active = mine.filter((c) => !ENDED.has(c.stage));
    const ended = mine.filter((c) => ENDED.has(c.stage));
    const studies = new Set(principal.grants.flatMap((g) => (g.role === 'student' && g.programmeId ? [g.programmeId] : [])));
    const programmes = (await this.organisation.listProgrammes()).filter((p) => studies.has(p.id));
    const enrolledIn = new Set(active.map((c) => c.programme?.id));
    const enrollable = programmes.filter((p) => p.enrolmentOpen && !enrolledIn.has(p.id));
    if (visit && active.length > 0 && enrollable.length === 0) return res.redirect(303, `/certificates/${active[0].id}`);
    const notOpen = await Promise.all(
      programmes.filter((p) => !p.enrolmentOpen).map(async (p) => {
        const rollout = await this.rollouts.activeFor(p.id);
        return { programme: p, reason: rollout ? REASON_OF[rollout.stage] : ('none' as const) };
      }),
    );
    const formShown = enrollable.length > 0;
    const hasErrors = Object.keys(errors).length > 0;
    // Without the form on the page (nothing left to enrol in), a refusal is said in the summary itself.
    const summary = errors.form ?? (formShown ? t.problem : Object.values(errors).join(' '));
    const alert = hasErrors && (
      <div class="error" role="alert" id="form-errors">
        <p>
          <strong>{summary}</strong>
        </p>
      </div>
    );
    sendPage(
      res,
      renderPage(
        <Layout lang={lang} title={t.title} person={principal} nav={session.nav} csrf={session.csrf} path={session.path}>
          <h1>{t.title}</h1>
          <p>{t.intro}</p>
          <ul id="needs">
            {t.needs.map((n) => (
              <li>{n}</li>
            ))}
          </ul>
          {active.length > 0 && (
            <>
              <h2>{t.yours}</h2>
              <ul id="certificates">
                {active.map((c) => (
                  <li>
                    <a href={`/certificates/${c.id}`}>{c.programme ? nameOf(c.programme, lang) : c.id}</a>
                  </li>
                ))}
              </ul>
            </>
          )}
          {!formShown && alert}
          {programmes.length === 0 && (
            <p id="not-student" class="muted">
              {t.notStudent}
            </p>
          )}
          {formShown && (
            <>
              <h2>{t.enrol}</h2>
              {alert}
              <form method="post" action="/certificates" id="enrol-form" novalidate>
                <input type="hidden" name="_csrf" value={session.csrf} />
                <Field id="enrol-programmeId" label={t.programme} error={errors.programmeId}>
                  <select id="enrol-programmeId" name="programmeId" required {...describedBy('enrol-programmeId', errors.programmeId)}>
                    {enrollable.length > 1 && <option value="">{t.choose}</option>}
                    {enrollable.map((p) => (
                      <option value={p.id} selected={p.id === values.programmeId}>
                        {nameOf(p, lang)}
                      </option>
                    ))}
                  </select>
                </Field>
                <Field id="enrol-expectedEndOfStudies" label={t.end} hint={t.endHint} error={errors.expectedEndOfStudies}>
                  <input id="enrol-expectedEndOfStudies" name="expectedEndOfStudies" type="date" value={values.expectedEndOfStudies ?? ''} {...describedBy('enrol-expectedEndOfStudies', errors.expectedEndOfStudies, t.endHint)} />
                </Field>
                <p>
                  <button type="submit">{t.submit}</button>
                </p>
              </form>
            </>
          )}
          {notOpen.length > 0 && (
            <>
              <h2>{t.notOpen}</h2>
              <ul id="not-open">
                {notOpen.map(({ programme, reason }) => (
                  <li data-programme={programme.code} data-reason={reason}>
                    <strong>{nameOf(programme, lang)}</strong>: {t.reasons[reason]}
                    {reason === 'none' && (
                      <>
                        {' '}
                        <a href="/initiatives/new">{t.propose}</a>
                      </>
                    )}
                  </li>
                ))}
              </ul>
            </>
          )}
          {ended.length > 0 && (
            <>
              <h2>{t.earlier}</h2>
              <ul id="earlier">
                {ended.map((c) => (
                  <li>
                    <a href={`/certificates/${c.id}`}>{c.programme ? nameOf(c.programme, lang) : c.id}</a> ({t.stages[c.stage] ?? c.stage})
                  </li>
                ))}
              </ul>
            </>
          )}
        </Layout>,
      ),
      programmes.length === 0 && status === 200 ? 403 : status,
    );
  }
}
