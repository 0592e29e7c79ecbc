/**
 * `npm run migrate-state`: the ledger of the first format (a JSON file per month, committed to the
 * branch the workflows ran from) to month logs, and with --push each tenant's folder onto its own
 * state branch (docs/operations.md, "Moving the state of an earlier version").
 */
import { migrateState } from "../ledger/migrate.ts";
import { stateRemoteFromEnv } from "../ledger/state-refs.ts";
import { defineCommand } from "./command.ts";
import * as flag from "./flags.ts";

export const migrateStateCommand = defineCommand({
  name: "migrate-state",
  summary:
    "Converts a state folder of the first format (state/<tenant>/<yyyy-mm>.json) to month logs (state/<tenant>/ledger/<yyyy-mm>.jsonl), checked batch for batch; --push then records each tenant's folder as the first commit of its state branch.",
  flags: {
    tenant: { ...flag.tenant, help: "only this tenant (default: every tenant folder)" },
    "state-dir": flag.stateDir,
    push: {
      type: "boolean",
      help: "push each tenant's migrated folder to a new branch factoring-state/<tenant> of the repository (origin; FACTORING_STATE_REMOTE); refused when the branch exists",
    },
  },
  parse: (values, _positionals, env) => ({
    tenant: flag.given(values.tenant),
    stateDir: values["state-dir"]!,
    push: values.push ?? false,
    env,
  }),
  async run({ push, env, ...options }) {
    const done = await migrateState({
      ...options,
      push: push ? stateRemoteFromEnv(env) : undefined,
      log: (line) => process.stdout.write(`${line}\n`),
    });
    process.stdout.write(`${done.length} tenant(s) migrated\n`);
    return 0;
  },
});
