import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { MailActivities } from '../contracts/mail.contract.js';

const { deliverMail } = proxyActivities<MailActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds', backoffCoefficient: 2 },
});

export interface SystemProbeInput {
  /** Where the probe mail goes (an operator's or the dev mailbox's address). */
  to: string;
}

export interface SystemProbeResult {
  workflowId: string;
  messageId: string;
}

/**
 * End-to-end check of the engine: runs on the worker, calls an activity, sends one e-mail through
 * the configured SMTP server. Used by the integration tests and by operators after a deploy.
 */
export async function systemProbeWorkflow(input: SystemProbeInput): Promise<SystemProbeResult> {
  const { workflowId } = workflowInfo();
  const { messageId } = await deliverMail({
    idempotencyKey: `${workflowId}/probe`,
    to: [input.to],
    subject: 'CIL Flow system probe',
    text: `This message was sent by the workflow ${workflowId} to show that the worker, Temporal and SMTP work together.`,
  });
  return { workflowId, messageId };
}
