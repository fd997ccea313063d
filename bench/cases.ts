// The list of benchmark cases. Names are stable: issues and notes refer to them.
import type { BenchCase } from './harness.js';
import { simCases } from './cases/sim.js';
import { goldenCases } from './cases/golden.js';
import { asmCases } from './cases/asm.js';
import { runtimeCases } from './cases/runtime.js';
import { compareCases } from './cases/compare.js';
import { ldpcCases } from './cases/ldpc.js';
import { ldpcFloatCases } from './cases/ldpc-float.js';
import { ldpcFixedSwCases } from './cases/ldpc-fixed-sw.js';
import { startupCases } from './cases/startup.js';
import { modelCases } from './cases/model.js';
import { exactCases } from './cases/exact.js';
import { sweepCases } from './cases/sweep.js';
import { rtlCases } from './cases/rtl.js';
import { synthCases } from './cases/synth.js';

export const cases: BenchCase[] = [...asmCases, ...goldenCases, ...simCases, ...runtimeCases, ...ldpcCases, ...compareCases, ...ldpcFloatCases, ...ldpcFixedSwCases, ...startupCases, ...modelCases, ...exactCases, ...sweepCases, ...rtlCases, ...synthCases];
