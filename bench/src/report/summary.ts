// The summary printed when a run ends: the machine, the ratios, and how many
// rows of each suite ran.

import type { BenchResults } from '../results.js';
import { formatSeconds } from '../measure/row-budget.js';
import { formatRatioRange, formatRatioValue } from './format.js';

export function renderSummary(results: BenchResults, outDir: string): string {
  const { machine } = results;
  const adapter = machine.webgpu.available
    ? `${machine.webgpu.vendor} / ${machine.webgpu.architecture}, isFallbackAdapter ${machine.webgpu.isFallbackAdapter}${machine.webgpu.isFallbackAdapter ? ' (software: its timings do not reflect GPU speed)' : ''}`
    : `unavailable (${machine.webgpu.reason})`;
  const lines = [
    '',
    `Machine: ${machine.cpuModel}, ${machine.logicalCores} logical cores, Node ${machine.node}, all threads = ${machine.threads.all}`,
    `WebGPU adapter: ${adapter}`,
    '',
  ];

  const rows = results.ratios.map((ratio) => [
    ratio.title,
    formatRatioValue(ratio.kind, ratio.geometricMean),
    ratio.values.length > 0 ? formatRatioRange(ratio.kind, ratio.values.map((entry) => entry.value)) : (ratio.note ?? '–'),
  ]);
  lines.push(...table([results.parts ? 'ratio' : 'ratio (same run)', 'geometric mean', 'range'], rows), '');

  const counts: string[][] = [];
  const count = (name: string, list: readonly { status: string }[] | undefined) => {
    if (!list) return;
    const ok = list.filter((row) => row.status === 'ok').length;
    counts.push([name, String(ok), String(list.length - ok)]);
  };
  const { distance, triplet, embedding, index, anchor } = results.suites;
  count('1. distance + top-k', distance?.rows);
  count('2. triplet loss', triplet?.rows);
  count('3. embedding throughput', embedding?.rows);
  count('4. 1:K index', index?.rows);
  count('5. anchors', anchor ? [...anchor.embedding, ...anchor.index] : undefined);
  lines.push(...table(['suite', 'rows measured', 'rows unavailable'], counts), '');
  lines.push(`Took ${formatSeconds(results.durationSeconds)}. Results, report and charts: ${outDir}`);
  return lines.join('\n');
}

function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const line = (cells: string[]) => cells.map((text, column) => text.padEnd(widths[column])).join('  ');
  return [line(header), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(line)];
}
