// The toolchain version, from package.json (one source): found from cli/ (tsx) or dist/cli/ (built).
import { existsSync, readFileSync } from 'node:fs';

export function packageVersion(): string {
  for (const rel of ['../package.json', '../../package.json']) {
    const url = new URL(rel, import.meta.url);
    if (!existsSync(url)) continue;
    const pkg = JSON.parse(readFileSync(url, 'utf8')) as { name?: string; version?: string };
    if (pkg.name === 'gp5-toolchain' && typeof pkg.version === 'string') return pkg.version;
  }
  return 'unknown';
}
