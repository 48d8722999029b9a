import { HOURS, scopeText } from './task-labels.js';

describe('the words a task page shows', () => {
  it('says «t» (timer) for hours in Norwegian, «h» in English', () => {
    expect(HOURS).toEqual({ nb: 't', en: 'h' });
  });

  it('gives a participation’s scope in the unit its activity counts, with the minimum, and nothing dashed', () => {
    const sessions = { sessions: 4, semesters: null, minimumSessions: 3, minimumSemesters: null };
    expect(scopeText('en', sessions)).toBe('4 sessions (minimum 3)');
    expect(scopeText('nb', sessions)).toBe('4 ganger (minst 3)');
    const semester = { sessions: null, semesters: 1, minimumSessions: null, minimumSemesters: 1 };
    expect(scopeText('en', semester)).toBe('1 semester (minimum 1)');
    expect(scopeText('nb', { ...semester, semesters: 2 })).toBe('2 semestre (minst 1)');
    // A number the student gave for an activity without a minimum; a minimum without a number.
    expect(scopeText('en', { sessions: 1, semesters: null, minimumSessions: null, minimumSemesters: null })).toBe('1 session');
    expect(scopeText('nb', { sessions: null, semesters: null, minimumSessions: 3, minimumSemesters: null })).toBe('ganger ikke oppgitt (minst 3)');
    expect(scopeText('en', { sessions: null, semesters: null, minimumSessions: null, minimumSemesters: null })).toBe('');
    for (const lang of ['nb', 'en'] as const) expect(scopeText(lang, sessions)).not.toMatch(/—|semest/);
  });
});
