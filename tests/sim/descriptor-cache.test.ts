import { describe, expect, it } from 'vitest';
import { DescriptorCache } from '../../sim/descriptor-cache.js';

/** The cache key of a descriptor at address desc. */
const key = (desc: number, isVupd: boolean) => desc * 2 + (isVupd ? 1 : 0);

describe('the descriptor cache', () => {
  it('answers a key it holds and no other', () => {
    const c = new DescriptorCache();
    c.add(key(300, true), 4, 3, 12);
    expect(c.find(key(300, true))).toBe(true);
    expect(c.hit).toEqual({ outLen: 4, beats: 3, laneOps: 12 });
    expect(c.find(key(300, false))).toBe(false);
    expect(c.find(key(301, true))).toBe(false);
  });

  it('keeps keys that share a slot: later ones answer from the overflow map', () => {
    const c = new DescriptorCache();
    // 4,096 slots by address: descriptors at 7 and 4,103 share slot 7, as do fupd and vupd at 7.
    c.add(key(7, false), 2, 1, 6);
    c.add(key(4103, false), 3, 2, 9);
    c.add(key(7, true), 5, 4, 20);
    for (let round = 0; round < 2; round++) {
      expect(c.find(key(7, false))).toBe(true);
      expect(c.hit).toEqual({ outLen: 2, beats: 1, laneOps: 6 });
      expect(c.find(key(4103, false))).toBe(true);
      expect(c.hit).toEqual({ outLen: 3, beats: 2, laneOps: 9 });
      expect(c.find(key(7, true))).toBe(true);
      expect(c.hit).toEqual({ outLen: 5, beats: 4, laneOps: 20 });
    }
    expect(c.find(key(8199, false))).toBe(false);
  });

  it('forgets everything on clear, and fills again', () => {
    const c = new DescriptorCache();
    c.add(key(7, false), 2, 1, 6);
    c.add(key(4103, false), 3, 2, 9);
    c.clear();
    expect(c.find(key(7, false))).toBe(false);
    expect(c.find(key(4103, false))).toBe(false);
    c.add(key(4103, false), 8, 7, 30);
    expect(c.find(key(4103, false))).toBe(true);
    expect(c.hit).toEqual({ outLen: 8, beats: 7, laneOps: 30 });
    expect(c.find(key(7, false))).toBe(false);
  });
});
