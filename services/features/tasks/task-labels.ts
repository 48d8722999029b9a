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

/** A participation's scope and what it counts against. */
export interface ParticipationScope {
  sessions: number | null;
  semesters: number | null;
  minimumSessions: number | null;
  minimumSemesters: number | null;
}

const SCOPE_UNITS = {
  sessions: { nb: ['gang', 'ganger'], en: ['session', 'sessions'] },
  semesters: { nb: ['semester', 'semestre'], en: ['semester', 'semesters'] },
} as const;

/**
 * The scope of a participation in words, for the person confirming it: each unit that applies to
 * the activity (it has a minimum in that unit, or the student gave a number), with the student's
 * number and the activity's minimum; e.g. «4 sessions (minimum 3)». Empty when no unit applies.
 */
export function scopeText(lang: Language, s: ParticipationScope): string {
  const nb = lang === 'nb';
  const part = (unit: keyof typeof SCOPE_UNITS, value: number | null, minimum: number | null) => {
    if (value == null && !minimum) return '';
    const [one, many] = SCOPE_UNITS[unit][lang];
    const given = value != null ? `${value} ${value === 1 ? one : many}` : `${many} ${nb ? 'ikke oppgitt' : 'not given'}`;
    return minimum ? `${given} (${nb ? 'minst' : 'minimum'} ${minimum})` : given;
  };
  return [part('sessions', s.sessions, s.minimumSessions), part('semesters', s.semesters, s.minimumSemesters)].filter(Boolean).join(', ');
}
