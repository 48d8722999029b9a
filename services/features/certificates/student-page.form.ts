import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { fieldsOf, ValidationFailed } from '../../platform/http/errors.js';
import { ParticipationDto, ReportDto } from './certificates.dto.js';

export const PARTICIPATION_FIELDS = ['activityId', 'startedOn', 'endedOn', 'description', 'reflection', 'evidenceUrl', 'sessions', 'semesters'] as const;
export const REPORT_FIELDS = ['text'] as const;

/** The posted form's own fields, as typed (anything else is dropped). */
export function formValues(form: unknown, names: readonly string[]): Record<string, string> {
  const body = (form ?? {}) as Record<string, unknown>;
  return Object.fromEntries(names.map((n) => [n, typeof body[n] === 'string' ? body[n] : '']));
}

/** A whole number as typed, or the text itself so that validation names the problem. */
const whole = (value: string): number | string => (/^\s*\d+\s*$/.test(value) ? Number(value) : value);

async function validated<T extends object>(cls: new () => T, plain: Record<string, unknown>): Promise<T> {
  const dto = plainToInstance(cls, plain);
  const errors = await validate(dto, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length) throw new ValidationFailed(fieldsOf(errors));
  return dto;
}

/**
 * The participation form as the API's ParticipationDto: empty optional fields are left out and
 * numbers are read as numbers; the same validation as the JSON API (400 with `fields`).
 */
export function participationFromForm(values: Record<string, string>): Promise<ParticipationDto> {
  const plain: Record<string, unknown> = {
    activityId: values.activityId,
    startedOn: values.startedOn,
    endedOn: values.endedOn,
    description: values.description,
    reflection: values.reflection,
  };
  if (values.evidenceUrl?.trim()) plain.evidenceUrl = values.evidenceUrl.trim();
  if (values.sessions?.trim()) plain.sessions = whole(values.sessions);
  if (values.semesters?.trim()) plain.semesters = whole(values.semesters);
  return validated(ParticipationDto, plain);
}

export function reportFromForm(values: Record<string, string>): Promise<ReportDto> {
  return validated(ReportDto, { text: values.text });
}
