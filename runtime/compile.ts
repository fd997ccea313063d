// The factor-graph compiler: quantised graph + placement → per-PE memory layout, descriptors,
// schedule and code. Every message update is one fupd/vupd whose descriptor is built here, in the
// update order of golden's fixed-point reference, so the chip's messages equal the reference's bit
// for bit. Messages crossing PEs move with send/recv at the points the schedule needs them.
// The phases, each one call with a typed result (runtime/README.md, "Compiler phases"):
//   validateForChip → layoutMemory (Layout, MemoryMap) → allocParity → writeDescriptors → generateCode.
import type { MachineConfig } from '../isa/index.js';
import { scheduleUpdates, structuredParityFactors, type QuantizedGraph, type Update } from '../golden/index.js';
import type { CodeEmitter } from './emitter.js';
import { nodeWork, placeGraph, type Placement } from './placement.js';
import { validateForChip } from './validate.js';
import { allocSnapshots, checkScratchpads, layoutMemory, memoryMap, type MemoryMap } from './layout.js';
import { writeDescriptors } from './descriptors.js';
import { generateCode, STATUS } from './codegen/index.js';
import { laneBound, type LaneBound } from './lane-bound.js';
import { allocParity, type ParityLowering } from './parity-lowering.js';
import type { CompileOptions } from './options.js';

import { CompileError, requireSignedMessages } from './errors.js';

export { CompileError };
export type { CompileOptions, RuntimeSchedule } from './options.js';
export type { MemoryMap } from './layout.js';

export interface CompiledProgram {
  cfg: MachineConfig;
  graph: QuantizedGraph;
  placement: Placement;
  options: CompileOptions;
  code: Uint32Array[];
  data: Int32Array[];
  map: MemoryMap;
  /** One iteration's update list, as compiled (the float and fixed references run this list). */
  updates: readonly Update[];
  /** Datapath beats per iteration (all fupd/vupd) and the compiler's per-iteration lower bound. */
  beatsPerIteration: number;
  lowerBound: { cyclesPerIteration: number; datapath: number; memoryBanks: number };
  /** Lane-counting roofline bound per iteration (lane-bound.ts). */
  laneBound: LaneBound;
  /** Words of scratchpad used per PE. */
  memoryUsed: number[];
  /** Per-PE send/recv instruction counts per iteration. */
  transfersPerIteration: number;
  /** The parity factors that take the structured (cnu) path (parity-lowering.ts). */
  parity: ParityLowering;
  emitters?: CodeEmitter[];
}

export function compileGraph(q: QuantizedGraph, cfg: MachineConfig, options: CompileOptions, placement?: Placement): CompiledProgram {
  // Flooding and gated flooding compute all of a variable's messages together: one all-outputs vupd.
  const allOutputs = options.schedule !== 'sequential';
  validateForChip(q, cfg, options.parityPath, allOutputs);
  const structured = structuredParityFactors(q, options.parityPath);
  if (structured.some((p) => p >= 0)) requireSignedMessages(cfg, 'the structured parity path (cnu/vnu)');
  // Only flooding (without the decoder's parity stop) reads a factor's messages where its edges are computed.
  const split = options.schedule === 'flooding' && !options.stopOnParity;
  let place = placement ?? placeGraph(q, cfg.pes, cfg.lanes, structured, split, allOutputs);
  const buildMemory = (place: Placement) => {
    // Allocation order fixes every address: layout, descriptors, then the gate snapshots.
    const layout = layoutMemory(q, cfg, place, structured);
    // Structured parity factors move their m messages into their cnu blocks, before any descriptor reads them.
    const parity = allocParity(q, cfg, place, layout, structured, options.semiring);
    const descriptors = writeDescriptors(q, place, layout, options.lambda, structured, allOutputs ? { lanes: cfg.lanes } : undefined);
    const snapshots = allocSnapshots(q, layout, options.schedule === 'gated-flooding');
    checkScratchpads(layout, cfg);
    return { layout, parity, descriptors, snapshots };
  };
  let built: ReturnType<typeof buildMemory>;
  try {
    built = buildMemory(place);
  } catch (err) {
    // A split factor's table copies can overflow a scratchpad the unsplit placement fits in.
    if (placement !== undefined || place.splitFactors === 0 || !(err instanceof CompileError)) throw err;
    place = placeGraph(q, cfg.pes, cfg.lanes, structured, false, allOutputs);
    built = buildMemory(place);
  }
  const { layout, parity, descriptors, snapshots } = built;
  const updates = scheduleUpdates({ variables: { length: q.nVars }, factors: q.scopes.map((scope) => ({ scope })) }, options.schedule);
  const generated = generateCode({ q, cfg, placement: place, layout, descriptors, snapshots, options, updates, parity });

  // Bound: every fupd/vupd of an iteration on the busiest possible spread (beats / P), each
  // all-outputs node at its one update's beats (placement weighs factors per edge).
  const work = nodeWork(q, cfg.lanes, structured, allOutputs, (a) => descriptors.fAll[a] >= 0);
  let beats = 0;
  for (const w of work.factor) beats += w;
  for (const w of work.variable) beats += w;
  const datapath = beats / cfg.pes;
  return {
    cfg,
    graph: q,
    placement: place,
    options,
    code: generated.code,
    data: layout.mem.map((m) => m.words.slice(0, m.used)),
    map: memoryMap(q, layout, STATUS),
    updates,
    beatsPerIteration: beats,
    lowerBound: { cyclesPerIteration: datapath, datapath, memoryBanks: 0 },
    laneBound: laneBound(q, updates, cfg.pes, cfg.lanes, generated.injectCycles, parity.structured, descriptors),
    memoryUsed: layout.mem.map((m) => m.used),
    transfersPerIteration: generated.transfersPerIteration,
    parity,
    ...(options.keepAssembly ? { emitters: generated.emitters } : {}),
  };
}
