import { ValidationFailed } from '../../platform/http/errors.js';
import { formValues, PARTICIPATION_FIELDS, participationFromForm, reportFromForm } from './student-page.form.js';

const form = {
  activityId: '6b1f1a4e-3c1d-4b8e-9a55-0d6f1b2c3d4e',
  startedOn: '2027-01-10',
  endedOn: '2027-03-01',
  description: 'Four meetings',
  reflection: 'I learnt a lot',
  evidenceUrl: '',
  sessions: '4',
  semesters: '',
};

const problems = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (err) {
    if (err instanceof ValidationFailed) return err.fields.map((f) => f.field);
    throw err;
  }
  return [];
};

describe('the student page forms', () => {
  it('keeps only the form’s own fields, as typed', () => {
    expect(formValues({ ...form, extra: 'x', sessions: ['1', '2'] }, PARTICIPATION_FIELDS)).toEqual({ ...form, sessions: '' });
    expect(formValues(undefined, ['text'])).toEqual({ text: '' });
  });

  it('reads a participation: empty optional fields left out, numbers as numbers', async () => {
    const dto = await participationFromForm(form);
    expect({ ...dto }).toEqual({ activityId: form.activityId, startedOn: '2027-01-10', endedOn: '2027-03-01', description: 'Four meetings', reflection: 'I learnt a lot', sessions: 4 });
  });

  it('answers what the JSON API would for bad fields', async () => {
    expect(await problems(participationFromForm({ ...form, activityId: '', startedOn: '10.01.2027', sessions: 'four', evidenceUrl: 'not a link' }))).toEqual(['activityId', 'startedOn', 'evidenceUrl', 'sessions']);
    expect(await problems(participationFromForm({ ...form, semesters: '-1' }))).toEqual(['semesters']);
    expect(await problems(reportFromForm({ text: 'x'.repeat(100_001) }))).toEqual(['text']);
    expect((await reportFromForm({ text: 'My report' })).text).toBe('My report');
  });
});
