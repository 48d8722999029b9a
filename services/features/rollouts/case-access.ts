import { ForbiddenException, Injectable } from '@nestjs/common';
import type { Principal } from '../auth/principal.js';
import type { Role } from '../auth/roles.js';
import { RolloutRepository } from './rollout.repository.js';

/** A condition on a `rollout_case` row aliased `r`, with its named parameters. */
export interface CaseCondition {
  sql: string;
  params: Record<string, unknown>;
}

/** Roles that follow every case of their faculty. */
const FACULTY_ROLES: readonly Role[] = ['faculty_representative', 'section_head', 'dean', 'pro_dean'];
/** Roles that follow the cases of their programme. */
const PROGRAMME_ROLES: readonly Role[] = ['programme_leader', 'local_group_member'];

/**
 * Who may see a programme's rollout case: its initiative, resource estimate, tasks with their
 * decisions and resource assessments, and its timeline. One rule for `GET /api/rollouts`,
 * `GET /api/rollouts/:id` and `GET /api/tasks/:id` of a rollout task (from domain.md, "Process A"):
 *
 * - the **initiator** (anyone may start an initiative, a student too, and follows it);
 * - anyone who **holds or held a task** on the case (its assignee now, or before a reassignment);
 * - the **central resource group** (informs, coordinates and supports every case; is told of the
 *   decision);
 * - in the case's faculty: the **faculty representative** (first contact, sets up the local
 *   group), the **section head** (assesses it), the **dean** and the **pro-dean** (are informed of
 *   the decision and the resource assessments);
 * - the **head of department** of the programme's department (gives the final approval);
 * - the **programme leader** of the programme (assesses it);
 * - the programme's **local resource group**, every seat, once the group exists (its members'
 *   grants are made when the group is registered): it develops and runs CIL on the programme. A
 *   case holds no student's personal data beyond an initiator's name.
 *
 * Nobody else: a student with no other role sees only the initiatives they started; the list
 * shows each person only the cases they may see, and the detail of any other case is a 403.
 */
export function visibleCaseCondition(principal: Principal): CaseCondition {
  if (principal.grants.some((g) => g.role === 'central_group_member')) return { sql: 'TRUE', params: {} };
  const ids = (roles: readonly Role[], key: 'facultyId' | 'departmentId' | 'programmeId') => [
    ...new Set(principal.grants.filter((g) => roles.includes(g.role) && g[key] !== null).map((g) => g[key] as string)),
  ];
  const faculties = ids(FACULTY_ROLES, 'facultyId');
  const departments = ids(['head_of_department'], 'departmentId');
  const programmes = ids(PROGRAMME_ROLES, 'programmeId');
  // One set of the case ids the person may see, each part small and found by an index; the case
  // list then reads only those cases, however many others there are.
  const sets = [
    'SELECT c.id FROM rollout_case c WHERE c.initiator_id = CAST(:caseViewer AS uuid)',
    "SELECT t.case_id FROM task t WHERE t.case_type = 'rollout' AND t.assignee_id = CAST(:caseViewer AS uuid)",
    "SELECT e.case_id FROM case_event e WHERE e.kind = 'task.reassigned' AND e.data->>'from' = CAST(CAST(:caseViewer AS uuid) AS text)",
  ];
  if (faculties.length) sets.push('SELECT c.id FROM rollout_case c WHERE c.faculty_id = ANY(CAST(:caseFaculties AS uuid[]))');
  if (departments.length) sets.push('SELECT c.id FROM rollout_case c JOIN programme p ON p.id = c.programme_id WHERE p.department_id = ANY(CAST(:caseDepartments AS uuid[]))');
  if (programmes.length) sets.push('SELECT c.id FROM rollout_case c WHERE c.programme_id = ANY(CAST(:caseProgrammes AS uuid[]))');
  return { sql: `r.id IN (${sets.join(' UNION ')})`, params: { caseViewer: principal.personId, caseFaculties: faculties, caseDepartments: departments, caseProgrammes: programmes } };
}

/** Applies the rule above to one case or to the list; the rollouts and the tasks services both ask it. */
@Injectable()
export class CaseAccess {
  constructor(private readonly rollouts: RolloutRepository) {}

  maySee(principal: Principal, caseId: string): Promise<boolean> {
    return this.rollouts.exists(caseId, visibleCaseCondition(principal));
  }

  async assertMaySee(principal: Principal, caseId: string): Promise<void> {
    if (!(await this.maySee(principal, caseId))) throw new ForbiddenException('only the people who follow this case can see it');
  }

  condition(principal: Principal): CaseCondition {
    return visibleCaseCondition(principal);
  }
}
