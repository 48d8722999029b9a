import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { MailOutboxEntity } from '../db/entities/index.js';
import { messageIdFor } from './mail.service.js';

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
  attachments?: { filename: string; content: Buffer; contentType: string }[];
}

export interface QueuedMail {
  /** Step and recipient: the same key is queued (and sent) once. */
  key: string;
  recipient: string;
  kind: string;
  caseId: string | null;
}

/**
 * The write side of the mail outbox. Queuing is a single insert that does nothing when the key is
 * there already, so an activity that is retried (after a worker crash, a timeout, a database
 * restart) never queues a message twice; the dispatcher sends each row once.
 */
@Injectable()
export class MailOutbox {
  constructor(private readonly db: DataSource) {}

  /** The keys among `keys` that are queued already (sent or not). */
  async queued(keys: string[]): Promise<Set<string>> {
    if (!keys.length) return new Set();
    const rows = await this.db.getRepository(MailOutboxEntity).find({ select: { idempotencyKey: true }, where: { idempotencyKey: In(keys) } });
    return new Set(rows.map((r) => r.idempotencyKey));
  }

  /** The keys among `keys` that are queued already for this case. */
  async queuedForCase(keys: string[], caseId: string): Promise<Set<string>> {
    if (!keys.length) return new Set();
    const rows = await this.db.getRepository(MailOutboxEntity).find({ select: { idempotencyKey: true }, where: { idempotencyKey: In(keys), caseId } });
    return new Set(rows.map((r) => r.idempotencyKey));
  }

  async queue(mail: QueuedMail, rendered: RenderedMail): Promise<void> {
    await this.db
      .createQueryBuilder()
      .insert()
      .into(MailOutboxEntity)
      .values({
        idempotencyKey: mail.key,
        messageId: messageIdFor(mail.key),
        kind: mail.kind,
        caseId: mail.caseId,
        recipient: mail.recipient,
        content: {
          subject: rendered.subject,
          text: rendered.text,
          html: rendered.html,
          attachments: rendered.attachments?.map((a) => ({ filename: a.filename, contentType: a.contentType, contentBase64: a.content.toString('base64') })),
        },
      })
      .orIgnore()
      .execute();
  }
}
