import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CatalogueActivityEntity, DevelopmentRecordEntity, ProgrammeEntity, ReviewMeetingEntity } from '../../platform/db/entities/index.js';

/** A programme's catalogue, development records and review meetings. */
@Injectable()
export class CatalogueRepository {
  constructor(private readonly db: DataSource) {}

  activities(programmeId: string, includeRetired = false): Promise<CatalogueActivityEntity[]> {
    return this.db.getRepository(CatalogueActivityEntity).find({
      where: includeRetired ? { programmeId } : { programmeId, status: 'active' },
      order: { category: 'ASC', name: 'ASC' },
    });
  }

  async addActivity(row: Omit<CatalogueActivityEntity, 'id' | 'createdAt' | 'retiredAt' | 'status'>): Promise<CatalogueActivityEntity> {
    return this.db.getRepository(CatalogueActivityEntity).save({ ...row, status: 'active', retiredAt: null });
  }

  findActivity(programmeId: string, id: string): Promise<CatalogueActivityEntity | null> {
    return this.db.getRepository(CatalogueActivityEntity).findOneBy({ programmeId, id });
  }

  /** Changes an active activity's minimums; answers whether it was active. */
  async setMinimums(id: string, minimums: Pick<CatalogueActivityEntity, 'minimumSessions' | 'minimumSemesters'>): Promise<boolean> {
    const result = await this.db.getRepository(CatalogueActivityEntity).update({ id, status: 'active' }, minimums);
    return (result.affected ?? 0) > 0;
  }

  async retireActivity(id: string): Promise<void> {
    await this.db.getRepository(CatalogueActivityEntity).update({ id, status: 'active' }, { status: 'retired', retiredAt: new Date() });
  }

  /** Active activities per category. */
  async counts(programmeId: string): Promise<{ home: number; abroad: number }> {
    const rows = await this.db
      .getRepository(CatalogueActivityEntity)
      .createQueryBuilder('a')
      .select('a.category', 'category')
      .addSelect('COUNT(*)::int', 'n')
      .where('a.programme_id = :programmeId AND a.status = :active', { programmeId, active: 'active' })
      .groupBy('a.category')
      .getRawMany<{ category: 'home' | 'abroad'; n: number }>();
    return { home: rows.find((r) => r.category === 'home')?.n ?? 0, abroad: rows.find((r) => r.category === 'abroad')?.n ?? 0 };
  }

  async openForEnrolment(programmeId: string): Promise<void> {
    await this.db.getRepository(ProgrammeEntity).update({ id: programmeId, enrolmentOpen: false }, { enrolmentOpen: true, enrolmentOpenedAt: new Date() });
  }

  addDevelopmentRecord(row: Omit<DevelopmentRecordEntity, 'id' | 'createdAt'>): Promise<DevelopmentRecordEntity> {
    return this.db.getRepository(DevelopmentRecordEntity).save(row);
  }

  developmentRecords(programmeId: string): Promise<DevelopmentRecordEntity[]> {
    return this.db.getRepository(DevelopmentRecordEntity).find({ where: { programmeId }, order: { heldOn: 'ASC' } });
  }

  addReviewMeeting(row: Omit<ReviewMeetingEntity, 'id' | 'createdAt'>): Promise<ReviewMeetingEntity> {
    return this.db.getRepository(ReviewMeetingEntity).save(row);
  }

  findReviewMeeting(id: string): Promise<ReviewMeetingEntity | null> {
    return this.db.getRepository(ReviewMeetingEntity).findOneBy({ id });
  }

  reviewMeetings(programmeId: string): Promise<ReviewMeetingEntity[]> {
    return this.db.getRepository(ReviewMeetingEntity).find({ where: { programmeId }, order: { scheduledAt: 'ASC' } });
  }
}
