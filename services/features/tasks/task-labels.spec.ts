import { HOURS } from './task-labels.js';

describe('the words a task page shows', () => {
  it('says «t» (timer) for hours in Norwegian, «h» in English', () => {
    expect(HOURS).toEqual({ nb: 't', en: 'h' });
  });
});
