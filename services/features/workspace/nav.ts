import type { Principal } from '../auth/principal.js';
import { seatReadsStudentRecords } from '../certificates/certificate-access.js';
import type { Lang, NavItem } from '../../platform/http/ui/components.js';

const LABELS = {
  home: { nb: 'Mine oppgaver', en: 'My tasks' },
  certificate: { nb: 'Mitt sertifikat', en: 'My certificate' },
  cases: { nb: 'Saker', en: 'Cases' },
  newInitiative: { nb: 'Nytt initiativ', en: 'New initiative' },
  programmes: { nb: 'Programarbeid', en: 'Programme work' },
  students: { nb: 'Studenter', en: 'Students' },
  reports: { nb: 'Rapporter', en: 'Reports' },
  organisation: { nb: 'Organisasjon', en: 'Organisation' },
};

/** A programme's students page (under /programmes/, but its own navigation entry). */
const STUDENTS_PAGE = /^\/programmes\/[^/]+\/students(?:\/|$)/;

/** Staff roles: anyone holding one follows cases (which ones, the case policy decides). */
const FOLLOWS_CASES = new Set(['programme_leader', 'section_head', 'head_of_department', 'dean', 'pro_dean', 'faculty_representative', 'central_group_member', 'local_group_member']);

/** The navigation: only what the person's roles reach. */
export function navFor(principal: Principal, lang: Lang, currentPath: string): NavItem[] {
  const items: { key: keyof typeof LABELS; href: string; within?: string[] }[] = [{ key: 'home', href: '/' }];
  // My certificate: for students (the enrol page, or their certificate's page once enrolled).
  if (principal.grants.some((g) => g.role === 'student')) items.push({ key: 'certificate', href: '/certificates', within: ['/certificates'] });
  if (principal.grants.some((g) => FOLLOWS_CASES.has(g.role))) items.push({ key: 'cases', href: '/cases' });
  items.push({ key: 'newInitiative', href: '/initiatives/new' });
  // Programme work: straight to the programme of one's local group; a list when there are several (or for the central group).
  const groups = [...new Set(principal.grants.flatMap((g) => (g.role === 'local_group_member' && g.programmeId ? [g.programmeId] : [])))];
  const central = principal.grants.some((g) => g.role === 'central_group_member');
  if (groups.length || central) items.push({ key: 'programmes', href: groups.length === 1 && !central ? `/programmes/${groups[0]}` : '/programmes', within: ['/programmes', '/meetings/'] });
  // Students: for the local-group seats that follow students (not the student seat); reports: the central group.
  const follows = [...new Set(principal.grants.flatMap((g) => (g.role === 'local_group_member' && g.programmeId && seatReadsStudentRecords(g.localGroupRole) ? [g.programmeId] : [])))];
  if (follows.length) items.push({ key: 'students', href: follows.length === 1 ? `/programmes/${follows[0]}/students` : '/students', within: ['/students'] });
  if (central) items.push({ key: 'reports', href: '/reports', within: ['/reports'] });
  if (central) items.push({ key: 'organisation', href: '/organisation', within: ['/organisation'] });
  const onStudents = STUDENTS_PAGE.test(currentPath);
  const current = (i: (typeof items)[number]) => {
    if (i.href === '/') return currentPath === '/';
    if (onStudents) return i.key === 'students';
    return (i.within ?? [i.href]).some((p) => currentPath.startsWith(p));
  };
  return items.map((i) => ({ href: i.href, label: LABELS[i.key][lang], current: current(i) }));
}
