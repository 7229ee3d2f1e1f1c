import { afterEach, describe, expect, test } from 'vitest';
import { Gallery, HnswError } from '../src/index.js';
import { HnswIndex, resolveHnswParameters } from '../src/hnsw-index.js';
import { HNSW_MOUNT, IDBFS_STORE, loadHnswlib, overlappingSyncCount, translateHnswException } from '../src/hnswlib-module.js';
import { TemplateStore } from '../src/template-store.js';
import { clusteredTemplates, gaussianSampler as gaussian, seededRandom as random, templateNear } from '@facegate/kernels';

const DIM = 32;
const disposables: { dispose(): unknown }[] = [];

afterEach(async () => {
  for (const item of disposables.splice(0)) await item.dispose();
});

function hnswGallery(initialCapacity = 4): Gallery {
  const gallery = new Gallery({ modelId: 'test-model', dim: DIM, index: 'hnsw', backend: 'js', hnsw: { initialCapacity } });
  disposables.push(gallery);
  return gallery;
}

function storeOf(count: number, seed: number): TemplateStore {
  const set = clusteredTemplates(count, 1, DIM, seed);
  const store = new TemplateStore(DIM);
  for (let i = 0; i < count; i++) store.add(i + 1, set.vectors.subarray(i * DIM, (i + 1) * DIM));
  return store;
}

