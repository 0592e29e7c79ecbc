// Issue 13 §1: one ledger, whatever branch a run starts from. Two clones of one repository, as
// two runners have them: a workflow dispatched from a feature branch, then the schedule on the
// default branch. Each document reaches the factor once, because every run of a tenant reads and
// writes the tenant's one state branch; and a run from another branch may only look (--dry-run).
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { BranchRefusedError } from "../../src/run/branch-guard.ts";
import { bareOrigin, git } from "../helpers/git.ts";
import { startWorld, type World } from "../helpers/world.ts";

let world: World;
let root: string;
afterEach(async () => {
  await world?.stop();
  if (root) await rm(root, { recursive: true, force: true });
});

/** Document numbers in the delivered SGF files, as often as the factor received them. */
async function sentNumbers(w: World): Promise<string[]> {
  const numbers: string[] = [];
  for (const name of (await w.delivered()).filter((n) => n.endsWith(".SGF"))) {
    const text = await readFile(join(w.outDir, name), "latin1");
    numbers.push(
      ...text
        .split("\r\n")
        .filter(Boolean)
        .map((l) => l.slice(14, 22)),
    );
  }
  return numbers.sort();
}

describe("one ledger, whatever branch a run starts from", () => {
  it("a dispatch on a feature branch, then the schedule on the default branch: each document reaches the factor once", async () => {
    world = await startWorld();
    root = await mkdtemp(join(tmpdir(), "vf-two-clones-"));
    const origin = bareOrigin(root);
    const seed = join(root, "seed");
    git(root, "clone", "--quiet", origin, seed);
    await writeFile(join(seed, "README.md"), "# code\n");
    git(seed, "add", "README.md");
    git(seed, "-c", "user.name=t", "-c", "user.email=t@example.invalid", "commit", "--quiet", "-m", "code");
    git(seed, "push", "--quiet", "origin", "HEAD:main", "HEAD:feature");
    const feature = join(root, "clone-feature");
    const main = join(root, "clone-main");
    git(root, "clone", "--quiet", "--branch", "feature", origin, feature);
    git(root, "clone", "--quiet", "--branch", "main", origin, main);
    const heads = () =>
      git(origin, "for-each-ref", "--format=%(refname) %(objectname)", "refs/heads/main", "refs/heads/feature");
    const codeBefore = heads();

    const s = world.sandbox.store;
    s.createInvoice({ customerNumber: "10001", referenceNumber: "000201" });
    s.createCreditNote({ customerNumber: "10003", referenceNumber: "000202", amountOre: 10_000 });
    world.at("2026-11-26T15:45:00");
    const actions = (clone: string, ref: string, event: string, defaultBranch = "main") => ({
      commit: true,
      stateDir: join(clone, "state"),
      env: {
        ...world.env,
        FACTORING_STATE_REMOTE: `file://${origin}`,
        GITHUB_REF_NAME: ref,
        GITHUB_REF_TYPE: "branch",
        GITHUB_EVENT_NAME: event,
        FACTORING_DEFAULT_BRANCH: defaultBranch,
      },
    });

    // 1. Dispatched from the feature branch: refused, with the reason; nothing sent or recorded.
    const refused = await world.transfer(actions(feature, "feature", "workflow_dispatch")).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(BranchRefusedError);
    expect((refused as Error).message).toMatch(
      /started from branch "feature", not from the default branch "main": only a dry run may run from there/,
    );
    // A dry run from there may look: it reads the state and sends nothing.
    const look = await world.transfer({ ...actions(feature, "feature", "workflow_dispatch"), dryRun: true });
    expect(look.results[0]!.status).toBe("dry-run");
    expect(await world.delivered()).toEqual([]);
    expect(git(origin, "branch", "--list", "factoring-state/*")).toBe("");

    // 2. Code on the feature branch that sends anyway (as if the guard were not there): it records
    //    on the tenant's state branch, never on its own branch.
    const sent = await world.transfer(actions(feature, "feature", "workflow_dispatch", "feature"));
    expect(sent.results[0]!.status).toBe("ok");
    expect(await sentNumbers(world)).toEqual(["00000201", "00000202"]);

    // 3. The schedule on the default branch, from the other clone, in the second slot: it sees
    //    that batch and sends only what is new since.
    s.createInvoice({ customerNumber: "10001", referenceNumber: "000203" });
    world.at("2026-11-26T16:07:00");
    const scheduled = await world.transfer({ ...actions(main, "main", "schedule", ""), force: true });
    expect(scheduled.results[0]!.status).toBe("ok");
    expect(await sentNumbers(world)).toEqual(["00000201", "00000202", "00000203"]);
    // Both runs wrote the one state branch; neither code branch moved.
    expect(heads()).toBe(codeBefore);
    // …and no other ref was created: the code branches and the tenant's state branch, nothing else.
    expect(git(origin, "for-each-ref", "--format=%(refname)").trim().split("\n").sort()).toEqual([
      "refs/heads/factoring-state/acme",
      "refs/heads/feature",
      "refs/heads/main",
    ]);
    const log = git(origin, "log", "--format=%s", "factoring-state/acme");
    expect(log).toContain("state(acme): transfer-pending 2026-11-26 — 1 invoice, 1 credit note");
    expect(log.split("\n").filter((l) => l.includes("transfer-pending"))).toHaveLength(2);
  });
});
