// The lfw-gray fixture photos beside the repository, split into training
// identities (every image of an identity absent from pairs.tsv) and the
// pairs protocol, with embeddings from the cache the CLI tests share.

import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FacePipeline } from '@facegate/core';
import { embedPhotos, nodeModelLoader } from '@facegate/core/node';
import { fixturePath } from '@facegate/testing';

export const REPO_ROOT = resolve(fileURLToPath(new URL('../../../..', import.meta.url)));
export const LFW = fixturePath('lfw-gray');
/** Embedding cache shared with the CLI tests, so each photo is embedded once. */
export const LFW_CACHE = join(REPO_ROOT, 'node_modules/.cache/facegate/lfw-gray-embeddings.json');

export function hasLfw(): boolean {
  const present = existsSync(join(LFW, 'pairs.tsv'));
  if (!present) console.warn(`SKIPPED: fixtures folder ${LFW} is not present`);
  return present;
}

export function identityOfImage(image: string): string {
  return image.replace(/_\d+\.[^.]+$/, '');
}

export interface Pair {
  readonly imageA: string;
  readonly imageB: string;
  readonly same: boolean;
}

export async function readPairs(): Promise<Pair[]> {
  const lines = (await readFile(join(LFW, 'pairs.tsv'), 'utf8')).split(/\r?\n/).filter((line) => line.trim() !== '');
  return lines.slice(1).map((line) => {
    const [imageA, imageB, same] = line.split('\t');
    return { imageA, imageB, same: same.trim() === '1' };
  });
}

export interface LfwSplit {
  readonly pipeline: FacePipeline;
  /** Training images: every image whose identity appears in no pair. */
  readonly trainingImages: string[];
  readonly pairs: Pair[];
  /** Embedding of each image by file name; null where no face was found. */
  readonly embeddings: Map<string, Float32Array | null>;
}

export async function loadLfwSplit(): Promise<LfwSplit> {
  const pairs = await readPairs();
  const pairIdentities = new Set(pairs.flatMap((pair) => [identityOfImage(pair.imageA), identityOfImage(pair.imageB)]));
  const allImages = (await readdir(join(LFW, 'images'))).filter((name) => name.endsWith('.jpg')).sort();
  const trainingImages = allImages.filter((image) => !pairIdentities.has(identityOfImage(image)));
  const pairImages = [...new Set(pairs.flatMap((pair) => [pair.imageA, pair.imageB]))];

  await mkdir(dirname(LFW_CACHE), { recursive: true });
  const pipeline = await FacePipeline.create({ loader: nodeModelLoader(), threads: 1 });
  const images = [...trainingImages, ...pairImages];
  const embedded = await embedPhotos(
    pipeline,
    images.map((image) => join(LFW, 'images', image)),
    { cachePath: LFW_CACHE },
  );
  const embeddings = new Map(images.map((image) => [image, embedded.get(join(LFW, 'images', image))?.embedding ?? null]));
  return { pipeline, trainingImages, pairs, embeddings };
}
