import type { CapturedMail } from '../../infra/stack/mail-server.js';
import { waitFor } from '../../infra/kit/wait.js';

/** Polls the dev mailbox until `match` finds a message (or the time is up). */
export function waitForMail(mailboxUrl: string, match: (m: CapturedMail) => boolean, timeoutMs = 20_000): Promise<CapturedMail> {
  return waitFor('a matching mail', async () => (await allMail(mailboxUrl)).find(match), { timeoutMs, everyMs: 200 });
}

export async function allMail(mailboxUrl: string): Promise<CapturedMail[]> {
  return (await (await fetch(`${mailboxUrl}/api/messages`)).json()) as CapturedMail[];
}
