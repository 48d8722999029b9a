import { problemText } from './problems.js';

describe('a problem as a person reads it next to the field', () => {
  it('drops the field’s code name and speaks the page’s language', () => {
    expect(problemText('nb', 'reason', 'reason must be 3 to 500 characters')).toBe('må ha 3 til 500 tegn');
    expect(problemText('en', 'reason', 'reason must be 3 to 500 characters')).toBe('must have 3 to 500 characters');
    expect(problemText('nb', 'name', 'name must be longer than or equal to 3 characters')).toBe('må ha minst 3 tegn');
  });

  it('leaves a problem it has no words for as it is, without the field name', () => {
    expect(problemText('nb', 'code', 'code is taken')).toBe('is taken');
    expect(problemText('en', 'code', 'something else')).toBe('something else');
  });
});
