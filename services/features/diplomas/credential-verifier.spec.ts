import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { decodeJwt, decodeProtectedHeader, SignJWT } from 'jose';
import { CredentialVerifier, MAX_CREDENTIAL_CHARS, REASON_CODES, type RevocationLookup } from './credential-verifier.js';
import { keyId } from './diploma-keys.js';
import type { DiplomaContent } from './diploma-pdf.js';
import { signCredential } from './open-badge-credential.js';

const ISSUER = 'https://cil.example.org';
const CODE = 'CIL-ABCD-EFGH-JKMN';
const CERTIFICATE = '7f1c1f0e-2a8b-4c55-9a0e-1b2c3d4e5f60';

const content = (issuer = ISSUER): DiplomaContent => ({
  student: { name: 'Kari Nordmann' },
  programme: { code: 'BSYK', nameNb: 'Sykepleie', nameEn: 'Nursing' },
  activities: [
    { name: 'Exchange semester', category: 'abroad', startedOn: '2027-01-10', endedOn: '2027-06-20' },
    { name: 'Language café', category: 'home', startedOn: '2026-09-01', endedOn: '2026-12-01' },
  ],
  careerCourse: true,
  presentation: true,
  issuedOn: '2027-08-15',
  issuer: 'OsloMet – Oslo Metropolitan University',
  verificationCode: CODE,
  verifyUrl: `${issuer}/verify/${CODE}`,
});

const keyPair = () => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { privateKey, publicKey, kid: keyId(publicKey) };
};
const ours = keyPair();

/** The diploma record as the repository answers: not revoked, revoked, or none. */
const records = (record: { revokedAt: Date | null } | null): RevocationLookup & { asked: string[] } => {
  const asked: string[] = [];
  return {
    asked,
    revocationByCode: (code) => {
      asked.push(code);
      return Promise.resolve(record);
    },
  };
};
const verifier = (lookup: RevocationLookup = records({ revokedAt: null }), now = Date.now) => new CredentialVerifier(ISSUER, [ours], lookup, now);

/** Our credential, as the service issues it. */
const issued = (key = ours, issuer = ISSUER) => signCredential(issuer, CERTIFICATE, content(issuer), key);

/** The same credential's payload changed, signed again with `key`. */
async function resigned(change: (payload: Record<string, unknown>) => void, key: { privateKey: KeyObject; kid: string } = ours): Promise<string> {
  const jwt = await issued();
  const payload = decodeJwt(jwt) as Record<string, unknown>;
  change(payload);
  return new SignJWT(payload).setProtectedHeader({ ...decodeProtectedHeader(jwt), alg: 'EdDSA', kid: key.kid }).sign(key.privateKey);
}

/** The credential with the character at `index` replaced by another base64url character. */
const altered = (jwt: string, index: number) => `${jwt.slice(0, index)}${jwt[index] === 'A' ? 'B' : 'A'}${jwt.slice(index + 1)}`;

const codes = (v: { reasons: { code: string }[] }) => v.reasons.map((r) => r.code);

