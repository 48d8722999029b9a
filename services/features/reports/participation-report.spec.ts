import { buildReport, csvField, reportCsv } from './participation-report.js';
import type { EnrolmentRow } from './participation-report.repository.js';

const row = (faculty: string, programme: string, figures: Partial<EnrolmentRow> = {}): EnrolmentRow => ({
  faculty_id: `f-${faculty}`,
  faculty_code: faculty,
  faculty_name_nb: `Fakultet ${faculty}`,
  faculty_name_en: `Faculty ${faculty}`,
  programme_id: `p-${programme}`,
  programme_code: programme,
  programme_name_nb: `Program ${programme}`,
  programme_name_en: `Programme ${programme}`,
  enrolment_open: false,
  enrolled: 0,
  in_progress: 0,
  completed: 0,
  withdrawn: 0,
  closed_incomplete: 0,
  ...figures,
});

describe('the participation report', () => {
  const report = buildReport(
    [row('HV', 'BSYK', { enrolment_open: true, enrolled: 3, in_progress: 1, completed: 1, withdrawn: 1 }), row('HV', 'BFYS', { enrolled: 1, closed_incomplete: 1 }), row('TKD', 'BADT')],
    [
      { programme_id: 'p-BSYK', category: 'home', n: 4 },
      { programme_id: 'p-BSYK', category: 'abroad', n: 1 },
      { programme_id: 'p-BFYS', category: 'home', n: 2 },
    ],
    new Date('2027-05-01T12:00:00Z'),
  );

  it('groups programmes by faculty, with faculty and overall totals', () => {
    expect(report.generatedAt).toBe('2027-05-01T12:00:00.000Z');
    expect(report.faculties.map((f) => [f.code, f.programmes.map((p) => p.code)])).toEqual([
      ['HV', ['BSYK', 'BFYS']],
      ['TKD', ['BADT']],
    ]);
    expect(report.faculties[0]).toMatchObject({ enrolled: 4, inProgress: 1, completed: 1, withdrawn: 1, closedIncomplete: 1, confirmedParticipations: { home: 6, abroad: 1 } });
    expect(report.faculties[0].programmes[0]).toMatchObject({ code: 'BSYK', enrolmentOpen: true, enrolled: 3, confirmedParticipations: { home: 4, abroad: 1 } });
    expect(report.faculties[1]).toMatchObject({ enrolled: 0, confirmedParticipations: { home: 0, abroad: 0 } });
    expect(report.totals).toEqual({ enrolled: 4, inProgress: 1, completed: 1, withdrawn: 1, closedIncomplete: 1, confirmedParticipations: { home: 6, abroad: 1 } });
  });

  it('writes CSV with a header, one row per programme, CRLF and a byte order mark', () => {
    const csv = reportCsv(report, 'nb');
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const lines = csv.slice(1).split('\r\n');
    expect(lines[0]).toBe('faculty_code,faculty_name,programme_code,programme_name,enrolment_open,enrolled,in_progress,completed,withdrawn,closed_incomplete,confirmed_home,confirmed_abroad');
    expect(lines[1]).toBe('HV,Fakultet HV,BSYK,Program BSYK,true,3,1,1,1,0,4,1');
    expect(lines).toHaveLength(5); // header, three programmes, and the final line end
    expect(lines[4]).toBe('');
    expect(reportCsv(report, 'en').split('\r\n')[3]).toBe('TKD,Faculty TKD,BADT,Programme BADT,false,0,0,0,0,0,0,0');
  });

  it('quotes fields as RFC 4180 says, and keeps spreadsheets from running formulas', () => {
    expect(csvField('Helse, velferd')).toBe('"Helse, velferd"');
    expect(csvField('The "best" programme')).toBe('"The ""best"" programme"');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvField('@SUM')).toBe("'@SUM");
    expect(csvField('Økonomi')).toBe('Økonomi');
    expect(csvField(12)).toBe('12');
    expect(csvField(false)).toBe('false');
  });
});
