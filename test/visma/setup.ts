/** Wires a VismaClient to a fake server with a recorded sleep and log. */
import { createVismaClient, type ClientOptions, type VismaClient } from "../../src/visma/client.ts";
import { recordingSleep, type FakeVisma } from "./fake-server.ts";
import { testEnv, testTenant, type TestTenantOptions } from "./tenant.ts";

export interface TestClient {
  client: VismaClient;
  waits: number[];
  logs: string[];
}

export function clientFor(
  fake: FakeVisma,
  tenant: Partial<TestTenantOptions> = {},
  options: ClientOptions = {},
  env: NodeJS.ProcessEnv = testEnv(),
): TestClient {
  const { sleep, waits } = recordingSleep();
  const logs: string[] = [];
  const client = createVismaClient(
    testTenant({ apiBaseUrl: fake.apiBaseUrl, tokenUrl: fake.tokenUrl, ...tenant }),
    env,
    { sleep, log: (m) => logs.push(m), baseDelayMs: 10, maxDelayMs: 1000, ...options },
  );
  return { client, waits, logs };
}

/** An invoice as GET /v1/customerinvoice returns it (reference §3.4 example). */
export function invoiceDto(number: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    documentType: "Invoice",
    referenceNumber: number,
    status: "Open",
    hold: false,
    documentDate: "2025-01-27T00:00:00",
    documentDueDate: "2025-02-10T00:00:00",
    financialPeriod: "202501",
    customer: { number: "10000", name: "Kunde AS" },
    currencyId: "NOK",
    amount: 1250.0,
    balance: 1250.0,
    vatTotal: 250.0,
    paymentMethod: { id: "FACTORING", description: "Factoring" },
    paymentReference: "0001230000107",
    customerRefNumber: "PO-55",
    creditTerms: { id: "14", description: "14 dager" },
    invoiceAddress: { addressLine1: "Gata 1", postalCode: "0150", city: "Oslo", country: { id: "NO", name: "Norge" } },
    sendToAutoInvoice: false,
    lastModifiedDateTime: "2025-01-27T10:46:10.777",
    invoiceLines: [
      { lineNumber: 1, description: "Konsulent", quantity: 1, unitPrice: 1000, amount: 1000.0, vatCode: { id: "3" } },
    ],
    ...extra,
  };
}
