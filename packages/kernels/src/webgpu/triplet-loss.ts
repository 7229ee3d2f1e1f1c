// Host side of triplet-loss.wgsl: uploads the batch in blocks of rows that
// fit one storage binding (the gradient output holds three blocks) and sums
// the positive hinges in float64 on the host.

import { tripletLossWgsl } from '../../generated/shaders.js';
import type { TripletLossResult } from '../backend.js';
import { InvalidInputError } from '../errors.js';
import type { GpuContext } from './gpu-context.js';
import { MAX_WORKGROUPS_PER_DIMENSION } from './gpu-gallery.js';

export async function gpuTripletLoss(
  context: GpuContext,
  anchor: Float32Array,
  positive: Float32Array,
  negative: Float32Array,
  dim: number,
  alpha: number,
): Promise<TripletLossResult> {
  const rows = anchor.length / dim;
  const gradAnchor = new Float32Array(anchor.length);
  const gradPositive = new Float32Array(anchor.length);
  const gradNegative = new Float32Array(anchor.length);
  let loss = 0;
  let activeTriplets = 0;
  if (rows === 0) return { loss, activeTriplets, gradAnchor, gradPositive, gradNegative };

  const rowsPerDispatch = Math.min(
    Math.floor(context.maxBindingBytes / (3 * dim * 4)),
    MAX_WORKGROUPS_PER_DIMENSION * MAX_WORKGROUPS_PER_DIMENSION,
  );
  if (rowsPerDispatch < 1) {
    throw new InvalidInputError('dim', `three gradient rows of ${dim} floats exceed the ${context.maxBindingBytes}-byte binding limit`);
  }
  const pipeline = await context.pipeline('triplet-loss', tripletLossWgsl, context.tripletLayout);

  for (let first = 0; first < rows; first += rowsPerDispatch) {
    const count = Math.min(rowsPerDispatch, rows - first);
    const from = first * dim;
    const to = from + count * dim;
    const size = count * dim;
    const gridWidth = Math.min(count, MAX_WORKGROUPS_PER_DIMENSION);

    const params = context.params([count, dim, alpha, gridWidth], [2]);
    const anchorBuffer = context.upload('anchor', anchor.subarray(from, to));
    const positiveBuffer = context.upload('positive', positive.subarray(from, to));
    const negativeBuffer = context.upload('negative', negative.subarray(from, to));
    const gradients = context.output('gradients', 3 * size * 4);
    const hinges = context.output('hinges', count * 4);
    const bindGroup = context.bindGroup(context.tripletLayout, [
      params,
      anchorBuffer,
      positiveBuffer,
      negativeBuffer,
      gradients,
      hinges,
    ]);

    const bytes = await context.dispatchAndRead(pipeline, bindGroup, [gridWidth, Math.ceil(count / gridWidth)], [
      [gradients, 3 * size * 4],
      [hinges, count * 4],
    ]);
    const values = new Float32Array(bytes);
    gradAnchor.set(values.subarray(0, size), from);
    gradPositive.set(values.subarray(size, 2 * size), from);
    gradNegative.set(values.subarray(2 * size, 3 * size), from);

    const hingeStart = Math.ceil((3 * size * 4) / 8) * 2;
    for (const hinge of values.subarray(hingeStart, hingeStart + count)) {
      if (hinge > 0) {
        loss += hinge;
        activeTriplets++;
      }
    }
  }

  return { loss, activeTriplets, gradAnchor, gradPositive, gradNegative };
}
