// The conformance suite: every backend must give the js reference's results
// within the tolerance stated in check.ts. The cases take a backend and use
// no test framework, so vitest (Node) and a Chromium page run them unchanged.

import {
  distancesReference,
  float16BitsToFloat32,
  float32ToFloat16Bits,
  quantizeInt8,
  topKReference,
  type KernelBackend,
  type KernelMetric,
} from '../../src/index.js';
import {
  assertClose,
  assertDistancesClose,
  assertEqual,
  assertRejects,
  assertTopKMatches,
  fail,
  randomVectors,
} from './check.js';
import { seededRandom } from '../../src/synthetic.js';

export interface ConformanceContext {
  /** The backend with its default limits. */
  readonly backend: KernelBackend;
  /** The same kind of backend with gallery chunks (or shards) of CHUNK_BYTES. */
  readonly chunkedBackend: KernelBackend;
}

export interface ConformanceCase {
  readonly name: string;
  run(context: ConformanceContext): Promise<void>;
}

/** Chunk size of `chunkedBackend`: 64 KiB is 128 rows of 128 float32 components. */
export const CHUNK_BYTES = 64 * 1024;

const metrics: KernelMetric[] = ['squaredL2', 'dot'];

async function checkDistances(
  backend: KernelBackend,
  queries: Float32Array,
  vectors: Float32Array,
  dim: number,
  metric: KernelMetric,
  what: string,
): Promise<void> {
  const gallery = await backend.createGallery(vectors, dim);
  try {
    const actual = await backend.distances(queries, gallery, metric);
    const expected = distancesReference(queries, vectors, dim, metric);
    assertDistancesClose(actual, expected, queries, vectors, dim, what);
  } finally {
    gallery.dispose();
  }
}

async function checkTopK(
  backend: KernelBackend,
  queries: Float32Array,
  vectors: Float32Array,
  dim: number,
  k: number,
  metric: KernelMetric,
  what: string,
): Promise<void> {
  const gallery = await backend.createGallery(vectors, dim);
  try {
    const actual = await backend.topK(queries, gallery, k, metric);
    const expected = topKReference(queries, vectors, dim, k, metric);
    const reference = distancesReference(queries, vectors, dim, metric);
    assertTopKMatches(actual, expected, reference, queries, vectors, dim, metric, what);
  } finally {
    gallery.dispose();
  }
}

/** Returns the float32 rows that a quantised gallery scans, decoded on the host. */
function decodedGallery(vectors: Float32Array, dim: number, quantization: 'int8' | 'f16'): Float32Array {
  const decoded = new Float32Array(vectors.length);
  if (quantization === 'f16') {
    for (let i = 0; i < vectors.length; i++) decoded[i] = float16BitsToFloat32(float32ToFloat16Bits(vectors[i]));
    return decoded;
  }
  const { codes, scales } = quantizeInt8(vectors, dim);
  for (let i = 0; i < vectors.length; i++) decoded[i] = scales[Math.floor(i / dim)] * codes[i];
  return decoded;
}

/** Returns the float64 triplet loss, independent of the code under test. */
function tripletLoss64(anchor: Float64Array, positive: Float64Array, negative: Float64Array, dim: number, alpha: number): number {
  let loss = 0;
  for (let row = 0; row < anchor.length / dim; row++) {
    let hinge = alpha;
    for (let i = row * dim; i < (row + 1) * dim; i++) {
      hinge += (anchor[i] - positive[i]) ** 2 - (anchor[i] - negative[i]) ** 2;
    }
    loss += Math.max(hinge, 0);
  }
  return loss;
}

const tripletExactCases: { name: string; dim: number; a: number[]; p: number[]; n: number[]; alpha: number; loss: number }[] = [
  { name: 'A=P=N', dim: 2, a: [1, 1], p: [1, 1], n: [1, 1], alpha: 5, loss: 5 },
  { name: 'A=P, N at origin', dim: 2, a: [1, 1], p: [1, 1], n: [0, 0], alpha: 3, loss: 1 },
  { name: 'A=N, P at origin', dim: 2, a: [1, 1], p: [0, 0], n: [1, 1], alpha: 0, loss: 2 },
  { name: 'all zeros, negative alpha', dim: 2, a: [0, 0], p: [0, 0], n: [0, 0], alpha: -2, loss: 0 },
  { name: 'two rows, A=P', dim: 2, a: [1, 0, 1, 0], p: [1, 0, 1, 0], n: [0, 1, 0, 1], alpha: 3, loss: 2 },
  { name: 'two rows, mixed', dim: 2, a: [1, 1, 2, 0], p: [0, 3, 1, 1], n: [1, 0, 0, 1], alpha: 1, loss: 5 },
];

