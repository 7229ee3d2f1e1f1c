import type { ProjectionHead } from './projection-head.js';

/**
 * Returns a copy of a map of per-photo results with each embedding replaced
 * by its projection through the head. Entries without an embedding (no face,
 * unreadable photo) are kept as they are.
 */
export function projectPhotoEmbeddings<T extends { readonly embedding: Float32Array | null }>(
  photos: ReadonlyMap<string, T>,
  head: ProjectionHead,
): Map<string, T> {
  const projected = new Map<string, T>();
  for (const [key, photo] of photos) {
    projected.set(key, photo.embedding ? { ...photo, embedding: head.project(photo.embedding) } : photo);
  }
  return projected;
}
