import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { LOCAL_GROUP_ROLES, ROLES } from '../auth/roles.js';

export class NamedUnitDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'TKD' }) code!: string;
  @ApiProperty({ example: 'Fakultet for teknologi, kunst og design' }) nameNb!: string;
  @ApiProperty({ example: 'Faculty of Technology, Art and Design' }) nameEn!: string;
}

export class ProgrammeDto extends NamedUnitDto {
  @ApiProperty({ description: 'the local group has published its catalogue: students may enrol' }) enrolmentOpen!: boolean;
  @ApiProperty({ type: NamedUnitDto }) department!: NamedUnitDto;
  @ApiProperty({ type: NamedUnitDto }) faculty!: NamedUnitDto;
}

export class RoleGrantDto {
  @ApiProperty({ enum: ROLES }) role!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) facultyId!: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) departmentId!: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) programmeId!: string | null;
  @ApiProperty({ enum: LOCAL_GROUP_ROLES, nullable: true, type: String }) localGroupRole!: string | null;
}

export class MeDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() email!: string;
  @ApiProperty({ enum: ['nb', 'en'] }) preferredLanguage!: string;
  @ApiProperty({ type: [RoleGrantDto] }) roles!: RoleGrantDto[];
}

export class PersonDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() email!: string;
  @ApiProperty({ enum: ['nb', 'en'] }) preferredLanguage!: string;
  @ApiProperty({ type: [RoleGrantDto] }) roles!: RoleGrantDto[];
}

export class UpdateMeDto {
  @ApiProperty({ enum: ['nb', 'en'], description: 'the language of pages and e-mail for the signed-in person' })
  @IsIn(['nb', 'en'])
  preferredLanguage!: 'nb' | 'en';
}
