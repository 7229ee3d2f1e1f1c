// Benchmark settings: three presets (quick, full, tiny) and command-line
// flags that override any size. Every value ends up in the JSON results, so
// a report always records what it measured.

import { availableParallelism } from 'node:os';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';

export const SUITE_NAMES = ['distance', 'triplet', 'embedding', 'index', 'anchor'] as const;
export type SuiteName = (typeof SUITE_NAMES)[number];

export type Mode = 'quick' | 'full' | 'tiny';

/** A kernel implementation and its thread count; `threads` 0 in a preset means all threads. */
export interface KernelVariant {
  readonly backend: 'webgpu' | 'wasm-simd' | 'js' | 'onnxruntime-web';
  readonly threads: number;
}

export const VARIANT_NAMES = ['webgpu', 'wasm-simd:1', 'wasm-simd:all', 'js', 'onnxruntime-web:1', 'onnxruntime-web:all'] as const;

export interface MeasureSettings {
  readonly warmup: number;
  readonly repeats: number;
  readonly minRepeats: number;
  /** Wall-clock limit of one row (warm-up plus timed runs), in seconds; rows estimated beyond it are not run. */
  readonly maxRowSeconds: number;
}

export interface BenchSettings {
  readonly mode: Mode;
  readonly suites: readonly SuiteName[];
  /** Folder that receives results.json, report.md and the SVG charts. */
  readonly outDir: string;
  /** Folder of docs/benchmarks.md, written too when set. */
  readonly docsDir: string | undefined;
  /** Remark printed under the run details of the report, e.g. about the load on the machine. */
  readonly note: string | undefined;
  /** "All threads": worker threads of wasm-simd, onnxruntime-web and the bandwidth baseline. */
  readonly threads: number;
  readonly seed: number;
  readonly measure: MeasureSettings;
  readonly distance: {
    readonly queries: readonly number[];
    readonly galleries: readonly number[];
    readonly dims: readonly number[];
    readonly k: number;
    readonly variants: readonly KernelVariant[];
  };
  readonly triplet: {
    readonly batches: readonly number[];
    readonly dims: readonly number[];
    readonly alpha: number;
    readonly variants: readonly KernelVariant[];
  };
  readonly embedding: {
    readonly batches: readonly number[];
    /** Aligned faces embedded per timed run, cycled from the faces found in the photos. */
    readonly faces: number;
    /** How many of the six face-api demo photos to use. */
    readonly photos: number;
    /** WebGPU execution provider: `auto` runs it on hardware adapters only, `on` on any adapter, `off` never. */
    readonly webgpu: 'auto' | 'on' | 'off';
  };
  readonly index: {
    readonly galleries: readonly number[];
    readonly dims: readonly number[];
    readonly queries: number;
    /** Queries per exact-search call; recall of exact search is checked on them too. */
    readonly exactBatch: number;
    readonly efs: readonly number[];
    readonly k: number;
    readonly M: number;
    readonly efConstruction: number;
    /** Builds estimated to take longer than this are reported as unavailable, in seconds. */
    readonly maxBuildSeconds: number;
    /** Use the lfw-gray embeddings: `auto` when the photos are present, and outside --full only when their embeddings are cached. */
    readonly lfw: 'auto' | 'off';
    /** Largest number of lfw-gray gallery photos used; the probes are cut in the same proportion. */
    readonly lfwLimit: number | undefined;
    readonly variants: readonly KernelVariant[];
  };
}

const ALL_THREADS = 0;

