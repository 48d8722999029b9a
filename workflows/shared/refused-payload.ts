import {
  BinaryPayloadConverter,
  CompositePayloadConverter,
  JsonPayloadConverter,
  UndefinedPayloadConverter,
  type Payload,
  type PayloadConverterWithEncoding,
} from '@temporalio/common';

/**
 * The encoding the payload codec gives, in strict mode (production), to a payload that was not
 * encrypted with a known key: whoever sent it (the Temporal CLI, the Web UI, a client without our
 * codec) could write anything into it. The payload's content is dropped; only this marker is left.
 */
export const REFUSED_UNENCRYPTED_ENCODING = 'binary/refused-unencrypted';

/** The failure type of everything turned away because of such a payload. */
export const UNENCRYPTED_PAYLOAD_FAILURE_TYPE = 'UnencryptedPayload';

// A registered symbol, so the check holds even across two copies of this module; no JSON can carry it.
const REFUSED = Symbol.for('cil-flow.refused-unencrypted-payload');

/** What a refused payload converts to: one frozen value that no handler can mistake for data. */
export interface RefusedPayload {
  readonly [REFUSED]: true;
}

export const REFUSED_PAYLOAD: RefusedPayload = Object.freeze({ [REFUSED]: true as const });

export function isRefusedPayload(value: unknown): value is RefusedPayload {
  return typeof value === 'object' && value !== null && (value as Partial<Record<symbol, unknown>>)[REFUSED] === true;
}

/** Reads a refused payload as REFUSED_PAYLOAD, instead of failing the workflow task on an unknown encoding. */
class RefusedPayloadConverter implements PayloadConverterWithEncoding {
  readonly encodingType = REFUSED_UNENCRYPTED_ENCODING;

  /** Never writes one: values always go out through the default converters (and then the codec). */
  toPayload(): Payload | undefined {
    return undefined;
  }

  fromPayload<T>(): T {
    return REFUSED_PAYLOAD as T;
  }
}

/**
 * The payload converter of the worker (inside and outside the workflow sandbox) and of our clients:
 * the SDK's default converters, plus one for refused payloads. Its path is `payloadConverterPath`
 * (services/platform/temporal/workflow-source.ts); the interceptors in
 * ./refused-payload.interceptors.ts turn a refused argument into a clean refusal.
 */
export const payloadConverter = new CompositePayloadConverter(
  new UndefinedPayloadConverter(),
  new BinaryPayloadConverter(),
  new JsonPayloadConverter(),
  new RefusedPayloadConverter(),
);
