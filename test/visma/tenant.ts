/** A minimal tenant for the Visma client tests, parsed through the real schema. */
import { TenantSchema, type Tenant } from "../../src/config/schema.ts";

export const TEST_CLIENT_ID_ENV = "TEST_VISMA_CLIENT_ID";
export const TEST_CLIENT_SECRET_ENV = "TEST_VISMA_CLIENT_SECRET";

export interface TestTenantOptions {
  apiBaseUrl: string;
  tokenUrl: string;
  tenantId?: string;
  companyId?: string;
  pageSize?: number;
  concurrency?: number;
  timeZone?: string;
}

export function testTenant(o: TestTenantOptions): Tenant {
  const settings = TenantSchema.parse({
    name: "Test Kunde AS",
    timeZone: o.timeZone ?? "Europe/Oslo",
    visma: {
      tenantId: o.tenantId ?? "demo-tenant",
      ...(o.companyId ? { companyId: o.companyId } : {}),
      clientIdEnv: TEST_CLIENT_ID_ENV,
      clientSecretEnv: TEST_CLIENT_SECRET_ENV,
      apiBaseUrl: o.apiBaseUrl,
      tokenUrl: o.tokenUrl,
      allowCustomEndpoint: true, // the fake server on loopback
      ...(o.pageSize ? { pageSize: o.pageSize } : {}),
      ...(o.concurrency ? { concurrency: o.concurrency } : {}),
    },
    factor: { preset: "sg-finans", clientNumber: "1234", format: { type: "sgf" } },
    delivery: { type: "local", directory: "tmp/out" },
    closing: { cashAccount: "1510", paymentMethod: "FACTORING" },
  });
  return { ...settings, id: "test", file: "tenants/test.yaml" };
}

export function testEnv(clientId = "demo-client", clientSecret = "demo-secret"): NodeJS.ProcessEnv {
  return { [TEST_CLIENT_ID_ENV]: clientId, [TEST_CLIENT_SECRET_ENV]: clientSecret };
}
