import { describe, expect, it } from 'vitest';
import { recall } from '../src/data/datasets.js';
import { clusteredSet, randomUnitVectors } from '../src/data/synthetic.js';
import { measureRow, overRowBudget } from '../src/measure/row-budget.js';
import { measure, median, type Timing } from '../src/measure/timing.js';
import { estimateHnswBuild, HNSWLIB_WASM_HEAP_BYTES, hnswGraphBytes } from '../src/tasks/hnsw-estimates.js';

const settings = { warmup: 1, repeats: 5, minRepeats: 2, maxRowSeconds: 10 };

describe('measure', () => {
  it('takes warm-up and timed runs', async () => {
    let calls = 0;
    const timing = await measure(() => void calls++, { warmup: 2, repeats: 3, minRepeats: 1, budgetMs: 60_000 });
    expect(calls).toBe(5);
    expect(timing.warmupMs).toHaveLength(2);
    expect(timing.samplesMs).toHaveLength(3);
    expect(timing.minMs).toBeLessThanOrEqual(timing.medianMs);
    expect(timing.medianMs).toBeLessThanOrEqual(timing.maxMs);
  });

  it('stops at minRepeats once the budget is spent', async () => {
    const wait = () => new Promise((resolve) => setTimeout(resolve, 20));
    const timing = await measure(wait, { warmup: 0, repeats: 10, minRepeats: 2, budgetMs: 1 });
    expect(timing.samplesMs).toHaveLength(2);
  });

  it('median of even and odd counts', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});

describe('row budget', () => {
  it('accepts rows within the limit', () => {
    expect(overRowBudget(undefined, settings, 'no estimate')).toBeUndefined();
    expect(overRowBudget(3000, settings, 'estimate')).toBeUndefined();
  });

  it('rejects rows over the limit with the estimate', () => {
    const reason = overRowBudget(4000, settings, 'scaled from n=10');
    expect(reason).toMatch(/^not run: estimated 4\.0 s per run \(scaled from n=10\), so 3 runs take about 12 s, over --max-row-seconds 10$/);
  });

  it('measureRow stops after a slow first run', async () => {
    let calls = 0;
    const outcome = await measureRow(async () => {
      calls += 1;
      await new Promise((resolve) => setTimeout(resolve, 30));
    }, { ...settings, maxRowSeconds: 0.05 });
    expect(calls).toBe(1);
    expect(outcome).toHaveProperty('reason');
    expect((outcome as { reason: string }).reason).toMatch(/^stopped after one run/);
  });

  it('measureRow counts the first run as warm-up', async () => {
    let calls = 0;
    const outcome = await measureRow(() => void calls++, { ...settings, repeats: 3 });
    expect(calls).toBe(4);
    expect(outcome).toHaveProperty('timing');
    const { timing } = outcome as { timing: Timing };
    expect(timing.warmupMs).toHaveLength(1);
    expect(timing.samplesMs).toHaveLength(3);
  });

  it('measureRow without warm-up keeps the first run as a sample', async () => {
    const outcome = await measureRow(() => undefined, { ...settings, warmup: 0, repeats: 1, minRepeats: 1 });
    expect(outcome).toHaveProperty('timing');
    const { timing } = outcome as { timing: Timing };
    expect(timing.warmupMs).toHaveLength(0);
    expect(timing.samplesMs).toHaveLength(1);
  });
});

describe('HNSW estimates', () => {
  it('1M x 512 exceeds the hnswlib-wasm heap', () => {
    expect(hnswGraphBytes(1_000_000, 512, 16)).toBeGreaterThan(HNSWLIB_WASM_HEAP_BYTES);
    expect(hnswGraphBytes(1_000_000, 128, 16)).toBeLessThan(HNSWLIB_WASM_HEAP_BYTES);
  });

  it('build time scales by n log n', () => {
    expect(estimateHnswBuild(undefined, 1000)).toBeUndefined();
    expect(estimateHnswBuild({ n: 1000, msPerTemplate: 1 }, 1000)).toBeUndefined();
    expect(estimateHnswBuild({ n: 1000, msPerTemplate: 1 }, 1_000_000)).toBeCloseTo(2000, 6);
  });
});

describe('synthetic data', () => {
  it('unit vectors are deterministic', () => {
    const a = randomUnitVectors(3, 8, 7);
    const b = randomUnitVectors(3, 8, 7);
    expect(a).toEqual(b);
    const norm = Math.hypot(...a.subarray(0, 8));
    expect(norm).toBeCloseTo(1, 5);
  });

  it('clustered probes lie near their identity', () => {
    const { gallery, queries } = clusteredSet(400, 64, 20, 3);
    expect(gallery).toHaveLength(400 * 64);
    expect(queries).toHaveLength(20 * 64);

    // The nearest gallery template of each probe is about 0.67 away; other identities are about 2 away.
    for (let q = 0; q < 20; q++) {
      let best = Infinity;
      for (let row = 0; row < 400; row++) {
        let sum = 0;
        for (let i = 0; i < 64; i++) sum += (queries[q * 64 + i] - gallery[row * 64 + i]) ** 2;
        best = Math.min(best, sum);
      }
      expect(best).toBeLessThan(1.2);
    }
  });
});

describe('recall', () => {
  it('counts top-1 and top-k hits', () => {
    const truth = Int32Array.from([1, 2, 3, 4, 5, 6]);
    const { recallAt1, recallAtK } = recall(
      [
        [1, 3, 9],
        [6, 5, 4],
      ],
      truth,
      3,
    );
    expect(recallAt1).toBe(0.5);
    expect(recallAtK).toBeCloseTo((2 / 3 + 1) / 2, 10);
  });
});
