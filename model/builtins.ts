// Built-in factor functions (Dimple names), each evaluated to a 0/1 table over its scope, except
// Xor, which is emitted as golden's even-parity table (parityTable): `toFactorGraph` marks it as a
// parity factor (golden's detection), and the compiler gives it the structured check-node update.
import { MAX_PARITY_DEGREE, parityTable } from '../golden/index.js';
import type { Value } from './domain.js';
import { ModelError } from './errors.js';
import type { Var } from './variable.js';

/** Largest table a factor built from a function may have (entries). */
export const MAX_FUNCTION_TABLE = 1 << 22;

/** Evaluate `fn` over every assignment of `scope` (first variable fastest) into a table. */
export function tableFromFunction(subject: string, scope: readonly Var[], fn: (...values: Value[]) => number | boolean): Float64Array {
  let size = 1;
  for (const v of scope) {
    size *= v.size;
    if (size > MAX_FUNCTION_TABLE) throw new ModelError(subject, `its table would exceed ${MAX_FUNCTION_TABLE} entries`);
  }
  const t = new Float64Array(size);
  const k = scope.length;
  const ix = new Int32Array(k);
  const args: Value[] = scope.map((v) => v.domain.values[0]!);
  for (let l = 0; l < size; l++) {
    const r = fn(...args);
    const w = typeof r === 'boolean' ? Number(r) : r;
    if (typeof w !== 'number' || !(w >= 0) || !Number.isFinite(w))
      throw new ModelError(subject, `expected a finite weight >= 0 (or a boolean), got ${String(r)} at (${args.map((a) => JSON.stringify(a)).join(', ')})`);
    t[l] = w;
    for (let d = 0; d < k; d++) {
      if (++ix[d]! < scope[d]!.size) {
        args[d] = scope[d]!.domain.values[ix[d]!]!;
        break;
      }
      ix[d] = 0;
      args[d] = scope[d]!.domain.values[0]!;
    }
  }
  return t;
}

function requireBits(subject: string, vars: readonly Var[]): void {
  for (const v of vars)
    if (v.size !== 2 || v.domain.values[0] !== 0 || v.domain.values[1] !== 1)
      throw new ModelError(subject, `variable '${v.name}' must be a Bit (domain 0, 1)`);
}

function requireNumeric(subject: string, vars: readonly Var[]): void {
  for (const v of vars)
    if (v.domain.values.some((x) => typeof x !== 'number')) throw new ModelError(subject, `variable '${v.name}' must have numeric values`);
}

const num = (x: Value): number => x as number;

/** The kinds of built-in factors; `table` is a factor given by its table or a function. */
export type FactorKind = 'table' | 'xor' | 'equality' | 'not' | 'and' | 'or' | 'sum' | 'linear' | 'mux';

export interface BuiltTable {
  kind: FactorKind;
  table: Float64Array;
}

/** Xor: the XOR of all the bits is 0 (Dimple `Xor(out, in…)`: out = XOR of the inputs). */
export function xorTable(subject: string, vars: readonly Var[]): BuiltTable {
  requireBits(subject, vars);
  if (vars.length > MAX_PARITY_DEGREE) throw new ModelError(subject, `expected at most ${MAX_PARITY_DEGREE} bits (its table has 2^bits entries), found ${vars.length}`);
  return { kind: 'xor', table: parityTable(vars.length) };
}

/** Equality: every variable takes the same value. */
export function equalityTable(subject: string, vars: readonly Var[]): BuiltTable {
  return { kind: 'equality', table: tableFromFunction(subject, vars, (...xs) => xs.every((x) => x === xs[0])) };
}

/** Not: out = NOT in. */
export function notTable(subject: string, out: Var, input: Var): BuiltTable {
  requireBits(subject, [out, input]);
  return { kind: 'not', table: tableFromFunction(subject, [out, input], (o, i) => o !== i) };
}

/** And / Or: out = AND (OR) of the inputs. */
export function logicTable(subject: string, kind: 'and' | 'or', out: Var, inputs: readonly Var[]): BuiltTable {
  requireBits(subject, [out, ...inputs]);
  if (inputs.length === 0) throw new ModelError(subject, 'expected at least one input');
  const f = kind === 'and' ? (xs: Value[]) => (xs.every((x) => x === 1) ? 1 : 0) : (xs: Value[]) => (xs.some((x) => x === 1) ? 1 : 0);
  return { kind, table: tableFromFunction(subject, [out, ...inputs], (o, ...xs) => o === f(xs)) };
}

/** Sum: out = the sum of the inputs (numeric domains). */
export function sumTable(subject: string, out: Var, inputs: readonly Var[]): BuiltTable {
  requireNumeric(subject, [out, ...inputs]);
  if (inputs.length === 0) throw new ModelError(subject, 'expected at least one input');
  return { kind: 'sum', table: tableFromFunction(subject, [out, ...inputs], (o, ...xs) => num(o) === xs.reduce((s: number, x) => s + num(x), 0)) };
}

/** LinearEquation: Σ coefficients[i] · vars[i] = constant (numeric domains). */
export function linearTable(subject: string, vars: readonly Var[], coefficients: readonly number[], constant: number): BuiltTable {
  requireNumeric(subject, vars);
  if (coefficients.length !== vars.length || coefficients.some((c) => !Number.isFinite(c)) || !Number.isFinite(constant))
    throw new ModelError(subject, `expected one finite coefficient per variable (${vars.length}) and a finite constant`);
  const t = tableFromFunction(subject, vars, (...xs) => Math.abs(xs.reduce((s: number, x, i) => s + coefficients[i]! * num(x), 0) - constant) < 1e-9);
  return { kind: 'linear', table: t };
}

/** Multiplexer: out = inputs[select] (select's state k picks input k; values compared by value). */
export function muxTable(subject: string, out: Var, select: Var, inputs: readonly Var[]): BuiltTable {
  if (select.size !== inputs.length)
    throw new ModelError(subject, `select variable '${select.name}' has ${select.size} values but there are ${inputs.length} inputs`);
  const t = tableFromFunction(subject, [out, select, ...inputs], (o, s, ...xs) => o === xs[select.domain.values.indexOf(s)]);
  return { kind: 'mux', table: t };
}
