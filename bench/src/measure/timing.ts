// Repeated timing: warm-up runs first (JIT, pipeline compilation, caches),
// then timed runs whose median, minimum and maximum the report shows. Every
// raw sample is kept for the JSON results.

export interface MeasurePlan {
  /** Untimed runs before the first sample. */
  readonly warmup: number;
  /** Timed runs wanted. */
  readonly repeats: number;
  /** Timed runs always taken, even when the time budget runs out. */
  readonly minRepeats: number;
  /** Time for one row, warm-up included, in ms; after minRepeats samples no new run starts past it. */
  readonly budgetMs: number;
}

export interface Timing {
  /** Wall-clock time of each timed run, in ms, in the order taken. */
  readonly samplesMs: number[];
  /** Wall-clock time of each warm-up run, in ms. */
  readonly warmupMs: number[];
  readonly medianMs: number;
  readonly minMs: number;
  readonly maxMs: number;
}

/** Runs `run` plan.warmup times untimed, then times it per the plan. */
export async function measure(run: () => unknown, plan: MeasurePlan): Promise<Timing> {
  const { samplesMs, warmupMs } = await collectSamples(run, plan);
  return { samplesMs, warmupMs, ...summarise(samplesMs) };
}

/** Runs the plan's warm-up and timed runs; returns the raw samples, possibly none when plan.repeats is 0. */
export async function collectSamples(run: () => unknown, plan: MeasurePlan, spentMs = 0): Promise<{ samplesMs: number[]; warmupMs: number[] }> {
  const warmupMs: number[] = [];
  for (let i = 0; i < plan.warmup; i++) warmupMs.push(await timeOnce(run));

  const samplesMs: number[] = [];
  let spent = spentMs + warmupMs.reduce((sum, value) => sum + value, 0);
  while (samplesMs.length < plan.repeats) {
    if (samplesMs.length >= plan.minRepeats && spent >= plan.budgetMs) break;
    const sample = await timeOnce(run);
    samplesMs.push(sample);
    spent += sample;
  }
  return { samplesMs, warmupMs };
}

export async function timeOnce(run: () => unknown): Promise<number> {
  const started = performance.now();
  await run();
  return performance.now() - started;
}

export function summarise(samplesMs: readonly number[]): { medianMs: number; minMs: number; maxMs: number } {
  if (samplesMs.length === 0) throw new RangeError('cannot summarise an empty list of samples');
  return { medianMs: median(samplesMs), minMs: Math.min(...samplesMs), maxMs: Math.max(...samplesMs) };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