const presets: Record<Mode, Omit<BenchSettings, 'mode' | 'suites' | 'outDir' | 'docsDir' | 'note' | 'threads' | 'seed'>> = {
  quick: {
    measure: { warmup: 1, repeats: 5, minRepeats: 3, maxRowSeconds: 30 },
    distance: {
      queries: [1, 64],
      galleries: [10_000, 100_000],
      dims: [128, 512],
      k: 10,
      variants: parseVariants('webgpu,wasm-simd:1,wasm-simd:all,js,onnxruntime-web:all'),
    },
    triplet: { batches: [256, 4096], dims: [128, 512], alpha: 0.2, variants: parseVariants('webgpu,wasm-simd:1,wasm-simd:all,js') },
    embedding: { batches: [1, 8, 32], faces: 32, photos: 6, webgpu: 'auto' },
    index: {
      galleries: [10_000],
      dims: [128],
      queries: 200,
      exactBatch: 64,
      efs: [16, 32, 64, 128, 256],
      k: 10,
      M: 16,
      efConstruction: 100,
      maxBuildSeconds: 120,
      lfw: 'auto',
      lfwLimit: undefined,
      variants: parseVariants('webgpu,wasm-simd:1,wasm-simd:all,js'),
    },
  },
  full: {
    measure: { warmup: 2, repeats: 10, minRepeats: 3, maxRowSeconds: 300 },
    distance: {
      queries: [1, 64, 1024],
      galleries: [10_000, 100_000, 1_000_000],
      dims: [128, 512],
      k: 10,
      variants: parseVariants(VARIANT_NAMES.join(',')),
    },
    triplet: { batches: [256, 4096], dims: [128, 512], alpha: 0.2, variants: parseVariants('webgpu,wasm-simd:1,wasm-simd:all,js') },
    embedding: { batches: [1, 8, 32], faces: 96, photos: 6, webgpu: 'auto' },
    index: {
      galleries: [10_000, 100_000, 1_000_000],
      dims: [128, 512],
      queries: 1000,
      exactBatch: 64,
      efs: [16, 32, 64, 128, 256],
      k: 10,
      M: 16,
      efConstruction: 100,
      maxBuildSeconds: 3600,
      lfw: 'auto',
      lfwLimit: undefined,
      variants: parseVariants('webgpu,wasm-simd:1,wasm-simd:all,js'),
    },
  },
  // Smallest sizes that still exercise every code path: the CI smoke test.
  tiny: {
    measure: { warmup: 1, repeats: 2, minRepeats: 2, maxRowSeconds: 30 },
    distance: {
      queries: [1, 4],
      galleries: [2000],
      dims: [32],
      k: 10,
      variants: parseVariants(VARIANT_NAMES.join(',')),
    },
    triplet: { batches: [16], dims: [32], alpha: 0.2, variants: parseVariants('webgpu,wasm-simd:1,wasm-simd:all,js') },
    embedding: { batches: [1, 2], faces: 2, photos: 1, webgpu: 'auto' },
    index: {
      galleries: [1000],
      dims: [32],
      queries: 20,
      exactBatch: 8,
      efs: [16, 64],
      k: 10,
      M: 16,
      efConstruction: 100,
      maxBuildSeconds: 60,
      lfw: 'auto',
      lfwLimit: 100,
      variants: parseVariants('webgpu,wasm-simd:1,wasm-simd:all,js'),
    },
  },
};

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export const USAGE = `Usage: pnpm bench [--quick | --full | --tiny] [options]
       pnpm bench --combine RESULTS.json RESULTS.json... [--out DIR] [--write-docs]

Runs the facegate benchmark suites and writes results.json (every raw
sample), report.md and SVG charts to the output folder.

--combine writes one report from runs that each measured some suites, e.g.
one \`--full --suites NAME --out DIR\` run per suite, so that a long run
can be split and a failure costs only its own suite. The runs must share
the machine, the mode, --threads, --seed and the timing options (--warmup,
--repeats, --min-repeats, --max-row-seconds). Runs whose suites read the
same options must agree on them: the anchor suite reads the embedding and
index options.

Modes:
  --quick                   default: small sizes, a few minutes on 2 cores
  --full                    every size of the suites; hours on 2 cores
  --tiny                    smallest sizes, for the CI smoke test

Options (lists are comma-separated):
  --suites LIST             ${SUITE_NAMES.join(',')} (default: all)
  --out DIR                 output folder (default: bench/results)
  --write-docs              also write docs/benchmarks.md and its charts
  --note TEXT               remark shown with the run details (e.g. the machine's load)
  --threads N               "all threads" count (default: available parallelism)
  --seed N                  seed of the synthetic vectors (default: 1)
  --warmup N                untimed runs before timing each row
  --repeats N               timed runs per row
  --min-repeats N           timed runs taken even past the row time limit
  --max-row-seconds S       rows estimated to take longer are not run
  --queries LIST            distance suite: queries per call (q)
  --galleries LIST          distance suite: gallery rows (n)
  --dims LIST               distance suite: dimensions (d, multiples of 4)
  --k N                     distance suite: neighbours per query (default 10)
  --variants LIST           distance suite: ${VARIANT_NAMES.join(',')}
  --triplet-batches LIST    triplet suite: triplets per batch (m)
  --triplet-dims LIST       triplet suite: dimensions
  --embed-batches LIST      embedding suite: faces per embedding call
  --embed-faces N           embedding suite: faces per timed run
  --embed-photos N          embedding suite: demo photos used (1 to 6)
  --embed-webgpu auto|on|off  embedding suite: WebGPU execution provider on hardware
                            adapters only (auto, default), on any adapter, or never
  --index-galleries LIST    index suite: gallery templates (n)
  --index-dims LIST         index suite: dimensions
  --index-queries N         index suite: probes per recall measurement
  --ef LIST                 index suite: HNSW ef values
  --max-build-seconds S     index suite: builds estimated to take longer are not run
  --lfw auto|off            index suite: use the lfw-gray embeddings when present
  --lfw-limit N             index suite: at most N lfw-gray gallery photos
  --help                    show this text
`;

