// Runs in headless Chromium: the browser entry of the package with the real
// hnswlib-wasm, IndexedDB and Origin Private File System. Results go back to
// the Node test as plain data.

import { Gallery, GalleryStorageError, indexedDbStorage, opfsStorage } from '../../src/index.js';
import { clusteredTemplates, gaussianSampler as gaussian, seededRandom as random, templateNear } from '@facegate/kernels';

export interface BrowserCheck {
  name: string;
  error?: string;
}

const DIM = 64;

async function check(name: string, body: () => Promise<void>): Promise<BrowserCheck> {
  try {
    await body();
    return { name };
  } catch (error) {
    return { name, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
}

function assert(condition: boolean, message: string): void {
  if (!condition) throw new Error(message);
}

async function filledGallery(): Promise<{ gallery: Gallery; probes: Float32Array }> {
  const set = clusteredTemplates(100, 2, DIM, 31);
  const normal = gaussian(random(32));
  const probes = new Float32Array(100 * DIM);
  set.centres.forEach((centre, id) => probes.set(templateNear(centre, 0.5, normal), id * DIM));

  const gallery = new Gallery({ modelId: 'browser-model', dim: DIM, index: 'hnsw', backend: 'js' });
  for (let id = 0; id < 100; id++) await gallery.enrol(`person-${id}`, set.vectors.subarray(id * 2 * DIM, (id + 1) * 2 * DIM));
  await gallery.remove('person-7');
  return { gallery, probes };
}

async function runGalleryChecks(): Promise<BrowserCheck[]> {
  const { gallery, probes } = await filledGallery();
  const expected = JSON.stringify(await gallery.search(probes, 3));

  const checks = [
    await check('hnsw search matches exact', async () => {
      const approximate = await gallery.search(probes, 1);
      const exact = await gallery.search(probes, 1, { exact: true });
      const agree = approximate.filter(([match], q) => match.label === exact[q][0].label).length;
      assert(agree >= 99, `HNSW top-1 agreed with exact on ${agree} of 100 probes`);
      assert(approximate.every(([match]) => match.label !== 'person-7'), 'a removed person was returned');
    }),
    await check('indexeddb round trip', async () => {
      await gallery.save('office');
      const loaded = await Gallery.open('office', { backend: 'js' });
      assert(loaded.indexKind === 'hnsw', `loaded index is ${loaded.indexKind}`);
      assert(JSON.stringify(await loaded.search(probes, 3)) === expected, 'results differ after IndexedDB round trip');
      await loaded.dispose();
    }),
    await check('opfs round trip', async () => {
      const storage = opfsStorage('facegate-test');
      await gallery.save('office.fgg', storage);
      await gallery.save('office.fgg', storage);
      const loaded = await Gallery.open('office.fgg', { storage, backend: 'js' });
      assert(JSON.stringify(await loaded.search(probes, 3)) === expected, 'results differ after OPFS round trip');
      await loaded.dispose();
    }),
    await check('missing entries raise storage errors', async () => {
      for (const storage of [indexedDbStorage(), opfsStorage('facegate-test')]) {
        try {
          await storage.read('absent');
          throw new Error(`${storage.kind} read of a missing entry succeeded`);
        } catch (error) {
          assert(error instanceof GalleryStorageError, `${storage.kind} threw ${String(error)}`);
        }
      }
    }),
  ];

  await gallery.dispose();
  return checks;
}

(globalThis as unknown as { runGalleryChecks: typeof runGalleryChecks }).runGalleryChecks = runGalleryChecks;
