// The compare library and CLI on small hand-made traces: agreement, a divergence at a known
// cycle/signal, name and clock mapping, --arch ignoring timing, commit logs, exit codes.
import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliCommand } from '../cli/hostile-helpers.js';
import { compareTraces, parseCompareMap, CompareInputError, COMMIT_LOG_HEADER, VCD_SIGNALS } from '../../trace/index.js';
import { encode, instructionByMnemonic, type OperandValue } from '../../isa/index.js';

const I = (m: string, ...ops: OperandValue[]) => encode(instructionByMnemonic(m)!, ops) >>> 0;
const ADDI1 = I('addi', 1, 0, 5);
const ADDI2 = I('addi', 2, 1, 1);
const HALT = I('halt');

interface Sig {
  name: string;
  width: number;
}
// gp5sim's first seven signals: pc, instr, issue, stall, rf_we, rf_waddr, rf_wdata.
const SIGS: Sig[] = VCD_SIGNALS.slice(0, 7).map((s) => ({ ...s }));

/**
 * A VCD with one scope per PE. `rows[c]` gives, per PE, the signal values at cycle c (only changes
 * are written). `time(c)` maps cycles to file times; names can be renamed.
 */
function makeVcd(
  rows: Record<string, number>[][],
  opts: { scope?: (pe: number) => string[]; rename?: (n: string) => string; time?: (c: number) => number; extra?: boolean } = {},
): string {
  const pes = rows[0].length;
  const scope = opts.scope ?? ((pe: number) => ['gp5', `pe${pe}`]);
  const rename = opts.rename ?? ((n: string) => n);
  const time = opts.time ?? ((c: number) => c);
  const out: string[] = ['$timescale 1 ns $end'];
  const ids: string[][] = [];
  let n = 0;
  for (let pe = 0; pe < pes; pe++) {
    const sc = scope(pe);
    for (const s of sc) out.push(`$scope module ${s} $end`);
    if (opts.extra) out.push(`$var reg 8 ${'~' + pe} internal_state [7:0] $end`);
    ids.push(SIGS.map((s) => {
      const id = String.fromCharCode(33 + n++);
      out.push(`$var wire ${s.width} ${id} ${rename(s.name)}${s.width > 1 ? ` [${s.width - 1}:0]` : ''} $end`);
      return id;
    }));
    for (let k = 0; k < sc.length; k++) out.push('$upscope $end');
  }
  out.push('$enddefinitions $end');
  const last: (number | undefined)[][] = ids.map((l) => l.map(() => undefined));
  rows.forEach((row, c) => {
    const ch: string[] = [];
    row.forEach((vals, pe) =>
      SIGS.forEach((s, k) => {
        const v = vals[s.name] ?? last[pe][k] ?? 0;
        if (last[pe][k] === v) return;
        last[pe][k] = v;
        ch.push(s.width === 1 ? `${v}${ids[pe][k]}` : `b${v.toString(2)} ${ids[pe][k]}`);
      }),
    );
    if (ch.length) out.push(`#${time(c)}`, ...ch);
  });
  out.push(`#${time(rows.length - 1)}`);
  return out.join('\n') + '\n';
}

// PE 0: addi r1 (c0), addi r2 ← RAW-free (c1), stall raw (c2), halt (c3), halted (c4).
const base: Record<string, number>[][] = [
  [{ pc: 0, instr: ADDI1, issue: 1, stall: 0, rf_we: 1, rf_waddr: 1, rf_wdata: 5 }],
  [{ pc: 1, instr: ADDI2, issue: 1, stall: 0, rf_we: 1, rf_waddr: 2, rf_wdata: 6 }],
  [{ issue: 0, stall: 2, rf_we: 0 }],
  [{ pc: 2, instr: HALT, issue: 1, stall: 0 }],
  [{ issue: 0, stall: 15 }],
];
const clone = (rows: Record<string, number>[][]) => rows.map((r) => r.map((v) => ({ ...v })));

