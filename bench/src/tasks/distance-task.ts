// Child task of the distance suite: one kernel variant on one (n, d) gallery,
// timed for every query count q, plus the read bandwidth of the same gallery
// bytes in the same process.

import { type BackendGallery, createBackend, type KernelBackend } from '@facegate/kernels';
import { measureReadBandwidth } from '../bandwidth/read-bandwidth.js';
import { randomUnitVectors } from '../data/synthetic.js';
import { collectGarbage, memoryShortfall } from '../measure/resources.js';
import { measureRow, overRowBudget, rowPlan } from '../measure/row-budget.js';
import type { BandwidthRow, DistanceRow, WebGpuAdapter } from '../results.js';
import { describeError } from '../run/describe-error.js';
import { progress } from '../run/log.js';
import { type KernelVariant, type MeasureSettings, variantLabel } from '../settings.js';
import { createOnnxTopK, ORT_WASM_MEMORY_BYTES, type OnnxTopK, setOnnxThreads } from './onnx-topk.js';
import { adapterOf } from './kernel-backend.js';

export interface DistanceTaskInput {
  variant: KernelVariant;
  n: number;
  d: number;
  queries: number[];
  k: number;
  seed: number;
  allThreads: number;
  measure: MeasureSettings;
  /** Median run times of this variant and d at smaller n, for estimating rows before running them. */
  hints: { n: number; q: number; medianMs: number }[];
}

export interface DistanceTaskOutput {
  rows: DistanceRow[];
  bandwidth: BandwidthRow[];
  adapter?: WebGpuAdapter;
}

/** Scans a gallery: the kernels' topK or the onnxruntime-web graph. */
interface Scanner {
  scan(queries: Float32Array, q: number): Promise<number>;
  release(): Promise<void>;
}

export async function runDistanceTask(input: DistanceTaskInput): Promise<DistanceTaskOutput> {
  const { variant, n, d, k } = input;
  const label = variantLabel(variant);
  const galleryBytes = n * d * 4;
  const maxQ = Math.max(...input.queries);
  const rows: DistanceRow[] = [];
  const bandwidth: BandwidthRow[] = [];
  const base = { variant: label, backend: variant.backend, threads: variant.threads, n, d, k };
  const unavailable = (reason: string): DistanceTaskOutput => ({
    rows: input.queries.map((q) => ({ ...base, q, status: 'unavailable', reason })),
    bandwidth,
  });

  // The gallery, a copy for the read baseline and the backend's copy; onnxruntime-web also keeps a transposed copy.
  const copies = variant.backend === 'onnxruntime-web' ? 4 : 3;
  const shortfall = memoryShortfall(galleryBytes * copies, `a ${n} x ${d} float32 gallery with ${copies - 1} copies`);
  if (shortfall) return unavailable(shortfall);
  if (variant.backend === 'onnxruntime-web' && galleryBytes * 1.5 > ORT_WASM_MEMORY_BYTES) {
    return unavailable(`onnxruntime-web's WebAssembly memory is limited to 4 GiB; its ${(galleryBytes / 1024 ** 3).toFixed(1)} GiB gallery initializer and working copies do not fit`);
  }

  progress(`distance ${label}: generating ${n} x ${d} gallery`);
  const gallery = randomUnitVectors(n, d, input.seed);
  const queries = randomUnitVectors(maxQ, d, input.seed + 1);

  // The read baseline runs on one thread, and also on all the variant's threads when it uses more.
  // GPUs count as using all threads because SwiftShader spreads its work over every core. The faster
  // read is the limit that the scan is compared with.
  const readThreads = variant.backend === 'webgpu' ? [1, input.allThreads] : [1, variant.threads];
  let readGBps: number | undefined;
  for (const threads of [...new Set(readThreads)]) {
    const read = await measureReadBandwidth(gallery, threads, rowPlan(input.measure)).catch((error: unknown) => describeError(error));
    if (typeof read === 'string') {
      bandwidth.push({ measuredBy: label, n, d, threads, bytes: galleryBytes, status: 'unavailable', reason: read });
    } else {
      bandwidth.push({ measuredBy: label, n, d, threads, bytes: read.bytes, status: 'ok', timing: read.timing, gbPerSecond: read.gbPerSecond });
      readGBps = Math.max(readGBps ?? 0, read.gbPerSecond);
    }
    collectGarbage();
  }

  let scanner: Scanner;
  let setupMs: number;
  let adapter: WebGpuAdapter | undefined;
  try {
    const started = performance.now();
    if (variant.backend === 'onnxruntime-web') {
      setOnnxThreads(variant.threads);
      scanner = onnxScanner(await createOnnxTopK(gallery, n, d, k), n, k);
    } else {
      const created = await createBackend({ backend: variant.backend, strict: true, threads: variant.threads });
      adapter = adapterOf(created.backend);
      scanner = kernelScanner(created.backend, await created.backend.createGallery(gallery, d), n, k);
    }
    setupMs = performance.now() - started;
  } catch (error) {
    return { ...unavailable(describeError(error)), adapter };
  }

  let previousMs: number | undefined;
  for (const q of [...input.queries].sort((a, b) => a - b)) {
    const reason = estimateReason(input, q, previousMs);
    if (reason) {
      rows.push({ ...base, q, status: 'unavailable', reason });
      continue;
    }

    progress(`distance ${label}: q=${q} n=${n} d=${d}`);
    const batch = queries.subarray(0, q * d);
    try {
      const outcome = await measureRow(() => scanner.scan(batch, q), input.measure);
      if ('reason' in outcome) {
        rows.push({ ...base, q, status: 'unavailable', reason: outcome.reason });
        continue;
      }
      const { timing } = outcome;
      const seconds = timing.medianMs / 1000;
      const galleryGBps = galleryBytes / seconds / 1e9;
      rows.push({
        ...base,
        q,
        status: 'ok',
        timing,
        setupMs,
        gflops: (2 * q * n * d) / seconds / 1e9,
        galleryGBps,
        ...(readGBps === undefined ? {} : { bandwidthGBps: readGBps, bandwidthFraction: galleryGBps / readGBps }),
      });
      previousMs = timing.medianMs;
    } catch (error) {
      rows.push({ ...base, q, status: 'unavailable', reason: describeError(error) });
    }
  }

  await scanner.release();
  return { rows, bandwidth, adapter };
}

