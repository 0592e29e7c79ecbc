/** Flags several commands share, defined once so they mean the same everywhere. */
import { isLanguage, type Language, LANGUAGES } from "../shared/language.ts";
import { type Flag, UsageError } from "./command.ts";

export const tenant = { type: "string", value: "ID", help: "only this tenant (tenants/<ID>.yaml)" } satisfies Flag;
export const now = {
  type: "string",
  value: "ISO-8601",
  help: "run as of this moment (never in the future)",
} satisfies Flag;
export const tenantsDir = {
  type: "string",
  value: "DIR",
  default: "tenants",
  help: "folder of the tenant files",
} satisfies Flag;
export const stateDir = { type: "string", value: "DIR", default: "state", help: "folder of the ledger" } satisfies Flag;
export const fetchState = {
  type: "boolean",
  help: "first check out the tenants' state branches (factoring-state/<tenant>, whole tips) into --state-dir, from the repository (origin; in Actions the workflow's; FACTORING_STATE_REMOTE)",
} satisfies Flag;
export const dryRun = { type: "boolean", help: "show what would happen; send, post and record nothing" } satisfies Flag;
export const force = {
  type: "boolean",
  help: "run outside the transfer window / again on the same day",
} satisfies Flag;
export const commit = {
  type: "boolean",
  help: "commit and push the ledger changes (Actions; FACTORING_COMMIT=1 too)",
} satisfies Flag;

export const language = {
  type: "string",
  value: "en|nb",
  help: "the language of what a person reads (default: each tenant's reporting.language)",
} satisfies Flag;

/** --language: English or Norwegian bokmål, or not given (each tenant's own). */
export function languageOf(value: string | undefined): Language | undefined {
  if (!given(value)) return undefined;
  if (!isLanguage(value!)) throw new UsageError(`--language must be ${LANGUAGES.join(" or ")}, got "${value}"`);
  return value as Language;
}

export const deadline = {
  type: "string",
  value: "INSTANT|SPAN",
  help: "be done by then: an instant with its offset, or a span from the start such as 27m (FACTORING_JOB_DEADLINE too)",
} satisfies Flag;

/** "" and an absent flag alike: not given. */
export function given(value: string | undefined): string | undefined {
  return value === undefined || value === "" ? undefined : value;
}
