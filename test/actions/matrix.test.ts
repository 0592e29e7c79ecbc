import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  buildMatrix,
  CHUNK_SIZE,
  chunkMatrix,
  DEFAULT_MAX_PARALLEL,
  maxParallelFrom,
  runMatrix,
} from "../../src/config/matrix.ts";
import { bridgeSecrets } from "../../src/config/secret-bridge.ts";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "vf-matrix-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const ACME = readFileSync("test/fixtures/tenants/valid/acme.yaml", "utf8");

/** A valid tenant file for `id`: acme's, with the id's secret prefix and a client number of its own. */
function tenantFile(id: string, clientNumber: string, edit: (yaml: string) => string = (y) => y): string {
  const prefix = id.toUpperCase().replaceAll("-", "_");
  const text = ACME.replaceAll("ACME_", `${prefix}_`)
    .replace('clientNumber: "1234"', `clientNumber: "${clientNumber}"`)
    .replace("tenantId: 7f3c1b2a-0000-4000-8000-000000000001", `tenantId: visma-${id}`);
  return edit(text);
}
const write = (name: string, text: string) => writeFileSync(join(dir, name), text);
const password = (yaml: string) => yaml.replace(/privateKeyEnv: (\w+)_SFTP_KEY/, "passwordEnv: $1_SFTP_PASSWORD");
const local = (yaml: string) =>
  yaml.replace(/delivery:\n(?: .*\n)+/, "delivery:\n  type: local\n  directory: out/factor\n");

