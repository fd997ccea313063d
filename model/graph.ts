// The modelling graph (Dimple's FactorGraph): variables with domains, factors from tables,
// functions or built-ins, nested subgraphs, and the solver with its options. Everything is checked
// when it is built; `toFactorGraph` lowers it to golden's FactorGraph (variable ids = creation order).
import { withParityMarker, type FactorGraph as LoweredGraph } from '../golden/index.js';
import { BIT, discreteDomain, rangeDomain, type Domain, type Value } from './domain.js';
import { ModelError } from './errors.js';
import {
  equalityTable,
  linearTable,
  logicTable,
  muxTable,
  notTable,
  sumTable,
  tableFromFunction,
  xorTable,
  type BuiltTable,
  type FactorKind,
} from './builtins.js';
import { checkSolver, type SolverKind, type SolverOptions } from './options.js';
import { solveModel } from './solve.js';
import type { Solution } from './solution.js';
import { Var } from './variable.js';

/** A factor of a model: its name, kind (for the compiler's structured updates) and table. */
export interface ModelFactor {
  readonly name: string;
  readonly kind: FactorKind;
  readonly scope: readonly Var[];
  /** First scope variable fastest (golden's order). */
  readonly table: Float64Array;
}

export class Model {
  readonly variables: Var[] = [];
  readonly factors: ModelFactor[] = [];
  private readonly byName = new Map<string, Var>();
  private readonly factorNames = new Set<string>();
  solver: SolverKind = 'bp';
  options: SolverOptions = {};

  constructor(readonly name = 'model') {}

  /** A variable with a given domain; names are unique within the model. */
  variable(name: string, domain: Domain): Var {
    if (typeof name !== 'string' || name.length === 0) throw new ModelError('variable', `expected a non-empty name, got ${String(name)}`);
    if (this.byName.has(name)) throw new ModelError(`variable '${name}'`, 'a variable of that name already exists');
    const v = new Var(name, domain, this.variables.length, this);
    this.variables.push(v);
    this.byName.set(name, v);
    return v;
  }

  bit(name: string): Var {
    return this.variable(name, BIT);
  }

  discrete(name: string, values: readonly Value[]): Var {
    return this.variable(name, discreteDomain(values, `variable '${name}'`));
  }

  /** Integers lo..hi inclusive. */
  range(name: string, lo: number, hi: number): Var {
    return this.variable(name, rangeDomain(lo, hi, `variable '${name}'`));
  }

  /** The variable of a name (ModelError if none). */
  get(name: string): Var {
    const v = this.byName.get(name);
    if (!v) throw new ModelError(`variable '${name}'`, `no such variable in model '${this.name}'`);
    return v;
  }

  /** A factor from a table (first scope variable fastest). */
  factor(scope: readonly Var[], table: ArrayLike<number>, name?: string): ModelFactor {
    const n = this.factorName(name, 'table');
    const subject = `factor '${n}'`;
    this.checkScope(subject, scope);
    let size = 1;
    for (const v of scope) size *= v.size;
    if (table.length !== size) throw new ModelError(subject, `expected ${size} table entries (product of the domain sizes), found ${table.length}`);
    const t = Float64Array.from(table);
    let nz = false;
    for (let l = 0; l < t.length; l++) {
      if (!(t[l]! >= 0) || !Number.isFinite(t[l]!)) throw new ModelError(subject, `entry ${l} must be a finite number >= 0, found ${t[l]}`);
      if (t[l]! > 0) nz = true;
    }
    if (!nz) throw new ModelError(subject, 'every entry is 0');
    return this.push(n, scope, { kind: 'table', table: t });
  }

  /** A factor from a function over values (a weight or a boolean), evaluated to a table now. */
  fn(scope: readonly Var[], f: (...values: Value[]) => number | boolean, name?: string): ModelFactor {
    const n = this.factorName(name, 'fn');
    this.checkScope(`factor '${n}'`, scope);
    const t = tableFromFunction(`factor '${n}'`, scope, f);
    if (!t.some((w) => w > 0)) throw new ModelError(`factor '${n}'`, 'the function is 0 everywhere');
    return this.push(n, scope, { kind: 'table', table: t });
  }

  /** A unary factor: prior weights over a variable's values (Dimple's setInput). */
  prior(v: Var, weights: readonly number[], name?: string): ModelFactor {
    return this.factor([v], weights, name ?? `prior(${v.name})`);
  }