async function idbfsRecords(): Promise<unknown[]> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(HNSW_MOUNT);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  try {
    return await new Promise<unknown[]>((resolve, reject) => {
      const request = db.transaction(IDBFS_STORE).objectStore(IDBFS_STORE).getAllKeys();
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  } finally {
    db.close();
  }
}

describe('HNSW index', () => {
  test('capacity grows by itself', async () => {
    const set = clusteredTemplates(300, 1, DIM, 3);
    const store = new TemplateStore(DIM);
    const index = await HnswIndex.build(store, 'squaredL2', resolveHnswParameters({ initialCapacity: 4 }));
    disposables.push(index);
    expect(index.capacity).toBe(4);

    for (let i = 0; i < 300; i++) {
      store.add(i + 1, set.vectors.subarray(i * DIM, (i + 1) * DIM));
      await index.add([i + 1]);
    }
    expect(index.capacity).toBeGreaterThanOrEqual(300);
    expect(index.liveCount).toBe(300);

    const results = await index.search(set.vectors, 1);
    const hits = results.filter((found, i) => found.templateIds[0] === i + 1).length;
    expect(hits).toBeGreaterThanOrEqual(297);
  });

  test('k beyond live count returns what there is', async () => {
    const store = storeOf(10, 4);
    const index = await HnswIndex.build(store, 'squaredL2', resolveHnswParameters({ initialCapacity: 64 }));
    disposables.push(index);
    index.remove([2, 5]);

    const [found] = await index.search(store.vector(1)!, 50);
    expect(found.templateIds).toHaveLength(8);
    expect(Array.from(found.templateIds)).not.toContain(2);
    expect(Array.from(found.templateIds)).not.toContain(5);
    const sorted = [...found.distances].sort((a, b) => a - b);
    expect(Array.from(found.distances)).toEqual(sorted);
  });

  test('empty index returns nothing', async () => {
    const store = new TemplateStore(DIM);
    const index = await HnswIndex.build(store, 'squaredL2', resolveHnswParameters({}));
    disposables.push(index);

    const results = await index.search(new Float32Array(2 * DIM), 5);
    expect(results.map((found) => found.templateIds.length)).toEqual([0, 0]);
    expect(await index.search(new Float32Array(0), 5)).toEqual([]);
  });

  test('graph export leaves no files behind', async () => {
    const store = storeOf(50, 8);
    const index = await HnswIndex.build(store, 'squaredL2', resolveHnswParameters({}));
    disposables.push(index);

    for (let round = 0; round < 3; round++) {
      const graph = await index.exportGraph();
      const restored = await HnswIndex.restore(graph, store, 'squaredL2', index.parameters, Array.from(store.matrix().templateIds));
      disposables.push(restored);
    }
    expect(await idbfsRecords()).toEqual([]);
  });

  test('graph transfer survives overlapping syncs', async () => {
    // An unrelated IDBFS sync in flight, such as the mount's or one that writeIndex starts, must not
    // delete the file of a transfer or end its wait early.
    const lib = await loadHnswlib();
    const store = storeOf(50, 9);
    const index = await HnswIndex.build(store, 'squaredL2', resolveHnswParameters({}));
    disposables.push(index);
    const overlapsBefore = overlappingSyncCount();

    for (let round = 0; round < 5; round++) {
      lib.EmscriptenFileSystemManager.syncFS(round % 2 === 0, () => undefined);
      const graph = await index.exportGraph();
      lib.EmscriptenFileSystemManager.syncFS(round % 2 === 1, () => undefined);
      const restored = await HnswIndex.restore(graph, store, 'squaredL2', index.parameters, Array.from(store.matrix().templateIds));
      disposables.push(restored);
      expect(await restored.search(store.matrix().vectors.subarray(0, DIM), 1)).toEqual(await index.search(store.matrix().vectors.subarray(0, DIM), 1));
    }

    expect(overlappingSyncCount()).toBeGreaterThan(overlapsBefore);
    expect(await idbfsRecords()).toEqual([]);
  });
});

describe('HNSW through the gallery', () => {
  test('churn never returns a deleted person', async () => {
    const gallery = hnswGallery();
    const set = clusteredTemplates(30, 2, DIM, 11);
    const normal = gaussian(random(12));
    const templatesOf = (id: number) => set.vectors.subarray(id * 2 * DIM, (id + 1) * 2 * DIM);
    const removedTemplates = new Set<number>();

    for (let id = 0; id < 30; id++) await gallery.enrol(`p${id}`, templatesOf(id));

    // Remove and re-enrol every third person several times, then remove some for good.
    for (let round = 0; round < 4; round++) {
      for (let id = 0; id < 30; id += 3) {
        for (const templateId of gallery.identity(`p${id}`)!.templateIds) removedTemplates.add(templateId);
        await gallery.remove(`p${id}`);
        await gallery.enrol(`p${id}`, [templateNear(set.centres[id], 0.5, normal)]);
      }
    }
    for (let id = 1; id < 30; id += 3) await gallery.remove(`p${id}`);

    const probes = set.centres.map((centre) => templateNear(centre, 0.5, normal));
    const results = await gallery.search(probes, 30);
    for (const matches of results) {
      const labels = matches.map((match) => match.label);
      expect(matches).toHaveLength(20);
      expect(new Set(labels).size).toBe(labels.length);
      expect(labels.filter((label) => Number(label.slice(1)) % 3 === 1)).toEqual([]);
      expect(matches.filter((match) => removedTemplates.has(match.templateId))).toEqual([]);
    }
    results.forEach((matches, id) => {
      if (id % 3 !== 1) expect(matches[0].label).toBe(`p${id}`);
    });
  });

  test('compact drops deleted slots', async () => {
    const gallery = hnswGallery();
    const set = clusteredTemplates(20, 1, DIM, 13);
    for (let id = 0; id < 20; id++) await gallery.enrol(`p${id}`, set.vectors.subarray(id * DIM, (id + 1) * DIM));
    for (let id = 0; id < 10; id++) await gallery.remove(`p${id}`);

    const before = await gallery.search(set.vectors, 3);
    await gallery.compact();
    expect(await gallery.search(set.vectors, 3)).toEqual(before);
  });
});

describe('HNSW errors', () => {
  test('C++ exceptions become HnswError', async () => {
    const lib = await loadHnswlib();
    const native = new lib.HierarchicalNSW('l2', 4, '');
    try {
      native.initIndex(2, 16, 50, 1);
      const attempts: [() => unknown, RegExp][] = [
        [() => native.addPoint(new Float32Array(3), 1, false), /Invalid vector size. Must be equal to the dimension of the space/],
        [() => native.searchKnn(new Float32Array(4), 0, undefined), /must be a positive number/],
      ];
      for (const [attempt, message] of attempts) {
        let caught: unknown;
        try {
          attempt();
        } catch (error) {
          caught = translateHnswException(lib, 'call', error);
        }
        expect(caught).toBeInstanceOf(HnswError);
        expect((caught as HnswError).nativeType).toBe('std::invalid_argument');
        expect((caught as HnswError).message).toMatch(message);
      }
    } finally {
      native.delete();
    }
  });

  test('corrupted graph raises a readable error', async () => {
    const store = storeOf(20, 9);
    const index = await HnswIndex.build(store, 'squaredL2', resolveHnswParameters({}));
    disposables.push(index);
    const graph = await index.exportGraph();

    for (const damaged of [graph.subarray(0, 50), graph.subarray(0, graph.length - 10), new Uint8Array(100).fill(7)]) {
      const attempt = HnswIndex.restore(damaged, store, 'squaredL2', index.parameters, []);
      await expect(attempt).rejects.toBeInstanceOf(HnswError);
      await expect(HnswIndex.restore(damaged, store, 'squaredL2', index.parameters, [])).rejects.toThrow(
        /hnswlib readIndex failed: Index seems to be corrupted or unsupported/,
      );
    }

    // The module survives: a valid graph still restores.
    const restored = await HnswIndex.restore(graph, store, 'squaredL2', index.parameters, Array.from(store.matrix().templateIds));
    disposables.push(restored);
    expect(restored.liveCount).toBe(20);
  });

  test('disposed index rejects use', async () => {
    const index = await HnswIndex.build(storeOf(3, 10), 'squaredL2', resolveHnswParameters({}));
    index.dispose();
    await expect(index.search(new Float32Array(DIM), 1)).rejects.toThrow(/the HNSW index was disposed/);
  });
});