describe("buildMatrix", () => {
  it("lists tenants with the secret names they declare, in slot order", async () => {
    write(
      "acme.yaml",
      tenantFile("acme", "1001", (y) =>
        y.replace(
          "  privateKeyEnv: ACME_SFTP_KEY\n",
          "  privateKeyEnv: ACME_SFTP_KEY\n  passphraseEnv: ACME_SFTP_PASSPHRASE\n",
        ),
      ),
    );
    write("beta-bygg.yaml", tenantFile("beta-bygg", "1002", password));
    write("local.yaml", tenantFile("local", "1003", local));
    write("README.md", "not a tenant");
    expect((await buildMatrix(dir)).include).toEqual([
      {
        tenant: "acme",
        secret1: "ACME_VISMA_CLIENT_ID",
        secret2: "ACME_VISMA_CLIENT_SECRET",
        secret3: "ACME_SFTP_KEY",
        secret4: "ACME_SFTP_PASSPHRASE",
        secretNames: "ACME_VISMA_CLIENT_ID,ACME_VISMA_CLIENT_SECRET,ACME_SFTP_KEY,ACME_SFTP_PASSPHRASE",
      },
      {
        tenant: "beta-bygg",
        secret1: "BETA_BYGG_VISMA_CLIENT_ID",
        secret2: "BETA_BYGG_VISMA_CLIENT_SECRET",
        secret3: "BETA_BYGG_SFTP_PASSWORD",
        secret4: "",
        secretNames: "BETA_BYGG_VISMA_CLIENT_ID,BETA_BYGG_VISMA_CLIENT_SECRET,BETA_BYGG_SFTP_PASSWORD,",
      },
      {
        tenant: "local",
        secret1: "LOCAL_VISMA_CLIENT_ID",
        secret2: "LOCAL_VISMA_CLIENT_SECRET",
        secret3: "",
        secret4: "",
        secretNames: "LOCAL_VISMA_CLIENT_ID,LOCAL_VISMA_CLIENT_SECRET,,",
      },
    ]);
    expect((await buildMatrix(dir, "beta-bygg")).include.map((e) => e.tenant)).toEqual(["beta-bygg"]);
  });

  it("gives a broken file its own job but no secrets, and never stops the others (issue 13 §4)", async () => {
    write("acme.yaml", tenantFile("acme", "1001"));
    // Each of these used to stop the whole matrix, or pass it with secrets.
    write(
      "late.yaml",
      tenantFile("late", "1002", (y) =>
        y.replace("closing:", 'transfer:\n  window: { start: "7:30", end: "16:30" }\nclosing:'),
      ),
    );
    write(
      "thief.yaml",
      tenantFile("thief", "1003", (y) => y.replace("THIEF_VISMA_CLIENT_SECRET", "ACME_VISMA_CLIENT_SECRET")),
    );
    write(
      "slot.yaml",
      tenantFile("slot", "1004", (y) => y.replace("SLOT_SFTP_KEY", "FACTORING_SECRET_1")),
    );
    write(
      "bomb.yaml",
      `a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n`,
    );
    write("syntax.yaml", "name: [unclosed\n");
    const { include, skipped } = await buildMatrix(dir);
    expect(skipped).toEqual([]);
    const none = ",,,";
    expect(include.map((e) => [e.tenant, e.secretNames])).toEqual([
      ["acme", "ACME_VISMA_CLIENT_ID,ACME_VISMA_CLIENT_SECRET,ACME_SFTP_KEY,"],
      ["bomb", none],
      ["late", none],
      ["slot", none],
      ["syntax", none],
      ["thief", none],
    ]);
    // The workflow maps secrets[matrix.secretN], not secretNames: those slots are what must be empty.
    const noSecrets = { secret1: "", secret2: "", secret3: "", secret4: "", secretNames: none };
    for (const entry of include.filter((e) => e.tenant !== "acme"))
      expect(entry, entry.tenant).toEqual({ tenant: entry.tenant, ...noSecrets });
  });

  it("explains an unknown tenant, skips a file whose name is no tenant id, and gives a doubled id no secrets", async () => {
    write("acme.yaml", tenantFile("acme", "1001"));
    await expect(buildMatrix(dir, "acmee")).rejects.toThrow(`no tenant file ${dir}/acmee.yaml; tenants are: acme`);
    write("Acme Corp.yaml", tenantFile("acme", "1002"));
    write("acme.yml", tenantFile("acme", "1003"));
    const { include, skipped } = await buildMatrix(dir);
    expect(skipped).toEqual([
      { file: join(dir, "Acme Corp.yaml"), message: expect.stringMatching(/file name is the tenant id/) },
    ]);
    expect(include).toEqual([
      { tenant: "acme", secret1: "", secret2: "", secret3: "", secret4: "", secretNames: ",,," },
    ]);
  });

  it("leaves out tenants with closing disabled from the close matrix, and writes GITHUB_OUTPUT", async () => {
    write(
      "acme.yaml",
      tenantFile("acme", "1001", (y) => y.replace("closing:\n", "closing:\n  enabled: false\n")),
    );
    write("beta.yaml", tenantFile("beta", "1002"));
    expect((await buildMatrix(dir, undefined, { workflow: "transfer" })).include).toHaveLength(2);
    const out = join(dir, "github_output");
    writeFileSync(out, "earlier=1\n");
    const matrix = await runMatrix({ tenantsDir: dir, workflow: "close", outputFile: out });
    expect(matrix.include.map((e) => e.tenant)).toEqual(["beta"]);
    expect(readFileSync(out, "utf8")).toBe(
      `earlier=1\nmatrix=${JSON.stringify({ include: matrix.include })}\ncount=1\n`,
    );
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
    const result = bridgeSecrets(env, { mask: (v) => masked.push(v), tenant: "acme" });
    expect(result).toEqual({ bridged: ["ACME_CLIENT_ID", "ACME_SFTP_KEY"], missing: ["ACME_CLIENT_SECRET"] });
    expect(env).toEqual({ PATH: "/usr/bin", ACME_CLIENT_ID: "client-id-value", ACME_SFTP_KEY: key });
    expect(masked).toEqual(expect.arrayContaining(["client-id-value", key, "b3BlbnNzaC1rZXktdjEAAAAA"]));
  });

  it("does nothing outside Actions and never prints a value", () => {
    const env: NodeJS.ProcessEnv = { ACME_CLIENT_ID: "local" };
    expect(bridgeSecrets(env)).toEqual({ bridged: [], missing: [] });
    expect(env).toEqual({ ACME_CLIENT_ID: "local" });
  });

  it("refuses to write a runner variable, a slot, or another tenant's name", () => {
    const env: NodeJS.ProcessEnv = { FACTORING_SECRET_NAMES: "GITHUB_TOKEN", FACTORING_SECRET_1: "x" };
    expect(() => bridgeSecrets(env, { mask: () => {} })).toThrow(/"GITHUB_TOKEN" is not a secret name/);
    const slot: NodeJS.ProcessEnv = { FACTORING_SECRET_NAMES: "ACME_ID,FACTORING_SECRET_1", FACTORING_SECRET_2: "x" };
    expect(() => bridgeSecrets(slot, { mask: () => {} })).toThrow(/slot 2: "FACTORING_SECRET_1" is not a secret name/);
    for (const name of ["PATH", "NODE_OPTIONS", "CI", "HOME", "ACTIONS_RUNTIME_TOKEN", "RUNNER_TEMP"]) {
      expect(
        () => bridgeSecrets({ FACTORING_SECRET_NAMES: name, FACTORING_SECRET_1: "x" }, { mask: () => {} }),
        name,
      ).toThrow(/is not a secret name/);
    }
    const other: NodeJS.ProcessEnv = { FACTORING_SECRET_NAMES: "BETA_VISMA_CLIENT_ID", FACTORING_SECRET_1: "x" };
    expect(() => bridgeSecrets(other, { mask: () => {}, tenant: "acme" })).toThrow(/must start with ACME_/);
  });
});

