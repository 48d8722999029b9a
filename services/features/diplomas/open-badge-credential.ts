import type { KeyObject } from 'node:crypto';
import { SignJWT } from 'jose';
import type { DiplomaContent } from './diploma-pdf.js';
import { OPEN_BADGE_CREDENTIAL_SCHEMA_PATH } from './open-badge-credential.schema.js';
import { statusEntry, statusListUrl } from './status-list.js';

/** The verification URL of a diploma: the credential's `id` and `jti`, which name the diploma. */
export function verifyUrlOf(publicUrl: string, verificationCode: string): string {
  return `${publicUrl}/verify/${verificationCode}`;
}

/** The diploma a credential names, from its verification URL; undefined when it names none of this issuer's. */
export function verificationCodeOf(publicUrl: string, url: unknown): string | undefined {
  const prefix = verifyUrlOf(publicUrl, '');
  if (typeof url !== 'string' || !url.startsWith(prefix)) return undefined;
  const code = url.slice(prefix.length);
  return /^[A-Z0-9-]{1,40}$/.test(code) ? code : undefined;
}

/** The issuer's profile (Open Badges 3.0 Profile), served at this URL: the `issuer.id` of our credentials. */
export const ISSUER_PROFILE_PATH = '/credentials/issuer';

/** The issuer profile a credential names and /credentials/issuer serves. */
export function issuerProfile(publicUrl: string, name: string) {
  return { id: `${publicUrl}${ISSUER_PROFILE_PATH}`, type: ['Profile'], name, url: publicUrl };
}

/** What earns a CIL, in words: the achievement's criteria. */
export const CIL_CRITERIA =
  'To earn the Certificate of International Learning a student takes part in three different international activities from the programme\'s activity catalogue, at least one at home and at least one abroad, and writes a short reflection on each; attends the CIL career course on presenting international experience to employers; presents the experience to other students; and writes a final reflection report that the programme\'s local resource group approves.';

/**
 * An Open Badges 3.0 OpenBadgeCredential of a diploma, as a VC-JWT (EdDSA), signed with `key`
 * (whose kid it carries). Issued by `publicUrl` (the JWT's `iss`; the credential's issuer is the
 * profile at /credentials/issuer); `id` and `jti` are the diploma's verification URL. The evidence
 * names each activity with its category and dates (never a reflection); `credentialStatus` is the
 * diploma's bit in a Bitstring Status List (see status-list.ts), `credentialSchema` the JSON schema
 * it validates against.
 */
export function signCredential(publicUrl: string, certificateId: string, c: DiplomaContent, key: { privateKey: KeyObject; kid: string }, statusIndex: number): Promise<string> {
  const vc = {
    '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
    id: c.verifyUrl,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    issuer: issuerProfile(publicUrl, c.issuer),
    validFrom: `${c.issuedOn}T00:00:00Z`,
    name: 'Certificate of International Learning',
    credentialSubject: {
      id: `urn:uuid:${certificateId}`,
      type: ['AchievementSubject'],
      name: c.student.name,
      achievement: {
        id: `${publicUrl}/achievements/cil/${c.programme.code}`,
        type: ['Achievement'],
        achievementType: 'Certificate',
        name: `Certificate of International Learning – ${c.programme.nameEn}`,
        description: 'Three international activities at home and abroad with reflections, the CIL career course, a presentation to other students and an approved final reflection report.',
        criteria: { narrative: CIL_CRITERIA },
      },
    },
    evidence: c.activities.map((a, i) => ({
      id: `${c.verifyUrl}#activity-${i + 1}`,
      type: ['Evidence'],
      name: a.name,
      description: `${a.category === 'home' ? 'International activity at home' : 'International activity abroad'}, ${a.startedOn} – ${a.endedOn}`,
    })),
    credentialSchema: [{ id: `${publicUrl}${OPEN_BADGE_CREDENTIAL_SCHEMA_PATH}`, type: '1EdTechJsonSchemaValidator2019' }],
    credentialStatus: statusEntry(publicUrl, statusIndex),
  };
  return new SignJWT({ vc })
    .setProtectedHeader({ alg: 'EdDSA', typ: 'vc+jwt', kid: key.kid })
    .setIssuer(publicUrl)
    .setSubject(`urn:uuid:${certificateId}`)
    .setJti(c.verifyUrl)
    .setNotBefore(Math.floor(Date.parse(`${c.issuedOn}T00:00:00Z`) / 1000))
    .setIssuedAt()
    .sign(key.privateKey);
}

/**
 * The status list credential of list `list` (W3C Bitstring Status List v1.0,
 * BitstringStatusListCredential) as a VC-JWT signed like the diplomas' credentials: anyone reads a
 * credential's revocation bit from it, after checking its signature against /.well-known/jwks.json.
 */
export function signStatusList(publicUrl: string, issuerName: string, list: number, encodedList: string, key: { privateKey: KeyObject; kid: string }, now = new Date()): Promise<string> {
  const url = statusListUrl(publicUrl, list);
  const vc = {
    '@context': ['https://www.w3.org/ns/credentials/v2'],
    id: url,
    type: ['VerifiableCredential', 'BitstringStatusListCredential'],
    issuer: issuerProfile(publicUrl, issuerName),
    validFrom: now.toISOString(),
    credentialSubject: { id: `${url}#list`, type: 'BitstringStatusList', statusPurpose: 'revocation', encodedList },
  };
  return new SignJWT({ vc }).setProtectedHeader({ alg: 'EdDSA', typ: 'vc+jwt', kid: key.kid }).setIssuer(publicUrl).setJti(url).setIssuedAt(Math.floor(now.getTime() / 1000)).sign(key.privateKey);
}
