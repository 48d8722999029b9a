import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import type { DataSource } from 'typeorm';
import { parseConfig } from '../../services/platform/config/config.schema.js';
import { connectWithin, createDataSource } from '../../services/platform/db/data-source.js';
import { MailOutboxEntity } from '../../services/platform/db/entities/index.js';
import { runMigrations } from '../../services/platform/db/migrate.js';
import { PgListener } from '../../services/platform/db/pg-listener.js';
import { MailDispatcher } from '../../services/platform/mail/mail-dispatcher.js';
import { MailOutbox } from '../../services/platform/mail/mail-outbox.js';
import { MailService, messageIdFor } from '../../services/platform/mail/mail.service.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { freePort } from '../support/system.js';
import { waitFor } from '../../infra/kit/wait.js';

jest.setTimeout(120_000);

/** A real SMTP server that logs each Message-ID it accepts, and can refuse connections or recipients. */
class RecordingSmtp {
  readonly received: { messageId: string; to: string[]; subject: string; attachments: number }[] = [];
  rejectRecipients = false;
  private server?: SMTPServer;

  constructor(readonly port: number) {}

  async open(): Promise<void> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      closeTimeout: 200, // close() drops the pooled client connections instead of waiting for them
      onRcptTo: (_address, _session, callback) => callback(this.rejectRecipients ? Object.assign(new Error('no such mailbox'), { responseCode: 550 }) : undefined),
      onData: (stream, session, callback) => {
        void simpleParser(stream).then((mail) => {
          this.received.push({ messageId: mail.messageId ?? '', to: session.envelope.rcptTo.map((r) => r.address), subject: mail.subject ?? '', attachments: mail.attachments.length });
          callback();
        }, callback);
      },
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}

const rendered = (subject: string) => ({ subject, text: `${subject} (text)`, html: `<p>${subject}</p>` });

const until = <T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 20_000) => waitFor(what, probe, { everyMs: 100, timeoutMs });

describe('the mail outbox on a real PostgreSQL and a real SMTP server', () => {
  let database: TestDatabase;
  let db: DataSource;
  let smtp: RecordingSmtp;
  let outbox: MailOutbox;
  let mail: MailService;
  let dispatcher: MailDispatcher;
  let listener: PgListener;

  const row = (key: string) => db.getRepository(MailOutboxEntity).findOneByOrFail({ idempotencyKey: key });
  const receivedOf = (key: string) => smtp.received.filter((m) => m.messageId === messageIdFor(key));

  beforeAll(async () => {
    Logger.overrideLogger(false);
    database = await createTestDatabase();
    await runMigrations(database.url, 20_000);
    db = await connectWithin(createDataSource(database.url, 4), 20_000);
    smtp = new RecordingSmtp(await freePort());
    await smtp.open();
    const config = parseConfig({ DATABASE_URL: database.url, SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, MAIL_RETRY_MAX_SECONDS: '1' });
    outbox = new MailOutbox(db);
    mail = new MailService(config);
    listener = new PgListener(config);
    dispatcher = new MailDispatcher(config, db, mail, listener);
    dispatcher.onApplicationBootstrap();
  });

  afterAll(async () => {
    await dispatcher?.beforeApplicationShutdown();
    await listener?.beforeApplicationShutdown();
    mail?.onApplicationShutdown();
    await smtp?.close();
    await db?.destroy();
    await database?.close();
  });

  it('sends a message queued twice under one key exactly once, then drops its content', async () => {
    const pdf = Buffer.from('%PDF-1.4 a diploma');
    const queued = { key: 'case-1/welcome/person-1', recipient: 'student@example.org', kind: 'welcome', caseId: null };
    await outbox.queue(queued, { ...rendered('Welcome'), attachments: [{ filename: 'diploma.pdf', content: pdf, contentType: 'application/pdf' }] });
    await outbox.queue(queued, rendered('Welcome again'));
    expect(await outbox.queued([queued.key, 'case-1/other'])).toEqual(new Set([queued.key]));

    const sent = await until('the message to be recorded as sent', async () => ((await row(queued.key)).status === 'sent' ? row(queued.key) : undefined));
    expect(receivedOf(queued.key)).toEqual([{ messageId: messageIdFor(queued.key), to: ['student@example.org'], subject: 'Welcome', attachments: 1 }]);
    expect(sent).toMatchObject({ content: null, attempts: 1, lastError: null });
    expect(sent.sentAt).toBeInstanceOf(Date);
    // A later round finds nothing to send.
    await new Promise((r) => setTimeout(r, 1_500));
    expect(receivedOf(queued.key)).toHaveLength(1);
  });

  it('keeps a message while SMTP refuses connections and sends it once when it is back', async () => {
    await smtp.close();
    const key = 'case-2/task/person-2';
    await outbox.queue({ key, recipient: 'approver@example.org', kind: 'task_assigned', caseId: null }, rendered('A task for you'));
    const waiting = await until('a failed attempt', async () => {
      const r = await row(key);
      return r.attempts >= 2 ? r : undefined;
    });
    expect(waiting.status).toBe('pending');
    expect(waiting.lastError).toMatch(/ECONNREFUSED|ESOCKET|ECONNECTION/);
    expect(receivedOf(key)).toHaveLength(0);

    await smtp.open();
    await until('the message to be sent', async () => ((await row(key)).status === 'sent' ? true : undefined));
    expect(receivedOf(key)).toHaveLength(1);
  });

  it('marks a message the server refuses for good as failed and does not try it again', async () => {
    smtp.rejectRecipients = true;
    try {
      const key = 'case-3/task/person-3';
      await outbox.queue({ key, recipient: 'gone@example.org', kind: 'task_assigned', caseId: null }, rendered('Nobody reads this'));
      const failed = await until('the message to fail', async () => {
        const r = await row(key);
        return r.status === 'failed' ? r : undefined;
      });
      expect(failed.lastError).toMatch(/550/);
      await new Promise((r) => setTimeout(r, 2_500));
      expect((await row(key)).attempts).toBe(failed.attempts);
      expect(receivedOf(key)).toHaveLength(0);
    } finally {
      smtp.rejectRecipients = false;
    }
  });

  it('shares the work between two dispatchers without sending anything twice', async () => {
    const otherConfig = parseConfig({ DATABASE_URL: database.url, SMTP_URL: `smtp://127.0.0.1:${smtp.port}` });
    const otherListener = new PgListener(otherConfig);
    const other = new MailDispatcher(otherConfig, db, mail, otherListener);
    other.onApplicationBootstrap();
    try {
      const keys = Array.from({ length: 60 }, (_, i) => `case-4/bulk/${i}`);
      await Promise.all(keys.map((key) => outbox.queue({ key, recipient: `p${key.length}@example.org`, kind: 'welcome', caseId: null }, rendered(key))));
      await until('all 60 to be sent', async () => {
        const [{ count }] = await db.query<{ count: string }[]>(`SELECT count(*) FROM mail_outbox WHERE idempotency_key LIKE 'case-4/%' AND status = 'sent'`);
        return Number(count) === keys.length ? true : undefined;
      });
      for (const key of keys) expect(receivedOf(key)).toHaveLength(1);
    } finally {
      await other.beforeApplicationShutdown();
      await otherListener.beforeApplicationShutdown();
    }
  });
});
