/** Seats of a local resource group (lokal ressursgruppe), docs/domain.md "Decisions". */
export const LOCAL_GROUP_SEATS = ['administrative_resource', 'academic_coordinator', 'academic_staff', 'student'] as const;
export type LocalGroupSeat = (typeof LOCAL_GROUP_SEATS)[number];

const SEAT_NAMES: Record<LocalGroupSeat, string> = {
  administrative_resource: 'an administrative resource',
  academic_coordinator: 'an academic international coordinator',
  academic_staff: 'a representative of the academic staff',
  student: 'a student',
};

/**
 * What is wrong with a proposed composition, in plain words; empty when it is valid: at least one
 * administrative resource, academic coordinator and academic-staff representative, one or two
 * students, and each person in one seat only.
 */
export function localGroupProblems(members: readonly { personId: string; seat: string }[]): string[] {
  const problems: string[] = [];
  const unknown = members.filter((m) => !(LOCAL_GROUP_SEATS as readonly string[]).includes(m.seat));
  for (const m of unknown) problems.push(`unknown seat "${m.seat}" (one of ${LOCAL_GROUP_SEATS.join(', ')})`);
  const count = (seat: LocalGroupSeat) => members.filter((m) => m.seat === seat).length;
  for (const seat of ['administrative_resource', 'academic_coordinator', 'academic_staff'] as const) {
    if (count(seat) < 1) problems.push(`missing ${SEAT_NAMES[seat]}`);
  }
  if (count('student') < 1) problems.push('missing a student (one or two)');
  if (count('student') > 2) problems.push(`at most two students (got ${count('student')})`);
  const seen = new Set<string>();
  for (const m of members) {
    if (seen.has(m.personId)) problems.push(`a person may hold one seat only (${m.personId} appears twice)`);
    seen.add(m.personId);
  }
  return problems;
}
