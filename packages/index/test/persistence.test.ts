import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { indexedDB as fakeIndexedDb } from 'fake-indexeddb';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import {
  fileStorage,
  Gallery,
  GALLERY_FORMAT_VERSION,
  GalleryFormatError,
  GalleryJsonError,
  GalleryMismatchError,
  GalleryStorageError,
  indexedDbStorage,
  type IndexKind,
  readGalleryHeader,
} from '../src/node.js';
import { clusteredTemplates, gaussianSampler as gaussian, seededRandom as random, templateNear } from '@facegate/kernels';

const MODEL = 'test-model';
const DIM = 32;
const set = clusteredTemplates(40, 2, DIM, 21);
const normal = gaussian(random(5));
const probes = new Float32Array(40 * DIM);
set.centres.forEach((centre, id) => probes.set(templateNear(centre, 0.5, normal), id * DIM));

let folder: string;
const galleries: Gallery[] = [];

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'facegate-index-'));
});

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

afterEach(async () => {
  await Promise.all(galleries.splice(0).map((gallery) => gallery.dispose()));
});

function track(gallery: Gallery): Gallery {
  galleries.push(gallery);
  return gallery;
}

async function filledGallery(index: IndexKind, options: Partial<ConstructorParameters<typeof Gallery>[0]> = {}): Promise<Gallery> {
  const gallery = track(new Gallery({ modelId: MODEL, dim: DIM, index, backend: 'js', preprocessingVersion: 'align-v1', ...options }));
  for (let id = 0; id < 40; id++) await gallery.enrol(`person-${id}`, set.vectors.subarray(id * 2 * DIM, (id + 1) * 2 * DIM));
  // Removed and replaced identities leave deleted HNSW slots and id gaps behind.
  await gallery.remove('person-3');
  await gallery.replace('person-4', probes.subarray(4 * DIM, 5 * DIM));
  return gallery;
}

function snapshot(gallery: Gallery) {
  return gallery.labels().map((label) => ({ label, identity: gallery.identity(label), templates: gallery.templates(label).map((t) => Array.from(t)) }));
}

describe.each(['exact', 'hnsw'] as const)('save and load with %s index', (index) => {
  test('round trip gives identical results', async () => {
    const gallery = await filledGallery(index);
    const path = join(folder, `round-trip-${index}.fgg`);
    await gallery.save(path);

    const loaded = track(await Gallery.open(path, { backend: 'js' }));
    expect(loaded.modelId).toBe(MODEL);
    expect(loaded.dim).toBe(DIM);
    expect(loaded.metric).toBe('squaredL2');
    expect(loaded.preprocessingVersion).toBe('align-v1');
    expect(loaded.indexKind).toBe(index);
    expect(snapshot(loaded)).toEqual(snapshot(gallery));

    const before = await gallery.search(probes, 5);
    const after = await loaded.search(probes, 5);
    expect(after).toEqual(before);
  });

  test('ids are not reused after load', async () => {
    const gallery = await filledGallery(index);
    const path = join(folder, `ids-${index}.fgg`);
    const highest = Math.max(...gallery.labels().flatMap((label) => gallery.identity(label)!.templateIds));
    await gallery.save(path);

    const loaded = track(await Gallery.open(path, { backend: 'js' }));
    const added = await loaded.enrol('person-3', probes.subarray(3 * DIM, 4 * DIM));
    expect(added.templateIds[0]).toBeGreaterThan(highest);
    const [matches] = await loaded.search(probes.subarray(3 * DIM, 4 * DIM), 40);
    expect(matches.filter((match) => match.label === 'person-3')).toHaveLength(1);
    expect(matches[0].templateId).toBe(added.templateIds[0]);
  });

  test('load into an existing gallery replaces its contents', async () => {
    const gallery = await filledGallery(index);
    const path = join(folder, `replace-${index}.fgg`);
    await gallery.save(path);

    const other = track(new Gallery({ modelId: MODEL, dim: DIM, index, backend: 'js', preprocessingVersion: 'align-v1' }));
    await other.enrol('someone-else', probes.subarray(0, DIM));
    await other.load(path);
    expect(snapshot(other)).toEqual(snapshot(gallery));
    expect(await other.search(probes, 3)).toEqual(await gallery.search(probes, 3));
  });
});

