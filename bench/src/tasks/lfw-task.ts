// Child task of the index suite: real embeddings of the lfw-gray photos.
// The probes of identification.tsv become the queries and every other photo
// the gallery. Embeddings come from the shared embedding cache. Photos
// missing from it are embedded and cached, unless the task may only read it.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FacePipeline, modelForRole } from '@facegate/core';
import { EmbeddingCache, embedPhotos, nodeModelLoader } from '@facegate/core/node';
import { writeDatasetFile } from '../data/datasets.js';
import { progress } from '../run/log.js';

export interface LfwTaskInput {
  folder: string;
  cachePath: string;
  /** Report the set as unavailable rather than embed photos that are not cached. */
  cachedOnly: boolean;
  limit?: number;
  threads: number;
  outputPath: string;
}

export type LfwTaskOutput = { status: 'ok'; n: number; queries: number; d: number; withoutFace: number } | { status: 'unavailable'; reason: string };

export async function runLfwTask(input: LfwTaskInput): Promise<LfwTaskOutput> {
  const images = join(input.folder, 'images');
  const protocol = readFileSync(join(input.folder, 'identification.tsv'), 'utf8').split('\n').slice(1);
  const probeNames = new Set(protocol.map((line) => line.split('\t')).filter((fields) => fields[2]?.trim() === 'probe').map((fields) => fields[0]));
  const names = readdirSync(images).filter((name) => /\.(jpe?g|png)$/i.test(name)).sort();

  let galleryPaths = names.filter((name) => !probeNames.has(name)).map((name) => join(images, name));
  let probePaths = names.filter((name) => probeNames.has(name)).map((name) => join(images, name));
  if (input.limit !== undefined && input.limit < galleryPaths.length) {
    const share = input.limit / galleryPaths.length;
    galleryPaths = galleryPaths.slice(0, input.limit);
    probePaths = probePaths.slice(0, Math.max(1, Math.round(probePaths.length * share)));
  }
  const paths = [...galleryPaths, ...probePaths];

  if (input.cachedOnly) {
    const cache = await EmbeddingCache.open(input.cachePath);
    const modelId = modelForRole('embedder').id;
    let missing = 0;
    for (const path of paths) if (cache.get(await EmbeddingCache.keyFor(path, modelId)) === undefined) missing += 1;
    if (missing > 0) {
      return {
        status: 'unavailable',
        reason: `${missing} of ${paths.length} lfw-gray photos have no cached embedding in ${input.cachePath}; only --full embeds photos (and caches them)`,
      };
    }
  }

  progress(`index lfw-gray: embeddings of ${paths.length} photos`);
  const pipeline = await FacePipeline.create({ loader: nodeModelLoader(), threads: input.threads });
  const embedded = await embedPhotos(pipeline, paths, { cachePath: input.cachePath });
  const collect = (list: string[]) => list.map((path) => embedded.get(path)?.embedding ?? null).filter((vector): vector is Float32Array => vector !== null);
  const gallery = collect(galleryPaths);
  const probes = collect(probePaths);
  const d = pipeline.dim;

  const pack = (vectors: Float32Array[]) => {
    const out = new Float32Array(vectors.length * d);
    vectors.forEach((vector, row) => out.set(vector, row * d));
    return out;
  };
  writeDatasetFile(input.outputPath, pack(gallery), pack(probes));
  return { status: 'ok', n: gallery.length, queries: probes.length, d, withoutFace: paths.length - gallery.length - probes.length };
}
