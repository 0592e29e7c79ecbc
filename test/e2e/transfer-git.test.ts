// The transfer and closing recording the ledger themselves (--commit) on the tenant's state
// branch in a real git repository, each run from a fresh state folder as a fresh runner has:
// the pending batch is on the branch before the upload, the transferred batch after it, and the
// closing results after the closing. The code's branch is never written.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { parseCommitMessage, type CommitMessage } from "../../src/ledger/git.ts";
import { parseMonthLog } from "../../src/ledger/month-log.ts";
import { bareOrigin, git } from "../helpers/git.ts";
import { startWorld, type World } from "../helpers/world.ts";

const BRANCH = "factoring-state/acme";
const MONTH = "ledger/2026-11.jsonl";

let world: World;
let root: string;
afterEach(async () => {
  await world?.stop();
  if (root) await rm(root, { recursive: true, force: true });
});

describe("ledger commits from the runs", () => {
  it("pushes pending before the upload, transferred after it, and the closing results, to the tenant's state branch", async () => {
    world = await startWorld();
    root = await mkdtemp(join(tmpdir(), "vf-state-"));
    const origin = bareOrigin(root);
    const env = { ...world.env, FACTORING_STATE_REMOTE: `file://${origin}` };
    const onBranch = (path: string) => {
      try {
        return git(origin, "show", `${BRANCH}:${path}`);
      } catch {
        return null;
      }
    };
    const batches = (text: string) =>
      parseMonthLog(text, { path: MONTH, tenant: "acme", month: "2026-11", fix: "" }).batches;
    const actions = () =>
      git(origin, "log", "--format=%B%x00", BRANCH)
        .split("\0")
        .map((m) => parseCommitMessage(m.trim()))
        .filter((m): m is CommitMessage => m !== null);

    let atUpload: string | null = "not checked";
    world.sandbox.store.createInvoice({ customerNumber: "10001", referenceNumber: "001101" });
    world.at("2026-11-26T15:45:00");
    const r = (
      await world.transfer({
        commit: true,
        env,
        stateDir: join(root, "runner-1", "state"),
        openDelivery: async () => ({
          target: "file:///factor",
          find: async () => new Map(),
          close: async () => {},
          upload: async (files) => {
            atUpload = onBranch(MONTH);
            return files.map((f) => ({ name: f.name, size: f.content.length }));
          },
        }),
      })
    ).results[0]!;
    expect(r.status).toBe("ok");
    expect(batches(atUpload!)[0]!.status).toBe("pending");
    expect(batches(onBranch(MONTH)!)[0]!.status).toBe("transferred");
    expect(actions().map((m) => m.action)).toEqual(["run-status transfer ok", "transfer", "transfer-pending"]);
    expect(JSON.parse(onBranch("status.json")!).runs.transfer).toMatchObject({
      status: "ok",
      businessDate: "2026-11-26",
    });
    expect(actions()[1]).toMatchObject({
      tenant: "acme",
      businessDate: "2026-11-26",
      counts: { invoices: 1, creditNotes: 0, files: 2 },
    });

    world.at("2026-11-27T16:00:00");
    const closed = await world.close({ commit: true, env, stateDir: join(root, "runner-2", "state") });
    expect(closed.results[0]!.status).toBe("ok");
    expect(batches(onBranch(MONTH)!)[0]!.documents[0]!.closing).toMatchObject({
      status: "closed",
      paymentType: "Payment",
      paymentRef: "VF-20261126-01-001101",
    });
    expect(
      actions()
        .slice(0, 2)
        .map((m) => m.action),
    ).toEqual(["run-status close ok", "close"]);
    expect(actions()[1]).toMatchObject({ action: "close", counts: { closed: 1, skipped: 0 } });
    // Only the tenant's state branch exists: nothing was written to any code branch.
    expect(git(origin, "for-each-ref", "--format=%(refname)").trim()).toBe(`refs/heads/${BRANCH}`);
  });
});
