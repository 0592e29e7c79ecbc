/** `npm run doctor`: the read-only readiness checklist of one tenant before its first transfer (src/doctor). */
import { runDoctor, type DoctorOptions } from "../doctor/run.ts";
import { fetchStates, stateRemoteFromEnv } from "../ledger/state-refs.ts";
import { defineCommand, UsageError } from "./command.ts";
import * as flag from "./flags.ts";

export const doctor = defineCommand({
  name: "doctor",
  summary:
    "Read-only readiness checklist of one tenant (Visma.net GET only, no SFTP write, the ledger read): one line per check, exit 1 on any ✖.",
  flags: {
    tenant: { ...flag.tenant, help: "the tenant to examine (tenants/<ID>.yaml; required)" },
    "tenants-dir": flag.tenantsDir,
    "state-dir": flag.stateDir,
    "fetch-state": flag.fetchState,
    json: { type: "boolean", help: "the report as JSON" },
    now: { ...flag.now, help: "examine as of this moment (never in the future)" },
  },
  parse(values, _positionals, env): DoctorOptions & { fetchState: boolean } {
    const tenant = flag.given(values.tenant);
    if (!tenant)
      throw new UsageError("--tenant ID is required: the doctor examines one tenant (the file name without .yaml)");
    return {
      tenant,
      tenantsDir: values["tenants-dir"]!,
      stateDir: values["state-dir"]!,
      json: values.json ?? false,
      now: flag.given(values.now),
      env,
      fetchState: values["fetch-state"] ?? false,
    };
  },
  async run({ fetchState, ...options }) {
    // The tenant's state branch as the next transfer would read it (doctor.yml checks out no state).
    if (fetchState)
      await fetchStates(options.stateDir, stateRemoteFromEnv(options.env ?? process.env), [options.tenant]);
    return (await runDoctor(options)).exitCode;
  },
});
