// About ten hostile variants of one valid input file, shared by the hostile-input suites.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export type Expect = 'refused-at-line' | 'refused' | 'accepted';

export interface HostileCase {
  name: string;
  path: string;
  expect: Expect;
}

/** Seeded bytes (xorshift), so the garbage is the same every run. */
function garbage(n: number, seed: number): Buffer {
  const b = Buffer.alloc(n);
  let x = seed | 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    b[i] = x & 0xff;
  }
  return b;
}

const TEN_MB = 10 << 20;

/**
 * Write the variants of `valid` (a good file of extension `ext`) into `dir`: empty, binary garbage,
 * truncated, a huge declared count, NaN/Infinity, a BOM, CRLF line ends, a 10 MB line, a directory,
 * a FIFO and a missing path. `hugeCount` and `nonFinite` are reader-specific texts.
 */
export function hostileCases(
  dir: string,
  ext: string,
  valid: string,
  hugeCount: string,
  nonFinite: string,
  overrides: Partial<Record<string, Expect>> = {},
): HostileCase[] {
  mkdirSync(dir, { recursive: true });
  const out: HostileCase[] = [];
  const file = (name: string, content: string | Buffer, expect: Expect) => {
    const path = join(dir, `${name}${ext}`);
    writeFileSync(path, content);
    out.push({ name, path, expect: overrides[name] ?? expect });
  };
  file('empty', '', 'refused-at-line');
  file('garbage', garbage(4096, 7), 'refused-at-line');
  file('truncated', valid.slice(0, Math.floor(valid.length / 2)), 'refused-at-line');
  file('huge-count', hugeCount, 'refused-at-line');
  file('non-finite', nonFinite, 'refused-at-line');
  file('bom', '\uFEFF' + valid, 'accepted');
  file('crlf', valid.replace(/\n/g, '\r\n'), 'accepted');
  file('ten-mb-line', '9'.repeat(TEN_MB) + '\n' + valid, 'refused-at-line');
  const d = join(dir, `directory${ext}`);
  mkdirSync(d, { recursive: true });
  out.push({ name: 'directory', path: d, expect: 'refused' });
  const fifo = join(dir, `fifo${ext}`);
  if (spawnSync('mkfifo', [fifo]).status === 0) out.push({ name: 'fifo', path: fifo, expect: 'refused' });
  out.push({ name: 'missing', path: join(dir, `missing${ext}`), expect: 'refused' });
  return out;
}
