// Run one program on the reference RTL (iverilog + vvp) and on gp5sim, and compare the traces.
//   npx tsx rtl/run.ts PROGRAM.s [--config CFG.json] [--define BUG_NAME]... [--out DIR] [--arch]
// Writes DIR/NAME.sim.vcd, DIR/NAME.sim.log, DIR/NAME.rtl.vcd (default DIR: /tmp/gp5-rtl) and
// prints `gp5sim compare`'s report; exit 0 when the traces agree, 1 when they diverge.
import { writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { Chalk } from 'chalk';
import { compareTraces, parseCompareMap, formatCompareText } from '../trace/index.js';
import { readFileSync } from 'node:fs';
import { assembleFile, compileRtl, objectToHex, programName, rtlConfig, rtlParams, runRtl, runSim, RTL_DIR } from './harness.js';

const args = process.argv.slice(2);
const defines: string[] = [];
let config: string | undefined;
let out = join(tmpdir(), 'gp5-rtl');
let arch = false;
let program: string | undefined;
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === '--define' || a === '-D') defines.push(args[++i]);
  else if (a === '--config') config = args[++i];
  else if (a === '--out') out = args[++i];
  else if (a === '--arch') arch = true;
  else if (!a.startsWith('-')) program = a;
  else {
    process.stderr.write(`unknown option ${a}\n`);
    process.exit(2);
  }
}
if (!program) {
  process.stderr.write('usage: npx tsx rtl/run.ts PROGRAM.s [--config CFG.json] [--define BUG_NAME]... [--out DIR] [--arch]\n');
  process.exit(2);
}
const cfgFile = config ?? (existsSync(program.replace(/\.s$/, '.config.json')) ? program.replace(/\.s$/, '.config.json') : undefined);
const cfg = rtlConfig({}, cfgFile);
const name = programName(program);
mkdirSync(out, { recursive: true });
const obj = assembleFile(program, cfg);
const sim = runSim(obj, cfg);
const simVcd = join(out, `${name}.sim.vcd`);
writeFileSync(simVcd, sim.vcd);
writeFileSync(join(out, `${name}.sim.log`), sim.commitLog);
const vvp = compileRtl(join(out, 'build'), rtlParams(cfg), defines);
const rtl = runRtl(vvp, objectToHex(obj, cfg), out, name);
process.stdout.write(rtl.stdout);
const mapFile = join(RTL_DIR, 'gp5_pe.map.json');
const r = compareTraces({ file: simVcd, text: sim.vcd }, { file: rtl.vcdPath, text: readFileSync(rtl.vcdPath, 'utf8') }, { mode: arch ? 'arch' : 'timing', map: parseCompareMap(readFileSync(mapFile, 'utf8'), mapFile) });
// A script, not the CLI: colour only on a terminal, and never when NO_COLOR is set.
const colours = new Chalk({ level: process.stdout.isTTY && !process.env.NO_COLOR ? 1 : 0 });
process.stdout.write(formatCompareText(r, colours));
process.stdout.write(`(gp5sim compare ${simVcd} ${rtl.vcdPath} --map ${mapFile}${arch ? ' --arch' : ''})\n`);
process.exit(r.agree ? 0 : 1);
