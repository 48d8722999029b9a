// Every workflow the worker registers. Deterministic code only: see README, "Where things live".
export { systemProbeWorkflow } from './system/system-probe.workflow.js';
export { benchProbeWorkflow } from './system/bench-probe.workflow.js';
export { rolloutWorkflow } from './rollout/rollout.workflow.js';
export { certificateWorkflow } from './certificate/certificate.workflow.js';
