// The per-row time limit that keeps --full bounded: a row whose estimated
// run time, times the runs it needs, exceeds --max-row-seconds is reported
// as unavailable with the estimate instead of being run.

import type { MeasureSettings } from '../settings.js';
import { collectSamples, type MeasurePlan, summarise, type Timing, timeOnce } from './timing.js';

/** Returns why a row estimated at `runMs` per run is not run, or undefined when it fits the limit. */
export function overRowBudget(runMs: number | undefined, settings: MeasureSettings, basis: string, outcome = 'not run'): string | undefined {
  if (runMs === undefined) return undefined;
  const runs = settings.warmup + settings.minRepeats;
  const seconds = (runMs * runs) / 1000;
  if (seconds <= settings.maxRowSeconds) return undefined;
  return (
    `${outcome}: estimated ${formatSeconds(runMs / 1000)} per run (${basis}), so ${runs} runs take about ` +
    `${formatSeconds(seconds)}, over --max-row-seconds ${settings.maxRowSeconds}`
  );
}

/** Returns the timing plan of one row under the settings' limits. */
export function rowPlan(settings: MeasureSettings): MeasurePlan {
  return { warmup: settings.warmup, repeats: settings.repeats, minRepeats: settings.minRepeats, budgetMs: settings.maxRowSeconds * 1000 };
}

export function formatSeconds(seconds: number): string {
  if (seconds >= 3600) return `${(seconds / 3600).toFixed(1)} h`;
  if (seconds >= 60) return `${(seconds / 60).toFixed(1)} min`;
  return `${seconds.toPrecision(2)} s`;
}

/**
 * Times one row, but gives up after the first run when that run shows the
 * row cannot finish its runs within --max-row-seconds. Returns the timing,
 * or the reason it was not completed.
 */
export async function measureRow(run: () => unknown, settings: MeasureSettings): Promise<{ timing: Timing } | { reason: string }> {
  const firstMs = await timeOnce(run);
  const reason = overRowBudget(firstMs, settings, 'the time of its first run', 'stopped after one run');
  if (reason) return { reason };

  // The first run counts as the first warm-up run, or as the first sample when there is no warm-up.
  const plan = rowPlan(settings);
  const firstIsWarmup = settings.warmup > 0;
  const rest = await collectSamples(
    run,
    firstIsWarmup
      ? { ...plan, warmup: settings.warmup - 1 }
      : { ...plan, repeats: plan.repeats - 1, minRepeats: Math.max(0, plan.minRepeats - 1) },
    firstMs,
  );
  const warmupMs = firstIsWarmup ? [firstMs, ...rest.warmupMs] : rest.warmupMs;
  const samplesMs = firstIsWarmup ? rest.samplesMs : [firstMs, ...rest.samplesMs];
  return { timing: { samplesMs, warmupMs, ...summarise(samplesMs) } };
}
