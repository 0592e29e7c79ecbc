/**
 * `npm run schema`: writes schemas/tenant.schema.json and the configuration reference from the
 * zod tenant schema (the single source of truth); a test fails when either is stale.
 */
import { readFile, writeFile } from "node:fs/promises";
import { README_PATH, withConfigReference } from "../config/docs.ts";
import { JSON_SCHEMA_PATH, tenantJsonSchema } from "../config/json-schema.ts";
import { defineCommand } from "./command.ts";

export const schema = defineCommand({
  name: "schema",
  summary: "Regenerates schemas/tenant.schema.json and the configuration reference from the tenant schema.",
  flags: {},
  parse: () => ({}),
  async run() {
    await writeFile(JSON_SCHEMA_PATH, tenantJsonSchema());
    console.log(`wrote ${JSON_SCHEMA_PATH}`);
    await writeFile(README_PATH, withConfigReference(await readFile(README_PATH, "utf8")));
    console.log(`updated the configuration reference in ${README_PATH}`);
    return 0;
  },
});
