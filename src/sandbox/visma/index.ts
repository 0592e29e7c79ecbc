/** The Visma.net sandbox's public surface, for the demo, the benchmark and tests (never product code). */
export {
  startVismaSandbox,
  ALL_SCOPES,
  DEFAULT_CREDENTIALS,
  DEFAULT_MAX_PAGE_SIZE,
  DEFAULT_RATE_LIMIT,
} from "./server.ts";
export type { Sandbox, SandboxOptions, SandboxStats } from "./server.ts";
export { SandboxStore, DEFAULT_ADDRESS } from "./store.ts";
export type { CustomerInput } from "./store.ts";
export { FaultController } from "./faults.ts";
export type { ActiveFault, FaultKind, FaultRule } from "./faults.ts";
export { generateCompany, loadSandboxData, createRandom, PAYMENT_METHODS, CASH_ACCOUNTS } from "./seed.ts";
export type { GenerateOptions } from "./seed.ts";
export {
  computeLines,
  singleLineForGross,
  defaultKid,
  lineAmount,
  vatOf,
  DEFAULT_CREDIT_TERMS,
  VAT_CODES,
} from "./documents.ts";
export type { DocumentInput, LineInput } from "./documents.ts";
export { kidMod10, breakKid, orgNumber } from "./kid.ts";
export type * from "./types.ts";
