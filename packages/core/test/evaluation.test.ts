import { describe, expect, it } from 'vitest';
import { evaluateIdentification, evaluateVerification } from '../src/index.js';

describe('evaluateVerification', () => {
  // Same-person pairs at 0.1, 0.2, 0.5; different-person pairs at 0.4, 0.8, 0.9.
  const scores = [
    { distance: 0.1, same: true },
    { distance: 0.2, same: true },
    { distance: 0.5, same: true },
    { distance: 0.4, same: false },
    { distance: 0.8, same: false },
    { distance: 0.9, same: false },
  ];
  const report = evaluateVerification(scores, { threshold: 0.45, farTargets: [0.34, 0.001] });

  it('computes AUC as the fraction of correctly ordered pairs', () => {
    // 8 of the 9 (same, different) combinations are ordered correctly.
    expect(report.auc).toBeCloseTo(8 / 9, 12);
  });

  it('finds the best accuracy and its threshold', () => {
    expect(report.bestAccuracy).toBeCloseTo(5 / 6, 12);
    expect(report.bestThreshold).toBeCloseTo(0.3, 12);
  });

  it('reads TAR at a FAR level', () => {
    expect(report.tarAtFar[0].tar).toBeCloseTo(1, 12);
    expect(report.tarAtFar[0].threshold).toBe(0.5);
    expect(report.tarAtFar[1].tar).toBeCloseTo(2 / 3, 12);
  });

  it('reports accuracy at a given threshold', () => {
    expect(report.atThreshold?.tar).toBeCloseTo(2 / 3, 12);
    expect(report.atThreshold?.far).toBeCloseTo(1 / 3, 12);
    expect(report.atThreshold?.accuracy).toBeCloseTo(4 / 6, 12);
  });

  it('puts the EER where FAR meets FRR', () => {
    expect(report.eer).toBeCloseTo(1 / 3, 12);
  });

  it('gives AUC 1 and EER 0 for separable scores', () => {
    const separable = evaluateVerification([
      { distance: 0.1, same: true },
      { distance: 0.9, same: false },
    ]);
    expect(separable.auc).toBe(1);
    expect(separable.eer).toBe(0);
    expect(separable.bestAccuracy).toBe(1);
  });

  it('rejects a set without different-person pairs', () => {
    expect(() => evaluateVerification([{ distance: 0.1, same: true }])).toThrow(/different-person/);
  });
});

describe('evaluateIdentification', () => {
  const searches = [
    { identity: 'ann', candidates: [{ label: 'ann', distance: 0.5 }, { label: 'bob', distance: 1.7 }] },
    { identity: 'bob', candidates: [{ label: 'cy', distance: 1.2 }, { label: 'bob', distance: 1.3 }] },
    { identity: 'cy', candidates: [{ label: 'cy', distance: 1.6 }, { label: 'ann', distance: 1.8 }] },
  ];
  const report = evaluateIdentification(searches, 1.4);

  it('counts rank-1 and rank-5 hits', () => {
    expect(report.rank1).toBeCloseTo(2 / 3, 12);
    expect(report.rank5).toBe(1);
  });

  it('counts true positives within the threshold', () => {
    expect(report.tpir).toBeCloseTo(1 / 3, 12);
  });

  it('counts non-mated candidates within the threshold as false positives', () => {
    expect(report.fpir).toBeCloseTo(1 / 3, 12);
  });
});
