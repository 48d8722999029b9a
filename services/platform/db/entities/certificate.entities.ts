import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn, type Relation } from 'typeorm';
import type { CertificateStage, CertificateView } from '../../../../workflows/contracts/certificate.contract.js';
import { PersonEntity, ProgrammeEntity } from './organisation.entities.js';

/** The read model of a student's certificate (Process B); the workflow is the source of truth. */
@Entity({ name: 'certificate' })
@Index('uq_certificate_active_per_student', ['studentId', 'programmeId'], { unique: true, where: `"stage" NOT IN ('withdrawn', 'closed_incomplete')` })
export class CertificateEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'workflow_id', type: 'varchar', length: 200 })
  workflowId!: string;

  @Column({ name: 'student_id', type: 'uuid' })
  studentId!: string;

  @ManyToOne(() => PersonEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'student_id' })
  student?: Relation<PersonEntity>;

  @Index()
  @Column({ name: 'programme_id', type: 'uuid' })
  programmeId!: string;

  @ManyToOne(() => ProgrammeEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'programme_id' })
  programme?: Relation<ProgrammeEntity>;

  @Index()
  @Column({ type: 'varchar', length: 30 })
  stage!: CertificateStage;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  /** The workflow's view as of its last step (CertificateSnapshot); null until a step has written one. */
  @Column({ name: 'workflow_view', type: 'jsonb', nullable: true })
  workflowView!: CertificateView | null;

  @Column({ name: 'workflow_view_version', type: 'integer', nullable: true })
  workflowViewVersion!: number | null;
}

/** A participation in a catalogue activity, with the student's texts (never in workflow history). */
@Entity({ name: 'participation' })
export class ParticipationEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Index()
  @Column({ name: 'certificate_id', type: 'uuid' })
  certificateId!: string;

  @Column({ name: 'activity_id', type: 'uuid' })
  activityId!: string;

  @Column({ name: 'started_on', type: 'date' })
  startedOn!: string;

  @Column({ name: 'ended_on', type: 'date' })
  endedOn!: string;

  @Column({ type: 'text' })
  description!: string;

  @Column({ type: 'text' })
  reflection!: string;

  @Column({ name: 'evidence_url', type: 'varchar', length: 500, nullable: true })
  evidenceUrl!: string | null;

  @Column({ type: 'integer', nullable: true })
  sessions!: number | null;

  @Column({ type: 'integer', nullable: true })
  semesters!: number | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

/** The final reflection report, one row per round. */
@Entity({ name: 'reflection_report' })
export class ReflectionReportEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Index()
  @Column({ name: 'certificate_id', type: 'uuid' })
  certificateId!: string;

  @Column({ type: 'integer' })
  round!: number;

  @Column({ type: 'text' })
  text!: string;

  /** The review meeting whose agenda the report is on; null while the group has none scheduled. */
  @Index()
  @Column({ name: 'meeting_id', type: 'uuid', nullable: true })
  meetingId!: string | null;

  @Column({ type: 'varchar', length: 20, default: 'submitted' })
  status!: 'submitted' | 'approved' | 'revise';

  @Column({ type: 'text', nullable: true })
  comment!: string | null;

  @CreateDateColumn({ name: 'submitted_at', type: 'timestamptz' })
  submittedAt!: Date;
}

/** An issued diploma, verifiable by its code; revocation keeps the row. */
@Entity({ name: 'diploma' })
export class DiplomaEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index({ unique: true })
  @Column({ name: 'certificate_id', type: 'uuid' })
  certificateId!: string;

  @Index({ unique: true })
  @Column({ name: 'verification_code', type: 'varchar', length: 40 })
  verificationCode!: string;

  /** What the diploma certifies, as issued (student, programme, activities, course, presentation). */
  @Column({ type: 'jsonb' })
  content!: Record<string, unknown>;

  /** Open Badges 3.0 credential as a VC-JWT (EdDSA). */
  @Column({ name: 'credential_jwt', type: 'text' })
  credentialJwt!: string;

  /** Its bit in the Bitstring Status Lists (list ⌊index / 131072⌋ + 1); null for a diploma issued before status lists. */
  @Index({ unique: true })
  @Column({ name: 'status_index', type: 'integer', nullable: true })
  statusIndex!: number | null;

  @Column({ type: 'bytea' })
  pdf!: Buffer;

  @CreateDateColumn({ name: 'issued_at', type: 'timestamptz' })
  issuedAt!: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;

  @Column({ name: 'revoked_by', type: 'uuid', nullable: true })
  revokedBy!: string | null;

  @Column({ name: 'revocation_reason', type: 'text', nullable: true })
  revocationReason!: string | null;
}

/** Every event another system sent, kept whether accepted or rejected. */
@Entity({ name: 'inbound_event' })
@Index('uq_inbound_event_key', ['source', 'idempotencyKey'], { unique: true })
export class InboundEventEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 60 })
  source!: string;

  @Column({ name: 'idempotency_key', type: 'varchar', length: 200 })
  idempotencyKey!: string;

  @Column({ type: 'varchar', length: 40 })
  type!: string;

  @Column({ type: 'varchar', length: 20 })
  status!: 'accepted' | 'rejected';

  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  @Column({ name: 'certificate_id', type: 'uuid', nullable: true })
  certificateId!: string | null;

  @Column({ type: 'jsonb' })
  body!: Record<string, unknown>;

  @CreateDateColumn({ name: 'received_at', type: 'timestamptz' })
  receivedAt!: Date;
}

/** An activity a student proposes; the local group decides whether it joins the catalogue. */
@Entity({ name: 'activity_proposal' })
export class ActivityProposalEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Index()
  @Column({ name: 'certificate_id', type: 'uuid' })
  certificateId!: string;

  @Column({ name: 'programme_id', type: 'uuid' })
  programmeId!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ type: 'text' })
  description!: string;

  @Column({ type: 'varchar', length: 10 })
  category!: 'home' | 'abroad';

  @Column({ type: 'varchar', length: 200, nullable: true })
  source!: string | null;

  @Column({ type: 'varchar', length: 20, default: 'open' })
  status!: 'open' | 'approved' | 'rejected';

  /** The catalogue activity it became, once approved. */
  @Column({ name: 'catalogue_activity_id', type: 'uuid', nullable: true })
  catalogueActivityId!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
