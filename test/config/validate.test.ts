import { mkdtemp, readFile, writeFile, cp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runValidate } from "../../src/commands/validate.ts";
import { CONFIGURATION_DOC, withConfigReference } from "../../src/config/docs.ts";
import { JSON_SCHEMA_PATH, tenantJsonSchema } from "../../src/config/json-schema.ts";
import { loadTenantFile } from "../../src/config/load.ts";
import { formatProblem } from "../../src/config/problems.ts";
import { listTenantFiles, validateTenantFiles } from "../../src/config/validate.ts";

const broken = "test/fixtures/tenants/broken";

async function messagesFor(file: string): Promise<string[]> {
  const loaded = await loadTenantFile(file);
  expect(loaded.tenant).toBeUndefined();
  return loaded.problems.map(formatProblem);
}

describe("tenant files", () => {
  it("accepts the shipped tenants and fills defaults", async () => {
    const files = await listTenantFiles("tenants");
    expect(files.length).toBeGreaterThan(0);
    const result = await validateTenantFiles(files);
    expect(result.problems.map(formatProblem)).toEqual([]);
    const demo = result.tenants.find((t) => t.id === "demo")!.tenant!;
    expect(demo.timeZone).toBe("Europe/Oslo");
    expect(demo.transfer.window).toEqual({ start: "15:30", end: "16:30" });
  });

  it("fills every default of the schema", async () => {
    const { tenant } = await loadTenantFile("test/fixtures/tenants/valid/acme.yaml");
    expect(tenant).toMatchObject({
      id: "acme",
      visma: {
        apiBaseUrl: "https://api.finance.visma.net",
        tokenUrl: "https://connect.visma.com/connect/token",
        pageSize: 500,
      },
      delivery: { type: "sftp", port: 22, remoteDir: "/inbox" },
      selection: { paymentMethods: ["FACTORING"], maxInvoiceAgeDays: 30, documentTypes: ["Invoice", "CreditNote"] },
      closing: { delayHours: 24, grouping: "perDocument", cashAccount: "1510" },
      reporting: { labels: ["factoring"], assignees: [] },
    });
  });

  it("names file, line, column and option for bad types", async () => {
    expect(await messagesFor(`${broken}/bad-types.yaml`)).toEqual([
      `${broken}/bad-types.yaml:24:22 selection.maxInvoiceAgeDays: expected a number, got "thirty"`,
      `${broken}/bad-types.yaml:26:16 closing.cashAccount: expected a string of digits, got 1510.5`,
    ]);
  });

  it("rejects unknown keys and suggests the close one for a typo", async () => {
    expect(await messagesFor(`${broken}/unknown-key.yaml`)).toEqual([
      `${broken}/unknown-key.yaml:24:1 colour: unknown option "colour" (allowed here: name, enabled, timeZone, visma, factor, delivery, selection, transfer, closing, reporting)`,
    ]);
    expect(await messagesFor(`${broken}/typo-key.yaml`)).toEqual([
      `${broken}/typo-key.yaml:25:3 closing.cashAcount: unknown option "cashAcount" — did you mean "cashAccount"?`,
    ]);
  });

  it("refuses a secret value written inline and says how to fix it", async () => {
    const messages = await messagesFor(`${broken}/inline-secret.yaml`);
    expect(messages).toContain(
      `${broken}/inline-secret.yaml:19:3 delivery.password: looks like a secret value written into the tenant file; remove it (and rotate it: it is in git history now), store it as a GitHub secret and reference it by name with "passwordEnv: SOME_SECRET_NAME"`,
    );
    // The value itself is never echoed.
    expect(messages.join("\n")).not.toContain("hunter2");
  });

  it("checks environment-variable names", async () => {
    expect(await messagesFor(`${broken}/reserved-env.yaml`)).toEqual([
      `${broken}/reserved-env.yaml:7:20 visma.clientSecretEnv: the runner or the workflow uses this name itself (GITHUB_*); a secret under it would change how the run behaves — choose another name, got "GITHUB_TOKEN"`,
    ]);
  });

  it("rejects an unknown time zone", async () => {
    expect(await messagesFor(`${broken}/bad-timezone.yaml`)).toEqual([
      `${broken}/bad-timezone.yaml:3:11 timeZone: expected an IANA time zone such as Europe/Oslo, got "Europe/Olso"`,
    ]);
  });

  it("requires the SFTP host key fingerprint", async () => {
    expect(await messagesFor(`${broken}/missing-host-key.yaml`)).toEqual([
      `${broken}/missing-host-key.yaml:15:1 delivery.hostKeySha256: required: the server's host key fingerprint, e.g. SHA256:abc… (ssh-keyscan HOST | ssh-keygen -lf -)`,
    ]);
  });

  it("requires the schema comment on the first line", async () => {
    expect(await messagesFor(`${broken}/no-schema-line.yaml`)).toEqual([
      `${broken}/no-schema-line.yaml:1:1 the first line must be "# yaml-language-server: $schema=../schemas/tenant.schema.json" (editor completion and checks)`,
    ]);
  });

  it("reports YAML syntax errors with their position", async () => {
    const dir = await mkdtemp(join(tmpdir(), "tenants-"));
    const file = join(dir, "syntax.yaml");
    const text = await readFile("test/fixtures/tenants/valid/acme.yaml", "utf8");
    await writeFile(file, text.replace('  clientNumber: "1234"', '  clientNumber: "1234'));
    const loaded = await loadTenantFile(file);
    expect(loaded.tenant).toBeUndefined();
    expect(loaded.problems[0]!.message).toMatch(/^YAML: /);
  });

  it("rejects a tenant id that is not lower-case letters, digits and dashes", async () => {
    const dir = await mkdtemp(join(tmpdir(), "tenants-"));
    const file = join(dir, "Acme_AS.yaml");
    await cp("test/fixtures/tenants/valid/acme.yaml", file);
    const [first] = await messagesFor(file);
    expect(first).toContain('the file name "Acme_AS" is the tenant id');
  });

  it("errors on two tenants delivering to the same factor client number and folder", async () => {
    const result = await validateTenantFiles(await listTenantFiles("test/fixtures/tenants/duplicate"));
    expect(result.errorCount).toBe(2);
    expect(result.problems.map(formatProblem)).toEqual([
      "test/fixtures/tenants/duplicate/acme-vest.yaml:10:17 factor.clientNumber: test/fixtures/tenants/duplicate/acme.yaml delivers to the same factor client number 1234 and folder; the factor could not tell the files apart — use each company's own client number or folder",
      "test/fixtures/tenants/duplicate/acme.yaml:10:17 factor.clientNumber: test/fixtures/tenants/duplicate/acme-vest.yaml delivers to the same factor client number 1234 and folder; the factor could not tell the files apart — use each company's own client number or folder",
    ]);
  });

  it("accepts two tenants of one Visma.net contract that name different companies", async () => {
    const dir = await mkdtemp(join(tmpdir(), "tenants-"));
    const text = await readFile("test/fixtures/tenants/valid/acme.yaml", "utf8");
    const company = (id: string) => `  companyId: "${id}"\n  clientIdEnv:`;
    await writeFile(join(dir, "acme.yaml"), text.replace("  clientIdEnv:", company("1")));
    const two = text
      .replace('clientNumber: "1234"', 'clientNumber: "4321"')
      .replaceAll("ACME_", "ACME_TWO_")
      .replace("  clientIdEnv:", company("2"));
    await writeFile(join(dir, "acme-two.yaml"), two);
    const result = await validateTenantFiles(await listTenantFiles(dir));
    expect(result.problems.map(formatProblem)).toEqual([]);
  });

  it("npm run validate exits 1 on errors and prints one line per problem", async () => {
    const lines: string[] = [];
    const code = await runValidate({ files: [], tenantsDir: broken, annotate: false, out: (l) => lines.push(l) });
    expect(code).toBe(1);
    expect(lines.at(-1)).toMatch(/^8 tenant file\(s\) checked: 0 valid, \d+ error\(s\), 0 warning\(s\)$/);
    expect(lines.filter((l) => l.startsWith(broken)).length).toBeGreaterThanOrEqual(8);
    const ok: string[] = [];
    expect(await runValidate({ files: [], tenantsDir: "tenants", annotate: false, out: (l) => ok.push(l) })).toBe(0);
  });

  it("emits GitHub annotations on the offending lines", async () => {
    const written: string[] = [];
    const original = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string) => {
      written.push(String(chunk));
      return true;
    }) as typeof process.stdout.write;
    try {
      await runValidate({ files: [`${broken}/typo-key.yaml`], tenantsDir: "tenants", annotate: true, out: () => {} });
    } finally {
      process.stdout.write = original;
    }
    expect(written.join("")).toContain(
      `::error title=closing.cashAcount,file=${broken}/typo-key.yaml,line=25,col=3::unknown option`,
    );
  });
});

describe("JSON schema", () => {
  it("the committed schemas/tenant.schema.json equals the generated one (run npm run schema)", async () => {
    expect(await readFile(JSON_SCHEMA_PATH, "utf8")).toBe(tenantJsonSchema());
  });

  it("docs/configuration.md's reference is the generated one (run npm run schema)", async () => {
    const doc = await readFile(CONFIGURATION_DOC, "utf8");
    expect(doc).toBe(withConfigReference(doc));
    expect(doc).toContain("| `closing.cashAccount` | string | yes |");
  });

  it("describes the options and forbids unknown keys", () => {
    const schema = JSON.parse(tenantJsonSchema());
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(expect.arrayContaining(["name", "visma", "factor", "delivery", "closing"]));
    expect(schema.properties.closing.properties.cashAccount.description).toMatch(/1510/);
  });
});
