// npm run doctor -- --tenant ID [--tenants-dir DIR] [--state-dir DIR] [--json] [--now ISO] — read-only readiness checklist.
import { parseArgs } from "node:util";
import { main } from "../src/commands/main.ts";
import { runDoctor } from "../src/doctor/run.ts";

await main(async () => {
  const { values } = parseArgs({
    strict: true,
    options: {
      tenant: { type: "string" },
      "tenants-dir": { type: "string", default: "tenants" },
      "state-dir": { type: "string", default: "state" },
      json: { type: "boolean", default: false },
      now: { type: "string" },
    },
  });
  if (!values.tenant) throw new Error("--tenant ID is required: the doctor examines one tenant (the file name without .yaml)");
  const outcome = await runDoctor({ tenant: values.tenant, tenantsDir: values["tenants-dir"]!, stateDir: values["state-dir"]!, json: values.json!, now: values.now || undefined });
  return outcome.exitCode;
});
