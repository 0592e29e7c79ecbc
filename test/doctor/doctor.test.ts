// `npm run doctor` end to end: the Visma.net sandbox over HTTP, the in-process SFTP server, tenants/demo.yaml.
import { chmod } from "node:fs/promises";
import { join } from "node:path";
import ssh2 from "ssh2";
import { afterEach, describe, expect, it } from "vitest";
import { DateTime } from "luxon";
import { runTransfer } from "../../src/commands/transfer.ts";
import { LedgerStore } from "../../src/ledger/store.ts";
import { formatMoney } from "../../src/shared/money.ts";
import { ALL_SCOPES } from "../../src/sandbox/visma/server.ts";
import { check, DAY, startDoctorWorld, withStatus, type DoctorWorld } from "./helpers.ts";

let world: DoctorWorld | undefined;
afterEach(async () => {
  await world?.stop();
  world = undefined;
});

const LINE = /^[✔✖?] [^:\n]+: \S.*$/u;

/** An Open invoice of the sample (dated in the last 30 days). */
function recentOpenInvoice(w: DoctorWorld): string {
  const doc = w.sandbox.store
    .listInvoices()
    .find((d) => d.status === "Open" && d.documentType === "Invoice" && d.documentDate >= "2026-10-28");
  return doc!.referenceNumber;
}

describe("the doctor against the sandbox", () => {
  it("passes for tenants/demo.yaml: one line per check, exit 0, and no write of any kind on either server", async () => {
    world = await startDoctorWorld();
    const { exitCode, report, output } = await world.doctor();
    expect(withStatus(report.checks, "fail")).toEqual([]);
    expect(exitCode).toBe(0);
    const lines = output.split("\n");
    expect(lines[0]).toMatch(/^doctor demo \(.*demo\.yaml\) at 2026-11-26 14:00$/);
    expect(lines.at(-1)).toMatch(/^ready: \d+ ✔, 0 ✖, \d+ \?/);
    for (const line of lines.slice(1, -1)) expect(line).toMatch(LINE);
    expect(lines).toHaveLength(report.checks.length + 2);
    const names = report.checks.map((c) => c.name);
    for (const name of [
      "token",
      "scopes",
      "rate limit",
      "payment method FACTORING",
      "cash account NOK",
      "cash account 1510 with FACTORING",
      "documents",
      "selection",
      "KID",
      "customers",
      "currencies",
      "payments",
      "expand flags",
      "vatId",
      "timestamps",
      "sftp host key",
      "sftp login",
      "sftp folder",
      "sftp write access",
      "ledger",
      "first run",
    ]) {
      expect(names).toContain(name);
    }
    expect(check(report.checks, "sftp write access").status).toBe("pass");
    expect(check(report.checks, "expand flags").seen).toMatch(
      /without the flags: applications 0, taxDetails 0, invoiceAddress 0 of 10 invoices/,
    );

    // Read-only: the sandbox saw GET requests only, the SFTP server no write-like request at all.
    expect(world.sandbox.stats.byMethod).toEqual({ GET: expect.any(Number) });
    for (const method of ["POST", "PUT", "DELETE", "PATCH"]) expect(world.sandbox.stats.byMethod[method] ?? 0).toBe(0);
    expect(world.sftp.writeRequests).toBe(0);
    expect(world.sandbox.store.listPayments().filter((p) => p.paymentRef?.startsWith("VF-"))).toEqual([]);
    for (const secret of ["demo-secret", "demo-password"]) expect(output).not.toContain(secret);
  });

  it("a local delivery folder: exists and writable, checked without writing", async () => {
    world = await startDoctorWorld({
      tenantYaml: (y) => y.replace(/delivery:\n(  .*\n)+/, `delivery:\n  type: local\n  directory: factor-out\n`),
    });
    const { report } = await world.doctor();
    expect(check(report.checks, "delivery folder")).toMatchObject({
      status: "unknown",
      seen: expect.stringMatching(/factor-out does not exist yet; the first transfer creates it$/),
    });
    expect(report.checks.map((c) => c.name)).not.toContain("sftp host key");
  });

  it("--json gives the same checks as data", async () => {
    world = await startDoctorWorld();
    const { report, output } = await world.doctor({ json: true });
    const json = JSON.parse(output) as {
      ready: boolean;
      checks: unknown[];
      counts: Record<string, number>;
      tenant: string;
    };
    expect(json.tenant).toBe("demo");
    expect(json.ready).toBe(true);
    expect(json.checks).toEqual(report.checks);
    expect(json.counts.fail).toBe(0);
  });

  it("counts the first run: documents created since the start of the previous day, through the transfer's own selection", async () => {
    world = await startDoctorWorld();
    const s = world.sandbox.store;
    const factoring = s
      .listCustomers()
      .find((c) => c.defaultPaymentMethodId === "FACTORING" && c.currencyId === "NOK")!;
    const at = { createdDateTime: `${DAY}T10:00:00.000`, lastModifiedDateTime: `${DAY}T10:00:00.000` };
    s.createInvoice({ customerNumber: factoring.number, documentDate: DAY, amountOre: 125_000, ...at });
    s.createInvoice({ customerNumber: factoring.number, documentDate: DAY, amountOre: 50_000, ...at });
    s.createCreditNote({ customerNumber: factoring.number, documentDate: DAY, amountOre: 10_000, ...at });
    const { report } = await world.doctor();
    expect(check(report.checks, "first run").seen).toMatch(
      /^the transfer \(15:30–16:30 Europe\/Oslo\) would send 2 invoices \(1 750,00 NOK\) and 1 credit note \(100,00 NOK\) now;/,
    );
  });
});

