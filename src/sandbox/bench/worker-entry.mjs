// Entry of the sandbox's worker thread: worker threads do not inherit tsx's loader for
// their entry file, so register it here, then load the TypeScript host.
import { register } from "tsx/esm/api";

register();
await import("./sandbox-host.ts");
