// The comparison's inputs, options and result (the `--json` output of `gp5sim compare`).
import type { ClockMap, CompareMap } from './compare-map.js';

export type TraceKind = 'vcd' | 'commit-log';

export interface TraceInput {
  /** File name (for messages). */
  file: string;
  text: string;
}

export interface CompareOptions {
  /** 'timing' (default): every cycle; 'arch': commit order per PE, ignoring timing. */
  mode?: 'timing' | 'arch';
  map?: CompareMap;
  /** Matching cycles (or instructions) reported before the divergence (default 5). */
  context?: number;
}

export interface TraceSummary {
  file: string;
  kind: TraceKind;
  /** Cycles covered (last cycle + 1). */
  cycles: number;
  timescale?: string;
  clock?: ClockMap;
}

export interface InFlight {
  pc: number;
  word: number;
  text: string;
  /** Whether the instruction issued in the divergent cycle (else it is the last one issued). */
  issuedThisCycle?: boolean;
}

export interface ContextRow {
  cycle: number;
  actualCycle?: number;
  pc?: number;
  word?: number;
  text?: string;
  issue?: boolean;
  stall?: string;
  writes?: string;
}

export interface Divergence {
  /** Cycle of the divergence in the expected trace (null when the expected trace had ended). */
  cycle: number | null;
  /** The same point's cycle in the actual trace (differs from `cycle` only in the retire method). */
  actualCycle: number | null;
  /** File times the values were read at. */
  expectedTime: number | null;
  actualTime: number | null;
  pe: number;
  scope: string;
  actualScope: string;
  signal: string;
  actualSignal: string;
  expected: string;
  actual: string;
  expectedValue: number | null;
  actualValue: number | null;
  /** Index of the retired instruction on this PE (retire method). */
  retireIndex?: number;
  instruction: { expected: InFlight | null; actual: InFlight | null };
  context: ContextRow[];
}

export interface CompareResult {
  agree: boolean;
  mode: 'timing' | 'arch';
  method: 'signals' | 'retire';
  expected: TraceSummary;
  actual: TraceSummary;
  pes: number;
  /** Signals compared per cycle (signals method), or fields per instruction (retire method). */
  signals: number;
  /** Cycles compared. */
  cycles: number;
  /** Value changes read and compared (signals method). */
  changes: number;
  /** Retired instructions compared (retire method). */
  instructions: number;
  /**
   * PE scopes of the actual VCD that no expected PE maps to, so nothing in them was compared (for
   * example a 4-PE expected trace against a 16-PE RTL dump). A warning, not a divergence:
   * `gp5sim compare --strict` turns it into exit 1.
   */
  uncheckedPes: number;
  /** The first few of those scopes, for messages. */
  uncheckedScopes: string[];
  divergence?: Divergence;
}
