import { randomUUID } from 'node:crypto';
import { appendFileSync, mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { simpleParser, type AddressObject } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { escapeHtml } from '../../services/platform/http/html.js';

/** What the dev mailbox keeps of each message it received (the raw .eml sits beside it). */
export interface CapturedMail {
  id: string;
  messageId: string | null;
  receivedAt: string;
  /** SMTP envelope: who the server was asked to deliver to. */
  envelopeTo: string[];
  from: string;
  to: string[];
  cc: string[];
  subject: string;
  text: string;
  html: string | null;
  attachments: { filename: string | null; contentType: string; size: number }[];
}

const addresses = (a: AddressObject | AddressObject[] | undefined): string[] =>
  (Array.isArray(a) ? a : a ? [a] : []).flatMap((x) => x.value.map((v) => v.address ?? '')).filter(Boolean);

/** How the mail server may be told to behave. */
export interface MailServerOptions {
  /**
   * How long open SMTP connections may stay once the server stops accepting, before they are
   * dropped with a 421 (smtp-server's own default, 30 s, unless told).
   */
  closeTimeoutMs?: number;
}

/**
 * A real SMTP server, in-process, for development and tests: it accepts every message, keeps it
 * on disk under `dir` (so a restart finds earlier mail) and serves a small mailbox over HTTP:
 * `/` (a page), `/api/messages` (JSON, newest last; `?to=` filters by recipient),
 * `/api/messages/:id` and `/api/messages/:id/raw`. It can refuse SMTP for a while
 * (`refuseSmtp()`, then `reopenSmtp()` on the same port) while the mailbox keeps serving.
 */
export class DevMailServer {
  private smtp?: SMTPServer;
  private smtpPort?: number;
  private host = '127.0.0.1';
  private http?: Server;
  private readonly index: string;

  constructor(
    private readonly dir: string,
    private readonly options: MailServerOptions = {},
  ) {
    this.index = join(dir, 'messages.jsonl');
  }

  /** Every message received, oldest first. */
  messages(): CapturedMail[] {
    if (!existsSync(this.index)) return [];
    return readFileSync(this.index, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as CapturedMail);
  }

  async start(smtpPort: number, httpPort: number, host = '127.0.0.1'): Promise<{ smtpPort: number; httpPort: number }> {
    this.host = host;
    mkdirSync(this.dir, { recursive: true });
    await this.listenSmtp(smtpPort);
    this.http = createServer((req, res) => this.serve(req.url ?? '/', res));
    await new Promise<void>((resolve, reject) => {
      this.http!.once('error', reject);
      this.http!.listen(httpPort, host, () => resolve());
    });
    const httpAddr = this.http.address();
    return { smtpPort: this.smtpPort!, httpPort: typeof httpAddr === 'object' && httpAddr ? httpAddr.port : httpPort };
  }

  /** Stops accepting SMTP: closes the listener (new connections are refused) and, after `closeTimeoutMs`, every open connection. */
  async refuseSmtp(): Promise<void> {
    const smtp = this.smtp;
    if (!smtp) return;
    this.smtp = undefined;
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
  }

  /** Accepts SMTP again, on the port it listened on before. */
  async reopenSmtp(): Promise<void> {
    if (this.smtp || this.smtpPort === undefined) return;
    await this.listenSmtp(this.smtpPort);
  }

  private async listenSmtp(port: number): Promise<void> {
    const smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      size: 25 * 1024 * 1024,
      logger: false,
      ...(this.options.closeTimeoutMs === undefined ? {} : { closeTimeout: this.options.closeTimeoutMs }),
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks);
          this.store(raw, session.envelope.rcptTo.map((r) => r.address)).then(
            () => callback(),
            (err: Error) => callback(err),
          );
        });
      },
    });
    // A client that goes away mid-conversation is no failure of the server's.
    smtp.on('error', () => undefined);
    await new Promise<void>((resolve, reject) => {
      smtp.server.once('error', reject);
      smtp.listen(port, this.host, () => {
        smtp.server.off('error', reject);
        resolve();
      });
    });
    this.smtp = smtp;
    const address = smtp.server.address();
    this.smtpPort = typeof address === 'object' && address ? address.port : port;
  }

  private async store(raw: Buffer, envelopeTo: string[]): Promise<void> {
    const parsed = await simpleParser(raw);
    const id = `${Date.now().toString(36)}-${randomUUID().slice(0, 8)}`;
    writeFileSync(join(this.dir, `${id}.eml`), raw);
    const mail: CapturedMail = {
      id,
      messageId: parsed.messageId ?? null,
      receivedAt: new Date().toISOString(),
      envelopeTo,
      from: addresses(parsed.from).join(', '),
      to: addresses(parsed.to),
      cc: addresses(parsed.cc),
      subject: parsed.subject ?? '',
      text: parsed.text ?? '',
      html: typeof parsed.html === 'string' ? parsed.html : null,
      attachments: parsed.attachments.map((a) => ({ filename: a.filename ?? null, contentType: a.contentType, size: a.size })),
    };
    appendFileSync(this.index, `${JSON.stringify(mail)}\n`);
  }

  private serve(url: string, res: import('node:http').ServerResponse): void {
    const { pathname, searchParams } = new URL(url, 'http://mailbox');
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const all = this.messages();
    if (pathname === '/api/messages') {
      const to = searchParams.get('to')?.toLowerCase();
      return json(200, to ? all.filter((m) => m.envelopeTo.some((r) => r.toLowerCase() === to)) : all);
    }
    const one = pathname.match(/^\/api\/messages\/([\w-]+)(\/raw)?$/);
    if (one) {
      const mail = all.find((m) => m.id === one[1]);
      if (!mail) return json(404, { statusCode: 404, error: 'Not Found', message: 'no such message' });
      if (one[2]) {
        res.writeHead(200, { 'content-type': 'message/rfc822' });
        return void res.end(readFileSync(join(this.dir, `${mail.id}.eml`)));
      }
      return json(200, mail);
    }
    if (pathname === '/') {
      const rows = all
        .slice()
        .reverse()
        .map((m) => `<tr><td>${escapeHtml(m.receivedAt)}</td><td>${escapeHtml(m.envelopeTo.join(', '))}</td><td><a href="/api/messages/${m.id}">${escapeHtml(m.subject)}</a></td></tr>`)
        .join('');
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      return void res.end(
        `<!doctype html><meta charset="utf-8"><title>Dev mailbox · CIL Flow</title><h1>Dev mailbox (${all.length})</h1><table><tr><th>Received</th><th>To</th><th>Subject</th></tr>${rows}</table>`,
      );
    }
    json(404, { statusCode: 404, error: 'Not Found', message: 'try / or /api/messages' });
  }

  async stop(): Promise<void> {
    await Promise.all([
      this.refuseSmtp(),
      new Promise<void>((r) => (this.http ? this.http.close(() => r()) : r())),
    ]);
  }
}
