/**
 * npm run sandbox -- [--port 4010] [--seed N] [--customers N] [--documents N] [--data FILE]
 *                    [--latency MS] [--today yyyy-MM-dd]
 * Starts the local Visma.net imitation with a seeded company and runs until Ctrl-C.
 */
import { parseArgs } from "node:util";
import { DateTime } from "luxon";
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
  },
});

const timeZone = values["time-zone"] ?? "Europe/Oslo";
const today = values.today ?? DateTime.now().setZone(timeZone).toISODate()!;
const data = values.data
  ? await loadSandboxData(values.data)
  : generateCompany({
      seed: intArg("seed", values.seed, 1),
      customers: intArg("customers", values.customers, 40),
      documents: intArg("documents", values.documents, 300),
      today,
      timeZone,
    });

const sandbox = await startVismaSandbox({
  port: intArg("port", values.port, 4010),
  latencyMs: intArg("latency", values.latency, 0),
  timeZone,
  data,
});

const c = DEFAULT_CREDENTIALS;
console.log(`Visma.net sandbox running (${data.customers.length} customers, ${data.invoices.length} invoices, ${data.creditNotes.length} credit notes)
  token URL:     ${sandbox.tokenUrl}
  API base URL:  ${sandbox.apiBaseUrl}   (paths /v1/...)
  client id:     ${c.clientId}
  client secret: ${c.clientSecret}   (sandbox-only demo value)
  tenant id:     ${c.tenantId}

Tenant file snippet:
  visma:
    tenantId: ${c.tenantId}
    clientIdEnv: SANDBOX_VISMA_CLIENT_ID        # export SANDBOX_VISMA_CLIENT_ID=${c.clientId}
    clientSecretEnv: SANDBOX_VISMA_CLIENT_SECRET  # export SANDBOX_VISMA_CLIENT_SECRET=${c.clientSecret}
    apiBaseUrl: ${sandbox.apiBaseUrl}
    tokenUrl: ${sandbox.tokenUrl}

Ctrl-C to stop.`);

const stop = (): void => {
  void sandbox.close().then(() => process.exit(0));
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
