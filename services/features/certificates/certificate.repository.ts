import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager, In, IsNull, Not } from 'typeorm';
import {
  ActivityProposalEntity,
  CatalogueActivityEntity,
  CertificateEntity,
  InboundEventEntity,
  ParticipationEntity,
  ReflectionReportEntity,
  RoleAssignmentEntity,
} from '../../platform/db/entities/index.js';
import type { CertificateSnapshot, CertificateStage } from '../../../workflows/contracts/certificate.contract.js';

const ENDED: CertificateStage[] = ['withdrawn', 'closed_incomplete'];

/** The certificate read model, the students' texts, and inbound events. */
@Injectable()
export class CertificateRepository {
  constructor(private readonly db: DataSource) {}

  insert(row: Pick<CertificateEntity, 'id' | 'workflowId' | 'studentId' | 'programmeId' | 'stage'>) {
    return this.db.getRepository(CertificateEntity).insert(row);
  }

  find(id: string): Promise<CertificateEntity | null> {
    return this.db.getRepository(CertificateEntity).findOne({ where: { id }, relations: { programme: { department: { faculty: true } }, student: true } });
  }

  /** The student's certificate on the programme that has not ended, if any. */
  active(studentId: string, programmeId: string, db: EntityManager = this.db.manager): Promise<CertificateEntity | null> {
    return db.getRepository(CertificateEntity).findOneBy({ studentId, programmeId, stage: Not(In(ENDED)) });
  }

  /** A programme's certificates with their students, newest first (in one stage, if given). */
  forProgramme(programmeId: string, stage?: CertificateStage, limit = 500): Promise<CertificateEntity[]> {
    return this.db.getRepository(CertificateEntity).find({ where: { programmeId, ...(stage ? { stage } : {}) }, relations: { student: true }, order: { createdAt: 'DESC' }, take: limit });
  }

  forStudent(studentId: string): Promise<CertificateEntity[]> {
    return this.db.getRepository(CertificateEntity).find({ where: { studentId }, relations: { programme: true }, order: { createdAt: 'DESC' } });
  }

  async setStage(id: string, stage: CertificateStage): Promise<void> {
    await this.db.getRepository(CertificateEntity).update({ id }, { stage });
  }

  /** Keeps the workflow's view for reads; one step's snapshot never replaces a later one's (local activities may finish out of order). */
  async saveSnapshot(id: string, snapshot: CertificateSnapshot): Promise<void> {
    await this.db.query(
      'UPDATE certificate SET workflow_view = $2, workflow_view_version = $3 WHERE id = $1 AND (workflow_view_version IS NULL OR workflow_view_version < $3)',
      [id, JSON.stringify(snapshot.view), snapshot.version],
    );
  }

  addParticipation(row: Omit<ParticipationEntity, 'createdAt'>, db: EntityManager = this.db.manager): Promise<unknown> {
    return db.createQueryBuilder().insert().into(ParticipationEntity).values(row).orIgnore().execute();
  }

  participation(id: string, db: EntityManager = this.db.manager): Promise<ParticipationEntity | null> {
    return db.getRepository(ParticipationEntity).findOneBy({ id });
  }

  participations(certificateId: string): Promise<ParticipationEntity[]> {
    return this.db.getRepository(ParticipationEntity).find({ where: { certificateId }, order: { createdAt: 'ASC' } });
  }

  addReport(row: Pick<ReflectionReportEntity, 'id' | 'certificateId' | 'round' | 'text' | 'meetingId'>) {
    return this.db.getRepository(ReflectionReportEntity).insert({ ...row, status: 'submitted' });
  }

  /** Reports of the programme handed in while no review meeting was scheduled, oldest first. */
  waitingReports(programmeId: string): Promise<{ id: string; certificateId: string }[]> {
    return this.db.query(
      `SELECT r.id, r.certificate_id AS "certificateId" FROM reflection_report r JOIN certificate c ON c.id = r.certificate_id
        WHERE c.programme_id = $1 AND r.meeting_id IS NULL AND r.status = 'submitted' ORDER BY r.submitted_at ASC`,
      [programmeId],
    );
  }

  /** Puts a waiting report on a meeting's agenda (once: a report already on one keeps it). */
  async putOnAgenda(reportId: string, meetingId: string): Promise<void> {
    await this.db.getRepository(ReflectionReportEntity).update({ id: reportId, meetingId: IsNull() }, { meetingId });
  }

  report(id: string): Promise<ReflectionReportEntity | null> {
    return this.db.getRepository(ReflectionReportEntity).findOneBy({ id });
  }

