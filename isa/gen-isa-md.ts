// Writes ISA.md from the ISA table (`npm run gen:isa`).
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { generateIsaMd } from './isa-md.js';

const target = fileURLToPath(new URL('../ISA.md', import.meta.url));
writeFileSync(target, generateIsaMd());
process.stdout.write(`wrote ${target}\n`);
