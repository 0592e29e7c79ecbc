// npm run test:faults — the fault-injection suite: real scripts as child processes against the
// Visma.net sandbox and an SFTP server, invariants checked after each case (src/sandbox/faults/).
// FAULTS_ONLY=<substring> runs matching cases; FAULTS_PARALLEL=<n> sets cases run at once (default 2).
import { runFaultSuite } from "../src/sandbox/faults/suite.ts";

const { failed } = await runFaultSuite({
  only: process.env.FAULTS_ONLY || undefined,
  parallel: Number(process.env.FAULTS_PARALLEL) || 2,
});
process.exitCode = failed > 0 ? 1 : 0;
