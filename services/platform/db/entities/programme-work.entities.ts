import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const ACTIVITY_CATEGORIES = ['home', 'abroad'] as const;
export type ActivityCategory = (typeof ACTIVITY_CATEGORIES)[number];

/** What counts as a CIL activity on a programme, defined by its local group. */
@Entity({ name: 'catalogue_activity' })
export class CatalogueActivityEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index()
  @Column({ name: 'programme_id', type: 'uuid' })
  programmeId!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ type: 'text' })
  description!: string;

  @Column({ type: 'varchar', length: 10 })
  category!: ActivityCategory;

  /** E.g. a language café counts after three meetings. */
  @Column({ name: 'minimum_sessions', type: 'integer', nullable: true })
  minimumSessions!: number | null;

  /** E.g. a buddy scheme counts after one semester. */
  @Column({ name: 'minimum_semesters', type: 'integer', nullable: true })
  minimumSemesters!: number | null;

  /** Course code, exchange agreement, guest lecture series… */
  @Column({ type: 'varchar', length: 200, nullable: true })
  source!: string | null;

  @Column({ type: 'varchar', length: 10, default: 'active' })
  status!: 'active' | 'retired';

  @Column({ name: 'created_by', type: 'uuid' })
  createdBy!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'retired_at', type: 'timestamptz', nullable: true })
  retiredAt!: Date | null;
}

export const DEVELOPMENT_RECORD_KINDS = ['workshop', 'calibration_meeting', 'information_work'] as const;
export type DevelopmentRecordKind = (typeof DEVELOPMENT_RECORD_KINDS)[number];

/** The local group's development work: the workshop, calibration meetings, information to students. */
@Entity({ name: 'development_record' })
export class DevelopmentRecordEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index()
  @Column({ name: 'programme_id', type: 'uuid' })
  programmeId!: string;

  @Column({ type: 'varchar', length: 30 })
  kind!: DevelopmentRecordKind;

  @Column({ name: 'held_on', type: 'date' })
  heldOn!: string;

  /** Person ids of those present. */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  attendees!: string[];

  @Column({ type: 'text' })
  outcome!: string;

  @Column({ name: 'recorded_by', type: 'uuid' })
  recordedBy!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

/** A local-group meeting that assesses final reflection reports (1–2 per semester). */
@Entity({ name: 'review_meeting' })
@Index('ix_review_meeting_programme_time', ['programmeId', 'scheduledAt'])
export class ReviewMeetingEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'programme_id', type: 'uuid' })
  programmeId!: string;

  @Column({ name: 'scheduled_at', type: 'timestamptz' })
  scheduledAt!: Date;

  /** `2027-spring` or `2027-autumn`. */
  @Column({ type: 'varchar', length: 20 })
  semester!: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  location!: string | null;

  @Column({ name: 'created_by', type: 'uuid' })
  createdBy!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
