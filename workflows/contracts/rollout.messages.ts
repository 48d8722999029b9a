import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { RolloutStage, TaskState } from './rollout.contract.js';

export interface RolloutView {
  caseId: string;
  programmeId: string;
  stage: RolloutStage;
  round: number;
  tasks: TaskState[];
}

/** The initiator withdraws the initiative (before the final decision). */
export const withdrawUpdate = defineUpdate<RolloutView, [{ actorId: string; reason?: string }]>('withdraw');
/** Gives an open task to someone else (the API checks that the actor may). */
export const reassignTaskUpdate = defineUpdate<TaskState, [{ taskId: string; actorId: string; assigneeId: string }]>('reassignTask');
/** The local group publishes its catalogue; the programme opens for enrolment. */
export const publishCatalogueUpdate = defineUpdate<RolloutView, [{ actorId: string; homeActivities: number; abroadActivities: number }]>('publishCatalogue');

/** A review meeting was scheduled (or moved): its agenda goes to the local group at `agendaAt` (ISO). */
export const reviewMeetingScheduledSignal = defineSignal<[{ meetingId: string; agendaAt: string }]>('reviewMeetingScheduled');

export const rolloutViewQuery = defineQuery<RolloutView>('view');
