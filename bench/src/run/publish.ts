// The last step of every run, single or combined: ratios and charts from the
// finished results, then results.json, report.md, the charts and the summary.

import { buildCharts } from '../report/charts.js';
import { computeRatios } from '../report/ratios.js';
import { renderSummary } from '../report/summary.js';
import { writeOutputs } from '../report/write-outputs.js';
import type { BenchResults } from '../results.js';

/** Computes the ratios and charts of finished results, writes every output and prints the summary. */
export function publishResults(results: BenchResults, outDir: string, docsDir: string | undefined): void {
  results.ratios = computeRatios(results);
  const charts = buildCharts(results);
  results.charts = charts.map((chart) => chart.file);

  writeOutputs(results, charts, outDir, docsDir);
  process.stdout.write(`${renderSummary(results, outDir)}\n`);
}

/** Quotes an argument for a POSIX shell when it contains anything but plain word characters. */
export function shellQuote(argument: string): string {
  return /^[\w@%+=:,./-]+$/.test(argument) ? argument : `'${argument.replace(/'/g, "'\\''")}'`;
}