describe('compareTraces (VCD, full timing)', () => {
  it('identical traces agree, with counts', () => {
    const v = makeVcd(base);
    const r = compareTraces({ file: 'e.vcd', text: v }, { file: 'a.vcd', text: v });
    expect(r.agree).toBe(true);
    expect(r.method).toBe('signals');
    expect(r.cycles).toBe(5);
    expect(r.pes).toBe(1);
    expect(r.signals).toBe(7);
    expect(r.changes).toBeGreaterThan(20);
  });

  it('finds the first divergence: cycle, PE, signal, values, instruction in flight, context', () => {
    const two = base.map((row) => [row[0], { ...row[0] }]);
    const bad = clone(two);
    bad[1][1] = { ...bad[1][1], rf_wdata: 7 }; // PE 1 writes a wrong value at cycle 1
    bad[3][0] = { ...bad[3][0], stall: 3 }; // a later divergence on PE 0 must not win
    const r = compareTraces({ file: 'e.vcd', text: makeVcd(two) }, { file: 'a.vcd', text: makeVcd(bad) }, { context: 3 });
    expect(r.agree).toBe(false);
    const d = r.divergence!;
    expect(d).toMatchObject({ cycle: 1, pe: 1, scope: 'gp5.pe1', signal: 'rf_wdata', expectedValue: 6, actualValue: 7, expectedTime: 1, actualTime: 1 });
    expect(d.instruction.expected).toMatchObject({ pc: 1, text: 'addi r2, r1, 1', issuedThisCycle: true });
    expect(d.context).toEqual([{ cycle: 0, pc: 0, word: ADDI1, text: 'addi r1, r0, 5', issue: true, stall: '-' }]);
  });

  it('a timing difference is reported on `stall` first, with the waiting instruction', () => {
    const bad = clone(base);
    bad[2] = [{ pc: 2, instr: HALT, issue: 1, stall: 0, rf_we: 0 }]; // halt one cycle early
    bad[3] = [{ issue: 0, stall: 15 }];
    const r = compareTraces({ file: 'e.vcd', text: makeVcd(base) }, { file: 'a.vcd', text: makeVcd(bad) });
    expect(r.divergence).toMatchObject({ cycle: 2, signal: 'stall', expected: '2 (raw)', actual: '0 (issue)' });
    expect(r.divergence!.instruction.expected).toMatchObject({ pc: 1, issuedThisCycle: false });
    expect(r.divergence!.instruction.actual).toMatchObject({ pc: 2, text: 'halt' });
  });

  it('maps scopes, signal names and the clock (period 10, offset 10), ignoring extra signals', () => {
    const rtl = makeVcd(base, { scope: () => ['tb', 'dut'], rename: (n) => `tr_${n}`, time: (c) => 5 + 10 * c, extra: true });
    const map = parseCompareMap(
      JSON.stringify({ scopes: { 'gp5.pe0': 'tb.dut' }, signals: Object.fromEntries(SIGS.map((s) => [s.name, `tr_${s.name}`])), clock: { period: 10, offset: 10 } }),
      'map.json',
    );
    const r = compareTraces({ file: 'e.vcd', text: makeVcd(base) }, { file: 'rtl.vcd', text: rtl }, { map });
    expect(r.agree).toBe(true);
    const bad = clone(base);
    bad[3][0] = { ...bad[3][0], pc: 9 };
    const r2 = compareTraces({ file: 'e.vcd', text: makeVcd(base) }, { file: 'rtl.vcd', text: makeVcd(bad, { scope: () => ['tb', 'dut'], rename: (n) => `tr_${n}`, time: (c) => 5 + 10 * c }) }, { map });
    expect(r2.divergence).toMatchObject({ cycle: 3, expectedTime: 3, actualTime: 40, signal: 'pc', actualSignal: 'tb.dut.tr_pc', actualScope: 'tb.dut', expectedValue: 2, actualValue: 9 });
    // Without the map, the missing names are a usage error naming them.
    expect(() => compareTraces({ file: 'e.vcd', text: makeVcd(base) }, { file: 'rtl.vcd', text: rtl })).toThrow(CompareInputError);
    expect(() => compareTraces({ file: 'e.vcd', text: makeVcd(base) }, { file: 'rtl.vcd', text: rtl })).toThrow(/gp5\.pe0\.pc → gp5\.pe0\.pc/);
    // Ignored signals are not compared.
    const map2 = { ...map, ignore: ['pc'] };
    expect(compareTraces({ file: 'e.vcd', text: makeVcd(base) }, { file: 'rtl.vcd', text: makeVcd(bad, { scope: () => ['tb', 'dut'], rename: (n) => `tr_${n}`, time: (c) => 5 + 10 * c }) }, { map: map2 }).agree).toBe(true);
  });

  it('x values differ from any number', () => {
    const v = makeVcd(base);
    const withX = v.replace('#1\nb1 !\n', '#1\nbx !\n');
    expect(withX).not.toBe(v);
    const r = compareTraces({ file: 'e.vcd', text: v }, { file: 'a.vcd', text: withX });
    expect(r.divergence).toMatchObject({ cycle: 1, signal: 'pc', actual: 'x' });
  });

  it('a narrower actual signal is compared on its width', () => {
    const neg = clone(base);
    neg[0][0] = { ...neg[0][0], rf_wdata: 0xfffffffb };
    const e = makeVcd(neg);
    const a = e.replace("$var wire 32 ' rf_wdata [31:0] $end", "$var wire 16 ' rf_wdata [15:0] $end").replace('b11111111111111111111111111111011 \'', "b1111111111111011 '");
    expect(a).not.toBe(e);
    expect(compareTraces({ file: 'e.vcd', text: e }, { file: 'a.vcd', text: a }).agree).toBe(true);
    const wrong = a.replace("b1111111111111011 '", "b1111111111111010 '");
    expect(compareTraces({ file: 'e.vcd', text: e }, { file: 'a.vcd', text: wrong }).divergence).toMatchObject({ cycle: 0, signal: 'rf_wdata' });
  });

  it('rejects bad map files', () => {
    expect(() => parseCompareMap('{', 'm.json')).toThrow(/not valid JSON/);
    expect(() => parseCompareMap('{"clocks": {}}', 'm.json')).toThrow(/unknown field "clocks"/);
    expect(() => parseCompareMap('{"clock": {"period": 0}}', 'm.json')).toThrow(/period must be a number > 0/);
  });
});

