// Starts tasks in child processes, one per kernel variant, gallery size or
// thread count. Process-wide settings (onnxruntime-web threads, the WebGPU
// device) then start fresh and memory is returned between large sizes. A
// crash or a hang costs one row group instead of the whole run.

import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROGRESS_PREFIX } from './log.js';
import type { TaskName, TaskOutcome } from './tasks.js';

export interface ChildOptions {
  /** Folder for the input and output files; removed by the caller. */
  scratch: string;
  /** Environment of the child (see childEnvironment). */
  env: NodeJS.ProcessEnv;
  /** Time limit in ms, after which the child is killed and the outcome reports the timeout. */
  timeoutMs: number;
  /** Script to run instead of this one, e.g. the bundle built for the WebGPU execution provider. */
  script?: string;
}

/** Lines of child output kept for the reason of a failed child. */
const TAIL_LINES = 20;

let sequence = 0;

const running = new Set<ChildProcess>();
const interruptCleanups = new Set<() => void>();
let interruptHandlersInstalled = false;

/** Registers work to do, such as removing the scratch folder, if the parent is interrupted; returns its removal. */
export function onInterrupt(cleanup: () => void): () => void {
  installInterruptHandlers();
  interruptCleanups.add(cleanup);
  return () => interruptCleanups.delete(cleanup);
}

/** Kills the running children when the parent is interrupted, runs the cleanups, then lets the signal end the parent. */
function installInterruptHandlers(): void {
  if (interruptHandlersInstalled) return;
  interruptHandlersInstalled = true;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      for (const child of running) child.kill('SIGKILL');
      for (const cleanup of interruptCleanups) cleanup();
      process.kill(process.pid, signal);
    });
  }
}

export function runChild<T>(task: TaskName, input: unknown, options: ChildOptions): Promise<TaskOutcome<T>> {
  const id = `${String(++sequence).padStart(3, '0')}-${task}`;
  const inputPath = join(options.scratch, `${id}.input.json`);
  const outputPath = join(options.scratch, `${id}.output.json`);
  writeFileSync(inputPath, JSON.stringify(input));

  const script = options.script ?? process.argv[1];
  installInterruptHandlers();
  const child = spawn(process.execPath, ['--expose-gc', script, '--task', task, inputPath, outputPath], {
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);

  const tail: string[] = [];
  const onOutput = (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) {
      if (line.startsWith(PROGRESS_PREFIX)) process.stderr.write(`${line}\n`);
      else if (line.trim()) tail.push(line.trim());
    }
    tail.splice(0, Math.max(0, tail.length - TAIL_LINES));
  };
  child.stdout.on('data', onOutput);
  child.stderr.on('data', onOutput);

  return new Promise((resolve) => {
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.timeoutMs);

    child.on('error', (error) => {
      clearTimeout(timer);
      running.delete(child);
      resolve({ ok: false, reason: `the ${task} child process could not start: ${error.message}` });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      running.delete(child);
      if (timedOut) {
        resolve({ ok: false, reason: `the ${task} child process timed out after ${Math.round(options.timeoutMs / 1000)} s and was killed` });
        return;
      }
      if (existsSync(outputPath)) {
        resolve(JSON.parse(readFileSync(outputPath, 'utf8')) as TaskOutcome<T>);
        return;
      }
      const last = tail.filter((line) => !line.startsWith('at ')).slice(-2).join(' | ') || 'no output';
      const ending = signal ? `was killed by ${signal}` : `exited with code ${code}`;
      resolve({ ok: false, reason: `the ${task} child process ${ending} without a result (${last})` });
    });
  });
}
