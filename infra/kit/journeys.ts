import { performance } from 'node:perf_hooks';
import type { Activity } from './fixtures.js';

/** The kinds of step of one journey, in order; "activity" steps happen three times each. */
export const STEP_KINDS = ['enrol', 'record activity', 'confirm activity', 'career course', 'presentation → report due', 'report', 'approval → diploma'] as const;
export type StepKind = (typeof STEP_KINDS)[number];
export const STEPS_PER_JOURNEY = 11;

export interface Recorder {
  step(kind: StepKind, ms: number): void;
}

export async function timed<T>(recorder: Recorder, kind: StepKind, fn: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await fn();
  recorder.step(kind, performance.now() - started);
  return result;
}

/** A reflection and a report just over the minimum lengths the system is set to. */
export function journeyTexts({ reflectionMinChars, reportMinChars }: { reflectionMinChars: number; reportMinChars: number }): { reflection: string; report: string } {
  const reflection = 'I learnt to explain my field in another language and to listen to how others see it. ';
  const report = 'My final reflection on what the international activities taught me, at home and abroad. ';
  return {
    reflection: reflection.repeat(Math.ceil((reflectionMinChars + 20) / reflection.length)),
    report: report.repeat(Math.ceil((reportMinChars + 20) / report.length)),
  };
}

/** The participation a journey records for its `index`th activity (dates spread over 2027). */
export function participationOf(activity: Activity, index: number) {
  return {
    activityId: activity.id,
    startedOn: `2027-0${index + 1}-10`,
    endedOn: `2027-0${index + 4}-20`,
    sessions: activity.minimumSessions ?? undefined,
    semesters: activity.minimumSemesters ?? undefined,
  };
}
