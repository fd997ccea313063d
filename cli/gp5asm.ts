#!/usr/bin/env node
// gp5asm: the GP5 assembler and disassembler command line (a thin shell over asm/).

/** Largest object file read (the assembler's 2^24-word cap plus headers fits easily). */
const MAX_OBJECT_BYTES = 256 << 20;
import { Command, Option } from 'commander';
import {
  assembleSources,
  ASSEMBLER_LIMITS,
  AssemblyError,
  disassembleObject,
  formatDiagnostics,
  formatListing,
  parseObject,
  serializeObject,
} from '../asm/index.js';
import { MAX_UNSIGNED_MESSAGE_BITS } from '../isa/index.js';
import { colours, exitCodesHelp, runCommand, UsageError, EXIT_USER_ERROR } from './io.js';
import { openOutput, readInputBytes, readInputText, refuseOverwritingInputs, writeAndClose } from './files.js';
import { packageVersion } from './version.js';

interface Opts {
  output?: string;
  listing?: string | boolean;
  bits?: string;
  frac?: string;
  unsigned?: boolean;
  disassemble?: boolean;
  comments?: boolean;
  includeDir: string[];
  define: string[];
}

const collect = (v: string, prev: string[]) => [...prev, v];

/** `-D NAME[=VALUE]`: VALUE an integer (decimal, 0x hex, 0b binary, optional minus); default 1. */
function parseDefines(list: string[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const d of list) {
    const m = /^([A-Za-z_][A-Za-z0-9_.$]*)(?:=(-?(?:0x[0-9a-fA-F]+|0b[01]+|[0-9]+)))?$/.exec(d);
    if (!m) throw new UsageError(`-D expects NAME=VALUE with an integer VALUE (for example -D N=4), got '${d}'`);
    const t = m[2] ?? '1';
    const neg = t.startsWith('-');
    const v = Number(neg ? t.slice(1) : t) * (neg ? -1 : 1);
    if (!Number.isSafeInteger(v) || v < -(2 ** 31) || v > 2 ** 32 - 1) throw new UsageError(`-D ${m[1]}: ${t} does not fit in 32 bits`);
    out.set(m[1], v);
  }
  return out;
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
  const bytes = readInputBytes(file, MAX_OBJECT_BYTES);
  const obj = parseObject(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), file);
  writeAndClose(openOutput(output ?? '-'), disassembleObject(obj, { comments }));
  return 0;
}

function assembleFiles(files: string[], opts: Opts): number {
  const out = opts.output ?? (files[0] === '-' ? '-' : defaultOutput(files[0]!));
  const listingPath = typeof opts.listing === 'string' ? opts.listing : undefined;
  refuseOverwritingInputs([out, listingPath], files);
  const defines = parseDefines(opts.define);
  let budget = ASSEMBLER_LIMITS.sourceBytes;
  const inputs = files.map((f) => {
    const text = readInputText(f, budget);
    budget -= text.length;
    return { fileName: f, text };
  });
  const messageBits = intOption(opts.bits, '--bits');
  const fracBits = intOption(opts.frac, '--frac');
  if (messageBits !== undefined && (messageBits < 8 || messageBits > 32)) throw new UsageError(`--bits ${messageBits} is outside 8 … 32`);
  if (fracBits !== undefined && fracBits > (messageBits ?? 16) - 2) throw new UsageError(`--frac ${fracBits} is outside 0 … ${(messageBits ?? 16) - 2}`);
  if (opts.unsigned && messageBits !== undefined && messageBits > MAX_UNSIGNED_MESSAGE_BITS) {
    throw new UsageError(`--unsigned needs --bits ≤ ${MAX_UNSIGNED_MESSAGE_BITS}, got ${messageBits}`);
  }
  let result;
  try {
    result = assembleSources(inputs, {
      readFile: (path: string, maxBytes: number) => readInputText(path, maxBytes),
      includePath: opts.includeDir,
      defines,
      messageBits,
      fracBits,
      unsignedMessages: opts.unsigned ? 1 : undefined,
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
  .argument('[files...]', 'assembly sources, assembled as one program in order, - for stdin (or, with --disassemble, one object file)')
  .option('-o, --output <file>', 'output file, - for stdout (default: the first FILE with the extension .gp5o, stdout for stdin; with --disassemble: stdout)')
  .option('-l, --listing [file]', 'write a listing (address, words in hex, source line) to FILE, or stdout')
  .option('-I, --include-dir <dir>', 'search DIR for .include files not found beside the including file (repeatable)', collect, [])
  .option('-D, --define <NAME=VALUE>', 'define the constant NAME (as .equ; VALUE an integer, default 1; repeatable)', collect, [])
  .option('--bits <W>', 'message width W for .prob/.energy/.msg (8 … 32; default 16)')
  .option('--frac <F>', 'message fraction bits F (default 8, or W/2 with --bits)')
  .option('--unsigned', 'the unsigned message code for .prob/.energy/.msg (as .format W, F, unsigned; default signed)')
  .option('-d, --disassemble', 'disassemble the object FILE into source that reassembles to identical bytes')
  .addOption(new Option('--no-comments', 'with --disassemble: omit the address/word comments'))
  .showHelpAfterError()
  .addHelpText(
    'after',
    `
Examples:
  gp5asm prog.s -o prog.gp5o --listing prog.lst
  gp5asm -I lib -D N=8 consts.s main.s -o main.gp5o
  gp5asm --disassemble prog.gp5o > prog.dis.s
  gp5asm disassemble prog.gp5o -o prog.dis.s
  gp5asm - -o - < prog.s | gp5asm -d -

${exitCodesHelp()}
Syntax and directives: asm/README.md.`,
  )
  .exitOverride((err) => {
    process.exit(err.exitCode === 0 ? 0 : 2);
  })
  .action(async (files: string[], opts: Opts) => {
    await runCommand(() => {
      if (files.length === 0) throw new UsageError('no input file (try gp5asm --help)');
      if (opts.disassemble) {
        if (files.length > 1) throw new UsageError('--disassemble takes one object file');
        return disassembleFile(files[0], opts.output, opts.comments !== false);
      }
      return assembleFiles(files, opts);
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
