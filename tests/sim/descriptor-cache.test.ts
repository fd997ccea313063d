import { describe, expect, it } from 'vitest';
import { DescriptorCache } from '../../sim/descriptor-cache.js';

describe('the descriptor cache', () => {
  it('answers a key it holds and no other', () => {
    const c = new DescriptorCache();
    c.add(2 * 300 + 1, 4, 3, 12);
    expect(c.find(2 * 300 + 1)).toBe(true);
    expect(c.hit).toEqual({ outLen: 4, beats: 3, laneOps: 12 });
    expect(c.find(2 * 300)).toBe(false);
  });

  it('keeps keys that share a slot: the one pushed out answers from the overflow map', () => {
    const c = new DescriptorCache();
    // 1024 slots: keys 7, 1031 and 2055 share slot 7.
    c.add(7, 2, 1, 6);
    c.add(1031, 3, 2, 9);
    c.add(2055, 5, 4, 20);
    expect(c.find(7)).toBe(true);
    expect(c.hit).toEqual({ outLen: 2, beats: 1, laneOps: 6 });
    expect(c.find(1031)).toBe(true);
    expect(c.hit).toEqual({ outLen: 3, beats: 2, laneOps: 9 });
    expect(c.find(2055)).toBe(true);
    expect(c.hit).toEqual({ outLen: 5, beats: 4, laneOps: 20 });
    expect(c.find(3079)).toBe(false);
  });

  it('forgets everything on clear', () => {
    const c = new DescriptorCache();
    c.add(7, 2, 1, 6);
    c.add(1031, 3, 2, 9);
    c.clear();
    expect(c.find(7)).toBe(false);
    expect(c.find(1031)).toBe(false);
  });
});
