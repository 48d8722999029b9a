import type { LocalGroupRole, Role } from '../auth/roles.js';
import type { Language } from '../../platform/db/entities/index.js';

/**
 * The demo organisation (docs/domain.md, "Seed data"): OsloMet's four faculties, two departments and
 * two programmes each, and one fictional person per role, all on the reserved domain example.org.
 */
export const FACULTIES = [
  {
    code: 'HV',
    nameNb: 'Fakultet for helsevitenskap',
    nameEn: 'Faculty of Health Sciences',
    departments: [
      { code: 'HV-SHA', nameNb: 'Institutt for sykepleie og helsefremmende arbeid', nameEn: 'Department of Nursing and Health Promotion', programmes: [{ code: 'BSYK', nameNb: 'Bachelor i sykepleie', nameEn: 'Bachelor in Nursing' }] },
      { code: 'HV-REHAB', nameNb: 'Institutt for rehabiliteringsvitenskap og helseteknologi', nameEn: 'Department of Rehabilitation Science and Health Technology', programmes: [{ code: 'BFYS', nameNb: 'Bachelor i fysioterapi', nameEn: 'Bachelor in Physiotherapy' }] },
    ],
  },
  {
    code: 'LUI',
    nameNb: 'Fakultet for lærerutdanning og internasjonale studier',
    nameEn: 'Faculty of Education and International Studies',
    departments: [
      { code: 'LUI-IST', nameNb: 'Institutt for internasjonale studier og tolkeutdanning', nameEn: 'Department of International Studies and Interpreting', programmes: [{ code: 'BUTV', nameNb: 'Bachelor i utviklingsstudier', nameEn: 'Bachelor in Development Studies' }] },
      { code: 'LUI-GFU', nameNb: 'Institutt for grunnskole- og faglærerutdanning', nameEn: 'Department of Primary and Secondary Teacher Education', programmes: [{ code: 'GLU510', nameNb: 'Grunnskolelærerutdanning 5–10', nameEn: 'Primary and Lower Secondary Teacher Education, Years 5–10' }] },
    ],
  },
  {
    code: 'SAM',
    nameNb: 'Fakultet for samfunnsvitenskap',
    nameEn: 'Faculty of Social Sciences',
    departments: [
      { code: 'SAM-HHS', nameNb: 'Handelshøyskolen', nameEn: 'Oslo Business School', programmes: [{ code: 'BOA', nameNb: 'Bachelor i økonomi og administrasjon', nameEn: 'Bachelor in Business Administration' }] },
      { code: 'SAM-JM', nameNb: 'Institutt for journalistikk og mediefag', nameEn: 'Department of Journalism and Media Studies', programmes: [{ code: 'BJOU', nameNb: 'Bachelor i journalistikk', nameEn: 'Bachelor in Journalism' }] },
    ],
  },
  {
    code: 'TKD',
    nameNb: 'Fakultet for teknologi, kunst og design',
    nameEn: 'Faculty of Technology, Art and Design',
    departments: [
      { code: 'TKD-IT', nameNb: 'Institutt for informasjonsteknologi', nameEn: 'Department of Computer Science', programmes: [{ code: 'BADT', nameNb: 'Bachelor i anvendt datateknologi', nameEn: 'Bachelor in Applied Computer Technology' }] },
      { code: 'TKD-PD', nameNb: 'Institutt for produktdesign', nameEn: 'Department of Product Design', programmes: [{ code: 'BPD', nameNb: 'Bachelor i produktdesign', nameEn: 'Bachelor in Product Design' }] },
    ],
  },
] as const;

export const CENTRAL_GROUP = { name: 'Sentral ressursgruppe for CIL', mailbox: 'cil-sentral@example.org' };

export interface SeedPerson {
  name: string;
  email: string;
  language: Language;
  roles: { role: Role; faculty?: string; department?: string; programme?: string; localGroupRole?: LocalGroupRole }[];
}

const FIRST = ['Ingrid', 'Ola', 'Kari', 'Lars', 'Sofie', 'Jonas', 'Nora', 'Emil', 'Ida', 'Henrik', 'Maja', 'Sindre', 'Amina', 'Tobias', 'Leah', 'Jakob', 'Sara', 'Magnus', 'Hanna', 'Fredrik', 'Mathilde', 'Eirik', 'Thea', 'Ali', 'Julie', 'Kristian', 'Vilde', 'Noah', 'Aurora', 'Sander'];
const LAST = ['Hansen', 'Johansen', 'Olsen', 'Larsen', 'Andersen', 'Pedersen', 'Nilsen', 'Kristiansen', 'Jensen', 'Karlsen', 'Johnsen', 'Pettersen', 'Eriksen', 'Berg', 'Haugen', 'Hagen', 'Johannessen', 'Andreassen', 'Jacobsen', 'Dahl', 'Jørgensen', 'Halvorsen', 'Henriksen', 'Lund', 'Sørensen', 'Jakobsen', 'Moen', 'Gundersen', 'Iversen', 'Strand'];

function* names(): Generator<{ name: string; email: string }, never> {
  for (let i = 0; ; i++) {
    const first = FIRST[i % FIRST.length];
    const last = LAST[(i * 7 + Math.floor(i / LAST.length)) % LAST.length];
    const local = `${first}.${last}`.toLowerCase().normalize('NFD').replace(/[^a-z.]/g, '');
    yield { name: `${first} ${last}`, email: `${local}${i >= FIRST.length ? i : ''}@example.org` };
  }
}

export function seedPeople(): SeedPerson[] {
  const gen = names();
  const next = (language: Language = 'nb'): Omit<SeedPerson, 'roles'> => ({ ...gen.next().value, language });
  const people: SeedPerson[] = [];
  for (const f of FACULTIES) {
    for (const role of ['dean', 'pro_dean', 'section_head', 'faculty_representative'] as const) {
      people.push({ ...next(), roles: [{ role, faculty: f.code }] });
    }
    for (const d of f.departments) {
      people.push({ ...next(), roles: [{ role: 'head_of_department', department: d.code }] });
      for (const p of d.programmes) {
        people.push({ ...next(), roles: [{ role: 'programme_leader', programme: p.code }] });
        people.push({ ...next(), roles: [{ role: 'student', programme: p.code }] });
        people.push({ ...next('en'), roles: [{ role: 'student', programme: p.code }] });
      }
    }
  }
  people.push({ ...next(), roles: [{ role: 'central_group_member' }] });
  people.push({ ...next('en'), roles: [{ role: 'central_group_member' }] });
  // Staff without a role yet: the people a faculty representative can name to a local group.
  for (let i = 0; i < 4; i++) people.push({ ...next(i === 3 ? 'en' : 'nb'), roles: [] });
  return people;
}
