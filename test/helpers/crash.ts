/** A Visma.net client whose one method "crashes" once: it does its work, then throws as if the process died. */
import { createVismaClient, type VismaApi } from "../../src/visma/index.ts";
import type { World } from "./world.ts";

export function crashingVisma(
  w: World,
  crashAfter: "createPayment" | "releasePayment",
): { open: (t: Parameters<typeof createVismaClient>[0]) => VismaApi } {
  let crashed = false;
  return {
    open: (tenant) => {
      const real = createVismaClient(tenant, w.env);
      return new Proxy(real, {
        get(target, prop, receiver) {
          const value = Reflect.get(target, prop, receiver);
          if (prop !== crashAfter || typeof value !== "function")
            return typeof value === "function" ? value.bind(target) : value;
          return async (...args: unknown[]) => {
            const out = await value.apply(target, args);
            if (!crashed) {
              crashed = true;
              throw new Error("process killed");
            }
            return out;
          };
        },
      });
    },
  };
}
