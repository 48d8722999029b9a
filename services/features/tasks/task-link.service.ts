import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '../../platform/config/config.module.js';
import type { AppConfig } from '../../platform/config/config.schema.js';
import { SessionService } from '../auth/session.service.js';

/** A failed check names the person a genuine but expired link was for, so the answer can be in their language. */
export type LinkCheck = { ok: true; assigneeId: string; assignment: number } | { ok: false; reason: 'invalid' | 'expired'; personId?: string };

/**
 * The signed link in a task e-mail: bound to the task, its assignee and the assignment (so a
 * reassignment voids the old link), expiring after TASK_LINK_TTL_HOURS. A decided task refuses
 * further decisions, so each link is good for one decision.
 */
@Injectable()
export class TaskLinkService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly tokens: SessionService,
  ) {}

  async url(taskId: string, assigneeId: string, assignment: number): Promise<string> {
    const token = await this.tokens.sign('task', assigneeId, { tid: taskId, asg: assignment }, Math.round(this.config.tasks.linkTtlHours * 3600));
    return `${this.config.publicUrl}/tasks/${encodeURIComponent(taskId)}?t=${token}`;
  }

  async check(taskId: string, token: string): Promise<LinkCheck> {
    const payload = await this.tokens.verify('task', token);
    if (!payload) {
      const expired = await this.tokens.verify('task', token, { ignoreExpiry: true });
      return expired?.tid === taskId ? { ok: false, reason: 'expired', ...(typeof expired.sub === 'string' ? { personId: expired.sub } : {}) } : { ok: false, reason: 'invalid' };
    }
    if (payload.tid !== taskId || typeof payload.asg !== 'number') return { ok: false, reason: 'invalid' };
    return { ok: true, assigneeId: payload.sub, assignment: payload.asg };
  }
}
