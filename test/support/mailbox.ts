import type { CapturedMail } from '../../infra/dev/dev-mail-server.js';

/** Polls the dev mailbox until `match` finds a message (or the time is up). */
export async function waitForMail(mailboxUrl: string, match: (m: CapturedMail) => boolean, timeoutMs = 20_000): Promise<CapturedMail> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const all = (await (await fetch(`${mailboxUrl}/api/messages`)).json()) as CapturedMail[];
    const found = all.find(match);
    if (found) return found;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no matching mail arrived within ${timeoutMs} ms`);
}

export async function allMail(mailboxUrl: string): Promise<CapturedMail[]> {
  return (await (await fetch(`${mailboxUrl}/api/messages`)).json()) as CapturedMail[];
}
