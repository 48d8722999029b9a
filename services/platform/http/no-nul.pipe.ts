import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { ValidationFailed } from './errors.js';

/** Where in a value (dotted path) a string holds U+0000, if anywhere. */
export function nulPathOf(value: unknown, path: string, depth = 0): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path : undefined;
  if (typeof value !== 'object' || value === null || depth > 32) return undefined;
  for (const [key, inner] of Object.entries(value)) {
    const at = path ? `${path}.${key}` : key;
    if (key.includes('\u0000')) return at;
    const found = nulPathOf(inner, at, depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * PostgreSQL text cannot hold the NUL character: refuse it in bodies, query strings and path
 * parameters with a 400 naming the field, before it reaches a query or a workflow.
 */
@Injectable()
export class NoNulCharacterPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === 'custom') return value;
    const field = nulPathOf(value, metadata.data ?? '');
    if (field !== undefined) throw new ValidationFailed([{ field: field || metadata.type, problems: [`${field || metadata.type} must not contain the NUL character (\\u0000)`] }]);
    return value;
  }
}
