// Training loop of the projection head: epochs of identity mini-batches, each
// trained by trainingStep, with the loss curve and the active-triplet fraction
// recorded per epoch.

import type { BackendName, KernelBackend } from '@facegate/kernels';
import { Adam } from './adam.js';
import { InvalidTrainingInputError, describeValue } from './errors.js';
import { IdentityGroups, epochBatches, type BatchComposition } from './identity-batches.js';
import { principalComponents } from './principal-components.js';
import { ProjectionHead } from './projection-head.js';
import { SeededRandom } from './random.js';
import { trainingStep } from './training-step.js';
import { NEGATIVE_SELECTIONS, type NegativeSelection, gatherRows } from './triplet-selection.js';

/**
 * `pca`: start from the top principal components of the training embeddings
 * (centred), the best linear compression before any triplet training.
 * `random`: start from a seeded Gaussian projection.
 */
export type HeadInitialisation = 'pca' | 'random';

export const HEAD_INITIALISATIONS: readonly HeadInitialisation[] = ['pca', 'random'];

export interface TrainingSettings extends BatchComposition {
  readonly outputDim: number;
  readonly normalise: boolean;
  readonly init: HeadInitialisation;
  /** Margin of the triplet loss, in squared L2 units of the head's output. */
  readonly alpha: number;
  readonly selection: NegativeSelection;
  /** Passes over the identities; 0 returns the initial head, for comparison. */
  readonly epochs: number;
  readonly learningRate: number;
  /** Seeds the initial weights, the batches and the negative draws. */
  readonly seed: number;
}

/**
 * FaceNet's margin 0.2 on unit vectors, batch sizes that suit a few hundred
 * identities, and a step size small enough that training refines the
 * principal-component start instead of replacing it.
 */
export const DEFAULT_TRAINING_SETTINGS: TrainingSettings = {
  outputDim: 128,
  normalise: true,
  init: 'pca',
  alpha: 0.2,
  selection: 'semi-hard',
  epochs: 20,
  identitiesPerBatch: 16,
  facesPerIdentity: 4,
  negativeIdentitiesPerBatch: 16,
  learningRate: 3e-4,
  seed: 1,
};

export interface TrainingSet {
  /** rows x inputDim embeddings, row-major. */
  readonly embeddings: Float32Array;
  readonly inputDim: number;
  /** Identity of each row. */
  readonly labels: readonly string[];
}

export interface EpochRecord {
  /** 1-based. */
  readonly epoch: number;
  /** Mean triplet hinge over the epoch's selected triplets, measured before each step's update. */
  readonly loss: number;
  readonly triplets: number;
  /** Triplets with a positive hinge, which contribute gradients. */
  readonly activeTriplets: number;
  readonly activeFraction: number;
  /** Triplets whose negative fell within the margin when selected. */
  readonly withinMargin: number;
  readonly batches: number;
  readonly seconds: number;
}

export interface TrainingResult {
  readonly head: ProjectionHead;
  readonly settings: TrainingSettings;
  readonly history: readonly EpochRecord[];
  readonly backend: BackendName;
  /** Identities and faces that took part, for the head file's record of its training data. */
  readonly identities: number;
  readonly identitiesWithPairs: number;
  readonly faces: number;
}

export interface TrainingRun {
  readonly backend: KernelBackend;
  readonly settings?: Partial<TrainingSettings>;
  /** Continue from this head instead of random weights; it is copied, never changed. */
  readonly initialHead?: ProjectionHead;
  readonly onEpoch?: (record: EpochRecord) => void;
}

/** Trains a projection head on labelled embeddings and returns it with the per-epoch loss curve. */
export async function trainProjectionHead(data: TrainingSet, run: TrainingRun): Promise<TrainingResult> {
  const settings = checkSettings({ ...DEFAULT_TRAINING_SETTINGS, ...run.settings });
  const groups = checkTrainingSet(data, settings);
  const { inputDim, embeddings } = data;
  const { outputDim } = settings;

  // Separate streams: the batches and initial weights never depend on which
  // negatives were drawn, so runs on different backends see the same batches.
  const root = new SeededRandom(settings.seed);
  const initRandom = root.fork(1);
  const batchRandom = root.fork(2);
  const negativeRandom = root.fork(3);

  let head: ProjectionHead;
  if (run.initialHead) {
    if (run.initialHead.inputDim !== inputDim || run.initialHead.outputDim !== outputDim || run.initialHead.normalise !== settings.normalise) {
      throw new InvalidTrainingInputError(
        'initialHead',
        `has shape ${run.initialHead.inputDim} -> ${run.initialHead.outputDim} (normalise ${run.initialHead.normalise}), expected ${inputDim} -> ${outputDim} (normalise ${settings.normalise})`,
      );
    }
    head = run.initialHead.clone();
  } else if (settings.init === 'pca') {
    if (outputDim > inputDim) {
      throw new InvalidTrainingInputError('outputDim', `${outputDim} exceeds the input dimension ${inputDim}, so there are not enough principal components. Use init 'random'`);
    }
    const pca = principalComponents(embeddings, inputDim, outputDim);
    head = ProjectionHead.fromPrincipalComponents({ inputDim, outputDim, normalise: settings.normalise }, pca);
  } else {
    head = ProjectionHead.random({ inputDim, outputDim, normalise: settings.normalise }, initRandom);
  }
  const optimiser = new Adam([head.weights, head.bias], { learningRate: settings.learningRate });
  const history: EpochRecord[] = [];

  for (let epoch = 1; epoch <= settings.epochs; epoch++) {
    const started = performance.now();
    let lossSum = 0;
    let triplets = 0;
    let activeTriplets = 0;
    let withinMargin = 0;
    const batches = epochBatches(groups, settings, batchRandom);

    for (const batch of batches) {
      const step = await trainingStep(head, optimiser, run.backend, gatherRows(embeddings, inputDim, batch.samples), batch.identities, {
        selection: settings.selection,
        alpha: settings.alpha,
        random: negativeRandom,
      });
      lossSum += step.loss;
      triplets += step.triplets;
      activeTriplets += step.activeTriplets;
      withinMargin += step.withinMargin;
    }

    const record: EpochRecord = {
      epoch,
      loss: triplets > 0 ? lossSum / triplets : 0,
      triplets,
      activeTriplets,
      activeFraction: triplets > 0 ? activeTriplets / triplets : 0,
      withinMargin,
      batches: batches.length,
      seconds: (performance.now() - started) / 1000,
    };
    history.push(record);
    run.onEpoch?.(record);
  }

  return {
    head,
    settings,
    history,
    backend: run.backend.name,
    identities: groups.count,
    identitiesWithPairs: groups.pairIdentities.length,
    faces: data.labels.length,
  };
}

