// Vitest global setup: embeds every lfw-gray fixture photo once, before any
// test file runs, into the cache that the CLI evaluation tests and the index
// recall tests read. Without the fixtures it does nothing, and those tests
// skip with a message.
import { existsSync } from 'node:fs';
import { mkdir, readdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FacePipeline } from '@facegate/core';
import { embedPhotos, nodeModelLoader } from '@facegate/core/node';
import { checkFixturesEnv, fixturePath } from '@facegate/testing';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const LFW_IMAGES = fixturePath('lfw-gray', 'images');
export const LFW_EMBEDDINGS_CACHE = join(root, 'node_modules/.cache/facegate/lfw-gray-embeddings.json');

export default async function setup(): Promise<void> {
  checkFixturesEnv();
  if (!existsSync(LFW_IMAGES)) {
    console.warn(`lfw-gray fixtures not found at ${LFW_IMAGES}: tests that need their embeddings are skipped`);
    return;
  }
  const photos = (await readdir(LFW_IMAGES)).filter((file) => file.endsWith('.jpg')).sort().map((file) => join(LFW_IMAGES, file));
  await mkdir(dirname(LFW_EMBEDDINGS_CACHE), { recursive: true });

  const started = performance.now();
  const pipeline = await FacePipeline.create({ loader: nodeModelLoader() });
  await embedPhotos(pipeline, photos, { cachePath: LFW_EMBEDDINGS_CACHE });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`lfw-gray: ${photos.length} photos embedded or read from ${LFW_EMBEDDINGS_CACHE} in ${seconds} s`);
}
