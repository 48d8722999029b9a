import { verifiedEmail } from './oidc.service.js';

describe('the e-mail address a provider vouches for', () => {
  it('is taken only when email_verified is true', () => {
    expect(verifiedEmail({ email: 'kari@example.org', email_verified: true })).toBe('kari@example.org');
    expect(verifiedEmail({ email: 'kari@example.org', email_verified: false })).toBeUndefined();
    // A provider that says nothing about verification has not verified it.
    expect(verifiedEmail({ email: 'kari@example.org' })).toBeUndefined();
    expect(verifiedEmail({ email: 'kari@example.org', email_verified: 'true' })).toBeUndefined();
    expect(verifiedEmail({ email_verified: true })).toBeUndefined();
  });
});
