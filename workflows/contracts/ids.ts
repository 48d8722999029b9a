/**
 * The ids of a certificate's tasks: made by the workflow, read back by the services that render
 * a task's e-mail and page.
 */
export const confirmationTaskId = (workflowId: string, participationId: string) => `${workflowId}:confirm:${participationId}`;
export const proposalTaskId = (workflowId: string, proposalId: string) => `${workflowId}:proposal:${proposalId}`;

/** What a certificate task is about, from its id. */
export function certificateTaskSubject(taskId: string | undefined): { participationId?: string; proposalId?: string } {
  const [, kind, id] = /:(confirm|proposal):([^:]+)$/.exec(taskId ?? '') ?? [];
  if (!id) return {};
  return kind === 'confirm' ? { participationId: id } : { proposalId: id };
}
