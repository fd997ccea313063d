// trace/ takes only types from sim/ (the sink interface), so reading or comparing traces never
// loads the simulator (`gp5sim compare` runs without sim/).
import { describe, it, expect } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';

const dir = new URL('../../trace/', import.meta.url);

describe('trace/ imports', () => {
  it('every import from sim/ is type-only', () => {
    const files = readdirSync(dir).filter((f) => f.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(10);
    const valueImports: string[] = [];
    let typeImports = 0;
    for (const f of files) {
      const text = readFileSync(new URL(f, dir), 'utf8');
      for (const m of text.matchAll(/^(import|export)\s+([^;]*?)\s+from\s+'\.\.\/sim\/[^']*';/gms)) {
        if (/^type\s/.test(m[2])) typeImports++;
        else valueImports.push(`${f}: ${m[0]}`);
      }
    }
    expect(valueImports).toEqual([]);
    expect(typeImports).toBeGreaterThan(0);
  });
});
