// gp5sim loads only the module of the command it runs (start-up time): the others stay unregistered.
import { describe, it, expect } from 'vitest';
import { Command } from 'commander';
import { registerCommands } from '../../cli/commands/index.js';

const ALL = ['run', 'infer', 'solve', 'score', 'ldpc', 'compare', 'generate', 'demo', 'sweep', 'diff-runs', 'worker'];
const registered = async (args: string[]) => {
  const p = new Command();
  await registerCommands(p, args);
  return p.commands.map((c) => c.name());
};

describe('lazy command registration', () => {
  it('registers just the named command', async () => {
    expect(await registered(['solve', 'model.fg', '--json'])).toEqual(['solve']);
    expect(await registered(['--no-color', 'ldpc', 'x.alist'])).toEqual(['ldpc']);
  });
  it('registers every command, in help order, for help and unknown commands', async () => {
    expect(await registered([])).toEqual(ALL);
    expect(await registered(['--help'])).toEqual(ALL);
    expect(await registered(['help', 'solve'])).toEqual(ALL);
    expect(await registered(['solv'])).toEqual(ALL);
    expect(await registered(['constructor'])).toEqual(ALL); // not an inherited property
  });
});
