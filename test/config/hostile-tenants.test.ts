// Issue 13 §2, §4, §5: every hostile or careless tenant value is refused by `npm run validate`
// with file:line:col and a message naming the rule and the fix; nothing crashes, and the rules
// that span tenants (same factor account, same Visma.net company, secret prefixes) hold.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runValidate } from "../../src/commands/validate.ts";
import { loadTenantFile } from "../../src/config/load.ts";
import { formatProblem } from "../../src/config/problems.ts";
import { listTenantFiles, validateTenantFiles } from "../../src/config/validate.ts";

const ACME = readFileSync("test/fixtures/tenants/valid/acme.yaml", "utf8");

type Edit = [string | RegExp, string];

/** acme.yaml with each `from` (exact text, or a /g pattern) replaced by `to`, written as <id>.yaml in a fresh folder. */
function variant(edits: Edit[], id = "acme", dir = mkdtempSync(join(tmpdir(), "hostile-"))): string {
  let text = ACME;
  for (const [from, to] of edits) {
    if (typeof from === "string" ? !text.includes(from) : !from.test(text))
      throw new Error(`fixture has no ${String(from)}`);
    text = text.replace(from, to);
  }
  const file = join(dir, `${id}.yaml`);
  writeFileSync(file, text);
  return file;
}

/** The located problems of one file, with the folder cut off: "acme.yaml:7:20 visma.clientSecretEnv: …". */
async function problems(file: string): Promise<string[]> {
  const loaded = await loadTenantFile(file);
  return loaded.problems.map((p) => formatProblem(p).slice(file.length - file.split("/").at(-1)!.length));
}

const SECRET = ["  clientSecretEnv: ACME_VISMA_CLIENT_SECRET", "  clientSecretEnv: "] as const;

