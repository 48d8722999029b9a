import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { decodeJwt, decodeProtectedHeader, SignJWT } from 'jose';
import { CredentialVerifier, MAX_CREDENTIAL_CHARS, REASON_CODES, type RevocationLookup } from './credential-verifier.js';
import { keyId } from './diploma-keys.js';
import { CIL_CRITERIA, signCredential, signStatusList } from './open-badge-credential.js';
import { encodeList, STATUS_LIST_SIZE } from './status-list.js';
import { SAMPLE_VERIFICATION_CODE, sampleDiploma } from '../../../test/support/diploma-content.js';

const ISSUER = 'https://cil.example.org';
const CODE = SAMPLE_VERIFICATION_CODE;
const CERTIFICATE = '7f1c1f0e-2a8b-4c55-9a0e-1b2c3d4e5f60';

const content = (issuer = ISSUER) => sampleDiploma(issuer);

const keyPair = () => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { privateKey, publicKey, kid: keyId(publicKey) };
};
const ours = keyPair();

/** The diploma's status index: list 2, position 4242. */
const STATUS_INDEX = STATUS_LIST_SIZE + 4242;

/**
 * The diploma record as the repository answers (not revoked, revoked, or none), and the status
 * lists as the issuer serves them: signed by `listKey` with `revokedPositions` set (or `list` as given).
 */
const records = (record: { revokedAt: Date | null } | null, lists: { revokedPositions?: number[]; listKey?: { privateKey: KeyObject; kid: string }; list?: string | null } = {}): RevocationLookup & { asked: string[]; listsAsked: number[] } => {
  const asked: string[] = [];
  const listsAsked: number[] = [];
  return {
    asked,
    listsAsked,
    revocationByCode: (code) => {
      asked.push(code);
      return Promise.resolve(record);
    },
    statusListCredential: (list) => {
      listsAsked.push(list);
      if (lists.list !== undefined) return Promise.resolve(lists.list);
      return signStatusList(ISSUER, 'OsloMet', list, encodeList(lists.revokedPositions ?? []), lists.listKey ?? ours);
    },
  };
};
const verifier = (lookup: RevocationLookup = records({ revokedAt: null }), now = Date.now) => new CredentialVerifier(ISSUER, [ours], lookup, now);

