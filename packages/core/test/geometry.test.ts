import { describe, expect, it } from 'vitest';
import {
  ARCFACE_REFERENCE_112,
  applyAffine,
  clipBox,
  fivePoints,
  invertAffine,
  nonMaximumSuppression,
  similarityTransform,
} from '../src/index.js';

describe('similarityTransform', () => {
  it('recovers a known rotation, scale and translation', () => {
    const angle = 0.3;
    const scale = 1.7;
    const truth = [scale * Math.cos(angle), -scale * Math.sin(angle), 12, scale * Math.sin(angle), scale * Math.cos(angle), -5] as const;
    const source = ARCFACE_REFERENCE_112.map(({ x, y }) => ({ x: x * 0.8 + 3, y: y * 1.1 - 2 }));
    const target = source.map(({ x, y }) => {
      const [tx, ty] = applyAffine(truth, x, y);
      return { x: tx, y: ty };
    });
    const fitted = similarityTransform(source, target);
    fitted.forEach((value, index) => expect(value).toBeCloseTo(truth[index], 9));
  });

  it('maps the reference onto itself with the identity', () => {
    const fitted = similarityTransform(ARCFACE_REFERENCE_112, ARCFACE_REFERENCE_112);
    [1, 0, 0, 0, 1, 0].forEach((value, index) => expect(fitted[index]).toBeCloseTo(value, 9));
  });

  it('never reflects, even for mirrored points', () => {
    const mirrored = ARCFACE_REFERENCE_112.map(({ x, y }) => ({ x: 112 - x, y }));
    const [a, b, , d, e] = similarityTransform(mirrored, ARCFACE_REFERENCE_112);
    expect(a * e - b * d).toBeGreaterThan(0);
  });

  it('rejects coincident points', () => {
    const same = Array.from({ length: 5 }, () => ({ x: 4, y: 4 }));
    expect(() => similarityTransform(same, ARCFACE_REFERENCE_112)).toThrow(/coincide/);
  });

  it('inverts affine matrices', () => {
    const matrix = [2, 0.5, 3, -0.25, 1.5, 7] as const;
    const [x, y] = applyAffine(invertAffine(matrix), ...applyAffine(matrix, 5, -4));
    expect(x).toBeCloseTo(5, 9);
    expect(y).toBeCloseTo(-4, 9);
  });
});

describe('fivePoints', () => {
  it('averages eye and mouth landmarks', () => {
    const landmarks = Array.from({ length: 68 }, (_, i) => ({ x: i, y: 2 * i }));
    const points = fivePoints(landmarks);
    expect(points[0]).toEqual({ x: (37 + 38 + 40 + 41) / 4, y: (2 * (37 + 38 + 40 + 41)) / 4 });
    expect(points[2]).toEqual({ x: 30, y: 60 });
    expect(points[4]).toEqual({ x: (54 + 64) / 2, y: 54 + 64 });
  });
});

describe('face boxes', () => {
  it('suppresses overlapping boxes and keeps the best', () => {
    const kept = nonMaximumSuppression(
      [
        { x1: 0, y1: 0, x2: 10, y2: 10, score: 0.8 },
        { x1: 1, y1: 1, x2: 11, y2: 11, score: 0.9 },
        { x1: 50, y1: 50, x2: 60, y2: 60, score: 0.7 },
      ],
      0.4,
    );
    expect(kept.map((box) => box.score)).toEqual([0.9, 0.7]);
  });

  it('clips boxes to the image and drops empty ones', () => {
    expect(clipBox({ x1: -5, y1: 2, x2: 20, y2: 30, score: 1 }, 10, 10)).toEqual({ x1: 0, y1: 2, x2: 10, y2: 10, score: 1 });
    expect(clipBox({ x1: 12, y1: 2, x2: 20, y2: 8, score: 1 }, 10, 10)).toBeUndefined();
  });
});