function checkSettings(settings: TrainingSettings): TrainingSettings {
  const positiveIntegers = ['outputDim', 'facesPerIdentity'] as const;
  for (const name of positiveIntegers) {
    if (!Number.isInteger(settings[name]) || settings[name] < 1) {
      throw new InvalidTrainingInputError(name, `expected a positive integer, got ${describeValue(settings[name])}`);
    }
  }

  if (!Number.isInteger(settings.epochs) || settings.epochs < 0) {
    throw new InvalidTrainingInputError('epochs', `expected a non-negative integer, got ${describeValue(settings.epochs)}`);
  }
  if (settings.facesPerIdentity < 2) {
    throw new InvalidTrainingInputError('facesPerIdentity', `expected at least 2 to form anchor-positive pairs, got ${settings.facesPerIdentity}`);
  }

  if (!Number.isInteger(settings.identitiesPerBatch) || settings.identitiesPerBatch < 2) {
    throw new InvalidTrainingInputError('identitiesPerBatch', `expected an integer of at least 2 so that batches hold negatives, got ${describeValue(settings.identitiesPerBatch)}`);
  }
  if (!Number.isInteger(settings.negativeIdentitiesPerBatch) || settings.negativeIdentitiesPerBatch < 0) {
    throw new InvalidTrainingInputError('negativeIdentitiesPerBatch', `expected a non-negative integer, got ${describeValue(settings.negativeIdentitiesPerBatch)}`);
  }

  if (typeof settings.alpha !== 'number' || !(settings.alpha > 0) || !Number.isFinite(settings.alpha)) {
    throw new InvalidTrainingInputError('alpha', `expected a positive finite margin, got ${describeValue(settings.alpha)}`);
  }
  if (typeof settings.learningRate !== 'number' || !(settings.learningRate > 0) || !Number.isFinite(settings.learningRate)) {
    throw new InvalidTrainingInputError('learningRate', `expected a positive finite number, got ${describeValue(settings.learningRate)}`);
  }

  if (!HEAD_INITIALISATIONS.includes(settings.init)) {
    throw new InvalidTrainingInputError('init', `expected ${HEAD_INITIALISATIONS.join(' or ')}, got ${describeValue(settings.init)}`);
  }
  if (!NEGATIVE_SELECTIONS.includes(settings.selection)) {
    throw new InvalidTrainingInputError('selection', `expected ${NEGATIVE_SELECTIONS.join(' or ')}, got ${describeValue(settings.selection)}`);
  }
  if (typeof settings.normalise !== 'boolean') {
    throw new InvalidTrainingInputError('normalise', `expected true or false, got ${describeValue(settings.normalise)}`);
  }
  if (!Number.isInteger(settings.seed) || settings.seed < 0 || settings.seed > 0xffffffff) {
    throw new InvalidTrainingInputError('seed', `expected an integer from 0 to 4294967295, got ${describeValue(settings.seed)}`);
  }
  return settings;
}

function checkTrainingSet(data: TrainingSet, settings: TrainingSettings): IdentityGroups {
  const { embeddings, inputDim, labels } = data;
  if (!Number.isInteger(inputDim) || inputDim < 1) {
    throw new InvalidTrainingInputError('inputDim', `expected a positive integer, got ${describeValue(inputDim)}`);
  }
  if (!(embeddings instanceof Float32Array)) {
    throw new InvalidTrainingInputError('embeddings', `expected a Float32Array, got ${describeValue(embeddings)}`);
  }
  if (!Array.isArray(labels)) {
    throw new InvalidTrainingInputError('labels', `expected an array of identity labels, got ${describeValue(labels)}`);
  }
  if (embeddings.length !== labels.length * inputDim) {
    throw new InvalidTrainingInputError(
      'embeddings',
      `has ${embeddings.length} values, expected ${labels.length} labels x ${inputDim} dimensions = ${labels.length * inputDim}`,
    );
  }
  for (let i = 0; i < embeddings.length; i++) {
    if (!Number.isFinite(embeddings[i])) {
      throw new InvalidTrainingInputError('embeddings', `row ${Math.floor(i / inputDim)} (${labels[Math.floor(i / inputDim)]}) contains ${embeddings[i]}`);
    }
  }

  const groups = new IdentityGroups(labels);
  const negativeSources = groups.pairIdentities.length - 1 + Math.min(groups.singleIdentities.length, settings.negativeIdentitiesPerBatch);
  if (groups.pairIdentities.length === 0 || negativeSources < 1) {
    throw new InvalidTrainingInputError(
      'labels',
      `${groups.count} identities, ${groups.pairIdentities.length} of them with two or more faces: triplets need at least one identity with two faces and one other identity`,
    );
  }
  return groups;
}