describe("§2 a tenant file reaches only its own secrets", () => {
  it("secret names carry the tenant's prefix, explained on the exact line", async () => {
    expect(await problems(variant([[SECRET[0], `${SECRET[1]}BETA_VISMA_CLIENT_SECRET`]]))).toEqual([
      'acme.yaml:7:20 visma.clientSecretEnv: secret names of tenant acme must start with ACME_ (from the file name), so that a tenant file reaches only its own secrets; e.g. ACME_VISMA_CLIENT_SECRET, got "BETA_VISMA_CLIENT_SECRET"',
    ]);
    const bygg = variant(
      [
        ["ACME_VISMA_CLIENT_ID", "ACME_BYGG_VISMA_CLIENT_ID"],
        ["ACME_VISMA_CLIENT_SECRET", "ACME_BYGG_VISMA_CLIENT_SECRET"],
        ["ACME_SFTP_KEY", "ACME_BYGG_SFTP_KEY"],
      ],
      "acme-bygg",
    );
    expect(await problems(bygg)).toEqual([]);
  });

  it.each([
    "FACTORING_SECRET_1",
    "FACTORING_SECRET_NAMES",
    "GITHUB_TOKEN",
    "ACTIONS_RUNTIME_TOKEN",
    "ACTIONS_ID_TOKEN_REQUEST_URL",
    "RUNNER_TEMP",
    "CI",
    "PATH",
    "HOME",
    "NODE_OPTIONS",
  ])("refuses the reserved name %s", async (name) => {
    const [message, ...rest] = await problems(variant([[SECRET[0], `${SECRET[1]}${name}`]]));
    expect(rest).toEqual([]);
    expect(message).toMatch(
      /^acme\.yaml:7:20 visma\.clientSecretEnv: the runner or the workflow uses this name itself \(/,
    );
  });

  it("refuses a tenant id whose prefix the runner reserves", async () => {
    const file = variant([[/ACME_/g, "NODE_"]], "node");
    expect(await problems(file)).toContain(
      'node.yaml:1:1 the tenant id "node" gives secret names starting with NODE_, which the runner reserves (NODE_*); rename the file so that the id does not start with "node"',
    );
  });

  it("refuses a name that another tenant's longer prefix claims", async () => {
    const dir = mkdtempSync(join(tmpdir(), "hostile-"));
    variant([["ACME_SFTP_KEY", "ACME_BYGG_SFTP_KEY"]], "acme", dir);
    variant(
      [
        [/ACME_/g, "ACME_BYGG_"],
        ['"1234"', '"4321"'],
        ["000000000001", "000000000009"],
      ],
      "acme-bygg",
      dir,
    );
    const result = await validateTenantFiles(await listTenantFiles(dir));
    expect(result.problems.map((p) => `${p.line}:${p.column} ${p.path}: ${p.message}`)).toEqual([
      `19:18 delivery.privateKeyEnv: "ACME_BYGG_SFTP_KEY" also starts with ACME_BYGG_, the prefix of ${dir}/acme-bygg.yaml; choose a name the other tenant cannot claim, e.g. ACME_SFTP_KEY`,
    ]);
  });

  const ENDPOINT = (url: string, flag = false): Edit[] => [
    [
      "  clientSecretEnv: ACME_VISMA_CLIENT_SECRET\n",
      `  clientSecretEnv: ACME_VISMA_CLIENT_SECRET\n  apiBaseUrl: ${url}\n${flag ? "  allowCustomEndpoint: true\n" : ""}`,
    ],
  ];
  it.each([
    ["https://api.finance.visma.net", false, undefined],
    ["https://integration.visma.net/API", false, undefined],
    [
      "https://evil.example",
      false,
      "evil.example is not a Visma.net host (*.visma.net, *.visma.com) and would receive the client secret; set visma.allowCustomEndpoint: true only for an endpoint you deliberately trust (a proxy you run, the sandbox)",
    ],
    ["https://api.finance.visma.net.evil.example", false, "api.finance.visma.net.evil.example is not a Visma.net host"],
    ["https://proxy.partner.example", true, undefined],
    ["http://api.finance.visma.net", true, "plain http sends the client secret readable on the way; use https"],
    [
      "http://127.0.0.1:4010",
      false,
      "127.0.0.1 is this machine (the sandbox), not Visma.net; set visma.allowCustomEndpoint: true to use it",
    ],
    ["http://127.0.0.1:4010", true, undefined],
    ["http://localhost:4010", true, undefined],
    ["http://[::1]:4010", true, undefined],
    [
      "http://169.254.169.254/latest",
      true,
      "169.254.169.254 is a link-local address (such as the cloud metadata service); the client secret is never sent there",
    ],
    ["https://[::ffff:169.254.169.254]", true, "::ffff:a9fe:a9fe is a link-local address"],
    ["https://[fe80::1]", true, "fe80::1 is a link-local address"],
    ["https://10.0.0.5", true, "10.0.0.5 is a private or reserved address; the client secret is never sent there"],
    ["https://192.168.1.10", true, "192.168.1.10 is a private or reserved address"],
    ["https://[fd00::5]", true, "fd00::5 is a private or reserved address"],
    ["https://0x0a.0.0.1", true, "10.0.0.1 is a private or reserved address"],
    ["https://user:pw@api.finance.visma.net", false, "a URL must not carry a user name or password"],
  ] as const)("visma.apiBaseUrl %s (allowCustomEndpoint: %s)", async (url, flag, expected) => {
    const found = await problems(variant(ENDPOINT(url, flag)));
    if (expected === undefined) expect(found).toEqual([]);
    else {
      expect(found).toHaveLength(1);
      expect(found[0]).toMatch(/^acme\.yaml:8:15 visma\.apiBaseUrl: /);
      expect(found[0]).toContain(expected);
    }
  });
});

describe("§4 every value that reaches a clock, a path or a label is checked on its own line", () => {
  const WINDOW = (start: string) =>
    [["closing:", `transfer:\n  window: { start: "${start}", end: "16:30" }\nclosing:`]] as Edit[];
  it.each([
    ["7:30", 'acme.yaml:25:20 transfer.window.start: write the hour with two digits: "07:30" (HH:mm), got "7:30"'],
    ["25:00", 'acme.yaml:25:20 transfer.window.start: expected a time of day "HH:mm", e.g. "15:30", got "25:00"'],
    ["17:00", "acme.yaml:25:11 transfer.window: window.start must be before window.end"],
  ])("window start %s", async (start, expected) => {
    expect(await problems(variant(WINDOW(start)))).toEqual([expected]);
  });

  const REMOTE = (dir: string) => [["  remoteDir: /inbox", `  remoteDir: ${dir}`]] as Edit[];
  it.each([
    [
      "/inbox/../../etc",
      'acme.yaml:21:14 delivery.remoteDir: must not contain "..": name the folder itself, e.g. /inbox, got "/inbox/../../etc"',
    ],
    [
      '"..\\\\other"',
      'acme.yaml:21:14 delivery.remoteDir: must not contain "..": name the folder itself, e.g. /inbox, got "..\\\\other"',
    ],
    [
      '"/in\\abox"',
      'acme.yaml:21:14 delivery.remoteDir: contains a control character; write the folder name as the factor gave it, got "/in\\u0007box"',
    ],
  ])("remote folder %s", async (dir, expected) => {
    expect(await problems(variant(REMOTE(dir)))).toEqual([expected]);
  });

  it("normalises a remote folder", async () => {
    const { tenant } = await loadTenantFile(variant(REMOTE("/inbox/./acme//")));
    expect(tenant!.delivery).toMatchObject({ remoteDir: "/inbox/acme" });
  });

  const LOCAL = (dir: string) =>
    [[/delivery:\n(?: .*\n)+/.exec(ACME)![0], `delivery:\n  type: local\n  directory: ${dir}\n`]] as Edit[];
  it.each([
    ["../outside", 'must not contain "..": the files stay in the folder written here'],
    ["/srv/factor/../../root", 'must not contain "..": the files stay in the folder written here'],
    [".git/hooks", "must not be inside a .git folder (git's own files and hooks)"],
    ["out/.GIT/x", "must not be inside a .git folder (git's own files and hooks)"],
    [
      "state/acme",
      "must not be one of the repository's own folders (.github, .ci, src, scripts, schemas, state, tenants, test, node_modules, docs); use e.g. out/factor",
    ],
    ["./src", "must not be one of the repository's own folders"],
  ])("local delivery folder %s", async (dir, expected) => {
    const [message, ...rest] = await problems(variant(LOCAL(dir)));
    expect(rest).toEqual([]);
    expect(message).toMatch(/^acme\.yaml:17:14 delivery\.directory: /);
    expect(message).toContain(expected);
  });

  it.each(["out/factor", "/mnt/factor/inbox"])("accepts the local delivery folder %s", async (dir) => {
    expect(await problems(variant(LOCAL(dir)))).toEqual([]);
  });

  const REPORTING = (yaml: string) => [["closing:", `reporting:\n${yaml}\nclosing:`]] as Edit[];
  it.each([
    [
      "  labels: [factoring, tenant:beta]",
      'acme.yaml:25:23 reporting.labels[1]: labels starting with "factoring:" or "tenant:" are set by the product itself',
    ],
    [
      '  labels: ["a,b"]',
      "acme.yaml:25:12 reporting.labels[0]: must not contain a comma (labels are looked up as a comma-separated list)",
    ],
    [`  labels: [${"x".repeat(51)}]`, "acme.yaml:25:12 reporting.labels[0]: GitHub labels have at most 50 characters"],
    [
      "  assignees: ['@alice']",
      "acme.yaml:25:15 reporting.assignees[0]: expected a GitHub user name (letters, digits, single dashes; no @)",
    ],
  ])("%s", async (yaml, expected) => {
    const [message] = await problems(variant(REPORTING(yaml)));
    expect(message).toContain(expected);
  });

  it("refuses YAML aliases, and an alias bomb neither crashes nor hangs validate", async () => {
    const dir = mkdtempSync(join(tmpdir(), "hostile-"));
    const rows = ["a: &a [x, x, x, x, x, x, x, x, x]"];
    for (let i = 1; i < 12; i++)
      rows.push(
        `${"abcdefghijkl"[i]}: &${"abcdefghijkl"[i]} [${Array(9)
          .fill(`*${"abcdefghijkl"[i - 1]}`)
          .join(", ")}]`,
      );
    writeFileSync(join(dir, "bomb.yaml"), `${ACME.split("\n")[0]}\n${rows.join("\n")}\n`);
    variant([["name: Acme Bygg AS", "name: &n Acme Bygg AS\nfactor_name: *n"]], "alias", dir);
    const lines: string[] = [];
    expect(await runValidate({ files: [], tenantsDir: dir, annotate: false, out: (l) => lines.push(l) })).toBe(1);
    expect(lines.filter((l) => l.includes("bomb.yaml"))).toEqual([
      `${dir}/bomb.yaml:3:8 YAML aliases (*name) are not allowed in tenant files; write the value where it applies`,
      `${dir}/bomb.yaml:3:12 YAML aliases (*name) are not allowed in tenant files; write the value where it applies`,
      `${dir}/bomb.yaml:3:16 YAML aliases (*name) are not allowed in tenant files; write the value where it applies`,
      `${dir}/bomb.yaml:3:20 … and 96 more alias(es)`,
    ]);
    expect(lines).toContain(
      `${dir}/alias.yaml:3:14 YAML aliases (*name) are not allowed in tenant files; write the value where it applies`,
    );
  });

  it("compares delivery targets normalised: host case and trailing dot, folder (client numbers have a fixed length per preset since issue 14)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "hostile-"));
    variant([], "acme", dir);
    variant(
      [
        [/ACME_/g, "BETA_"],
        ["sftp.factor.example", "SFTP.Factor.Example."],
        ["/inbox", "/inbox/./"],
        ["000000000001", "000000000002"],
      ],
      "beta",
      dir,
    );
    const result = await validateTenantFiles(await listTenantFiles(dir));
    expect(result.problems.map((p) => `${p.file.split("/").at(-1)}:${p.line}:${p.column} ${p.path}`)).toEqual([
      "acme.yaml:10:17 factor.clientNumber",
      "beta.yaml:10:17 factor.clientNumber",
    ]);
  });
});