describe('file format', () => {
  test('header describes the gallery', async () => {
    const gallery = await filledGallery('hnsw');
    const bytes = await gallery.toBytes();
    const header = readGalleryHeader(bytes, 'bytes');

    expect(new TextDecoder().decode(bytes.subarray(0, 8))).toBe('FGALLERY');
    expect(header.formatVersion).toBe(GALLERY_FORMAT_VERSION);
    expect(header.modelId).toBe(MODEL);
    expect(header.dim).toBe(DIM);
    expect(header.metric).toBe('squaredL2');
    expect(header.preprocessingVersion).toBe('align-v1');
    expect(header.identityCount).toBe(39);
    expect(header.templateCount).toBe(77);
    expect(header.index).toBe('hnsw');
    expect(header.hnsw?.M).toBe(gallery.hnswParameters.M);
    expect(header.fileBytes).toBe(bytes.length);
  });

  test('exact galleries store no graph', async () => {
    const gallery = await filledGallery('exact');
    const bytes = await gallery.toBytes();
    const header = readGalleryHeader(bytes, 'bytes');
    expect(header.index).toBe('exact');
    expect(header.hnsw).toBeUndefined();
    // Vectors dominate: 77 templates of 32 float32 values.
    expect(bytes.length).toBeLessThan(77 * DIM * 4 + 2000);
  });
});

describe('rejected files change nothing', () => {
  async function expectUnchanged(gallery: Gallery, attempt: () => Promise<unknown>, error: unknown, message: RegExp) {
    const before = snapshot(gallery);
    const results = await gallery.search(probes, 2);
    await expect(attempt()).rejects.toBeInstanceOf(error);
    await expect(attempt()).rejects.toThrow(message);
    expect(snapshot(gallery)).toEqual(before);
    expect(await gallery.search(probes, 2)).toEqual(results);
  }

  test.each([
    ['modelId', { modelId: 'other-model' }, /its modelId is "other-model", but "test-model" is expected/],
    ['dim', { dim: 16 }, /its dim is 16, but 32 is expected/],
    ['metric', { metric: 'dot' as const }, /its metric is "dot", but "squaredL2" is expected/],
    ['preprocessingVersion', { preprocessingVersion: 'align-v2' }, /its preprocessingVersion is "align-v2"/],
  ])('mismatched %s', async (field, options: Partial<ConstructorParameters<typeof Gallery>[0]>, message) => {
    const dim = options.dim ?? DIM;
    const foreign = track(new Gallery({ modelId: MODEL, dim, backend: 'js', preprocessingVersion: 'align-v1', ...options }));
    await foreign.enrol('x', new Float32Array(dim).fill(0.1));
    const path = join(folder, `foreign-${field}.fgg`);
    await foreign.save(path);

    const gallery = await filledGallery('hnsw');
    await expectUnchanged(gallery, () => gallery.load(path), GalleryMismatchError, message);
    await expect(Gallery.open(path, { modelId: MODEL, dim: DIM, metric: 'squaredL2', preprocessingVersion: 'align-v1' })).rejects.toBeInstanceOf(GalleryMismatchError);
  });

  test('corrupted byte fails the checksum', async () => {
    const gallery = await filledGallery('hnsw');
    const path = join(folder, 'corrupt.fgg');
    await gallery.save(path);
    const bytes = await readFile(path);
    bytes[Math.floor(bytes.length / 2)] ^= 0x5a;
    await writeFile(path, bytes);

    await expectUnchanged(gallery, () => gallery.load(path), GalleryFormatError, /checksum mismatch/);
  });

  test('truncated file is reported as truncated', async () => {
    const gallery = await filledGallery('exact');
    const bytes = await gallery.toBytes();
    const path = join(folder, 'truncated.fgg');
    await writeFile(path, bytes.subarray(0, bytes.length - 100));

    await expectUnchanged(gallery, () => gallery.load(path), GalleryFormatError, /cut short/);
    await writeFile(path, bytes.subarray(0, 10));
    await expect(gallery.load(path)).rejects.toThrow(/too short for a gallery header/);
  });

  test('other file types and versions are rejected', async () => {
    const gallery = await filledGallery('exact');
    const bytes = await gallery.toBytes();
    const path = join(folder, 'other.fgg');

    await writeFile(path, Buffer.from('{"not": "a gallery"} and some more text here'));
    await expectUnchanged(gallery, () => gallery.load(path), GalleryFormatError, /magic bytes "FGALLERY" missing/);

    const future = bytes.slice();
    new DataView(future.buffer).setUint32(8, GALLERY_FORMAT_VERSION + 1, true);
    await writeFile(path, future);
    await expectUnchanged(gallery, () => gallery.load(path), GalleryFormatError, /format version 2 is not supported/);
  });

  test('missing file raises a storage error', async () => {
    const gallery = await filledGallery('exact');
    await expectUnchanged(gallery, () => gallery.load(join(folder, 'absent.fgg')), GalleryStorageError, /no such gallery file/);
  });

  test('save into a missing folder keeps nothing half-written', async () => {
    const gallery = await filledGallery('exact');
    await expect(gallery.save(join(folder, 'no-such-folder', 'g.fgg'))).rejects.toThrow(/cannot save the gallery file \(ENOENT\)/);
  });
});

