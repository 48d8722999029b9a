import { ApplicationFailure } from '@temporalio/common';
import type { AppConfig } from '../services/platform/config/config.schema.js';
import type { CatalogueRepository } from '../services/features/programme-work/catalogue.repository.js';
import type { LocalGroupService } from '../services/features/rollouts/local-group.service.js';
import type { NotificationService } from '../services/features/rollouts/rollout.notifier.js';
import type { AgendaNotifier } from '../services/features/programme-work/agenda.notifier.js';
import type { ParticipantsService } from '../services/features/rollouts/participants.service.js';
import type { RolloutRepository } from '../services/features/rollouts/rollout.repository.js';
import type { TaskRepository } from '../services/features/tasks/task.repository.js';
import type { RolloutActivities, Initiative } from '../workflows/contracts/rollout.contract.js';
import type { TaskTiming } from '../workflows/contracts/tasks.contract.js';
import { REFUSAL_FAILURE_TYPE } from '../workflows/contracts/refusals.js';
import { addWorkingDays } from '../workflows/domain/working-days.js';

export interface RolloutActivityDependencies {
  config: AppConfig;
  participants: ParticipantsService;
  tasks: TaskRepository;
  rollouts: RolloutRepository;
  catalogue: CatalogueRepository;
  localGroups: LocalGroupService;
  notifications: NotificationService;
  agenda: AgendaNotifier;
}

/** Reminder and escalation times from a task's start, in working days (settings). */
export function taskTiming(config: AppConfig, from: Date): TaskTiming {
  const due = addWorkingDays(from, config.tasks.reminderWorkingDays);
  const escalate = addWorkingDays(from, config.tasks.escalationWorkingDays);
  return { dueAt: due.toISOString(), remindAfterMs: due.getTime() - from.getTime(), escalateAfterMs: escalate.getTime() - from.getTime() };
}

/** Thin adapters from the rollout workflow to the services. Each may run twice; each is idempotent. */
export function createRolloutActivities(deps: RolloutActivityDependencies): RolloutActivities {
  const { config } = deps;
  return {
    resolveParticipants: ({ programmeId }) => deps.participants.forProgramme(programmeId),

    async openTask(spec) {
      const now = new Date();
      const row = await deps.tasks.create(spec, new Date(taskTiming(config, now).dueAt));
      // A retried activity measures from when the task was really created.
      return taskTiming(config, row.createdAt);
    },

    closeTask: (close) => deps.tasks.close(close),

    async reassignTaskRow({ taskId, assigneeId }) {
      const timing = taskTiming(config, new Date());
      await deps.tasks.reassign(taskId, assigneeId, new Date(timing.dueAt));
      return timing;
    },

    notify: (notification) => deps.notifications.notify(notification),

    async recordCase({ caseId, stage, event }) {
      if (stage) await deps.rollouts.setStage(caseId, stage);
      if (!event) return;
      const initiative = event.data?.initiative as Initiative | undefined;
      if (initiative) {
        await deps.rollouts.updateInitiative(caseId, {
          motivation: initiative.motivation,
          proposedActivities: initiative.proposedActivities ?? null,
          expectedStudentsPerYear: initiative.expectedStudentsPerYear,
          initiatorCapacity: initiative.initiatorCapacity,
        });
      }
      await deps.rollouts.addEvent({ ...event, data: initiative ? { ...event.data, initiative: undefined } : event.data });
    },

    registerLocalGroup: ({ programmeId, members }) => deps.localGroups.register(programmeId, members),

    millisUntil: ({ at }) => Promise.resolve({ ms: Math.max(0, Date.parse(at) - Date.now()) }),

    sendAgenda: (input) => deps.agenda.send(input),

    async openProgramme({ programmeId }) {
      const counts = await deps.catalogue.counts(programmeId);
      if (counts.home < 1 || counts.abroad < 1) {
        throw ApplicationFailure.create({
          type: REFUSAL_FAILURE_TYPE,
          nonRetryable: true,
          message: `the catalogue needs at least one home and one abroad activity (it has ${counts.home} home, ${counts.abroad} abroad)`,
          details: [{ kind: 'invalid', field: 'catalogue', message: `the catalogue needs at least one home and one abroad activity (it has ${counts.home} home, ${counts.abroad} abroad)` }],
        });
      }
      await deps.catalogue.openForEnrolment(programmeId);
    },
  };
}
