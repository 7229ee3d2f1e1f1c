// Shape of results.json. Every row either carries its raw samples (status
// `ok`) or the reason it did not run (status `unavailable`). A missing GPU, a
// size that does not fit in memory or a row over the time limit therefore
// shows up in the report instead of ending the run.

import type { Timing } from './measure/timing.js';
import type { BenchSettings, Mode, SuiteName } from './settings.js';

export const RESULTS_FORMAT = 'facegate-bench';
export const RESULTS_VERSION = 1;

export type RowStatus = 'ok' | 'unavailable';

interface RowOutcome {
  status: RowStatus;
  /** Reason the row did not run; set exactly when status is `unavailable`. */
  reason?: string;
  timing?: Timing;
}

export interface WebGpuAdapter {
  available: boolean;
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
  /** True for software adapters (SwiftShader, lavapipe), whose timings do not reflect GPU speed. */
  isFallbackAdapter?: boolean;
  /** Reason no adapter could be used; set when `available` is false. */
  reason?: string;
}

export interface MachineInfo {
  cpuModel: string;
  logicalCores: number;
  availableParallelism: number;
  totalMemoryBytes: number;
  os: string;
  node: string;
  v8: string;
  /** Thread counts that the "all threads" rows used, and what each library reported. */
  threads: {
    all: number;
    wasmSimd: number[];
    onnxruntimeWeb: number[];
    /** Threads of the tfjs WebAssembly backend that face-api ran on, as tfjs reported them. */
    tfjsWasm?: number;
  };
  webgpu: WebGpuAdapter;
}

export interface DistanceRow extends RowOutcome {
  variant: string;
  backend: string;
  threads: number;
  q: number;
  n: number;
  d: number;
  k: number;
  /** Gallery upload (kernels) or session creation (onnxruntime-web), in ms. */
  setupMs?: number;
  /** 2 q n d floating-point operations over the median time. */
  gflops?: number;
  /** Gallery bytes (n d 4) over the median time, in GB/s. */
  galleryGBps?: number;
  /** Read bandwidth of the same gallery bytes in the same process: the faster of 1 thread and the variant's threads (GPUs: all threads), GB/s. */
  bandwidthGBps?: number;
  /** galleryGBps / bandwidthGBps: 1 is a scan at the plain read speed. */
  bandwidthFraction?: number;
}

export interface BandwidthRow extends RowOutcome {
  /** Variant of the process that measured it. */
  measuredBy: string;
  n: number;
  d: number;
  threads: number;
  bytes: number;
  gbPerSecond?: number;
}

export interface TripletRow extends RowOutcome {
  variant: string;
  backend: string;
  threads: number;
  m: number;
  d: number;
  alpha: number;
  /** Triplets per second, forward and backward. */
  tripletsPerSecond?: number;
  loss?: number;
}

export type FaceStage = 'detection' | 'landmarks' | 'alignment' | 'embedding';

export interface EmbeddingRow extends RowOutcome {
  engine: 'facegate' | 'face-api';
  /** Execution provider or tfjs backend. */
  provider: string;
  threads: number;
  stage: FaceStage;
  /** Faces per inference call; detection runs once per photo. */
  batch: number;
  /** Faces processed per timed run. */
  faces: number;
  photos: number;
  facesPerSecond?: number;
  msPerFace?: number;
}

export interface IndexRow extends RowOutcome {
  engine: 'facegate' | 'usearch';
  dataset: string;
  n: number;
  d: number;
  method: 'hnsw' | 'exact';
  /** Kernel variant of exact search, or the HNSW library. */
  variant: string;
  ef?: number;
  /** Queries per timed run. */
  queries: number;
  buildMs?: number;
  /** Growth of the process's resident memory from the index, in bytes. */
  memoryBytes?: number;
  qps?: number;
  recallAt1?: number;
  recallAt10?: number;
}

export interface DatasetInfo {
  name: string;
  description: string;
  n: number;
  d: number;
  queries: number;
  status: RowStatus;
  reason?: string;
}

export interface Ratio {
  id: string;
  /** `speedup`: how many times faster (1 is equal); `share`: a fraction of a limit (1 is the limit). */
  kind: 'speedup' | 'share';
  title: string;
  /** Definition of the ratio, e.g. "js time / wasm-simd x1 time". */
  definition: string;
  values: { label: string; value: number }[];
  /** Geometric mean of `values`, when there are any. */
  geometricMean?: number;
  note?: string;
}

export interface BenchResults {
  format: typeof RESULTS_FORMAT;
  version: typeof RESULTS_VERSION;
  command: string;
  mode: Mode;
  startedAt: string;
  finishedAt: string;
  durationSeconds: number;
  machine: MachineInfo;
  settings: BenchSettings;
  suites: {
    distance?: { rows: DistanceRow[]; bandwidth: BandwidthRow[] };
    triplet?: { rows: TripletRow[] };
    embedding?: { rows: EmbeddingRow[]; photos: string[]; facesFound: number };
    index?: { rows: IndexRow[]; datasets: DatasetInfo[] };
    anchor?: { embedding: EmbeddingRow[]; index: IndexRow[] };
  };
  /** The runs that `pnpm bench --combine` merged into these results, oldest first; absent for a single run. */
  parts?: RunPart[];
  ratios: Ratio[];
  /** File names of the SVG charts, relative to the output folder. */
  charts: string[];
}

/** One run whose suites went into combined results. */
export interface RunPart {
  command: string;
  suites: SuiteName[];
  startedAt: string;
  finishedAt: string;
  durationSeconds: number;
}
