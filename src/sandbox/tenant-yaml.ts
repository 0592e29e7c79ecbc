/**
 * Tenant files for sandbox worlds (tests, fault suite, benchmark): one builder, so every world
 * writes a file the real loader validates, instead of each keeping its own YAML template.
 */
import { stringify } from "yaml";
import { SCHEMA_COMMENT } from "../config/load.ts";
import type { TenantInput } from "../config/schema.ts";

export interface SandboxTenantOptions {
  name: string;
  /**
   * Prefix of the secret names: "ACME" gives ACME_VISMA_CLIENT_ID, ACME_VISMA_CLIENT_SECRET, ACME_SFTP_PASSWORD.
   * It must be the tenant id of the file written (acme.yaml → ACME, acme-bygg.yaml → ACME_BYGG).
   */
  secretPrefix: string;
  visma: { apiBaseUrl: string; tokenUrl: string; tenantId?: string; concurrency?: number };
  delivery:
    | { type: "local"; directory: string }
    | {
        type: "sftp";
        port: number;
        username: string;
        hostKeySha256: string;
        remoteDir?: string;
        timeoutSeconds?: number;
      };
  paymentMethods?: string[];
  grouping?: "perDocument" | "perCustomer";
  /** factor.currencies; default NOK only. */
  currencies?: string[];
  /** factor.format; default SGF (which holds back non-NOK documents, so foreign-currency worlds pick CSV or EHF). */
  format?: TenantInput["factor"]["format"];
  /** IANA zone of the tenant; default Europe/Oslo. */
  timeZone?: string;
  /** false: out of the scheduled runs. */
  enabled?: boolean;
  /** closing.cashAccounts: a cash account per currency (1510 for the rest). */
  cashAccounts?: Record<string, string>;
}

export function sandboxTenantYaml(o: SandboxTenantOptions): string {
  const tenant: TenantInput = {
    name: o.name,
    ...(o.enabled === false ? { enabled: false } : {}),
    timeZone: o.timeZone ?? "Europe/Oslo",
    visma: {
      tenantId: o.visma.tenantId ?? "demo-tenant",
      clientIdEnv: `${o.secretPrefix}_VISMA_CLIENT_ID`,
      clientSecretEnv: `${o.secretPrefix}_VISMA_CLIENT_SECRET`,
      apiBaseUrl: o.visma.apiBaseUrl,
      tokenUrl: o.visma.tokenUrl,
      allowCustomEndpoint: true, // the sandbox on loopback, not Visma's hosts
      ...(o.visma.concurrency ? { concurrency: o.visma.concurrency } : {}),
    },
    factor: {
      preset: "nordea-finance",
      clientNumber: "1234",
      format: o.format ?? { type: "sgf" },
      kid: "mod10",
      ...(o.currencies ? { currencies: o.currencies } : {}),
    },
    delivery:
      o.delivery.type === "local"
        ? o.delivery
        : {
            ...o.delivery,
            host: "127.0.0.1",
            passwordEnv: `${o.secretPrefix}_SFTP_PASSWORD`,
            remoteDir: o.delivery.remoteDir ?? "/inbox",
          },
    selection: { paymentMethods: o.paymentMethods ?? ["FACTORING"] },
    closing: {
      cashAccount: "1510",
      ...(o.cashAccounts ? { cashAccounts: o.cashAccounts } : {}),
      paymentMethod: "FACTORING",
      grouping: o.grouping ?? "perDocument",
    },
  };
  return `${SCHEMA_COMMENT}\n${stringify(tenant)}`;
}
