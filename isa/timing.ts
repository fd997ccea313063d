// Timing vocabulary of the ISA table: units, beat rules, stall causes, memory uses and semantic
// names, each an `as const` list. Types and indexes derive from the lists, so reordering or
// extending one cannot silently break a consumer (the simulator, ISA.md, the RTL header).

/** Execution resources. Each PE issues at most one instruction per cycle, in order. */
export const UNITS = [
  { name: 'alu', summary: 'scalar ALU (single cycle)' },
  { name: 'mul', summary: 'scalar multiplier (pipelined)' },
  { name: 'branch', summary: 'branch unit (resolves in execute)' },
  { name: 'lsu', summary: 'load/store unit: scratchpad and shared message memory' },
  { name: 'vec', summary: 'vector datapath, L lanes per beat' },
  { name: 'fu', summary: 'factor/variable update unit (streams descriptors, tables and messages)' },
  { name: 'net', summary: 'network interface (mesh injection and ejection)' },
  { name: 'sync', summary: 'barrier and reduction network' },
  { name: 'ctrl', summary: 'loop stack and halt' },
] as const;
export type Unit = (typeof UNITS)[number]['name'];
export const UNIT_NAMES: readonly Unit[] = UNITS.map((u) => u.name);
export const UNIT_INDEX = indexOf(UNIT_NAMES);

/** Beats of streaming `n` words through L lanes: the one primitive every beat formula is built from. */
export function laneBeats(n: number, lanes: number): number {
  return Math.ceil(n / lanes);
}

/**
 * A beat formula as data: `base + Σ terms`, each term `factor · ⌈arg / L⌉` (summed over j when
 * `each`). `args` names the formula's inputs in the order `ruleBeats` takes them; ISA.md renders
 * the same definition the simulator evaluates.
 */
export interface BeatRuleDef {
  readonly name: string;
  readonly args: readonly string[];
  readonly base: number;
  readonly terms: readonly BeatTerm[];
  readonly note?: string;
}
export interface BeatTerm {
  /** Index into `args` of the size streamed through the lanes. */
  readonly size: number;
  /** A constant factor, or `(args[factorArg] + factorPlus)`. */
  readonly factor?: number;
  readonly factorArg?: number;
  readonly factorPlus?: number;
  /** A sum over the index j of per-j sizes (the caller passes Σ_j ⌈size_j / L⌉ as the argument). */
  readonly each?: boolean;
}

/** How many cycles an instruction occupies its unit; the result is written `latency` cycles after the last. */
export const BEAT_RULES = [
  { name: 'one', args: [], base: 1, terms: [] },
  { name: 'vl', args: ['VL'], base: 0, terms: [{ size: 0 }] },
  { name: 'vl2', args: ['VL'], base: 0, terms: [{ size: 0, factor: 2 }] },
  { name: 'fupd', args: ['N', 'card'], base: 1, terms: [{ size: 0 }, { size: 1, each: true }], note: 'descriptor, table stream, one load per scope message' },
  { name: 'vupd', args: ['D', 'n_used'], base: 1, terms: [{ size: 0, factorArg: 1, factorPlus: 1 }], note: 'descriptor, one pass per used input, the normalise/write pass' },
  { name: 'msg', args: ['len'], base: 0, terms: [{ size: 0 }], note: 'one flit of L words per cycle' },
  { name: 'cnu', args: ['d', 'VL'], base: 1, terms: [{ size: 1, factorArg: 0 }], note: 'descriptor and the read pass of the d edge vectors; the write pass of d · ⌈VL / L⌉ beats drains behind the next cnu and adds to the latency; a cnu or vnu that reads a vector still being written first waits for the write pass' },
  { name: 'vnu', args: ['deg', 'VL'], base: 1, terms: [{ size: 1, factorArg: 0, factorPlus: 1 }], note: 'descriptor, the channel vector and the deg edge vectors' },
  { name: 'pfu', args: ['n'], base: 1, terms: [{ size: 0, factor: 3 }], note: 'descriptor, then per group of L lanes one beat for the source addresses and two for the four table energies (2L words per beat), plus one beat per extra gather read that falls in an already-used scratchpad bank (address mod L) within the group' },
  { name: 'fupd_all', args: ['SN', 'card'], base: 1, terms: [{ size: 0 }, { size: 1, each: true }], note: 'fupd with outPos = arity: descriptor, S·N max* operations for S outputs (the table streamed once, each lane folding one entry into one output per beat), one load per scope message and one per old output' },
  { name: 'vupd_all', args: ['D', 'passes'], base: 1, terms: [{ size: 0, factorArg: 1 }], note: 'vupd with VD.allFlag: descriptor, one read pass per input, one normalise/write pass per output (passes = inputs + outputs)' },
] as const satisfies readonly BeatRuleDef[];
export type BeatRule = (typeof BEAT_RULES)[number]['name'];
export const BEAT_RULE_NAMES: readonly BeatRule[] = BEAT_RULES.map((b) => b.name);
export const BEAT_INDEX = indexOf(BEAT_RULE_NAMES);

