import type { Language } from '../../platform/db/entities/index.js';
import type { ConfirmedRow, EnrolmentRow } from './participation-report.repository.js';

export interface Figures {
  /** Every certificate ever started, whatever its stage. */
  enrolled: number;
  /** collecting, report_due or in_review. */
  inProgress: number;
  completed: number;
  withdrawn: number;
  /** Closed as incomplete after the expected end of studies. */
  closedIncomplete: number;
  /** Confirmed participations by category. */
  confirmedParticipations: { home: number; abroad: number };
}

interface Named {
  id: string;
  code: string;
  nameNb: string;
  nameEn: string;
}

export interface ProgrammeFigures extends Named, Figures {
  enrolmentOpen: boolean;
}

export interface FacultyFigures extends Named, Figures {
  programmes: ProgrammeFigures[];
}

export interface ParticipationReport {
  generatedAt: string;
  totals: Figures;
  faculties: FacultyFigures[];
}

const empty = (): Figures => ({ enrolled: 0, inProgress: 0, completed: 0, withdrawn: 0, closedIncomplete: 0, confirmedParticipations: { home: 0, abroad: 0 } });

function add(into: Figures, from: Figures): void {
  into.enrolled += from.enrolled;
  into.inProgress += from.inProgress;
  into.completed += from.completed;
  into.withdrawn += from.withdrawn;
  into.closedIncomplete += from.closedIncomplete;
  into.confirmedParticipations.home += from.confirmedParticipations.home;
  into.confirmedParticipations.abroad += from.confirmedParticipations.abroad;
}

/** Programmes grouped by faculty (in the rows' order), with faculty and overall totals. */
export function buildReport(enrolment: EnrolmentRow[], confirmed: ConfirmedRow[], now = new Date()): ParticipationReport {
  const confirmedOf = new Map<string, { home: number; abroad: number }>();
  for (const row of confirmed) {
    const entry = confirmedOf.get(row.programme_id) ?? { home: 0, abroad: 0 };
    if (row.category === 'home' || row.category === 'abroad') entry[row.category] += row.n;
    confirmedOf.set(row.programme_id, entry);
  }
  const faculties = new Map<string, FacultyFigures>();
  const totals = empty();
  for (const r of enrolment) {
    const programme: ProgrammeFigures = {
      id: r.programme_id,
      code: r.programme_code,
      nameNb: r.programme_name_nb,
      nameEn: r.programme_name_en,
      enrolmentOpen: r.enrolment_open,
      enrolled: r.enrolled,
      inProgress: r.in_progress,
      completed: r.completed,
      withdrawn: r.withdrawn,
      closedIncomplete: r.closed_incomplete,
      confirmedParticipations: { ...(confirmedOf.get(r.programme_id) ?? { home: 0, abroad: 0 }) },
    };
    let faculty = faculties.get(r.faculty_id);
    if (!faculty) {
      faculty = { id: r.faculty_id, code: r.faculty_code, nameNb: r.faculty_name_nb, nameEn: r.faculty_name_en, ...empty(), programmes: [] };
      faculties.set(r.faculty_id, faculty);
    }
    faculty.programmes.push(programme);
    add(faculty, programme);
    add(totals, programme);
  }
  return { generatedAt: now.toISOString(), totals, faculties: [...faculties.values()] };
}

export const CSV_COLUMNS = [
  'faculty_code',
  'faculty_name',
  'programme_code',
  'programme_name',
  'enrolment_open',
  'enrolled',
  'in_progress',
  'completed',
  'withdrawn',
  'closed_incomplete',
  'confirmed_home',
  'confirmed_abroad',
] as const;

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, quote or line break, quotes doubled. Text
 * that a spreadsheet would run as a formula (=, +, -, @, tab, CR first) gets a leading apostrophe.
 */
export function csvField(value: string | number | boolean): string {
  if (typeof value !== 'string') return String(value);
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * The report as CSV: a header row, then one row per programme, names in the reader's language;
 * CRLF line ends and a UTF-8 byte order mark, so that spreadsheets read æ, ø and å right.
 */
export function reportCsv(report: ParticipationReport, lang: Language): string {
  const name = (x: Named) => (lang === 'nb' ? x.nameNb : x.nameEn);
  const rows = report.faculties.flatMap((f) =>
    f.programmes.map((p) => [f.code, name(f), p.code, name(p), p.enrolmentOpen, p.enrolled, p.inProgress, p.completed, p.withdrawn, p.closedIncomplete, p.confirmedParticipations.home, p.confirmedParticipations.abroad]),
  );
  return `\uFEFF${[[...CSV_COLUMNS], ...rows].map((row) => row.map(csvField).join(',')).join('\r\n')}\r\n`;
}
