import type { KeyObject } from 'node:crypto';
import { SignJWT } from 'jose';
import type { DiplomaContent } from './diploma-pdf.js';

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

/**
 * An Open Badges 3.0 OpenBadgeCredential of a diploma, as a VC-JWT (EdDSA), signed with `key`
 * (whose kid it carries). Issued by `publicUrl`; `id` and `jti` are the diploma's verification URL.
 */
export function signCredential(publicUrl: string, certificateId: string, c: DiplomaContent, key: { privateKey: KeyObject; kid: string }): Promise<string> {
  const issuer = { id: publicUrl, type: ['Profile'], name: c.issuer };
  const vc = {
    '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
    id: c.verifyUrl,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    issuer,
    validFrom: `${c.issuedOn}T00:00:00Z`,
    name: 'Certificate of International Learning',
    credentialSubject: {
      id: `urn:uuid:${certificateId}`,
      type: ['AchievementSubject'],
      name: c.student.name,
      achievement: {
        id: `${publicUrl}/achievements/cil/${c.programme.code}`,
        type: ['Achievement'],
        name: `Certificate of International Learning – ${c.programme.nameEn}`,
        description: 'Three international activities at home and abroad with reflections, the CIL career course, a presentation to other students and an approved final reflection report.',
        criteria: { narrative: c.activities.map((a) => `${a.name} (${a.category}), ${a.startedOn} – ${a.endedOn}`).join('; ') },
      },
    },
    credentialStatus: { id: c.verifyUrl, type: 'CilVerificationStatus' },
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
