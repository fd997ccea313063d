// The list of benchmark cases. Names are stable: issues and notes refer to them.
import type { BenchCase } from './harness.js';

export const cases: BenchCase[] = [];
