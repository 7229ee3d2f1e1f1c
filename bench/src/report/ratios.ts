// Ratios between rows of the same run: the same sizes, the same machine and
// the same load, so they compare implementations rather than machines.

import type { BenchResults, DistanceRow, EmbeddingRow, IndexRow, Ratio, RunPart, TripletRow } from '../results.js';
import type { SuiteName } from '../settings.js';
import { formatCount, geometricMean } from './format.js';

/** The HNSW ef at which HNSW and exact search are compared; the ef list's value nearest to it is used. */
export const COMPARISON_EF = 64;

export function computeRatios(results: Pick<BenchResults, 'suites' | 'settings' | 'machine' | 'parts'>): Ratio[] {
  const ratios: Ratio[] = [];
  const { distance, triplet, embedding, index, anchor } = results.suites;
  const all = results.settings.threads;
  const adapter = results.machine.webgpu;
  const fallback = !adapter.available
    ? `not measured: no WebGPU adapter (${adapter.reason})`
    : adapter.isFallbackAdapter
      ? 'the WebGPU adapter is a software fallback adapter, so this compares a CPU emulation of a GPU with WebAssembly'
      : undefined;

  if (distance) {
    const rows = distance.rows;
    ratios.push(distanceRatio('wasm-simd-vs-js', 'wasm-simd (1 thread) vs js, distance + top-k', rows, 'js', 'wasm-simd x1'));
    if (all > 1) ratios.push(distanceRatio('wasm-simd-threads-vs-js', `wasm-simd (${all} threads) vs js, distance + top-k`, rows, 'js', `wasm-simd x${all}`));
    ratios.push({ ...distanceRatio('webgpu-vs-wasm-simd', `webgpu vs wasm-simd (${all} threads), distance + top-k`, rows, `wasm-simd x${all}`, 'webgpu'), ...(fallback ? { note: fallback } : {}) });
    ratios.push(distanceRatio('wasm-simd-vs-onnxruntime', `wasm-simd vs onnxruntime-web MatMul + TopK (${all} threads)`, rows, `onnxruntime-web x${all}`, `wasm-simd x${all}`));
    for (const variant of [...new Set(rows.map((row) => row.variant))]) {
      const values = rows
        .filter((row) => row.variant === variant && row.q === 1 && row.bandwidthFraction !== undefined)
        .map((row) => ({ label: `n=${formatCount(row.n)} d=${row.d}`, value: row.bandwidthFraction as number }));
      ratios.push(withMean({
        id: `bandwidth-fraction-${variant.replace(/\s+/g, '-')}`,
        kind: 'share',
        title: `${variant}: share of the read-bandwidth limit, q = 1`,
        definition: `gallery bytes per second of a one-query scan / read bandwidth of the same bytes in the same process`,
        values,
      }));
    }
  }

  if (triplet) {
    ratios.push(tripletRatio('triplet-wasm-simd-vs-js', 'triplet loss: wasm-simd (1 thread) vs js', triplet.rows, 'js', 'wasm-simd x1'));
    ratios.push({ ...tripletRatio('triplet-webgpu-vs-wasm-simd', `triplet loss: webgpu vs wasm-simd (1 thread)`, triplet.rows, 'wasm-simd x1', 'webgpu'), ...(fallback ? { note: fallback } : {}) });
  }

  if (index) ratios.push(hnswVersusExact(index.rows));
  if (embedding && anchor) ratios.push(acrossRuns(facegateVersusFaceApi(embedding.rows, anchor.embedding), ['embedding', 'anchor'], results.parts));
  if (index && anchor) ratios.push(acrossRuns(usearchVersusHnswlib(index.rows, anchor.index), ['index', 'anchor'], results.parts));
  // A ratio without values stays in the report, so that a missing comparison is visible.
  return ratios.map((ratio) => (ratio.values.length > 0 || ratio.note ? ratio : { ...ratio, note: 'not measured in this run: no size at which both rows ran' }));
}

/** Notes on a ratio between two suites when combined results took the suites from different runs. */
function acrossRuns(ratio: Ratio, suites: readonly [SuiteName, SuiteName], parts: readonly RunPart[] | undefined): Ratio {
  if (parts === undefined) return ratio;
  const [first, second] = suites.map((suite) => parts.findIndex((part) => part.suites.includes(suite)));
  if (first === second) return ratio;

  const note = `its two sides come from two runs (${suites[0]} from run ${first + 1}, ${suites[1]} from run ${second + 1}), so the load may have differed`;
  return { ...ratio, note: ratio.note ? `${ratio.note}; ${note}` : note };
}

function withMean(ratio: Ratio): Ratio {
  const mean = geometricMean(ratio.values.map((entry) => entry.value));
  return mean === undefined ? ratio : { ...ratio, geometricMean: mean };
}

function median(row: { status: string; timing?: { medianMs: number } } | undefined): number | undefined {
  return row?.status === 'ok' ? row.timing?.medianMs : undefined;
}

/** Speed-up of `faster` over `slower`: slower's median time over faster's, per size both measured. */
function distanceRatio(id: string, title: string, rows: DistanceRow[], slower: string, faster: string): Ratio {
  const values: Ratio['values'] = [];
  for (const row of rows.filter((candidate) => candidate.variant === faster)) {
    const other = rows.find((candidate) => candidate.variant === slower && candidate.q === row.q && candidate.n === row.n && candidate.d === row.d);
    const a = median(other);
    const b = median(row);
    if (a !== undefined && b !== undefined) values.push({ label: `q=${row.q} n=${formatCount(row.n)} d=${row.d}`, value: a / b });
  }
  return withMean({ id, kind: 'speedup', title, definition: `${slower} median time / ${faster} median time (above 1: ${faster} is faster)`, values });
}

