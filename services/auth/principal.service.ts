import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Principal } from './principal.js';

interface PrincipalRow {
  id: string;
  name: string;
  email: string;
  language: Principal['language'];
  grants: Principal['grants'];
}

/**
 * Turns a person id or a verified e-mail address into a Principal with its role grants. Every
 * authenticated request asks this, so it is one query: the person and their grants together.
 */
@Injectable()
export class PrincipalService {
  constructor(private readonly db: DataSource) {}

  byPersonId(personId: string): Promise<Principal | undefined> {
    return this.find('p.id = $1', personId);
  }

  byEmail(email: string): Promise<Principal | undefined> {
    return this.find('p.email = $1', email.trim().toLowerCase());
  }

  private async find(where: 'p.id = $1' | 'p.email = $1', value: string): Promise<Principal | undefined> {
    const rows: PrincipalRow[] = await this.db.query(
      `SELECT p.id, p.name, p.email, p.preferred_language AS language,
              coalesce(json_agg(json_build_object('role', r.role, 'facultyId', r.faculty_id, 'departmentId', r.department_id,
                                                  'programmeId', r.programme_id, 'localGroupRole', r.local_group_role) ORDER BY r.role)
                         FILTER (WHERE r.id IS NOT NULL), '[]') AS grants
         FROM person p LEFT JOIN role_assignment r ON r.person_id = p.id
        WHERE ${where}
        GROUP BY p.id`,
      [value],
    );
    const row = rows[0];
    return row && { personId: row.id, name: row.name, email: row.email, language: row.language, grants: row.grants };
  }
}
