import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { DepartmentEntity, FacultyEntity, PersonEntity, ProgrammeEntity } from './organisation.entities.js';
import type { LocalGroupRole, Role } from '../../../features/auth/roles.js';

/**
 * Who holds which role, and where. Each role has one scope (see `ROLE_SCOPE` in auth/roles.ts):
 * faculty roles carry faculty_id, department roles department_id, programme roles programme_id,
 * central group membership none.
 */
@Entity({ name: 'role_assignment' })
@Index('uq_role_assignment', ['personId', 'role', 'scopeKey'], { unique: true })
export class RoleAssignmentEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index()
  @Column({ name: 'person_id', type: 'uuid' })
  personId!: string;

  @ManyToOne(() => PersonEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'person_id' })
  person?: Relation<PersonEntity>;

  @Column({ type: 'varchar', length: 40 })
  role!: Role;

  @Column({ name: 'faculty_id', type: 'uuid', nullable: true })
  facultyId!: string | null;

  @ManyToOne(() => FacultyEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'faculty_id' })
  faculty?: Relation<FacultyEntity>;

  @Column({ name: 'department_id', type: 'uuid', nullable: true })
  departmentId!: string | null;

  @ManyToOne(() => DepartmentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'department_id' })
  department?: Relation<DepartmentEntity>;

  @Index()
  @Column({ name: 'programme_id', type: 'uuid', nullable: true })
  programmeId!: string | null;

  @ManyToOne(() => ProgrammeEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'programme_id' })
  programme?: Relation<ProgrammeEntity>;

  /** The scope's id, or 'global': what makes an assignment unique per person and role (see scopeKeyOf). */
  @Column({ name: 'scope_key', type: 'varchar', length: 64 })
  scopeKey!: string;

  /** Only for local_group_member: which seat in the local resource group. */
  @Column({ name: 'local_group_role', type: 'varchar', length: 40, nullable: true })
  localGroupRole!: LocalGroupRole | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
