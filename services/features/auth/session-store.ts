import { randomUUID } from 'node:crypto';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource, IsNull, LessThan } from 'typeorm';
import { SessionEntity } from '../../platform/db/entities/index.js';
import { SessionService } from './session.service.js';

/** How long a "still valid" answer is kept in memory: another API instance sees a sign-out within this time. */
const REVOCATION_CACHE_MS = 30_000;

/**
 * Sessions that can be ended. A session token (cookie or bearer) is signed and names a row in
 * auth_session; a token is accepted while its row exists, is unexpired and is not revoked. Signing out
 * revokes the row (this process forgets it at once; other API processes within 30 s), so a copied
 * cookie stops working. Role changes need nothing here: the person's roles are read on every request.
 */
@Injectable()
export class SessionStore implements OnModuleInit {
  private readonly valid = new Map<string, { personId: string; until: number }>();

  constructor(
    private readonly db: DataSource,
    private readonly tokens: SessionService,
  ) {}

  /** Rows of sessions that ended more than a day ago are of no use: removed at start-up. */
  async onModuleInit(): Promise<void> {
    await this.db.getRepository(SessionEntity).delete({ expiresAt: LessThan(new Date(Date.now() - 86_400_000)) });
  }

  /** Starts a session for the person; answers its token. */
  async start(personId: string): Promise<string> {
    const id = randomUUID();
    await this.db.getRepository(SessionEntity).insert({ id, personId, expiresAt: new Date(Date.now() + this.tokens.ttlSeconds * 1000), revokedAt: null });
    return this.tokens.sign('session', personId, { sid: id });
  }

  /** The session's id and person when the token is a live session; undefined otherwise. */
  async check(token: string): Promise<{ sessionId: string; personId: string } | undefined> {
    const payload = await this.tokens.verify('session', token);
    const sid = typeof payload?.sid === 'string' ? payload.sid : undefined;
    if (!payload || !sid) return undefined;
    const cached = this.valid.get(sid);
    if (cached && cached.until > Date.now()) return cached.personId === payload.sub ? { sessionId: sid, personId: cached.personId } : undefined;
    const row = await this.db.getRepository(SessionEntity).findOneBy({ id: sid, personId: payload.sub, revokedAt: IsNull() });
    if (!row || row.expiresAt.getTime() <= Date.now()) {
      this.valid.delete(sid);
      return undefined;
    }
    if (this.valid.size > 50_000) this.valid.clear();
    this.valid.set(sid, { personId: row.personId, until: Date.now() + REVOCATION_CACHE_MS });
    return { sessionId: sid, personId: row.personId };
  }

  /** Ends one session. */
  async revoke(sessionId: string): Promise<void> {
    this.valid.delete(sessionId);
    await this.db.getRepository(SessionEntity).update({ id: sessionId, revokedAt: IsNull() }, { revokedAt: new Date() });
  }

  /** Ends every session of a person (sign out everywhere); answers how many were open. */
  async revokeAll(personId: string): Promise<number> {
    for (const [sid, entry] of this.valid) if (entry.personId === personId) this.valid.delete(sid);
    const result = await this.db.getRepository(SessionEntity).update({ personId, revokedAt: IsNull() }, { revokedAt: new Date() });
    return result.affected ?? 0;
  }
}
