// One optimisation step on one mini-batch: project, select triplets online,
// take the triplet loss and its gradients from the kernels, back-propagate
// through the head and update it.

import type { KernelBackend } from '@facegate/kernels';
import type { Adam } from './adam.js';
import type { ProjectionHead } from './projection-head.js';
import type { SeededRandom } from './random.js';
import { type NegativeSelection, gatherRows, scatterAddRows, selectTriplets } from './triplet-selection.js';

export interface StepOptions {
  readonly selection: NegativeSelection;
  readonly alpha: number;
  /** Draws among semi-hard negatives. */
  readonly random: SeededRandom;
}

export interface StepResult {
  /** Summed hinge over the selected triplets, before the update. */
  readonly loss: number;
  readonly triplets: number;
  readonly activeTriplets: number;
  readonly withinMargin: number;
}

/**
 * Trains `head` in place on one batch. `inputs` contains the batch's
 * embeddings (rows x head.inputDim) and `identities` the identity of each row. The
 * update minimises the mean loss over the selected triplets. A batch without
 * triplets, or whose triplets are all inactive, leaves the head unchanged.
 */
export async function trainingStep(
  head: ProjectionHead,
  optimiser: Adam,
  backend: KernelBackend,
  inputs: Float32Array,
  identities: Int32Array,
  options: StepOptions,
): Promise<StepResult> {
  const dim = head.outputDim;
  const activations = head.forward(inputs);
  const selected = selectTriplets(activations.outputs, dim, identities, options);
  const count = selected.anchors.length;
  if (count === 0) return { loss: 0, triplets: 0, activeTriplets: 0, withinMargin: 0 };

  const result = await backend.tripletLoss(
    gatherRows(activations.outputs, dim, selected.anchors),
    gatherRows(activations.outputs, dim, selected.positives),
    gatherRows(activations.outputs, dim, selected.negatives),
    dim,
    options.alpha,
  );
  const summary = { loss: result.loss, triplets: count, activeTriplets: result.activeTriplets, withinMargin: selected.withinMargin };
  if (result.activeTriplets === 0) return summary;

  // The kernel returns gradients of the summed loss; the step minimises the mean.
  const gradOutputs = new Float32Array(activations.outputs.length);
  scatterAddRows(gradOutputs, result.gradAnchor, dim, selected.anchors, 1 / count);
  scatterAddRows(gradOutputs, result.gradPositive, dim, selected.positives, 1 / count);
  scatterAddRows(gradOutputs, result.gradNegative, dim, selected.negatives, 1 / count);
  const gradients = head.backward(inputs, activations, gradOutputs);
  optimiser.update([gradients.weights, gradients.bias]);
  return summary;
}
