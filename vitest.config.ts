import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Servers (sandbox, SFTP, git) run for real on loopback: give them time, but keep runs bounded.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: "forks",
  },
});
