#!/usr/bin/env node
// gp5sim's entry (dist/bin/gp5sim.js when built; `tsx cli/gp5sim.ts` from source). Start-up time is
// most of a small `gp5sim solve`: when the build left the CommonJS bundle of the CLI beside this
// file, a named command runs from it with V8's code cache (cli/code-cache.ts), which also skips the
// ES-module loader's per-file work. Help (every command) and the commands that reach vega-lite take
// the ES modules (ESM_ONLY_COMMANDS).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CACHED_BUNDLE, ESM_ONLY_COMMANDS, runCached } from './code-cache.js';
import { commandNamed } from './commands/names.js';

const bundle = join(dirname(fileURLToPath(import.meta.url)), CACHED_BUNDLE);
const name = commandNamed(process.argv.slice(2));
if (name !== undefined && !ESM_ONLY_COMMANDS.includes(name) && existsSync(bundle)) runCached(bundle);
else await (await import('./program.js')).main();
