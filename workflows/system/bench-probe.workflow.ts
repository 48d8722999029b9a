import { allHandlersFinished, condition, setHandler, workflowInfo } from '@temporalio/workflow';
import { sideEffects } from '../shared/side-effects.js';
import { finishProbeSignal, probeEmptyUpdate, probeRecordUpdate, type BenchProbeActivities } from '../contracts/bench-probe.contract.js';

/** A probe the benchmark left behind (interrupted) ends by itself after this long. */
const PROBE_LIFETIME = '1 hour';

/**
 * The engine's floor, for the benchmark: answers `probeEmpty` with an empty handler and
 * `probeRecord` after one local activity that inserts one row, with the certificate's activity
 * options, until `finishProbe`. It has no case, state or search attributes.
 */
export async function benchProbeWorkflow(): Promise<{ recorded: number }> {
  const { workflowId } = workflowInfo();
  const { recordProbe } = sideEffects<BenchProbeActivities>({
    local: true,
    startToCloseTimeout: '1 minute',
    retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
  });
  let recorded = 0;
  let finished = false;
  setHandler(probeEmptyUpdate, () => undefined);
  setHandler(probeRecordUpdate, async () => {
    // The key is taken before the activity runs, so concurrent updates each get their own row.
    const key = `${workflowId}/${++recorded}`;
    await recordProbe({ key });
  });
  setHandler(finishProbeSignal, () => {
    finished = true;
  });
  await condition(() => finished, PROBE_LIFETIME);
  await condition(allHandlersFinished);
  return { recorded };
}
