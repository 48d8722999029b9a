import { createHash, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { developmentDiplomaKey, type AppConfig } from '../../platform/config/config.schema.js';

/** A key credentials verify with: its public half only, and its key id. */
export interface VerifyKey {
  publicKey: KeyObject;
  kid: string;
}

export interface DiplomaKeys {
  /** The current key: it signs new credentials, which carry its kid. */
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** Key id: a thumbprint of the public key, so a rotated key gets a new id. */
  kid: string;
  /** Every key a credential of ours verifies with (the JWKS): the current key first, then DIPLOMA_VERIFY_KEYS; each kid once. */
  verifying: VerifyKey[];
}

/** The key id of a public key: the first 16 characters of the base64url SHA-256 of its SPKI DER. */
export function keyId(publicKey: KeyObject): string {
  return createHash('sha256').update(publicKey.export({ format: 'der', type: 'spki' })).digest('base64url').slice(0, 16);
}

/**
 * The keys of diplomas' credentials. DIPLOMA_SIGNING_KEY (required in production), or outside
 * production a development key derived from the session secret, signs; DIPLOMA_VERIFY_KEYS are
 * the keys of earlier credentials (public or private PEMs: only the public half is kept), so that
 * a rotated key leaves every credential it signed verifying. See README, "Diplomas: verifying and rotating keys".
 */
export function diplomaKeys(config: AppConfig): DiplomaKeys {
  const privateKey = config.diploma.signingKeyPem ? createPrivateKey(config.diploma.signingKeyPem.replace(/\\n/g, '\n')) : developmentDiplomaKey(config.auth.sessionSecret);
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error('DIPLOMA_SIGNING_KEY must be an Ed25519 private key');
  const publicKey = createPublicKey(privateKey);
  const kid = keyId(publicKey);
  const verifying: VerifyKey[] = [{ publicKey, kid }];
  config.diploma.verifyKeyPems.forEach((pem, i) => {
    const older = createPublicKey(pem);
    if (older.asymmetricKeyType !== 'ed25519') throw new Error(`DIPLOMA_VERIFY_KEYS: key ${i + 1} is not an Ed25519 key`);
    const olderKid = keyId(older);
    if (!verifying.some((k) => k.kid === olderKid)) verifying.push({ publicKey: older, kid: olderKid });
  });
  return { privateKey, publicKey, kid, verifying };
}
