/**
 * What this company's answers say about behaviour Visma.net does not publish (reference, open
 * questions 7 and 11; the vatId shape changed between API versions). The product survives either
 * answer; these lines record which one holds here, for the partner and for the assumptions register (docs/assumptions.md).
 *
 * - expand flags (ASSUMPTION(A3)): one page of invoices read without them, against the lists read with them;
 * - vatId: the shape taxDetails[].vatId came in (the contract's object or an older string);
 * - timestamps (ASSUMPTION(A1)): the newest lastModifiedDateTime/createdDateTime read as local time and as UTC,
 *   against the server's clock (the Date header). A time cannot lie in the future, so a reading
 *   that would is ruled out; otherwise the reading that puts the newest change within minutes of
 *   the server's clock is the closer one; with nothing changed recently it stays undetermined.
 */
import { DateTime } from "luxon";
import { type ApiStats, emptyShapes, observeDocument, type ResponseShapes } from "../visma/index.ts";
import { pass, unknown, type Check } from "./types.ts";
import type { Read } from "./visma-facts.ts";

const CHILDREN = ["applications", "taxDetails", "invoiceAddress"] as const;
/** Clock skew between Visma.net's database and the host sending Date, and the Date header's 1 s. */
const SKEW_MINUTES = 2;
/** A change this recent under one reading, and not under the other, decides "closer". */
const RECENT_MINUTES = 15;

export function expandCheck(withoutExpand: Read<unknown[]>, withFlags: ResponseShapes): Check {
  const withText = withFlags.documents > 0 ? `; with them: ${childCounts(withFlags)} of ${withFlags.documents}` : "";
  if (!withoutExpand.ok)
    return unknown("expand flags", `the page without flags could not be read: ${withoutExpand.error}${withText}`);
  const without = emptyShapes();
  for (const element of withoutExpand.value) observeDocument(without, element);
  if (without.documents === 0) return unknown("expand flags", `no Open invoice to read without the flags${withText}`);
  const absentAll = CHILDREN.filter((c) => without.children[c].present === 0);
  const presentAll = CHILDREN.filter((c) => without.children[c].absent === 0);
  const verdict =
    absentAll.length === CHILDREN.length
      ? "Visma.net leaves the child collections out unless asked, and the product asks"
      : presentAll.length === CHILDREN.length
        ? "Visma.net sends them without being asked (the product's flags change nothing)"
        : `sent unasked: ${presentAll.join(", ") || "none entirely"}; the product asks for all three`;
  const seen = `without the flags: ${childCounts(without)} of ${without.documents} invoices${withText}: ${verdict}`;
  if (withFlags.children.taxDetails.absent > 0) {
    return unknown(
      "expand flags",
      `${seen}; but ${withFlags.children.taxDetails.absent} document(s) came without taxDetails even when asked: the VAT breakdown of EHF and the file's VAT come from them`,
    );
  }
  return pass("expand flags", seen);
}

export function vatIdCheck(shapes: ResponseShapes): Check {
  const { object, string } = shapes.vatId;
  if (object + string === 0) return unknown("vatId", "no tax detail seen, so its shape is not known here");
  if (string === 0)
    return pass("vatId", `an object {number, description} in ${object} tax detail(s), as in the published contract`);
  if (object === 0)
    return pass(
      "vatId",
      `a plain string in ${string} tax detail(s): an older shape than the published contract (the product reads both)`,
    );
  return pass(
    "vatId",
    `mixed: an object in ${object}, a plain string in ${string} tax detail(s) (the product reads both)`,
  );
}

/**
 * `stamps` are zone-less "yyyy-MM-ddTHH:mm:ss.SSS" texts as read (the client keeps a zone-less
 * value's wall time); `serverDate` is the Date header of an answer that carried them.
 */
export function timestampCheck(stamps: readonly string[], stats: Pick<ApiStats, "serverDate">, zone: string): Check {
  const name = "timestamps";
  const header = stats.serverDate?.header;
  const server = header ? DateTime.fromHTTP(header, { zone: "UTC" }) : null;
  if (!server?.isValid) return unknown(name, "undetermined: Visma.net sent no usable Date header to compare with");
  const newest = [...stamps].sort().at(-1);
  if (!newest) return unknown(name, "undetermined: no lastModifiedDateTime or createdDateTime was read");
  const asLocal = DateTime.fromISO(newest, { zone });
  const asUtc = DateTime.fromISO(newest, { zone: "UTC" });
  const offset = asLocal.offset;
  const before = (t: DateTime) => Math.round(server.diff(t, "minutes").minutes);
  const [local, utc] = [before(asLocal), before(asUtc)];
  const seen = `the newest change ${newest} is ${ago(local)} as ${zone} time and ${ago(utc)} as UTC, by the server's Date ${server.toISO()}`;
  if (offset === 0) return unknown(name, `undetermined: ${zone} is at UTC+0 now, so both readings agree (${seen})`);
  const localPossible = local >= -SKEW_MINUTES;
  const utcPossible = utc >= -SKEW_MINUTES;
  if (localPossible && !utcPossible)
    return pass(name, `local time (${zone}): ${seen}; read as UTC it would lie in the future`);
  if (utcPossible && !localPossible) return pass(name, `UTC: ${seen}; read as ${zone} time it would lie in the future`);
  if (!localPossible && !utcPossible)
    return unknown(name, `undetermined: ${seen}; both readings lie in the future, so the clocks disagree`);
  if (Math.min(local, utc) <= RECENT_MINUTES) {
    const closer = local <= utc ? `local time (${zone})` : "UTC";
    return pass(name, `closer to ${closer}: ${seen}`);
  }
  return unknown(
    name,
    `undetermined: nothing changed in the last ${RECENT_MINUTES} minutes (${seen}); run the doctor again right after changing a document`,
  );
}

function ago(minutes: number): string {
  if (minutes < 0) return `${-minutes} min in the future`;
  if (minutes < 120) return `${minutes} min ago`;
  if (minutes < 48 * 60) return `${Math.round(minutes / 60)} h ago`;
  return `${Math.round(minutes / (24 * 60))} days ago`;
}

function childCounts(shapes: ResponseShapes): string {
  return CHILDREN.map((c) => `${c} ${shapes.children[c].present}`).join(", ");
}
