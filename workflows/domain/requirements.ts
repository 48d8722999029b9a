/**
 * The CIL requirement (docs/domain.md, "What CIL is"), in one place: three different catalogue
 * activities, at least one at home and one abroad, each confirmed and meeting its minimum; the
 * career course; the presentation. Used by the certificate workflow to move on by itself and by
 * the API to explain, in plain words, what is met and what is missing.
 */

export type Category = 'home' | 'abroad';
export type Language = 'nb' | 'en';

export interface CountedActivity {
  participationId?: string;
  activityId: string;
  category: Category;
  confirmed: boolean;
  /** What the participation reached, and what the catalogue asks (null: no minimum). */
  sessions?: number | null;
  semesters?: number | null;
  minimumSessions?: number | null;
  minimumSemesters?: number | null;
}

export interface RequirementFacts {
  participations: CountedActivity[];
  careerCourse: boolean;
  presentation: boolean;
}

export const REQUIRED_ACTIVITIES = 3;

export interface ChecklistItem {
  key: 'activities' | 'home' | 'abroad' | 'career_course' | 'presentation';
  met: boolean;
  text: Record<Language, string>;
}

export type NotCountedReason = 'below_minimum' | 'repeat';

export interface RequirementStatus {
  /** Distinct catalogue activities that count. */
  counted: { activityId: string; category: Category; participationId?: string }[];
  /** Confirmed participations that do not count, and why: short of the minimum, or a repeat of an activity that counts already. */
  notCounted: { participationId?: string; activityId: string; reason: NotCountedReason }[];
  activitiesMet: boolean;
  allMet: boolean;
  checklist: ChecklistItem[];
}

/** Whether one participation counts: confirmed, and its minimum reached. */
export function counts(p: CountedActivity): boolean {
  if (!p.confirmed) return false;
  if (p.minimumSessions != null && (p.sessions ?? 0) < p.minimumSessions) return false;
  if (p.minimumSemesters != null && (p.semesters ?? 0) < p.minimumSemesters) return false;
  return true;
}

export function requirementStatus(facts: RequirementFacts): RequirementStatus {
  const distinct = new Map<string, CountedActivity>();
  for (const p of facts.participations) if (counts(p) && !distinct.has(p.activityId)) distinct.set(p.activityId, p);
  const counted = [...distinct.values()].map((p) => ({ activityId: p.activityId, category: p.category, ...(p.participationId ? { participationId: p.participationId } : {}) }));
  const notCounted: RequirementStatus['notCounted'] = facts.participations
    .filter((p) => p.confirmed && distinct.get(p.activityId) !== p)
    .map((p) => ({ activityId: p.activityId, reason: counts(p) ? 'repeat' : 'below_minimum', ...(p.participationId ? { participationId: p.participationId } : {}) }));
  const repeats = notCounted.filter((n) => n.reason === 'repeat').length;
  const home = counted.filter((c) => c.category === 'home').length;
  const abroad = counted.filter((c) => c.category === 'abroad').length;
  const activitiesMet = counted.length >= REQUIRED_ACTIVITIES && home >= 1 && abroad >= 1;
  const left = Math.max(REQUIRED_ACTIVITIES - counted.length, 0);
  const checklist: ChecklistItem[] = [
    {
      key: 'activities',
      met: counted.length >= REQUIRED_ACTIVITIES,
      text: {
        nb:
          (left ? `${counted.length} av ${REQUIRED_ACTIVITIES} ulike aktiviteter er godkjent; ${left} gjenstår.` : `${REQUIRED_ACTIVITIES} ulike aktiviteter er godkjent.`) +
          (repeats ? ` En aktivitet som er registrert mer enn én gang, teller én gang.` : ''),
        en:
          (left ? `${counted.length} of ${REQUIRED_ACTIVITIES} different activities are confirmed; ${left} to go.` : `${REQUIRED_ACTIVITIES} different activities are confirmed.`) +
          (repeats ? ` An activity recorded more than once counts once.` : ''),
      },
    },
    {
      key: 'home',
      met: home >= 1,
      text: { nb: home ? 'Minst én aktivitet hjemme er godkjent.' : 'Mangler en aktivitet hjemme (internasjonalisering hjemme).', en: home ? 'At least one activity at home is confirmed.' : 'Missing an activity at home (internationalisation at home).' },
    },
    {
      key: 'abroad',
      met: abroad >= 1,
      text: { nb: abroad ? 'Minst én aktivitet i utlandet er godkjent.' : 'Mangler en aktivitet i utlandet.', en: abroad ? 'At least one activity abroad is confirmed.' : 'Missing an activity abroad.' },
    },
    {
      key: 'career_course',
      met: facts.careerCourse,
      text: { nb: facts.careerCourse ? 'CIL-karrierekurset er gjennomført.' : 'Mangler CIL-karrierekurset.', en: facts.careerCourse ? 'The CIL career course is completed.' : 'The CIL career course is missing.' },
    },
    {
      key: 'presentation',
      met: facts.presentation,
      text: { nb: facts.presentation ? 'Presentasjonen for andre studenter er holdt.' : 'Mangler presentasjonen for andre studenter.', en: facts.presentation ? 'The presentation to other students is held.' : 'The presentation to other students is missing.' },
    },
  ];
  return { counted, notCounted, activitiesMet, allMet: activitiesMet && facts.careerCourse && facts.presentation, checklist };
}
