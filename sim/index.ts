// Public surface of sim/: the cycle-accurate simulator, its program image loader, reports and
// trace sinks.
export { Machine, PEState, FaultReportError, type RunOptions, type RunResult } from './machine.js';
export { loadImage, LoadError, type ProgramImage } from './image.js';
export { buildReport, type SimReport, type PeReport } from './report.js';
export { formatFault, type FaultReport, type FaultCause } from './faults.js';
export { teeSinks, type TraceSink, type IssueEvent, type WriteRecord } from './trace.js';
export { CommitLogSink, COMMIT_LOG_HEADER, formatWrites } from './commit-log.js';
export { VcdSink, VCD_SIGNALS, STALL_HALTED, stallCode, vcdId } from './vcd.js';
export { ProfileSink } from './profile.js';
export { SEMANTICS, checkSemantics, SemanticsError, type ArchState, type Semantic } from './semantics/index.js';
export { dumpMemory, checkMemoryRange, parseMemoryRange, formatMemoryDump, MemoryDumpError, type MemoryRange, type MemoryDump } from './memory-dump.js';
export { simulate, type SimulateOptions, type SimulateResult } from './simulate.js';
export { parseVcd, VcdParseError, type VcdVar, type VcdHeader } from './vcd-parse.js';
export { compareTraces, parseCompareMap, defaultCompareMap, detectTraceKind, CompareInputError, DEFAULT_CLOCK, type CompareMap, type CompareOptions, type CompareResult, type ClockMap, type Divergence, type TraceInput, type TraceKind, type TraceSummary, type InFlight, type ContextRow } from './compare.js';
export { parseCommitLog, looksLikeCommitLog, CommitLogParseError, type CommitLog, type RetireStream } from './commit-log-parse.js';
export { TraceParseError } from './parse-error.js';
