import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators.js';
import type { Principal } from '../auth/principal.js';
import { MeDto, PersonDto, ProgrammeDto, UpdateMeDto } from './organisation.dto.js';
import { OrganisationService } from './organisation.service.js';

@ApiTags('organisation')
@ApiBearerAuth()
@ApiCookieAuth('cil_session')
@Controller('api')
export class OrganisationController {
  constructor(private readonly organisation: OrganisationService) {}

  @Get('me')
  @ApiOkResponse({ type: MeDto })
  me(@CurrentPrincipal() principal: Principal): MeDto {
    return this.organisation.me(principal);
  }

  @Patch('me')
  @ApiOkResponse({ type: MeDto, description: 'the signed-in person, with the new setting' })
  updateMe(@CurrentPrincipal() principal: Principal, @Body() body: UpdateMeDto): Promise<MeDto> {
    return this.organisation.updateMe(principal, body);
  }

  @Get('programmes')
  @ApiQuery({ name: 'faculty', required: false, description: 'faculty code or id' })
  @ApiOkResponse({ type: [ProgrammeDto] })
  listProgrammes(@Query('faculty') faculty?: string): Promise<ProgrammeDto[]> {
    return this.organisation.listProgrammes({ faculty });
  }

  @Get('people')
  @Roles('central_group_member', 'faculty_representative')
  @ApiOkResponse({ type: [PersonDto] })
  listPeople(): Promise<PersonDto[]> {
    return this.organisation.listPeople();
  }

  @Get('programmes/:id')
  @ApiOkResponse({ type: ProgrammeDto })
  getProgramme(@Param('id', new ParseUUIDPipe()) id: string): Promise<ProgrammeDto> {
    return this.organisation.getProgramme(id);
  }
}
