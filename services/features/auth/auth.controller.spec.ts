import { safeReturnTo } from './auth.controller.js';

describe('sign-in return paths', () => {
  it.each([
    ['/api/me', '/api/me'],
    ['/cases?stage=open', '/cases?stage=open'],
    ['/tasks/1?x=2', '/tasks/1?x=2'],
    ['//evil.example.com', '/'],
    ['/\\evil.example.com', '/'],
    ['https://evil.example.com', '/'],
    ['', '/'],
    [undefined, '/'],
  ])('%s → %s', (given, expected) => {
    expect(safeReturnTo(given)).toBe(expected);
  });
});
