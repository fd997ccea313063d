// Read a model (and UAI evidence) through files.ts: `-` for stdin (with --format), BOM dropped,
// only regular files; parsing is golden's.
// Golden's modules directly, not its index.ts: the barrel loads every solver (and isa/), which is
// most of `gp5sim solve`'s start-up time (bench case cli.solveTestfast.ms).
import { modelFormatOf, parseModel, type ModelFormat } from '../golden/files.js';
import { applyEvidence, parseEvidence } from '../golden/formats/uai.js';
import type { FactorGraph } from '../golden/model.js';
import { readInputText, STDIO } from './files.js';
import { UsageError } from './io.js';

const FORMATS: readonly ModelFormat[] = ['uai', 'fg', 'json', 'alist'];

/** The model format: --format if given, else the file's extension (a usage error when neither says). */
export function modelFormatFor(path: string, format?: string): ModelFormat {
  if (format !== undefined) {
    if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format expects uai, fg, json or alist, got '${format}'`);
    return format as ModelFormat;
  }
  const f = modelFormatOf(path);
  if (f) return f;
  if (path === STDIO) throw new UsageError('a model read from standard input (-) needs --format uai|fg|json|alist');
  throw new UsageError(`cannot tell the model format of '${path}': expected .uai, .fg, .json or .alist (or give --format)`);
}

/** Parse the model file and apply the evidence file, if any. */
export function readModel(path: string, format: ModelFormat, evidencePath?: string): FactorGraph {
  const name = path === STDIO ? '<stdin>' : path;
  let g = parseModel(readInputText(path), name, format);
  if (evidencePath !== undefined) g = applyEvidence(g, parseEvidence(readInputText(evidencePath), evidencePath === STDIO ? '<stdin>' : evidencePath));
  return g;
}
