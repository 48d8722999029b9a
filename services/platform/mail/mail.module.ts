import { Module } from '@nestjs/common';
import { MailDispatcher } from './mail-dispatcher.js';
import { MailOutbox } from './mail-outbox.js';
import { MailService } from './mail.service.js';

/** SMTP and the outbox's write side: what the worker needs. */
@Module({ providers: [MailService, MailOutbox], exports: [MailService, MailOutbox] })
export class MailModule {}

/** The outbox's sender: runs in the API process (see MailDispatcher). */
@Module({ imports: [MailModule], providers: [MailDispatcher] })
export class MailDispatchModule {}
