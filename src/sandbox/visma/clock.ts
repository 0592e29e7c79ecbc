/** The sandbox's business clock, rendered the way Visma.net writes timestamps (zone-less). */
import { DateTime } from "luxon";

/**
 * The zone of Visma.net's zone-less createdDateTime/lastModifiedDateTime is not published (and
 * Visma has moved other endpoints to UTC), so the sandbox has a switch: "local" writes them in the
 * company's time zone, "utc" in UTC. Zone-less filter values are compared in the same zone, as a
 * server would. The product must lose nothing under either; its tests run under both.
 */
export type TimestampZone = "local" | "utc";

/** `instant` as a zone-less "yyyy-MM-ddTHH:mm:ss.SSS" in `timeZone`. */
export function localTimestamp(instant: DateTime, timeZone: string): string {
  return instant.setZone(timeZone).toFormat("yyyy-MM-dd'T'HH:mm:ss.SSS");
}

export const realClock = (): DateTime => DateTime.now();
