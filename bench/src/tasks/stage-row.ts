// One row of the per-stage face timings, shared by facegate and face-api.

import { measureRow } from '../measure/row-budget.js';
import type { EmbeddingRow, FaceStage } from '../results.js';
import { describeError } from '../run/describe-error.js';
import type { MeasureSettings } from '../settings.js';

export type StageRowBase = Pick<EmbeddingRow, 'engine' | 'provider' | 'threads' | 'photos'>;

/** Times `run`, which processes `faces` faces, and returns the row with faces per second. */
export async function measureStage(
  base: StageRowBase,
  stage: FaceStage,
  batch: number,
  faces: number,
  run: () => unknown,
  settings: MeasureSettings,
): Promise<EmbeddingRow> {
  const row = { ...base, stage, batch, faces };
  try {
    const outcome = await measureRow(run, settings);
    if ('reason' in outcome) return { ...row, status: 'unavailable', reason: outcome.reason };
    const { medianMs } = outcome.timing;
    return { ...row, status: 'ok', timing: outcome.timing, facesPerSecond: faces / (medianMs / 1000), msPerFace: medianMs / faces };
  } catch (error) {
    return { ...row, status: 'unavailable', reason: describeError(error) };
  }
}

/** Returns the rows of a task that could not start: every stage, with the same reason. */
export function unavailableStages(base: StageRowBase, batches: readonly number[], faces: number, reason: string): EmbeddingRow[] {
  return [
    ...(['detection', 'landmarks', 'alignment'] as const).map((stage) => ({ ...base, stage, batch: 1, faces: 0, status: 'unavailable' as const, reason })),
    ...batches.map((batch) => ({ ...base, stage: 'embedding' as const, batch, faces, status: 'unavailable' as const, reason })),
  ];
}
