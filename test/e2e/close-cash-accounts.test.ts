// The closing picks its cash account by the document's currency (closing.cashAccounts, else closing.cashAccount).
import { afterEach, expect, it } from "vitest";
import { addEurCustomer, EUR_CSV, startWorld, type World } from "../helpers/world.ts";

let world: World;
afterEach(async () => {
  await world?.stop();
});

it("a EUR invoice closes on the EUR account, a NOK invoice on closing.cashAccount", async () => {
  world = await startWorld({ currencies: ["NOK", "EUR"], format: EUR_CSV, cashAccounts: { EUR: "1511" } });
  const s = world.sandbox.store;
  s.addCashAccount({ number: "1511", description: "Factoringfordring EUR", currency: "EUR" });
  addEurCustomer(world);
  s.createInvoice({ customerNumber: "10004", referenceNumber: "000901", amountOre: 10_050, exchangeRate: 11.4852 });
  s.createInvoice({ customerNumber: "10001", referenceNumber: "000902", amountOre: 125_000 });
  world.at("2026-11-26T15:45:00");
  expect((await world.transfer()).results[0]!.status).toBe("ok");

  world.at("2026-11-27T16:00:00");
  const c = (await world.close()).results[0]!;
  expect(c.status).toBe("ok");
  expect(c.closing!.closed.map((x) => x.number).sort()).toEqual(["000901", "000902"]);
  const byDocument = new Map(s.listPayments().map((p) => [p.lines[0]!.refNbr, p]));
  expect(byDocument.get("000901")).toMatchObject({ cashAccount: "1511", currency: "EUR", amountOre: 10_050 });
  expect(byDocument.get("000902")).toMatchObject({ cashAccount: "1510", currency: "NOK", amountOre: 125_000 });
  expect(s.getInvoice("000901")).toMatchObject({ status: "Closed", balanceOre: 0 });
});
