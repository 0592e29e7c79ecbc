/**
 * Entry point of the Visma.net client: everything outside src/visma reaches it through this file
 * (the architecture test holds it to that). VismaApi is the contract, createVismaClient its HTTP
 * implementation for a tenant, listDocuments the one way to list invoices and credit notes.
 */
export type * from "./api.ts";
export type * from "./types.ts";
export {
  createVismaClient,
  VismaClient,
  type ClientOptions,
  type TokenInfo,
  type VismaClientConfig,
} from "./client.ts";
export { forTypes, listDocuments, type DocumentList, type DocumentQueries } from "./documents.ts";
export {
  describeThrottle,
  UncertainOutcomeError,
  VismaActionFailedError,
  VismaApiError,
  VismaConfigError,
  VismaResponseError,
  VismaThrottledError,
} from "./errors.ts";
export { lookBackOverlap } from "./filters.ts";
export { pacedCalls, secondsToReset } from "./http.ts";
export { emptyShapes, emptyStats, observeDocument } from "./shapes.ts";