describe("each problem on its own line, exit 1", () => {
  it("a missing cash account", async () => {
    world = await startDoctorWorld();
    world.sandbox.store.removeCashAccount("1510");
    const { exitCode, report } = await world.doctor();
    expect(exitCode).toBe(1);
    expect(withStatus(report.checks, "fail")).toEqual([
      expect.stringMatching(
        /^cash account NOK: 1510 \(closing\.cashAccount\) is not in Visma\.net \(it has 1500, 1920, 1925, 1926\): every closing of a NOK document would be refused$/,
      ),
    ]);
    expect(report.checks.map((c) => c.name)).not.toContain("cash account 1510 with FACTORING");
  });

  it("an inactive payment method", async () => {
    world = await startDoctorWorld();
    world.sandbox.store.updatePaymentMethod("FACTORING", { active: false });
    const { exitCode, report } = await world.doctor();
    expect(exitCode).toBe(1);
    expect(withStatus(report.checks, "fail")).toEqual([
      "payment method FACTORING: inactive in Visma.net (Factoring, DirectDeposit): selection.paymentMethods and closing.paymentMethod depends on it; activate it in Payment methods (CA204000) or name another",
    ]);
  });

  it("a wrong host key: named before any login attempt, nothing sent", async () => {
    const other = ssh2.utils.generateKeyPairSync("ed25519");
    world = await startDoctorWorld({ sftp: { hostKey: other.private } });
    const { exitCode, report } = await world.doctor();
    expect(exitCode).toBe(1);
    expect(withStatus(report.checks, "fail")).toEqual([
      expect.stringMatching(
        /^sftp host key: 127\.0\.0\.1:\d+ presented SHA256:\S+, .*demo\.yaml pins SHA256:33aN58KmqNUTs5IooDbUm8OLRPC2i7l02dMGUm3BL9E: closed before logging in/,
      ),
    ]);
    expect(check(report.checks, "sftp login")).toMatchObject({
      status: "unknown",
      seen: "not tried: the host key did not match",
    });
    expect(world.sftp.authAttempts).toBe(0);
    expect(world.sftp.writeRequests).toBe(0);
  });

  it("revoked scopes: a token for read only", async () => {
    world = await startDoctorWorld({ sandbox: { grantedScopes: [ALL_SCOPES[0]!] } });
    const { exitCode, report } = await world.doctor();
    expect(exitCode).toBe(1);
    expect(withStatus(report.checks, "fail")).toEqual([
      "scopes: granted read; missing create (the closing creates payments and refunds), update (the closing releases them): grant vismanet_erp_service_api:create vismanet_erp_service_api:update to the application in the Visma Developer Portal and have the tenant's administrator approve it again",
    ]);
  });

  it("revoked scopes refused outright (invalid_scope): each scope is asked for alone to name the missing ones", async () => {
    world = await startDoctorWorld({
      sandbox: { grantedScopes: [ALL_SCOPES[0]!, ALL_SCOPES[1]!], scopeRefusal: "invalid_scope" },
    });
    const { exitCode, report } = await world.doctor();
    expect(exitCode).toBe(1);
    const failed = withStatus(report.checks, "fail");
    expect(failed).toHaveLength(2);
    expect(failed[0]).toMatch(
      /^token: Visma\.net 400 POST \/connect\/token \(request [0-9a-f-]+\): invalid_scope Hint: Visma Connect refuses a scope the application asks for/,
    );
    expect(failed[1]).toMatch(
      /^scopes: asked for one at a time, Visma Connect grants read, create; missing update \(the closing releases them\)/,
    );
    expect(check(report.checks, "Visma.net").status).toBe("unknown");
    expect(check(report.checks, "sftp login").status).toBe("pass"); // the factor's side is still checked
  });

  it("a closing disabled needs read only", async () => {
    world = await startDoctorWorld({
      sandbox: { grantedScopes: [ALL_SCOPES[0]!] },
      tenantYaml: (y) => y.replace("closing:\n", "closing:\n  enabled: false\n"),
    });
    const { exitCode, report } = await world.doctor();
    expect(check(report.checks, "scopes")).toMatchObject({
      status: "pass",
      seen: "granted read; the transfer reads only (closing.enabled is false)",
    });
    expect(exitCode).toBe(0);
  });

  it("malformed documents: every unreadable element named", async () => {
    world = await startDoctorWorld();
    const [a, b] = world.sandbox.store
      .listInvoices()
      .filter((d) => d.status === "Open" && d.documentType === "Invoice" && d.documentDate >= "2026-10-28");
    world.sandbox.faults.add({
      kind: "malformed",
      match: { path: "/v1/customerinvoice" },
      malformedId: a!.referenceNumber,
      times: Infinity,
    });
    world.sandbox.faults.add({
      kind: "malformed",
      match: { path: "/v1/customerinvoice" },
      malformedId: b!.referenceNumber,
      malformedField: "documentDate",
      malformedValue: "31.12.2026",
      times: Infinity,
    });
    const { exitCode, report } = await world.doctor();
    expect(exitCode).toBe(1);
    const failed = withStatus(report.checks, "fail");
    expect(failed[0]).toMatch(
      /^documents: \d+ invoices and \d+ credit notes Open, dated from 2026-10-27: 2 could not be read \(each below\)/,
    );
    expect(failed.slice(1)).toEqual([
      expect.stringMatching(new RegExp(`^unreadable invoice ${a!.referenceNumber}: /v1/customerinvoice: amount: `)),
      expect.stringMatching(
        new RegExp(`^unreadable invoice ${b!.referenceNumber}: /v1/customerinvoice: documentDate: expected a date`),
      ),
    ]);
    expect(failed).toHaveLength(3);
  });

  it("unreadable payments in the closing's look-back", async () => {
    world = await startDoctorWorld();
    const payment = world.sandbox.store.listPayments().find((p) => p.type === "Payment")!;
    world.sandbox.faults.add({
      kind: "malformed",
      match: { path: "/v1/customerPayment" },
      malformedId: payment.refNbr,
      times: Infinity,
    });
    const { exitCode, report } = await world.doctor();
    expect(exitCode).toBe(1);
    expect(withStatus(report.checks, "fail")).toEqual([
      expect.stringMatching(
        /^payments: \d+ customer payments dated from 2026-09-01 \(the closing's look-back\).*: 1 could not be read \(each below\)$/,
      ),
      `unreadable payment ${payment.refNbr}: /v1/customerPayment: paymentAmount: not a decimal amount: "abc"; not one of ours by what can be read, so the closing passes it by`,
    ]);
  });

  it("a remote folder nobody may write to, judged from its attributes without a probe file", async () => {
    world = await startDoctorWorld();
    await chmod(join(world.factorRoot, "inbox"), 0o555);
    const { exitCode, report } = await world.doctor();
    expect(exitCode).toBe(1);
    expect(withStatus(report.checks, "fail")).toEqual([
      "sftp write access: /inbox is dr-xr-xr-x: nobody may write there; ask the factor to let the account write and rename in it",
    ]);
    expect(world.sftp.writeRequests).toBe(0);
  });

  it("a missing remote folder and a wrong password", async () => {
    world = await startDoctorWorld({ tenantYaml: (y) => y.replace("remoteDir: /inbox", "remoteDir: /innboks") });
    let { report } = await world.doctor();
    expect(withStatus(report.checks, "fail")).toEqual([
      expect.stringMatching(/^sftp folder: SFTP 127\.0\.0\.1:\d+ folder \/innboks: the folder does not exist/),
    ]);
    world.env.DEMO_SFTP_PASSWORD = "wrong";
    ({ report } = await world.doctor());
    expect(withStatus(report.checks, "fail")).toEqual([
      expect.stringMatching(
        /^sftp login: SFTP 127\.0\.0\.1:\d+ refused the login of user demo with the credential from DEMO_SFTP_PASSWORD/,
      ),
    ]);
    expect(check(report.checks, "sftp host key").status).toBe("pass");
  });

  it("a missing secret names the variable, never a value", async () => {
    world = await startDoctorWorld();
    delete world.env.DEMO_VISMA_CLIENT_SECRET;
    const { exitCode, report, output } = await world.doctor();
    expect(exitCode).toBe(1);
    expect(withStatus(report.checks, "fail")[0]).toMatch(
      /^token: .*demo\.yaml visma\.clientSecretEnv: environment variable DEMO_VISMA_CLIENT_SECRET is not set/,
    );
    expect(output).not.toContain("demo-password");
  });

  it("a broken tenant file: each problem on its own line", async () => {
    world = await startDoctorWorld({ tenantYaml: (y) => y.replace('cashAccount: "1510"', 'cashAcount: "1510"') });
    const { exitCode, report, output } = await world.doctor();
    expect(exitCode).toBe(1);
    expect(withStatus(report.checks, "fail")).toEqual([
      expect.stringMatching(
        /^tenant file: .*demo\.yaml:\d+:\d+ closing\.cashAcount: unknown option "cashAcount" — did you mean "cashAccount"\?$/,
      ),
    ]);
    expect(output.split("\n").at(-1)).toMatch(/^not ready/);
    expect(world.sandbox.stats.requests).toBe(0);
  });
});

describe("a tenant whose factor takes EUR too", () => {
  const eur =
    (extra = "") =>
    (y: string) =>
      y
        .replace("currencies: [NOK]", "currencies: [NOK, EUR]")
        .replace(
          "type: sgf\n    customerFile: batch",
          "type: csv\n    columns: [documentNumber, currency, amount, kid]",
        )
        .replace('cashAccount: "1510"\n', `cashAccount: "1510"\n${extra}`);

  it("without a EUR cash account: the EUR line fails and says what to add", async () => {
    world = await startDoctorWorld({ tenantYaml: eur() });
    const { report } = await world.doctor();
    expect(check(report.checks, "cash account NOK").status).toBe("pass");
    expect(check(report.checks, "cash account EUR")).toEqual({
      status: "fail",
      name: "cash account EUR",
      seen: '1510 (closing.cashAccount) is in NOK: the closing of a EUR document would be refused ("currency differs from the cash account\'s"); add closing.cashAccounts: { EUR: "<a EUR account>" }',
    });
  });

  it("with closing.cashAccounts.EUR in EUR: every currency has its account", async () => {
    world = await startDoctorWorld({ tenantYaml: eur('  cashAccounts: { EUR: "1925" }\n') });
    const { report } = await world.doctor();
    expect(check(report.checks, "cash account EUR")).toMatchObject({
      status: "pass",
      seen: "1925 Valutakonto EUR (closing.cashAccounts.EUR) exists, in EUR",
    });
    expect(check(report.checks, "currencies").seen).toMatch(
      /EUR 2 \(\d+, \d+\), SEK 2 .*the factor takes NOK, EUR \(factor\.currencies\), so the SEK documents are held back/,
    );
    // 1925 has only ever been used with BANK: whether FACTORING allows it is for a person to check.
    expect(check(report.checks, "cash account 1925 with FACTORING").status).toBe("unknown");
  });
});

describe("what the answers say about the timestamps' zone", () => {
  const touched = (w: DoctorWorld) => {
    const invoice = w.sandbox.store.getInvoice(recentOpenInvoice(w))!;
    w.sandbox.store.touchDocument(invoice); // changed at the sandbox clock's "now", 14:00 Oslo
  };

  it("local time: read as UTC the newest change would lie in the future", async () => {
    world = await startDoctorWorld({ sandbox: { timestamps: "local" } });
    touched(world);
    const { report } = await world.doctor();
    expect(check(report.checks, "timestamps")).toMatchObject({
      status: "pass",
      seen: expect.stringMatching(
        /^local time \(Europe\/Oslo\): the newest change 2026-11-26 14:00:00 is 0 min ago as Europe\/Oslo time and 60 min in the future as UTC, by the server's clock 2026-11-26 14:00; read as UTC it would lie in the future$/,
      ),
    });
  });

  it("UTC: the newest change is closer to the server's clock read as UTC", async () => {
    world = await startDoctorWorld({ sandbox: { timestamps: "utc" } });
    touched(world);
    const { report } = await world.doctor();
    expect(check(report.checks, "timestamps")).toMatchObject({
      status: "pass",
      seen: expect.stringMatching(
        /^closer to UTC: the newest change 2026-11-26 13:00:00 is 60 min ago as Europe\/Oslo time and 0 min ago as UTC/,
      ),
    });
  });

  it("undetermined when nothing changed recently", async () => {
    world = await startDoctorWorld();
    const { report } = await world.doctor();
    expect(check(report.checks, "timestamps")).toMatchObject({
      status: "unknown",
      seen: expect.stringMatching(/^undetermined: nothing changed in the last 15 minutes/),
    });
  });
});

describe("the ledger and the cursor", () => {
  it("a pending batch is named: the next transfer settles it before anything else", async () => {
    world = await startDoctorWorld();
    await new LedgerStore(world.stateDir, "demo").putBatch({
      id: "demo-20261125-01",
      businessDate: "2026-11-25",
      sequence: 1,
      status: "pending",
      target: "sftp://demo@127.0.0.1:2222/inbox",
      createdAt: "2026-11-25T15:37:00.000+01:00",
      files: [{ name: "demo_20261125_01.SGF", bytes: 100, sha256: "0".repeat(64) }],
      documents: [],
      newCustomers: [],
    });
    const { exitCode, report } = await world.doctor();
    expect(exitCode).toBe(1);
    expect(withStatus(report.checks, "fail")).toEqual([
      "pending batch demo-20261125-01: recorded 2026-11-25 15:37 but its upload was not confirmed: the next transfer first looks for demo_20261125_01.SGF at sftp://demo@127.0.0.1:2222/inbox and stops for a person if they are not all there",
    ]);
  });

  it("after a real transfer: the next run reads from the cursor and does not count what was sent", async () => {
    world = await startDoctorWorld();
    const s = world.sandbox.store;
    const factoring = s
      .listCustomers()
      .find((c) => c.defaultPaymentMethodId === "FACTORING" && c.currencyId === "NOK")!;
    s.createInvoice({
      customerNumber: factoring.number,
      documentDate: DAY,
      createdDateTime: `${DAY}T10:00:00.000`,
      lastModifiedDateTime: `${DAY}T10:00:00.000`,
    });
    const at = DateTime.fromISO(`${DAY}T15:45:00`, { zone: "Europe/Oslo" });
    const w = world;
    // The forecast at 15:45 is what the transfer at 15:45 then does.
    const before = await w.doctor({ now: `${DAY}T15:45:00` });
    const forecast = /would send (\d+) invoices? \(([^)]+)\) and (\d+) credit notes? now/.exec(
      check(before.report.checks, "first run").seen,
    );
    expect(forecast).not.toBeNull();
    const transfer = await runTransfer({
      tenant: "demo",
      now: at.toISO()!,
      clock: () => at,
      tenantsDir: w.tenantsDir,
      stateDir: w.stateDir,
      env: w.env,
      dryRun: false,
      force: false,
      commit: false,
      issues: false,
      log: { info: () => {}, warn: () => {} },
    });
    expect(transfer.results[0]!.status).toBe("ok");
    const sent = transfer.results[0]!.totals;
    expect(
      sent.filter((t) => t.type === "Invoice").map((t) => [String(t.count), formatMoney(t.amountOre, t.currency)]),
    ).toEqual([[forecast![1], forecast![2]]]);
    expect(String(sent.find((t) => t.type === "CreditNote")?.count ?? 0)).toBe(forecast![3]);
    const writes = w.sftp.writeRequests;
    expect(writes).toBeGreaterThan(0); // the counter sees the transfer's open, write, rename

    const { exitCode, report } = await w.doctor({ now: `${DAY}T16:00:00` });
    expect(exitCode).toBe(0);
    expect(check(report.checks, "ledger").seen).toMatch(
      /: last transfer 2026-11-26 \(demo-20261126-01\); integration started 2026-11-25 00:00; 1 batch in the months a run reads: 1 document transferred, 0 closed, 0 skipped, 1 waiting for closing$/,
    );
    expect(check(report.checks, "next run").seen).toMatch(
      /^the transfer \(15:30–16:30 Europe\/Oslo\) would send nothing now; today's transfer already ran, so the next is tomorrow's; it reads documents modified since 2026-11-26 11:45 \(the last transfer's start, 4 h earlier\)$/,
    );
    expect(check(report.checks, "sftp folder").seen).toBe("/inbox exists: 2 files waiting");
    expect(w.sftp.writeRequests).toBe(writes); // the doctor added none
  });
});