export const conformanceCases: ConformanceCase[] = [
  {
    name: 'distances d=128 both metrics',
    async run({ backend }) {
      for (const metric of metrics) {
        const unit = metric === 'dot';
        await checkDistances(backend, randomVectors(7, 128, 1, unit), randomVectors(300, 128, 2, unit), 128, metric, metric);
      }
    },
  },
  {
    name: 'distances d=512 both metrics',
    async run({ backend }) {
      for (const metric of metrics) {
        const unit = metric === 'dot';
        await checkDistances(backend, randomVectors(5, 512, 3, unit), randomVectors(259, 512, 4, unit), 512, metric, metric);
      }
    },
  },
  {
    name: 'distances small multiples of 4',
    async run({ backend }) {
      for (const dim of [4, 12, 36, 132]) {
        await checkDistances(backend, randomVectors(3, dim, dim, false), randomVectors(70, dim, dim + 1), dim, 'squaredL2', `d=${dim}`);
      }
    },
  },
  {
    name: 'distances odd gallery sizes',
    async run({ backend }) {
      for (const rows of [0, 1, 255, 257]) {
        await checkDistances(backend, randomVectors(17, 128, 5), randomVectors(rows, 128, rows + 6), 128, 'squaredL2', `n=${rows}`);
      }
    },
  },
  {
    name: 'distances across chunks',
    async run({ chunkedBackend }) {
      // 600 rows of 512 bytes span 5 chunks of 64 KiB.
      await checkDistances(chunkedBackend, randomVectors(9, 128, 7), randomVectors(600, 128, 8), 128, 'squaredL2', 'chunked');
      await checkDistances(chunkedBackend, randomVectors(3, 512, 9, true), randomVectors(300, 512, 10, true), 512, 'dot', 'chunked dot');
    },
  },
  {
    name: 'topK d=128 odd sizes',
    async run({ backend }) {
      for (const rows of [0, 1, 255, 257]) {
        for (const k of [0, 1, 5, 16]) {
          await checkTopK(backend, randomVectors(6, 128, 11), randomVectors(rows, 128, 12 + rows), 128, k, 'squaredL2', `n=${rows} k=${k}`);
        }
      }
    },
  },
  {
    name: 'topK d=512 both metrics',
    async run({ backend }) {
      for (const metric of metrics) {
        const unit = metric === 'dot';
        await checkTopK(backend, randomVectors(20, 512, 13, unit), randomVectors(700, 512, 14, unit), 512, 10, metric, metric);
      }
    },
  },
  {
    name: 'topK k larger than gallery',
    async run({ backend }) {
      const vectors = randomVectors(7, 128, 15);
      const gallery = await backend.createGallery(vectors, 128);
      try {
        const result = await backend.topK(randomVectors(2, 128, 16), gallery, 50, 'squaredL2');
        assertEqual(result.k, 7, 'k');
        assertEqual(result.indices.length, 14, 'indices length');
        const rowsSeen = new Set(Array.from(result.indices.subarray(0, 7)));
        assertEqual(rowsSeen.size, 7, 'distinct rows for query 0');
      } finally {
        gallery.dispose();
      }
      await checkTopK(backend, randomVectors(3, 128, 17), vectors, 128, 8, 'dot', 'k=8 > n=7 dot');
    },
  },
  {
    name: 'topK k=0 and no queries',
    async run({ backend }) {
      const gallery = await backend.createGallery(randomVectors(10, 128, 18), 128);
      try {
        const none = await backend.topK(randomVectors(3, 128, 19), gallery, 0, 'squaredL2');
        assertEqual(none.queries, 3, 'queries with k=0');
        assertEqual(none.k, 0, 'k with k=0');
        assertEqual(none.indices.length, 0, 'indices with k=0');
        assertEqual(none.distances.length, 0, 'distances with k=0');

        const noQueries = await backend.topK(new Float32Array(0), gallery, 4, 'squaredL2');
        assertEqual(noQueries.queries, 0, 'queries without queries');
        assertEqual(noQueries.indices.length, 0, 'indices without queries');

        const noDistances = await backend.distances(new Float32Array(0), gallery, 'squaredL2');
        assertEqual(noDistances.length, 0, 'distances without queries');
      } finally {
        gallery.dispose();
      }
    },
  },
  {
    name: 'topK across chunks',
    async run({ chunkedBackend }) {
      // 2000 rows of 512 bytes span 16 chunks; 1000 rows of 2 KiB span 32.
      await checkTopK(chunkedBackend, randomVectors(33, 128, 20), randomVectors(2000, 128, 21), 128, 10, 'squaredL2', 'd=128');
      await checkTopK(chunkedBackend, randomVectors(4, 512, 22, true), randomVectors(1000, 512, 23, true), 512, 7, 'dot', 'd=512 dot');
      await checkTopK(chunkedBackend, randomVectors(2, 128, 24), randomVectors(300, 128, 25), 128, 300, 'squaredL2', 'k=n');
    },
  },
  {
    name: 'topK large k',
    async run({ backend }) {
      await checkTopK(backend, randomVectors(5, 128, 26), randomVectors(1500, 128, 27), 128, 200, 'squaredL2', 'k=200');
      await checkTopK(backend, randomVectors(3, 128, 28, true), randomVectors(400, 128, 29, true), 128, 100, 'dot', 'k=100 dot');
    },
  },
  {
    name: 'topK ties break by lower index',
    async run({ backend, chunkedBackend }) {
      const dim = 128;
      const distinct = randomVectors(4, dim, 30, true);
      // Row r contains distinct vector r % 4, so each vector appears at rows r, r+4, r+8, ...
      const rows = 300;
      const vectors = new Float32Array(rows * dim);
      for (let row = 0; row < rows; row++) vectors.set(distinct.subarray((row % 4) * dim, (row % 4 + 1) * dim), row * dim);
      const queries = distinct.slice(0, 2 * dim);

      for (const candidate of [backend, chunkedBackend]) {
        for (const metric of metrics) {
          const gallery = await candidate.createGallery(vectors, dim);
          try {
            const result = await candidate.topK(queries, gallery, 6, metric);
            for (let query = 0; query < 2; query++) {
              const got = Array.from(result.indices.subarray(query * 6, query * 6 + 6));
              const expected = [0, 4, 8, 12, 16, 20].map((row) => row + query);
              assertEqual(got.join(','), expected.join(','), `${metric} query ${query} rows`);
            }
          } finally {
            gallery.dispose();
          }
        }
      }
    },
  },
  {
    name: 'gallery reuse gives same results',
    async run({ backend }) {
      const vectors = randomVectors(500, 128, 31);
      const gallery = await backend.createGallery(vectors, 128);
      try {
        const first = await backend.topK(randomVectors(4, 128, 32), gallery, 5, 'squaredL2');
        await backend.topK(randomVectors(40, 128, 33), gallery, 9, 'dot');
        vectors.fill(0);
        const second = await backend.topK(randomVectors(4, 128, 32), gallery, 5, 'squaredL2');
        assertEqual(Array.from(second.indices).join(','), Array.from(first.indices).join(','), 'indices after reuse');
        assertEqual(Array.from(second.distances).join(','), Array.from(first.distances).join(','), 'distances after reuse');
      } finally {
        gallery.dispose();
      }
    },
  },
  {
    name: 'quantised distances match decoded reference',
    async run({ backend }) {
      const dim = 128;
      const vectors = randomVectors(300, dim, 34, true);
      const queries = randomVectors(5, dim, 35, true);
      for (const quantization of ['int8', 'f16'] as const) {
        const decoded = decodedGallery(vectors, dim, quantization);
        const gallery = await backend.createGallery(vectors, dim, { quantization });
        try {
          assertEqual(gallery.quantization, quantization, 'gallery quantization');
          for (const metric of metrics) {
            const actual = await backend.distances(queries, gallery, metric);
            const expected = distancesReference(queries, decoded, dim, metric);
            assertDistancesClose(actual, expected, queries, decoded, dim, `${quantization} ${metric}`);

            const approximate = await backend.topK(queries, gallery, 5, metric, { rerankCandidates: 0 });
            const approximateExpected = topKReference(queries, decoded, dim, 5, metric);
            assertTopKMatches(approximate, approximateExpected, expected, queries, decoded, dim, metric, `${quantization} ${metric} without re-ranking`);
          }
        } finally {
          gallery.dispose();
        }
      }
    },
  },
  {
    name: 'quantised topK re-ranks in float32',
    async run({ backend, chunkedBackend }) {
      const dim = 128;
      const vectors = randomVectors(1200, dim, 36, true);
      const queries = randomVectors(10, dim, 37, true);
      for (const candidate of [backend, chunkedBackend]) {
        for (const quantization of ['int8', 'f16'] as const) {
          for (const metric of metrics) {
            const gallery = await candidate.createGallery(vectors, dim, { quantization });
            try {
              const actual = await candidate.topK(queries, gallery, 10, metric, { rerankCandidates: 100 });
              const expected = topKReference(queries, vectors, dim, 10, metric);
              const reference = distancesReference(queries, vectors, dim, metric);
              assertTopKMatches(actual, expected, reference, queries, vectors, dim, metric, `${quantization} ${metric}`);
            } finally {
              gallery.dispose();
            }
          }
        }
      }
    },
  },
  ...tripletExactCases.map(
    (example): ConformanceCase => ({
      name: `tripletLoss exact: ${example.name}`,
      async run({ backend }) {
        const result = await backend.tripletLoss(
          new Float32Array(example.a),
          new Float32Array(example.p),
          new Float32Array(example.n),
          example.dim,
          example.alpha,
        );
        assertEqual(result.loss, example.loss, 'loss');
        assertEqual(result.gradAnchor.length, example.a.length, 'gradAnchor length');
      },
    }),
  ),
  {
    name: 'tripletLoss exact gradients',
    async run({ backend }) {
      // Row 0: A=[1,1], P=[0,3], N=[1,0], hinge 5 - 1 + 1 = 5 > 0, active.
      // Row 1: A=[2,0], P=[1,1], N=[0,1], hinge 2 - 5 + 1 = -2, inactive.
      const result = await backend.tripletLoss(
        new Float32Array([1, 1, 2, 0]),
        new Float32Array([0, 3, 1, 1]),
        new Float32Array([1, 0, 0, 1]),
        2,
        1,
      );
      assertEqual(result.activeTriplets, 1, 'activeTriplets');
      assertEqual(Array.from(result.gradAnchor).join(','), '2,-6,0,0', 'gradAnchor');
      assertEqual(Array.from(result.gradPositive).join(','), '-2,4,0,0', 'gradPositive');
      assertEqual(Array.from(result.gradNegative).join(','), '0,2,0,0', 'gradNegative');
    },
  },
  {
    name: 'tripletLoss gradients match finite differences',
    async run({ backend }) {
      for (const dim of [3, 128, 130]) {
        const rows = 9;
        const random = seededRandom(dim);
        const anchor = randomVectors(rows, dim, dim * 3 + 1);
        const positive = randomVectors(rows, dim, dim * 3 + 2);
        const negative = randomVectors(rows, dim, dim * 3 + 3);
        const alpha = 0.5 + random();

        const result = await backend.tripletLoss(anchor, positive, negative, dim, alpha);
        const inputs = [anchor, positive, negative].map((values) => Float64Array.from(values));
        const expectedLoss = tripletLoss64(inputs[0], inputs[1], inputs[2], dim, alpha);
        assertClose(result.loss, expectedLoss, 1e-5 * Math.max(1, expectedLoss), `d=${dim} loss`);

        const gradients = [result.gradAnchor, result.gradPositive, result.gradNegative];
        const names = ['gradAnchor', 'gradPositive', 'gradNegative'];
        const step = 1e-4;
        // Central differences on every 7th component: the loss is piecewise
        // quadratic, so they are exact up to rounding unless a hinge crosses 0.
        for (let which = 0; which < 3; which++) {
          for (let i = 0; i < anchor.length; i += 7) {
            const saved = inputs[which][i];
            inputs[which][i] = saved + step;
            const up = tripletLoss64(inputs[0], inputs[1], inputs[2], dim, alpha);
            inputs[which][i] = saved - step;
            const down = tripletLoss64(inputs[0], inputs[1], inputs[2], dim, alpha);
            inputs[which][i] = saved;
            const numeric = (up - down) / (2 * step);
            assertClose(gradients[which][i], numeric, 1e-5 * Math.max(1, Math.abs(numeric)), `d=${dim} ${names[which]}[${i}]`);
          }
        }
        if (result.activeTriplets === 0 || result.activeTriplets === rows) {
          fail(`d=${dim}: expected a mix of active and inactive rows, got ${result.activeTriplets} of ${rows} active`);
        }
      }
    },
  },
  {
    name: 'tripletLoss empty batch',
    async run({ backend }) {
      const result = await backend.tripletLoss(new Float32Array(0), new Float32Array(0), new Float32Array(0), 5, 0.2);
      assertEqual(result.loss, 0, 'loss');
      assertEqual(result.activeTriplets, 0, 'activeTriplets');
      assertEqual(result.gradAnchor.length, 0, 'gradAnchor length');
    },
  },
  {
    name: 'tripletLoss many rows',
    async run({ backend }) {
      const rows = 1000;
      const dim = 20;
      const anchor = randomVectors(rows, dim, 40);
      const positive = randomVectors(rows, dim, 41);
      const negative = randomVectors(rows, dim, 42);
      const result = await backend.tripletLoss(anchor, positive, negative, dim, 0.3);
      const inputs = [anchor, positive, negative].map((values) => Float64Array.from(values));
      const expected = tripletLoss64(inputs[0], inputs[1], inputs[2], dim, 0.3);
      assertClose(result.loss, expected, 1e-5 * expected, 'loss');
    },
  },
  {
    name: 'non-finite input rejected',
    async run({ backend }) {
      const vectors = randomVectors(10, 8, 43);
      const gallery = await backend.createGallery(vectors, 8);
      try {
        const badQuery = randomVectors(2, 8, 44);
        badQuery[5] = Number.NaN;
        await assertRejects(() => backend.distances(badQuery, gallery, 'squaredL2'), 'InvalidInputError', 'queries', 'NaN query in distances');
        await assertRejects(() => backend.topK(badQuery, gallery, 3, 'dot'), 'InvalidInputError', 'queries', 'NaN query in topK');

        const badVectors = vectors.slice();
        badVectors[17] = Number.POSITIVE_INFINITY;
        await assertRejects(() => backend.createGallery(badVectors, 8), 'InvalidInputError', 'vectors', 'infinite gallery row');

        const good = randomVectors(2, 3, 45);
        const bad = good.slice();
        bad[4] = Number.NEGATIVE_INFINITY;
        await assertRejects(() => backend.tripletLoss(bad, good, good, 3), 'InvalidInputError', 'anchor', 'infinite anchor');
        await assertRejects(() => backend.tripletLoss(good, bad, good, 3), 'InvalidInputError', 'positive', 'infinite positive');
        await assertRejects(() => backend.tripletLoss(good, good, bad, 3), 'InvalidInputError', 'negative', 'infinite negative');
        await assertRejects(() => backend.tripletLoss(good, good, good, 3, Number.NaN), 'InvalidInputError', 'alpha', 'NaN alpha');

        // Still usable after the rejected calls.
        const result = await backend.topK(randomVectors(1, 8, 46), gallery, 3, 'squaredL2');
        assertEqual(result.k, 3, 'k after rejected calls');
      } finally {
        gallery.dispose();
      }
    },
  },
  {
    name: 'invalid shapes rejected',
    async run({ backend }) {
      const gallery = await backend.createGallery(randomVectors(10, 8, 47), 8);
      const query = randomVectors(1, 8, 48);
      try {
        await assertRejects(() => backend.createGallery(randomVectors(3, 6, 49), 6), 'InvalidInputError', 'dim', 'dim not a multiple of 4');
        await assertRejects(() => backend.createGallery(randomVectors(3, 8, 50), 0), 'InvalidInputError', 'dim', 'dim 0');
        await assertRejects(() => backend.createGallery(new Float32Array(10), 8), 'InvalidInputError', 'vectors', 'ragged gallery');
        await assertRejects(() => backend.createGallery([1, 2, 3, 4] as unknown as Float32Array, 4), 'InvalidInputError', 'vectors', 'plain array');
        await assertRejects(
          () => backend.createGallery(randomVectors(3, 8, 51), 8, { quantization: 'int4' as 'int8' }),
          'InvalidInputError',
          'options.quantization',
          'unknown quantization',
        );
        await assertRejects(() => backend.distances(randomVectors(1, 12, 52), gallery, 'squaredL2'), 'InvalidInputError', 'queries', 'query of wrong dim');
        await assertRejects(() => backend.topK(query, gallery, -1, 'squaredL2'), 'InvalidInputError', 'k', 'negative k');
        await assertRejects(() => backend.topK(query, gallery, 1.5, 'squaredL2'), 'InvalidInputError', 'k', 'fractional k');
        await assertRejects(() => backend.topK(query, gallery, 2, 'cosine' as KernelMetric), 'InvalidInputError', 'metric', 'unknown metric');
        await assertRejects(() => backend.tripletLoss(new Float32Array(6), new Float32Array(4), new Float32Array(6), 2), 'InvalidInputError', 'positive', 'short positive');
        await assertRejects(() => backend.tripletLoss(new Float32Array(5), new Float32Array(5), new Float32Array(5), 2), 'InvalidInputError', 'anchor', 'ragged anchor');
      } finally {
        gallery.dispose();
      }
      await assertRejects(() => backend.topK(query, gallery, 1, 'squaredL2'), 'DisposedError', undefined, 'disposed gallery');
    },
  },
  {
    name: 'f16 gallery rejects out-of-range values',
    async run({ backend }) {
      const vectors = randomVectors(2, 4, 53);
      vectors[3] = 70000;
      await assertRejects(() => backend.createGallery(vectors, 4, { quantization: 'f16' }), 'InvalidInputError', 'vectors', 'value above 65504');
    },
  },
];
