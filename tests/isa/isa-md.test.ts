import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { generateIsaMd, INSTRUCTIONS } from '../../isa/index.js';

describe('ISA.md', () => {
  it('is up to date with the ISA table (run `npm run gen:isa` to regenerate)', () => {
    const onDisk = readFileSync(new URL('../../ISA.md', import.meta.url), 'utf8');
    expect(onDisk === generateIsaMd()).toBe(true);
  });
  it('documents every instruction with its encoding', () => {
    const md = generateIsaMd();
    for (const d of INSTRUCTIONS) expect(md).toContain(`#### \`${d.mnemonic}\``);
  });
});