const log = (lines: string[]) => [COMMIT_LOG_HEADER, ...lines].join('\n') + '\n';
const hx = (w: number) => `0x${w.toString(16).padStart(8, '0')}`;

describe('compareTraces (commit logs and --arch)', () => {
  const expected = log([`0\t0\t0\t${hx(ADDI1)}\taddi r1, r0, 5\tr1=0x00000005`, `1\t0\t1\t${hx(ADDI2)}\taddi r2, r1, 1\tr2=0x00000006`, `3\t0\t2\t${hx(HALT)}\thalt\t-`]);
  // The same instructions and writes, retired later (a slower implementation).
  const slower = log([`0\t0\t0\t${hx(ADDI1)}\taddi r1, r0, 5\tr1=0x00000005`, `2\t0\t1\t${hx(ADDI2)}\taddi r2, r1, 1\tr2=0x00000006`, `5\t0\t2\t${hx(HALT)}\thalt\t-`]);

  it('--arch ignores timing; full timing reports the cycle', () => {
    expect(compareTraces({ file: 'e.log', text: expected }, { file: 'a.log', text: slower }, { mode: 'arch' })).toMatchObject({ agree: true, method: 'retire', instructions: 3 });
    const r = compareTraces({ file: 'e.log', text: expected }, { file: 'a.log', text: slower });
    expect(r.divergence).toMatchObject({ signal: 'cycle', cycle: 1, actualCycle: 2, retireIndex: 1, expected: '1', actual: '2' });
    expect(r.divergence!.instruction.expected!.text).toBe('addi r2, r1, 1');
  });

  it('--arch reports a wrong register write with context', () => {
    const bad = slower.replace('r2=0x00000006', 'r2=0x00000007');
    const r = compareTraces({ file: 'e.log', text: expected }, { file: 'a.log', text: bad }, { mode: 'arch' });
    expect(r.divergence).toMatchObject({ pe: 0, signal: 'rf_wdata', cycle: 1, actualCycle: 2, retireIndex: 1, expected: '0x00000006', actual: '0x00000007' });
    expect(r.divergence!.context).toEqual([{ cycle: 0, actualCycle: 0, pc: 0, word: ADDI1, text: 'addi r1, r0, 5', writes: 'r1=0x00000005' }]);
  });

  it('a VCD and a commit log of the same run agree (timing and arch); a missing instruction is reported', () => {
    const v = makeVcd(base);
    expect(compareTraces({ file: 'e.vcd', text: v }, { file: 'a.log', text: expected }).agree).toBe(true);
    expect(compareTraces({ file: 'e.log', text: expected }, { file: 'a.vcd', text: v }, { mode: 'arch' }).agree).toBe(true);
    const short = log([`0\t0\t0\t${hx(ADDI1)}\taddi r1, r0, 5\tr1=0x00000005`]);
    const r = compareTraces({ file: 'e.vcd', text: v }, { file: 'a.log', text: short }, { mode: 'arch' });
    expect(r.divergence).toMatchObject({ signal: 'retire', retireIndex: 1, actual: '(no more instructions)', actualCycle: null });
  });

  it('malformed commit logs name the line', () => {
    expect(() => compareTraces({ file: 'e.log', text: expected }, { file: 'a.log', text: log(['0\t0\t0\t0x1\tx\tq=1']) })).toThrow(/a\.log:2: error: unrecognised write "q=1"/);
  });
});

