// The semantic function of every `sem` name of the ISA table, checked against the table when this
// module loads: a missing or extra semantic is an error naming it. To add an instruction see
// sim/README.md ("How to add an instruction").
import { INSTRUCTIONS, SEM_NAMES, type InstructionDef, type SemName } from '../../isa/index.js';
import type { Semantic } from './state.js';
import * as scalar from './scalar.js';
import * as control from './control.js';
import * as memory from './memory.js';
import * as vector from './vector.js';
import * as bp from './bp.js';
import * as network from './network.js';
import * as machineState from './machine-state.js';
import * as ldpc from './ldpc.js';
import * as pairwise from './pairwise.js';

export type { ArchState, Semantic } from './state.js';

export const SEMANTICS: Readonly<Record<SemName, Semantic>> = { ...scalar, ...control, ...memory, ...vector, ...bp, ...network, ...machineState, ...ldpc, ...pairwise };

/** The simulator cannot run the table: names the semantics missing or extra. */
export class SemanticsError extends Error {
  override name = 'SemanticsError';
}

/** Check a semantic map against the sem vocabulary and the instruction table. */
export function checkSemantics(map: Readonly<Record<string, unknown>>, table: readonly InstructionDef[] = INSTRUCTIONS, names: readonly string[] = SEM_NAMES): void {
  const missing = names.filter((n) => typeof map[n] !== 'function');
  const extra = Object.keys(map).filter((n) => !names.includes(n));
  const unknown = table.filter((d) => !names.includes(d.sem)).map((d) => `${d.sem} (${d.mnemonic})`);
  const unused = names.filter((n) => !table.some((d) => d.sem === n));
  const problems = [
    missing.length ? `no semantic function for ${missing.join(', ')}` : '',
    extra.length ? `semantic functions not in SEM_NAMES: ${extra.join(', ')}` : '',
    unknown.length ? `ISA table names unknown semantics: ${unknown.join(', ')}` : '',
    unused.length ? `no instruction of the ISA table uses ${unused.join(', ')}` : '',
  ].filter(Boolean);
  if (problems.length) throw new SemanticsError(`simulator semantics do not match the ISA table: ${problems.join('; ')}`);
}

checkSemantics(SEMANTICS);

/** Dispatch table: semantic by index in SEM_NAMES (the predecoded `sem` of each pc). */
export const SEMANTIC_BY_INDEX: readonly Semantic[] = SEM_NAMES.map((n) => SEMANTICS[n]);
