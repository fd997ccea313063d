// Public API of the GP5 assembler (library: returns data, throws typed errors, never prints).
export {
  assemble,
  assembleSources,
  ASSEMBLER_LIMITS,
  type SourceReader,
  type SourceInput,
  resolveIncludePath,
  type AssembleOptions,
  type AssembleResult,
  type ListingLine,
} from './assembler.js';
export { disassembleObject, disassembleWords, type DisassembleOptions } from './disasm.js';
export { formatListing } from './listing.js';
export {
  AssemblyError,
  formatDiagnostics,
  suggest,
  editDistance,
  ASM_MNEMONICS,
  type Diagnostic,
  type DiagnosticStyle,
} from './diagnostics.js';
export { parseLineOhm, GRAMMAR_SOURCE } from './grammar.js';
export { parseLineFast } from './fastparse.js';
export type * from './ast.js';
export { serializeObject, parseObject, validateObject, sectionName, MAX_PE_ID, ObjectFormatError, type ObjectFile } from '../isa/object.js';
