import { Inject, Injectable } from '@nestjs/common';
import { ApplicationFailure } from '@temporalio/common';
import { APP_CONFIG } from '../../platform/config/config.module.js';
import type { AppConfig } from '../../platform/config/config.schema.js';
import { CatalogueRepository } from '../programme-work/catalogue.repository.js';
import { LocalGroupRepository } from './local-group.repository.js';
import { RolloutNotifier } from './rollout.notifier.js';
import { AgendaNotifier } from '../programme-work/agenda.notifier.js';
import { ParticipantsRepository } from './participants.repository.js';
import { RolloutRepository } from './rollout.repository.js';
import { TimelineRepository } from '../timeline/timeline.repository.js';
import { TaskRepository } from '../tasks/task.repository.js';
import type { CaseEvent, Initiative, Notification, RolloutActivities, RolloutStage } from '../../../workflows/contracts/rollout.contract.js';
import type { TaskClose, TaskSpec, TaskTiming } from '../../../workflows/contracts/tasks.contract.js';
import { REFUSAL_FAILURE_TYPE } from '../../../workflows/contracts/refusals.js';
import type { LocalGroupSeat } from '../../../workflows/domain/local-group.rules.js';
import { addWorkingDays } from '../../../workflows/domain/working-days.js';

/** Reminder and escalation times from a task's start, in working days (settings). */
export function taskTiming(config: AppConfig, from: Date): TaskTiming {
  const due = addWorkingDays(from, config.tasks.reminderWorkingDays);
  const escalate = addWorkingDays(from, config.tasks.escalationWorkingDays);
  return { dueAt: due.toISOString(), remindAfterMs: due.getTime() - from.getTime(), escalateAfterMs: escalate.getTime() - from.getTime() };
}

/** Thin adapters from the rollout workflow to the services. Each may run twice; each is idempotent. */
@Injectable()
export class RolloutActivitiesImpl implements RolloutActivities {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly participants: ParticipantsRepository,
    private readonly tasks: TaskRepository,
    private readonly rollouts: RolloutRepository,
    private readonly timeline: TimelineRepository,
    private readonly catalogue: CatalogueRepository,
    private readonly localGroups: LocalGroupRepository,
    private readonly notifications: RolloutNotifier,
    private readonly agenda: AgendaNotifier,
  ) {}

  resolveParticipants({ programmeId }: { programmeId: string }) {
    return this.participants.forProgramme(programmeId);
  }

  async openTask(spec: TaskSpec): Promise<TaskTiming> {
    const now = new Date();
    const row = await this.tasks.create(spec, new Date(taskTiming(this.config, now).dueAt));
    // A retried activity measures from when the task was really created.
    return taskTiming(this.config, row.createdAt);
  }

  closeTask(close: TaskClose): Promise<void> {
    return this.tasks.close(close);
  }

  async reassignTaskRow({ taskId, assigneeId }: { taskId: string; assigneeId: string }): Promise<TaskTiming> {
    const timing = taskTiming(this.config, new Date());
    await this.tasks.reassign(taskId, assigneeId, new Date(timing.dueAt));
    return timing;
  }

  notify(notification: Notification): Promise<void> {
    return this.notifications.notify(notification);
  }

  async recordCase({ caseId, stage, event }: { caseId: string; stage?: RolloutStage; event?: CaseEvent }): Promise<void> {
    if (stage) await this.rollouts.setStage(caseId, stage);
    if (!event) return;
    const initiative = event.data?.initiative as Initiative | undefined;
    if (initiative) {
      await this.rollouts.updateInitiative(caseId, {
        motivation: initiative.motivation,
        proposedActivities: initiative.proposedActivities ?? null,
        expectedStudentsPerYear: initiative.expectedStudentsPerYear,
        initiatorCapacity: initiative.initiatorCapacity,
      });
    }
    await this.timeline.add({ ...event, data: initiative ? { ...event.data, initiative: undefined } : event.data });
  }

  registerLocalGroup({ programmeId, members }: { caseId: string; programmeId: string; members: { personId: string; seat: LocalGroupSeat }[] }): Promise<void> {
    return this.localGroups.register(programmeId, members);
  }

  millisUntil({ at }: { at: string }): Promise<{ ms: number }> {
    return Promise.resolve({ ms: Math.max(0, Date.parse(at) - Date.now()) });
  }

  sendAgenda(input: { key: string; caseId: string; programmeId: string; meetingId: string }): Promise<void> {
    return this.agenda.send(input);
  }

  async openProgramme({ programmeId }: { caseId: string; programmeId: string }): Promise<void> {
    const counts = await this.catalogue.counts(programmeId);
    if (counts.home < 1 || counts.abroad < 1) {
      const message = `the catalogue needs at least one home and one abroad activity (it has ${counts.home} home, ${counts.abroad} abroad)`;
      throw ApplicationFailure.create({ type: REFUSAL_FAILURE_TYPE, nonRetryable: true, message, details: [{ kind: 'invalid', field: 'catalogue', message }] });
    }
    await this.catalogue.openForEnrolment(programmeId);
  }
}
