import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, convertThreshold, cosineDistance, distance, l2, squaredL2 } from '../src/index.js';

function unit(values: number[]): Float32Array {
  const norm = Math.hypot(...values);
  return Float32Array.from(values, (value) => value / norm);
}

describe('distance math', () => {
  const a = unit([1, 2, 3, 4]);
  const b = unit([4, -1, 0.5, 2]);

  it('relates squared L2, L2 and cosine on unit vectors', () => {
    expect(squaredL2(a, b)).toBeCloseTo(2 * cosineDistance(a, b), 6);
    expect(l2(a, b) ** 2).toBeCloseTo(squaredL2(a, b), 6);
  });

  it('gives zero for identical vectors', () => {
    expect(squaredL2(a, a)).toBe(0);
    expect(cosineDistance(a, a)).toBeCloseTo(0, 6);
  });

  it('gives the known distance for orthogonal unit vectors', () => {
    expect(squaredL2([1, 0], [0, 1])).toBe(2);
    expect(cosineDistance([1, 0], [0, 1])).toBe(1);
    expect(distance('l2', [1, 0], [0, 1])).toBeCloseTo(Math.SQRT2, 12);
  });

  it('rejects vectors of different lengths', () => {
    expect(() => squaredL2([1, 0], [1, 0, 0])).toThrow(InvalidArgumentError);
  });

  it('rejects cosine distance to a zero vector', () => {
    expect(() => cosineDistance([0, 0], [1, 0])).toThrow(/zero vector/);
  });
});

describe('convertThreshold', () => {
  it('maps squared L2 to cosine as half', () => {
    expect(convertThreshold(1.5, 'squaredL2', 'cosine')).toBeCloseTo(0.75, 12);
  });

  it('maps squared L2 to L2 as the square root', () => {
    expect(convertThreshold(1.44, 'squaredL2', 'l2')).toBeCloseTo(1.2, 12);
  });

  it('round-trips through every metric', () => {
    for (const from of ['l2', 'squaredL2', 'cosine'] as const) {
      for (const to of ['l2', 'squaredL2', 'cosine'] as const) {
        const there = convertThreshold(0.8, from, to);
        expect(convertThreshold(there, to, from)).toBeCloseTo(0.8, 12);
      }
    }
  });

  it('agrees with the distances it converts', () => {
    const a = unit([0.3, -0.2, 0.9]);
    const b = unit([0.1, 0.5, 0.4]);
    expect(convertThreshold(squaredL2(a, b), 'squaredL2', 'cosine')).toBeCloseTo(cosineDistance(a, b), 6);
  });

  it('rejects negative and non-finite thresholds', () => {
    expect(() => convertThreshold(-1, 'l2', 'cosine')).toThrow(InvalidArgumentError);
    expect(() => convertThreshold(Number.NaN, 'l2', 'cosine')).toThrow(InvalidArgumentError);
  });
});
