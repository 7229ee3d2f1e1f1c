import { describe, expect, it } from 'vitest';
import { InvalidTrainingInputError } from '../src/errors.js';
import { IdentityGroups, epochBatches } from '../src/identity-batches.js';
import { SeededRandom } from '../src/random.js';

// 5 identities with 3 faces, 2 with 2 faces, 4 with a single face.
const labels = [
  ...['a', 'b', 'c', 'd', 'e'].flatMap((name) => [name, name, name]),
  ...['f', 'g'].flatMap((name) => [name, name]),
  'h',
  'i',
  'j',
  'k',
];

describe('IdentityGroups', () => {
  it('groups faces by identity', () => {
    const groups = new IdentityGroups(labels);
    expect(groups.count).toBe(11);
    expect(groups.pairIdentities).toHaveLength(7);
    expect(groups.singleIdentities).toHaveLength(4);
    expect([...groups.members[0]]).toEqual([0, 1, 2]);
  });

  it('rejects an empty label', () => {
    expect(() => new IdentityGroups(['a', ''])).toThrow(InvalidTrainingInputError);
    expect(() => new IdentityGroups(['a', ''])).toThrow(/labels\[1\]/);
  });
});

describe('epochBatches', () => {
  const groups = new IdentityGroups(labels);
  const composition = { identitiesPerBatch: 3, facesPerIdentity: 2, negativeIdentitiesPerBatch: 2 };

  it('covers every identity with pairs once per epoch', () => {
    const batches = epochBatches(groups, composition, new SeededRandom(1));
    // 7 identities in groups of 3: 3 + 3 + 1, and the lone last identity joins the previous batch.
    expect(batches).toHaveLength(2);
    const anchorsSeen = batches.flatMap((batch) => [...batch.identities].filter((identity) => groups.pairIdentities.includes(identity)));
    expect(new Set(anchorsSeen).size).toBe(7);
  });

  it('draws at most facesPerIdentity faces per identity', () => {
    for (const batch of epochBatches(groups, composition, new SeededRandom(2))) {
      const counts = new Map<number, number>();
      for (const identity of batch.identities) counts.set(identity, (counts.get(identity) ?? 0) + 1);
      for (const [identity, count] of counts) {
        if (groups.pairIdentities.includes(identity)) expect(count).toBe(2);
        else expect(count).toBe(1);
      }
    }
  });

  it('adds the requested single-face negatives', () => {
    for (const batch of epochBatches(groups, composition, new SeededRandom(3))) {
      const singles = [...batch.identities].filter((identity) => groups.singleIdentities.includes(identity));
      expect(singles).toHaveLength(2);
      expect(new Set(singles).size).toBe(2);
    }
  });

  it('labels each sample with its identity', () => {
    for (const batch of epochBatches(groups, composition, new SeededRandom(4))) {
      batch.samples.forEach((sample, i) => expect(labels[sample]).toBe(groups.names[batch.identities[i]]));
    }
  });

  it('repeats for the same seed', () => {
    const first = epochBatches(groups, composition, new SeededRandom(5));
    const second = epochBatches(groups, composition, new SeededRandom(5));
    expect(second).toEqual(first);
  });
});
