import { type KernelBackend, createBackend } from '@facegate/kernels';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidTrainingInputError } from '../src/errors.js';
import { type TrainingSet, type TrainingSettings, trainProjectionHead } from '../src/train-projection-head.js';

const valid: TrainingSet = {
  embeddings: Float32Array.from({ length: 6 * 4 }, (_, i) => Math.sin(i + 1)),
  inputDim: 4,
  labels: ['a', 'a', 'b', 'b', 'c', 'c'],
};
const small: Partial<TrainingSettings> = { outputDim: 2, epochs: 1, identitiesPerBatch: 2 };

describe('trainProjectionHead input checks', () => {
  let js: KernelBackend;

  beforeAll(async () => {
    js = (await createBackend({ backend: 'js', strict: true })).backend;
  });
  afterAll(() => js?.dispose());

  const rejects = async (data: TrainingSet, settings: Partial<TrainingSettings>, argument: string, message: RegExp) => {
    const attempt = trainProjectionHead(data, { backend: js, settings: { ...small, ...settings } });
    await expect(attempt).rejects.toThrow(InvalidTrainingInputError);
    await expect(trainProjectionHead(data, { backend: js, settings: { ...small, ...settings } })).rejects.toMatchObject({ argument });
    await expect(trainProjectionHead(data, { backend: js, settings: { ...small, ...settings } })).rejects.toThrow(message);
  };

  it('trains on the smallest valid set', async () => {
    const result = await trainProjectionHead(valid, { backend: js, settings: small });
    expect(result.history).toHaveLength(1);
    expect(result.identitiesWithPairs).toBe(3);
  });

  it('returns the initial head after 0 epochs', async () => {
    const result = await trainProjectionHead(valid, { backend: js, settings: { ...small, epochs: 0 } });
    expect(result.history).toHaveLength(0);
    expect(result.head.outputDim).toBe(2);
  });

  it('rejects embeddings that do not match the labels', async () => {
    await rejects({ ...valid, labels: valid.labels.slice(1) }, {}, 'embeddings', /expected 5 labels x 4 dimensions/);
  });

  it('rejects a non-finite embedding', async () => {
    const embeddings = valid.embeddings.slice();
    embeddings[9] = Number.POSITIVE_INFINITY;
    await rejects({ ...valid, embeddings }, {}, 'embeddings', /row 2 \(b\) contains Infinity/);
  });

  it('rejects a set without anchor-positive pairs', async () => {
    await rejects({ ...valid, labels: ['a', 'b', 'c', 'd', 'e', 'f'] }, {}, 'labels', /0 of them with two or more faces/);
  });

  it('rejects a set with a single identity', async () => {
    await rejects({ ...valid, labels: ['a', 'a', 'a', 'a', 'a', 'a'] }, {}, 'labels', /one other identity/);
  });

  it('rejects bad settings', async () => {
    await rejects(valid, { alpha: 0 }, 'alpha', /positive finite margin/);
    await rejects(valid, { learningRate: Number.NaN }, 'learningRate', /positive finite/);
    await rejects(valid, { epochs: -1 }, 'epochs', /non-negative integer/);
    await rejects(valid, { outputDim: 0 }, 'outputDim', /positive integer/);
    await rejects(valid, { identitiesPerBatch: 1 }, 'identitiesPerBatch', /at least 2/);
    await rejects(valid, { facesPerIdentity: 1 }, 'facesPerIdentity', /at least 2/);
    await rejects(valid, { selection: 'easy' as never }, 'selection', /semi-hard or hard/);
    await rejects(valid, { init: 'zeros' as never }, 'init', /pca or random/);
    await rejects(valid, { seed: -1 }, 'seed', /0 to 4294967295/);
  });

  it('rejects a PCA start wider than the input', async () => {
    await rejects(valid, { outputDim: 5, init: 'pca' }, 'outputDim', /exceeds the input dimension 4/);
  });
});
