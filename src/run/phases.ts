/**
 * A tenant's run as a list of named phases. Each phase runs in its own log group (RunContext.phase)
 * and its value is kept under its name, so the run's result is assembled from the values the
 * phases returned: all of them, or those before a phase ended the run (RunEnd, outcome.ts).
 */
import type { RunContext } from "./context.ts";
import { conclude, type Outcome } from "./outcome.ts";

/** Runs the phase `name` and keeps its value; a phase of `V` takes the value type `V` gives its name. */
export type Phase<V> = <K extends keyof V & string>(name: K, work: () => Promise<V[K]> | V[K]) => Promise<V[K]>;

export interface Ended<V> {
  /** The value of every phase that finished, by phase name. */
  values: Partial<V>;
  outcome: Outcome;
  /** The outcome came from a phase that ended the run early, not from the end of the list. */
  stopped: boolean;
}

export async function runPhases<V>(ctx: RunContext, phases: (phase: Phase<V>) => Promise<Outcome>): Promise<Ended<V>> {
  const values: Partial<V> = {};
  const phase: Phase<V> = async (name, work) => {
    const value = await ctx.phase(name, work);
    values[name] = value;
    return value;
  };
  return { values, ...(await conclude(() => phases(phase))) };
}
