import { Injectable } from '@nestjs/common';
import { Between, DataSource, In, IsNull, Not } from 'typeorm';
import { CatalogueActivityEntity, CertificateEntity, DiplomaEntity, ParticipationEntity, PersonEntity, ProgrammeEntity } from '../../platform/db/entities/index.js';

/** Diplomas and what one is issued from: the only place their queries live. */
@Injectable()
export class DiplomaRepository {
  constructor(private readonly db: DataSource) {}

  forCertificate(certificateId: string): Promise<DiplomaEntity | null> {
    return this.db.getRepository(DiplomaEntity).findOneBy({ certificateId });
  }

  byCode(verificationCode: string): Promise<DiplomaEntity | null> {
    return this.db.getRepository(DiplomaEntity).findOneBy({ verificationCode });
  }

  /** Whether the diploma with this code is revoked (null: no such diploma); reads neither PDF nor credential. */
  revocationByCode(verificationCode: string): Promise<{ revokedAt: Date | null } | null> {
    return this.db.getRepository(DiplomaEntity).findOne({ where: { verificationCode }, select: { id: true, revokedAt: true } });
  }

  /** The student, the programme and the counted participations with their activities. */
  async issueFacts(certificateId: string, counted: { participationId: string; activityId: string }[]) {
    const certificate = await this.db.getRepository(CertificateEntity).findOneByOrFail({ id: certificateId });
    const [student, programme, participations, activities] = await Promise.all([
      this.db.getRepository(PersonEntity).findOneByOrFail({ id: certificate.studentId }),
      this.db.getRepository(ProgrammeEntity).findOneByOrFail({ id: certificate.programmeId }),
      this.db.getRepository(ParticipationEntity).findBy({ id: In(counted.map((c) => c.participationId)) }),
      this.db.getRepository(CatalogueActivityEntity).findBy({ id: In(counted.map((c) => c.activityId)) }),
    ]);
    return { student, programme, participations: new Map(participations.map((p) => [p.id, p])), activities: new Map(activities.map((a) => [a.id, a])) };
  }

  /**
   * Stores the certificate's diploma unless one is there already; answers the stored one, or null
   * when nothing was stored because another diploma holds the same status index or code (pick again).
   */
  async insertOnce(row: Pick<DiplomaEntity, 'certificateId' | 'verificationCode' | 'content' | 'credentialJwt' | 'pdf' | 'statusIndex'>): Promise<DiplomaEntity | null> {
    await this.db.createQueryBuilder().insert().into(DiplomaEntity).values(row as never).orIgnore().execute();
    return this.db.getRepository(DiplomaEntity).findOneBy({ certificateId: row.certificateId });
  }

  /** How many status indexes in [from, to) diplomas hold. */
  statusIndexesIn(from: number, to: number): Promise<number> {
    return this.db.getRepository(DiplomaEntity).countBy({ statusIndex: Between(from, to - 1) });
  }

  async statusIndexTaken(statusIndex: number): Promise<boolean> {
    return (await this.db.getRepository(DiplomaEntity).countBy({ statusIndex })) > 0;
  }

  /** The status indexes in [from, to) of revoked diplomas. */
  async revokedStatusIndexesIn(from: number, to: number): Promise<number[]> {
    const rows = await this.db.getRepository(DiplomaEntity).find({ where: { statusIndex: Between(from, to - 1), revokedAt: Not(IsNull()) }, select: { id: true, statusIndex: true } });
    return rows.map((r) => r.statusIndex!);
  }

  async revoke(id: string, actorId: string, reason: string): Promise<void> {
    await this.db.getRepository(DiplomaEntity).update({ id }, { revokedAt: new Date(), revokedBy: actorId, revocationReason: reason });
  }
}
