/**
 * The JSON schema (draft 2019-09) our diplomas' credentials validate against: the required
 * structure of an Open Badges 3.0 OpenBadgeCredential (1EdTech OB 3.0, §B.1 "AchievementCredential"
 * and the Profile, AchievementSubject, Achievement, Criteria, Evidence and CredentialStatus classes
 * it uses, on the W3C Verifiable Credentials Data Model 2.0), plus what this issuer promises on top:
 * a Bitstring Status List entry for revocation and evidence that names activities without any
 * reflection text. Served at /credentials/schema/open-badge-credential.json and named by each
 * credential's `credentialSchema` (type 1EdTechJsonSchemaValidator2019), so a third party can
 * validate with any JSON-schema validator. Extra properties are allowed, as in OB 3.0.
 */

const uri = { type: 'string', format: 'uri' } as const;
const dateTime = { type: 'string', format: 'date-time' } as const;
/** An OB 3.0 `type`: a string, or an array of them containing `name`. */
const typeContaining = (name: string) => ({
  oneOf: [
    { type: 'string', const: name },
    { type: 'array', items: { type: 'string' }, contains: { const: name } },
  ],
});

export const OPEN_BADGE_CREDENTIAL_SCHEMA_PATH = '/credentials/schema/open-badge-credential.json';

export function openBadgeCredentialSchema(publicUrl: string) {
  return {
    $schema: 'https://json-schema.org/draft/2019-09/schema#',
    $id: `${publicUrl}${OPEN_BADGE_CREDENTIAL_SCHEMA_PATH}`,
    title: 'OpenBadgeCredential (Open Badges 3.0) of a Certificate of International Learning',
    type: 'object',
    required: ['@context', 'id', 'type', 'issuer', 'validFrom', 'name', 'credentialSubject'],
    properties: {
      '@context': {
        type: 'array',
        minItems: 2,
        items: { oneOf: [uri, { type: 'object' }] },
        allOf: [{ contains: { const: 'https://www.w3.org/ns/credentials/v2' } }, { contains: { type: 'string', pattern: '^https://purl\\.imsglobal\\.org/spec/ob/v3p0/context(-3\\.\\d+\\.\\d+)?\\.json$' } }],
      },
      id: uri,
      type: {
        type: 'array',
        items: { type: 'string' },
        allOf: [{ contains: { const: 'VerifiableCredential' } }, { contains: { enum: ['OpenBadgeCredential', 'AchievementCredential'] } }],
      },
      name: { type: 'string', minLength: 1 },
      description: { type: 'string' },
      issuer: {
        type: 'object',
        required: ['id', 'type', 'name'],
        properties: { id: uri, type: typeContaining('Profile'), name: { type: 'string', minLength: 1 }, url: uri },
      },
      validFrom: dateTime,
      validUntil: dateTime,
      credentialSubject: {
        type: 'object',
        required: ['type', 'achievement'],
        properties: {
          id: uri,
          type: typeContaining('AchievementSubject'),
          achievement: {
            type: 'object',
            required: ['id', 'type', 'name', 'description', 'criteria'],
            properties: {
              id: uri,
              type: typeContaining('Achievement'),
              achievementType: { type: 'string' },
              name: { type: 'string', minLength: 1 },
              description: { type: 'string', minLength: 1 },
              criteria: { type: 'object', anyOf: [{ required: ['id'] }, { required: ['narrative'] }], properties: { id: uri, narrative: { type: 'string', minLength: 1 } } },
            },
          },
        },
      },
      evidence: {
        type: 'array',
        items: {
          type: 'object',
          required: ['type', 'name', 'description'],
          properties: { id: uri, type: typeContaining('Evidence'), name: { type: 'string' }, description: { type: 'string' } },
          not: { anyOf: [{ required: ['narrative'] }, { required: ['reflection'] }] },
        },
      },
      credentialSchema: {
        type: 'array',
        items: { type: 'object', required: ['id', 'type'], properties: { id: uri, type: { type: 'string' } } },
      },
      credentialStatus: {
        // VCDM 2.0: a status has a type (and may have an id); ours is a Bitstring Status List entry.
        type: 'object',
        required: ['type'],
        properties: { id: uri, type: { type: 'string' } },
        if: { properties: { type: { const: 'BitstringStatusListEntry' } } },
        then: {
          required: ['id', 'statusPurpose', 'statusListIndex', 'statusListCredential'],
          properties: { statusPurpose: { const: 'revocation' }, statusListIndex: { type: 'string', pattern: '^(0|[1-9][0-9]*)$' }, statusListCredential: uri },
        },
      },
    },
  } as const;
}
