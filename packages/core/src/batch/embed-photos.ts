import type { FacePipeline } from '../pipeline.js';
import { analysePhoto, isFailure } from './analyse-photo.js';
import { EmbeddingCache } from './embedding-cache.js';

export interface PhotoEmbedding {
  readonly path: string;
  /** Embedding of the largest face; null when the photo has no face. */
  readonly embedding: Float32Array | null;
  /** Set when the photo could not be decoded. */
  readonly error?: Error;
}

export interface EmbedPhotosOptions {
  readonly cachePath?: string;
  readonly maxPixels?: number;
  /** Called after each photo, for progress output. */
  readonly onProgress?: (done: number, total: number) => void;
}

/** Embeds the largest face of each photo, reusing cached embeddings where the file is unchanged. */
export async function embedPhotos(
  pipeline: FacePipeline,
  paths: readonly string[],
  options: EmbedPhotosOptions = {},
): Promise<Map<string, PhotoEmbedding>> {
  const cache = await EmbeddingCache.open(options.cachePath);
  const results = new Map<string, PhotoEmbedding>();
  let done = 0;

  for (const path of paths) {
    const key = await EmbeddingCache.keyFor(path, pipeline.modelId).catch(() => undefined);
    const cached = key === undefined ? undefined : cache.get(key);
    if (cached !== undefined) {
      results.set(path, { path, embedding: cached });
    } else {
      const analysed = await analysePhoto(pipeline, path, options.maxPixels);
      if (isFailure(analysed)) {
        results.set(path, { path, embedding: null, error: analysed.error });
      } else {
        const embedding = analysed.faces[0]?.embedding ?? null;
        results.set(path, { path, embedding });
        if (key !== undefined) cache.set(key, embedding);
      }
    }
    done++;
    options.onProgress?.(done, paths.length);
    // Persist now and then so an interrupted run keeps most of its work.
    if (done % 200 === 0) await cache.save();
  }
  await cache.save();
  return results;
}
