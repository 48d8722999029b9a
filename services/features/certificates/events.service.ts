import { participationFromActivity } from '../../../workflows/domain/participation.js';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { HttpException, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { Client } from '@temporalio/client';
import { APP_CONFIG } from '../../platform/config/config.module.js';
import type { AppConfig } from '../../platform/config/config.schema.js';
import { idempotentRowId } from '../../platform/http/idempotency.js';
import { CertificateRepository } from './certificate.repository.js';
import { CatalogueActivityEntity, PersonEntity, ProgrammeEntity } from '../../platform/db/entities/index.js';
import { callWorkflow } from '../../platform/temporal/refusals.js';
import { externalEventUpdate, type ExternalEvent } from '../../../workflows/contracts/certificate.contract.js';
import type { certificateWorkflow } from '../../../workflows/certificate/certificate.workflow.js';
import type { InboundEventDto } from './certificates.dto.js';

export class UnprocessableEvent extends HttpException {
  constructor(reason: string) {
    super({ message: reason, status: 'rejected' }, 422);
  }
}

/** The signature a source sends: `sha256=` HMAC-SHA256 of `<timestamp>.<raw body>` with its secret. */
export function signEvent(secret: string, timestamp: string, rawBody: string | Buffer): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest('hex')}`;
}

/**
 * Events from other systems (exchange completed, course passed…): authenticated per source,
 * de-duplicated by idempotency key, kept whether accepted or rejected, and signalled to the
 * student's certificate workflow.
 */
@Injectable()
export class EventsService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly temporal: Client,
    private readonly certificates: CertificateRepository,
  ) {}

  /** Throws 401 unless the request is signed by a known source within the time window. */
  authenticate(source: string | undefined, timestamp: string | undefined, signature: string | undefined, rawBody: Buffer | undefined): string {
    const secret = source ? this.config.events.sources[source] : undefined;
    if (!source || !secret) throw new UnauthorizedException('unknown event source (X-CIL-Source)');
    const ts = Number(timestamp);
    if (!timestamp || !Number.isInteger(ts) || Math.abs(Date.now() / 1000 - ts) > this.config.events.maxSkewSeconds) {
      throw new UnauthorizedException(`X-CIL-Timestamp must be the current Unix time (within ${this.config.events.maxSkewSeconds} s)`);
    }
    const expected = Buffer.from(signEvent(secret, timestamp, rawBody ?? Buffer.alloc(0)));
    const given = Buffer.from(signature ?? '');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new UnauthorizedException('bad signature (X-CIL-Signature)');
    return source;
  }

  /**
   * Handles a verified event once per (source, idempotency key). The key is reserved first, in the
   * transaction that does the work: a concurrent copy waits for that transaction and then answers
   * `duplicate` with the first copy's certificate; if the first copy fails (the workflow engine
   * unreachable…), everything it wrote is rolled back and a waiting copy, or the source's retry,
   * does the work instead. A rejected event is kept (422 once, then `duplicate`).
   */
  async receive(source: string, event: InboundEventDto): Promise<{ status: 'accepted' | 'duplicate'; certificateId?: string }> {
    const outcome = await this.certificates.transaction(async (tx): Promise<{ status: 'accepted' | 'duplicate'; certificateId?: string } | { rejected: string }> => {
      const reserved = await this.certificates.reserveEvent(tx, { source, idempotencyKey: event.idempotencyKey, type: event.type, body: { ...event } });
      if (!reserved) {
        const known = await this.certificates.knownEvent(tx, source, event.idempotencyKey);
        return { status: 'duplicate', certificateId: known?.certificateId ?? undefined };
      }
      const reject = async (reason: string, certificateId: string | null = null) => {
        await this.certificates.settleEvent(tx, reserved, { status: 'rejected', reason, certificateId });
        return { rejected: reason };
      };
      const student = await tx.getRepository(PersonEntity).findOneBy({ email: event.studentEmail.toLowerCase() });
      if (!student) return reject('unknown student');
      const programme = await tx.getRepository(ProgrammeEntity).findOneBy({ code: event.programmeCode });
      if (!programme) return reject('unknown programme');
      const certificate = await this.certificates.active(student.id, programme.id, tx);
      if (!certificate) return reject('the student has no open CIL certificate on this programme');
      const signal: ExternalEvent = { key: `${source}:${event.idempotencyKey}`, source, type: event.type };
      if (event.type === 'activity_completed' || event.type === 'exchange_completed') {
        if (!event.activityId) return reject('activityId is required for activity and exchange events', certificate.id);
        const activity = await tx.getRepository(CatalogueActivityEntity).findOneBy({ id: event.activityId, programmeId: programme.id });
        if (!activity) return reject("activityId is not in the programme's catalogue", certificate.id);
        let participationId = event.participationId;
        if (participationId) {
          const own = await this.certificates.participation(participationId, tx);
          if (!own || own.certificateId !== certificate.id) return reject("participationId is not one of this student's participations", certificate.id);
        } else {
          // Derived from the source and the key: a retry after a failure writes the row the workflow heard of.
          participationId = idempotentRowId('event-participation', source, event.idempotencyKey);
          await this.certificates.addParticipation(
            {
              id: participationId,
              certificateId: certificate.id,
              activityId: activity.id,
              startedOn: event.startedOn ?? event.occurredAt.slice(0, 10),
              endedOn: event.endedOn ?? event.occurredAt.slice(0, 10),
              description: `Reported by ${source}`,
              reflection: '',
              evidenceUrl: null,
              sessions: event.sessions ?? null,
              semesters: event.semesters ?? null,
            },
            tx,
          );
        }
        Object.assign(signal, participationFromActivity(participationId, activity, event));
      }
      // Apply, then commit: if the commit fails, the source's retry applies it again, and the
      // workflow ignores a key it has seen (and Temporal an update id it has answered). The
      // answer waits until the certificate has recorded the fact, so a read right after sees it.
      await callWorkflow(() => this.temporal.workflow.getHandle<typeof certificateWorkflow>(certificate.workflowId).executeUpdate(externalEventUpdate, { updateId: `event-${signal.key}`, args: [signal] }));
      await this.certificates.settleEvent(tx, reserved, { status: 'accepted', reason: null, certificateId: certificate.id });
      return { status: 'accepted', certificateId: certificate.id };
    });
    if ('rejected' in outcome) throw new UnprocessableEvent(outcome.rejected);
    return outcome;
  }
}
