#!/usr/bin/env node
// gp5asm: the GP5 assembler and disassembler command line (a thin shell over asm/).
import { readFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import {
  assemble,
  AssemblyError,
  disassembleObject,
  formatDiagnostics,
  formatListing,
  parseObject,
  serializeObject,
} from '../asm/index.js';
import { colours, exitCodesHelp, runCommand, UsageError, EXIT_USER_ERROR } from './io.js';
import { openOutput, readInputBytes, readInputText, refuseOverwritingInputs, writeAndClose } from './files.js';
import { packageVersion } from './version.js';

interface Opts {
  output?: string;
  listing?: string | boolean;
  bits?: string;
  frac?: string;
  disassemble?: boolean;
  comments?: boolean;
}

function intOption(v: string | undefined, name: string): number | undefined {
  if (v === undefined) return undefined;
  if (!/^[0-9]+$/.test(v)) throw new UsageError(`${name} expects a non-negative integer, got '${v}'`);
  return Number(v);
}

function defaultOutput(input: string): string {
  return /\.(s|asm|gp5s)$/i.test(input) ? input.replace(/\.[^./\\]+$/, '.gp5o') : `${input}.gp5o`;
}

function disassembleFile(file: string, output: string | undefined, comments: boolean): number {
  refuseOverwritingInputs([output], [file]);
  const bytes = readInputBytes(file);
  const obj = parseObject(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), file);
  writeAndClose(openOutput(output ?? '-'), disassembleObject(obj, { comments }));
  return 0;
}

function assembleFile(file: string, opts: Opts): number {
  const out = opts.output ?? (file === '-' ? '-' : defaultOutput(file));
  const listingPath = typeof opts.listing === 'string' ? opts.listing : undefined;
  refuseOverwritingInputs([out, listingPath], [file]);
  const source = readInputText(file);
  const messageBits = intOption(opts.bits, '--bits');
  const fracBits = intOption(opts.frac, '--frac');
  if (messageBits !== undefined && (messageBits < 8 || messageBits > 32)) throw new UsageError(`--bits ${messageBits} is outside 8 … 32`);
  if (fracBits !== undefined && fracBits > (messageBits ?? 16) - 2) throw new UsageError(`--frac ${fracBits} is outside 0 … ${(messageBits ?? 16) - 2}`);
  let result;
  try {
    result = assemble(source, {
      fileName: file,
      readFile: (p) => readFileSync(p, 'utf8'),
      messageBits,
      fracBits,
      listing: opts.listing !== undefined && opts.listing !== false,
    });
  } catch (err) {
    if (err instanceof AssemblyError) {
      process.stderr.write(formatDiagnostics(err.diagnostics, err.sources, colours(process.stderr)));
      return EXIT_USER_ERROR;
    }
    throw err;
  }
  if (result.diagnostics.length > 0) {
    process.stderr.write(formatDiagnostics(result.diagnostics, result.sources, colours(process.stderr)));
  }
  writeAndClose(openOutput(out), serializeObject(result.object));
  if (opts.listing !== undefined && opts.listing !== false) writeAndClose(openOutput(listingPath ?? '-'), formatListing(result.listing));
  return 0;
}

const program = new Command();
program
  .name('gp5asm')
  .version(packageVersion(), '-V, --version')
  .enablePositionalOptions()
  .description('GP5-class accelerator assembler: assembly source → object file (.gp5o), listings, and disassembly')
  .argument('[file]', 'assembly source (or, with --disassemble, an object file); - for stdin')
  .option('-o, --output <file>', 'output file, - for stdout (default: FILE with the extension .gp5o, stdout for stdin; with --disassemble: stdout)')
  .option('-l, --listing [file]', 'write a listing (address, words in hex, source line) to FILE, or stdout')
  .option('--bits <W>', 'message width W for .prob/.energy/.msg (8 … 32; default 16)')
  .option('--frac <F>', 'message fraction bits F (default 8, or W/2 with --bits)')
  .option('-d, --disassemble', 'disassemble the object FILE into source that reassembles to identical bytes')
  .addOption(new Option('--no-comments', 'with --disassemble: omit the address/word comments'))
  .showHelpAfterError()
  .addHelpText(
    'after',
    `
Examples:
  gp5asm prog.s -o prog.gp5o --listing prog.lst
  gp5asm --disassemble prog.gp5o > prog.dis.s
  gp5asm disassemble prog.gp5o -o prog.dis.s
  gp5asm - -o - < prog.s | gp5asm -d -

${exitCodesHelp()}
Syntax and directives: asm/README.md.`,
  )
  .exitOverride((err) => {
    process.exit(err.exitCode === 0 ? 0 : 2);
  })
  .action(async (file: string | undefined, opts: Opts) => {
    await runCommand(() => {
      if (!file) throw new UsageError('no input file (try gp5asm --help)');
      if (opts.disassemble) return disassembleFile(file, opts.output, opts.comments !== false);
      return assembleFile(file, opts);
    });
  });

program
  .command('disassemble')
  .description('disassemble an object file into source that reassembles to identical bytes')
  .argument('<object>', 'object file (.gp5o)')
  .option('-o, --output <file>', 'write the source to FILE (default stdout)')
  .addOption(new Option('--no-comments', 'omit the address/word comments'))
  .exitOverride((err) => {
    process.exit(err.exitCode === 0 ? 0 : 2);
  })
  .action(async (file: string, opts: { output?: string; comments?: boolean }) => {
    await runCommand(() => disassembleFile(file, opts.output, opts.comments !== false));
  });

await program.parseAsync(process.argv);
