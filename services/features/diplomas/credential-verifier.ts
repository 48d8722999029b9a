import { compactVerify } from 'jose';
import type { VerifyKey } from './diploma-keys.js';
import { credentialSchemaCheck } from './credential-schema.js';
import { ISSUER_PROFILE_PATH, verificationCodeOf } from './open-badge-credential.js';
import { bitAt, decodeList, statusListNumberOf } from './status-list.js';

/** The longest credential taken (characters): ours are a few kB. */
export const MAX_CREDENTIAL_CHARS = 20_000;

/** Why a presented credential is not valid: stable machine words. */
export const REASON_CODES = ['malformed', 'signature', 'unknown_key', 'issuer', 'expired', 'revoked', 'status', 'schema'] as const;
export type ReasonCode = (typeof REASON_CODES)[number];

export interface Reason {
  code: ReasonCode;
  /** What it means, in English. */
  message: string;
  /** The same in Norwegian (bokmål), for the page. */
  messageNb: string;
}

/**
 * The verdict on a presented credential. `issuer`, `subject`, `achievement` and `issuedOn` say what
 * the credential claims (whenever it can be read): trust them only when `valid` is true. `revoked`
 * is null when revocation was not looked up (the credential is not authentically ours).
 */
export interface CredentialVerdict {
  valid: boolean;
  reasons: Reason[];
  issuer: { id: string | null; name: string | null } | null;
  subject: { id: string | null; name: string | null } | null;
  achievement: { id: string | null; name: string | null; description: string | null; criteria: string | null } | null;
  issuedOn: string | null;
  revoked: boolean | null;
  /** The diploma the credential names (its page is /verify/:code). */
  verificationCode: string | null;
  /** The key it is signed with (header `kid`). */
  keyId: string | null;
}

/**
 * How revocation is looked up: the diploma record by its verification code (null: no such
 * diploma), and a status list credential of ours by its number (null: no such list), the same
 * VC-JWT /credentials/status/:list serves.
 */
export interface RevocationLookup {
  revocationByCode(verificationCode: string): Promise<{ revokedAt: Date | null } | null>;
  statusListCredential(list: number): Promise<string | null>;
}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown, max = 2000): string | null => (typeof v === 'string' ? v.slice(0, max) : null);
const BASE64URL = /^[A-Za-z0-9_-]+$/;
/** Clock skew allowed on `exp` (seconds). */
const LEEWAY_SECONDS = 60;

function decodeJson(part: string): Json | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return isObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Verifies a credential presented to us (a VC-JWT of our Open Badges 3.0 diploma): it reads, its
 * signature holds under one of our keys (by `kid`, as /.well-known/jwks.json lists them), we issued
 * it, it has not expired, the diploma it names is not revoked (its bit in the Bitstring Status
 * List its `credentialStatus` names, read as a third party reads it: the list credential's signature
 * checked, its bits decoded; a credential from before status lists by its diploma record), and it
 * validates against our Open Badges 3.0 JSON schema. Every reason that applies is given.
 */
export class CredentialVerifier {
  private readonly schemaProblem: (vc: unknown) => string | undefined;

  constructor(
    private readonly issuerUrl: string,
    private readonly keys: readonly VerifyKey[],
    private readonly revocations: RevocationLookup,
    private readonly now: () => number = Date.now,
  ) {
    this.schemaProblem = credentialSchemaCheck(issuerUrl);
  }

  /** One of our keys by its id. */
  keyFor(kid: unknown): VerifyKey | undefined {
    return typeof kid === 'string' ? this.keys.find((k) => k.kid === kid) : undefined;
  }

