// State shared by the parent side of every suite: the settings, the scratch
// folder and environment of child processes, and the adapter found at the start.

import type { WebGpuAdapter } from '../results.js';
import { type ChildOptions, runChild } from '../run/child-process.js';
import type { TaskName, TaskOutcome } from '../run/tasks.js';
import type { BenchSettings } from '../settings.js';

export interface SuiteContext {
  readonly settings: BenchSettings;
  /** Root of the facegate repository (the folder above bench/). */
  readonly repoRoot: string;
  readonly scratch: string;
  readonly env: NodeJS.ProcessEnv;
  readonly adapter: WebGpuAdapter;
  /** Thread counts that children reported, for the machine section of the report. */
  readonly reportedThreads: { wasmSimd: Set<number>; onnxruntimeWeb: Set<number>; tfjsWasm?: number };
}

/** Setup time allowed to a child on top of its rows: data generation, model loading, shader compilation. */
const SETUP_SECONDS = 900;

/** Runs a task whose rows each stay within --max-row-seconds (plus setup) in a child process. */
export function runSuiteChild<T>(context: SuiteContext, task: TaskName, input: unknown, rows: number, extra: Partial<ChildOptions> = {}): Promise<TaskOutcome<T>> {
  const timeoutMs = (rows * context.settings.measure.maxRowSeconds + SETUP_SECONDS) * 1000 + (extra.timeoutMs ?? 0);
  return runChild<T>(task, input, { scratch: context.scratch, env: context.env, ...extra, timeoutMs });
}
