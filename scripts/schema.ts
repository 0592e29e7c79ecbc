// npm run schema — writes schemas/tenant.schema.json from the zod tenant schema.
import { writeFile } from "node:fs/promises";
import { JSON_SCHEMA_PATH, tenantJsonSchema } from "../src/config/jsonSchema.ts";

await writeFile(JSON_SCHEMA_PATH, tenantJsonSchema());
console.log(`wrote ${JSON_SCHEMA_PATH}`);
