import { randomBytes } from 'node:crypto';
import { ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { exportJWK, jwtVerify, SignJWT } from 'jose';
import { APP_CONFIG } from '../../platform/config/config.module.js';
import type { AppConfig } from '../../platform/config/config.schema.js';
import type { DiplomaEntity } from '../../platform/db/entities/index.js';
import { DiplomaRepository } from './diploma.repository.js';
import { CertificateRepository } from '../certificates/certificate.repository.js';
import { CertificateNotifier } from '../certificates/certificate.notifier.js';
import { TimelineRepository } from '../timeline/timeline.repository.js';
import { certificateWorkflowId } from '../../../workflows/contracts/ids.js';
import { diplomaKeys, type DiplomaKeys } from './diploma-keys.js';
import { renderDiplomaPdf, type DiplomaContent } from './diploma-pdf.js';

const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A verification code that is easy to read aloud: CIL-XXXX-XXXX-XXXX (no 0/O or 1/I). */
export function newVerificationCode(): string {
  const chars = [...randomBytes(12)].map((b) => ALPHABET[b % ALPHABET.length]).join('');
  return `CIL-${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 12)}`;
}

export interface Verification {
  valid: boolean;
  reason?: 'unknown' | 'revoked' | 'signature';
  verificationCode: string;
  issuedAt?: string;
  revokedAt?: string;
  revocationReason?: string;
  issuer?: string;
  certifies?: DiplomaContent;
}

/**
 * Issues diplomas (content, a PDF in Norwegian and English, and an Open Badges 3.0 credential as
 * a VC-JWT signed with Ed25519), verifies them for anyone, and revokes them.
 */
@Injectable()
export class DiplomaService {
  private readonly keys: DiplomaKeys;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly diplomas: DiplomaRepository,
    private readonly certificates: CertificateRepository,
    private readonly timeline: TimelineRepository,
    private readonly notifier: CertificateNotifier,
  ) {
    this.keys = diplomaKeys(config);
  }

  verifyUrl(code: string): string {
    return `${this.config.publicUrl}/verify/${code}`;
  }

  /** Issues the certificate's diploma once; a second call returns the first. */
  async issue(certificateId: string, counted: { participationId: string; activityId: string }[]): Promise<DiplomaEntity> {
    const existing = await this.diplomas.forCertificate(certificateId);
    if (existing) return existing;
    const { student, programme, participations, activities } = await this.diplomas.issueFacts(certificateId, counted);
    const verificationCode = newVerificationCode();
    const issuedOn = new Date().toISOString().slice(0, 10);
    const content: DiplomaContent = {
      student: { name: student.name },
      programme: { code: programme.code, nameNb: programme.nameNb, nameEn: programme.nameEn },
      activities: counted.map((c) => {
        const a = activities.get(c.activityId);
        const p = participations.get(c.participationId);
        return { name: a?.name ?? c.activityId, category: a?.category ?? 'home', startedOn: p?.startedOn ?? issuedOn, endedOn: p?.endedOn ?? issuedOn };
      }),
      careerCourse: true,
      presentation: true,
      issuedOn,
      issuer: this.config.diploma.issuerName,
      verificationCode,
      verifyUrl: this.verifyUrl(verificationCode),
    };
    const [pdf, credentialJwt] = await Promise.all([renderDiplomaPdf(content), this.credential(certificateId, content)]);
    return this.diplomas.insertOnce({ certificateId, verificationCode, content: content as never, credentialJwt, pdf });
  }

  /** An Open Badges 3.0 OpenBadgeCredential, as a VC-JWT (EdDSA). */
  private credential(certificateId: string, c: DiplomaContent): Promise<string> {
    const issuer = { id: this.config.publicUrl, type: ['Profile'], name: c.issuer };
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
          id: `${this.config.publicUrl}/achievements/cil/${c.programme.code}`,
          type: ['Achievement'],
          name: `Certificate of International Learning – ${c.programme.nameEn}`,
          description: 'Three international activities at home and abroad with reflections, the CIL career course, a presentation to other students and an approved final reflection report.',
          criteria: { narrative: c.activities.map((a) => `${a.name} (${a.category}), ${a.startedOn} – ${a.endedOn}`).join('; ') },
        },
      },
      credentialStatus: { id: c.verifyUrl, type: 'CilVerificationStatus' },
    };
    return new SignJWT({ vc })
      .setProtectedHeader({ alg: 'EdDSA', typ: 'vc+jwt', kid: this.keys.kid })
      .setIssuer(this.config.publicUrl)
      .setSubject(`urn:uuid:${certificateId}`)
      .setJti(c.verifyUrl)
      .setNotBefore(Math.floor(Date.parse(`${c.issuedOn}T00:00:00Z`) / 1000))
      .setIssuedAt()
      .sign(this.keys.privateKey);
  }

  async jwks() {
    return { keys: [{ ...(await exportJWK(this.keys.publicKey)), kid: this.keys.kid, alg: 'EdDSA', use: 'sig' }] };
  }

  /** Public: is this diploma genuine and unrevoked, and what does it certify. */
  async verify(code: string): Promise<Verification> {
    const diploma = await this.diplomas.byCode(code);
    if (!diploma) return { valid: false, reason: 'unknown', verificationCode: code };
    try {
      const { payload } = await jwtVerify(diploma.credentialJwt, this.keys.publicKey, { algorithms: ['EdDSA'], issuer: this.config.publicUrl });
      if (payload.jti !== this.verifyUrl(code)) throw new Error('credential names another diploma');
    } catch {
      return { valid: false, reason: 'signature', verificationCode: code };
    }
    const base = { verificationCode: code, issuedAt: diploma.issuedAt.toISOString(), issuer: this.config.diploma.issuerName, certifies: diploma.content as unknown as DiplomaContent };
    // The reason is the central group's own note: the public learns only that the issuer revoked it.
    if (diploma.revokedAt) return { ...base, valid: false, reason: 'revoked', revokedAt: diploma.revokedAt.toISOString() };
    return { ...base, valid: true };
  }

  async revoke(code: string, actorId: string, reason: string): Promise<Verification> {
    const diploma = await this.diplomas.byCode(code);
    if (!diploma) throw new NotFoundException('no diploma with that code');
    if (diploma.revokedAt) {
      await this.tellStudent(diploma.certificateId, diploma.revokedBy ?? actorId, diploma.revocationReason ?? undefined); // a repeat finishes what a failed one began
      throw new ConflictException('the diploma is already revoked');
    }
    await this.diplomas.revoke(diploma.id, actorId, reason);
    await this.tellStudent(diploma.certificateId, actorId, reason);
    return { ...(await this.verify(code)), revocationReason: reason };
  }

  /** The student's timeline and an e-mail say the diploma is revoked, and why; each once. */
  private async tellStudent(certificateId: string, actorId: string, reason: string | undefined): Promise<void> {
    const certificate = await this.certificates.find(certificateId);
    if (!certificate) return;
    await this.timeline.add({ key: 'diploma-revoked', caseId: certificateId, kind: 'diploma.revoked', actorId, comment: reason });
    await this.notifier.notify({ key: `${certificateWorkflowId(certificateId)}:diploma-revoked`, kind: 'diploma_revoked', certificateId, to: [certificate.studentId], comment: reason });
  }

  forCertificate(certificateId: string): Promise<DiplomaEntity | null> {
    return this.diplomas.forCertificate(certificateId);
  }
}
