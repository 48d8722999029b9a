import { generateKeyPairSync } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2019, type ErrorObject } from 'ajv/dist/2019.js';
import ajvFormats from 'ajv-formats';
import { decodeJwt } from 'jose';
import { repoRoot } from '../../platform/config/config.schema.js';
import { keyId } from './diploma-keys.js';
import { issuerProfile, signCredential } from './open-badge-credential.js';
import { sampleDiploma } from '../../../test/support/diploma-content.js';

/**
 * 1EdTech's own Open Badges 3.0 JSON Schemas, prepared (and checked against their pinned sha256) by
 * infra/tools/install-open-badges-schemas.mjs on `npm install`: the credential we issue and the
 * issuer profile we serve must pass them, not only the schema we wrote from the data model.
 */
const DIR = join(repoRoot, '.tools', 'ob-schemas');
const official = (name: string): object => {
  const file = join(DIR, name);
  if (!existsSync(file)) throw new Error(`${file} is missing: run \`node infra/tools/install-open-badges-schemas.mjs\` (npm install runs it)`);
  return JSON.parse(readFileSync(file, 'utf8')) as object;
};
const ajv = new Ajv2019({ strict: false, allErrors: true });
ajvFormats.default(ajv);
const achievementCredential = ajv.compile(official('ob_v3p0_achievementcredential_schema.json'));
const profile = ajv.compile(official('ob_v3p0_profile_schema.json'));
const problems = (errors: ErrorObject[] | null | undefined) => (errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`);

const PUBLIC_URL = 'https://cil.example.org';
const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const key = { privateKey, kid: keyId(publicKey) };

async function issuedCredential(): Promise<Record<string, unknown>> {
  const jwt = await signCredential(
    PUBLIC_URL,
    '7f1c1f0e-2a8b-4c55-9a0e-1b2c3d4e5f60',
    sampleDiploma(PUBLIC_URL),
    key,
    4242,
  );
  return decodeJwt(jwt).vc as Record<string, unknown>;
}

describe("the credential against 1EdTech's Open Badges 3.0 JSON Schemas", () => {
  it('the schemas are the official ones', () => {
    expect(official('ob_v3p0_achievementcredential_schema.json')).toMatchObject({ $id: 'https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json' });
    expect(official('ob_v3p0_profile_schema.json')).toMatchObject({ $id: 'https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_profile_schema.json' });
  });

  it('a diploma’s credential, as we issue it, passes the AchievementCredential schema', async () => {
    const vc = await issuedCredential();
    expect(achievementCredential(vc) ? [] : problems(achievementCredential.errors)).toEqual([]);
  });

  it('the issuer profile we serve passes the Profile schema', () => {
    const served = issuerProfile(PUBLIC_URL, 'OsloMet – Oslo Metropolitan University');
    expect(profile(served) ? [] : problems(profile.errors)).toEqual([]);
  });

  it('refuses a credential without what the standard requires (so a pass above means something)', async () => {
    const vc = await issuedCredential();
    const { validFrom: _validFrom, ...withoutValidFrom } = vc;
    expect(achievementCredential(withoutValidFrom)).toBe(false);
    const subject = vc.credentialSubject as { achievement: Record<string, unknown> };
    const { criteria: _criteria, ...achievement } = subject.achievement;
    expect(achievementCredential({ ...vc, credentialSubject: { ...subject, achievement } })).toBe(false);
    expect(achievementCredential({ ...vc, type: ['VerifiableCredential'] })).toBe(false);
  });
});
