// Smoke test of the whole benchmark: the built CLI runs every suite at the
// tiny sizes and must write complete, well-formed JSON, Markdown and SVG.
// It checks structure only; speed is never asserted.

import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BenchResults } from '../src/results.js';

const BENCH_ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const BENCH_SCRIPT = join(BENCH_ROOT, 'dist/bench.js');
const SUITES = ['distance', 'triplet', 'embedding', 'index', 'anchor'] as const;

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function runBench(args: string[]): Promise<Run> {
  if (!existsSync(BENCH_SCRIPT)) throw new Error(`${BENCH_SCRIPT} is missing: run \`pnpm build\` before the bench tests`);
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [BENCH_SCRIPT, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (status) => resolvePromise({ status, stdout, stderr }));
  });
}

type AnyRow = { status: string; reason?: string; timing?: { samplesMs: number[]; warmupMs: number[]; medianMs: number; minMs: number; maxMs: number } };

/** Checks that every row has finite samples with a consistent median, or a reason it did not run. */
function expectWellFormedRows(rows: readonly AnyRow[], minimumSamples: number): void {
  for (const row of rows) {
    expect(['ok', 'unavailable']).toContain(row.status);
    if (row.status === 'unavailable') {
      expect(typeof row.reason).toBe('string');
      expect(row.reason!.length).toBeGreaterThan(0);
      continue;
    }
    expect(row.reason).toBeUndefined();
    const timing = row.timing!;
    expect(timing.samplesMs.length).toBeGreaterThanOrEqual(minimumSamples);
    for (const sample of [...timing.samplesMs, ...timing.warmupMs]) {
      expect(Number.isFinite(sample)).toBe(true);
      expect(sample).toBeGreaterThanOrEqual(0);
    }
    expect(timing.minMs).toBeLessThanOrEqual(timing.medianMs);
    expect(timing.medianMs).toBeLessThanOrEqual(timing.maxMs);
  }
}

