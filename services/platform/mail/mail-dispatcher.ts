import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.schema.js';
import { PgListener } from '../db/pg-listener.js';
import type { QueuedMailContent } from '../db/entities/index.js';
import { MailService } from './mail.service.js';

/** The channel the outbox's insert trigger notifies (see the MailOutbox migration). */
export const OUTBOX_CHANNEL = 'mail_outbox';
const BATCH = 20;
/** Also looks without a notification: for retries that fall due and notifications missed while reconnecting. */
const POLL_MS = 1_000;
/** A claimed row is not claimed again for this long; if its sender died, it is sent again after it. */
const LEASE_SECONDS = 300;
const STOP_GRACE_MS = 10_000;

interface ClaimedRow {
  key: string;
  message_id: string;
  recipient: string;
  content: QueuedMailContent | null;
  attempts: number;
}

/** What may be logged of a failed send: codes, never the text (an SMTP reply can quote the address). */
function failureOf(err: unknown): { code?: string; responseCode?: number; command?: string } {
  const e = err as { code?: string; responseCode?: number; command?: string };
  return { code: e.code, responseCode: e.responseCode, command: e.command };
}

/**
 * Sends the mail outbox. Runs in the API process, which is not where workflows run: a worker that
 * crashes mid-step retries its activity, finds its outbox rows there already and queues nothing
 * twice, and nothing it does can resend a message. Wakes on the outbox's NOTIFY (and polls once a
 * second), claims due rows with SKIP LOCKED (so several API processes share the work), sends each
 * and records it as sent. When SMTP refuses, the row waits, backing off up to
 * MAIL_RETRY_MAX_SECONDS; a permanent refusal (5xx) marks it failed. A message that was sent while
 * the database is away is kept in memory and recorded when it is back, not sent again.
 */
@Injectable()
export class MailDispatcher implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(MailDispatcher.name);
  private poll?: NodeJS.Timeout;
  private draining?: Promise<void>;
  private wakeAgain = false;
  private stopping = false;
  private stopDeadline = Infinity;
  /** Sent, not yet recorded as sent: never claimed again meanwhile. */
  private readonly unrecorded = new Set<string>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly db: DataSource,
    private readonly mail: MailService,
    private readonly listener: PgListener,
  ) {}

  onApplicationBootstrap(): void {
    this.poll = setInterval(() => this.wake(), POLL_MS);
    this.poll.unref();
    // A (re)connected listener may have missed notifications: look at once.
    this.listener.subscribe(OUTBOX_CHANNEL, { notify: () => this.wake(), connection: (listening) => listening && this.wake() });
    this.wake();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    this.stopDeadline = Date.now() + STOP_GRACE_MS;
    clearInterval(this.poll);
    await this.draining;
  }

  /** Looks for due rows now (or right after the current round). */
  wake(): void {
    if (this.stopping) return;
    if (this.draining) {
      this.wakeAgain = true;
      return;
    }
    this.draining = this.drain().finally(() => {
      this.draining = undefined;
      if (this.wakeAgain) {
        this.wakeAgain = false;
        this.wake();
      }
    });
  }

  private async drain(): Promise<void> {
    try {
      while (!this.stopping) {
        const rows = await this.claim();
        if (!rows.length) return;
        await Promise.all(rows.map((row) => this.deliver(row)));
      }
    } catch (err) {
      this.logger.warn({ msg: 'mail outbox unavailable; will retry', err: (err as Error).message });
    }
  }

  private claim(): Promise<ClaimedRow[]> {
    return this.db.query(
      `WITH claimed AS (
         UPDATE mail_outbox SET attempts = attempts + 1, next_attempt_at = now() + make_interval(secs => $1)
          WHERE idempotency_key IN (
            SELECT idempotency_key FROM mail_outbox
             WHERE status = 'pending' AND next_attempt_at <= now() AND NOT (idempotency_key = ANY($3::text[]))
             ORDER BY next_attempt_at LIMIT $2 FOR UPDATE SKIP LOCKED)
          RETURNING idempotency_key AS key, message_id, recipient, content, attempts)
       SELECT * FROM claimed`,
      [LEASE_SECONDS, BATCH, [...this.unrecorded]],
    );
  }

  private async deliver(row: ClaimedRow): Promise<void> {
    const content = row.content ?? { subject: '', text: '' };
    try {
      await this.mail.send({
        idempotencyKey: row.key,
        to: [row.recipient],
        subject: content.subject,
        text: content.text,
        html: content.html,
        attachments: content.attachments?.map((a) => ({ filename: a.filename, contentType: a.contentType, content: Buffer.from(a.contentBase64, 'base64') })),
      });
    } catch (err) {
      await this.failed(row, err);
      return;
    }
    await this.recordSent(row);
  }

  private async failed(row: ClaimedRow, err: unknown): Promise<void> {
    const failure = failureOf(err);
    const permanent = failure.responseCode !== undefined && failure.responseCode >= 500;
    const retryInSeconds = Math.min(2 ** Math.min(row.attempts - 1, 16), this.config.mail.retryMaxSeconds);
    const lastError = `${[failure.code, failure.responseCode, failure.command].filter(Boolean).join(' ')}: ${(err as Error).message}`.slice(0, 300);
    if (permanent) this.logger.error({ msg: 'mail refused for good; not retried', messageId: row.message_id, ...failure });
    else this.logger.warn({ msg: 'mail not sent; will retry', messageId: row.message_id, attempt: row.attempts, retryInSeconds, ...failure });
    // If the database is away as well, the claim's lease runs out and the row is tried again.
    await this.db
      .query(
        permanent
          ? `UPDATE mail_outbox SET status = 'failed', last_error = $2 WHERE idempotency_key = $1`
          : `UPDATE mail_outbox SET next_attempt_at = now() + make_interval(secs => $3), last_error = $2 WHERE idempotency_key = $1`,
        permanent ? [row.key, lastError] : [row.key, lastError, retryInSeconds],
      )
      .catch(() => undefined);
  }

  /** The message is out: record it, however long the database takes to come back. */
  private async recordSent(row: ClaimedRow): Promise<void> {
    this.unrecorded.add(row.key);
    for (let waitMs = 250; ; waitMs = Math.min(waitMs * 2, 5_000)) {
      try {
        await this.db.query(`UPDATE mail_outbox SET status = 'sent', sent_at = now(), content = NULL, last_error = NULL WHERE idempotency_key = $1`, [row.key]);
        this.unrecorded.delete(row.key);
        return;
      } catch (err) {
        if (Date.now() > this.stopDeadline) {
          this.logger.error({ msg: 'mail sent but not recorded as sent before shutdown; it may be sent again', messageId: row.message_id, err: (err as Error).message });
          return;
        }
        if (waitMs === 250) this.logger.warn({ msg: 'mail sent; recording it waits for the database', messageId: row.message_id, err: (err as Error).message });
        await sleep(waitMs);
      }
    }
  }
}