/** Parses the command line (without `node bench.js`) into settings; throws UsageError on bad flags. */
export function parseSettings(args: readonly string[], benchRoot: string): BenchSettings | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      strict: true,
      allowPositionals: false,
      options: {
        quick: { type: 'boolean' },
        full: { type: 'boolean' },
        tiny: { type: 'boolean' },
        help: { type: 'boolean' },
        suites: { type: 'string' },
        out: { type: 'string' },
        'write-docs': { type: 'boolean' },
        note: { type: 'string' },
        threads: { type: 'string' },
        seed: { type: 'string' },
        warmup: { type: 'string' },
        repeats: { type: 'string' },
        'min-repeats': { type: 'string' },
        'max-row-seconds': { type: 'string' },
        queries: { type: 'string' },
        galleries: { type: 'string' },
        dims: { type: 'string' },
        k: { type: 'string' },
        variants: { type: 'string' },
        'triplet-batches': { type: 'string' },
        'triplet-dims': { type: 'string' },
        'embed-batches': { type: 'string' },
        'embed-faces': { type: 'string' },
        'embed-photos': { type: 'string' },
        'embed-webgpu': { type: 'string' },
        'index-galleries': { type: 'string' },
        'index-dims': { type: 'string' },
        'index-queries': { type: 'string' },
        ef: { type: 'string' },
        'max-build-seconds': { type: 'string' },
        lfw: { type: 'string' },
        'lfw-limit': { type: 'string' },
      },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const values = parsed.values;
  if (values.help) return 'help';

  const modes = (['quick', 'full', 'tiny'] as const).filter((mode) => values[mode]);
  if (modes.length > 1) throw new UsageError(`choose one mode, got --${modes.join(' and --')}`);
  const mode: Mode = modes[0] ?? 'quick';
  const preset = presets[mode];

  const threads = values.threads === undefined ? availableParallelism() : integer('--threads', values.threads, 1, 256);
  // On a one-thread machine "all threads" is 1, and the duplicate variant is dropped.
  const resolveThreads = (variants: readonly KernelVariant[]) => {
    const resolved = variants.map((variant) => (variant.threads === ALL_THREADS ? { ...variant, threads } : variant));
    return resolved.filter((variant, index) => resolved.findIndex((other) => variantLabel(other) === variantLabel(variant)) === index);
  };

  const measure: MeasureSettings = {
    warmup: values.warmup === undefined ? preset.measure.warmup : integer('--warmup', values.warmup, 0, 1000),
    repeats: values.repeats === undefined ? preset.measure.repeats : integer('--repeats', values.repeats, 1, 10_000),
    minRepeats: values['min-repeats'] === undefined ? preset.measure.minRepeats : integer('--min-repeats', values['min-repeats'], 1, 10_000),
    maxRowSeconds: values['max-row-seconds'] === undefined ? preset.measure.maxRowSeconds : number('--max-row-seconds', values['max-row-seconds'], 1),
  };
  if (measure.minRepeats > measure.repeats) throw new UsageError(`--min-repeats (${measure.minRepeats}) exceeds --repeats (${measure.repeats})`);

  const lfw = choice('--lfw', values.lfw, ['auto', 'off'] as const) ?? preset.index.lfw;

  return {
    mode,
    suites: values.suites === undefined ? [...SUITE_NAMES] : parseSuites(values.suites),
    outDir: resolve(values.out ?? resolve(benchRoot, 'results')),
    docsDir: values['write-docs'] ? resolve(dirname(benchRoot), 'docs') : undefined,
    note: values.note,
    threads,
    seed: values.seed === undefined ? 1 : integer('--seed', values.seed, 0, 0xffff_ffff),
    measure,
    distance: {
      queries: values.queries === undefined ? preset.distance.queries : integerList('--queries', values.queries, 1, 1 << 20),
      galleries: values.galleries === undefined ? preset.distance.galleries : integerList('--galleries', values.galleries, 1, 1 << 28),
      dims: values.dims === undefined ? preset.distance.dims : dimensionList('--dims', values.dims),
      k: values.k === undefined ? preset.distance.k : integer('--k', values.k, 1, 1024),
      variants: resolveThreads(values.variants === undefined ? preset.distance.variants : parseVariants(values.variants)),
    },
    triplet: {
      ...preset.triplet,
      batches: values['triplet-batches'] === undefined ? preset.triplet.batches : integerList('--triplet-batches', values['triplet-batches'], 1, 1 << 24),
      dims: values['triplet-dims'] === undefined ? preset.triplet.dims : integerList('--triplet-dims', values['triplet-dims'], 1, 1 << 16),
      variants: resolveThreads(preset.triplet.variants),
    },
    embedding: {
      batches: values['embed-batches'] === undefined ? preset.embedding.batches : integerList('--embed-batches', values['embed-batches'], 1, 256),
      faces: values['embed-faces'] === undefined ? preset.embedding.faces : integer('--embed-faces', values['embed-faces'], 1, 100_000),
      photos: values['embed-photos'] === undefined ? preset.embedding.photos : integer('--embed-photos', values['embed-photos'], 1, 6),
      webgpu: choice('--embed-webgpu', values['embed-webgpu'], ['auto', 'on', 'off'] as const) ?? preset.embedding.webgpu,
    },
    index: {
      ...preset.index,
      galleries: values['index-galleries'] === undefined ? preset.index.galleries : integerList('--index-galleries', values['index-galleries'], 20, 1 << 26),
      dims: values['index-dims'] === undefined ? preset.index.dims : dimensionList('--index-dims', values['index-dims']),
      queries: values['index-queries'] === undefined ? preset.index.queries : integer('--index-queries', values['index-queries'], 1, 1_000_000),
      efs: values.ef === undefined ? preset.index.efs : integerList('--ef', values.ef, 1, 1 << 16),
      maxBuildSeconds: values['max-build-seconds'] === undefined ? preset.index.maxBuildSeconds : number('--max-build-seconds', values['max-build-seconds'], 1),
      lfw,
      lfwLimit: values['lfw-limit'] === undefined ? preset.index.lfwLimit : integer('--lfw-limit', values['lfw-limit'], 10, 1_000_000),
      variants: resolveThreads(preset.index.variants),
    },
  };
}