  xor(bits: readonly Var[], name?: string): ModelFactor {
    return this.built(name, 'xor', bits, (s) => xorTable(s, bits));
  }
  equality(vars: readonly Var[], name?: string): ModelFactor {
    return this.built(name, 'equality', vars, (s) => equalityTable(s, vars));
  }
  not(out: Var, input: Var, name?: string): ModelFactor {
    return this.built(name, 'not', [out, input], (s) => notTable(s, out, input));
  }
  and(out: Var, inputs: readonly Var[], name?: string): ModelFactor {
    return this.built(name, 'and', [out, ...inputs], (s) => logicTable(s, 'and', out, inputs));
  }
  or(out: Var, inputs: readonly Var[], name?: string): ModelFactor {
    return this.built(name, 'or', [out, ...inputs], (s) => logicTable(s, 'or', out, inputs));
  }
  sum(out: Var, inputs: readonly Var[], name?: string): ModelFactor {
    return this.built(name, 'sum', [out, ...inputs], (s) => sumTable(s, out, inputs));
  }
  linear(vars: readonly Var[], coefficients: readonly number[], constant: number, name?: string): ModelFactor {
    return this.built(name, 'linear', vars, (s) => linearTable(s, vars, coefficients, constant));
  }
  mux(out: Var, select: Var, inputs: readonly Var[], name?: string): ModelFactor {
    return this.built(name, 'mux', [out, select, ...inputs], (s) => muxTable(s, out, select, inputs));
  }

  /**
   * Nest a subgraph (Dimple's addGraph): `bind` maps some of `sub`'s variable names to variables of
   * this model (same domain size); the others are copied as `prefix.name`, and factors as `prefix.name`.
   */
  nest(sub: Model, bind: Readonly<Record<string, Var>>, prefix: string): void {
    if (sub === this) throw new ModelError(`subgraph '${prefix}'`, 'a model cannot be nested in itself');
    const map = new Map<Var, Var>();
    for (const [name, outer] of Object.entries(bind)) {
      const inner = sub.byName.get(name);
      if (!inner) throw new ModelError(`subgraph '${prefix}'`, `binds '${name}', which is not a variable of model '${sub.name}'`);
      this.checkScope(`subgraph '${prefix}'`, [outer]);
      if (outer.size !== inner.size)
        throw new ModelError(`subgraph '${prefix}'`, `variable '${outer.name}' has ${outer.size} values but '${name}' has ${inner.size}`);
      map.set(inner, outer);
    }
    for (const v of sub.variables) if (!map.has(v)) map.set(v, this.variable(`${prefix}.${v.name}`, v.domain));
    for (const f of sub.factors) {
      const n = this.factorName(`${prefix}.${f.name}`, f.kind);
      this.push(n, f.scope.map((v) => map.get(v)!), { kind: f.kind, table: f.table });
    }
  }

  /** Choose the solver and (re)set its options; checked now. */
  setSolver(solver: SolverKind, options: SolverOptions = {}): this {
    checkSolver(solver, options);
    this.solver = solver;
    this.options = { ...options };
    return this;
  }

  /** Run the chosen solver; results by variable name. */
  solve(): Solution {
    return solveModel(this);
  }

  /**
   * The lowered graph (variable ids = creation order, names kept) for golden/ and runtime/. Xor
   * factors (and any other factor whose table is a parity constraint, e.g. Not or Equality on two
   * bits) carry golden's parity marker, so the chip takes the structured check-node path for them.
   */
  toFactorGraph(): LoweredGraph {
    return {
      variables: this.variables.map((v) => ({ card: v.size, name: v.name })),
      factors: this.factors.map((f) => withParityMarker({ scope: f.scope.map((v) => v.id), table: f.table }, f.scope.map((v) => v.size))),
    };
  }

  private built(name: string | undefined, kind: FactorKind, scope: readonly Var[], make: (subject: string) => BuiltTable): ModelFactor {
    const n = this.factorName(name, kind);
    this.checkScope(`factor '${n}'`, scope);
    return this.push(n, scope, make(`factor '${n}'`));
  }

  private factorName(name: string | undefined, kind: string): string {
    const n = name ?? `${kind}${this.factors.length}`;
    if (this.factorNames.has(n)) throw new ModelError(`factor '${n}'`, 'a factor of that name already exists');
    return n;
  }

  private checkScope(subject: string, scope: readonly Var[]): void {
    if (!Array.isArray(scope) || scope.length === 0) throw new ModelError(subject, 'expected a scope of at least one variable');
    const seen = new Set<Var>();
    for (const v of scope) {
      if (!(v instanceof Var)) throw new ModelError(subject, `expected variables in the scope, found ${String(v)}`);
      if (v.owner !== this) throw new ModelError(subject, `variable '${v.name}' belongs to another model`);
      if (seen.has(v)) throw new ModelError(subject, `variable '${v.name}' appears twice in the scope`);
      seen.add(v);
    }
  }

  private push(name: string, scope: readonly Var[], b: BuiltTable): ModelFactor {
    const f: ModelFactor = Object.freeze({ name, kind: b.kind, scope: Object.freeze([...scope]), table: b.table });
    this.factors.push(f);
    this.factorNames.add(name);
    return f;
  }
}
