/** The sandbox's business clock, rendered the way Visma.net writes timestamps (zone-less). */
import { DateTime } from "luxon";

/**
 * ASSUMPTION: Visma.net writes zone-less timestamps (createdDateTime, lastModifiedDateTime)
 * in the company's local time; the sandbox writes them in its `timeZone` (default Europe/Oslo)
 * and reads zone-less filter values in the same zone.
 */
export function localTimestamp(instant: DateTime, timeZone: string): string {
  return instant.setZone(timeZone).toFormat("yyyy-MM-dd'T'HH:mm:ss.SSS");
}

export const realClock = (): DateTime => DateTime.now();
