import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildMatrix, runMatrix } from "../../src/config/matrix.ts";
import { bridgeSecrets } from "../../src/config/secretBridge.ts";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "vf-matrix-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const tenantYaml = (delivery: string, extra = "") => `name: X
visma:
  tenantId: t
  clientIdEnv: ACME_CLIENT_ID
  clientSecretEnv: ACME_CLIENT_SECRET
delivery:
${delivery}
${extra}`;

describe("buildMatrix", () => {
  it("lists tenants with the secret names they declare, in slot order", () => {
    writeFileSync(join(dir, "acme.yaml"), tenantYaml("  type: sftp\n  privateKeyEnv: ACME_SFTP_KEY\n  passphraseEnv: ACME_SFTP_PASSPHRASE"));
    writeFileSync(join(dir, "beta-bygg.yaml"), tenantYaml("  type: sftp\n  passwordEnv: BETA_SFTP_PASSWORD").replaceAll("ACME", "BETA"));
    writeFileSync(join(dir, "local.yaml"), tenantYaml("  type: local\n  directory: out").replaceAll("ACME", "LOCAL"));
    writeFileSync(join(dir, "README.md"), "not a tenant");
    expect(buildMatrix(dir)).toEqual({
      include: [
        {
          tenant: "acme",
          secret1: "ACME_CLIENT_ID",
          secret2: "ACME_CLIENT_SECRET",
          secret3: "ACME_SFTP_KEY",
          secret4: "ACME_SFTP_PASSPHRASE",
          secretNames: "ACME_CLIENT_ID,ACME_CLIENT_SECRET,ACME_SFTP_KEY,ACME_SFTP_PASSPHRASE",
        },
        {
          tenant: "beta-bygg",
          secret1: "BETA_CLIENT_ID",
          secret2: "BETA_CLIENT_SECRET",
          secret3: "BETA_SFTP_PASSWORD",
          secret4: "",
          secretNames: "BETA_CLIENT_ID,BETA_CLIENT_SECRET,BETA_SFTP_PASSWORD,",
        },
        {
          tenant: "local",
          secret1: "LOCAL_CLIENT_ID",
          secret2: "LOCAL_CLIENT_SECRET",
          secret3: "",
          secret4: "",
          secretNames: "LOCAL_CLIENT_ID,LOCAL_CLIENT_SECRET,,",
        },
      ],
    });
    expect(buildMatrix(dir, "beta-bygg").include.map((e) => e.tenant)).toEqual(["beta-bygg"]);
  });

  it("explains an unknown tenant, a bad secret name, a bad id and broken YAML", () => {
    writeFileSync(join(dir, "acme.yaml"), tenantYaml("  type: sftp\n  passwordEnv: GITHUB_TOKEN"));
    expect(() => buildMatrix(dir, "acmee")).toThrow("no tenant file tenants/acmee.yaml; tenants are: acme");
    expect(() => buildMatrix(dir)).toThrow(/tenants\/acme: delivery.passwordEnv must name a secret .* got "GITHUB_TOKEN"/);
    writeFileSync(join(dir, "acme.yaml"), tenantYaml("  type: sftp\n  privateKeyEnv: FACTORING_SECRET_1"));
    expect(() => buildMatrix(dir)).toThrow(/tenants\/acme: delivery.privateKeyEnv must name a secret .* got "FACTORING_SECRET_1"/);
    rmSync(join(dir, "acme.yaml"));
    writeFileSync(join(dir, "Acme Corp.yaml"), tenantYaml("  type: local\n  directory: x"));
    expect(() => buildMatrix(dir)).toThrow(/file name is the tenant id/);
    rmSync(join(dir, "Acme Corp.yaml"));
    writeFileSync(join(dir, "acme.yaml"), "name: [unclosed\n");
    expect(() => buildMatrix(dir)).toThrow(/tenants\/acme: not valid YAML/);
  });

  it("leaves out tenants with closing disabled from the close matrix, and writes GITHUB_OUTPUT", () => {
    writeFileSync(join(dir, "acme.yaml"), tenantYaml("  type: local\n  directory: x", "closing:\n  enabled: false\n"));
    writeFileSync(join(dir, "beta.yaml"), tenantYaml("  type: local\n  directory: x"));
    expect(buildMatrix(dir, undefined, { workflow: "transfer" }).include).toHaveLength(2);
    const out = join(dir, "github_output");
    writeFileSync(out, "earlier=1\n");
    const matrix = runMatrix({ tenantsDir: dir, workflow: "close", outputFile: out });
    expect(matrix.include.map((e) => e.tenant)).toEqual(["beta"]);
    expect(readFileSync(out, "utf8")).toBe(`earlier=1\nmatrix=${JSON.stringify(matrix)}\ncount=1\n`);
  });
});

describe("bridgeSecrets", () => {
  it("copies slot values to the declared names, masks them, and removes the slots", () => {
    const key = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----";
    const env: NodeJS.ProcessEnv = {
      PATH: "/usr/bin",
      FACTORING_SECRET_NAMES: "ACME_CLIENT_ID,ACME_CLIENT_SECRET,ACME_SFTP_KEY,",
      FACTORING_SECRET_1: "client-id-value",
      FACTORING_SECRET_2: "",
      FACTORING_SECRET_3: key,
      FACTORING_SECRET_4: "",
    };
    const masked: string[] = [];
    const result = bridgeSecrets(env, { mask: (v) => masked.push(v) });
    expect(result).toEqual({ bridged: ["ACME_CLIENT_ID", "ACME_SFTP_KEY"], missing: ["ACME_CLIENT_SECRET"] });
    expect(env).toEqual({ PATH: "/usr/bin", ACME_CLIENT_ID: "client-id-value", ACME_SFTP_KEY: key });
    expect(masked).toEqual(expect.arrayContaining(["client-id-value", key, "b3BlbnNzaC1rZXktdjEAAAAA"]));
  });

  it("does nothing outside Actions and never prints a value", () => {
    const env: NodeJS.ProcessEnv = { ACME_CLIENT_ID: "local" };
    expect(bridgeSecrets(env)).toEqual({ bridged: [], missing: [] });
    expect(env).toEqual({ ACME_CLIENT_ID: "local" });
  });

  it("refuses to write a runner variable or a slot", () => {
    const env: NodeJS.ProcessEnv = { FACTORING_SECRET_NAMES: "GITHUB_TOKEN", FACTORING_SECRET_1: "x" };
    expect(() => bridgeSecrets(env, { mask: () => {} })).toThrow(/"GITHUB_TOKEN" is not a secret name/);
    const slot: NodeJS.ProcessEnv = { FACTORING_SECRET_NAMES: "ACME_ID,FACTORING_SECRET_1", FACTORING_SECRET_2: "x" };
    expect(() => bridgeSecrets(slot, { mask: () => {} })).toThrow(/slot 2: "FACTORING_SECRET_1" is not a secret name/);
  });
});

describe("disabled tenants", () => {
  it("leaves a tenant with enabled: false out of scheduled runs but includes it when named", async () => {
    const { copyFileSync } = await import("node:fs");
    const dir = mkdtempSync(join(tmpdir(), "matrix-demo-"));
    copyFileSync("tenants/demo.yaml", join(dir, "demo.yaml"));
    expect(buildMatrix(dir).include).toEqual([]);
    expect(buildMatrix(dir, "demo").include.map((e) => e.tenant)).toEqual(["demo"]);
  });
});
