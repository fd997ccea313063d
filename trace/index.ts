// Public surface of trace/: every trace format (VCD, commit log, profile) with its writer, reader and
// shared vocabulary, the trace filter, and the comparison with its text report. Writers are trace
// sinks (the simulator's TraceSink interface, sim/trace.ts); nothing here runs the simulator.
export { VCD_SIGNALS, STALL_ISSUING, STALL_HALTED, stallCode, stallCodeName, COMMIT_LOG_HEADER, COMMIT_LOG_MAGIC, type VcdSignalName } from './formats.js';
export { VcdSink, vcdId } from './vcd.js';
export { type ByteWriter, type ChunkWriter } from './byte-out.js';
export { CommitLogSink } from './commit-log.js';
export { RetireLog, PeRetirements } from './retire-log.js';
export { ProfileSink } from './profile.js';
export { parseVcd, VcdParseError, type VcdVar, type VcdHeader } from './vcd-parse.js';
export { parseCommitLog, looksLikeCommitLog, CommitLogParseError, type CommitLog, type RetireStream } from './commit-log-parse.js';
export { TraceParseError } from './parse-error.js';
export { compareTraces, parseCompareMap, defaultCompareMap, detectTraceKind, CompareInputError, DEFAULT_CLOCK, type CompareMap, type CompareOptions, type CompareResult, type ClockMap, type Divergence, type TraceInput, type TraceKind, type TraceSummary, type InFlight, type ContextRow } from './compare.js';
export { selectTrace, tracedPes, type TraceSelection, type TraceBeginInfo } from './select.js';
export { formatCompareText, uncheckedLine, type ReportColours } from './report.js';
export { looksLikeFst } from './fst.js';
