/**
 * `npm run schema`: writes schemas/tenant.schema.json and docs/configuration.md's reference from the
 * zod tenant schema (the single source of truth); a test fails when either is stale.
 */
import { readFile, writeFile } from "node:fs/promises";
import { CONFIGURATION_DOC, withConfigReference } from "../config/docs.ts";
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
    await writeFile(CONFIGURATION_DOC, withConfigReference(await readFile(CONFIGURATION_DOC, "utf8")));
    console.log(`updated the configuration reference in ${CONFIGURATION_DOC}`);
    return 0;
  },
});
