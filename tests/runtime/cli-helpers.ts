// The real CLI from runtime/golden regression tests: tests/cli/hostile-helpers.ts's runner (the
// built bundle, no tsx start-up per run, the child's peak RSS in `rssMb`).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root, runTool, type CliRun } from '../cli/hostile-helpers.js';

export { root };
export const tmp = mkdtempSync(join(tmpdir(), 'gp5rt-'));

export const gp5sim = (...args: string[]): CliRun => runTool('gp5sim', args);

export const noStack = (text: string) => !/\n\s+at /.test(text);
