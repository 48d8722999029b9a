import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface EnrolmentRow {
  faculty_id: string;
  faculty_code: string;
  faculty_name_nb: string;
  faculty_name_en: string;
  programme_id: string;
  programme_code: string;
  programme_name_nb: string;
  programme_name_en: string;
  enrolment_open: boolean;
  enrolled: number;
  in_progress: number;
  completed: number;
  withdrawn: number;
  closed_incomplete: number;
}

export interface ConfirmedRow {
  programme_id: string;
  category: 'home' | 'abroad';
  n: number;
}

const ACTIVITY_EVENTS = `('activity_completed', 'exchange_completed')`;

/** The figures of the participation report, one query per figure set. */
@Injectable()
export class ParticipationReportRepository {
  constructor(private readonly db: DataSource) {}

  /** Every programme with its faculty, and its certificates counted by stage. */
  enrolment(): Promise<EnrolmentRow[]> {
    return this.db.query<EnrolmentRow[]>(`
      SELECT f.id AS faculty_id, f.code AS faculty_code, f.name_nb AS faculty_name_nb, f.name_en AS faculty_name_en,
             p.id AS programme_id, p.code AS programme_code, p.name_nb AS programme_name_nb, p.name_en AS programme_name_en,
             p.enrolment_open,
             COUNT(c.id)::int AS enrolled,
             COUNT(c.id) FILTER (WHERE c.stage IN ('collecting', 'report_due', 'in_review'))::int AS in_progress,
             COUNT(c.id) FILTER (WHERE c.stage = 'completed')::int AS completed,
             COUNT(c.id) FILTER (WHERE c.stage = 'withdrawn')::int AS withdrawn,
             COUNT(c.id) FILTER (WHERE c.stage = 'closed_incomplete')::int AS closed_incomplete
        FROM programme p
        JOIN department d ON d.id = p.department_id
        JOIN faculty f ON f.id = d.faculty_id
        LEFT JOIN certificate c ON c.programme_id = p.id
       GROUP BY f.id, p.id
       ORDER BY f.code, p.code`);
  }

  /**
   * Confirmed participations per programme and category (home/abroad), whatever the certificate's
   * stage now. Confirmed means: the local group confirmed it (a `participation.confirmed` event on
   * the certificate's timeline names it), or another system's accepted event named it, or another
   * system's accepted event reported it without naming one (such a participation is confirmed on
   * arrival). Each participation counts once; below-minimum ones count too.
   */
  confirmedParticipations(): Promise<ConfirmedRow[]> {
    return this.db.query<ConfirmedRow[]>(`
      WITH confirmed AS (
        SELECT pa.certificate_id, pa.activity_id
          FROM participation pa
         WHERE EXISTS (SELECT 1 FROM case_event e
                        WHERE e.case_id = pa.certificate_id AND e.kind = 'participation.confirmed' AND e.data->>'participationId' = pa.id::text)
            OR EXISTS (SELECT 1 FROM inbound_event ie
                        WHERE ie.certificate_id = pa.certificate_id AND ie.status = 'accepted' AND ie.type IN ${ACTIVITY_EVENTS}
                          AND ie.body->>'participationId' = pa.id::text)
        UNION ALL
        SELECT ie.certificate_id, a.id
          FROM inbound_event ie
          JOIN catalogue_activity a ON a.id::text = ie.body->>'activityId'
         WHERE ie.status = 'accepted' AND ie.type IN ${ACTIVITY_EVENTS} AND ie.certificate_id IS NOT NULL
           AND COALESCE(ie.body->>'participationId', '') = ''
      )
      SELECT c.programme_id, a.category, COUNT(*)::int AS n
        FROM confirmed x
        JOIN certificate c ON c.id = x.certificate_id
        JOIN catalogue_activity a ON a.id = x.activity_id
       GROUP BY c.programme_id, a.category`);
  }
}
