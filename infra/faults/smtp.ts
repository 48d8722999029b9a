import { appendFileSync } from 'node:fs';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** What the harness keeps of each message the SMTP server accepted. */
export interface ReceivedMessage {
  messageId: string | null;
  /** SMTP envelope recipients. */
  envelopeTo: string[];
  receivedAt: string;
  /** Seconds into the run. */
  atSeconds: number;
}

/** How long live connections may stay once the server stops accepting: a refusal should bite at once. */
const CLOSE_TIMEOUT_MS = 100;

/**
 * An SMTP server owned by the harness: accepts every message and logs its Message-ID (in memory
 * and as JSON lines in `logFile`), and can refuse service for a while: `refuse()` closes the
 * listener (new connections get ECONNREFUSED) and drops the live ones, `listen()` opens it again
 * on the same port.
 */
export class HarnessSmtpServer {
  readonly received: ReceivedMessage[] = [];
  private server?: SMTPServer;

  constructor(
    readonly port: number,
    private readonly logFile: string,
    private readonly clock: () => number,
  ) {}

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  async listen(): Promise<void> {
    if (this.server) return;
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      size: 25 * 1024 * 1024,
      logger: false,
      closeTimeout: CLOSE_TIMEOUT_MS,
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          simpleParser(Buffer.concat(chunks)).then(
            (parsed) => {
              this.log({ messageId: parsed.messageId ?? null, envelopeTo: session.envelope.rcptTo.map((r) => r.address), receivedAt: new Date().toISOString(), atSeconds: Math.round(this.clock() * 10) / 10 });
              callback();
            },
            (err: Error) => callback(err),
          );
        });
      },
    });
    // A client that goes away mid-conversation is part of the game, not a harness failure.
    server.on('error', () => undefined);
    await new Promise<void>((resolve, reject) => {
      server.server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => {
        server.server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
  }

  /** Stops accepting: closes the listener and, after a moment, every open connection (421). */
  async refuse(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private log(message: ReceivedMessage): void {
    this.received.push(message);
    appendFileSync(this.logFile, `${JSON.stringify(message)}\n`);
  }
}
