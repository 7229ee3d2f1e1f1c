import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, tripletLoss } from '../src/index.js';

describe('tripletLoss', () => {
  it.each([
    { name: 'identical triplet, alpha 5', a: [[1, 1]], p: [[1, 1]], n: [[1, 1]], alpha: 5, expected: 5 },
    { name: 'negative farther, alpha 3', a: [[1, 1]], p: [[1, 1]], n: [[0, 0]], alpha: 3, expected: 1 },
    { name: 'positive farther, alpha 0', a: [[1, 1]], p: [[0, 0]], n: [[1, 1]], alpha: 0, expected: 2 },
    { name: 'all zeros, alpha -2', a: [[0, 0]], p: [[0, 0]], n: [[0, 0]], alpha: -2, expected: 0 },
    { name: 'two rows, alpha 3', a: [[1, 0], [1, 0]], p: [[1, 0], [1, 0]], n: [[0, 1], [0, 1]], alpha: 3, expected: 2 },
    // 4 would mean the per-row sum over the last axis was skipped.
    { name: 'per-row sums, alpha 1', a: [[1, 1], [2, 0]], p: [[0, 3], [1, 1]], n: [[1, 0], [0, 1]], alpha: 1, expected: 5 },
  ])('$name -> $expected', ({ a, p, n, alpha, expected }) => {
    expect(tripletLoss(a, p, n, alpha)).toBe(expected);
  });

  it('uses alpha 0.2 by default', () => {
    expect(tripletLoss([[1, 0]], [[1, 0]], [[1, 0]])).toBeCloseTo(0.2, 6);
  });

  it('rejects rows of different lengths', () => {
    expect(() => tripletLoss([[1, 0]], [[1, 0, 0]], [[1, 0]])).toThrow(InvalidArgumentError);
  });

  it('rejects batches of different sizes', () => {
    expect(() => tripletLoss([[1, 0]], [[1, 0], [0, 1]], [[1, 0]])).toThrow(/positive/);
  });
});
