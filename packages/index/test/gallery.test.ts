import { afterEach, describe, expect, test } from 'vitest';
import {
  DuplicateIdentityError,
  Gallery,
  GalleryArgumentError,
  IdentityNotFoundError,
  type IndexChoice,
} from '../src/index.js';
import { clusteredTemplates, gaussianSampler as gaussian, seededRandom as random, templateNear } from '@facegate/kernels';

const MODEL = 'test-model';
const DIM = 64;
const galleries: Gallery[] = [];

function makeGallery(index: IndexChoice, extra: Partial<ConstructorParameters<typeof Gallery>[0]> = {}): Gallery {
  const gallery = new Gallery({ modelId: MODEL, dim: DIM, index, backend: 'js', hnsw: { initialCapacity: 4 }, ...extra });
  galleries.push(gallery);
  return gallery;
}

afterEach(async () => {
  await Promise.all(galleries.splice(0).map((gallery) => gallery.dispose()));
});

// Ten identities with three templates each, and one fresh probe per identity.
const set = clusteredTemplates(10, 3, DIM, 7);
const normal = gaussian(random(99));
const probes = set.centres.map((centre) => templateNear(centre, 0.5, normal));
const label = (id: number) => `person-${id}`;

async function enrolAll(gallery: Gallery): Promise<void> {
  for (let id = 0; id < 10; id++) {
    await gallery.enrol(label(id), set.vectors.subarray(id * 3 * DIM, (id + 1) * 3 * DIM));
  }
}

function probeRows(ids: number[]): Float32Array {
  const rows = new Float32Array(ids.length * DIM);
  ids.forEach((id, i) => rows.set(probes[id], i * DIM));
  return rows;
}

