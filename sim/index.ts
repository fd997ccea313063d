// Public surface of sim/: the cycle-accurate simulator, its program image loader, reports and the
// trace sink interface it emits through (the writers and readers of each format are in trace/).
export { Machine, PEState, FaultReportError, type RunOptions, type RunResult } from './machine.js';
export { loadImage, LoadError, type ProgramImage } from './image.js';
export { MachineMemory } from './machine-memory.js';
export { buildReport, type SimReport, type PeReport } from './report.js';
export { formatFault, type FaultReport, type FaultCause } from './faults.js';
export { teeSinks, type TraceSink, type IssueEvent, type WriteRecord, type RetireLogPe, type RetireLogTarget } from './trace.js';
export { SEMANTICS, checkSemantics, SemanticsError, type ArchState, type Semantic } from './semantics/index.js';
export { dumpMemory, checkMemoryRange, parseMemoryRange, formatMemoryDump, MemoryDumpError, type MemoryRange, type MemoryDump } from './memory-dump.js';
export { simulate, type SimulateOptions, type SimulateResult } from './simulate.js';
