// Labelled vectors whose correct projection is known. Identity lives in the
// first `signalDim` components (well-separated cluster centres, +-e_i), and
// every other component is large Gaussian nuisance that a good projection
// ignores. Rows are L2-normalised like face embeddings.

import { SeededRandom } from '../../src/random.js';

export interface SyntheticSet {
  readonly embeddings: Float32Array;
  readonly labels: string[];
  readonly inputDim: number;
}

export interface ClusterOptions {
  readonly inputDim: number;
  /** Components that carry identity; up to 2 * signalDim identities get distinct centres. */
  readonly signalDim: number;
  readonly identities: number;
  readonly facesPerIdentity: number;
  /** Standard deviation of each nuisance component. */
  readonly nuisance: number;
  /** Standard deviation of the within-identity spread in the signal components. */
  readonly spread: number;
  readonly seed: number;
}

export function syntheticClusters(options: ClusterOptions): SyntheticSet {
  const { inputDim, signalDim, identities, facesPerIdentity, nuisance, spread, seed } = options;
  if (identities > 2 * signalDim) throw new Error(`at most ${2 * signalDim} identities fit ${signalDim} signal components`);
  const random = new SeededRandom(seed);
  const embeddings = new Float32Array(identities * facesPerIdentity * inputDim);
  const labels: string[] = [];

  for (let identity = 0; identity < identities; identity++) {
    for (let face = 0; face < facesPerIdentity; face++) {
      const row = labels.length;
      const vector = embeddings.subarray(row * inputDim, (row + 1) * inputDim);
      for (let i = 0; i < signalDim; i++) vector[i] = random.gaussian() * spread;
      vector[identity % signalDim] += identity < signalDim ? 1 : -1;
      for (let i = signalDim; i < inputDim; i++) vector[i] = random.gaussian() * nuisance;

      let norm = 0;
      for (const value of vector) norm += value * value;
      norm = Math.sqrt(norm);
      for (let i = 0; i < inputDim; i++) vector[i] /= norm;
      labels.push(`identity-${identity}`);
    }
  }
  return { embeddings, labels, inputDim };
}

/** Counts (anchor, positive, negative) triplets over all rows with d(a,p) + alpha >= d(a,n). */
export function countViolations(encodings: Float32Array, dim: number, labels: readonly string[], alpha: number): { violations: number; triplets: number } {
  const rows = labels.length;
  const distance = (a: number, b: number) => {
    let sum = 0;
    for (let i = 0; i < dim; i++) {
      const difference = encodings[a * dim + i] - encodings[b * dim + i];
      sum += difference * difference;
    }
    return sum;
  };
  let violations = 0;
  let triplets = 0;
  for (let a = 0; a < rows; a++) {
    for (let p = 0; p < rows; p++) {
      if (p === a || labels[p] !== labels[a]) continue;
      const toPositive = distance(a, p);
      for (let n = 0; n < rows; n++) {
        if (labels[n] === labels[a]) continue;
        triplets++;
        if (toPositive + alpha >= distance(a, n)) violations++;
      }
    }
  }
  return { violations, triplets };
}