describe.each(['exact', 'hnsw'] as const)('gallery with %s index', (index) => {
  test('enrol counts identities and templates', async () => {
    const gallery = makeGallery(index);
    await enrolAll(gallery);

    expect(gallery.count).toBe(10);
    expect(gallery.templateCount).toBe(30);
    expect(gallery.labels()).toEqual(Array.from({ length: 10 }, (_, id) => label(id)));
    expect(gallery.indexKind).toBe(index);
    expect(gallery.identity(label(2))?.templateIds).toHaveLength(3);
  });

  test('search returns labels of distinct identities', async () => {
    const gallery = makeGallery(index);
    await enrolAll(gallery);

    const results = await gallery.search(probeRows([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]), 3);
    expect(results).toHaveLength(10);
    results.forEach((matches, id) => {
      expect(matches).toHaveLength(3);
      expect(matches[0].label).toBe(label(id));
      expect(new Set(matches.map((match) => match.label)).size).toBe(3);
      expect(matches[0].distance).toBeLessThanOrEqual(matches[1].distance);
      expect(matches[1].distance).toBeLessThanOrEqual(matches[2].distance);
    });
  });

  test('search keeps the best template per identity', async () => {
    const gallery = makeGallery(index);
    await enrolAll(gallery);

    const [[best]] = await gallery.search(probes[4], 1);
    const templates = gallery.templates(label(4));
    const distances = templates.map((template) => template.reduce((sum, value, i) => sum + (value - probes[4][i]) ** 2, 0));
    const bestTemplate = gallery.identity(label(4))!.templateIds[distances.indexOf(Math.min(...distances))];

    expect(best.templateId).toBe(bestTemplate);
    expect(best.distance).toBeCloseTo(Math.min(...distances), 4);
    expect(await gallery.distanceToIdentity(probes[4], label(4))).toBeCloseTo(best.distance, 4);
  });

  test('k beyond identity count returns all identities', async () => {
    const gallery = makeGallery(index);
    await enrolAll(gallery);

    const [matches] = await gallery.search(probes[0], 50);
    expect(matches).toHaveLength(10);
    expect(new Set(matches.map((match) => match.label)).size).toBe(10);
  });

  test('empty gallery returns no matches', async () => {
    const gallery = makeGallery(index);

    expect(await gallery.search(probes[0], 5)).toEqual([[]]);
    expect(await gallery.search(new Float32Array(0), 5)).toEqual([]);
    expect(await gallery.distanceToIdentity(probes[0], 'nobody')).toBeUndefined();
    const [decision] = await gallery.identify(probes[0], 1.4);
    expect(decision.label).toBeUndefined();
    expect(decision.distance).toBeUndefined();
  });

  test('threshold marks far probes unknown', async () => {
    const gallery = makeGallery(index);
    await enrolAll(gallery);
    const stranger = templateNear(clusteredTemplates(1, 1, DIM, 12345).centres[0], 0.5, normal);

    const [known, unknown] = await gallery.search([probes[3], stranger], 3, { threshold: 1.4 });
    expect(known[0].label).toBe(label(3));
    expect(known.every((match) => match.distance <= 1.4)).toBe(true);
    expect(unknown).toEqual([]);

    const decisions = await gallery.identify([probes[3], stranger], 1.4);
    expect(decisions[0].label).toBe(label(3));
    expect(decisions[1].label).toBeUndefined();
    expect(decisions[1].nearest?.distance).toBeGreaterThan(1.4);
  });

  test('remove never returns the person again', async () => {
    const gallery = makeGallery(index);
    await enrolAll(gallery);

    await gallery.remove(label(5));
    expect(gallery.has(label(5))).toBe(false);
    expect(gallery.count).toBe(9);
    expect(gallery.templateCount).toBe(27);

    const [matches] = await gallery.search(probes[5], 20);
    expect(matches).toHaveLength(9);
    expect(matches.map((match) => match.label)).not.toContain(label(5));
    expect(await gallery.distanceToIdentity(probes[5], label(5))).toBeUndefined();
  });

  test('re-enrolment gets new template ids', async () => {
    const gallery = makeGallery(index);
    await enrolAll(gallery);
    const before = gallery.identity(label(5))!;

    await gallery.remove(label(5));
    const again = await gallery.enrol(label(5), probes[5]);

    expect(again.templateIds.some((id) => before.templateIds.includes(id))).toBe(false);
    expect(again.identityId).not.toBe(before.identityId);
    const [matches] = await gallery.search(probes[5], 20);
    expect(matches.filter((match) => match.label === label(5))).toHaveLength(1);
    expect(matches[0].templateId).toBe(again.templateIds[0]);
    expect(matches[0].distance).toBeCloseTo(0, 5);
  });

  test('replace swaps templates and keeps the identity id', async () => {
    const gallery = makeGallery(index);
    await enrolAll(gallery);
    const before = gallery.identity(label(1))!;

    // Person 1 now wears person 2's face; the search must follow.
    const replaced = await gallery.replace(label(1), [probes[2]]);
    expect(replaced.identityId).toBe(before.identityId);
    expect(replaced.templateIds).toHaveLength(1);
    expect(gallery.templateCount).toBe(28);

    const [matches] = await gallery.search(probes[2], 2);
    expect(matches[0].label).toBe(label(1));
    expect(matches[0].distance).toBeCloseTo(0, 5);
    expect(matches.filter((match) => before.templateIds.includes(match.templateId))).toEqual([]);
  });

  test('rename keeps templates and position', async () => {
    const gallery = makeGallery(index);
    await enrolAll(gallery);
    const before = gallery.identity(label(3))!;

    await gallery.rename(label(3), 'renamed');
    expect(gallery.labels()[3]).toBe('renamed');
    expect(gallery.identity('renamed')?.templateIds).toEqual(before.templateIds);
    const [[best]] = await gallery.search(probes[3], 1);
    expect(best.label).toBe('renamed');

    await expect(gallery.rename(label(4), 'renamed')).rejects.toBeInstanceOf(DuplicateIdentityError);
    await expect(gallery.rename('missing', 'other')).rejects.toBeInstanceOf(IdentityNotFoundError);
  });

  test('addTemplates extends an identity', async () => {
    const gallery = makeGallery(index);
    await enrolAll(gallery);

    await gallery.addTemplates(label(0), [probes[0]]);
    expect(gallery.identity(label(0))?.templateIds).toHaveLength(4);
    const [[best]] = await gallery.search(probes[0], 1);
    expect(best.distance).toBeCloseTo(0, 5);
  });

  test('clear empties the gallery', async () => {
    const gallery = makeGallery(index);
    await enrolAll(gallery);

    await gallery.clear();
    expect(gallery.count).toBe(0);
    expect(gallery.templateCount).toBe(0);
    expect(await gallery.search(probes[0], 3)).toEqual([[]]);
  });
});

