import type { Duration, SearchAttributeUpdatePair } from '@temporalio/common';
import { patched, proxyActivities, proxyLocalActivities, type ActivityInterfaceFor, type ActivityOptions, type LocalActivityOptions } from '@temporalio/workflow';

/** Marks workflows that run their short database and outbox steps as local activities. */
export const LOCAL_SIDE_EFFECTS_PATCH = 'local-side-effects';

export type SideEffectOptions = ActivityOptions &
  LocalActivityOptions & {
    /**
     * Which kind of activity runs the side effects: `true` local activities (in the worker, inside
     * the workflow task, without a round trip through the Temporal server for each), `false`
     * regular ones, or a patch id: local in a run that carries (or now writes) that patch marker,
     * regular in a run started before it, so its history replays as recorded.
     */
    local: boolean | string;
  };

/**
 * The activities a workflow uses for its side effects (rows, events, queued e-mail), the same way in
 * every workflow. Called at the start of the workflow function: a patch id is checked there.
 */
export function sideEffects<A>({ local, ...options }: SideEffectOptions): ActivityInterfaceFor<A> {
  const runsLocally = typeof local === 'string' ? patched(local) : local;
  return runsLocally ? proxyLocalActivities<A>(options) : proxyActivities<A>(options);
}

/**
 * What a case's state object is given to act on the world: its activities and the few workflow
 * calls it makes. The workflow passes the real ones; a unit spec passes fakes.
 */
export interface CaseSideEffects<A> {
  acts: A;
  upsertSearchAttributes(pairs: SearchAttributeUpdatePair[]): void;
  sleep(duration: Duration): Promise<void>;
}
