import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { messages } from "../../src/report/messages/index.ts";
import { renderMarkdown, renderText } from "../../src/report/render.ts";
import { excludedOf, needsHuman } from "../helpers/notices.ts";
import { startWorld, type World } from "../helpers/world.ts";

const en = messages("en");

let world: World;
afterEach(async () => world?.stop());

/** An invoice whose customer reference is longer than SGF's F10 holds, transferred. */
async function transferLongReference() {
  world = await startWorld();
  world.sandbox.store.createInvoice({
    customerNumber: "10001",
    referenceNumber: "000201",
    customerRefNumber: "Prosjekt Nordkapp 2026",
  });
  world.at("2026-11-26T15:45:00");
  return world.transfer();
}

describe("what the file says differently from Visma.net reaches the run summary", () => {
  it("an over-long optional field is cut, the document is sent, and the summary says so", async () => {
    const { results, exitCode } = await transferLongReference();
    expect(exitCode).toBe(0);
    const r = results[0]!;
    expect(r.status).toBe("ok");
    expect(excludedOf(r)).toEqual([]);
    const sgf = await readFile(join(world.outDir, "acme_20261126_01.SGF"), "latin1");
    expect(sgf.slice(60, 75)).toBe("Prosjekt Nordka");
    expect(r.notices).toEqual([
      expect.objectContaining({
        code: "format-note",
        document: expect.objectContaining({ type: "Invoice", number: "000201" }),
        data: {
          note: 'F10 order no. (customer reference): "Prosjekt Nordkapp 2026" is 22 characters; the field holds 15, so the factor gets "Prosjekt Nordka"',
          // The same as data, so a Norwegian summary says it in Norwegian.
          notes: [
            {
              field: { id: "F10", label: "order no.", source: "customer reference" },
              note: { code: "cut", value: "Prosjekt Nordkapp 2026", char: null, max: 15, written: "Prosjekt Nordka" },
            },
          ],
        },
      }),
    ]);
    expect(renderText(r, en)).toContain(
      "for your information (1):\n    - [format-note] Invoice 000201 Ærlig Rørlegger AS, 1 250,00 NOK: sent, but the file differs",
    );
    expect(renderMarkdown(r, en)).toContain("**For your information (1)**");
    // In Norwegian, field and note alike.
    expect(renderText(r, messages("nb"))).toContain(
      'overført, men filen avviker fra Visma.net: F10 ordrenr. (kundens referanse): "Prosjekt Nordkapp 2026" er 22 tegn; feltet har plass til 15, så factoringselskapet får "Prosjekt Nordka"',
    );
  });

  it("a note is said once in the run summary and never enters the attention list (nothing to 'clear' later)", async () => {
    const first = (await transferLongReference()).results[0]!;
    expect(needsHuman(first)).toEqual([]);
    expect(first.attention).toMatchObject({ entries: [], added: [], cleared: [] });
    expect(renderText(first, en)).not.toContain("needs a human");

    world.at("2026-11-27T16:00:00");
    const close = (await world.close()).results[0]!;
    expect(close.attention).toMatchObject({ entries: [], cleared: [] });
    expect(renderText(close, en)).not.toContain("transferred to the factor after all");
  });
});
