import {
  BadRequestException,
  Catch,
  HttpException,
  HttpStatus,
  Logger,
  type ArgumentsHost,
  type ExceptionFilter,
  type ValidationError,
} from '@nestjs/common';
import type { Request, Response } from 'express';

/** One error shape for every endpoint. */
export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  /** For 400s from validation: each offending field (dotted path) and what is wrong with it. */
  fields?: { field: string; problems: string[] }[];
  details?: unknown;
  requestId?: string;
}

/** Flattens class-validator errors into dotted field paths. */
export function fieldsOf(errors: ValidationError[], prefix = ''): { field: string; problems: string[] }[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = e.constraints ? [{ field, problems: Object.values(e.constraints) }] : [];
    return [...own, ...fieldsOf(e.children ?? [], field)];
  });
}

export class ValidationFailed extends BadRequestException {
  constructor(readonly fields: { field: string; problems: string[] }[]) {
    super({ message: `invalid ${fields.map((f) => f.field).join(', ')}`, fields });
  }
}

const reason = (status: number) =>
  (HttpStatus[status] ?? 'Error')
    .toString()
    .toLowerCase()
    .split('_')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join(' ');

const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', '57P01', '57P02', '57P03', '53300']);

/** Whether an error says the database is away for now (restarting, connections cut, full), not that a query is wrong. */
export function isDatabaseUnavailable(err: unknown): boolean {
  const e = err as { code?: unknown; driverError?: { code?: unknown }; message?: unknown } | undefined;
  const raw = e?.driverError?.code ?? e?.code;
  const code = typeof raw === 'string' ? raw : '';
  if (UNAVAILABLE_CODES.has(code) || /^08/.test(code)) return true;
  return typeof e?.message === 'string' && /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|the database system is (starting up|shutting down)/.test(e.message);
}

/** Maps anything thrown to an ErrorBody; unknown errors become a 500 whose detail stays in the log. */
export function toErrorBody(exception: unknown): ErrorBody {
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const response = exception.getResponse();
    const body: ErrorBody = { statusCode: status, error: reason(status), message: exception.message };
    if (typeof response === 'object' && response !== null) {
      const r = response as Record<string, unknown>;
      if (typeof r.message === 'string') body.message = r.message;
      else if (Array.isArray(r.message)) body.message = r.message.join('; ');
      if (Array.isArray(r.fields)) body.fields = r.fields as ErrorBody['fields'];
      const rest = Object.fromEntries(Object.entries(r).filter(([k]) => !['message', 'fields', 'statusCode', 'error'].includes(k)));
      if (Object.keys(rest).length) body.details = rest;
    } else if (typeof response === 'string') {
      body.message = response;
    }
    return body;
  }
  // Errors from body parsing (express) carry their own status: 400 malformed, 413 too large, 415 charset.
  // A body that does not decompress (Content-Encoding) is a 400 without a type, marked `expose`.
  const e = exception as { status?: unknown; type?: unknown; message?: unknown; expose?: unknown };
  if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500 && (typeof e.type === 'string' || e.expose === true)) {
    const message =
      e.type === 'entity.too.large'
        ? 'the request body is larger than allowed'
        : e.type === 'entity.parse.failed'
          ? 'the request body is not valid JSON'
          : typeof e.type === 'string'
            ? String(e.message)
            : 'the request body could not be read as its Content-Encoding says';
    return { statusCode: e.status, error: reason(e.status), message };
  }
  if (isDatabaseUnavailable(exception)) {
    return { statusCode: 503, error: 'Service Unavailable', message: 'the database cannot be reached right now; nothing was lost, try again shortly' };
  }
  return { statusCode: 500, error: 'Internal Server Error', message: 'something went wrong on our side; the request id identifies it in the logs' };
}

@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const res = ctx.getResponse<Response>();
    const req = ctx.getRequest<Request & { id?: string }>();
    const body = toErrorBody(exception);
    body.requestId = req.id;
    if (body.statusCode === 503 && isDatabaseUnavailable(exception)) {
      this.logger.warn({ msg: 'database unavailable; answered 503', requestId: req.id, err: (exception as Error).message });
    } else if (body.statusCode >= 500 && !(exception instanceof HttpException)) {
      this.logger.error({
        msg: 'unhandled error',
        requestId: req.id,
        err: exception instanceof Error ? { name: exception.name, message: exception.message, stack: exception.stack } : String(exception),
      });
    }
    if (res.headersSent) return;
    if (body.statusCode === 503) res.setHeader('Retry-After', '2');
    res.status(body.statusCode).json(body);
  }
}
