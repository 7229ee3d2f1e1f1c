// Combines the results of several runs into one report. A full run takes
// hours on a small machine, so running one suite per command means that a
// crash, a reboot or a time limit costs only the suite that was running.
// The parts must come from the same machine and agree on every setting that
// their suites share, so that the ratios of the combined report still compare
// rows measured under the same conditions.

import { RESULTS_FORMAT, RESULTS_VERSION, type BenchResults, type MachineInfo, type RunPart } from './results.js';
import { SUITE_NAMES, type BenchSettings, type SuiteName } from './settings.js';

/** Settings that every suite depends on, so every part must share them. */
const COMMON_SETTINGS = ['mode', 'threads', 'seed', 'measure'] as const;

type SuiteSettingsKey = 'distance' | 'triplet' | 'embedding' | 'index';

/** Settings groups that each suite reads. The anchors measure face-api and usearch on the embedding and index suites' sizes. */
const SETTINGS_OF_SUITE: Record<SuiteName, readonly SuiteSettingsKey[]> = {
  distance: ['distance'],
  triplet: ['triplet'],
  embedding: ['embedding'],
  index: ['index'],
  anchor: ['embedding', 'index'],
};

export class CombineError extends Error {
  override readonly name = 'CombineError';
}

export interface ResultsFile {
  /** File the results were read from, named in error messages. */
  path: string;
  results: BenchResults;
}

/** Checks that parsed JSON is a results file this version of the bench can read. */
export function asResults(path: string, value: unknown): BenchResults {
  const candidate = value as Partial<BenchResults> | null;
  if (typeof candidate !== 'object' || candidate === null || candidate.format !== RESULTS_FORMAT) {
    throw new CombineError(`${path} is not a results.json written by \`pnpm bench\` (no "format": "${RESULTS_FORMAT}")`);
  }
  if (candidate.version !== RESULTS_VERSION) {
    throw new CombineError(`${path} has results version ${String(candidate.version)}, but this bench reads version ${RESULTS_VERSION}: rerun that suite`);
  }
  if (typeof candidate.suites !== 'object' || candidate.suites === null || !candidate.settings || !candidate.machine) {
    throw new CombineError(`${path} lacks its suites, settings or machine`);
  }
  return candidate as BenchResults;
}

/**
 * Merges the suites of several runs. Throws CombineError when two parts ran
 * the same suite, when their machines differ, or when they differ in a
 * setting that both parts' suites read. Each suite's settings in the result
 * come from the part that ran it.
 */
export function combineResults(files: readonly ResultsFile[], command: string): BenchResults {
  if (files.length < 2) throw new CombineError(`combining needs at least two results files, got ${files.length}`);
  const ordered = [...files].sort((a, b) => Date.parse(a.results.startedAt) - Date.parse(b.results.startedAt));
  const first = ordered[0];

  const suites: BenchResults['suites'] = {};
  const owner = new Map<string, string>();
  const settingsSource = new Map<SuiteSettingsKey, ResultsFile>();
  for (const file of ordered) {
    const mismatch = commonSettingsMismatch(first.results.settings, file.results.settings) ?? machineMismatch(first.results.machine, file.results.machine);
    if (mismatch) throw new CombineError(`${file.path} and ${first.path} differ in ${mismatch}, so their rows are not comparable: combine only runs of the same machine and settings`);

    for (const key of settingsRead(file.results)) {
      const source = settingsSource.get(key);
      if (!source) {
        settingsSource.set(key, file);
      } else if (JSON.stringify(source.results.settings[key]) !== JSON.stringify(file.results.settings[key])) {
        throw new CombineError(`${file.path} and ${source.path} differ in settings.${key}, which the suites of both read: run them with the same ${key} options`);
      }
    }

    for (const name of SUITE_NAMES) {
      const suite = file.results.suites[name];
      if (!suite) continue;
      const earlier = owner.get(name);
      if (earlier) throw new CombineError(`suite ${name} is in both ${earlier} and ${file.path}: pass only one of them`);
      owner.set(name, file.path);
      (suites as Record<string, unknown>)[name] = suite;
    }
  }

  const parts: RunPart[] = ordered.map(({ results }) => ({
    command: results.command,
    suites: SUITE_NAMES.filter((name) => results.suites[name] !== undefined),
    startedAt: results.startedAt,
    finishedAt: results.finishedAt,
    durationSeconds: results.durationSeconds,
  }));
  const notes = [...new Set(ordered.map(({ results }) => results.settings.note).filter((note): note is string => Boolean(note)))];
  const finishedAt = ordered.map(({ results }) => results.finishedAt).reduce((latest, time) => (Date.parse(time) > Date.parse(latest) ? time : latest));

  return {
    format: RESULTS_FORMAT,
    version: RESULTS_VERSION,
    command,
    mode: first.results.mode,
    startedAt: first.results.startedAt,
    finishedAt,
    // Time spent measuring, not the wall-clock span: parts may be days apart.
    durationSeconds: parts.reduce((sum, part) => sum + part.durationSeconds, 0),
    machine: { ...first.results.machine, threads: combinedThreads(ordered.map(({ results }) => results.machine.threads)) },
    settings: {
      ...first.results.settings,
      ...Object.fromEntries([...settingsSource].map(([key, file]) => [key, file.results.settings[key]])),
      suites: SUITE_NAMES.filter((name) => owner.has(name)),
      note: notes.length > 0 ? notes.join(' ') : undefined,
    },
    suites,
    parts,
    ratios: [],
    charts: [],
  };
}

/** Finds the first setting that every suite reads and that differs between two parts. */
function commonSettingsMismatch(a: BenchSettings, b: BenchSettings): string | undefined {
  const key = COMMON_SETTINGS.find((name) => JSON.stringify(a[name]) !== JSON.stringify(b[name]));
  return key === undefined ? undefined : `settings.${key}`;
}

/** Lists the settings groups that the suites of one run read. */
function settingsRead(results: BenchResults): SuiteSettingsKey[] {
  const suites = SUITE_NAMES.filter((name) => results.suites[name] !== undefined);
  return [...new Set(suites.flatMap((name) => SETTINGS_OF_SUITE[name]))];
}

function machineMismatch(a: MachineInfo, b: MachineInfo): string | undefined {
  for (const key of ['cpuModel', 'logicalCores', 'totalMemoryBytes', 'os', 'node', 'webgpu'] as const) {
    if (JSON.stringify(a[key]) !== JSON.stringify(b[key])) return `machine.${key}`;
  }
  return undefined;
}

function combinedThreads(all: readonly MachineInfo['threads'][]): MachineInfo['threads'] {
  const union = (lists: readonly number[][]) => [...new Set(lists.flat())].sort((x, y) => x - y);
  const tfjsWasm = all.find((threads) => threads.tfjsWasm !== undefined)?.tfjsWasm;
  return {
    all: all[0].all,
    wasmSimd: union(all.map((threads) => threads.wasmSimd)),
    onnxruntimeWeb: union(all.map((threads) => threads.onnxruntimeWeb)),
    ...(tfjsWasm === undefined ? {} : { tfjsWasm }),
  };
}