  async verify(presented: string): Promise<CredentialVerdict> {
    const none: CredentialVerdict = { valid: false, reasons: [], issuer: null, subject: null, achievement: null, issuedOn: null, revoked: null, verificationCode: null, keyId: null };
    const jwt = presented.trim();
    const parts = jwt.split('.');
    const header = parts.length === 3 && jwt.length <= MAX_CREDENTIAL_CHARS && parts.every((p) => BASE64URL.test(p)) ? decodeJson(parts[0]) : undefined;
    if (!header) return { ...none, reasons: [this.reason('malformed')] };
    const reasons: Reason[] = [];
    const keyId = text(header.kid, 200);

    // The signature covers the header and payload as sent: any altered character breaks it.
    const key = this.keyFor(header.kid);
    let authentic = false;
    if (header.alg !== 'EdDSA') reasons.push(this.reason('signature', 'it is not signed with EdDSA (Ed25519)', 'den er ikke signert med EdDSA (Ed25519)'));
    else if (!key) reasons.push(this.reason('unknown_key'));
    else {
      try {
        await compactVerify(jwt, key.publicKey, { algorithms: ['EdDSA'] });
        authentic = true;
      } catch {
        reasons.push(this.reason('signature'));
      }
    }

    const payload = decodeJson(parts[1]);
    if (!payload) {
      // An altered payload often no longer reads; the signature already says why.
      if (!reasons.some((r) => r.code === 'signature')) reasons.push(this.reason('malformed'));
      return { ...none, reasons, keyId };
    }
    const vc = isObject(payload.vc) ? payload.vc : undefined;
    const claims = this.claims(vc);

    // Issued by us: the JWT's issuer and the credential's.
    const vcIssuerId = typeof vc?.issuer === 'string' ? vc.issuer : isObject(vc?.issuer) ? vc.issuer.id : undefined;
    const ours = payload.iss === this.issuerUrl && (vcIssuerId === undefined || vcIssuerId === this.issuerUrl || vcIssuerId === `${this.issuerUrl}${ISSUER_PROFILE_PATH}`);
    if (!ours) reasons.push(this.reason('issuer'));

    // Not expired: `exp` (seconds) and the credential's `validUntil`.
    const nowSeconds = this.now() / 1000;
    const validUntil = typeof vc?.validUntil === 'string' ? Date.parse(vc.validUntil) / 1000 : undefined;
    const expired = (typeof payload.exp === 'number' && payload.exp + LEEWAY_SECONDS < nowSeconds) || (validUntil !== undefined && !Number.isNaN(validUntil) && validUntil + LEEWAY_SECONDS < nowSeconds);
    if (expired) reasons.push(this.reason('expired'));

    // The shape of our credential; ours names its diploma by its verification URL.
    const verificationCode = verificationCodeOf(this.issuerUrl, payload.jti) ?? verificationCodeOf(this.issuerUrl, vc?.id) ?? null;
    const shape = this.shapeProblem(payload, vc) ?? (ours && !verificationCode ? 'it names no diploma of this issuer (`jti`, `vc.id`)' : undefined);
    if (shape) reasons.push(this.reason('schema', shape));

    // Revocation, for a credential that is authentically ours and names one of our diplomas.
    let revoked: boolean | null = null;
    if (authentic && ours && verificationCode) {
      const record = await this.revocations.revocationByCode(verificationCode);
      const status = isObject(vc?.credentialStatus) && vc.credentialStatus.type === 'BitstringStatusListEntry' ? vc.credentialStatus : undefined;
      if (!record) {
        revoked = true;
        reasons.push({ code: 'revoked', message: 'The issuer holds no record of this diploma.', messageNb: 'Utsteder har ingen opplysninger om dette diplomet.' });
      } else if (status) {
        const bit = await this.statusBit(status);
        if (typeof bit === 'string') reasons.push(this.reason('status', bit));
        else {
          revoked = bit;
          if (bit) reasons.push(this.reason('revoked'));
        }
      } else {
        revoked = record.revokedAt !== null;
        if (revoked) reasons.push(this.reason('revoked'));
      }
    }

    return { ...claims, valid: authentic && reasons.length === 0, reasons, revoked, verificationCode, keyId };
  }

  /** What the credential claims, as plain strings. */
  private claims(vc: Json | undefined): Pick<CredentialVerdict, 'issuer' | 'subject' | 'achievement' | 'issuedOn'> {
    const issuer = typeof vc?.issuer === 'string' ? { id: text(vc.issuer), name: null } : isObject(vc?.issuer) ? { id: text(vc.issuer.id), name: text(vc.issuer.name) } : null;
    const s = isObject(vc?.credentialSubject) ? vc.credentialSubject : undefined;
    const a = isObject(s?.achievement) ? s.achievement : undefined;
    const validFrom = text(vc?.validFrom, 40);
    return {
      issuer,
      subject: s ? { id: text(s.id), name: text(s.name) } : null,
      achievement: a ? { id: text(a.id), name: text(a.name), description: text(a.description), criteria: isObject(a.criteria) ? text(a.criteria.narrative, 10_000) : null } : null,
      issuedOn: validFrom && /^\d{4}-\d{2}-\d{2}/.test(validFrom) ? validFrom.slice(0, 10) : null,
    };
  }

