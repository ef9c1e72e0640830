import { defineConfig } from "vitest/config";

// Two cores: run two test files at a time. ffmpeg and the model are real,
// so the timeouts are generous; speed is measured by bench scripts, not here.
export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    pool: "forks",
    maxWorkers: 2,
    testTimeout: 120_000,
    hookTimeout: 180_000,
    globalSetup: ["tests/global-setup.ts"],
  },
});
