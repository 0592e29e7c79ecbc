// The transfer and closing committing the ledger themselves (--commit) into a real git repo:
// the pending batch is on origin before the upload, the transferred batch after it.
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { parseMonthLog } from "../../src/ledger/month-log.ts";
import { GitCommitter, parseCommitMessage, type CommitMessage } from "../../src/ledger/git.ts";
import { createGitFixture, type GitFixture } from "../actions/git-fixture.ts";
import { startWorld, type World } from "../helpers/world.ts";

const MONTH = "state/acme/ledger/2026-11.jsonl";
const batches = (text: string) =>
  parseMonthLog(text, { path: MONTH, tenant: "acme", month: "2026-11", fix: "" }).batches;

let world: World;
let git: GitFixture;
afterEach(async () => {
  await world?.stop();
  git?.cleanup();
});

describe("ledger commits from the runs", () => {
  it("pushes pending before the upload, transferred after it, and the closing results", async () => {
    world = await startWorld();
    git = createGitFixture();
    const clone = git.clone("runner", { shallow: true });
    const committer = new GitCommitter({ repoDir: clone, branch: "main", auth: null, sleep: async () => {} });
    let originAtUpload: string | null = "not checked";
    const stateDir = join(clone, "state");
    world.sandbox.store.createInvoice({ customerNumber: "10001", referenceNumber: "001101" });
    world.at("2026-11-26T15:45:00");
    const r = (
      await world.transfer({
        stateDir,
        committer,
        openDelivery: async () => ({
          target: "file:///factor",
          find: async () => new Map(),
          close: async () => {},
          upload: async (files) => {
            originAtUpload = git.originFile(MONTH);
            return files.map((f) => ({ name: f.name, size: f.content.length }));
          },
        }),
      })
    ).results[0]!;
    expect(r.status).toBe("ok");
    expect(batches(originAtUpload!)[0]!.status).toBe("pending");
    expect(batches(git.originFile(MONTH)!)[0]!.status).toBe("transferred");
    const messages = git
      .originLog()
      .map((m) => parseCommitMessage(m))
      .filter((m): m is CommitMessage => m !== null);
    expect(messages.map((m) => m.action)).toEqual(["run-status transfer ok", "transfer", "transfer-pending"]);
    expect(JSON.parse(git.originFile("state/acme/status.json")!).runs.transfer).toMatchObject({
      status: "ok",
      businessDate: "2026-11-26",
    });
    expect(messages[1]).toMatchObject({
      tenant: "acme",
      businessDate: "2026-11-26",
      counts: { invoices: 1, creditNotes: 0, files: 2 },
    });

    world.at("2026-11-27T16:00:00");
    expect((await world.close({ stateDir, committer })).results[0]!.status).toBe("ok");
    const closed = batches(git.originFile(MONTH)!)[0]!.documents[0]!.closing;
    expect(closed).toMatchObject({ status: "closed", paymentType: "Payment", paymentRef: "VF-20261126-01-001101" });
    expect(
      git
        .originLog()
        .slice(0, 2)
        .map((m) => parseCommitMessage(m)?.action),
    ).toEqual(["run-status close ok", "close"]);
    expect(parseCommitMessage(git.originLog()[1]!)).toMatchObject({
      action: "close",
      counts: { closed: 1, skipped: 0 },
    });
  });
});