function tripletRatio(id: string, title: string, rows: TripletRow[], slower: string, faster: string): Ratio {
  const values: Ratio['values'] = [];
  for (const row of rows.filter((candidate) => candidate.variant === faster)) {
    const other = rows.find((candidate) => candidate.variant === slower && candidate.m === row.m && candidate.d === row.d);
    const a = median(other);
    const b = median(row);
    if (a !== undefined && b !== undefined) values.push({ label: `m=${row.m} d=${row.d}`, value: a / b });
  }
  return withMean({ id, kind: 'speedup', title, definition: `${slower} median time / ${faster} median time (above 1: ${faster} is faster)`, values });
}

/** Returns the ef of the list nearest COMPARISON_EF. */
export function comparisonEf(rows: readonly IndexRow[]): number | undefined {
  const efs = [...new Set(rows.map((row) => row.ef).filter((ef): ef is number => ef !== undefined))];
  return efs.sort((a, b) => Math.abs(a - COMPARISON_EF) - Math.abs(b - COMPARISON_EF) || a - b)[0];
}

function hnswVersusExact(rows: IndexRow[]): Ratio {
  const ef = comparisonEf(rows.filter((row) => row.engine === 'facegate'));
  const values: Ratio['values'] = [];
  const sets = new Set(rows.map((row) => `${row.dataset}|${row.n}|${row.d}`));
  for (const set of sets) {
    const [dataset, n, d] = set.split('|');
    const same = rows.filter((row) => row.engine === 'facegate' && row.dataset === dataset && String(row.n) === n && String(row.d) === d && row.status === 'ok');
    const hnsw = same.find((row) => row.method === 'hnsw' && row.ef === ef);
    const exact = same.filter((row) => row.method === 'exact').sort((a, b) => (b.qps ?? 0) - (a.qps ?? 0))[0];
    if (hnsw?.qps && exact?.qps) {
      values.push({ label: `${dataset} n=${formatCount(Number(n))} d=${d} (HNSW recall@10 ${hnsw.recallAt10?.toFixed(3)}, exact on ${exact.variant})`, value: hnsw.qps / exact.qps });
    }
  }
  return withMean({
    id: 'hnsw-vs-exact',
    kind: 'speedup',
    title: `HNSW (hnswlib-wasm, ef=${ef}) vs the fastest exact search, queries per second`,
    definition: 'HNSW queries/s / queries/s of the fastest exact variant on the same gallery (exact search answers a batch of probes per call)',
    values,
  });
}

/**
 * Compares embedding throughput at face-api's thread count (tfjs-backend-wasm
 * runs single-threaded in Node 20). Detection and landmarks are left out of
 * this ratio: the two libraries use different detectors, so their stage
 * timings stay in the embedding table instead.
 */
function facegateVersusFaceApi(facegate: EmbeddingRow[], faceApi: EmbeddingRow[]): Ratio {
  const values: Ratio['values'] = [];
  const threads = faceApi.find((row) => row.status === 'ok')?.threads ?? 1;
  for (const row of faceApi.filter((candidate) => candidate.stage === 'embedding' && candidate.status === 'ok' && candidate.facesPerSecond)) {
    const ours = facegate.find((candidate) => candidate.provider === 'wasm' && candidate.threads === row.threads && candidate.stage === row.stage && candidate.batch === row.batch);
    if (ours?.status === 'ok' && ours.facesPerSecond && row.facesPerSecond) {
      values.push({ label: `embedding, batch ${row.batch}`, value: ours.facesPerSecond / row.facesPerSecond });
    }
  }
  return withMean({
    id: 'facegate-vs-face-api',
    kind: 'speedup',
    title: `facegate (onnxruntime-web WASM) vs face-api (tfjs WASM) embedding, ${threads} thread${threads === 1 ? '' : 's'} each, faces per second`,
    definition: 'facegate faces/s / face-api faces/s on the same photos (facegate: 512-d MobileFaceNet-like embedder; face-api: 128-d ResNet-34-like network)',
    values,
  });
}

function usearchVersusHnswlib(facegate: IndexRow[], usearch: IndexRow[]): Ratio {
  const values: Ratio['values'] = [];
  for (const row of usearch.filter((candidate) => candidate.status === 'ok' && candidate.qps)) {
    const ours = facegate.find((candidate) => candidate.method === 'hnsw' && candidate.dataset === row.dataset && candidate.n === row.n && candidate.d === row.d && candidate.ef === row.ef);
    if (ours?.status === 'ok' && ours.qps && row.qps) values.push({ label: `${row.dataset} n=${formatCount(row.n)} d=${row.d} ef=${row.ef}`, value: row.qps / ours.qps });
  }
  return withMean({
    id: 'usearch-vs-hnswlib-wasm',
    kind: 'speedup',
    title: 'usearch (native, 1 thread) vs hnswlib-wasm through facegate, HNSW queries per second',
    definition: 'usearch queries/s / hnswlib-wasm queries/s at the same ef, M and efConstruction',
    values,
  });
}
