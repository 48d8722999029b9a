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
