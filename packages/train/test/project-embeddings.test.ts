import { describe, expect, it } from 'vitest';
import { projectPhotoEmbeddings } from '../src/project-embeddings.js';
import { ProjectionHead } from '../src/projection-head.js';

describe('projectPhotoEmbeddings', () => {
  it('projects embeddings and keeps failures', () => {
    const head = new ProjectionHead({ inputDim: 2, outputDim: 1, normalise: false }, Float32Array.from([1, 1]), new Float32Array(1));
    const error = new Error('unreadable');
    const photos = new Map([
      ['a.jpg', { path: 'a.jpg', embedding: Float32Array.from([1, 2]) }],
      ['b.jpg', { path: 'b.jpg', embedding: null }],
      ['c.jpg', { path: 'c.jpg', embedding: null, error }],
    ]);
    const projected = projectPhotoEmbeddings(photos, head);
    expect([...(projected.get('a.jpg')?.embedding ?? [])]).toEqual([3]);
    expect(projected.get('b.jpg')?.embedding).toBeNull();
    expect(projected.get('c.jpg')?.error).toBe(error);
    // The input map is unchanged.
    expect(photos.get('a.jpg')?.embedding).toHaveLength(2);
  });
});
