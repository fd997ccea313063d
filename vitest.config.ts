import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Bundles the CLIs once for every suite that runs them.
    globalSetup: ['tests/global-setup.ts'],
    pool: 'forks',
    // Two cores: one worker per core (many suites mostly wait on child processes they spawn).
    maxWorkers: 2,
    // Each worker keeps its module cache from one test file to the next: re-importing the toolchain
    // for every one of the 137 files cost about 30 s of the run's CPU. The suites share no mutable
    // state (they restore process.env and their spies; the whole suite also passes with its files
    // shuffled, `--sequence.shuffle.files`), and spies are restored before every test regardless.
    isolate: false,
    restoreMocks: true,
  },
});
