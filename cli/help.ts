// Help conventions for every gp5sim subcommand, applied in one place: examples, the exit-status
// paragraph, and numeric defaults shown unquoted (`default: 1000`, not `default: "1000"`).
import type { Command } from 'commander';
import { EXIT_NOT_CONVERGED, exitCodesHelp } from './io.js';

const D = '../shared/data';

/** Real invocations (run from a checkout with the data folder beside it). */
export const EXAMPLES: Record<string, string[]> = {
  run: ['gp5sim run examples/factor-update.s --pes 4', 'gp5sim run examples/pe-exchange.s --vcd pe.vcd --commit-log pe.log --json'],
  infer: [
    `gp5sim infer ${D}/libdai/testfast.fg`,
    `gp5sim infer ${D}/uai2014/Promedus_24.uai --evid ${D}/uai2014/Promedus_24.uai.evid --bits 16 -o p.MAR --pr p.PR`,
    `gp5sim generate ising --size 8 -o - | gp5sim infer - --format json --strict`,
  ],
  solve: [
    `gp5sim solve ${D}/libdai/testfast.fg`,
    `gp5sim solve ${D}/uai2014/Grids_11.uai --evid ${D}/uai2014/Grids_11.uai.evid --method exact --max-table 33554432 -o g.MAR --pr g.PR`,
  ],
  score: [`gp5sim score g.MAR ${D}/uai2014/Grids_11.uai.MAR --pr-result g.PR --pr ${D}/uai2014/Grids_11.uai.PR`],
  ldpc: [`gp5sim ldpc ${D}/ldpc/96.3.963.alist --ebn0 1.5,2.5 --frames 20`],
  compare: ['gp5sim compare gp5.vcd rtl.vcd --map rtl-names.json', 'gp5sim compare gp5.log rtl.vcd --arch'],
  generate: ['gp5sim generate ising --size 12 -o grid.fg', 'gp5sim generate hmm --classes 8 --frames 600 -o events.json'],
  demo: ['gp5sim demo', 'gp5sim demo --json'],
};

const STRICT_NOTE: Record<string, string> = { infer: `, ${EXIT_NOT_CONVERGED} not converged with --strict`, solve: `, ${EXIT_NOT_CONVERGED} not converged with --strict` };

const NUMERIC = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Apply the help conventions to every subcommand of `program`. */
export function finishHelp(program: Command): void {
  for (const cmd of program.commands) {
    for (const opt of cmd.options) {
      if (typeof opt.defaultValue === 'string' && NUMERIC.test(opt.defaultValue) && opt.defaultValueDescription === undefined) {
        opt.defaultValueDescription = opt.defaultValue;
      }
    }
    const examples = EXAMPLES[cmd.name()] ?? [];
    const lines = examples.length ? ['', 'Examples:', ...examples.map((e) => `  ${e}`)] : [];
    cmd.addHelpText('after', [...lines, '', exitCodesHelp(STRICT_NOTE[cmd.name()] ?? '')].join('\n'));
  }
}
