import { BadRequestException, ForbiddenException, ServiceUnavailableException } from '@nestjs/common';
import { fieldsOf, toErrorBody, ValidationFailed } from './errors.js';

describe('the one error shape', () => {
  it('keeps an HttpException status and message', () => {
    expect(toErrorBody(new ForbiddenException('needs a role'))).toEqual({ statusCode: 403, error: 'Forbidden', message: 'needs a role' });
  });

  it('lists the offending fields of a validation failure', () => {
    const body = toErrorBody(new ValidationFailed([{ field: 'a.b', problems: ['must be a string'] }]));
    expect(body).toMatchObject({ statusCode: 400, error: 'Bad Request', message: 'invalid a.b', fields: [{ field: 'a.b', problems: ['must be a string'] }] });
  });

  it('keeps extra details from an object response', () => {
    const body = toErrorBody(new ServiceUnavailableException({ status: 'not ready', checks: { database: { ok: false } } }));
    expect(body.statusCode).toBe(503);
    expect(body.details).toEqual({ status: 'not ready', checks: { database: { ok: false } } });
  });

  it('maps body-parser errors to their status', () => {
    expect(toErrorBody(Object.assign(new Error('too big'), { status: 413, type: 'entity.too.large' }))).toMatchObject({ statusCode: 413, error: 'Payload Too Large' });
    expect(toErrorBody(Object.assign(new Error('bad'), { status: 400, type: 'entity.parse.failed' }))).toMatchObject({ statusCode: 400, message: 'the request body is not valid JSON' });
  });

  it('answers 503 when the database is away, and 500 for a query that is wrong', () => {
    const terminated = Object.assign(new Error('terminating connection due to administrator command'), { driverError: { code: '57P01' } });
    expect(toErrorBody(terminated)).toMatchObject({ statusCode: 503, error: 'Service Unavailable' });
    expect(toErrorBody(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })).statusCode).toBe(503);
    expect(toErrorBody(new Error('Connection terminated unexpectedly')).statusCode).toBe(503);
    const syntax = Object.assign(new Error('syntax error at or near "SELEC"'), { driverError: { code: '42601' } });
    expect(toErrorBody(syntax).statusCode).toBe(500);
  });

  it('hides the detail of unknown errors', () => {
    const body = toErrorBody(new Error('password=hunter2 at db'));
    expect(body.statusCode).toBe(500);
    expect(body.message).not.toContain('hunter2');
  });

  it('flattens nested validation errors into dotted paths', () => {
    expect(
      fieldsOf([
        { property: 'assessment', children: [{ property: 'hours', constraints: { min: 'hours must not be less than 0' }, children: [] }] },
        { property: 'reason', constraints: { isString: 'reason must be a string' }, children: [] },
      ]),
    ).toEqual([
      { field: 'assessment.hours', problems: ['hours must not be less than 0'] },
      { field: 'reason', problems: ['reason must be a string'] },
    ]);
    expect(new BadRequestException().getStatus()).toBe(400);
  });
});
