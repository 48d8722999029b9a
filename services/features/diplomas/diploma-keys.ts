import { createHash, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { developmentDiplomaSeed, type AppConfig } from '../../platform/config/config.schema.js';

/** DER prefix of a PKCS#8 Ed25519 private key; the 32-byte seed follows. */
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

export interface DiplomaKeys {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** Key id: a thumbprint of the public key, so a rotated key gets a new id. */
  kid: string;
}

/**
 * The key that signs diplomas: DIPLOMA_SIGNING_KEY (required in production), or outside production
 * a development key derived from the session secret, so a dev system keeps verifying its own diplomas.
 */
export function diplomaKeys(config: AppConfig): DiplomaKeys {
  const privateKey = config.diploma.signingKeyPem
    ? createPrivateKey(config.diploma.signingKeyPem.replace(/\\n/g, '\n'))
    : createPrivateKey({
        key: Buffer.concat([ED25519_PKCS8_PREFIX, developmentDiplomaSeed(config.auth.sessionSecret)]),
        format: 'der',
        type: 'pkcs8',
      });
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error('DIPLOMA_SIGNING_KEY must be an Ed25519 private key');
  const publicKey = createPublicKey(privateKey);
  const raw = publicKey.export({ format: 'der', type: 'spki' });
  const kid = createHash('sha256').update(raw).digest('base64url').slice(0, 16);
  return { privateKey, publicKey, kid };
}
