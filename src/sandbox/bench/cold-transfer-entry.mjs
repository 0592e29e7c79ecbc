// Entry of the cold-transfer process (cold-transfer.ts): a forked process does not always inherit
// tsx's loader for its entry file, so register it here, then load the TypeScript.
import { register } from "tsx/esm/api";

register();
await import("./cold-transfer.ts");
