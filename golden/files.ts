// Thin file helpers: read a model by extension (fs read only; parsing is in formats/).
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { ModelFormatError } from './errors.js';
import type { FactorGraph } from './model.js';
import { readAlistGraph } from './formats/alist.js';
import { parseFg } from './formats/fg.js';
import { parseJsonModel } from './formats/json.js';
import { applyEvidence, parseEvidence, parseUai } from './formats/uai.js';

export type ModelFormat = 'uai' | 'fg' | 'json' | 'alist';

/** The model format implied by a file name's extension, or undefined. */
export function modelFormatOf(path: string): ModelFormat | undefined {
  const b = basename(path).toLowerCase();
  if (b.endsWith('.uai')) return 'uai';
  if (b.endsWith('.fg')) return 'fg';
  if (b.endsWith('.json')) return 'json';
  if (b.endsWith('.alist')) return 'alist';
  return undefined;
}

/** Parse model text in a given format. */
export function parseModel(text: string, fileName: string, format: ModelFormat): FactorGraph {
  switch (format) {
    case 'uai':
      return parseUai(text, fileName);
    case 'fg':
      return parseFg(text, fileName);
    case 'json':
      return parseJsonModel(text, fileName);
    case 'alist':
      return readAlistGraph(text, fileName);
  }
}

/** Read a model file (format by extension) and optionally apply a UAI evidence file. */
export function readModelFile(path: string, evidencePath?: string): FactorGraph {
  const format = modelFormatOf(path);
  if (!format) throw new ModelFormatError(path, 1, 'expected a model file ending in .uai, .fg, .json or .alist');
  let g = parseModel(readFileSync(path, 'utf8'), path, format);
  if (evidencePath !== undefined) g = applyEvidence(g, parseEvidence(readFileSync(evidencePath, 'utf8'), evidencePath));
  return g;
}
