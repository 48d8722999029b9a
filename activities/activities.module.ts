import { Module, type Type } from '@nestjs/common';
import { MailModule } from '../services/platform/mail/mail.module.js';
import { DiplomasModule } from '../services/features/diplomas/diplomas.module.js';
import { RolloutNotifier } from '../services/features/rollouts/rollout.notifier.js';
import { AgendaNotifier } from '../services/features/programme-work/agenda.notifier.js';
import { WORKER_ACTIVITIES } from '../services/platform/temporal/temporal-worker.host.js';
import { MailActivitiesImpl } from '../services/platform/mail/mail.activities.js';
import { CertificateActivitiesImpl } from '../services/features/certificates/certificate.activities.js';
import { RolloutActivitiesImpl } from '../services/features/rollouts/rollout.activities.js';
import { BenchProbeActivitiesImpl } from '../services/features/timeline/bench-probe.activities.js';

/**
 * Every activity implementation the worker registers, one per workflow contract. Each lives beside
 * the feature whose services it adapts (a step's side effects read in one folder); this folder is
 * where the worker collects them.
 */
export const ACTIVITY_IMPLEMENTATIONS: Type[] = [MailActivitiesImpl, RolloutActivitiesImpl, CertificateActivitiesImpl, BenchProbeActivitiesImpl];

/**
 * The worker's side of the features: the activity implementations and the notifiers they call,
 * which render e-mail into the outbox (the API's MailDispatcher sends it); the certificate's notifier
 * comes with DiplomasModule. Repositories come from the global RepositoriesModule.
 */
@Module({
  imports: [MailModule, DiplomasModule],
  providers: [
    RolloutNotifier,
    AgendaNotifier,
    ...ACTIVITY_IMPLEMENTATIONS,
    { provide: WORKER_ACTIVITIES, inject: ACTIVITY_IMPLEMENTATIONS, useFactory: (...implementations: object[]) => activityFunctions(implementations) },
  ],
  exports: [WORKER_ACTIVITIES],
})
export class ActivitiesModule {}

/** The methods of activity objects as the one record of functions the Temporal worker takes. */
export function activityFunctions(implementations: object[]): Record<string, (...args: never[]) => Promise<unknown>> {
  const functions: Record<string, (...args: never[]) => Promise<unknown>> = {};
  for (const impl of implementations) {
    const proto = Object.getPrototypeOf(impl) as Record<string, unknown>;
    for (const name of Object.getOwnPropertyNames(proto)) {
      const fn = proto[name];
      if (name === 'constructor' || typeof fn !== 'function') continue;
      if (name in functions) throw new Error(`two activity implementations define ${name}`);
      functions[name] = (fn as (...args: never[]) => Promise<unknown>).bind(impl);
    }
  }
  return functions;
}
