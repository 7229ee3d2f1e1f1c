// Combines the results of several runs into one report. A full run takes
// hours on a small machine, so running one suite per command means that a
// crash, a reboot or a time limit costs only the suite that was running.
// The parts must come from the same machine and agree on every setting that
// their suites share, so that the ratios of the combined report still compare
// rows measured under the same conditions.

import { RESULTS_FORMAT, RESULTS_VERSION, type BenchResults, type MachineInfo, type RunPart } from './results.js';
import { SUITE_NAMES, type SuiteName } from './settings.js';

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
 * come from the part that ran it. A part that is itself combined keeps its
 * own parts in the list of runs.
 */
export function combineResults(files: readonly ResultsFile[], command: string): BenchResults {
  const ordered = [...files].sort((a, b) => Date.parse(a.results.startedAt) - Date.parse(b.results.startedAt));
  const first = ordered[0];

  // Overlapping suites first: running a suite twice is the likelier mistake, and its fix differs.
  const suites: BenchResults['suites'] = {};
  const owner = new Map<string, string>();
  for (const file of ordered) {
    for (const name of SUITE_NAMES) {
      const suite = file.results.suites[name];
      if (!suite) continue;
      const earlier = owner.get(name);
      if (earlier) throw new CombineError(`suite ${name} is in both ${earlier} and ${file.path}: pass only one of them`);
      owner.set(name, file.path);
      (suites as Record<string, unknown>)[name] = suite;
    }
  }

  const settingsSource = new Map<SuiteSettingsKey, ResultsFile>();
  for (const file of ordered) {
    const machine = machineMismatch(first.results.machine, file.results.machine);
    if (machine) throw new CombineError(`${first.path} and ${file.path} come from different machines (${machine}): combine only runs of one machine`);
    const common = firstDifference(first.results.settings, file.results.settings, COMMON_SETTINGS, 'settings');
    if (common) throw new CombineError(`${first.path} and ${file.path} differ in ${describeDifference(common)}: rerun one of them with the same options`);

    for (const key of settingsRead(file.results)) {
      const source = settingsSource.get(key);
      if (!source) {
        settingsSource.set(key, file);
        continue;
      }
      const difference = firstDifference(source.results.settings, file.results.settings, [key], 'settings');
      if (difference) throw new CombineError(`${source.path} and ${file.path} differ in ${describeDifference(difference)}, which the suites of both read: run them with the same ${key} options`);
    }
  }

  const parts: RunPart[] = ordered.flatMap(({ results }) =>
    results.parts ?? [
      {
        command: results.command,
        suites: suitesIn(results),
        startedAt: results.startedAt,
        finishedAt: results.finishedAt,
        durationSeconds: results.durationSeconds,
      },
    ],
  );
  // Each part's note becomes one sentence of the combined note.
  const notes = [...new Set(ordered.map(({ results }) => results.settings.note).filter((note): note is string => Boolean(note)))];
  const sentences = notes.map((note) => (/[.!?]$/.test(note) ? note : `${note}.`));
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
      note: sentences.length > 0 ? sentences.join(' ') : undefined,
    },
    suites,
    parts,
    ratios: [],
    charts: [],
  };
}

interface Difference {
  /** Dotted path of the first value that differs, e.g. `settings.measure.warmup`. */
  path: string;
  left: unknown;
  right: unknown;
}

/** Command-line flag of each setting that a user may have set differently between parts. */
const FLAG_OF_SETTING: Record<string, string> = {
  'settings.mode': '--quick, --full or --tiny',
  'settings.threads': '--threads',
  'settings.seed': '--seed',
  'settings.measure.warmup': '--warmup',
  'settings.measure.repeats': '--repeats',
  'settings.measure.minRepeats': '--min-repeats',
  'settings.measure.maxRowSeconds': '--max-row-seconds',
};

/** Finds the first leaf value that differs under the given keys of two objects. */
function firstDifference(left: unknown, right: unknown, keys: readonly string[], path: string): Difference | undefined {
  for (const key of keys) {
    const a = (left as Record<string, unknown>)[key];
    const b = (right as Record<string, unknown>)[key];
    if (JSON.stringify(a) === JSON.stringify(b)) continue;
    const isObject = (value: unknown) => typeof value === 'object' && value !== null && !Array.isArray(value);
    if (isObject(a) && isObject(b)) {
      const nested = firstDifference(a, b, [...new Set([...Object.keys(a as object), ...Object.keys(b as object)])], `${path}.${key}`);
      if (nested) return nested;
    }
    return { path: `${path}.${key}`, left: a, right: b };
  }
  return undefined;
}

function describeDifference({ path, left, right }: Difference): string {
  const flag = FLAG_OF_SETTING[path];
  return `${path}${flag ? ` (${flag})` : ''}: ${JSON.stringify(left)} against ${JSON.stringify(right)}`;
}

/** Lists the suites that one run measured, in report order. */
function suitesIn(results: BenchResults): SuiteName[] {
  return SUITE_NAMES.filter((name) => results.suites[name] !== undefined);
}

/** Lists the settings groups that the suites of one run read. */
function settingsRead(results: BenchResults): SuiteSettingsKey[] {
  return [...new Set(suitesIn(results).flatMap((name) => SETTINGS_OF_SUITE[name]))];
}

function machineMismatch(a: MachineInfo, b: MachineInfo): string | undefined {
  const difference = firstDifference(a, b, ['cpuModel', 'logicalCores', 'totalMemoryBytes', 'os', 'node', 'webgpu'], 'machine');
  return difference && describeDifference(difference);
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
