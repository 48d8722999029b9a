import type { Category } from './requirements.js';

/** What a catalogue activity says about counting a participation in it. */
export interface CatalogueActivityTerms {
  id: string;
  category: Category;
  minimumSessions: number | null;
  minimumSemesters: number | null;
}

/**
 * A participation in a catalogue activity as the certificate workflow receives it, whoever
 * records it (the student, another system's event, the benchmark): the activity's category and
 * minimums travel with it, so the workflow decides what counts without reading the catalogue.
 */
export function participationFromActivity(participationId: string, activity: CatalogueActivityTerms, amount: { sessions?: number | null; semesters?: number | null }) {
  return {
    participationId,
    activityId: activity.id,
    category: activity.category,
    minimumSessions: activity.minimumSessions,
    minimumSemesters: activity.minimumSemesters,
    sessions: amount.sessions ?? null,
    semesters: amount.semesters ?? null,
  };
}
