import { Injectable } from '@nestjs/common';
import type { MailActivities, OutgoingMail } from '../../../workflows/contracts/mail.contract.js';
import { MailService } from './mail.service.js';

/** Thin adapter: the workflow's mail activity, delegating to the mail service. */
@Injectable()
export class MailActivitiesImpl implements MailActivities {
  constructor(private readonly mail: MailService) {}

  deliverMail(message: OutgoingMail) {
    return this.mail.send(message);
  }
}