describe('verifying a credential someone presents', () => {
  it('a credential we issued is valid, and says what it certifies', async () => {
    const lookup = records({ revokedAt: null });
    const verdict = await verifier(lookup).verify(await issued());
    expect(verdict).toEqual({
      valid: true,
      reasons: [],
      issuer: { id: ISSUER, name: 'OsloMet – Oslo Metropolitan University' },
      subject: { id: `urn:uuid:${CERTIFICATE}`, name: 'Kari Nordmann' },
      achievement: expect.objectContaining({ id: `${ISSUER}/achievements/cil/BSYK`, name: 'Certificate of International Learning – Nursing', criteria: expect.stringContaining('Exchange semester (abroad), 2027-01-10 – 2027-06-20') as unknown }) as unknown,
      issuedOn: '2027-08-15',
      revoked: false,
      verificationCode: CODE,
      keyId: ours.kid,
    });
    expect(lookup.asked).toEqual([CODE]);
    // Whitespace around it (a file's last newline) does not matter.
    expect((await verifier().verify(`\n ${await issued()}\n`)).valid).toBe(true);
  });

  it('one character changed in the payload or the signature: not valid, reason signature', async () => {
    const jwt = await issued();
    const [header, payload, signature] = jwt.split('.');
    const inPayload = header.length + 1 + Math.floor(payload.length / 2);
    const inSignature = header.length + 1 + payload.length + 1 + Math.floor(signature.length / 2);
    for (const index of [inPayload, inSignature]) {
      const verdict = await verifier().verify(altered(jwt, index));
      expect({ index, valid: verdict.valid, reasons: codes(verdict) }).toEqual({ index, valid: false, reasons: ['signature'] });
      expect(verdict.reasons[0].message).toMatch(/signature does not match/);
      expect(verdict.revoked).toBeNull(); // not authentic: revocation is not looked up
    }
  });

  it('whichever character is changed, the credential is not valid', async () => {
    const jwt = await issued();
    // The last character of the signature carries padding bits a decoder may ignore: not counted.
    const wrong: number[] = [];
    for (let index = 0; index < jwt.length - 1; index++) {
      if (jwt[index] === '.') continue;
      const verdict = await verifier().verify(altered(jwt, index));
      if (verdict.valid || verdict.reasons.length === 0) wrong.push(index);
    }
    expect(wrong).toEqual([]);
  });

  it('signed with a key we do not have: unknown_key; with another key under our kid: signature', async () => {
    const stranger = keyPair();
    expect(codes(await verifier().verify(await issued(stranger)))).toEqual(['unknown_key']);
    expect(codes(await verifier().verify(await issued({ ...stranger, kid: ours.kid })))).toEqual(['signature']);
    expect(codes(await verifier().verify(await resigned((p) => p, { ...ours, kid: undefined as unknown as string })))).toEqual(['unknown_key']);
  });

  it('another issuer, even signed with our key: issuer', async () => {
    const verdict = await verifier().verify(await issued(ours, 'https://elsewhere.example'));
    expect({ valid: verdict.valid, reasons: codes(verdict), revoked: verdict.revoked }).toEqual({ valid: false, reasons: ['issuer'], revoked: null });
    expect(verdict.reasons[0].message).toContain(ISSUER);
    // The JWT's issuer and the credential's must both be us.
    expect(codes(await verifier().verify(await resigned((p) => void (p.iss = 'https://elsewhere.example'))))).toEqual(['issuer']);
    expect(codes(await verifier().verify(await resigned((p) => void ((p.vc as { issuer: { id: string } }).issuer.id = 'https://elsewhere.example'))))).toEqual(['issuer']);
  });

  it('past its exp or validUntil: expired', async () => {
    const hourAgo = Math.floor(Date.now() / 1000) - 3600;
    expect(codes(await verifier().verify(await resigned((p) => void (p.exp = hourAgo))))).toEqual(['expired']);
    expect(codes(await verifier().verify(await resigned((p) => void ((p.vc as Record<string, unknown>).validUntil = new Date(hourAgo * 1000).toISOString()))))).toEqual(['expired']);
    const later = await resigned((p) => void (p.exp = hourAgo + 7200));
    expect((await verifier().verify(later)).valid).toBe(true);
    expect(codes(await verifier(undefined, () => (hourAgo + 7200 + 3600) * 1000).verify(later))).toEqual(['expired']);
  });

  it('a revoked diploma: revoked, from the diploma record the credential names', async () => {
    const lookup = records({ revokedAt: new Date('2027-09-01T10:00:00Z') });
    const verdict = await verifier(lookup).verify(await issued());
    expect({ valid: verdict.valid, reasons: codes(verdict), revoked: verdict.revoked }).toEqual({ valid: false, reasons: ['revoked'], revoked: true });
    expect(verdict.reasons[0]).toEqual({ code: 'revoked', message: 'The issuer has revoked this diploma.', messageNb: 'Utsteder har trukket tilbake dette diplomet.' });
    expect(lookup.asked).toEqual([CODE]);
    // No record of it at all: not valid either.
    const none = await verifier(records(null)).verify(await issued());
    expect({ valid: none.valid, reasons: codes(none), revoked: none.revoked }).toEqual({ valid: false, reasons: ['revoked'], revoked: true });
  });

  it('what cannot be read: malformed', async () => {
    const jwt = await issued();
    const unreadable = ['', 'not a credential', 'a.b', 'a.b.c.d', `${jwt}.extra`, '...', 'e30.e30', 'e30.e30.', '!!!.e30.AAAA', `bm90IGpzb24.${jwt.split('.')[1]}.AAAA`, 'W10.e30.AAAA', `${'A'.repeat(MAX_CREDENTIAL_CHARS)}.e30.AAAA`];
    for (const presented of unreadable) {
      const verdict = await verifier().verify(presented);
      expect({ presented: presented.slice(0, 40), valid: verdict.valid, reasons: codes(verdict), subject: verdict.subject }).toEqual({ presented: presented.slice(0, 40), valid: false, reasons: ['malformed'], subject: null });
    }
  });

  it('not shaped as our Open Badges 3.0 credential: schema', async () => {
    const changes: ((vc: Record<string, unknown>, p: Record<string, unknown>) => void)[] = [
      (vc) => void (vc.type = ['VerifiableCredential']),
      (vc) => void delete vc.issuer,
      (vc) => void delete (vc.credentialSubject as Record<string, unknown>).achievement,
      (_vc, p) => void delete p.vc,
      (vc, p) => {
        delete p.jti;
        delete vc.id;
      },
    ];
    for (const change of changes) {
      const verdict = await verifier().verify(await resigned((p) => change((p.vc ?? {}) as Record<string, unknown>, p)));
      expect({ change: change.toString(), reasons: codes(verdict) }).toEqual({ change: change.toString(), reasons: ['schema'] });
    }
  });

  it('not signed with EdDSA: signature', async () => {
    const jwt = await issued();
    const [, payload] = jwt.split('.');
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', kid: ours.kid })).toString('base64url')}.${payload}.AAAA`;
    expect(codes(await verifier().verify(none))).toEqual(['signature']);
  });

  it('every reason has a message in English and in Norwegian', async () => {
    const seen = new Map<string, { message: string; messageNb: string }>();
    const stranger = keyPair();
    const jwt = await issued();
    const samples = [
      await verifier().verify('nope'),
      await verifier().verify(altered(jwt, jwt.indexOf('.') + 20)),
      await verifier().verify(await issued(stranger)),
      await verifier().verify(await issued(ours, 'https://elsewhere.example')),
      await verifier().verify(await resigned((p) => void (p.exp = 1))),
      await verifier(records({ revokedAt: new Date() })).verify(await issued()),
      await verifier().verify(await resigned((p) => void delete p.vc)),
    ];
    for (const r of samples.flatMap((v) => v.reasons)) seen.set(r.code, r);
    expect([...seen.keys()].sort()).toEqual([...REASON_CODES].sort());
    for (const [code, r] of seen) expect({ code, en: r.message.length > 10, nb: r.messageNb.length > 10, differ: r.message !== r.messageNb }).toEqual({ code, en: true, nb: true, differ: true });
  });
});
