import { describe, it, expect } from 'vitest';
import { parseConfig, configFromJson, ConfigError, DEFAULT_CONFIG, meshFor } from '../../isa/index.js';

describe('machine config', () => {
  it('fills defaults', () => {
    expect(parseConfig({})).toEqual(DEFAULT_CONFIG);
    expect(DEFAULT_CONFIG.pes).toBe(16);
    expect(DEFAULT_CONFIG.lanes).toBe(8);
  });
  it('derives a near-square mesh from pes alone', () => {
    expect(parseConfig({ pes: 4 })).toMatchObject({ pes: 4, meshWidth: 2, meshHeight: 2 });
    expect(parseConfig({ pes: 64 })).toMatchObject({ meshWidth: 8, meshHeight: 8 });
    expect(meshFor(6)).toEqual({ meshWidth: 3, meshHeight: 2 });
    expect(meshFor(1)).toEqual({ meshWidth: 1, meshHeight: 1 });
  });
  it('names the bad field and what was expected', () => {
    expect(() => parseConfig({ lanes: 6 }, 'm.json')).toThrow('m.json: config field "lanes": expected a power of two, got 6');
    expect(() => parseConfig({ messageBits: 40 }, 'm.json')).toThrow(/"messageBits": expected an integer 8 … 32/);
    expect(() => parseConfig({ fracBits: 15 }, 'm.json')).toThrow(/"fracBits": expected an integer 0 … 14/);
    expect(() => parseConfig({ pes: 16, meshWidth: 3, meshHeight: 4 })).toThrow(/"pes": expected meshWidth × meshHeight = 12/);
    expect(() => parseConfig({ lane: 8 })).toThrow(/"lane": unknown field/);
    expect(() => parseConfig({ lanes: '8' })).toThrow(/expected a number/);
    expect(() => configFromJson('{ "lanes": ', 'x.json')).toThrow(ConfigError);
    expect(() => configFromJson('[]', 'x.json')).toThrow(/expected a JSON object/);
  });
});
