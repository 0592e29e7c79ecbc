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
import { type Catalogue, messages } from "../report/messages/index.ts";
import { type ApiStats, emptyShapes, observeDocument, type ResponseShapes } from "../visma/index.ts";
import { pass, unknown, type Check } from "./types.ts";
import type { Read } from "./visma-facts.ts";

const CHILDREN = ["applications", "taxDetails", "invoiceAddress"] as const;
/** Clock skew between Visma.net's database and the host sending Date, and the Date header's 1 s. */
const SKEW_MINUTES = 2;
/** A change this recent under one reading, and not under the other, decides "closer". */
const RECENT_MINUTES = 15;

export function expandCheck(withoutExpand: Read<unknown[]>, withFlags: ResponseShapes, t: Catalogue): Check {
  const d = t.doctor;
  const name = d.name.expandFlags;
  const withText =
    withFlags.documents > 0 ? d.expandWith({ counts: childCounts(withFlags), documents: withFlags.documents }) : "";
  if (!withoutExpand.ok) return unknown(name, d.expandNotRead({ error: withoutExpand.error, with: withText }));
  const without = emptyShapes();
  for (const element of withoutExpand.value) observeDocument(without, element);
  if (without.documents === 0) return unknown(name, d.expandNoInvoice({ with: withText }));
  const absentAll = CHILDREN.filter((c) => without.children[c].present === 0);
  const presentAll = CHILDREN.filter((c) => without.children[c].absent === 0);
  const verdict =
    absentAll.length === CHILDREN.length
      ? d.expandAsked
      : presentAll.length === CHILDREN.length
        ? d.expandUnasked
        : d.expandSome({ present: presentAll });
  const seen = d.expandSeen({ counts: childCounts(without), documents: without.documents, with: withText, verdict });
  const missingTax = withFlags.children.taxDetails.absent;
  if (missingTax > 0) return unknown(name, d.expandMissingTax({ seen, count: missingTax }));
  return pass(name, seen);
}

export function vatIdCheck(shapes: ResponseShapes, t: Catalogue): Check {
  const d = t.doctor;
  const { object, string } = shapes.vatId;
  if (object + string === 0) return unknown(d.name.vatId, d.vatIdUnseen);
  if (string === 0) return pass(d.name.vatId, d.vatIdObject({ count: object }));
  if (object === 0) return pass(d.name.vatId, d.vatIdString({ count: string }));
  return pass(d.name.vatId, d.vatIdMixed({ objects: object, strings: string }));
}

/**
 * `stamps` are zone-less "yyyy-MM-ddTHH:mm:ss.SSS" texts as read (the client keeps a zone-less
 * value's wall time); `serverDate` is the Date header of an answer that carried them. The lines
 * name times in the tenant's zone (the catalogue's Format is bound to it).
 */
export function timestampCheck(
  stamps: readonly string[],
  stats: Pick<ApiStats, "serverDate">,
  zone: string,
  t: Catalogue = messages("en", zone),
): Check {
  const d = t.doctor;
  const name = d.name.timestamps;
  const header = stats.serverDate?.header;
  const server = header ? DateTime.fromHTTP(header, { zone: "UTC" }) : null;
  if (!server?.isValid) return unknown(name, d.stampsNoDate);
  const newest = [...stamps].sort().at(-1);
  if (!newest) return unknown(name, d.stampsNone);
  const asLocal = DateTime.fromISO(newest, { zone });
  const asUtc = DateTime.fromISO(newest, { zone: "UTC" });
  const offset = asLocal.offset;
  const before = (at: DateTime) => Math.round(server.diff(at, "minutes").minutes);
  const [local, utc] = [before(asLocal), before(asUtc)];
  const seen = d.stampsSeen({
    newest,
    local: d.ago({ minutes: local }),
    utc: d.ago({ minutes: utc }),
    server: server.toISO()!,
  });
  if (offset === 0) return unknown(name, d.stampsUtcZero({ seen }));
  const localPossible = local >= -SKEW_MINUTES;
  const utcPossible = utc >= -SKEW_MINUTES;
  if (localPossible && !utcPossible) return pass(name, d.stampsLocal({ seen }));
  if (utcPossible && !localPossible) return pass(name, d.stampsUtc({ seen }));
  if (!localPossible && !utcPossible) return unknown(name, d.stampsBothFuture({ seen }));
  if (Math.min(local, utc) <= RECENT_MINUTES) return pass(name, d.stampsCloser({ local: local <= utc, seen }));
  return unknown(name, d.stampsUndetermined({ minutes: RECENT_MINUTES, seen }));
}

function childCounts(shapes: ResponseShapes): string {
  return CHILDREN.map((c) => `${c} ${shapes.children[c].present}`).join(", ");
}
