import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { decodeProtectedHeader } from 'jose';
import { parseConfig } from '../../platform/config/config.schema.js';
import type { DiplomaEntity } from '../../platform/db/entities/index.js';
import { diplomaKeys } from './diploma-keys.js';
import type { DiplomaRepository } from './diploma.repository.js';
import { DiplomaService } from './diploma.service.js';
import type { DiplomaContent } from './diploma-pdf.js';
import { signCredential } from './open-badge-credential.js';

const PUBLIC_URL = 'https://cil.example.org';
const CERTIFICATE = '0d8e6f2a-5b1c-4e3d-9f7a-2c4b6d8e0f1a';

const newPem = () => generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
const publicPemOf = (privatePem: string) => createPublicKey(privatePem).export({ format: 'pem', type: 'spki' }).toString();
/** As an .env file writes a PEM: on one line, with \n escapes. */
const oneLine = (pem: string) => pem.trim().replace(/\n/g, '\\n');

const content = (code: string): DiplomaContent => ({
  student: { name: 'Ola Nordmann' },
  programme: { code: 'BSYK', nameNb: 'Sykepleie', nameEn: 'Nursing' },
  activities: [{ name: 'Buddy scheme', category: 'home', startedOn: '2026-09-01', endedOn: '2027-01-31' }],
  careerCourse: true,
  presentation: true,
  issuedOn: '2027-08-15',
  issuer: 'OsloMet',
  verificationCode: code,
  verifyUrl: `${PUBLIC_URL}/verify/${code}`,
});

/** A diploma service on a repository that holds the given diplomas (none revoked) and stores what is issued. */
function serviceWith(env: Record<string, string>, stored: Map<string, string> = new Map()) {
  const repository = {
    revocationByCode: (code: string) => Promise.resolve(stored.has(code) ? { revokedAt: null } : null),
    byCode: (code: string) =>
      Promise.resolve(stored.has(code) ? ({ verificationCode: code, credentialJwt: stored.get(code), issuedAt: new Date(), revokedAt: null, content: content(code) } as unknown as DiplomaEntity) : null),
    forCertificate: () => Promise.resolve(null),
    statusIndexesIn: () => Promise.resolve(0),
    statusIndexTaken: () => Promise.resolve(false),
    revokedStatusIndexesIn: () => Promise.resolve([]),
    issueFacts: () =>
      Promise.resolve({
        student: { name: 'Kari Nordmann' },
        programme: { code: 'BSYK', nameNb: 'Sykepleie', nameEn: 'Nursing' },
        participations: new Map(),
        activities: new Map(),
      }),
    insertOnce: (row: Pick<DiplomaEntity, 'verificationCode' | 'credentialJwt'>) => {
      stored.set(row.verificationCode, row.credentialJwt);
      return Promise.resolve(row as DiplomaEntity);
    },
  } as unknown as DiplomaRepository;
  return new DiplomaService(parseConfig({ PUBLIC_URL, ...env }, { diploma: true }), repository, {} as never, {} as never, {} as never);
}

describe('diploma keys and their rotation', () => {
  const oldKey = newPem();
  const newKey = newPem();
  const oldKid = diplomaKeys(parseConfig({ DIPLOMA_SIGNING_KEY: oldKey })).kid;
  const newKid = diplomaKeys(parseConfig({ DIPLOMA_SIGNING_KEY: newKey })).kid;

  it('a credential signed with the old key keeps verifying after a new key is added; new ones carry the new kid', async () => {
    const stored = new Map<string, string>();
    // Before: the old key signs.
    const before = serviceWith({ DIPLOMA_SIGNING_KEY: oldKey }, stored);
    const oldDiploma = await before.issue(CERTIFICATE, []);
    expect(decodeProtectedHeader(oldDiploma.credentialJwt).kid).toBe(oldKid);

    // After: the new key signs; the old one is kept, as its public half only, in DIPLOMA_VERIFY_KEYS.
    const after = serviceWith({ DIPLOMA_SIGNING_KEY: newKey, DIPLOMA_VERIFY_KEYS: publicPemOf(oldKey) }, stored);
    expect(await after.verifyCredential(oldDiploma.credentialJwt)).toMatchObject({ valid: true, reasons: [], keyId: oldKid });
    expect(await after.verify(oldDiploma.verificationCode)).toMatchObject({ valid: true });
    const newDiploma = await after.issue('9a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d', []);
    expect(decodeProtectedHeader(newDiploma.credentialJwt).kid).toBe(newKid);
    expect(await after.verifyCredential(newDiploma.credentialJwt)).toMatchObject({ valid: true, keyId: newKid });

    // Without the old key, its credentials no longer verify: the key is unknown.
    const forgotten = serviceWith({ DIPLOMA_SIGNING_KEY: newKey }, stored);
    expect((await forgotten.verifyCredential(oldDiploma.credentialJwt)).reasons.map((r) => r.code)).toEqual(['unknown_key']);
    expect(await forgotten.verify(oldDiploma.verificationCode)).toMatchObject({ valid: false, reason: 'signature' });
  });

  it('the JWKS lists every key with its kid, the current one first, public halves only', async () => {
    const third = newPem();
    // Private PEMs are taken too (only their public half is kept), on one line with \n escapes; a repeated key is listed once.
    const service = serviceWith({ DIPLOMA_SIGNING_KEY: newKey, DIPLOMA_VERIFY_KEYS: `${oneLine(publicPemOf(oldKey))}\\n${oneLine(third)}\\n${oneLine(publicPemOf(newKey))}` });
    const { keys } = await service.jwks();
    const thirdKid = diplomaKeys(parseConfig({ DIPLOMA_SIGNING_KEY: third })).kid;
    expect(keys.map((k) => k.kid)).toEqual([newKid, oldKid, thirdKid]);
    for (const k of keys) {
      expect(k).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig' });
      expect(k).not.toHaveProperty('d');
    }
    // A credential signed with any of them verifies.
    const byThird = await signCredential(PUBLIC_URL, CERTIFICATE, content('CIL-AAAA-BBBB-CCCC'), diplomaKeys(parseConfig({ DIPLOMA_SIGNING_KEY: third })), 0);
    expect((await service.verifyCredential(byThird)).keyId).toBe(thirdKid);
    expect((await service.verifyCredential(byThird)).reasons.map((r) => r.code)).toEqual(['revoked']); // signed well; this repository holds no such diploma
  });

  it('without DIPLOMA_VERIFY_KEYS there is one key, as before', async () => {
    const { keys } = await serviceWith({ DIPLOMA_SIGNING_KEY: oldKey }).jwks();
    expect(keys.map((k) => k.kid)).toEqual([oldKid]);
  });
});
