// The report's charts, built from the results: one SVG file each.

import type { BenchResults, IndexRow } from '../results.js';
import { formatCount } from './format.js';
import { renderBarChart, renderLineChart } from './svg-chart.js';

export interface ChartFile {
  file: string;
  title: string;
  svg: string;
}

export function buildCharts(results: Pick<BenchResults, 'suites' | 'ratios' | 'machine'>): ChartFile[] {
  const charts: ChartFile[] = [];
  const add = (file: string, title: string, svg: string) => charts.push({ file, title, svg });
  const { distance, triplet, embedding, index, anchor } = results.suites;
  const software = results.machine.webgpu.isFallbackAdapter ? ' (webgpu: software adapter)' : '';

  if (results.ratios.some((ratio) => ratio.kind === 'speedup')) {
    const ratios = results.ratios.filter((ratio) => ratio.kind === 'speedup' && ratio.geometricMean !== undefined);
    const title = 'Speed ratios measured in this run (geometric means over sizes)';
    add(
      'ratios.svg',
      title,
      renderBarChart({
        title,
        yLabel: 'ratio',
        categories: ratios.map((ratio) => ratio.id),
        series: [{ name: 'geometric mean over sizes', values: ratios.map((ratio) => ratio.geometricMean) }],
        logScale: true,
        reference: { value: 1, label: '1 (equal)' },
      }),
    );
  }

  if (distance) {
    const rows = distance.rows;
    const sizes = uniqueBy(rows, (row) => `${row.q}|${row.n}|${row.d}`).map((row) => ({ q: row.q, n: row.n, d: row.d }));
    const variants = [...new Set(rows.map((row) => row.variant))];
    const find = (variant: string, size: { q: number; n: number; d: number }) =>
      rows.find((row) => row.variant === variant && row.q === size.q && row.n === size.n && row.d === size.d && row.status === 'ok');

    const speedTitle = `Distance + top-k (k=10): speed relative to js${software}`;
    add(
      'distance-speedup.svg',
      speedTitle,
      renderBarChart({
        title: speedTitle,
        yLabel: 'js time / variant time',
        categories: sizes.map(sizeLabel),
        series: variants
          .filter((variant) => variant !== 'js')
          .map((variant) => ({
            name: variant,
            values: sizes.map((size) => {
              const js = find('js', size)?.timing?.medianMs;
              const own = find(variant, size)?.timing?.medianMs;
              return js !== undefined && own !== undefined ? js / own : undefined;
            }),
          })),
        logScale: true,
        reference: { value: 1, label: 'js' },
      }),
    );

    const single = sizes.filter((size) => size.q === 1);
    const bandwidthTitle = 'One-query scans as a share of the read-bandwidth limit';
    add(
      'distance-bandwidth.svg',
      bandwidthTitle,
      renderBarChart({
        title: bandwidthTitle,
        yLabel: 'scan GB/s / read GB/s',
        categories: single.map((size) => `n=${formatCount(size.n)} d=${size.d}`),
        series: variants.map((variant) => ({ name: variant, values: single.map((size) => find(variant, size)?.bandwidthFraction) })),
        reference: { value: 1, label: 'read bandwidth' },
      }),
    );

    const batched = sizes.filter((size) => size.q > 1);
    if (batched.length > 0) {
      const title = `Batched queries: GFLOP/s (2 q n d per call)${software}`;
      add(
        'distance-gflops.svg',
        title,
        renderBarChart({
          title,
          yLabel: 'GFLOP/s',
          categories: batched.map(sizeLabel),
          series: variants.map((variant) => ({ name: variant, values: batched.map((size) => find(variant, size)?.gflops) })),
          logScale: true,
        }),
      );
    }
  }

  if (triplet) {
    const sizes = uniqueBy(triplet.rows, (row) => `${row.m}|${row.d}`);
    const variants = [...new Set(triplet.rows.map((row) => row.variant))];
    const title = `Triplet loss, forward + backward${software}`;
    add(
      'triplet.svg',
      title,
      renderBarChart({
        title,
        yLabel: 'triplets per second',
        categories: sizes.map((size) => `m=${size.m} d=${size.d}`),
        series: variants.map((variant) => ({
          name: variant,
          values: sizes.map((size) => triplet.rows.find((row) => row.variant === variant && row.m === size.m && row.d === size.d && row.status === 'ok')?.tripletsPerSecond),
        })),
        logScale: true,
      }),
    );
  }

  if (embedding) {
    const rows = [...embedding.rows, ...(anchor?.embedding ?? [])];
    const stages = uniqueBy(rows, (row) => `${row.stage}|${row.batch}`).map((row) => ({ stage: row.stage, batch: row.batch }));
    const configurations = [...new Set(rows.map(configurationLabel))];
    const title = 'Faces per second by stage';
    add(
      'embedding.svg',
      title,
      renderBarChart({
        title,
        yLabel: 'faces per second',
        categories: stages.map((stage) => (stage.stage === 'embedding' ? `embedding b${stage.batch}` : stage.stage)),
        series: configurations.map((configuration) => ({
          name: configuration,
          values: stages.map((stage) => rows.find((row) => configurationLabel(row) === configuration && row.stage === stage.stage && row.batch === stage.batch && row.status === 'ok')?.facesPerSecond),
        })),
        logScale: true,
      }),
    );
  }

  if (index) {
    const rows = [...index.rows, ...(anchor?.index ?? [])];
    for (const set of uniqueBy(rows, (row) => `${row.dataset}|${row.n}|${row.d}`)) {
      const same = rows.filter((row) => row.dataset === set.dataset && row.n === set.n && row.d === set.d && row.status === 'ok' && row.qps && row.recallAt10 !== undefined);
      if (same.length === 0) continue;
      const series = [...new Set(same.map(indexSeriesLabel))].map((name) => {
        const points = same.filter((row) => indexSeriesLabel(row) === name).sort((a, b) => (a.ef ?? 0) - (b.ef ?? 0));
        return {
          name,
          markersOnly: points[0].method === 'exact',
          points: points.map((row) => ({ x: row.qps as number, y: row.recallAt10 as number, ...(row.ef ? { label: `ef ${row.ef}` } : {}) })),
        };
      });
      const title = `Recall@10 against queries per second: ${set.dataset}, n=${formatCount(set.n)}, d=${set.d}`;
      add(`index-recall-qps-${set.dataset}-${set.n}-${set.d}.svg`, title, renderLineChart({ title, xLabel: 'queries per second (log scale)', yLabel: 'recall@10 against exact search', series }));
    }

    const builds = uniqueBy(rows.filter((row) => row.method === 'hnsw'), (row) => `${row.dataset}|${row.n}|${row.d}`);
    const engines = [...new Set(rows.filter((row) => row.method === 'hnsw').map((row) => row.variant))];
    if (builds.length > 0) {
      const title = 'HNSW build time (M and efConstruction equal, 1 thread)';
      add(
        'index-build.svg',
        title,
        renderBarChart({
          title,
          yLabel: 'build seconds',
          categories: builds.map((row) => `${row.dataset} n=${formatCount(row.n)} d=${row.d}`),
          series: engines.map((engine) => ({
            name: engine,
            values: builds.map((build) => {
              const row = rows.find((candidate) => candidate.variant === engine && candidate.dataset === build.dataset && candidate.n === build.n && candidate.d === build.d && candidate.buildMs !== undefined);
              return row?.buildMs === undefined ? undefined : row.buildMs / 1000;
            }),
          })),
          logScale: true,
        }),
      );
    }
  }
  return charts;
}

function sizeLabel(size: { q: number; n: number; d: number }): string {
  return `q=${size.q} n=${formatCount(size.n)} d=${size.d}`;
}

function configurationLabel(row: { engine: string; provider: string; threads: number }): string {
  return `${row.engine} ${row.provider} x${row.threads}`;
}

function indexSeriesLabel(row: IndexRow): string {
  return row.method === 'exact' ? `exact, ${row.variant}` : `HNSW, ${row.variant}`;
}

function uniqueBy<T>(items: readonly T[], key: (item: T) => string): T[] {
  const seen = new Map<string, T>();
  for (const item of items) if (!seen.has(key(item))) seen.set(key(item), item);
  return [...seen.values()];
}