describe('gp5sim compare (CLI)', () => {
  const run = (...args: string[]) => spawnSync(cliCommand()[0]!, [cliCommand()[1]!, 'compare', ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });

  it('exit 0 on agreement, 1 on divergence (text and --json) or bad input, 2 on usage errors', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gp5-compare-'));
    const e = join(dir, 'e.vcd');
    const a = join(dir, 'a.vcd');
    const bad = clone(base);
    bad[1][0] = { ...bad[1][0], rf_waddr: 3 };
    writeFileSync(e, makeVcd(base));
    writeFileSync(a, makeVcd(bad));
    const ok = run(e, e);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain('agree: 5 cycles, 1 PE(s), 7 signals');
    const div = run(e, a, '--context', '1');
    expect(div.status).toBe(1);
    expect(div.stdout).toContain('DIVERGENCE at cycle 1');
    expect(div.stdout).toMatch(/signal\s+rf_waddr/);
    expect(div.stdout).toMatch(/in flight expected pc 1: addi r2, r1, 1/);
    const js = run(e, a, '--json');
    expect(js.status).toBe(1);
    const lines = js.stdout.trim().split('\n');
    expect(lines.length).toBe(1);
    expect(JSON.parse(lines[0])).toMatchObject({ agree: false, divergence: { cycle: 1, pe: 0, signal: 'rf_waddr', expectedValue: 2, actualValue: 3 } });
    expect(run(e).status).toBe(2);
    expect(run(e, join(dir, 'missing.vcd')).status).toBe(1);
    expect(run(e, a, '--context', 'x').status).toBe(2);
    writeFileSync(join(dir, 'm.json'), '{"scopes": 3}');
    const m = run(e, a, '--map', join(dir, 'm.json'));
    expect(m.status).toBe(1);
    expect(m.stderr).toContain('"scopes" must be an object');
    expect(m.stderr).not.toContain('    at ');
  });
});
