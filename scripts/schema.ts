// npm run schema — writes schemas/tenant.schema.json and the README's configuration reference
// from the zod tenant schema (the single source of truth).
import { readFile, writeFile } from "node:fs/promises";
import { README_PATH, withConfigReference } from "../src/config/docs.ts";
import { JSON_SCHEMA_PATH, tenantJsonSchema } from "../src/config/json-schema.ts";

await writeFile(JSON_SCHEMA_PATH, tenantJsonSchema());
console.log(`wrote ${JSON_SCHEMA_PATH}`);
await writeFile(README_PATH, withConfigReference(await readFile(README_PATH, "utf8")));
console.log(`updated the configuration reference in ${README_PATH}`);
