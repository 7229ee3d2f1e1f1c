import { describe, expect, it } from 'vitest';
import { NonFiniteEmbeddingError, normaliseEmbedding } from '../src/index.js';

describe('normaliseEmbedding', () => {
  it('scales to unit length', () => {
    const unit = normaliseEmbedding(Float32Array.from([3, 4]), 'face');
    expect(unit[0]).toBeCloseTo(0.6, 6);
    expect(unit[1]).toBeCloseTo(0.8, 6);
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])('rejects a %s component', (value) => {
    expect(() => normaliseEmbedding(Float32Array.from([1, value, 0]), 'photo.jpg face 0')).toThrow(NonFiniteEmbeddingError);
    expect(() => normaliseEmbedding(Float32Array.from([1, value, 0]), 'photo.jpg face 0')).toThrow(/photo\.jpg face 0/);
  });

  it('rejects a zero vector', () => {
    expect(() => normaliseEmbedding(new Float32Array(4), 'face')).toThrow(/length 0/);
  });
});
