import { describe, expect, it } from 'vitest';
import { holdModel, takeAffineHand } from '../../sweep/affinity.js';
import { MAX_CACHED_MODELS } from '../../sweep/index.js';

const jobs = (models: string) => [...models].map((model, id) => ({ id, model }));
const ids = (hand: { id: number }[]) => hand.map((j) => j.id);

describe('takeAffineHand', () => {
  it('takes the models the child holds first, in queue order', () => {
    const queue = jobs('abcabc');
    const held = new Set(['b']);
    expect(ids(takeAffineHand(queue, 3, held, []))).toEqual([1, 4, 0]);
    expect(ids(queue)).toEqual([2, 3, 5]);
    // 'a' came in with the third job, so the rest of 'a' is next.
    expect(ids(takeAffineHand(queue, 2, held, []))).toEqual([3, 2]);
  });

  it("skips another child's models while a free one waits, and takes them when none is left", () => {
    const queue = jobs('aabbcc');
    const mine = new Set<string>();
    const theirs = new Set(['a', 'b']);
    expect(ids(takeAffineHand(queue, 3, mine, [theirs]))).toEqual([4, 5, 0]);
    expect([...mine]).toEqual(['c', 'a']);
  });

  it('deals a model-ordered plan to two children, splitting only the last model (at the tail, an idle child takes what is left)', () => {
    const queue = jobs('aaaabbbbccccdddd');
    const one = new Set<string>();
    const two = new Set<string>();
    const got: [string[], string[]] = [[], []];
    while (queue.length > 0) {
      got[0].push(...takeAffineHand(queue, 3, one, [two]).map((j) => j.model));
      got[1].push(...takeAffineHand(queue, 3, two, [one]).map((j) => j.model));
    }
    expect(got[0].join('')).toBe('aaaaccccd');
    expect(got[1].join('')).toBe('bbbbddd');
  });

  it('holds as many models as a worker keeps', () => {
    const held = new Set<string>();
    for (let i = 0; i <= MAX_CACHED_MODELS; i++) holdModel(held, `m${i}`);
    expect(held.size).toBe(MAX_CACHED_MODELS);
    expect(held.has('m0')).toBe(false);
    holdModel(held, 'm1');
    expect([...held].at(-1)).toBe('m1');
  });
});
