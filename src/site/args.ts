/** Command-line options of `npm run site` (node:util parseArgs; errors name the option). */
import { parseArgs } from "node:util";
import { DateTime } from "luxon";
import { parseNow } from "../shared/time.ts";
import type { SiteOptions } from "./build.ts";

export const SITE_USAGE = `npm run site -- [--state-dir state] [--tenants-dir tenants] [--out site] [--public [--public-amounts]] [--now ISO]
  --state-dir       the ledger folder (state/ of the checkout)
  --tenants-dir     the tenant files (names, time zones, which tenants are on)
  --out             where the pages go (created; a folder written by an earlier build is replaced)
  --public          the redacted build for a public page: tenant health only (statuses, times, counts)
  --public-amounts  with --public: also show amounts (never customer names or document numbers)
  --now             the site's "today" (default: now)`;

export function parseSiteArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): SiteOptions | "help" {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      "state-dir": { type: "string", default: "state" },
      "tenants-dir": { type: "string", default: "tenants" },
      out: { type: "string", default: "site" },
      public: { type: "boolean", default: false },
      "public-amounts": { type: "boolean", default: false },
      now: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) return "help";
  const publicAmounts = values["public-amounts"]! || env.FACTORING_SITE_PUBLIC_AMOUNTS === "true";
  if (values["public-amounts"] && !values.public) throw new Error("--public-amounts only applies to the public build: add --public");
  return {
    stateDir: values["state-dir"]!,
    tenantsDir: values["tenants-dir"]!,
    outDir: values.out!,
    now: values.now ? parseNow(values.now) : DateTime.now(),
    public: values.public!,
    publicAmounts: values.public! && publicAmounts,
  };
}
