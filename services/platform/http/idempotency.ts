import { createHash } from 'node:crypto';
import { applyDecorators, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import type { Request } from 'express';
import { ValidationFailed } from './errors.js';

export const IDEMPOTENCY_HEADER = 'Idempotency-Key';
const VALID_KEY = /^[\x21-\x7e]{1,200}$/;

/**
 * The request's `Idempotency-Key` header, if it has one: a client that did not hear the answer
 * (a timeout, a 503 while a service restarted) sends the request again with the same key and gets
 * the first outcome, never a second row or a second decision.
 */
export const IdempotencyKey = createParamDecorator((_: unknown, ctx: ExecutionContext): string | undefined => {
  const raw = ctx.switchToHttp().getRequest<Request>().headers[IDEMPOTENCY_HEADER.toLowerCase()];
  if (raw === undefined) return undefined;
  const key = Array.isArray(raw) ? raw.join(',') : raw;
  if (!VALID_KEY.test(key)) throw new ValidationFailed([{ field: IDEMPOTENCY_HEADER, problems: ['must be 1 to 200 visible ASCII characters (a UUID is a good choice)'] }]);
  return key;
});

/** Documents the header on an operation. */
export const AcceptsIdempotencyKey = () =>
  applyDecorators(
    ApiHeader({
      name: IDEMPOTENCY_HEADER,
      required: false,
      description: 'Send the same key again when retrying this request: the repeat answers the first outcome and changes nothing.',
    }),
  );

const digest = (...parts: string[]) => createHash('sha256').update(parts.join('\u0000')).digest('hex');

/** The id a keyed request's new row gets: the same person, scope and key always give the same UUID. */
export function idempotentRowId(scope: string, personId: string, key: string): string {
  const h = digest('row', scope, personId, key);
  // Shaped as a UUID (version 8, RFC 9562 variant) so it fits the uuid columns.
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${((parseInt(h[16], 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * The Workflow Update id for a keyed request: Temporal answers a repeated update id with the
 * first outcome (within the workflow run) instead of running it again. Unkeyed: a fresh id.
 */
export function idempotentUpdateId(scope: string, personId: string, key: string | undefined): string | undefined {
  return key === undefined ? undefined : `${scope}-${digest('update', scope, personId, key).slice(0, 40)}`;
}