  reports(certificateId: string): Promise<ReflectionReportEntity[]> {
    return this.db.getRepository(ReflectionReportEntity).find({ where: { certificateId }, order: { round: 'ASC' } });
  }

  agenda(meetingId: string): Promise<ReflectionReportEntity[]> {
    return this.db.getRepository(ReflectionReportEntity).find({ where: { meetingId }, order: { submittedAt: 'ASC' } });
  }

  async decideReport(certificateId: string, meetingId: string, status: 'approved' | 'revise', comment: string | null): Promise<void> {
    await this.db.getRepository(ReflectionReportEntity).update({ certificateId, meetingId, status: 'submitted' }, { status, comment });
  }

  /** The local group of a programme: who confirms participations, and all members. */
  async localGroup(programmeId: string): Promise<{ confirmerId?: string; memberIds: string[] }> {
    const rows = await this.db.getRepository(RoleAssignmentEntity).find({ where: { programmeId, role: 'local_group_member' }, order: { createdAt: 'ASC' } });
    const confirmer = rows.find((r) => r.localGroupRole === 'administrative_resource') ?? rows.find((r) => r.localGroupRole === 'academic_coordinator');
    return { confirmerId: confirmer?.personId, memberIds: rows.map((r) => r.personId) };
  }

  addProposal(row: Pick<ActivityProposalEntity, 'id' | 'certificateId' | 'programmeId' | 'name' | 'description' | 'category' | 'source'>) {
    return this.db.getRepository(ActivityProposalEntity).insert({ ...row, status: 'open' });
  }

  proposal(id: string): Promise<ActivityProposalEntity | null> {
    return this.db.getRepository(ActivityProposalEntity).findOneBy({ id });
  }

  /** An approved proposal joins the catalogue once (in one transaction); a rejected one is marked. */
  async settleProposal(id: string, approved: boolean, decidedBy: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const proposal = await tx.getRepository(ActivityProposalEntity).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!proposal || proposal.status !== 'open') return;
      let catalogueActivityId: string | null = null;
      if (approved) {
        const activity = await tx.getRepository(CatalogueActivityEntity).save({
          programmeId: proposal.programmeId,
          name: proposal.name,
          description: proposal.description,
          category: proposal.category,
          minimumSessions: null,
          minimumSemesters: null,
          source: proposal.source ?? 'proposed by a student',
          status: 'active',
          createdBy: decidedBy,
          retiredAt: null,
        });
        catalogueActivityId = activity.id;
      }
      await tx.getRepository(ActivityProposalEntity).update({ id }, { status: approved ? 'approved' : 'rejected', catalogueActivityId });
    });
  }

  /** Runs `work` in one transaction (READ COMMITTED): every query of it goes through the manager it is given. */
  transaction<T>(work: (db: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  /**
   * Reserves an inbound event's (source, idempotency key) inside the caller's transaction: answers
   * the new row's id, or null when the key is taken. The unique index decides: a concurrent copy
   * of the event waits here until the first one's transaction ends, and then finds the key taken
   * (committed) or takes it itself (rolled back).
   */
  async reserveEvent(db: EntityManager, row: Pick<InboundEventEntity, 'source' | 'idempotencyKey' | 'type' | 'body'>): Promise<string | null> {
    const rows = await db.query<{ id: string }[]>(
      `INSERT INTO inbound_event (source, idempotency_key, type, status, body) VALUES ($1, $2, $3, 'accepted', $4)
         ON CONFLICT (source, idempotency_key) DO NOTHING RETURNING id`,
      [row.source, row.idempotencyKey, row.type, JSON.stringify(row.body)],
    );
    return rows[0]?.id ?? null;
  }

  /** The event kept for a source and key, if any. */
  async knownEvent(db: EntityManager, source: string, idempotencyKey: string): Promise<Pick<InboundEventEntity, 'status' | 'certificateId'> | null> {
    const rows = await db.query<{ status: 'accepted' | 'rejected'; certificate_id: string | null }[]>('SELECT status, certificate_id FROM inbound_event WHERE source = $1 AND idempotency_key = $2', [source, idempotencyKey]);
    return rows.length ? { status: rows[0].status, certificateId: rows[0].certificate_id } : null;
  }

  /** The outcome of a reserved event. */
  async settleEvent(db: EntityManager, id: string, outcome: Pick<InboundEventEntity, 'status' | 'reason' | 'certificateId'>): Promise<void> {
    await db.getRepository(InboundEventEntity).update({ id }, outcome);
  }
}
