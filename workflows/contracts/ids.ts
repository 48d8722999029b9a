import type { SearchAttributePair } from '@temporalio/common';
import { caseTypeKey, programmeCodeKey, stateKey } from './temporal.js';
import type { CertificateInput } from './certificate.contract.js';
import type { RolloutInput } from './rollout.contract.js';

/**
 * Every id the workflows, the API and the tools share: made here and nowhere else. Ids carry
 * uuids and fixed words only, never personal data.
 */
export const rolloutWorkflowId = (caseId: string) => `rollout-${caseId}`;
export const certificateWorkflowId = (certificateId: string) => `certificate-${certificateId}`;
/** What the ids of a benchmark run's probes (and so the keys of the rows they write) begin with. */
export const benchProbeRunPrefix = (run: string) => `bench-probe-${run}-`;
/** A benchmark probe of the engine's floor: the run, the floor phase, the phase's lane and its nth probe. */
export const benchProbeWorkflowId = (run: string, phase: string, lane: number, probe: number) => `${benchProbeRunPrefix(run)}${phase}-${lane}-${probe}`;

/** A rollout task: `<workflowId>:<step key>`, so a retried activity finds the row it made. */
export const rolloutTaskId = (workflowId: string, key: string) => `${workflowId}:${key}`;
/** The ids of a certificate's tasks: made by the workflow, read back by the services that render a task's e-mail and page. */
export const confirmationTaskId = (workflowId: string, participationId: string) => `${workflowId}:confirm:${participationId}`;
export const proposalTaskId = (workflowId: string, proposalId: string) => `${workflowId}:proposal:${proposalId}`;

/** What a certificate task is about, from its id. */
export function certificateTaskSubject(taskId: string | undefined): { participationId?: string; proposalId?: string } {
  const [, kind, id] = /:(confirm|proposal):([^:]+)$/.exec(taskId ?? '') ?? [];
  if (!id) return {};
  return kind === 'confirm' ? { participationId: id } : { proposalId: id };
}

/** The options every start of a rollout uses (API and tools alike): id, input and first search attributes. */
export function rolloutStartOptions(input: RolloutInput, programmeCode: string, taskQueue: string) {
  return {
    taskQueue,
    workflowId: rolloutWorkflowId(input.caseId),
    args: [input] as [RolloutInput],
    typedSearchAttributes: [
      { key: caseTypeKey, value: 'rollout' },
      { key: programmeCodeKey, value: programmeCode },
      { key: stateKey, value: 'anchoring' },
    ] as SearchAttributePair[],
  };
}

/** The options every start of a certificate uses (API and tools alike). */
export function certificateStartOptions(input: CertificateInput, programmeCode: string, taskQueue: string) {
  return {
    taskQueue,
    workflowId: certificateWorkflowId(input.certificateId),
    args: [input] as [CertificateInput],
    typedSearchAttributes: [
      { key: caseTypeKey, value: 'certificate' },
      { key: programmeCodeKey, value: programmeCode },
      { key: stateKey, value: 'collecting' },
    ] as SearchAttributePair[],
  };
}
