// npm run site -- [--state-dir DIR] [--tenants-dir DIR] [--out site/] [--public [--public-amounts]] [--now ISO]
// The status site of all tenants, built from the ledger alone (no Visma.net call).
import { main } from "../src/commands/main.ts";
import { buildSite } from "../src/site/build.ts";
import { parseSiteArgs, SITE_USAGE } from "../src/site/args.ts";

await main(async () => {
  const options = parseSiteArgs(process.argv.slice(2));
  if (options === "help") {
    console.log(SITE_USAGE);
    return 0;
  }
  const built = await buildSite(options);
  console.log(
    `${options.public ? "public (redacted) " : ""}site written to ${options.outDir}/index.html: ${built.tenants} tenant(s), ${built.pages} page(s), ` +
      `${Math.round(built.bytes / 1024)} KiB in ${built.readMs + built.renderMs + built.writeMs} ms`,
  );
  return 0;
});
