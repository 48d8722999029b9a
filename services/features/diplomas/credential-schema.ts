import { Ajv2019 } from 'ajv/dist/2019.js';
import ajvFormats from 'ajv-formats';
import { openBadgeCredentialSchema } from './open-badge-credential.schema.js';

/**
 * Validates a credential (the `vc` of a VC-JWT) against our Open Badges 3.0 schema; answers what
 * is wrong in words (the first few problems, each with where it is), or undefined when it is valid.
 */
export function credentialSchemaCheck(publicUrl: string): (vc: unknown) => string | undefined {
  let check = compiled.get(publicUrl);
  if (!check) compiled.set(publicUrl, (check = compile(publicUrl)));
  return check;
}

/** Compiling the schema takes milliseconds: once per issuer URL. */
const compiled = new Map<string, (vc: unknown) => string | undefined>();

function compile(publicUrl: string): (vc: unknown) => string | undefined {
  const ajv = new Ajv2019({ allErrors: true, strict: true, strictRequired: false });
  ajvFormats.default(ajv, ['uri', 'date-time']);
  const validate = ajv.compile(openBadgeCredentialSchema(publicUrl));
  return (vc) => {
    if (validate(vc)) return undefined;
    const errors = (validate.errors ?? []).filter((e) => !['oneOf', 'anyOf', 'if', 'allOf'].includes(e.keyword));
    return (errors.length ? errors : validate.errors ?? [])
      .slice(0, 3)
      .map((e) => `${e.instancePath ? `\`vc${e.instancePath.replace(/\//g, '.')}\`` : '`vc`'} ${e.message ?? 'is not valid'}`)
      .join('; ');
  };
}