describe("disabled tenants", () => {
  it("leaves a tenant with enabled: false out of scheduled runs but includes it when named", async () => {
    copyFileSync("tenants/demo.yaml", join(dir, "demo.yaml"));
    expect((await buildMatrix(dir)).include).toEqual([]);
    expect((await buildMatrix(dir, "demo")).include.map((e) => e.tenant)).toEqual(["demo"]);
  });
});

describe("chunks of the fleet (issue 16)", () => {
  const entries = (n: number) =>
    Array.from({ length: n }, (_, i) => ({
      tenant: `t${i}`,
      secret1: "",
      secret2: "",
      secret3: "",
      secret4: "",
      secretNames: ",,,",
    }));

  it("splits any number of tenants into even chunks of at most 256, every tenant exactly once", () => {
    expect(chunkMatrix([], 20)).toEqual([]);
    for (const n of [1, 256, 257, 600, 2_000, 5_000]) {
      const chunks = chunkMatrix(entries(n), 20);
      expect(chunks.length, `${n}`).toBe(Math.ceil(n / CHUNK_SIZE));
      const sizes = chunks.map((c) => c.matrix.include.length);
      expect(Math.max(...sizes)).toBeLessThanOrEqual(CHUNK_SIZE);
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
      expect(chunks.flatMap((c) => c.matrix.include.map((e) => e.tenant))).toEqual(entries(n).map((e) => e.tenant));
      expect(chunks.map((c) => c.index)).toEqual(chunks.map((_, i) => i));
    }
    expect(chunkMatrix(entries(257), 20).map((c) => c.matrix.include.length)).toEqual([129, 128]);
  });

  it("shares max-parallel among the chunks, at least one job each", () => {
    expect(chunkMatrix(entries(100), 20).map((c) => c.parallel)).toEqual([20]);
    expect(chunkMatrix(entries(2_000), 20).map((c) => c.parallel)).toEqual([3, 3, 3, 3, 2, 2, 2, 2]);
    expect(chunkMatrix(entries(2_000), 500).reduce((n, c) => n + c.parallel, 0)).toBe(500);
    expect(chunkMatrix(entries(2_000), 4).map((c) => c.parallel)).toEqual([1, 1, 1, 1, 1, 1, 1, 1]);
  });

  it("takes max-parallel from FACTORING_MAX_PARALLEL (default 20) and writes the chunks to GITHUB_OUTPUT", async () => {
    expect(maxParallelFrom(undefined)).toBe(DEFAULT_MAX_PARALLEL);
    expect(maxParallelFrom("")).toBe(20);
    expect(maxParallelFrom("60")).toBe(60);
    expect(() => maxParallelFrom("lots")).toThrow(/FACTORING_MAX_PARALLEL must be a whole number/);
    expect(() => maxParallelFrom("0")).toThrow(/FACTORING_MAX_PARALLEL/);
    write("acme.yaml", tenantFile("acme", "1001"));
    write("beta.yaml", tenantFile("beta", "1002"));
    const out = join(dir, "github_output");
    const result = await runMatrix({
      tenantsDir: dir,
      workflow: "transfer",
      outputFile: out,
      chunks: { maxParallel: 5 },
    });
    expect(result.chunks).toEqual([{ index: 0, parallel: 5, matrix: { include: result.include } }]);
    expect(readFileSync(out, "utf8")).toBe(`chunks=${JSON.stringify(result.chunks)}\ncount=2\n`);
  });
});
