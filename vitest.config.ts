import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Integration files each create their own databases and queue prefix; two at a time fits 2 cores.
    maxWorkers: 2,
    minWorkers: 1,
  },
});
