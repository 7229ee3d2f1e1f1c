// Mini-batches of several identities with several faces each, as FaceNet
// trains: every batch contains anchor-positive pairs of each identity and
// faces of the other identities to serve as negatives.

import { InvalidTrainingInputError } from './errors.js';
import type { SeededRandom } from './random.js';

export interface BatchComposition {
  /** Identities with at least two faces per batch; they supply anchors and positives. */
  readonly identitiesPerBatch: number;
  /** Upper bound on the faces drawn from each of those identities. */
  readonly facesPerIdentity: number;
  /**
   * Identities with a single face added to each batch as extra negatives.
   * They cannot form anchor-positive pairs but make negatives more varied.
   */
  readonly negativeIdentitiesPerBatch: number;
}

/** Row indices into the training set, and the dense identity number of each row. */
export interface IdentityBatch {
  readonly samples: Int32Array;
  readonly identities: Int32Array;
}

/** Faces grouped by identity, with identities numbered densely in order of first appearance. */
export class IdentityGroups {
  /** Sample indices of each identity, in input order. */
  readonly members: readonly Int32Array[];
  readonly names: readonly string[];
  /** Identities with at least two faces. */
  readonly pairIdentities: readonly number[];
  /** Identities with exactly one face. */
  readonly singleIdentities: readonly number[];

  constructor(labels: readonly string[]) {
    const numbers = new Map<string, number>();
    const lists: number[][] = [];
    labels.forEach((label, sample) => {
      if (typeof label !== 'string' || label.length === 0) {
        throw new InvalidTrainingInputError(`labels[${sample}]`, 'expected a non-empty identity label');
      }
      let identity = numbers.get(label);
      if (identity === undefined) {
        identity = lists.length;
        numbers.set(label, identity);
        lists.push([]);
      }
      lists[identity].push(sample);
    });
    this.names = [...numbers.keys()];
    this.members = lists.map((list) => Int32Array.from(list));
    this.pairIdentities = lists.flatMap((list, identity) => (list.length >= 2 ? [identity] : []));
    this.singleIdentities = lists.flatMap((list, identity) => (list.length === 1 ? [identity] : []));
  }

  get count(): number {
    return this.members.length;
  }
}

/**
 * Splits one epoch into batches: the identities with two or more faces are
 * shuffled and taken `identitiesPerBatch` at a time, each with up to
 * `facesPerIdentity` of its faces drawn at random. A last group of a single
 * identity joins the previous batch so that every batch has negatives.
 */
export function epochBatches(groups: IdentityGroups, composition: BatchComposition, random: SeededRandom): IdentityBatch[] {
  const { identitiesPerBatch, facesPerIdentity, negativeIdentitiesPerBatch } = composition;
  const order = random.shuffle([...groups.pairIdentities]);
  const chunks: number[][] = [];
  for (let start = 0; start < order.length; start += identitiesPerBatch) {
    chunks.push(order.slice(start, start + identitiesPerBatch));
  }
  const last = chunks.at(-1);
  if (chunks.length > 1 && last && last.length === 1) {
    chunks.pop();
    chunks[chunks.length - 1].push(...last);
  }

  return chunks.map((chunk) => {
    const samples: number[] = [];
    const identities: number[] = [];
    for (const identity of chunk) {
      const faces = random.shuffle([...groups.members[identity]]).slice(0, facesPerIdentity);
      for (const face of faces.sort((a, b) => a - b)) {
        samples.push(face);
        identities.push(identity);
      }
    }
    const singles = groups.singleIdentities;
    const extra = Math.min(negativeIdentitiesPerBatch, singles.length);
    const chosen = sampleWithoutReplacement(singles.length, extra, random);
    for (const index of chosen) {
      const identity = singles[index];
      samples.push(groups.members[identity][0]);
      identities.push(identity);
    }
    return { samples: Int32Array.from(samples), identities: Int32Array.from(identities) };
  });
}

/** Draws `count` distinct integers from [0, size) and returns them in ascending order. */
function sampleWithoutReplacement(size: number, count: number, random: SeededRandom): number[] {
  const chosen = new Set<number>();
  // Floyd's algorithm: exactly `count` draws, however small `size - count` is.
  for (let j = size - count; j < size; j++) {
    const candidate = random.integer(j + 1);
    chosen.add(chosen.has(candidate) ? j : candidate);
  }
  return [...chosen].sort((a, b) => a - b);
}
