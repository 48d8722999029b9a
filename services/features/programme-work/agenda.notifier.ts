import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../../platform/config/config.module.js';
import type { AppConfig } from '../../platform/config/config.schema.js';
import { ProgrammeEntity, ReviewMeetingEntity } from '../../platform/db/entities/index.js';
import { layout } from '../../platform/mail/mail-layout.js';
import { CertificateRepository } from '../certificates/certificate.repository.js';
import { MailOutbox } from '../../platform/mail/mail-outbox.js';

/** The agenda of a review meeting, e-mailed to each member of the programme's local group. */
@Injectable()
export class AgendaNotifier {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly db: DataSource,
    private readonly certificates: CertificateRepository,
    private readonly outbox: MailOutbox,
  ) {}

  async send(input: { key: string; programmeId: string; meetingId: string }): Promise<void> {
    const meeting = await this.db.getRepository(ReviewMeetingEntity).findOneBy({ id: input.meetingId });
    if (!meeting) return; // cancelled meanwhile
    const programme = await this.db.getRepository(ProgrammeEntity).findOneByOrFail({ id: input.programmeId });
    const reports = (await this.certificates.agenda(meeting.id)).filter((r) => r.status === 'submitted');
    const members = await this.db.query<{ id: string; name: string; email: string; preferred_language: 'nb' | 'en' }[]>(
      `SELECT p.id, p.name, p.email, p.preferred_language FROM role_assignment r JOIN person p ON p.id = r.person_id
        WHERE r.programme_id = $1 AND r.role = 'local_group_member' ORDER BY p.name`,
      [input.programmeId],
    );
    const url = `${this.config.publicUrl}/api/review-meetings/${meeting.id}/agenda`;
    for (const m of members) {
      const nb = m.preferred_language === 'nb';
      const when = new Intl.DateTimeFormat(nb ? 'nb-NO' : 'en-GB', { dateStyle: 'full', timeStyle: 'short', timeZone: 'Europe/Oslo' }).format(meeting.scheduledAt);
      const rendered = layout(
        {
          subject: nb ? `Sakliste: ressursgruppemøte ${when} – ${programme.nameNb}` : `Agenda: local group meeting ${when} – ${programme.nameEn}`,
          greeting: nb ? `Hei ${m.name},` : `Dear ${m.name},`,
          paragraphs: [
            reports.length
              ? nb
                ? `${reports.length} avsluttende refleksjonsnotat(er) skal vurderes på møtet.`
                : `${reports.length} final reflection report(s) are to be assessed at the meeting.`
              : nb
                ? 'Ingen refleksjonsnotater er levert til dette møtet ennå.'
                : 'No reflection reports have been handed in for this meeting yet.',
            ...(meeting.location ? [nb ? `Sted: ${meeting.location}` : `Place: ${meeting.location}`] : []),
          ],
          action: { label: nb ? 'Se saklisten' : 'See the agenda', url },
        },
        m.preferred_language,
      );
      await this.outbox.queue({ key: `${input.key}/${m.id}`, recipient: m.email, kind: 'review_agenda', caseId: meeting.programmeId }, rendered);
    }
  }
}
