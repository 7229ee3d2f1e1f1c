// Every unit of work that runs in its own child process, by name. A child
// reads its input from a JSON file and writes its output to another, so
// library output on stdout never mixes with results.

import { readFileSync, writeFileSync } from 'node:fs';
import { runAdapterTask } from '../tasks/adapter-task.js';
import { runDistanceTask } from '../tasks/distance-task.js';
import { runEmbeddingTask } from '../tasks/embedding-task.js';
import { runFaceApiTask } from '../tasks/face-api-task.js';
import { runGroundTruthTask } from '../tasks/ground-truth-task.js';
import { runIndexTask } from '../tasks/index-task.js';
import { runLfwTask } from '../tasks/lfw-task.js';
import { runTripletTask } from '../tasks/triplet-task.js';
import { runUsearchTask } from '../tasks/usearch-task.js';
import { describeError } from './describe-error.js';

const tasks = {
  adapter: runAdapterTask,
  distance: runDistanceTask,
  triplet: runTripletTask,
  embedding: runEmbeddingTask,
  'face-api': runFaceApiTask,
  'ground-truth': runGroundTruthTask,
  index: runIndexTask,
  lfw: runLfwTask,
  usearch: runUsearchTask,
} satisfies Record<string, (input: never) => Promise<unknown>>;

export type TaskName = keyof typeof tasks;

/** Content of a child's output file: the task's result, or the error that ended it. */
export type TaskOutcome<T> = { ok: true; value: T } | { ok: false; reason: string };

/** Runs one task in this (child) process and exits; the exit code is 0 unless the task threw. */
export async function runTaskInThisProcess(name: string, inputPath: string, outputPath: string): Promise<never> {
  let outcome: TaskOutcome<unknown>;
  try {
    if (!Object.hasOwn(tasks, name)) throw new Error(`unknown task "${name}"; expected one of ${Object.keys(tasks).join(', ')}`);
    const task = tasks[name as TaskName] as (input: never) => Promise<unknown>;
    outcome = { ok: true, value: await task(JSON.parse(readFileSync(inputPath, 'utf8')) as never) };
  } catch (error) {
    outcome = { ok: false, reason: describeError(error) };
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  }
  writeFileSync(outputPath, JSON.stringify(outcome));
  // WebGPU and onnxruntime-web worker threads keep the event loop alive, so exit explicitly.
  process.exit(outcome.ok ? 0 : 1);
}
