// The Markdown report: the machine first, then the ratios, then every suite
// with its charts and a table of every row, unavailable rows included with
// their reason.

import type { BenchResults, DistanceRow, EmbeddingRow, IndexRow, MachineInfo } from '../results.js';
import { formatSeconds } from '../measure/row-budget.js';
import { SUITE_NAMES } from '../settings.js';
import type { ChartFile } from './charts.js';
import { formatBytesShort, formatCount, formatNumber, formatPercent, formatRatioRange, formatRatioValue } from './format.js';

export interface ReportOptions {
  /** Path prefix of chart images as linked from the report, e.g. '' or 'benchmarks/'. */
  chartPrefix: string;
  /** First-level heading. */
  title: string;
  /** Paragraphs placed right after the heading, before the machine section. */
  intro?: string[];
}

export function renderReport(results: BenchResults, charts: readonly ChartFile[], options: ReportOptions): string {
  const out: string[] = [];
  const image = (file: string) => {
    const chart = charts.find((candidate) => candidate.file === file);
    if (chart) out.push(`![${chart.title}](${options.chartPrefix}${chart.file})`, '');
  };

  out.push(`# ${options.title}`, '');
  if (options.intro) out.push(...options.intro, '');
  out.push(...machineSection(results.machine), '');
  out.push(...runSection(results), '');

  if (results.parts) {
    out.push('## Ratios', '');
    out.push('Each ratio divides two rows at the same sizes, from the same run unless its note says otherwise; the geometric mean summarises all sizes.', '');
  } else {
    out.push('## Ratios measured in this run', '');
    out.push('Each ratio divides two rows of this run at the same sizes; the geometric mean summarises all sizes.', '');
  }
  out.push('| ratio | definition | geometric mean | range | sizes |', '| --- | --- | --- | --- | --- |');
  for (const ratio of results.ratios) {
    const values = ratio.values.map((entry) => entry.value);
    const definition = `${cell(ratio.definition)}${ratio.note ? `. Note: ${cell(ratio.note)}.` : ''}`;
    out.push(`| ${cell(ratio.title)} | ${definition} | ${formatRatioValue(ratio.kind, ratio.geometricMean)} | ${formatRatioRange(ratio.kind, values)} | ${values.length} |`);
  }
  out.push('');
  image('ratios.svg');

  const { distance, triplet, embedding, index, anchor } = results.suites;
  if (distance) {
    out.push('## 1. Distance + top-k', '');
    out.push(
      `Squared-L2 distances from q queries to n gallery rows of d float32 components and the k=${results.settings.distance.k} nearest rows per query, ` +
        'on a gallery uploaded once (kernels: createGallery, onnxruntime-web: initializers). Vectors are random unit vectors. ' +
        'GFLOP/s counts 2 q n d operations per call; the bandwidth columns compare gallery bytes per second with a plain SIMD read of the same bytes in the same process.',
      '',
    );
    image('distance-speedup.svg');
    image('distance-bandwidth.svg');
    image('distance-gflops.svg');
    out.push('| variant | q | n | d | median ms | min | max | runs | GFLOP/s | gallery GB/s | read GB/s | share of read bandwidth | note |');
    out.push('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
    for (const row of [...distance.rows].sort(distanceOrder)) {
      out.push(
        `| ${row.variant} | ${row.q} | ${formatCount(row.n)} | ${row.d} | ${formatNumber(row.timing?.medianMs)} | ${formatNumber(row.timing?.minMs)} | ${formatNumber(row.timing?.maxMs)} | ${row.timing?.samplesMs.length ?? 0} | ${formatNumber(row.gflops)} | ${formatNumber(row.galleryGBps)} | ${formatNumber(row.bandwidthGBps)} | ${formatPercent(row.bandwidthFraction)} | ${cell(row.reason ?? '')} |`,
      );
    }
    out.push('', '### Read bandwidth', '');
    out.push(
      'The same gallery bytes, read sequentially by a WebAssembly SIMD loop (one slice per thread), in the process that scanned them. ' +
        "A gallery that fits in the CPU's caches is read at cache speed, so its limit is the cache bandwidth rather than the memory bandwidth. " +
        'The read and the scan run one after the other, so on a machine shared with other jobs a share above 100 % can occur.',
      '',
    );
    out.push('| measured in | n | d | threads | bytes | median ms | min | max | GB/s | note |', '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
    for (const row of distance.bandwidth) {
      out.push(`| ${row.measuredBy} | ${formatCount(row.n)} | ${row.d} | ${row.threads} | ${formatBytesShort(row.bytes)} | ${formatNumber(row.timing?.medianMs)} | ${formatNumber(row.timing?.minMs)} | ${formatNumber(row.timing?.maxMs)} | ${formatNumber(row.gbPerSecond)} | ${cell(row.reason ?? '')} |`);
    }
    out.push('');
  }

  if (triplet) {
    out.push('## 2. Triplet loss, forward + backward', '');
    out.push(`The summed hinge loss max(|a-p|^2 - |a-n|^2 + ${results.settings.triplet.alpha}, 0) over m triplets of d components and its gradients for anchor, positive and negative.`, '');
    image('triplet.svg');
    out.push('| variant | m | d | median ms | min | max | runs | triplets/s | note |', '| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
    for (const row of triplet.rows) {
      out.push(`| ${row.variant} | ${row.m} | ${row.d} | ${formatNumber(row.timing?.medianMs)} | ${formatNumber(row.timing?.minMs)} | ${formatNumber(row.timing?.maxMs)} | ${row.timing?.samplesMs.length ?? 0} | ${formatNumber(row.tripletsPerSecond)} | ${cell(row.reason ?? '')} |`);
    }
    out.push('');
  }

  if (embedding) {
    out.push('## 3. Embedding throughput', '');
    out.push(
      `The ${embedding.photos.length} group photos of @vladmandic/face-api's demo folder (${embedding.facesFound} faces found by facegate). ` +
        'Detection runs once per photo, and its faces per second count the faces it finds. Landmarks and alignment run once per face, because their models take one face per call. ' +
        `Embedding runs ${results.settings.embedding.faces} aligned faces per timed run in calls of the given batch size. Decoding is not timed.`,
      '',
    );
    image('embedding.svg');
    out.push(...embeddingTable(embedding.rows), '');
  }

  if (index) {
    out.push('## 4. 1:K index', '');
    out.push(
      `facegate's Gallery with every gallery row enrolled as its own identity: exact search on each kernel variant (${results.settings.index.exactBatch} probes per call) and HNSW on hnswlib-wasm ` +
        `(M=${results.settings.index.M}, efConstruction=${results.settings.index.efConstruction}, one probe after another). Recall counts the exact k=${results.settings.index.k} nearest gallery rows ` +
        'that a search returns. Build time is the first search: the graph build for HNSW, the gallery upload for exact search (on WebGPU including shader compilation). ' +
        'Memory is the growth of the resident set across that first search.',
      '',
    );
    out.push('| dataset | n | d | probes | status | description |', '| --- | --- | --- | --- | --- | --- |');
    for (const dataset of index.datasets) {
      out.push(`| ${dataset.name} | ${dataset.n ? formatCount(dataset.n) : '–'} | ${dataset.d || '–'} | ${dataset.queries || '–'} | ${dataset.status === 'ok' ? 'ok' : cell(dataset.reason ?? 'unavailable')} | ${cell(dataset.description)} |`);
    }
    out.push('');
    for (const chart of charts.filter((candidate) => candidate.file.startsWith('index-recall-qps-'))) image(chart.file);
    image('index-build.svg');
    out.push(...indexTable([...index.rows, ...(anchor?.index ?? [])]), '');
  }

  if (anchor) {
    out.push('## 5. Anchors', '');
    out.push(
      '@vladmandic/face-api 1.7.15 (tfjs 4.22 WebAssembly backend) on the same photos: SSD MobileNet v1 detection, 68-point landmarks, alignment by cropping the box its landmarks give, and its 128-d recognition network. ' +
        'usearch 2.26 (native) builds and searches the same datasets with the same M, efConstruction and ef on one thread; its rows are in the index table above and in the recall charts.',
      '',
    );
    out.push(...embeddingTable(anchor.embedding), '');
  }

  // The output folders are local paths; results.json keeps them.
  const settings = { ...results.settings, outDir: undefined, docsDir: undefined };
  out.push('## Settings', '', '```json', JSON.stringify(settings, null, 2), '```', '');
  return out.join('\n');
}

export function machineSection(machine: MachineInfo): string[] {
  const adapter = machine.webgpu;
  const adapterText = adapter.available
    ? `${adapter.vendor || 'unknown vendor'} / ${adapter.architecture || 'unknown architecture'} (${adapter.description || adapter.device || 'no description'}), isFallbackAdapter: ${adapter.isFallbackAdapter}`
    : `unavailable: ${adapter.reason}`;
  const threads = machine.threads;
  const lines = [
    '## Machine',
    '',
    '| | |',
    '| --- | --- |',
    `| CPU | ${cell(machine.cpuModel)}, ${machine.logicalCores} logical cores (available parallelism ${machine.availableParallelism}) |`,
    `| Memory | ${formatBytesShort(machine.totalMemoryBytes)} |`,
    `| OS | ${cell(machine.os)} |`,
    `| Node | ${machine.node} (V8 ${machine.v8}) |`,
    `| Threads | "all threads" = ${threads.all}; wasm-simd threads: ${listOrNone(threads.wasmSimd)}; onnxruntime-web threads: ${listOrNone(threads.onnxruntimeWeb)}; tfjs-backend-wasm (face-api) threads: ${threads.tfjsWasm ?? 'not run'} |`,
    `| WebGPU adapter | ${cell(adapterText)} |`,
  ];
  if (adapter.available && adapter.isFallbackAdapter) {
    lines.push(
      '',
      `> **Software adapter.** The WebGPU rows ran on a software fallback adapter (${adapter.vendor} ${adapter.architecture}), which emulates a GPU on the CPU. ` +
        'Their timings do not reflect GPU speed.',
    );
  }
  return lines;
}

function runSection(results: BenchResults): string[] {
  const { measure } = results.settings;
  const lines = ['## Run', ''];
  if (results.parts) {
    lines.push(
      `Mode ${results.mode}, measured in ${results.parts.length} runs on this machine with the same mode, threads, seed and timing options (each suite's sizes are in the settings below), ${formatSeconds(results.durationSeconds)} in all, and combined with \`pnpm bench --combine\`:`,
      '',
      '| command | suites | started | took |',
      '| --- | --- | --- | --- |',
      ...results.parts.map((part) => `| \`${cell(part.command)}\` | ${part.suites.join(', ')} | ${part.startedAt} | ${formatSeconds(part.durationSeconds)} |`),
    );
  } else {
    lines.push(`Command: \`${results.command}\` (mode ${results.mode}), started ${results.startedAt}, took ${formatSeconds(results.durationSeconds)}.`);
  }
  lines.push(
    '',
    `Each figure is the median of up to ${measure.repeats} timed runs (at least ${measure.minRepeats}) after ${measure.warmup} warm-up run${measure.warmup === 1 ? '' : 's'}, with the minimum and maximum. ` +
      `Rows stop adding runs after ${measure.maxRowSeconds} s. Rows estimated to need more than that are not run, and their note gives the estimate. ` +
      'Every raw sample is in results.json.',
  );
  const missing = SUITE_NAMES.filter((name) => results.suites[name] === undefined);
  if (missing.length > 0) lines.push('', `Suites not in this report: ${missing.join(', ')} (run them with \`--suites ${missing.join(',')}\`).`);
  if (results.settings.note) lines.push('', `> ${results.settings.note}`);
  return lines;
}

function embeddingTable(rows: readonly EmbeddingRow[]): string[] {
  const out = ['| engine | provider | threads | stage | batch | faces per run | median ms | min | max | runs | faces/s | ms/face | note |', '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |'];
  for (const row of rows) {
    out.push(
      `| ${row.engine} | ${row.provider} | ${row.threads} | ${row.stage} | ${row.batch} | ${row.faces} | ${formatNumber(row.timing?.medianMs)} | ${formatNumber(row.timing?.minMs)} | ${formatNumber(row.timing?.maxMs)} | ${row.timing?.samplesMs.length ?? 0} | ${formatNumber(row.facesPerSecond)} | ${formatNumber(row.msPerFace)} | ${cell(row.reason ?? '')} |`,
    );
  }
  return out;
}

function indexTable(rows: readonly IndexRow[]): string[] {
  const out = [
    '| dataset | n | d | method | variant | ef | probes | build s | memory | median ms | runs | queries/s | recall@1 | recall@10 | note |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const row of rows) {
    out.push(
      `| ${row.dataset} | ${formatCount(row.n)} | ${row.d} | ${row.method} | ${row.variant} | ${row.ef ?? '–'} | ${row.queries} | ${formatNumber(row.buildMs === undefined ? undefined : row.buildMs / 1000)} | ${formatBytesShort(row.memoryBytes)} | ${formatNumber(row.timing?.medianMs)} | ${row.timing?.samplesMs.length ?? 0} | ${formatNumber(row.qps)} | ${row.recallAt1?.toFixed(3) ?? '–'} | ${row.recallAt10?.toFixed(3) ?? '–'} | ${cell(row.reason ?? '')} |`,
    );
  }
  return out;
}

function distanceOrder(a: DistanceRow, b: DistanceRow): number {
  return a.d - b.d || a.n - b.n || a.q - b.q || a.variant.localeCompare(b.variant);
}

function listOrNone(values: readonly number[]): string {
  return values.length === 0 ? 'not run' : [...values].sort((a, b) => a - b).join(' and ');
}

/** Escapes text for a Markdown table cell. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