describe('gallery input checks', () => {
  test('enrol rejects a duplicate label', async () => {
    const gallery = makeGallery('exact');
    await gallery.enrol('alice', probes[0]);
    await expect(gallery.enrol('alice', probes[1])).rejects.toBeInstanceOf(DuplicateIdentityError);
    expect(gallery.templateCount).toBe(1);
  });

  test('operations on unknown labels throw', async () => {
    const gallery = makeGallery('exact');
    await expect(gallery.remove('ghost')).rejects.toBeInstanceOf(IdentityNotFoundError);
    await expect(gallery.replace('ghost', probes[0])).rejects.toBeInstanceOf(IdentityNotFoundError);
    await expect(gallery.addTemplates('ghost', probes[0])).rejects.toBeInstanceOf(IdentityNotFoundError);
    expect(() => gallery.templates('ghost')).toThrow(IdentityNotFoundError);
  });

  test('bad embeddings are rejected with the argument named', async () => {
    const gallery = makeGallery('exact');
    const cases: [unknown, RegExp][] = [
      [new Float32Array(DIM - 1), /not a multiple of the gallery dimension 64/],
      [new Float32Array(0), /contains no embedding/],
      [Float32Array.from({ length: DIM }, (_, i) => (i === 3 ? Number.NaN : 0)), /row 0 component 3 is NaN/],
      [[new Float32Array(DIM), new Float32Array(3)], /embeddings\[1\]: has 3 components/],
      [[1, 2, 3], /embeddings\[0\]: expected a Float32Array/],
      ['vector', /expected a Float32Array/],
    ];
    for (const [input, message] of cases) {
      const attempt = () => gallery.enrol('bob', input as Float32Array);
      await expect(attempt()).rejects.toBeInstanceOf(GalleryArgumentError);
      await expect(attempt()).rejects.toThrow(message);
    }
    expect(gallery.count).toBe(0);
  });

  test('bad labels and k are rejected', async () => {
    const gallery = makeGallery('exact');
    await expect(gallery.enrol('', probes[0])).rejects.toThrow(/label: must not be empty/);
    await expect(gallery.enrol(42 as unknown as string, probes[0])).rejects.toThrow(/label: expected a string/);
    await expect(gallery.enrol('x'.repeat(2000), probes[0])).rejects.toThrow(/limit is 1024/);
    await expect(gallery.search(probes[0], -1)).rejects.toThrow(/invalid k/);
    await expect(gallery.search(probes[0], 1.5)).rejects.toThrow(/invalid k/);
    await expect(gallery.search(probes[0], 1, { threshold: Number.NaN })).rejects.toThrow(/invalid threshold/);
    await expect(gallery.search(probes[0], 1, { ef: 0 })).rejects.toThrow(/invalid ef/);
    await expect(gallery.distanceToIdentity(new Float32Array(2 * DIM), 'a')).rejects.toThrow(/expected one embedding of 64 components, got 2/);
  });

  test('zero queries return no lists', async () => {
    const gallery = makeGallery('exact');
    await enrolAll(gallery);
    expect(await gallery.search(new Float32Array(0), 3)).toEqual([]);
    expect(await gallery.search([], 3)).toEqual([]);
  });

  test('disposed gallery rejects use', async () => {
    const gallery = new Gallery({ modelId: MODEL, dim: DIM, backend: 'js' });
    await gallery.enrol('alice', probes[0]);
    const first = gallery.dispose();
    expect(gallery.dispose()).toBe(first);
    await first;
    await expect(gallery.search(probes[0], 1)).rejects.toThrow(/the gallery was disposed/);
  });

  test('bad options are rejected', () => {
    expect(() => new Gallery({ modelId: '', dim: 4 })).toThrow(/invalid modelId/);
    expect(() => new Gallery({ modelId: 'm', dim: 0 })).toThrow(/invalid dim/);
    expect(() => new Gallery({ modelId: 'm', dim: 4, metric: 'cosine' as 'dot' })).toThrow(/invalid metric/);
    expect(() => new Gallery({ modelId: 'm', dim: 4, index: 'flat' as 'exact' })).toThrow(/invalid index/);
    expect(() => new Gallery({ modelId: 'm', dim: 4, hnsw: { M: 1 } })).toThrow(/invalid hnsw.M/);
  });
});

