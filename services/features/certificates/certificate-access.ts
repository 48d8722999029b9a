import { ForbiddenException } from '@nestjs/common';
import type { Principal } from '../auth/principal.js';
import type { LocalGroupRole } from '../auth/roles.js';

/**
 * Who may read a student's CIL records: the certificate with its participations and reflections,
 * the final reflection reports, the timeline, the diploma PDF and its credential, a task on the
 * certificate, and a review meeting's agenda (which lists the reports and their texts).
 *
 * - The student themselves (their own certificate only).
 * - The programme's local resource group, in the seats that follow up and assess students: the
 *   administrative resource, the academic international coordinator and the representative of the
 *   academic staff.
 * - The central resource group (it supports every programme and revokes diplomas).
 *
 * Not the local group's **student seat**: the group quality-assures CIL, and a student member
 * should not read their peers' reflections, reports, diplomas or credentials. The seat keeps what
 * every member needs that carries no peer's personal data (the catalogue, development records,
 * review meetings' dates, the rollout). For the same reason the student seat does not decide on
 * reports at a review meeting: a report cannot be assessed without reading it.
 *
 * Every read of those records asks this module; nothing else decides it.
 */

/** The local-group seats that read students' records and assess their reports. */
export const STUDENT_RECORD_SEATS: readonly LocalGroupRole[] = ['administrative_resource', 'academic_coordinator', 'academic_staff'];

/** Whether a local-group seat reads the programme's students' records (the student seat does not). */
export function seatReadsStudentRecords(seat: LocalGroupRole | null | undefined): boolean {
  return seat != null && STUDENT_RECORD_SEATS.includes(seat);
}

/** Holds a local-group seat on the programme that reads students' records (any of `seats`, if given). */
export function followsStudents(principal: Principal, programmeId: string, seats: readonly LocalGroupRole[] = STUDENT_RECORD_SEATS): boolean {
  return principal.grants.some((g) => g.role === 'local_group_member' && g.programmeId === programmeId && g.localGroupRole !== null && seatReadsStudentRecords(g.localGroupRole) && seats.includes(g.localGroupRole));
}

function central(principal: Principal): boolean {
  return principal.grants.some((g) => g.role === 'central_group_member');
}

/** The student, the programme's local group (not its student seat), the central group. */
export function mayReadCertificate(principal: Principal, certificate: { studentId: string; programmeId: string }): boolean {
  return certificate.studentId === principal.personId || followsStudents(principal, certificate.programmeId) || central(principal);
}

export function assertMayReadCertificate(principal: Principal, certificate: { studentId: string; programmeId: string }): void {
  if (!mayReadCertificate(principal, certificate)) {
    throw new ForbiddenException("only the student, the programme's local group (not its student seat) and the central group can see a certificate");
  }
}

/** A programme's certificates, listed, are every student's records at once: the local group (not its student seat) and the central group. */
export function assertMayListCertificates(principal: Principal, programmeId: string): void {
  if (!followsStudents(principal, programmeId) && !central(principal)) {
    throw new ForbiddenException("only the programme's local group (not its student seat) and the central group see the programme's certificates");
  }
}

/** A review meeting's agenda lists the reports and their texts: the local group (not its student seat) and the central group. */
export function assertMayReadAgenda(principal: Principal, programmeId: string): void {
  if (!followsStudents(principal, programmeId) && !central(principal)) {
    throw new ForbiddenException("only the programme's local group (not its student seat) and the central group see a review meeting's agenda");
  }
}

/** Deciding on a report takes reading it: the local group, not its student seat. */
export function assertMayReviewReports(principal: Principal, programmeId: string): void {
  if (!followsStudents(principal, programmeId)) throw new ForbiddenException("only the programme's local group (not its student seat) decides on reports");
}
