import { patched, proxyActivities, proxyLocalActivities, type ActivityInterfaceFor, type ActivityOptions, type LocalActivityOptions } from '@temporalio/workflow';

/** Marks workflows that run their short database and outbox steps as local activities. */
export const LOCAL_SIDE_EFFECTS_PATCH = 'local-side-effects';

/**
 * The activities the certificate workflow uses for its side effects (rows, events, queued e-mail),
 * called at the start of the workflow function. They are short, idempotent database writes, so they run as
 * local activities: in the worker, inside the workflow task, without a round trip through the
 * Temporal server for each — a human step is answered after one workflow task instead of several.
 * A workflow started before this change carries no patch marker and keeps its (remote) activities,
 * so its history replays as recorded.
 */
export function sideEffectActivities<A>(options: ActivityOptions & LocalActivityOptions): ActivityInterfaceFor<A> {
  return patched(LOCAL_SIDE_EFFECTS_PATCH) ? proxyLocalActivities<A>(options) : proxyActivities<A>(options);
}
