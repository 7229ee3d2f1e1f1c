import { type KernelBackend, createBackend } from '@facegate/kernels';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProjectionHead } from '../src/projection-head.js';
import { SeededRandom } from '../src/random.js';
import { type TrainingSettings, trainProjectionHead } from '../src/train-projection-head.js';
import { countViolations, syntheticClusters } from './support/synthetic-clusters.js';

// More faces than input dimensions, so a linear head cannot fit the nuisance of individual faces.
const CLUSTERS = { inputDim: 20, signalDim: 4, identities: 8, nuisance: 0.5, spread: 0.05 };
const training = syntheticClusters({ ...CLUSTERS, facesPerIdentity: 10, seed: 11 });
const heldOut = syntheticClusters({ ...CLUSTERS, facesPerIdentity: 4, seed: 12 });
const ALPHA = 0.2;

/** One batch contains every face, so online selection sees every triplet. */
const FULL_BATCH: Partial<TrainingSettings> = {
  outputDim: 8,
  init: 'random',
  epochs: 60,
  identitiesPerBatch: 8,
  facesPerIdentity: 10,
  negativeIdentitiesPerBatch: 0,
  learningRate: 0.03,
  seed: 7,
};

/** Two batches per epoch of 4 identities x 4 faces each. */
const MINI_BATCH: Partial<TrainingSettings> = { ...FULL_BATCH, identitiesPerBatch: 4, facesPerIdentity: 4, epochs: 30 };

function violations(head: ProjectionHead, set: typeof training) {
  return countViolations(head.forward(set.embeddings).outputs, head.outputDim, set.labels, ALPHA);
}

/** Root-mean-square weight on the identity components over that on the nuisance components. */
function signalToNuisance(head: ProjectionHead): number {
  let signal = 0;
  let nuisance = 0;
  for (let o = 0; o < head.outputDim; o++) {
    for (let i = 0; i < head.inputDim; i++) {
      const weight = head.weights[o * head.inputDim + i] ** 2;
      if (i < CLUSTERS.signalDim) signal += weight;
      else nuisance += weight;
    }
  }
  return Math.sqrt(signal / CLUSTERS.signalDim) / Math.sqrt(nuisance / (head.inputDim - CLUSTERS.signalDim));
}

describe('triplet training on separable clusters', () => {
  let js: KernelBackend;

  beforeAll(async () => {
    js = (await createBackend({ backend: 'js', strict: true })).backend;
  });
  afterAll(() => js?.dispose());

  it('violates the triplet constraint before training', () => {
    const head = ProjectionHead.random({ inputDim: CLUSTERS.inputDim, outputDim: 8, normalise: true }, new SeededRandom(7).fork(1));
    expect(violations(head, training).violations).toBeGreaterThan(10_000);
    expect(signalToNuisance(head)).toBeLessThan(1.5);
  });

  it('satisfies the triplet constraint after training', async () => {
    for (const seed of [7, 8, 9]) {
      const result = await trainProjectionHead(training, { backend: js, settings: { ...FULL_BATCH, seed } });
      const onTraining = violations(result.head, training);
      const onHeldOut = violations(result.head, heldOut);

      // 8 identities x 10 anchors x 9 positives x 70 negatives.
      expect(onTraining.triplets).toBe(50400);
      expect(onTraining.violations, `seed ${seed}, training faces`).toBe(0);
      expect(onHeldOut.violations / onHeldOut.triplets, `seed ${seed}, held-out faces`).toBeLessThan(0.005);
      // The correct projection keeps the identity components and drops the nuisance.
      expect(signalToNuisance(result.head), `seed ${seed}`).toBeGreaterThan(3);
    }
  });

  it('satisfies the constraint with hard-negative mining', async () => {
    const result = await trainProjectionHead(training, { backend: js, settings: { ...FULL_BATCH, selection: 'hard' } });
    expect(result.settings.selection).toBe('hard');
    expect(result.history.at(-1)!.loss).toBeLessThan(result.history[0].loss);
    expect(violations(result.head, training).violations).toBe(0);
    const onHeldOut = violations(result.head, heldOut);
    expect(onHeldOut.violations / onHeldOut.triplets).toBeLessThan(0.005);
  });

  it('trains a linear head without normalisation', async () => {
    const initial = ProjectionHead.random({ inputDim: CLUSTERS.inputDim, outputDim: 8, normalise: false }, new SeededRandom(7).fork(1));
    const result = await trainProjectionHead(training, { backend: js, settings: { ...FULL_BATCH, normalise: false } });
    const before = violations(initial, training).violations;
    const after = violations(result.head, training).violations;

    expect(result.head.normalise).toBe(false);
    expect(result.history.at(-1)!.loss).toBeLessThan(result.history[0].loss / 10);
    expect(after).toBeLessThan(before / 100);
  });

  it('decreases the loss on a fixed seed', async () => {
    const { history } = await trainProjectionHead(training, { backend: js, settings: MINI_BATCH });
    const first = history[0];
    const last = history.at(-1)!;
    const lastFive = history.slice(-5).reduce((sum, record) => sum + record.loss, 0) / 5;

    expect(history).toHaveLength(30);
    expect(first.loss).toBeGreaterThan(0);
    expect(first.activeFraction).toBeGreaterThan(0.5);
    expect(lastFive).toBeLessThan(first.loss / 10);
    expect(last.activeFraction).toBeLessThan(first.activeFraction / 5);
    // Two batches, each with every ordered anchor-positive pair: 4 identities x 4 faces x 3 positives.
    expect(first.batches).toBe(2);
    expect(first.triplets).toBe(2 * 4 * 4 * 3);
  });

  it('repeats exactly with the same seed', async () => {
    const first = await trainProjectionHead(training, { backend: js, settings: { ...MINI_BATCH, epochs: 10 } });
    const second = await trainProjectionHead(training, { backend: js, settings: { ...MINI_BATCH, epochs: 10 } });
    expect(second.history.map((record) => record.loss)).toEqual(first.history.map((record) => record.loss));
    expect(second.head.weights).toEqual(first.head.weights);
    expect(second.head.bias).toEqual(first.head.bias);
  });

  it('changes with another seed', async () => {
    const first = await trainProjectionHead(training, { backend: js, settings: { ...MINI_BATCH, epochs: 3 } });
    const second = await trainProjectionHead(training, { backend: js, settings: { ...MINI_BATCH, epochs: 3, seed: 8 } });
    expect(second.history[0].loss).not.toBe(first.history[0].loss);
  });

  it('continues from an initial head without changing it', async () => {
    const initial = ProjectionHead.random({ inputDim: CLUSTERS.inputDim, outputDim: 8, normalise: true }, new SeededRandom(3));
    const copy = initial.weights.slice();
    const result = await trainProjectionHead(training, { backend: js, settings: { ...MINI_BATCH, epochs: 2 }, initialHead: initial });
    expect(initial.weights).toEqual(copy);
    expect(result.head.weights).not.toEqual(copy);
  });

  it('reports every epoch through onEpoch', async () => {
    const seen: number[] = [];
    await trainProjectionHead(training, { backend: js, settings: { ...MINI_BATCH, epochs: 4 }, onEpoch: (record) => seen.push(record.epoch) });
    expect(seen).toEqual([1, 2, 3, 4]);
  });
});