describe("§5 two tenant files on one Visma.net company", () => {
  async function pair(acme: Edit[], beta: Edit[]): Promise<string[]> {
    const dir = mkdtempSync(join(tmpdir(), "company-"));
    variant([['"1234"', '"1111"'], ...acme], "acme", dir);
    variant([[/ACME_/g, "BETA_"], ['"1234"', '"2222"'], ...beta], "beta", dir);
    const result = await validateTenantFiles(await listTenantFiles(dir));
    return result.problems.map(
      (p) =>
        `${p.severity === "warning" ? "warning " : ""}${p.file.split("/").at(-1)}:${p.line}:${p.column} ${p.path}: ${p.message.replaceAll(dir + "/", "")}`,
    );
  }
  const declare = (other: string): Edit => ["  clientIdEnv:", `  sharesCompanyWith: [${other}]\n  clientIdEnv:`];
  const methods = (list: string): Edit => ["paymentMethods: [FACTORING]", `paymentMethods: [${list}]`];

  it("is an error when they do not declare each other", async () => {
    const found = await pair([], []);
    expect(found).toHaveLength(2);
    expect(found[0]).toBe(
      "acme.yaml:5:13 visma.tenantId: beta.yaml is on the same company (Visma.net tenant 7f3c1b2a-0000-4000-8000-000000000001), so both would transfer its documents; if they are different companies of one contract, set visma.companyId in both files; if one company really is split, give both files non-overlapping selection.paymentMethods and name each other in visma.sharesCompanyWith (here: beta)",
    );
    // Declared by one side only: still an error for both (neither file may change without the other in view).
    expect(await pair([declare("beta"), methods("FACT-A")], [methods("FACT-B")])).toHaveLength(2);
  });

  it("is an error when the declared selections overlap or one selects everything", async () => {
    expect(await pair([declare("beta"), methods("FACT-A, FACT-B")], [declare("acme"), methods("FACT-B")])).toEqual([
      "acme.yaml:24:19 selection.paymentMethods: shares its Visma.net company with beta.yaml, which also selects payment method FACT-B: a document would be transferred by both",
      "beta.yaml:24:19 selection.paymentMethods: shares its Visma.net company with acme.yaml, which also selects payment method FACT-B: a document would be transferred by both",
    ]);
    expect(await pair([declare("beta"), methods("")], [declare("acme"), methods("FACT-B")])).toEqual([
      "acme.yaml:24:19 selection.paymentMethods: shares its Visma.net company with beta.yaml: list the payment methods this file transfers (an empty list selects every document)",
    ]);
  });

  it("is fine when both declare each other with disjoint payment methods, or name different companies", async () => {
    expect(await pair([declare("beta"), methods("FACT-A")], [declare("acme"), methods("FACT-B")])).toEqual([]);
    const company = (id: string): Edit => ["  clientIdEnv:", `  companyId: "${id}"\n  clientIdEnv:`];
    expect(await pair([company("1")], [company("2")])).toEqual([]);
    expect(await pair([company("1")], [])).toHaveLength(2); // one without a company id may be the same company
  });

  it("warns about a declaration that names no tenant on the same company", async () => {
    expect(await pair([declare("gamma")], [["000000000001", "000000000002"]])).toEqual([
      "warning acme.yaml:6:22 visma.sharesCompanyWith: names gamma, which is not a valid tenant file on the same Visma.net company (Visma.net tenant 7f3c1b2a-0000-4000-8000-000000000001); remove it",
    ]);
  });
});
