/**
 * Names shared by the API, the worker and the workflows. Defined once, here, in deterministic code
 * that both sides import.
 */
export const DEFAULT_TASK_QUEUE = 'cil-flow';

/**
 * Custom search attributes (registered on the dev server by the launcher and in compose by the
 * admin-tools job). Values are ids and states only: never names, e-mails or free text.
 */
export const SEARCH_ATTRIBUTES = {
  caseType: { name: 'CilCaseType', type: 'Keyword' },
  programmeCode: { name: 'CilProgrammeCode', type: 'Keyword' },
  state: { name: 'CilState', type: 'Keyword' },
} as const;

export type SearchAttributeType = (typeof SEARCH_ATTRIBUTES)[keyof typeof SEARCH_ATTRIBUTES]['type'];
