import { BackendUnavailableError, type KernelBackend, createBackend } from '@facegate/kernels';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TrainingResult, type TrainingSettings, trainProjectionHead } from '../src/train-projection-head.js';
import { syntheticClusters } from './support/synthetic-clusters.js';
import { prepareWebGpuEnvironment } from './support/webgpu-environment.js';

const training = syntheticClusters({ inputDim: 64, signalDim: 8, identities: 16, nuisance: 0.25, spread: 0.1, facesPerIdentity: 8, seed: 21 });
const SETTINGS: Partial<TrainingSettings> = {
  outputDim: 16,
  init: 'random',
  epochs: 12,
  identitiesPerBatch: 6,
  facesPerIdentity: 4,
  negativeIdentitiesPerBatch: 0,
  learningRate: 0.01,
  seed: 5,
};

/**
 * The backends compute the loss in float32 with different summation orders,
 * so a negative choice may flip near a tie. The curves must still agree to a
 * small fraction of the first epoch's loss.
 */
function expectSameCurve(actual: TrainingResult, expected: TrainingResult): void {
  const scale = expected.history[0].loss;
  expect(actual.history).toHaveLength(expected.history.length);
  actual.history.forEach((record, index) => {
    const reference = expected.history[index];
    expect(record.triplets, `epoch ${record.epoch} triplets`).toBe(reference.triplets);
    expect(Math.abs(record.loss - reference.loss), `epoch ${record.epoch} loss ${record.loss} vs ${reference.loss}`).toBeLessThan(1e-3 * scale);
    expect(Math.abs(record.activeFraction - reference.activeFraction), `epoch ${record.epoch} active fraction`).toBeLessThan(0.02);
  });
}

describe('training on each kernel backend', () => {
  let js: KernelBackend;
  let reference: TrainingResult;

  beforeAll(async () => {
    js = (await createBackend({ backend: 'js', strict: true })).backend;
    reference = await trainProjectionHead(training, { backend: js, settings: SETTINGS });
  });
  afterAll(() => js?.dispose());

  it('decreases the loss on js', () => {
    expect(reference.backend).toBe('js');
    expect(reference.history.at(-1)!.loss).toBeLessThan(reference.history[0].loss / 2);
  });

  it('gives the same loss curve on wasm-simd', async () => {
    const { backend } = await createBackend({ backend: 'wasm-simd', strict: true });
    try {
      const result = await trainProjectionHead(training, { backend, settings: SETTINGS });
      expect(result.backend).toBe('wasm-simd');
      expectSameCurve(result, reference);
    } finally {
      backend.dispose();
    }
  });
});

prepareWebGpuEnvironment();
const webgpu = await createBackend({ backend: 'webgpu', strict: true }).then(
  (created) => created.backend,
  (error: unknown) => {
    if (!(error instanceof BackendUnavailableError)) throw error;
    console.warn(`SKIPPED: no WebGPU adapter for the webgpu training test (${error.message})`);
    return undefined;
  },
);

describe.skipIf(!webgpu)('training on webgpu', () => {
  afterAll(() => webgpu?.dispose());

  it('gives the same loss curve as js', async () => {
    const settings = { ...SETTINGS, epochs: 4 };
    const js = (await createBackend({ backend: 'js', strict: true })).backend;
    const expected = await trainProjectionHead(training, { backend: js, settings });
    const result = await trainProjectionHead(training, { backend: webgpu!, settings });
    expect(result.backend).toBe('webgpu');
    expectSameCurve(result, expected);
  });
});
