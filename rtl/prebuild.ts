// Build (or reuse) the Verilator binaries the test suite co-simulates with, so the one-time C++
// build happens before the tests rather than inside them (`npm run rtl:build`; .ci/run calls it).
import { rtlConfig, rtlParams } from './harness.js';
import { buildVerilator } from './verilator.js';

/** The parameter sets tests/rtl/cosim.test.ts uses (P = 4). */
const TEST_BUILDS = [rtlParams(rtlConfig({ pes: 4 }))];

const t0 = Date.now();
for (const params of TEST_BUILDS) process.stdout.write(`verilator build: ${buildVerilator(params)}\n`);
process.stdout.write(`verilator builds ready in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
