import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators.js';
import type { Principal } from '../auth/principal.js';
import { ValidationFailed } from '../../platform/http/errors.js';
import { ReportsService } from './reports.service.js';

@ApiTags('reports')
@ApiBearerAuth()
@ApiCookieAuth('cil_session')
@Controller('api/reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get('participation')
  @Roles('central_group_member')
  @ApiOperation({
    summary: 'Participation in CIL per faculty and programme (central group): enrolled, in progress, completed, withdrawn, closed incomplete, confirmed participations at home and abroad',
  })
  @ApiQuery({ name: 'format', required: false, enum: ['json', 'csv'], description: 'or Accept: text/csv' })
  @ApiProduces('application/json', 'text/csv')
  async participation(@CurrentPrincipal() principal: Principal, @Query('format') format: string | undefined, @Req() req: Request, @Res() res: Response): Promise<void> {
    if (format !== undefined && format !== 'json' && format !== 'csv') throw new ValidationFailed([{ field: 'format', problems: ['format must be json or csv'] }]);
    res.vary('Accept');
    const csv = format === 'csv' || (format === undefined && req.accepts(['application/json', 'text/csv']) === 'text/csv');
    if (!csv) {
      res.json(await this.reports.participation(principal));
      return;
    }
    const file = await this.reports.participationCsv(principal);
    res.type('text/csv; charset=utf-8').setHeader('content-disposition', `attachment; filename="${file.filename}"`).send(file.csv);
  }
}