describe('index choice', () => {
  test('auto switches to HNSW at the threshold', async () => {
    const gallery = makeGallery('auto', { hnswThreshold: 20 });
    for (let id = 0; id < 6; id++) await gallery.enrol(label(id), set.vectors.subarray(id * 3 * DIM, (id + 1) * 3 * DIM));
    expect(gallery.indexKind).toBe('exact');

    await gallery.enrol(label(6), set.vectors.subarray(18 * DIM, 21 * DIM));
    expect(gallery.indexKind).toBe('hnsw');
    const [[best]] = await gallery.search(probes[6], 1);
    expect(best.label).toBe(label(6));

    // Hysteresis: HNSW stays until the gallery falls below half the threshold.
    await gallery.remove(label(0));
    expect(gallery.indexKind).toBe('hnsw');
    for (let id = 1; id < 4; id++) await gallery.remove(label(id));
    expect(gallery.indexKind).toBe('exact');
  });

  test('exact option overrides HNSW per search', async () => {
    const gallery = makeGallery('hnsw');
    await enrolAll(gallery);

    const approximate = await gallery.search(probes[8], 3);
    const exact = await gallery.search(probes[8], 3, { exact: true });
    expect(exact[0].map((match) => match.label)).toEqual(approximate[0].map((match) => match.label));
    exact[0].forEach((match, i) => expect(match.distance).toBeCloseTo(approximate[0][i].distance, 5));
  });

  test('rerank returns exact distances', async () => {
    const gallery = makeGallery('hnsw');
    await enrolAll(gallery);

    const [reranked] = await gallery.search(probes[8], 3, { rerank: true, rerankCandidates: 30 });
    const [exact] = await gallery.search(probes[8], 3, { exact: true });
    expect(reranked.map((match) => match.label)).toEqual(exact.map((match) => match.label));
    // Re-ranked distances are float64 sums stored as float32.
    for (const match of reranked) expect(match.distance).toBe(Math.fround((await gallery.distanceToIdentity(probes[8], match.label))!));
  });

  test('dot metric ranks by one minus dot product', async () => {
    for (const index of ['exact', 'hnsw'] as const) {
      const gallery = makeGallery(index, { metric: 'dot' });
      await enrolAll(gallery);
      const [matches] = await gallery.search(probes[7], 2);
      expect(matches[0].label).toBe(label(7));
      const template = gallery.templates(label(7)).find((_, i) => gallery.identity(label(7))!.templateIds[i] === matches[0].templateId)!;
      const dot = template.reduce((sum, value, i) => sum + value * probes[7][i], 0);
      expect(matches[0].distance).toBeCloseTo(1 - dot, 5);
    }
  });

  test('dimension not a multiple of four works', async () => {
    const gallery = new Gallery({ modelId: MODEL, dim: 3, index: 'exact', backend: 'js' });
    galleries.push(gallery);
    await gallery.enrol('a', new Float32Array([1, 0, 0]));
    await gallery.enrol('b', new Float32Array([0, 1, 0]));
    const [[best]] = await gallery.search(new Float32Array([0.1, 0.9, 0]), 1);
    expect(best.label).toBe('b');
    expect(best.distance).toBeCloseTo(0.02, 6);
  });
});
