/** The JSON schema editors use for tenant files, generated from the zod schema. */
import { z } from "zod";
import { TenantSchema } from "./schema.ts";

export const JSON_SCHEMA_PATH = "schemas/tenant.schema.json";

export function tenantJsonSchema(): string {
  const schema = z.toJSONSchema(TenantSchema, { io: "input", target: "draft-2020-12" });
  const withId = {
    ...schema,
    $id: "https://github.com/visma-factoring/visma-factoring/schemas/tenant.schema.json",
    title: "visma-factoring tenant",
  };
  return JSON.stringify(withId, null, 2) + "\n";
}
