import type { MailActivities } from '../workflows/shared/mail.types.js';
import type { MailService } from '../services/mail/mail.service.js';

/** Thin adapter: the workflow's mail activity, delegating to the mail service. */
export function createMailActivities(mail: MailService): MailActivities {
  return {
    deliverMail: (message) => mail.send(message),
  };
}
