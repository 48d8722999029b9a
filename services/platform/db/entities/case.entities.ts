import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn, type Relation } from 'typeorm';
import type { InitiatorCapacity, RolloutStage } from '../../../../workflows/contracts/rollout.contract.js';
import type { CaseType, TaskStatus } from '../../../../workflows/contracts/tasks.contract.js';
import { PersonEntity, ProgrammeEntity } from './organisation.entities.js';

/** The read model of a programme rollout (Process A); the workflow is the source of truth. */
@Entity({ name: 'rollout_case' })
@Index('uq_rollout_active_per_programme', ['programmeId'], { unique: true, where: `"stage" NOT IN ('declined', 'withdrawn')` })
/** The case list's order (newest first), read backwards. */
@Index('ix_rollout_case_newest', ['createdAt', 'id'])
export class RolloutCaseEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'workflow_id', type: 'varchar', length: 200 })
  workflowId!: string;

  @Index()
  @Column({ name: 'programme_id', type: 'uuid' })
  programmeId!: string;

  @ManyToOne(() => ProgrammeEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'programme_id' })
  programme?: Relation<ProgrammeEntity>;

  @Index()
  @Column({ name: 'faculty_id', type: 'uuid' })
  facultyId!: string;

  @Index()
  @Column({ name: 'initiator_id', type: 'uuid' })
  initiatorId!: string;

  @ManyToOne(() => PersonEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'initiator_id' })
  initiator?: Relation<PersonEntity>;

  @Index()
  @Column({ type: 'varchar', length: 40 })
  stage!: RolloutStage;

  @Column({ type: 'text' })
  motivation!: string;

  @Column({ name: 'proposed_activities', type: 'text', nullable: true })
  proposedActivities!: string | null;

  @Column({ name: 'expected_students_per_year', type: 'integer' })
  expectedStudentsPerYear!: number;

  @Column({ name: 'initiator_capacity', type: 'varchar', length: 40 })
  initiatorCapacity!: InitiatorCapacity;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

/** One human step of a case: created, reassigned and closed by the case's workflow. */
@Entity({ name: 'task' })
@Index('ix_task_assignee_open', ['assigneeId', 'status'])
export class TaskEntity {
  /** `<workflowId>:<step>`, chosen by the workflow. */
  @PrimaryColumn({ type: 'varchar', length: 200 })
  id!: string;

  @Column({ name: 'case_type', type: 'varchar', length: 20 })
  caseType!: CaseType;

  @Index()
  @Column({ name: 'case_id', type: 'uuid' })
  caseId!: string;

  @Column({ name: 'workflow_id', type: 'varchar', length: 200 })
  workflowId!: string;

  @Column({ type: 'varchar', length: 60 })
  type!: string;

  @Column({ name: 'assignee_id', type: 'uuid' })
  assigneeId!: string;

  @ManyToOne(() => PersonEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'assignee_id' })
  assignee?: Relation<PersonEntity>;

  /** 1 for the first assignee, +1 at each reassignment; task links carry it. */
  @Column({ type: 'integer', default: 1 })
  assignment!: number;

  @Column({ type: 'varchar', length: 20, default: 'open' })
  status!: TaskStatus;

  @Column({ name: 'due_at', type: 'timestamptz' })
  dueAt!: Date;

  @Column({ type: 'jsonb', nullable: true })
  decision!: Record<string, unknown> | null;

  @Column({ name: 'decided_by', type: 'uuid', nullable: true })
  decidedBy!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt!: Date | null;
}

/** The timeline of a case: who did what, when, with what comment. */
@Entity({ name: 'case_event' })
@Index('uq_case_event_key', ['caseId', 'key'], { unique: true })
/** Who handed a task on (case-access.ts): an expression index the CaseListIndexes migration writes; TypeORM leaves it be. */
@Index('ix_case_event_reassigned_from', { synchronize: false })
export class CaseEventEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'case_id', type: 'uuid' })
  caseId!: string;

  /** Stable per step, so a retried activity records the event once. */
  @Column({ type: 'varchar', length: 300 })
  key!: string;

  @Column({ type: 'varchar', length: 80 })
  kind!: string;

  @Column({ name: 'actor_id', type: 'uuid', nullable: true })
  actorId!: string | null;

  @Column({ type: 'text', nullable: true })
  comment!: string | null;

  @Column({ type: 'jsonb', nullable: true })
  data!: Record<string, unknown> | null;

  @CreateDateColumn({ name: 'at', type: 'timestamptz' })
  at!: Date;
}

/** What a queued e-mail carries until it is sent; attachments are base64. */
export interface QueuedMailContent {
  subject: string;
  text: string;
  html?: string;
  attachments?: { filename: string; contentBase64: string; contentType: string }[];
}

/**
 * The mail outbox: one row per e-mail, keyed by step and recipient, written by the worker's
 * activities (a retried activity finds its row and adds none) and sent by the dispatcher in the
 * API process. The content is dropped once the message is sent.
 */
@Entity({ name: 'mail_outbox' })
@Index('IDX_mail_outbox_due', ['nextAttemptAt'], { where: `"status" = 'pending'` })
export class MailOutboxEntity {
  @PrimaryColumn({ name: 'idempotency_key', type: 'varchar', length: 400 })
  idempotencyKey!: string;

  @Column({ name: 'message_id', type: 'varchar', length: 200 })
  messageId!: string;

  @Column({ type: 'varchar', length: 40 })
  kind!: string;

  @Index()
  @Column({ name: 'case_id', type: 'uuid', nullable: true })
  caseId!: string | null;

  @Column({ type: 'varchar', length: 320 })
  recipient!: string;

  @Column({ type: 'jsonb', nullable: true })
  content!: QueuedMailContent | null;

  @Column({ type: 'varchar', length: 10, default: 'pending' })
  status!: 'pending' | 'sent' | 'failed';

  @Column({ type: 'int', default: 0 })
  attempts!: number;

  @Column({ name: 'next_attempt_at', type: 'timestamptz', default: () => 'now()' })
  nextAttemptAt!: Date;

  @Column({ name: 'last_error', type: 'varchar', length: 300, nullable: true })
  lastError!: string | null;

  @CreateDateColumn({ name: 'queued_at', type: 'timestamptz' })
  queuedAt!: Date;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt!: Date | null;
}
