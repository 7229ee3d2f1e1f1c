import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../src/random.js';
import { gatherRows, pairwiseSquaredL2, scatterAddRows, selectTriplets } from '../src/triplet-selection.js';

/** Points on a line (1-d encodings) make every distance easy to read: d = (x_a - x_b)^2. */
function line(...positions: number[]): Float32Array {
  return Float32Array.from(positions);
}

const select = (encodings: Float32Array, identities: number[], selection: 'semi-hard' | 'hard', alpha = 0.2) =>
  selectTriplets(encodings, 1, Int32Array.from(identities), { selection, alpha, random: new SeededRandom(1) });

describe('selectTriplets', () => {
  it('uses every ordered anchor-positive pair', () => {
    // Identity 0 has three faces (6 ordered pairs), identity 1 two (2 pairs), identity 2 one (none).
    const result = select(line(0, 0.1, 0.2, 5, 5.1, 9), [0, 0, 0, 1, 1, 2], 'semi-hard');
    const pairs = [...result.anchors].map((anchor, i) => `${anchor}-${result.positives[i]}`).sort();
    expect(pairs).toEqual(['0-1', '0-2', '1-0', '1-2', '2-0', '2-1', '3-4', '4-3']);
  });

  it('picks a semi-hard negative when one exists', () => {
    // Anchor 0, positive 1 at d = 0.09; negatives at d = 0.16 (semi-hard), 0.04 (hard) and 4 (easy).
    const result = select(line(0, 0.3, 0.4, 0.2, 2), [0, 0, 1, 2, 3], 'semi-hard');
    const index = [...result.anchors].findIndex((anchor, i) => anchor === 0 && result.positives[i] === 1);
    expect(result.negatives[index]).toBe(2);
  });

  it('falls back to the nearest negative beyond the positive', () => {
    // d(a,p) = 0.09; negatives at d = 1 and 4: none within the margin, nearest beyond is row 2.
    const result = select(line(0, 0.3, 1, 2), [0, 0, 1, 2], 'semi-hard');
    const index = [...result.anchors].findIndex((anchor, i) => anchor === 0 && result.positives[i] === 1);
    expect(result.negatives[index]).toBe(2);
    expect(result.withinMargin).toBe(0);
  });

  it('falls back to the farthest negative when all are nearer than the positive', () => {
    // d(a,p) = 4; negatives at d = 0.01 and 0.25: both hard, so the farther one (row 3).
    const result = select(line(0, 2, 0.1, 0.5), [0, 0, 1, 2], 'semi-hard');
    const index = [...result.anchors].findIndex((anchor, i) => anchor === 0 && result.positives[i] === 1);
    expect(result.negatives[index]).toBe(3);
  });

  it('picks the nearest negative with hard mining', () => {
    const result = select(line(0, 0.3, 0.4, 0.2, 2), [0, 0, 1, 2, 3], 'hard');
    const index = [...result.anchors].findIndex((anchor, i) => anchor === 0 && result.positives[i] === 1);
    expect(result.negatives[index]).toBe(3);
  });

  it('never picks a negative of the same identity', () => {
    const random = new SeededRandom(3);
    const encodings = Float32Array.from({ length: 40 * 3 }, () => random.gaussian());
    const identities = Int32Array.from({ length: 40 }, (_, i) => i % 7);
    for (const selection of ['semi-hard', 'hard'] as const) {
      const result = selectTriplets(encodings, 3, identities, { selection, alpha: 0.2, random: new SeededRandom(4) });
      expect(result.anchors.length).toBeGreaterThan(0);
      result.anchors.forEach((anchor, i) => {
        expect(identities[result.positives[i]]).toBe(identities[anchor]);
        expect(identities[result.negatives[i]]).not.toBe(identities[anchor]);
      });
    }
  });

  it('skips anchors without negatives', () => {
    const result = select(line(0, 1, 2), [0, 0, 0], 'semi-hard');
    expect(result.anchors).toHaveLength(0);
  });

  it('draws among several semi-hard negatives', () => {
    // Five negatives within the margin of one pair: different seeds choose different ones.
    const encodings = line(0, 0.3, 0.31, 0.32, 0.33, 0.34, 0.35);
    const identities = Int32Array.from([0, 0, 1, 2, 3, 4, 5]);
    const chosen = new Set<number>();
    for (let seed = 0; seed < 20; seed++) {
      const result = selectTriplets(encodings, 1, identities, { selection: 'semi-hard', alpha: 0.2, random: new SeededRandom(seed) });
      chosen.add(result.negatives[0]);
    }
    expect(chosen.size).toBeGreaterThan(2);
  });
});

describe('row helpers', () => {
  it('computes pairwise squared distances', () => {
    const distances = pairwiseSquaredL2(Float32Array.from([0, 0, 3, 4, 1, 0]), 3, 2);
    expect([...distances]).toEqual([0, 25, 1, 25, 0, 20, 1, 20, 0]);
  });

  it('gathers and scatter-adds rows', () => {
    const matrix = Float32Array.from([1, 2, 3, 4, 5, 6]);
    const gathered = gatherRows(matrix, 2, Int32Array.from([2, 0, 2]));
    expect([...gathered]).toEqual([5, 6, 1, 2, 5, 6]);
    const target = new Float32Array(6);
    scatterAddRows(target, gathered, 2, Int32Array.from([2, 0, 2]), 0.5);
    expect([...target]).toEqual([0.5, 1, 0, 0, 5, 6]);
  });
});
