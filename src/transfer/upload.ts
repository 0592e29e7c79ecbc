/** The upload: customer register first, documents last, so a batch cut off part-way holds no documents. */
import { failpoint } from "../shared/failpoint.ts";
import type { FormattedBatch } from "./format-batch.ts";
import type { TransferRun } from "./run.ts";

export async function upload(run: TransferRun, batch: FormattedBatch): Promise<void> {
  const delivery = await run.delivery();
  await delivery.upload(
    [...batch.files].sort((a, b) => Number(b.role === "customers") - Number(a.role === "customers")),
  );
  failpoint("transfer:after-upload");
}
