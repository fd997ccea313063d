// Tool policy for tests that need an external program (iverilog, verilator, yosys, vcd2fst …):
// outside CI a missing tool skips the test with a loud warning; under CI=true it FAILS the run,
// so tool-dependent tests can never pass by skipping there (.ci/run installs the tools).
import { spawnSync } from 'node:child_process';

const found = new Map<string, boolean>();

/** Whether `name` is on PATH (cached). */
export function hasTool(name: string): boolean {
  let ok = found.get(name);
  if (ok === undefined) {
    ok = spawnSync('sh', ['-c', `command -v '${name.replace(/'/g, '')}'`], { stdio: 'ignore' }).status === 0;
    found.set(name, ok);
  }
  return ok;
}

/**
 * true when every tool is present. Otherwise, under CI=true, throws (the test file fails);
 * elsewhere prints a loud warning naming the Debian package and returns false (use with skipIf).
 */
export function requireTool(name: string | string[], debianPackage: string, what = 'the tests that need it'): boolean {
  const names = Array.isArray(name) ? name : [name];
  const missing = names.filter((n) => !hasTool(n));
  if (missing.length === 0) return true;
  const msg = `${missing.join(', ')} not found (Debian package ${debianPackage}): ${what} cannot run. Install it with apt-get install -y ${debianPackage}; .ci/run does this automatically.`;
  if (process.env.CI === 'true') throw new Error(`CI=true and a required tool is missing: ${msg}`);
  const bar = '!'.repeat(78);
  console.warn(`\n${bar}\n!!! SKIPPED: ${msg}\n${bar}\n`);
  return false;
}