/** Our credential, as the service issues it. */
const issued = (key = ours, issuer = ISSUER) => signCredential(issuer, CERTIFICATE, content(issuer), key, STATUS_INDEX);

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
      issuer: { id: `${ISSUER}/credentials/issuer`, name: 'OsloMet – Oslo Metropolitan University' },
      subject: { id: `urn:uuid:${CERTIFICATE}`, name: 'Kari Nordmann' },
      achievement: expect.objectContaining({ id: `${ISSUER}/achievements/cil/BSYK`, name: 'Certificate of International Learning – Nursing', criteria: CIL_CRITERIA }) as unknown,
      issuedOn: '2027-08-15',
      revoked: false,
      verificationCode: CODE,
      keyId: ours.kid,
    });
    expect(lookup.asked).toEqual([CODE]);
    expect(lookup.listsAsked).toEqual([2]); // its bit's list
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

  it('a revoked diploma: revoked, from its bit in the status list its credentialStatus names', async () => {
    const lookup = records({ revokedAt: null }, { revokedPositions: [17, 4242, STATUS_LIST_SIZE - 1] });
    const verdict = await verifier(lookup).verify(await issued());
    expect({ valid: verdict.valid, reasons: codes(verdict), revoked: verdict.revoked }).toEqual({ valid: false, reasons: ['revoked'], revoked: true });
    expect(verdict.reasons[0]).toEqual({ code: 'revoked', message: 'The issuer has revoked this diploma.', messageNb: 'Utsteder har trukket tilbake dette diplomet.' });
    expect({ asked: lookup.asked, lists: lookup.listsAsked }).toEqual({ asked: [CODE], lists: [2] });
    // The neighbouring bits set, not its own: not revoked.
    const neighbours = await verifier(records({ revokedAt: null }, { revokedPositions: [4241, 4243] })).verify(await issued());
    expect({ valid: neighbours.valid, revoked: neighbours.revoked }).toEqual({ valid: true, revoked: false });
    // No record of it at all: not valid either.
    const none = await verifier(records(null)).verify(await issued());
    expect({ valid: none.valid, reasons: codes(none), revoked: none.revoked }).toEqual({ valid: false, reasons: ['revoked'], revoked: true });
  });

  it('a credential from before status lists is revoked by its diploma record', async () => {
    const older = await resigned((p) => void ((p.vc as Record<string, unknown>).credentialStatus = { id: `${ISSUER}/verify/${CODE}`, type: 'CilVerificationStatus' }));
    const fine = records({ revokedAt: null });
    expect(await verifier(fine).verify(older)).toMatchObject({ valid: true, revoked: false });
    expect(fine.listsAsked).toEqual([]);
    const revoked = await verifier(records({ revokedAt: new Date('2027-09-01T10:00:00Z') })).verify(older);
    expect({ valid: revoked.valid, reasons: codes(revoked), revoked: revoked.revoked }).toEqual({ valid: false, reasons: ['revoked'], revoked: true });
  });

  it('a status list that cannot be trusted or read: status, and never valid', async () => {
    const stranger = keyPair();
    const otherList = (url: string) => resigned((p) => void (((p.vc as Record<string, unknown>).credentialStatus as Record<string, unknown>).statusListCredential = url));
    const cases: [string, RevocationLookup, Promise<string>][] = [
      ['signed by a key we do not publish', records({ revokedAt: null }, { listKey: stranger }), issued()],
      ['signed under our kid by another key', records({ revokedAt: null }, { listKey: { ...stranger, kid: ours.kid } }), issued()],
      ['no such list', records({ revokedAt: null }, { list: null }), issued()],
      ['not a JWT', records({ revokedAt: null }, { list: 'garbage' }), issued()],
      ['a list elsewhere', records({ revokedAt: null }), otherList('https://elsewhere.example/credentials/status/2')],
    ];
    for (const [what, lookup, credential] of cases) {
      const verdict = await verifier(lookup).verify(await credential);
      expect({ what, valid: verdict.valid, reasons: codes(verdict), revoked: verdict.revoked }).toEqual({ what, valid: false, reasons: ['status'], revoked: null });
    }
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
      // What the Open Badges 3.0 schema requires.
      (vc) => void (vc['@context'] = ['https://www.w3.org/ns/credentials/v2']),
      (vc) => void (vc.validFrom = 'yesterday'),
      (vc) => void delete ((vc.credentialSubject as Record<string, Record<string, unknown>>).achievement).criteria,
      (vc) => void ((vc.issuer as Record<string, unknown>).type = ['Organisation']),
      // Evidence names activities; a reflection never rides along.
      (vc) => void ((vc.evidence as Record<string, unknown>[])[0].narrative = 'I learned a lot about myself'),
    ];
    for (const change of changes) {
      const verdict = await verifier().verify(await resigned((p) => change((p.vc ?? {}) as Record<string, unknown>, p)));
      expect({ change: change.toString(), reasons: codes(verdict) }).toEqual({ change: change.toString(), reasons: ['schema'] });
    }
    // A status that is not for revocation: not our shape, and revocation cannot be read from it.
    expect(codes(await verifier().verify(await resigned((p) => void (((p.vc as Record<string, unknown>).credentialStatus as Record<string, unknown>).statusPurpose = 'suspension'))))).toEqual(['schema', 'status']);
  });

  it('the credential is an Open Badges 3.0 credential: issuer profile, criteria in words, evidence without reflections, status and schema', async () => {
    const { vc } = decodeJwt(await issued()) as { vc: Record<string, unknown> };
    expect(vc.issuer).toEqual({ id: `${ISSUER}/credentials/issuer`, type: ['Profile'], name: 'OsloMet – Oslo Metropolitan University', url: ISSUER });
    expect(((vc.credentialSubject as Record<string, Record<string, Record<string, string>>>).achievement.criteria.narrative)).toMatch(/three different international activities.+at least one at home and at least one abroad.+career course.+presents.+final reflection report/);
    expect(vc.evidence).toEqual([
      { id: `${ISSUER}/verify/${CODE}#activity-1`, type: ['Evidence'], name: 'Exchange semester', description: 'International activity abroad, 2027-01-10 – 2027-06-20' },
      { id: `${ISSUER}/verify/${CODE}#activity-2`, type: ['Evidence'], name: 'Language café', description: 'International activity at home, 2026-09-01 – 2026-12-01' },
    ]);
    expect(vc.credentialStatus).toEqual({ id: `${ISSUER}/credentials/status/2#4242`, type: 'BitstringStatusListEntry', statusPurpose: 'revocation', statusListIndex: '4242', statusListCredential: `${ISSUER}/credentials/status/2` });
    expect(vc.credentialSchema).toEqual([{ id: `${ISSUER}/credentials/schema/open-badge-credential.json`, type: '1EdTechJsonSchemaValidator2019' }]);
  });

  it('a schema problem says where it is', async () => {
    const verdict = await verifier().verify(await resigned((p) => void ((p.vc as Record<string, unknown>).validFrom = 'yesterday')));
    expect(verdict.reasons[0].message).toMatch(/`vc\.validFrom` must match format "date-time"/);
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
      await verifier(records({ revokedAt: null }, { revokedPositions: [4242] })).verify(await issued()),
      await verifier().verify(await resigned((p) => void delete p.vc)),
      await verifier(records({ revokedAt: null }, { list: null })).verify(await issued()),
    ];
    for (const r of samples.flatMap((v) => v.reasons)) seen.set(r.code, r);
    expect([...seen.keys()].sort()).toEqual([...REASON_CODES].sort());
    for (const [code, r] of seen) expect({ code, en: r.message.length > 10, nb: r.messageNb.length > 10, differ: r.message !== r.messageNb }).toEqual({ code, en: true, nb: true, differ: true });
  });
});
