import { safeReturnTo } from './auth.controller.js';

describe('sign-in return paths', () => {
  it.each([
    ['/api/me', '/api/me'],
    ['/tasks/1?x=2', '/tasks/1?x=2'],
    ['//evil.example.com', '/api/me'],
    ['/\\evil.example.com', '/api/me'],
    ['https://evil.example.com', '/api/me'],
    ['', '/api/me'],
    [undefined, '/api/me'],
  ])('%s → %s', (given, expected) => {
    expect(safeReturnTo(given)).toBe(expected);
  });
});
