/** What the selection gives back: the documents for today's batch, and a notice for every other one. */
import type { ExclusionCode, NoticeDocument, NoticeOf } from "../shared/notice.ts";
import type { ArDocument } from "../visma/index.ts";

/** A document not sent, and why: a notice of the selection's codes (shared/notice.ts). */
export type Exclusion = NoticeOf<ExclusionCode> & { document: NoticeDocument };

export interface Selection {
  selected: ArDocument[];
  excluded: Exclusion[];
}
