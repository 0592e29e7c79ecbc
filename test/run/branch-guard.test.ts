import { describe, expect, it } from "vitest";
import { BranchRefusedError, guardBranch } from "../../src/run/branch-guard.ts";

const dispatch = { GITHUB_REF_NAME: "main", GITHUB_REF_TYPE: "branch", GITHUB_EVENT_NAME: "workflow_dispatch" };
const check =
  (env: NodeJS.ProcessEnv, run = { dryRun: false }) =>
  () =>
    guardBranch(env, run);

describe("only the default branch sends and records (issue 13 §1)", () => {
  it("lets the default branch, the schedule and local runs through", () => {
    expect(check({ ...dispatch, FACTORING_DEFAULT_BRANCH: "main" })).not.toThrow();
    // A scheduled run always runs the default branch; its event carries no repository to name it.
    expect(check({ ...dispatch, GITHUB_EVENT_NAME: "schedule" })).not.toThrow();
    expect(check({})).not.toThrow(); // not started by a workflow
  });

  it("guards every event but the schedule, and a run that records nothing but still sends", () => {
    const other = { GITHUB_REF_NAME: "feature", GITHUB_REF_TYPE: "branch", FACTORING_DEFAULT_BRANCH: "main" };
    for (const event of ["workflow_dispatch", "workflow_call", "push", "repository_dispatch", "pull_request"])
      expect(check({ ...other, GITHUB_EVENT_NAME: event }), event).toThrow(BranchRefusedError);
    expect(check({ ...other, GITHUB_EVENT_NAME: "schedule" })).not.toThrow();
  });

  it("lets a run from another branch only look", () => {
    const other = { ...dispatch, GITHUB_REF_NAME: "feature", FACTORING_DEFAULT_BRANCH: "main" };
    expect(check(other, { dryRun: true })).not.toThrow();
    expect(check(other)).toThrow(BranchRefusedError);
    expect(check(other)).toThrow(
      /branch "feature", not from the default branch "main": only a dry run may run from there/,
    );
    expect(check({ ...dispatch, GITHUB_REF_TYPE: "tag", FACTORING_DEFAULT_BRANCH: "main" })).toThrow(/tag "main"/);
  });

  it("refuses when the workflow does not say which branch is the default", () => {
    expect(check(dispatch)).toThrow(/FACTORING_DEFAULT_BRANCH is not set/);
    expect(check({ ...dispatch, FACTORING_DEFAULT_BRANCH: "" })).toThrow(BranchRefusedError);
  });
});
