// compare of a 4-PE expected trace against a 16-PE actual one: it agrees on what it compared and
// says that 12 PEs went unchecked (text and JSON); --strict makes that exit 1.
import { describe, it, expect } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTool } from '../cli/hostile-helpers.js';
import { VcdSink, compareTraces, formatCompareText, selectTrace, type TraceSelection } from '../../trace/index.js';
import { I, run } from '../sim/helpers.js';

const program = { code: Array.from({ length: 16 }, (_, pe) => [I('addi', 1, 0, pe), I('addi', 2, 1, 1), I('halt')]) };
const plain = { bold: (s: string) => s, green: (s: string) => s, red: (s: string) => s };

function vcd(sel?: TraceSelection): string {
  const out: string[] = [];
  const sink = new VcdSink((c) => out.push(c));
  run(program, { pes: 16 }, undefined, { sink: sel ? selectTrace(sink, sel, false) : sink });
  return out.join('');
}

describe('compare: PEs of the actual trace that went unchecked', () => {
  const four = vcd({ pes: [0, 1, 2, 3] });
  const all = vcd();

  it('signals and retire methods count the 12 unmapped PE scopes; the text says so', () => {
    for (const mode of ['timing', 'arch'] as const) {
      const r = compareTraces({ file: 'e.vcd', text: four }, { file: 'a.vcd', text: all }, { mode });
      expect(r.agree).toBe(true);
      expect(r.pes).toBe(4);
      expect(r.uncheckedPes).toBe(12);
      expect(r.uncheckedScopes).toEqual(['gp5.pe4', 'gp5.pe5', 'gp5.pe6', 'gp5.pe7', 'gp5.pe8', 'gp5.pe9', 'gp5.pe10', 'gp5.pe11']);
      expect(formatCompareText(r, plain)).toContain('warning: 12 PE(s) of the actual trace went unchecked (gp5.pe4, gp5.pe5, gp5.pe6, gp5.pe7, gp5.pe8, gp5.pe9, gp5.pe10, gp5.pe11, …)');
    }
    const same = compareTraces({ file: 'e.vcd', text: all }, { file: 'a.vcd', text: all });
    expect(same.uncheckedPes).toBe(0);
    expect(formatCompareText(same, plain)).not.toContain('unchecked');
  });

  it('gp5sim compare: a warning with exit 0, exit 1 under --strict, uncheckedPes in --json', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gp5-unchecked-'));
    writeFileSync(join(dir, 'e.vcd'), four);
    writeFileSync(join(dir, 'a.vcd'), all);
        const cli = (...args: string[]) => runTool('gp5sim', ['compare', join(dir, 'e.vcd'), join(dir, 'a.vcd'), ...args]);
    const text = cli();
    expect(text.status).toBe(0);
    expect(text.stdout).toContain('warning: 12 PE(s) of the actual trace went unchecked');
    const strict = cli('--strict', '--json');
    expect(strict.status).toBe(1);
    expect(JSON.parse(strict.stdout)).toMatchObject({ agree: true, pes: 4, uncheckedPes: 12 });
  }, 60_000);
});
