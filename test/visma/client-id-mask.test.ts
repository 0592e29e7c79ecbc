// Issue 13 §6: the Visma.net client id is masked like the secret. Error texts reach issue bodies,
// which the runner's log masking never sees, so the client's own redaction must know the id too.
import { afterEach, describe, expect, it } from "vitest";
import { startFake, type FakeVisma } from "./fake-server.ts";
import { clientFor } from "./setup.ts";
import { testEnv } from "./tenant.ts";

let fake: FakeVisma | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

describe("client id", () => {
  it("never appears in an error, even when Visma Connect quotes it", async () => {
    const clientId = "partner-app-7c1f9e";
    fake = await startFake({
      api: () => ({ status: 200, body: [] }),
      token: (req) => ({
        status: 400,
        body: {
          error: "invalid_client",
          error_description: `client ${new URLSearchParams(req.body).get("client_id")} is not allowed for this tenant`,
        },
      }),
    });
    const { client, logs } = clientFor(fake, {}, {}, testEnv(clientId, "s3cret-value"));
    const error = (await client.listPaymentMethods().catch((e: unknown) => e)) as Error;
    expect(error.message).toContain("is not allowed for this tenant");
    expect(error.message).not.toContain(clientId);
    expect(error.message).not.toContain("s3cret-value");
    expect(logs.join("\n")).not.toContain(clientId);
  });
});
