/**
 * `npm run site`: the status site of all tenants, built from the ledger alone (no Visma.net call,
 * no secret): the full site, or with --public the redacted one for a public page (src/site).
 */
import { DateTime } from "luxon";
import { fetchStates, stateRemoteFromEnv } from "../ledger/state-refs.ts";
import { parseNow } from "../shared/time.ts";
import { buildSite, type SiteOptions } from "../site/build.ts";
import { defineCommand, UsageError } from "./command.ts";
import * as flag from "./flags.ts";

export const site = defineCommand({
  name: "site",
  summary: "The status site of all tenants (index.html, a page per tenant), built from the ledger alone.",
  flags: {
    "state-dir": { ...flag.stateDir, help: "the ledger folder (state/ of the checkout)" },
    "tenants-dir": { ...flag.tenantsDir, help: "the tenant files (names, time zones, which tenants are on)" },
    "fetch-state": flag.fetchState,
    out: {
      type: "string",
      value: "DIR",
      default: "site",
      help: "where the pages go (created; a folder written by an earlier build is replaced)",
    },
    public: {
      type: "boolean",
      help: "the redacted build for a public page: tenant health only (statuses, times, counts)",
    },
    "public-amounts": {
      type: "boolean",
      help: "with --public: also show amounts, never customer names or document numbers (FACTORING_SITE_PUBLIC_AMOUNTS=true too)",
    },
    now: { type: "string", value: "ISO-8601", help: "the site's today (default: now)" },
  },
  parse(values, _positionals, env): SiteOptions & { fetchState: boolean; env: NodeJS.ProcessEnv } {
    const isPublic = values.public ?? false;
    if (values["public-amounts"] && !isPublic)
      throw new UsageError("--public-amounts only applies to the public build: add --public");
    return {
      stateDir: values["state-dir"]!,
      tenantsDir: values["tenants-dir"]!,
      outDir: values.out!,
      now: flag.given(values.now) ? parseNow(values.now) : DateTime.now(),
      public: isPublic,
      publicAmounts: isPublic && ((values["public-amounts"] ?? false) || env.FACTORING_SITE_PUBLIC_AMOUNTS === "true"),
      fetchState: values["fetch-state"] ?? false,
      env,
    };
  },
  async run({ fetchState, env, ...options }) {
    // Every tenant's state branch, also of tenants whose file is gone: they still have money in the books.
    if (fetchState) {
      const tenants = await fetchStates(options.stateDir, stateRemoteFromEnv(env));
      process.stdout.write(`checked out the state of ${tenants.length} tenant(s) into ${options.stateDir}\n`);
    }
    const built = await buildSite(options);
    process.stdout.write(
      `${options.public ? "public (redacted) " : ""}site written to ${options.outDir}/index.html: ${built.tenants} tenant(s), ${built.pages} page(s), ` +
        `${Math.round(built.bytes / 1024)} KiB in ${built.readMs + built.renderMs + built.writeMs} ms\n`,
    );
    return 0;
  },
});
