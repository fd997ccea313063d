// Runs once per `vitest run`, before any test file: bundles the gp5sim and gp5asm CLIs as
// `npm run build` does (cli/bundle.ts) into a fresh folder under the checkout's tmp/ (git-ignored,
// not packed; the bundle's external dependencies resolve from the checkout's node_modules, and its
// import.meta.url-relative reads need dist/bin's depth). Every suite that runs the real CLI starts
// this one bundle (tests/cli/hostile-helpers.ts `cliCommand`); it is removed after the run.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { bundleCli } from '../cli/bundle.js';

declare module 'vitest' {
  export interface ProvidedContext {
    cliBundle: { gp5sim: string; gp5asm: string };
  }
}

export default function setup(project: TestProject): () => void {
  const root = fileURLToPath(new URL('../', import.meta.url));
  mkdirSync(join(root, 'tmp'), { recursive: true });
  const outdir = mkdtempSync(join(root, 'tmp', 'bin-'));
  project.provide('cliBundle', bundleCli({ root, outdir }));
  return () => rmSync(outdir, { recursive: true, force: true });
}
