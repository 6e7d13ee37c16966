import { defineConfig } from "vitest/config";

// Unit tests run in parallel; integration and browser tests run the real astro build and
// Chromium one file at a time, which is what a 2-core CI machine can take.
export default defineConfig({
  test: {
    // The JSON report is what .ci/run counts; the default reporter is for people.
    reporters: ["default", "json"],
    // The demo loads the integration from lib/; build it from the current source first.
    globalSetup: ["tests/support/global-setup.ts"],
    outputFile: { json: "test-results/vitest.json" },
    projects: [
      {
        test: {
          name: "unit",
          include: ["src/**/*.test.ts", "scripts/**/*.test.ts"],
        },
      },
      {
        test: {
          name: "integration",
          include: ["tests/**/*.test.ts"],
          // A request the vendored Resend spec does not allow fails the test that made it.
          setupFiles: ["tests/support/spec-guard.ts"],
          fileParallelism: false,
          testTimeout: 180_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
