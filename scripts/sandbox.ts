/**
 * npm run sandbox -- [--port 4010] [--seed N] [--customers N] [--documents N] [--data FILE]
 *                    [--latency MS] [--today yyyy-MM-dd] [--time-zone Europe/Oslo] [--timestamps local|utc]
 * Starts the local Visma.net imitation with a seeded company and runs until Ctrl-C.
 */
import { parseArgs } from "node:util";
import { DateTime } from "luxon";
import { businessDate, DEFAULT_TIME_ZONE, isValidTimeZone } from "../src/shared/time.ts";
import { generateCompany, loadSandboxData } from "../src/sandbox/visma/seed.ts";
import { DEFAULT_CREDENTIALS, startVismaSandbox } from "../src/sandbox/visma/server.ts";

function intArg(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value)) {
    console.error(`--${name} must be a whole number (got ${JSON.stringify(value)})`);
    process.exit(2);
  }
  return Number(value);
}

const { values } = parseArgs({
  options: {
    port: { type: "string" },
    seed: { type: "string" },
    customers: { type: "string" },
    documents: { type: "string" },
    data: { type: "string" },
    latency: { type: "string" },
    today: { type: "string" },
    "time-zone": { type: "string" },
    timestamps: { type: "string" },
  },
});

const timeZone = values["time-zone"] ?? DEFAULT_TIME_ZONE;
if (!isValidTimeZone(timeZone)) {
  console.error(`--time-zone must be an IANA zone such as Europe/Oslo (got ${JSON.stringify(timeZone)})`);
  process.exit(2);
}
// The zone Visma.net means in lastModifiedDateTime/createdDateTime is not published: choose one.
const timestamps = values.timestamps ?? "local";
if (timestamps !== "local" && timestamps !== "utc") {
  console.error(`--timestamps must be local or utc (got ${JSON.stringify(timestamps)})`);
  process.exit(2);
}
const today = values.today ?? businessDate(DateTime.now(), timeZone);
const data = values.data
  ? await loadSandboxData(values.data)
  : generateCompany({
      seed: intArg("seed", values.seed, 1),
      customers: intArg("customers", values.customers, 40),
      documents: intArg("documents", values.documents, 300),
      today,
      timeZone,
      timestamps,
    });

const sandbox = await startVismaSandbox({
  port: intArg("port", values.port, 4010),
  latencyMs: intArg("latency", values.latency, 0),
  timeZone,
  timestamps,
  data,
});

const c = DEFAULT_CREDENTIALS;
console.log(`Visma.net sandbox running (${data.customers.length} customers, ${data.invoices.length} invoices, ${data.creditNotes.length} credit notes)
  token URL:     ${sandbox.tokenUrl}
  API base URL:  ${sandbox.apiBaseUrl}   (paths /v1/...)
  client id:     ${c.clientId}
  client secret: ${c.clientSecret}   (sandbox-only demo value)
  tenant id:     ${c.tenantId}

Tenant file snippet (tenants/sandbox.yaml: secret names start with the tenant id):
  visma:
    tenantId: ${c.tenantId}
    clientIdEnv: SANDBOX_VISMA_CLIENT_ID        # export SANDBOX_VISMA_CLIENT_ID=${c.clientId}
    clientSecretEnv: SANDBOX_VISMA_CLIENT_SECRET  # export SANDBOX_VISMA_CLIENT_SECRET=${c.clientSecret}
    apiBaseUrl: ${sandbox.apiBaseUrl}
    tokenUrl: ${sandbox.tokenUrl}
    allowCustomEndpoint: true                   # not Visma's hosts: the sandbox on this machine

Ctrl-C to stop.`);

const stop = (): void => {
  void sandbox.close().then(() => process.exit(0));
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