describe('bench --tiny', () => {
  let out: string;
  let run: Run;
  let results: BenchResults;
  let report: string;

  beforeAll(async () => {
    out = mkdtempSync(join(tmpdir(), 'facegate-bench-test-'));
    run = await runBench(['--tiny', '--out', out]);
    if (run.status !== 0) throw new Error(`bench exited with ${run.status}:\n${run.stderr.slice(-4000)}`);
    results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as BenchResults;
    report = readFileSync(join(out, 'report.md'), 'utf8');
  }, 900_000);

  afterAll(() => {
    if (out) rmSync(out, { recursive: true, force: true });
  });

  it('exits 0 and prints the machine and ratios', () => {
    expect(run.status).toBe(0);
    const firstLine = run.stdout.split('\n').find((line) => line.trim() !== '');
    expect(firstLine).toMatch(/^Machine: /);
    expect(run.stdout).toContain('WebGPU adapter: ');
    expect(run.stdout).toContain('ratio (same run)');
  });

  it('results.json describes the run and the machine', () => {
    expect(results.format).toBe('facegate-bench');
    expect(results.version).toBe(1);
    expect(results.mode).toBe('tiny');
    expect(results.command).toBe(`pnpm bench --tiny --out ${out}`);
    expect(Date.parse(results.finishedAt)).toBeGreaterThanOrEqual(Date.parse(results.startedAt));

    const { machine } = results;
    expect(machine.cpuModel.length).toBeGreaterThan(0);
    expect(machine.logicalCores).toBeGreaterThan(0);
    expect(machine.node).toBe(process.version);
    expect(machine.threads.all).toBeGreaterThan(0);
    expect(machine.threads.wasmSimd).toContain(1);
    if (machine.webgpu.available) {
      expect(typeof machine.webgpu.vendor).toBe('string');
      expect(typeof machine.webgpu.architecture).toBe('string');
      expect(typeof machine.webgpu.isFallbackAdapter).toBe('boolean');
    } else {
      expect(machine.webgpu.reason?.length).toBeGreaterThan(0);
    }
  });

  it('results.json holds every suite with well-formed rows', () => {
    const minimum = results.settings.measure.minRepeats;
    for (const suite of SUITES) expect(results.suites[suite], suite).toBeDefined();
    const { distance, triplet, embedding, index, anchor } = results.suites;

    expectWellFormedRows(distance!.rows, minimum);
    expectWellFormedRows(distance!.bandwidth, minimum);
    expectWellFormedRows(triplet!.rows, minimum);
    expectWellFormedRows(embedding!.rows, minimum);
    expectWellFormedRows(index!.rows, minimum);
    expectWellFormedRows(anchor!.embedding, minimum);
    expectWellFormedRows(anchor!.index, minimum);
  });

  it('distance suite covers every variant and size', () => {
    const { rows, bandwidth } = results.suites.distance!;
    const { variants, queries, galleries, dims } = results.settings.distance;
    expect(rows).toHaveLength(variants.length * queries.length * galleries.length * dims.length);

    // js and wasm-simd need nothing but Node, so they always run.
    for (const variant of ['js', 'wasm-simd x1']) {
      const measured = rows.filter((row) => row.variant === variant);
      expect(measured.every((row) => row.status === 'ok'), variant).toBe(true);
      for (const row of measured) {
        expect(row.gflops).toBeGreaterThan(0);
        expect(row.bandwidthFraction).toBeGreaterThan(0);
      }
    }
    expect(bandwidth.some((row) => row.status === 'ok' && row.gbPerSecond! > 0)).toBe(true);
    const webgpu = rows.filter((row) => row.variant === 'webgpu');
    expect(webgpu.length).toBeGreaterThan(0);
    if (!results.machine.webgpu.available) expect(webgpu.every((row) => row.status === 'unavailable')).toBe(true);
  });

  it('triplet and embedding suites measure on the CPU', () => {
    const triplet = results.suites.triplet!.rows.filter((row) => row.variant === 'js');
    expect(triplet.length).toBeGreaterThan(0);
    expect(triplet.every((row) => row.status === 'ok' && Number.isFinite(row.loss))).toBe(true);

    const embedding = results.suites.embedding!.rows.filter((row) => row.provider === 'wasm' && row.threads === 1);
    expect(new Set(embedding.map((row) => row.stage))).toEqual(new Set(['detection', 'landmarks', 'alignment', 'embedding']));
    expect(embedding.every((row) => row.status === 'ok' && row.facesPerSecond! > 0)).toBe(true);
    expect(results.suites.embedding!.rows.some((row) => row.provider === 'webgpu')).toBe(true);
  });

  it('index suite measures recall against exact search', () => {
    const rows = results.suites.index!.rows.filter((row) => row.dataset === 'clustered');
    const exactJs = rows.find((row) => row.method === 'exact' && row.variant === 'js');
    expect(exactJs?.status).toBe('ok');
    expect(exactJs?.recallAt10).toBe(1);

    const hnsw = rows.filter((row) => row.method === 'hnsw');
    expect(hnsw.map((row) => row.ef)).toEqual(results.settings.index.efs);
    for (const row of hnsw) {
      expect(row.status).toBe('ok');
      expect(row.buildMs).toBeGreaterThan(0);
      expect(row.qps).toBeGreaterThan(0);
      expect(row.recallAt10).toBeGreaterThan(0);
      expect(row.recallAt10).toBeLessThanOrEqual(1);
    }
    expect(results.suites.index!.datasets.some((dataset) => dataset.name === 'lfw-gray')).toBe(true);
  });

  it('anchor suite runs face-api and usearch', () => {
    const { embedding, index } = results.suites.anchor!;
    expect(embedding.some((row) => row.engine === 'face-api' && row.stage === 'embedding' && row.status === 'ok')).toBe(true);
    expect(index.some((row) => row.engine === 'usearch' && row.status === 'ok' && row.recallAt10! > 0)).toBe(true);
  });

  it('ratios compare rows of the same run', () => {
    const ids = results.ratios.map((ratio) => ratio.id);
    for (const id of ['wasm-simd-vs-js', 'hnsw-vs-exact', 'facegate-vs-face-api', 'usearch-vs-hnswlib-wasm']) expect(ids).toContain(id);
    expect(ids.some((id) => id.startsWith('bandwidth-fraction-'))).toBe(true);
    for (const ratio of results.ratios) {
      for (const entry of ratio.values) expect(entry.value, `${ratio.id} ${entry.label}`).toBeGreaterThan(0);
    }
  });

  it('report.md starts with the machine and has every suite', () => {
    const headings = report.split('\n').filter((line) => line.startsWith('## '));
    expect(headings[0]).toBe('## Machine');
    for (const heading of ['## 1. Distance + top-k', '## 2. Triplet loss, forward + backward', '## 3. Embedding throughput', '## 4. 1:K index', '## 5. Anchors']) {
      expect(headings).toContain(heading);
    }
    expect(report).toContain('| CPU | ');
    expect(report).toContain('| Node | ');
    expect(report).toContain('| WebGPU adapter | ');
    expect(report).toMatch(/isFallbackAdapter: (true|false)|unavailable: /);
  });

  it('report.md links every chart, and every chart exists', () => {
    const links = [...report.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)].map((match) => match[1]);
    expect(links.length).toBeGreaterThan(0);
    expect(new Set(links)).toEqual(new Set(results.charts));
    for (const link of links) expect(existsSync(join(out, link)), link).toBe(true);
  });

  it('charts are well-formed SVG', () => {
    for (const name of ['ratios.svg', 'distance-speedup.svg', 'distance-bandwidth.svg', 'triplet.svg', 'embedding.svg', 'index-build.svg']) {
      expect(results.charts).toContain(name);
    }
    expect(results.charts.some((name) => name.startsWith('index-recall-qps-'))).toBe(true);

    const parser = new XMLParser({ ignoreAttributes: false });
    for (const name of results.charts) {
      const text = readFileSync(join(out, name), 'utf8');
      expect(XMLValidator.validate(text), name).toBe(true);
      const svg = parser.parse(text).svg;
      expect(svg, name).toBeDefined();
      expect(svg['@_xmlns']).toBe('http://www.w3.org/2000/svg');
      expect(text.includes('<rect x=') || text.includes('<circle'), name).toBe(true);
    }
  });

  it('--combine merges two partial runs', async () => {
    // Two parts as if the suites had been run by two commands, half the time each.
    const part = (name: string, suites: readonly (typeof SUITES)[number][], offsetSeconds: number): string => {
      const started = new Date(Date.parse(results.startedAt) + offsetSeconds * 1000);
      const partResults: BenchResults = {
        ...results,
        command: `pnpm bench --tiny --suites ${suites.join(',')}`,
        startedAt: started.toISOString(),
        finishedAt: new Date(started.getTime() + 500).toISOString(),
        durationSeconds: results.durationSeconds / 2,
        settings: { ...results.settings, suites: [...suites] },
        suites: Object.fromEntries(suites.map((suite) => [suite, results.suites[suite]])),
        ratios: [],
        charts: [],
      };
      const path = join(out, `${name}.json`);
      writeFileSync(path, JSON.stringify(partResults));
      return path;
    };
    // The later part is listed first: parts are ordered by start time.
    const second = part('second', ['embedding', 'index', 'anchor'], 10);
    const first = part('first', ['distance', 'triplet'], 0);
    const combinedDir = join(out, 'combined');

    const combine = await runBench(['--combine', second, first, '--out', combinedDir]);
    expect(combine.status, combine.stderr).toBe(0);
    const combined = JSON.parse(readFileSync(join(combinedDir, 'results.json'), 'utf8')) as BenchResults;
    expect(combined.suites).toEqual(results.suites);
    expect(combined.ratios).toEqual(results.ratios);
    expect(combined.settings.suites).toEqual([...SUITES]);
    expect(combined.parts?.map((entry) => entry.suites)).toEqual([
      ['distance', 'triplet'],
      ['embedding', 'index', 'anchor'],
    ]);
    expect(combined.durationSeconds).toBeCloseTo(results.durationSeconds, 6);
    expect(combined.startedAt).toBe(results.startedAt);

    const combinedReport = readFileSync(join(combinedDir, 'report.md'), 'utf8');
    expect(combinedReport).toContain('measured in 2 runs');
    expect(combinedReport).toContain('`pnpm bench --tiny --suites distance,triplet`');
    expect(combinedReport).toContain('`pnpm bench --tiny --suites embedding,index,anchor`');
    for (const chart of combined.charts) expect(existsSync(join(combinedDir, chart)), chart).toBe(true);
  });

  it('--combine keeps parts of combined files', async () => {
    const { distance, triplet, embedding, index, anchor } = results.suites;
    const folder = (name: string, suites: BenchResults['suites'], offsetSeconds: number): string => {
      const dir = join(out, name);
      const started = new Date(Date.parse(results.startedAt) + offsetSeconds * 1000).toISOString();
      mkdirSync(dir);
      writeFileSync(join(dir, 'results.json'), JSON.stringify({ ...results, command: `pnpm bench --tiny --out ${name}`, startedAt: started, suites }));
      return dir;
    };
    const embeddingRun = folder('run-embedding', { embedding }, 0);
    const anchorRun = folder('run-index-anchor', { index, anchor }, 1);
    const kernelRun = folder('run-kernels', { distance, triplet }, 2);

    // Folders stand for their results.json.
    const firstCombine = await runBench(['--combine', embeddingRun, anchorRun, '--out', join(out, 'nested-1')]);
    expect(firstCombine.status, firstCombine.stderr).toBe(0);
    const secondCombine = await runBench(['--combine', join(out, 'nested-1'), kernelRun, '--out', join(out, 'nested-2')]);
    expect(secondCombine.status, secondCombine.stderr).toBe(0);

    const combined = JSON.parse(readFileSync(join(out, 'nested-2', 'results.json'), 'utf8')) as BenchResults;
    expect(combined.parts?.map((part) => part.command)).toEqual([
      'pnpm bench --tiny --out run-embedding',
      'pnpm bench --tiny --out run-index-anchor',
      'pnpm bench --tiny --out run-kernels',
    ]);
    expect(combined.suites).toEqual(results.suites);

    // face-api ran in another run than facegate's embedding suite; usearch in the same run as hnswlib-wasm.
    const faceApi = combined.ratios.find((ratio) => ratio.id === 'facegate-vs-face-api');
    expect(faceApi?.note).toContain('its two sides come from two runs (embedding from run 1, anchor from run 2)');
    const usearch = combined.ratios.find((ratio) => ratio.id === 'usearch-vs-hnswlib-wasm');
    expect(usearch?.note ?? '').not.toContain('two runs');

    const combinedReport = readFileSync(join(out, 'nested-2', 'report.md'), 'utf8');
    expect(combinedReport).toContain('measured in 3 runs');
    expect(combinedReport).toContain('## Ratios\n');
  });

  it('--combine takes suite settings from their part', async () => {
    // A distance part with other index sizes combines with the index part, whose sizes the report keeps.
    const { distance, index } = results.suites;
    const indexSettings = { ...results.settings.index, maxBuildSeconds: 7 };
    const distancePart = join(out, 'distance-part.json');
    const indexPart = join(out, 'index-part.json');
    writeFileSync(distancePart, JSON.stringify({ ...results, settings: { ...results.settings, suites: ['distance'] }, suites: { distance } }));
    writeFileSync(indexPart, JSON.stringify({ ...results, settings: { ...results.settings, suites: ['index'], index: indexSettings }, suites: { index } }));
    const combinedDir = join(out, 'combined-settings');

    const combine = await runBench(['--combine', distancePart, indexPart, '--out', combinedDir]);
    expect(combine.status, combine.stderr).toBe(0);
    const combined = JSON.parse(readFileSync(join(combinedDir, 'results.json'), 'utf8')) as BenchResults;
    expect(combined.settings.index).toEqual(indexSettings);
    expect(combined.settings.distance).toEqual(results.settings.distance);
    expect(combined.settings.suites).toEqual(['distance', 'index']);
    expect(readFileSync(join(combinedDir, 'report.md'), 'utf8')).toContain('Suites not in this report: triplet, embedding, anchor (run them with `--suites triplet,embedding,anchor`).');
  });

  it('--combine rejects incompatible parts', async () => {
    const path = (name: string, value: unknown) => {
      const file = join(out, name);
      writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value));
      return file;
    };
    const whole = join(out, 'results.json');

    const overlap = await runBench(['--combine', whole, path('copy.json', results), '--out', join(out, 'overlap')]);
    expect(overlap.status).toBe(1);
    expect(overlap.stderr).toMatch(/suite distance is in both .*results\.json and .*copy\.json/);
    expect(existsSync(join(out, 'overlap'))).toBe(false);

    const otherMode = { ...results, settings: { ...results.settings, mode: 'quick' }, suites: {} };
    const mismatch = await runBench(['--combine', whole, path('quick.json', otherMode)]);
    expect(mismatch.status).toBe(1);
    expect(mismatch.stderr).toContain('differ in settings.mode (--quick, --full or --tiny): "tiny" against "quick"');

    // The anchors read the embedding settings, so an embedding part with other sizes cannot join them.
    const { embedding, anchor } = results.suites;
    const embeddingPart = { ...results, settings: { ...results.settings, embedding: { ...results.settings.embedding, faces: 3 } }, suites: { embedding } };
    const anchorPart = { ...results, suites: { anchor } };
    const shared = await runBench(['--combine', path('embedding.json', embeddingPart), path('anchor.json', anchorPart)]);
    expect(shared.status).toBe(1);
    expect(shared.stderr).toContain('differ in settings.embedding.faces: 3 against 2, which the suites of both read');

    const notResults = await runBench(['--combine', whole, path('other.json', { rows: [] })]);
    expect(notResults.status).toBe(1);
    expect(notResults.stderr).toContain('other.json is not a results.json written by `pnpm bench`');

    const broken = await runBench(['--combine', whole, path('broken.json', '{"format": ')]);
    expect(broken.status).toBe(1);
    expect(broken.stderr).toContain('broken.json is not valid JSON');

    const flag = await runBench(['--combine', whole, whole, '--full']);
    expect(flag.status).toBe(2);
    expect(flag.stderr).toContain("error: Unknown option '--full': with --combine only --out and --write-docs apply");

    const single = await runBench(['--combine', whole]);
    expect(single.status).toBe(2);
    expect(single.stderr).toContain('--combine needs at least two results files, got 1');

    const missing = await runBench(['--combine', whole, join(out, 'absent.json')]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('absent.json not found: pass the results.json of each run, or its --out folder');

    // --out pointing at a part's folder would replace that part's results.
    const { triplet } = results.suites;
    const tripletOnly = path('triplet-only.json', { ...results, suites: { triplet } });
    const before = readFileSync(whole, 'utf8');
    const overwrite = await runBench(['--combine', tripletOnly, whole, '--out', out]);
    expect(overwrite.status).toBe(1);
    expect(overwrite.stderr).toContain('would overwrite');
    expect(readFileSync(whole, 'utf8')).toBe(before);
  });
});
