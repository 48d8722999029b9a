import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

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

export type SearchAttributeKind = (typeof SEARCH_ATTRIBUTES)[keyof typeof SEARCH_ATTRIBUTES]['type'];

export const caseTypeKey = defineSearchAttributeKey(SEARCH_ATTRIBUTES.caseType.name, SearchAttributeType.KEYWORD);
export const programmeCodeKey = defineSearchAttributeKey(SEARCH_ATTRIBUTES.programmeCode.name, SearchAttributeType.KEYWORD);
export const stateKey = defineSearchAttributeKey(SEARCH_ATTRIBUTES.state.name, SearchAttributeType.KEYWORD);
