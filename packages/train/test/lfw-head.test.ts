import { type PairScore, evaluateVerification, squaredL2 } from '@facegate/core';
import { createBackend } from '@facegate/kernels';
import { beforeAll, describe, expect, it } from 'vitest';
import { pairwiseSquaredL2 } from '../src/triplet-selection.js';
import { type TrainingResult, type TrainingSet, trainProjectionHead } from '../src/train-projection-head.js';
import { type LfwSplit, hasLfw, identityOfImage, loadLfwSplit } from './support/lfw.js';

/** Threshold at FAR 1e-3 over every pair of training faces, as the train-head command calibrates. */
function calibrate(vectors: Float32Array, dim: number, labels: readonly string[]): number {
  const rows = labels.length;
  const distances = pairwiseSquaredL2(vectors, rows, dim);
  const scores: PairScore[] = [];
  for (let a = 0; a < rows; a++) for (let b = a + 1; b < rows; b++) scores.push({ distance: distances[a * rows + b], same: labels[a] === labels[b] });
  return evaluateVerification(scores, { farTargets: [1e-3] }).tarAtFar[0].threshold;
}

// Embedding the photos takes a few minutes on 2 cores the first time; later
// runs read the shared embedding cache.
describe.skipIf(!hasLfw())('128-d head on lfw-gray, identities disjoint from the pairs', { timeout: 900_000 }, () => {
  let split: LfwSplit;
  let training: TrainingSet;
  let result: TrainingResult;

  const score = (encode: (embedding: Float32Array) => Float32Array): PairScore[] =>
    split.pairs.map((pair) => {
      const a = split.embeddings.get(pair.imageA);
      const b = split.embeddings.get(pair.imageB);
      // A photo without a face never matches, as in the eval command.
      return { distance: a && b ? squaredL2(encode(a), encode(b)) : 4, same: pair.same };
    });

  beforeAll(async () => {
    split = await loadLfwSplit();
    const faces = split.trainingImages.filter((image) => split.embeddings.get(image));
    training = {
      embeddings: Float32Array.from(faces.flatMap((image) => [...(split.embeddings.get(image) as Float32Array)])),
      inputDim: split.pipeline.dim,
      labels: faces.map(identityOfImage),
    };
    const { backend } = await createBackend({ backend: 'wasm-simd', strict: true });
    try {
      result = await trainProjectionHead(training, { backend });
    } finally {
      backend.dispose();
    }
  }, 900_000);

  it('trains on identities absent from the pairs', () => {
    const pairIdentities = new Set(split.pairs.flatMap((pair) => [identityOfImage(pair.imageA), identityOfImage(pair.imageB)]));
    expect(split.trainingImages).toHaveLength(561);
    expect(new Set(split.trainingImages.map(identityOfImage)).size).toBe(419);
    expect(training.labels.some((label) => pairIdentities.has(label))).toBe(false);
    // Two photos have no detectable face, which leaves 559 faces of 418 identities, 109 of them with two or more.
    expect(training.labels).toHaveLength(559);
    expect(result.identities).toBe(418);
    expect(result.identitiesWithPairs).toBe(109);
  });

  it('decreases the loss', () => {
    const first = result.history[0];
    const lastFive = result.history.slice(-5).reduce((sum, record) => sum + record.loss, 0) / 5;
    expect(first.loss).toBeGreaterThan(0);
    expect(lastFive).toBeLessThan(first.loss / 2);
    expect(result.history.at(-1)!.activeFraction).toBeLessThan(first.activeFraction);
  });

  it('stays within 1 point of the 512-d pairs accuracy', () => {
    const head = result.head;
    const baseline = evaluateVerification(score((embedding) => embedding), { threshold: 1.33 });
    const threshold = calibrate(head.forward(training.embeddings).outputs, head.outputDim, training.labels);
    const projected = evaluateVerification(score((embedding) => head.project(embedding)), { threshold });

    expect(head.outputDim).toBe(128);
    expect(projected.auc).toBeGreaterThan(0.99);
    expect(baseline.bestAccuracy - projected.bestAccuracy).toBeLessThanOrEqual(0.01);
    expect(baseline.atThreshold!.accuracy - projected.atThreshold!.accuracy).toBeLessThanOrEqual(0.01);
  });

  it('gives the same loss curve on js', async () => {
    const { backend } = await createBackend({ backend: 'js', strict: true });
    const onJs = await trainProjectionHead(training, { backend });
    backend.dispose();

    const scale = result.history[0].loss;
    onJs.history.forEach((record, index) => {
      const reference = result.history[index];
      expect(record.triplets, `epoch ${record.epoch} triplets`).toBe(reference.triplets);
      expect(Math.abs(record.loss - reference.loss), `epoch ${record.epoch}: js ${record.loss}, wasm-simd ${reference.loss}`).toBeLessThan(1e-3 * scale);
    });
  });
});
