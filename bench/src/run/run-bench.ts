// The parent process of a benchmark run: probes the WebGPU adapter, runs the
// selected suites (each row group in a child process), computes ratios and
// charts, and writes the outputs.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { describeMachine } from '../machine.js';
import { type BenchResults, RESULTS_FORMAT, RESULTS_VERSION, type WebGpuAdapter } from '../results.js';
import { parseSettings, USAGE, UsageError } from '../settings.js';
import { runAnchorSuite } from '../suites/anchor-suite.js';
import { runDistanceSuite } from '../suites/distance-suite.js';
import { runEmbeddingSuite } from '../suites/embedding-suite.js';
import { runIndexSuite } from '../suites/index-suite.js';
import type { SuiteContext } from '../suites/suite-context.js';
import { runTripletSuite } from '../suites/triplet-suite.js';
import { onInterrupt, runChild } from './child-process.js';
import { childEnvironment } from './environment.js';
import { progress } from './log.js';
import { publishResults, shellQuote } from './publish.js';
import { runCombine } from './run-combine.js';

const ADAPTER_PROBE_SECONDS = 300;

/** Runs the benchmark CLI; returns the exit code (2 for usage errors). */
export async function runBench(args: readonly string[]): Promise<number> {
  // The bundle lives in bench/dist/.
  const benchRoot = resolve(dirname(process.argv[1]), '..');
  if (args.includes('--combine')) return runCombine(args, benchRoot);
  let settings;
  try {
    settings = parseSettings(args, benchRoot);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`error: ${error.message}\n\n${USAGE}`);
    return 2;
  }
  if (settings === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }

  const started = new Date();
  const scratch = mkdtempSync(join(tmpdir(), 'facegate-bench-'));
  const removeScratch = () => rmSync(scratch, { recursive: true, force: true });
  const forgetCleanup = onInterrupt(removeScratch);
  try {
    const env = childEnvironment(scratch);
    progress(`mode ${settings.mode}: suites ${settings.suites.join(', ')}; probing the WebGPU adapter`);
    const probe = await runChild<WebGpuAdapter>('adapter', {}, { scratch, env, timeoutMs: ADAPTER_PROBE_SECONDS * 1000 });
    const adapter: WebGpuAdapter = probe.ok ? probe.value : { available: false, reason: probe.reason };

    const context: SuiteContext = { settings, repoRoot: dirname(benchRoot), scratch, env, adapter, reportedThreads: { wasmSimd: new Set(), onnxruntimeWeb: new Set() } };
    const suites: BenchResults['suites'] = {};
    for (const suite of settings.suites) {
      progress(`suite ${suite}`);
      if (suite === 'distance') suites.distance = await runDistanceSuite(context);
      if (suite === 'triplet') suites.triplet = await runTripletSuite(context);
      if (suite === 'embedding') suites.embedding = await runEmbeddingSuite(context);
      if (suite === 'index') suites.index = await runIndexSuite(context);
      if (suite === 'anchor') suites.anchor = await runAnchorSuite(context);
    }

    const threads = context.reportedThreads;
    const machine = describeMachine(adapter, {
      all: settings.threads,
      wasmSimd: [...threads.wasmSimd],
      onnxruntimeWeb: [...threads.onnxruntimeWeb],
      ...(threads.tfjsWasm === undefined ? {} : { tfjsWasm: threads.tfjsWasm }),
    });
    const finished = new Date();
    const results: BenchResults = {
      format: RESULTS_FORMAT,
      version: RESULTS_VERSION,
      command: ['pnpm bench', ...args.map(shellQuote)].join(' '),
      mode: settings.mode,
      startedAt: started.toISOString(),
      finishedAt: finished.toISOString(),
      durationSeconds: (finished.getTime() - started.getTime()) / 1000,
      machine,
      settings,
      suites,
      ratios: [],
      charts: [],
    };
    publishResults(results, settings.outDir, settings.docsDir);
    return 0;
  } finally {
    forgetCleanup();
    removeScratch();
  }
}
