// --trace-pes / --trace-window: the selection keeps exactly the chosen PEs and cycles of the full
// trace (commit log line for line; VCD values at every cycle in the window), and bad lists are
// usage errors naming the flag.
import { describe, it, expect } from 'vitest';
import { runTool } from '../cli/hostile-helpers.js';
import { CommitLogSink, VcdSink, ProfileSink, parseVcd, selectTrace, type TraceSelection } from '../../trace/index.js';
import type { TraceSink } from '../../sim/index.js';
import { I, M, run } from '../sim/helpers.js';

// Four PEs doing different amounts of work, so each PE's trace differs.
const program = {
  code: [0, 1, 2, 3].map((pe) => [I('addi', 1, 0, pe + 1), I('setvli', 0, 4), I('vld', 1, M(0, 100)), ...Array.from({ length: pe * 2 }, () => I('addi', 1, 1, 1)), I('st', 1, M(0, 200)), I('halt')]),
  data: [[0, 100, [1, 2, 3, 4]]] as [number, number, number[]][],
};

function trace(make: (write: (c: string) => void) => TraceSink, sel?: TraceSelection, windowed = true): string {
  const out: string[] = [];
  const sink = make((c) => out.push(c));
  run(program, { pes: 4 }, undefined, { sink: sel ? selectTrace(sink, sel, windowed) : sink });
  return out.join('');
}

/** Value of every (scope.name) at every cycle 0 … last, from a VCD. */
function samples(vcd: string, last: number): Map<string, number[]> {
  const changes = new Map<string, [number, number][]>();
  const { header } = parseVcd(vcd, 't.vcd', (time, id, value) => {
    if (!changes.has(id)) changes.set(id, []);
    changes.get(id)!.push([time, value]);
  });
  const out = new Map<string, number[]>();
  for (const v of header.vars) {
    const list = changes.get(v.id) ?? [];
    const at: number[] = [];
    let k = 0;
    let cur = NaN;
    for (let c = 0; c <= last; c++) {
      while (k < list.length && list[k][0] <= c) cur = list[k++][1];
      at.push(cur);
    }
    out.set(v.path, at);
  }
  return out;
}

describe('trace selection', () => {
  it('the commit log keeps exactly the lines of PEs 1 and 3 in cycles [3, 9)', () => {
    const full = trace((w) => new CommitLogSink(w)).trim().split('\n');
    const part = trace((w) => new CommitLogSink(w), { pes: [1, 3], from: 3, to: 9 }).trim().split('\n');
    const want = full.filter((l, i) => i === 0 || ([1, 3].includes(Number(l.split('\t')[1])) && Number(l.split('\t')[0]) >= 3 && Number(l.split('\t')[0]) < 9));
    expect(part).toEqual(want);
    expect(part.length).toBeGreaterThan(3);
  });

  it('the VCD declares only the chosen PEs and, in the window, has the full trace values at every cycle', () => {
    const full = trace((w) => new VcdSink(w));
    const sel = { pes: [0, 2], from: 4, to: 10 };
    const part = trace((w) => new VcdSink(w, { window: sel }), sel, false);
    expect(part.match(/\$scope module pe\d+/g)).toEqual(['$scope module pe0', '$scope module pe2']);
    const times = [...part.matchAll(/^#(\d+)$/gm)].map((m) => Number(m[1]));
    expect(times[0]).toBe(4);
    expect(Math.max(...times)).toBe(10);
    const f = samples(full, 9);
    const p = samples(part, 9);
    expect([...p.keys()].length).toBe(28);
    for (const [path, values] of p) {
      expect(values.slice(0, 4).every((v) => Number.isNaN(v)), path).toBe(true);
      expect(values.slice(4, 10), path).toEqual(f.get(path)!.slice(4, 10));
    }
  });

  it('without a selection the writers are unchanged; the profile names only the chosen PEs', () => {
    expect(trace((w) => new VcdSink(w), {}, false)).toBe(trace((w) => new VcdSink(w)));
    const prof = JSON.parse(trace((w) => new ProfileSink(w), { pes: [3] }));
    const tids = new Set(prof.traceEvents.filter((e: { tid?: number; ph: string }) => e.tid !== undefined && e.ph !== 'C').map((e: { tid: number }) => e.tid));
    expect([...tids].sort()).toEqual([0, 3]); // tid 0: the process-name metadata
    expect(prof.traceEvents.filter((e: { name: string }) => e.name === 'thread_name').map((e: { args: { name: string } }) => e.args.name)).toEqual(['PE 3']);
  });

  it('gp5sim run: bad --trace-pes and --trace-window values are usage errors naming the flag', () => {
        const run = (...args: string[]) => runTool('gp5sim', ['run', 'examples/pe-exchange.s', '--commit-log', '/dev/null', ...args]);
    for (const [flag, value] of [['--trace-pes', '0,16'], ['--trace-pes', '3-1'], ['--trace-window', '5:5'], ['--trace-window', '1e3:']]) {
      const r = run(flag, value);
      expect(r.status, `${flag} ${value}`).toBe(2);
      expect(r.stderr).toContain(`${flag} expects`);
      expect(r.stderr).toContain(`'${value}'`);
    }
  }, 120_000);
});
