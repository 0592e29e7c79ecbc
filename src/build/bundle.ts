/**
 * The product as one file: `dist/factoring.mjs`, every command of the registry behind
 * `node factoring.mjs <command> [flags]`. The workflows' plan job builds it once (it has the
 * dependencies installed) and hands it to the tenant jobs as an artifact, so a tenant job needs
 * no checkout and no `npm ci`: the runner's Node and git, the bundle and the tenant files.
 *
 * esbuild does the bundling (a devDependency at the version tsx already brings). ssh2 tries two
 * optional native modules (cpu-features, its sshcrypto binding) inside try/catch and falls back to
 * pure JavaScript: they are left out of the bundle (external), so the require fails and is caught,
 * exactly as on a machine where they did not build. The bundle is ESM; the CommonJS packages in it
 * get a real `require`, `__filename` and `__dirname` from the banner.
 */
import { stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { build } from "esbuild";

/** Where the workflows and the fleet benchmark expect the bundle. */
export const BUNDLE_FILE = "dist/factoring.mjs";

/** Native add-ons the bundle leaves out (their packages fall back to JavaScript without them). */
export const NATIVE_OPTIONAL = ["cpu-features", "*.node"];

const BANNER = [
  'import { createRequire as __vfRequire } from "node:module";',
  'import { fileURLToPath as __vfPath } from "node:url";',
  'import { dirname as __vfDir } from "node:path";',
  "const require = __vfRequire(import.meta.url);",
  "const __filename = __vfPath(import.meta.url);",
  "const __dirname = __vfDir(__filename);",
].join("\n");

export interface BundleResult {
  outfile: string;
  bytes: number;
  ms: number;
}

/** Builds the bundle from the repository at `root` (default: this checkout) into `outfile`. */
export async function buildBundle(options: { root?: string; outfile?: string } = {}): Promise<BundleResult> {
  const root = options.root ?? resolve(import.meta.dirname, "..", "..");
  const outfile = resolve(root, options.outfile ?? BUNDLE_FILE);
  const started = performance.now();
  await build({
    stdin: {
      contents: 'import { cli } from "./src/commands/index.ts";\nawait cli(process.argv.slice(2));\n',
      resolveDir: root,
      sourcefile: "factoring-entry.ts",
      loader: "ts",
    },
    absWorkingDir: root,
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    external: NATIVE_OPTIONAL,
    banner: { js: BANNER },
    charset: "utf8",
    legalComments: "eof",
    logLevel: "error",
  });
  return { outfile, bytes: (await stat(outfile)).size, ms: Math.round(performance.now() - started) };
}

/** The bundle in a checkout at `root`. */
export function bundlePath(root: string): string {
  return join(root, BUNDLE_FILE);
}
