// Hostile input for the trace readers through the real CLI (`gp5sim compare`): the VCD, commit-log
// and map readers each get about ten bad files. Each must fail with exit 1 and a message naming
// the file and line (or the file, when there is no line to name), never a stack trace, within the
// time and memory bounds below; BOM and CRLF files are accepted.
import { describe, it, expect, beforeAll } from 'vitest';
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gp5simAsync, type CliRun } from '../cli/hostile-helpers.js';

const SECONDS = 20; // per run, on a loaded 2-core machine
const PEAK_MIB = 400; // a 10 MB input, read whole, on top of Node's ~100 MiB

const VCD = [
  '$timescale 1 ns $end',
  '$scope module gp5 $end',
  '$scope module pe0 $end',
  '$var wire 1 ! issue $end',
  '$var wire 32 " pc [31:0] $end',
  '$upscope $end',
  '$upscope $end',
  '$enddefinitions $end',
  '#0',
  '1!',
  'b0 "',
  '#1',
  'b1 "',
  '#2',
  '0!',
  '',
].join('\n');
const LOG = ['# gp5 commit log v1\tcycle\tpe\tpc\tword\tdisassembly\twrites', '0\t0\t0\t0x00000000\tnop\t-', '1\t0\t1\t0x00000000\tnop\tr1=0x00000002', ''].join('\n');

// Seeded garbage: the same bytes every run.
function garbage(n: number): Buffer {
  const b = Buffer.alloc(n);
  let x = 12345;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    b[i] = x >>> 24;
  }
  return b;
}

let dir: string;
const f = (name: string) => join(dir, name);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'gp5-hostile-trace-'));
  writeFileSync(f('e.vcd'), VCD);
  writeFileSync(f('e.log'), LOG);
  mkdirSync(f('adir.vcd'));
  execFileSync('mkfifo', [f('fifo.vcd')]);
  const tenMB = 'a'.repeat(10 << 20);
  const files: Record<string, string | Buffer> = {
    // VCD (the actual trace)
    'empty.vcd': '',
    'garbage.vcd': garbage(4096),
    'truncated.vcd': VCD.slice(0, VCD.indexOf('$var wire 32') + 14),
    'wide.vcd': VCD.replace('$var wire 32 "', '$var wire 99999999999 "'),
    'time53.vcd': VCD.replace('#2\n', '#9007199254740993\n'),
    'nan.vcd': VCD.replace('#1\n', '#NaN\n'),
    'longline.vcd': VCD + tenMB + '\n',
    'bom.vcd': '\ufeff' + VCD,
    'crlf.vcd': VCD.replace(/\n/g, '\r\n'),
    // commit log
    'empty.log': '',
    'garbage.log': Buffer.concat([Buffer.from('0\t0\t0\t0x1\tx\t'), garbage(4096)]),
    'truncated.log': LOG.slice(0, LOG.lastIndexOf('\tnop')),
    'negative.log': LOG.replace('\n1\t0\t1', '\n-1\t0\t1'),
    'huge-cycle.log': LOG.replace('\n1\t0\t1', '\n99999999999999999999\t0\t1'),
    'nan.log': LOG.replace('\n1\t0\t1', '\nNaN\t0\t1'),
    'register.log': LOG.replace('r1=', 'r99999='),
    'longline.log': LOG + tenMB + '\n',
    'bom.log': '\ufeff' + LOG,
    'crlf.log': LOG.replace(/\n/g, '\r\n'),
    // map
    'empty.json': '',
    'garbage.json': garbage(4096),
    'truncated.json': '{\n  "scopes": {\n    "gp5.pe0": "gp5.pe0"',
    'nan.json': '{\n  "clock": { "period": NaN }\n}',
    'infinite.json': '{\n  "clock": { "period": 1e400 }\n}',
    'unknown.json': '{\n  "scopez": {}\n}',
    'longline.json': '{ "comment": "' + tenMB + '", "bad": 1 }',
    'bom.json': '\ufeff{ "ignore": [] }',
    'crlf.json': '{\r\n  "ignore": []\r\n}\r\n',
  };
  for (const [name, text] of Object.entries(files)) writeFileSync(f(name), text);
});

interface Case {
  file: string;
  args: (file: string) => string[];
  /** Message pattern after "error: "; undefined: the file is accepted (exit 0). */
  error?: RegExp;
}

const vcd = (file: string) => ['compare', f('e.vcd'), file];
const log = (file: string) => ['compare', f('e.log'), file, '--arch'];
const map = (file: string) => ['compare', f('e.vcd'), f('e.vcd'), '--map', file];