/** Short name of a variant as tables and charts show it, e.g. `wasm-simd x2`. */
export function variantLabel(variant: KernelVariant): string {
  return variant.backend === 'wasm-simd' || variant.backend === 'onnxruntime-web' ? `${variant.backend} x${variant.threads}` : variant.backend;
}

function parseVariants(list: string): KernelVariant[] {
  return splitList('--variants', list).map((name) => {
    if (!(VARIANT_NAMES as readonly string[]).includes(name)) {
      throw new UsageError(`--variants: unknown variant "${name}"; expected some of ${VARIANT_NAMES.join(', ')}`);
    }
    const [backend, threads] = name.split(':') as [KernelVariant['backend'], string | undefined];
    return { backend, threads: threads === 'all' ? ALL_THREADS : 1 };
  });
}

function parseSuites(list: string): SuiteName[] {
  const names = splitList('--suites', list);
  for (const name of names) {
    if (!(SUITE_NAMES as readonly string[]).includes(name)) {
      throw new UsageError(`--suites: unknown suite "${name}"; expected some of ${SUITE_NAMES.join(', ')}`);
    }
  }
  return SUITE_NAMES.filter((name) => names.includes(name));
}

function splitList(flag: string, list: string): string[] {
  const items = list.split(',').map((item) => item.trim()).filter(Boolean);
  if (items.length === 0) throw new UsageError(`${flag} needs at least one value`);
  return items;
}

function integerList(flag: string, list: string, min: number, max: number): number[] {
  const values = splitList(flag, list).map((item) => integer(flag, item, min, max));
  return [...new Set(values)].sort((a, b) => a - b);
}

function dimensionList(flag: string, list: string): number[] {
  const dims = integerList(flag, list, 4, 1 << 16);
  const odd = dims.find((dim) => dim % 4 !== 0);
  if (odd !== undefined) throw new UsageError(`${flag}: ${odd} is not a multiple of 4, which the gallery kernels require`);
  return dims;
}

function choice<T extends string>(flag: string, text: string | undefined, allowed: readonly T[]): T | undefined {
  if (text === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(text)) throw new UsageError(`${flag} must be one of ${allowed.join(', ')}, got "${text}"`);
  return text as T;
}

function integer(flag: string, text: string, min: number, max: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new UsageError(`${flag} must be an integer from ${min} to ${max}, got "${text}"`);
  }
  return value;
}

function number(flag: string, text: string, min: number): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value < min) throw new UsageError(`${flag} must be a number of at least ${min}, got "${text}"`);
  return value;
}
