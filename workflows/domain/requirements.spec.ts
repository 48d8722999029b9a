import { counts, requirementStatus, type CountedActivity } from './requirements.js';

const p = (activityId: string, category: 'home' | 'abroad', extra: Partial<CountedActivity> = {}): CountedActivity => ({ activityId, category, confirmed: true, ...extra });
const met = (participations: CountedActivity[], careerCourse = true, presentation = true) => requirementStatus({ participations, careerCourse, presentation });

describe('the CIL requirement', () => {
  it.each([
    ['three distinct, home and abroad', [p('a', 'home'), p('b', 'abroad'), p('c', 'home')], true],
    ['three abroad', [p('a', 'abroad'), p('b', 'abroad'), p('c', 'abroad')], false],
    ['three at home', [p('a', 'home'), p('b', 'home'), p('c', 'home')], false],
    ['two distinct', [p('a', 'home'), p('b', 'abroad')], false],
    ['the same activity twice counts once', [p('a', 'home'), p('a', 'home'), p('b', 'abroad')], false],
    ['an unconfirmed one does not count', [p('a', 'home'), p('b', 'abroad'), p('c', 'home', { confirmed: false })], false],
    ['a minimum of sessions not reached', [p('a', 'home'), p('b', 'abroad'), p('c', 'home', { minimumSessions: 3, sessions: 2 })], false],
    ['a minimum of sessions reached', [p('a', 'home'), p('b', 'abroad'), p('c', 'home', { minimumSessions: 3, sessions: 3 })], true],
    ['a minimum of semesters not reached', [p('a', 'home'), p('b', 'abroad', { minimumSemesters: 1, semesters: 0 }), p('c', 'home')], false],
    ['four activities', [p('a', 'home'), p('b', 'abroad'), p('c', 'home'), p('d', 'abroad')], true],
  ])('%s → activities met: %s', (_name, participations, expected) => {
    expect(met(participations).activitiesMet).toBe(expected);
  });

  it('names why a confirmed participation does not count: a repeat, or short of the minimum', () => {
    const status = met([
      p('a', 'home', { participationId: 'first' }),
      p('a', 'home', { participationId: 'again' }),
      p('b', 'abroad', { participationId: 'short', minimumSessions: 3, sessions: 1 }),
      p('c', 'home', { participationId: 'open', confirmed: false }),
    ]);
    expect(status.notCounted).toEqual([
      { participationId: 'again', activityId: 'a', reason: 'repeat' },
      { participationId: 'short', activityId: 'b', reason: 'below_minimum' },
    ]);
    const activities = status.checklist.find((i) => i.key === 'activities')!;
    expect(activities.text.en).toBe('1 of 3 different activities are confirmed; 2 to go. An activity recorded more than once counts once.');
    expect(activities.text.nb).toContain('teller én gang');
    expect(met([p('a', 'home'), p('b', 'abroad')]).checklist[0].text.en).toBe('2 of 3 different activities are confirmed; 1 to go.');
  });

  it('needs the career course and the presentation as well', () => {
    const three = [p('a', 'home'), p('b', 'abroad'), p('c', 'home')];
    expect(met(three, true, true).allMet).toBe(true);
    expect(met(three, false, true).allMet).toBe(false);
    expect(met(three, true, false).allMet).toBe(false);
  });

  it('explains what is missing, in both languages', () => {
    const status = met([p('a', 'home'), p('b', 'home')], false, true);
    const missing = status.checklist.filter((c) => !c.met);
    expect(missing.map((c) => c.key)).toEqual(['activities', 'abroad', 'career_course']);
    expect(missing[0].text.en).toBe('2 of 3 different activities are confirmed; 1 to go.');
    expect(missing[0].text.nb).toBe('2 av 3 ulike aktiviteter er godkjent; 1 gjenstår.');
    expect(missing[1].text.en).toBe('Missing an activity abroad.');
  });

  it('treats no minimum as met', () => {
    expect(counts(p('a', 'home', { minimumSessions: null, sessions: null }))).toBe(true);
    expect(counts(p('a', 'home', { minimumSessions: 1, sessions: null }))).toBe(false);
  });
});