const ruleDef = (rule: BeatRule): BeatRuleDef => BEAT_RULES[BEAT_INDEX[rule]];

/**
 * Beats of `rule` for its arguments in `args` order (x0, x1); a Σ_j argument is passed already
 * summed as Σ_j ⌈size_j / L⌉ (see laneBeats). Allocates nothing.
 */
export function ruleBeats(rule: BeatRule, lanes: number, x0 = 0, x1 = 0): number {
  const def = ruleDef(rule);
  let beats = def.base;
  for (const term of def.terms) {
    const size = term.size === 0 ? x0 : x1;
    const factor = term.factorArg === undefined ? (term.factor ?? 1) : (term.factorArg === 0 ? x0 : x1) + (term.factorPlus ?? 0);
    beats += factor * (term.each ? size : laneBeats(size, lanes));
  }
  return beats;
}

/** The formula as ISA.md prints it, e.g. `1 + ⌈N / L⌉ + Σ_j ⌈card_j / L⌉`. */
export function beatFormula(rule: BeatRule): string {
  const def = ruleDef(rule);
  const parts = def.base > 0 || def.terms.length === 0 ? [String(def.base)] : [];
  for (const term of def.terms) {
    const size = term.each ? `Σ_j ⌈${def.args[term.size]}_j / L⌉` : `⌈${def.args[term.size]} / L⌉`;
    const factor =
      term.factorArg !== undefined
        ? term.factorPlus
          ? `(${def.args[term.factorArg]} + ${term.factorPlus}) · `
          : `${def.args[term.factorArg]} · `
        : term.factor !== undefined
          ? `${term.factor} · `
          : '';
    parts.push(factor + size);
  }
  return parts.join(' + ');
}

/**
 * Why a PE did not issue in a cycle. Every non-issuing cycle of a running PE is attributed to
 * exactly one cause, checked in this order.
 */
export const STALL_CAUSES = [
  { name: 'branch', summary: 'fetch bubble after a taken branch or jump' },
  { name: 'raw', summary: 'a source register is not yet written by an earlier instruction' },
  { name: 'waw', summary: 'the destination register still has a write pending' },
  { name: 'busy', summary: 'the unit is streaming beats of an earlier multi-beat instruction (productive)' },
  { name: 'mem-order', summary: 'an earlier memory write on another unit has not completed' },
  { name: 'bank', summary: 'a shared-memory bank is serving another access (bank conflict)' },
  { name: 'recv', summary: 'waiting for a message from another PE' },
  { name: 'barrier', summary: 'waiting for other PEs at a barrier' },
] as const;
export type StallCause = (typeof STALL_CAUSES)[number]['name'];
export const STALL_CAUSE_NAMES: readonly StallCause[] = STALL_CAUSES.map((s) => s.name);
export const STALL_INDEX = indexOf(STALL_CAUSE_NAMES);

/** Memory an instruction touches (for ordering rules and traces); the index is its code (bit 0 read, bit 1 write). */
export const MEMORY_USES = ['none', 'read', 'write', 'readwrite'] as const;
export type MemoryUse = (typeof MEMORY_USES)[number];
export const MEMORY_USE_INDEX = indexOf(MEMORY_USES);

/**
 * Semantic functions: every `sem` of the ISA table is one of these, and the simulator implements
 * exactly these (checked at load time). A new instruction with new behaviour adds its name here.
 */
export const SEM_NAMES = [
  'add', 'sub', 'and', 'or', 'xor', 'sll', 'srl', 'sra', 'slt', 'min', 'max', 'mul',
  'addi', 'andi', 'ori', 'xori', 'slli', 'srli', 'srai', 'slti', 'lui',
  'beq', 'bne', 'blt', 'bge', 'jal', 'jalr', 'loop', 'loopi',
  'ld', 'st', 'vld', 'vst',
  'vadd', 'vsub', 'vmin', 'vmaxs', 'vnorm', 'vbcast', 'vdamp', 'vrmin', 'vrmaxs', 'vmaxad', 'vext',
  'fupd_sp', 'fupd_ms', 'vupd', 'send', 'recv', 'bar', 'barmax', 'csrr', 'setvl', 'setvli', 'nop', 'halt',
  'cnu_spa', 'cnu_ms', 'cnu_nms', 'cnu_oms', 'vnu',
  'pfu_sp', 'pfu_ms',
] as const;
export type SemName = (typeof SEM_NAMES)[number];
export const SEM_INDEX = indexOf(SEM_NAMES);

function indexOf<T extends string>(names: readonly T[]): Readonly<Record<T, number>> {
  return Object.freeze(Object.fromEntries(names.map((n, i) => [n, i])) as Record<T, number>);
}
