import type { InitiatorCapacity } from '../../../workflows/contracts/rollout.contract.js';
import type { LocalGroupSeat } from '../../../workflows/domain/local-group.rules.js';
import type { Language } from '../../platform/db/entities/index.js';

type Labels<K extends string> = Record<K, Record<Language, string>>;

/** The hours unit after a number: Norwegian «t» (timer), English «h». */
export const HOURS: Record<Language, string> = { nb: 't', en: 'h' };

/** What a person reads for the values a task page shows: every word in their language. */
export const CAPACITY_LABELS: Labels<InitiatorCapacity> = {
  management: { nb: 'ledelse', en: 'management' },
  programme_leader: { nb: 'studieprogramleder', en: 'programme leader' },
  staff: { nb: 'ansatt', en: 'staff' },
  faculty_representative: { nb: 'fakultetsrepresentant', en: 'faculty representative' },
  student: { nb: 'student', en: 'student' },
};

export const OUTCOME_LABELS: Labels<'approve' | 'reject' | 'request_changes' | 'resubmit' | 'register' | 'confirm'> = {
  approve: { nb: 'godkjent', en: 'approved' },
  reject: { nb: 'avslått', en: 'rejected' },
  request_changes: { nb: 'ba om endringer', en: 'asked for changes' },
  resubmit: { nb: 'sendt inn på nytt', en: 'resubmitted' },
  register: { nb: 'registrert', en: 'registered' },
  confirm: { nb: 'bekreftet', en: 'confirmed' },
};

export const SEAT_LABELS: Labels<LocalGroupSeat> = {
  administrative_resource: { nb: 'administrativ ressurs', en: 'administrative resource' },
  academic_coordinator: { nb: 'faglig internasjonal koordinator', en: 'academic international coordinator' },
  academic_staff: { nb: 'representant for fagstaben', en: 'academic staff representative' },
  student: { nb: 'student', en: 'student' },
};

export const CATEGORY_LABELS: Labels<'home' | 'abroad'> = {
  home: { nb: 'hjemme', en: 'at home' },
  abroad: { nb: 'i utlandet', en: 'abroad' },
};

export const PHASE_LABELS: Labels<'development' | 'operation'> = {
  development: { nb: 'utvikling', en: 'development' },
  operation: { nb: 'drift', en: 'operation' },
};

/** The label of `value` in `labels`, or the value itself when it has none. */
export function labelOf<K extends string>(labels: Labels<K>, value: string | null | undefined, lang: Language): string {
  if (value == null) return '';
  return (labels as Record<string, Record<Language, string>>)[value]?.[lang] ?? value;
}
