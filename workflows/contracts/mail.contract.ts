/** A message as the worker's mail activity takes it: already rendered, addressed and keyed. */
export interface OutgoingMail {
  /**
   * Stable across retries of the same step (derive it from the workflow id and the step): it
   * becomes the Message-ID, so a resend is recognisable as the same message.
   */
  idempotencyKey: string;
  to: string[];
  cc?: string[];
  subject: string;
  text: string;
  html?: string;
  attachments?: { filename: string; content: Buffer | Uint8Array; contentType: string }[];
}

export interface MailActivities {
  deliverMail(mail: OutgoingMail): Promise<{ messageId: string }>;
}
