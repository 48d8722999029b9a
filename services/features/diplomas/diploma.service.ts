import { randomBytes } from 'node:crypto';
import { ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { exportJWK, jwtVerify } from 'jose';
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
import { CredentialVerifier, type CredentialVerdict } from './credential-verifier.js';
import { issuerProfile, signCredential, signStatusList, verifyUrlOf } from './open-badge-credential.js';
import { openBadgeCredentialSchema } from './open-badge-credential.schema.js';
import { encodeList, pickStatusIndex, STATUS_LIST_SIZE } from './status-list.js';

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
 * a VC-JWT signed with Ed25519), verifies them for anyone (by code, or the credential as presented),
 * and revokes them.
 */
@Injectable()
export class DiplomaService {
  private readonly keys: DiplomaKeys;
  private readonly verifier: CredentialVerifier;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly diplomas: DiplomaRepository,
    private readonly certificates: CertificateRepository,
    private readonly timeline: TimelineRepository,
    private readonly notifier: CertificateNotifier,
  ) {
    this.keys = diplomaKeys(config);
    this.verifier = new CredentialVerifier(config.publicUrl, this.keys.verifying, {
      revocationByCode: (code) => diplomas.revocationByCode(code),
      statusListCredential: (list) => this.statusListCredential(list),
    });
  }

  verifyUrl(code: string): string {
    return verifyUrlOf(this.config.publicUrl, code);
  }

  /** Issues the certificate's diploma once; a second call returns the first. */
  async issue(certificateId: string, counted: { participationId: string; activityId: string }[]): Promise<DiplomaEntity> {
    const existing = await this.diplomas.forCertificate(certificateId);
    if (existing) return existing;
    const { student, programme, participations, activities } = await this.diplomas.issueFacts(certificateId, counted);
    const issuedOn = new Date().toISOString().slice(0, 10);
    // A new code and status index when another diploma took the same one meanwhile (unique in the table).
    for (let attempt = 1; ; attempt += 1) {
      const verificationCode = newVerificationCode();
      const statusIndex = await pickStatusIndex(
        (list) => this.diplomas.statusIndexesIn((list - 1) * STATUS_LIST_SIZE, list * STATUS_LIST_SIZE),
        (index) => this.diplomas.statusIndexTaken(index),
      );
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
      const credentialJwt = await signCredential(this.config.publicUrl, certificateId, content, this.keys, statusIndex);
      const pdf = await renderDiplomaPdf(content, credentialJwt);
      const stored = await this.diplomas.insertOnce({ certificateId, verificationCode, content: content as never, credentialJwt, pdf, statusIndex });
      if (stored) return stored;
      if (attempt >= 5) throw new Error('could not store the diploma: its verification code or status index was taken five times');
    }
  }

  /** Public: the status list credential of list `list` (a signed VC-JWT), or null when no diploma can be on it. */
  async statusListCredential(list: number): Promise<string | null> {
    const from = (list - 1) * STATUS_LIST_SIZE;
    if (list < 1 || (list > 1 && (await this.diplomas.statusIndexesIn(from, from + STATUS_LIST_SIZE)) === 0)) return null;
    const revoked = await this.diplomas.revokedStatusIndexesIn(from, from + STATUS_LIST_SIZE);
    return signStatusList(this.config.publicUrl, this.config.diploma.issuerName, list, encodeList(revoked.map((i) => i - from)), this.keys);
  }

  /** Public: the issuer's profile, which our credentials name as their issuer. */
  issuerProfile() {
    return { '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'], ...issuerProfile(this.config.publicUrl, this.config.diploma.issuerName) };
  }

  /** Public: the JSON schema our credentials validate against. */
  credentialSchema() {
    return openBadgeCredentialSchema(this.config.publicUrl);
  }

  /** Every key our credentials verify with, by kid: the current one first, then the older ones (DIPLOMA_VERIFY_KEYS). */
  async jwks() {
    return { keys: await Promise.all(this.keys.verifying.map(async (k) => ({ ...(await exportJWK(k.publicKey)), kid: k.kid, alg: 'EdDSA', use: 'sig' }))) };
  }

  /** Public: the verdict on a credential someone presents (see CredentialVerifier). */
  verifyCredential(credential: string): Promise<CredentialVerdict> {
    return this.verifier.verify(credential);
  }

  /** Public: is this diploma genuine and unrevoked, and what does it certify. */
  async verify(code: string): Promise<Verification> {
    const diploma = await this.diplomas.byCode(code);
    if (!diploma) return { valid: false, reason: 'unknown', verificationCode: code };
    try {
      const keyFor = (header: { kid?: string }) => {
        const key = this.verifier.keyFor(header.kid);
        if (!key) throw new Error('signed with a key we do not hold');
        return key.publicKey;
      };
      const { payload } = await jwtVerify(diploma.credentialJwt, keyFor, { algorithms: ['EdDSA'], issuer: this.config.publicUrl });
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
