import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
} from 'typeorm';

/** Fakultet. */
@Entity({ name: 'faculty' })
export class FacultyEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index({ unique: true })
  @Column({ type: 'varchar', length: 32 })
  code!: string;

  @Column({ name: 'name_nb', type: 'varchar', length: 200 })
  nameNb!: string;

  @Column({ name: 'name_en', type: 'varchar', length: 200 })
  nameEn!: string;

  /** False once an import no longer lists it: kept, with everything that refers to it, never deleted. */
  @Column({ type: 'boolean', default: true })
  active!: boolean;
}

/** Institutt. */
@Entity({ name: 'department' })
export class DepartmentEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index({ unique: true })
  @Column({ type: 'varchar', length: 32 })
  code!: string;

  @Index()
  @Column({ name: 'faculty_id', type: 'uuid' })
  facultyId!: string;

  @ManyToOne(() => FacultyEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'faculty_id' })
  faculty?: Relation<FacultyEntity>;

  @Column({ name: 'name_nb', type: 'varchar', length: 200 })
  nameNb!: string;

  @Column({ name: 'name_en', type: 'varchar', length: 200 })
  nameEn!: string;

  /** False once an import no longer lists it: kept, with everything that refers to it, never deleted. */
  @Column({ type: 'boolean', default: true })
  active!: boolean;
}

/** Studieprogram. */
@Entity({ name: 'programme' })
export class ProgrammeEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index({ unique: true })
  @Column({ type: 'varchar', length: 32 })
  code!: string;

  @Index()
  @Column({ name: 'department_id', type: 'uuid' })
  departmentId!: string;

  @ManyToOne(() => DepartmentEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'department_id' })
  department?: Relation<DepartmentEntity>;

  @Column({ name: 'name_nb', type: 'varchar', length: 200 })
  nameNb!: string;

  @Column({ name: 'name_en', type: 'varchar', length: 200 })
  nameEn!: string;

  /** False once an import no longer lists it: kept, with everything that refers to it, never deleted. */
  @Column({ type: 'boolean', default: true })
  active!: boolean;

  /** Set when the local group publishes its catalogue: students may enrol. */
  @Column({ name: 'enrolment_open', type: 'boolean', default: false })
  enrolmentOpen!: boolean;

  @Column({ name: 'enrolment_opened_at', type: 'timestamptz', nullable: true })
  enrolmentOpenedAt!: Date | null;
}

export const LANGUAGES = ['nb', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

@Entity({ name: 'person' })
export class PersonEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  /** Stored lower-case; the sign-in identity. */
  @Index({ unique: true })
  @Column({ type: 'varchar', length: 320 })
  email!: string;

  @Column({ name: 'preferred_language', type: 'varchar', length: 2, default: 'nb' })
  preferredLanguage!: Language;

  /** The university's identifier of the person (staff or student number system): what an import matches on. */
  @Index({ unique: true })
  @Column({ name: 'external_id', type: 'varchar', length: 64, nullable: true })
  externalId!: string | null;

  @Column({ name: 'student_number', type: 'varchar', length: 32, nullable: true })
  studentNumber!: string | null;

  /** The sign-in provider's subject, linked at the first OpenID Connect sign-in by verified e-mail. */
  @Index({ unique: true })
  @Column({ name: 'oidc_sub', type: 'varchar', length: 255, nullable: true })
  oidcSub!: string | null;

  /** False once an import no longer lists the person: they cannot sign in; their cases, tasks and diplomas stay. */
  @Column({ type: 'boolean', default: true })
  active!: boolean;

  @Column({ name: 'deactivated_at', type: 'timestamptz', nullable: true })
  deactivatedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

/** Sentral ressursgruppe: one row, with the group's shared mailbox. */
@Entity({ name: 'central_resource_group' })
export class CentralResourceGroupEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ type: 'varchar', length: 320 })
  mailbox!: string;
}

/** One run of the organisation import (or a change made on the administration pages): who, when, what changed. */
@Entity({ name: 'organisation_change' })
export class OrganisationChangeEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @CreateDateColumn({ name: 'at', type: 'timestamptz' })
  at!: Date;

  /** Who made it: a person id, or the operator's name for a command-line import. */
  @Column({ type: 'varchar', length: 200 })
  actor!: string;

  /** 'import' (with the files' names in source), or 'role' for a change on the administration pages. */
  @Column({ type: 'varchar', length: 20 })
  kind!: string;

  @Column({ type: 'text' })
  source!: string;

  /** Counts per kind of row: added, changed, deactivated (and roles granted and ended). */
  @Column({ type: 'jsonb' })
  summary!: Record<string, unknown>;

  /** Each change, as the dry run prints it (codes and the university's ids; no free text). */
  @Column({ type: 'jsonb' })
  changes!: unknown[];
}
