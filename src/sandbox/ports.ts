/**
 * The sandboxes listen on a free port unless a fixed one is asked for (--port, --visma-port,
 * --sftp-port); a fixed port that is taken is an expected condition: one clear line, exit 1.
 */
import { FactoringError } from "../shared/errors.ts";

/** A fixed port someone else listens on already. */
export class PortInUseError extends FactoringError {}

/** Turns "address in use" on a fixed `port` into a PortInUseError naming the flag that chose it. */
export function portInUse(what: string, port: number, flag: string) {
  return (error: NodeJS.ErrnoException): never => {
    if (error.code === "EADDRINUSE")
      throw new PortInUseError(
        `${what}: port ${port} on 127.0.0.1 is in use (another demo, \`npm run sandbox\`, or another program); leave ${flag} out to use a free port, or stop what uses it`,
        { cause: error },
      );
    throw error;
  };
}
