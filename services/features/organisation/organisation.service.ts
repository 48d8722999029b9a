import { Injectable, NotFoundException } from '@nestjs/common';
import type { Principal } from '../auth/principal.js';
import type { ProgrammeEntity } from '../../platform/db/entities/index.js';
import type { MeDto, NamedUnitDto, PersonDto, ProgrammeDto, UpdateMeDto } from './organisation.dto.js';
import { OrganisationRepository } from './organisation.repository.js';

const unit = (u: { id: string; code: string; nameNb: string; nameEn: string }): NamedUnitDto => ({
  id: u.id,
  code: u.code,
  nameNb: u.nameNb,
  nameEn: u.nameEn,
});

function toProgrammeDto(p: ProgrammeEntity): ProgrammeDto {
  if (!p.department?.faculty) throw new Error('programme loaded without its department and faculty');
  return { ...unit(p), enrolmentOpen: p.enrolmentOpen, department: unit(p.department), faculty: unit(p.department.faculty) };
}

@Injectable()
export class OrganisationService {
  constructor(private readonly repository: OrganisationRepository) {}

  async listProgrammes(filter: { faculty?: string }): Promise<ProgrammeDto[]> {
    const all = (await this.repository.listProgrammes()).map(toProgrammeDto);
    return filter.faculty ? all.filter((p) => p.faculty.code === filter.faculty || p.faculty.id === filter.faculty) : all;
  }

  async getProgramme(id: string): Promise<ProgrammeDto> {
    const programme = await this.repository.findProgramme(id);
    if (!programme) throw new NotFoundException(`no programme with id ${id}`);
    return toProgrammeDto(programme);
  }

  /** The people directory, for those who assign roles and tasks. */
  async listPeople(): Promise<PersonDto[]> {
    return (await this.repository.listPeopleWithRoles()).map(({ person, roles }) => ({
      id: person.id,
      name: person.name,
      email: person.email,
      preferredLanguage: person.preferredLanguage,
      roles: roles.map((r) => ({ role: r.role, facultyId: r.facultyId, departmentId: r.departmentId, programmeId: r.programmeId, localGroupRole: r.localGroupRole })),
    }));
  }

  /** The signed-in person's own settings: today the language of pages and e-mail. */
  async updateMe(principal: Principal, dto: UpdateMeDto): Promise<MeDto> {
    if (!(await this.repository.setPreferredLanguage(principal.personId, dto.preferredLanguage))) throw new NotFoundException('the signed-in person no longer exists');
    return this.me({ ...principal, language: dto.preferredLanguage });
  }

  me(principal: Principal): MeDto {
    return {
      id: principal.personId,
      name: principal.name,
      email: principal.email,
      preferredLanguage: principal.language,
      roles: principal.grants,
    };
  }
}
