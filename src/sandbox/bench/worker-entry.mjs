// Entry of the sandbox's child process: a forked process does not always inherit tsx's loader
// for its entry file, so register it here, then load the TypeScript host.
import { register } from "tsx/esm/api";

register();
await import("./sandbox-host.ts");