/** Returns why row q is not run: its estimate from a smaller gallery, or a smaller q here, exceeds the row limit. */
function estimateReason(input: DistanceTaskInput, q: number, previousMs: number | undefined): string | undefined {
  const smaller = input.hints.filter((hint) => hint.q === q && hint.n < input.n).sort((a, b) => b.n - a.n)[0];
  if (smaller) {
    const reason = overRowBudget((smaller.medianMs * input.n) / smaller.n, input.measure, `scaled linearly from n=${smaller.n}`);
    if (reason) return reason;
  }
  // A larger batch never takes less time than a smaller one on the same gallery.
  return overRowBudget(previousMs, input.measure, 'at least the time of the smaller q on this gallery');
}

function kernelScanner(backend: KernelBackend, gallery: BackendGallery, n: number, k: number): Scanner {
  return {
    async scan(queries, q) {
      const found = await backend.topK(queries, gallery, k, 'squaredL2');
      checkResult(found.indices, q, Math.min(k, n), n);
      return found.k;
    },
    async release() {
      gallery.dispose();
      backend.dispose();
    },
  };
}

function onnxScanner(topK: OnnxTopK, n: number, k: number): Scanner {
  return {
    async scan(queries, q) {
      const found = await topK.search(queries, q);
      checkResult(found.indices, q, k, n);
      return k;
    },
    release: () => topK.release(),
  };
}

// A scan that returns the wrong shape would make its timing meaningless.
function checkResult(indices: ArrayLike<number | bigint>, q: number, k: number, n: number): void {
  if (indices.length !== q * k) throw new Error(`top-k returned ${indices.length} indices, expected ${q * k}`);
  const first = Number(indices[0]);
  if (!(first >= 0 && first < n)) throw new Error(`top-k returned row ${first}, outside the gallery of ${n} rows`);
}