describe('other storages', () => {
  test('IndexedDB storage round trip', async () => {
    // fake-indexeddb implements the IndexedDB API in memory, standing in for a browser's.
    const previous = (globalThis as { indexedDB?: unknown }).indexedDB;
    (globalThis as { indexedDB?: unknown }).indexedDB = fakeIndexedDb;
    try {
      const storage = indexedDbStorage('facegate-test');
      const gallery = await filledGallery('hnsw');
      await gallery.save('office', storage);

      const loaded = track(await Gallery.open('office', { storage, backend: 'js' }));
      expect(await loaded.search(probes, 3)).toEqual(await gallery.search(probes, 3));
      await expect(storage.read('absent')).rejects.toThrow(/no gallery is stored/);
    } finally {
      (globalThis as { indexedDB?: unknown }).indexedDB = previous;
    }
  });

  test('file storage is the node default', async () => {
    expect(fileStorage().kind).toBe('file');
  });
});

describe('JSON export and import', () => {
  test('round trip is bit-exact', async () => {
    const gallery = await filledGallery('exact');
    const json = gallery.exportJson();

    const copy = track(new Gallery({ modelId: MODEL, dim: DIM, backend: 'js', preprocessingVersion: 'align-v1' }));
    const imported = await copy.importJson(json);
    expect(imported).toHaveLength(39);
    expect(copy.labels()).toEqual(gallery.labels());
    for (const label of gallery.labels()) expect(copy.templates(label)).toEqual(gallery.templates(label));
    expect(await copy.search(probes, 3)).toEqual(
      (await gallery.search(probes, 3)).map((matches) => matches.map((match) => ({ ...match, templateId: expect.any(Number) }))),
    );
  });

  test('malformed records are reported by number', async () => {
    const gallery = track(new Gallery({ modelId: MODEL, dim: 2, backend: 'js' }));
    const cases: [unknown, RegExp][] = [
      ['{not json', /not valid JSON/],
      [{ templates: 'nope' }, /"templates" must be an array/],
      [[{ label: 'a', vector: [1, 2] }, 'text'], /record 2: expected an object/],
      [[{ label: 'a', vector: [1, 2] }, { label: '', vector: [1, 2] }], /record 2: "label" must be a non-empty string/],
      [[{ label: 'a', vector: [1, 2, 3] }], /record 1: "vector" of "a" has 3 components, expected 2/],
      [[{ label: 'a', vector: [1, 2] }, { label: 'b', vector: [1, 2] }, { label: 'c', vector: [1, 'x'] }], /record 3: .*component 1: "x"/],
      [[{ label: 'a', vector: [1, null] }], /record 1: .*non-finite or non-number component 1: null/],
      [[{ label: 'a' }], /record 1: "vector" of "a" must be an array of 2 numbers/],
      [{ version: 9, templates: [] }, /"version" 9 is not supported/],
    ];
    for (const [input, message] of cases) {
      await expect(gallery.importJson(input)).rejects.toBeInstanceOf(GalleryJsonError);
      await expect(gallery.importJson(input)).rejects.toThrow(message);
    }
    expect(gallery.count).toBe(0);
  });

  test('exports of another model are rejected', async () => {
    const gallery = track(new Gallery({ modelId: MODEL, dim: 2, backend: 'js' }));
    await expect(gallery.importJson({ modelId: 'other', templates: [] })).rejects.toBeInstanceOf(GalleryMismatchError);
    await expect(gallery.importJson({ dim: 3, templates: [] })).rejects.toThrow(/its dim is 3, but 2 is expected/);
  });

  test('existing labels follow onExisting', async () => {
    const gallery = track(new Gallery({ modelId: MODEL, dim: 2, backend: 'js' }));
    await gallery.enrol('a', new Float32Array([1, 0]));
    const records = [
      { label: 'a', vector: [0, 1] },
      { label: 'b', vector: [0.5, 0.5] },
    ];

    await expect(gallery.importJson(records)).rejects.toThrow(/identity "a" is already enrolled/);
    expect(gallery.count).toBe(1);

    await gallery.importJson(records, { onExisting: 'append' });
    expect(gallery.templates('a')).toEqual([new Float32Array([1, 0]), new Float32Array([0, 1])]);
    expect(gallery.templates('b')).toEqual([new Float32Array([0.5, 0.5])]);

    await gallery.importJson([{ label: 'a', vector: [0.25, 0.75] }], { onExisting: 'replace' });
    expect(gallery.templates('a')).toEqual([new Float32Array([0.25, 0.75])]);
  });
});
