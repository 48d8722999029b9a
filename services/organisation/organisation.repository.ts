import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  CentralResourceGroupEntity,
  PersonEntity,
  ProgrammeEntity,
  RoleAssignmentEntity,
} from '../db/entities/index.js';

/** Reads of the organisation: the only place its queries live. */
@Injectable()
export class OrganisationRepository {
  constructor(private readonly db: DataSource) {}

  findPersonById(id: string): Promise<PersonEntity | null> {
    return this.db.getRepository(PersonEntity).findOneBy({ id });
  }

  findPersonByEmail(email: string): Promise<PersonEntity | null> {
    return this.db.getRepository(PersonEntity).findOneBy({ email: email.trim().toLowerCase() });
  }

  rolesOf(personId: string): Promise<RoleAssignmentEntity[]> {
    return this.db.getRepository(RoleAssignmentEntity).find({ where: { personId }, order: { role: 'ASC' } });
  }

  listPeopleWithRoles(): Promise<{ person: PersonEntity; roles: RoleAssignmentEntity[] }[]> {
    return Promise.all([
      this.db.getRepository(PersonEntity).find({ order: { name: 'ASC' } }),
      this.db.getRepository(RoleAssignmentEntity).find(),
    ]).then(([people, roles]) =>
      people.map((person) => ({ person, roles: roles.filter((r) => r.personId === person.id) })),
    );
  }

  listProgrammes(): Promise<ProgrammeEntity[]> {
    return this.db.getRepository(ProgrammeEntity).find({
      relations: { department: { faculty: true } },
      order: { code: 'ASC' },
    });
  }

  findProgramme(id: string): Promise<ProgrammeEntity | null> {
    return this.db.getRepository(ProgrammeEntity).findOne({ where: { id }, relations: { department: { faculty: true } } });
  }

  centralGroup(): Promise<CentralResourceGroupEntity | null> {
    return this.db.getRepository(CentralResourceGroupEntity).findOne({ where: {} });
  }
}
