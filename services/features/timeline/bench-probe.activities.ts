import { Injectable } from '@nestjs/common';
import { BENCH_PROBE_CASE_ID, BENCH_PROBE_EVENT_KIND, type BenchProbeActivities } from '../../../workflows/contracts/bench-probe.contract.js';
import { TimelineRepository } from './timeline.repository.js';

/** The benchmark probe's one insert: a timeline row under the probe case id, which no case has. */
@Injectable()
export class BenchProbeActivitiesImpl implements BenchProbeActivities {
  constructor(private readonly timeline: TimelineRepository) {}

  recordProbe({ key }: { key: string }): Promise<void> {
    return this.timeline.add({ caseId: BENCH_PROBE_CASE_ID, key, kind: BENCH_PROBE_EVENT_KIND });
  }
}