  /** Why the payload is not our OpenBadgeCredential (the JWT's claims, then the schema); undefined when it is. */
  private shapeProblem(payload: Json, vc: Json | undefined): string | undefined {
    if (!vc) return 'it has no `vc` object';
    if (payload.exp !== undefined && typeof payload.exp !== 'number') return '`exp` is not a number';
    return this.schemaProblem(vc);
  }

  /**
   * The revocation bit a Bitstring Status List entry names: true when set; a string saying why it
   * cannot be read (a list that is not ours, not signed by us, or not a revocation list).
   */
  private async statusBit(status: Json): Promise<boolean | string> {
    const list = statusListNumberOf(this.issuerUrl, status.statusListCredential);
    const position = typeof status.statusListIndex === 'string' && /^\d{1,7}$/.test(status.statusListIndex) ? Number(status.statusListIndex) : undefined;
    if (list === undefined || position === undefined || status.statusPurpose !== 'revocation') return 'its `credentialStatus` names no revocation list of this issuer';
    const jwt = await this.revocations.statusListCredential(list);
    if (!jwt) return `status list ${list} does not exist`;
    try {
      const key = this.keyFor(decodeJson(jwt.split('.')[0] ?? '')?.kid);
      if (!key) throw new Error('unknown key');
      const { payload } = await compactVerify(jwt, key.publicKey, { algorithms: ['EdDSA'] });
      const listVc = (JSON.parse(Buffer.from(payload).toString('utf8')) as { vc?: { type?: unknown; credentialSubject?: { statusPurpose?: unknown; encodedList?: unknown } } }).vc;
      const subject = listVc?.credentialSubject;
      if (!Array.isArray(listVc?.type) || !listVc.type.includes('BitstringStatusListCredential') || subject?.statusPurpose !== 'revocation' || typeof subject.encodedList !== 'string') throw new Error('not a revocation list');
      return bitAt(decodeList(subject.encodedList), position);
    } catch {
      return `status list ${list} could not be read as a revocation list signed by this issuer`;
    }
  }

  /** A reason in words, with what exactly is wrong when that helps (`detail` in English, `detailNb` in Norwegian). */
  private reason(code: ReasonCode, detail?: string, detailNb?: string): Reason {
    const base = REASON_TEXT[code](this.issuerUrl);
    return { code, message: `${base.en}${detail ? `: ${detail}` : ''}.`, messageNb: `${base.nb}${detailNb ? `: ${detailNb}` : ''}.` };
  }
}

/** Each reason in words (without the final full stop: a detail may follow). */
const REASON_TEXT: Record<ReasonCode, (issuer: string) => { en: string; nb: string }> = {
  malformed: () => ({ en: 'This is not a credential that can be read (a VC-JWT is three base64url parts separated by dots)', nb: 'Dette er ikke en legitimasjon som kan leses (en VC-JWT er tre base64url-deler skilt med punktum)' }),
  signature: () => ({ en: 'The signature does not match: the credential has been altered, or was not signed by this issuer', nb: 'Signaturen stemmer ikke: legitimasjonen er endret, eller ikke signert av denne utstederen' }),
  unknown_key: () => ({ en: 'The credential is signed with a key this issuer does not publish (its kid is not in /.well-known/jwks.json)', nb: 'Legitimasjonen er signert med en nøkkel denne utstederen ikke publiserer (kid finnes ikke i /.well-known/jwks.json)' }),
  issuer: (issuer) => ({ en: `The credential names another issuer: this service verifies the credentials of ${issuer} only`, nb: `Legitimasjonen oppgir en annen utsteder: denne tjenesten kontrollerer bare legitimasjon fra ${issuer}` }),
  expired: () => ({ en: 'The credential has expired', nb: 'Legitimasjonen er utløpt' }),
  revoked: () => ({ en: 'The issuer has revoked this diploma', nb: 'Utsteder har trukket tilbake dette diplomet' }),
  status: () => ({ en: 'Whether the issuer has revoked this diploma could not be checked', nb: 'Det kunne ikke kontrolleres om utsteder har trukket tilbake dette diplomet' }),
  schema: () => ({ en: 'The credential does not have the shape of an Open Badges 3.0 credential of this issuer', nb: 'Legitimasjonen har ikke formen til en Open Badges 3.0-legitimasjon fra denne utstederen' }),
};