const CASES: Case[] = [
  { file: 'empty.vcd', args: vcd, error: /empty\.vcd:1: error: empty file/ },
  { file: 'garbage.vcd', args: vcd, error: /garbage\.vcd:\d+: error: unexpected/ },
  { file: 'truncated.vcd', args: vcd, error: /truncated\.vcd:5: error: unterminated \$var/ },
  { file: 'wide.vcd', args: vcd, error: /wide\.vcd:5: error: bad variable width "99999999999"/ },
  { file: 'time53.vcd', args: vcd, error: /time53\.vcd:14: error: bad timestamp "#9007199254740993"/ },
  { file: 'nan.vcd', args: vcd, error: /nan\.vcd:12: error: bad timestamp "#NaN"/ },
  { file: 'longline.vcd', args: vcd, error: /longline\.vcd:16: error: unexpected "a{40}" in the value changes$/m },
  { file: 'adir.vcd', args: vcd, error: /adir\.vcd: is a directory/ },
  { file: 'fifo.vcd', args: vcd, error: /fifo\.vcd: is a FIFO, expected a regular file/ },
  { file: 'missing.vcd', args: vcd, error: /missing\.vcd: cannot read: no such file/ },
  { file: 'bom.vcd', args: vcd },
  { file: 'crlf.vcd', args: vcd },
  { file: 'empty.log', args: log, error: /empty\.log:1: error: empty file/ },
  { file: 'garbage.log', args: log, error: /garbage\.log:1: error: unrecognised write/ },
  { file: 'truncated.log', args: log, error: /truncated\.log:3: error: expected 6 tab-separated fields/ },
  { file: 'negative.log', args: log, error: /negative\.log:3: error: expected a decimal cycle 0 … 2\^53 - 1, got "-1"/ },
  { file: 'huge-cycle.log', args: log, error: /huge-cycle\.log:3: error: expected a decimal cycle/ },
  { file: 'nan.log', args: log, error: /nan\.log:3: error: expected a decimal cycle 0 … 2\^53 - 1, got "NaN"/ },
  { file: 'register.log', args: log, error: /register\.log:3: error: register number 99999 is out of range/ },
  { file: 'longline.log', args: log, error: /longline\.log:4: error: expected 6 tab-separated fields/ },
  { file: 'adir.vcd', args: log, error: /adir\.vcd: is a directory/ },
  { file: 'missing.log', args: log, error: /missing\.log: cannot read: no such file/ },
  { file: 'bom.log', args: log },
  { file: 'crlf.log', args: log },
  { file: 'empty.json', args: map, error: /empty\.json:1:1: not valid JSON/ },
  { file: 'garbage.json', args: map, error: /garbage\.json:1:1: not valid JSON/ },
  { file: 'truncated.json', args: map, error: /truncated\.json:3:25: not valid JSON: the text ends too early/ },
  { file: 'nan.json', args: map, error: /nan\.json:2:24: not valid JSON: unexpected "NaN }\\x0a}"/ },
  { file: 'infinite.json', args: map, error: /infinite\.json: clock\.period must be a number > 0/ },
  { file: 'unknown.json', args: map, error: /unknown\.json: unknown field "scopez"/ },
  { file: 'longline.json', args: map, error: /longline\.json: unknown field "bad"/ },
  { file: 'adir.vcd', args: map, error: /adir\.vcd: is a directory/ },
  { file: 'fifo.vcd', args: map, error: /fifo\.vcd: is a FIFO, expected a regular file/ },
  { file: 'missing.json', args: map, error: /missing\.json: cannot read: no such file/ },
  { file: 'bom.json', args: map },
  { file: 'crlf.json', args: map },
];

// A few children at a time: the suite stays well under a minute on two cores.
async function runAll(cases: Case[], parallel = 3): Promise<CliRun[]> {
  const out: CliRun[] = new Array(cases.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < cases.length) {
        const k = next++;
        out[k] = await gp5simAsync(cases[k].args(f(cases[k].file)));
      }
    }),
  );
  return out;
}

describe('gp5sim compare on hostile trace and map files', () => {
  it(`each bad file: exit 1, file and line named, no stack trace, < ${SECONDS} s and < ${PEAK_MIB} MiB`, async () => {
    const runs = await runAll(CASES);
    // Every case is checked and every failure listed at once.
    const failures: string[] = [];
    CASES.forEach((c, k) => {
      const r = runs[k];
      const fail = (why: string) => failures.push(`${c.file} (${c.args('').slice(0, 1).concat(c.args('').slice(3)).join(' ')}): ${why}; exit ${r.status}; stderr ${JSON.stringify(r.stderr.slice(0, 300))}`);
      if (r.stderr.includes('    at ')) fail('stack trace');
      if (!(r.seconds < SECONDS)) fail(`${r.seconds.toFixed(1)} s`);
      if (!(r.rssMb < PEAK_MIB)) fail(`peak ${r.rssMb.toFixed(0)} MiB`);
      if (c.error) {
        if (r.status !== 1) fail('expected exit 1');
        if (r.stdout !== '') fail('expected nothing on stdout');
        if (!/^(error: |\S+:\d+(:\d+)?: error: )/.test(r.stderr) || !c.error.test(r.stderr)) fail(`expected ${c.error}`);
        if (r.stderr.length >= 2000) fail('message too long');
      } else if (r.status !== 0 || !/^agree: /m.test(r.stdout)) fail('expected exit 0 and agree');
    });
    expect(failures).toEqual([]);
  }, 240_000);
});
