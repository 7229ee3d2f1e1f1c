import { InvalidArgumentError } from '../errors.js';
import type { IdentityMatch } from '../recognition/gallery.js';

/** A probe search: its true identity and the gallery's nearest identities, closest first. */
export interface ProbeSearch {
  readonly identity: string;
  readonly candidates: readonly IdentityMatch[];
}

export interface IdentificationReport {
  readonly probes: number;
  /** Probes whose closest identity is their own. */
  readonly rank1: number;
  /** Probes whose own identity is among the 5 closest. */
  readonly rank5: number;
  readonly threshold: number;
  /** True-positive identification rate: rank-1 correct and within the threshold. */
  readonly tpir: number;
  /**
   * False-positive identification rate of non-mated searches. Each probe is
   * searched with its own identity left out, so its nearest candidate is a
   * distractor or another person. The rate counts how often that candidate
   * falls within the threshold and would be wrongly accepted.
   */
  readonly fpir: number;
}

/**
 * Rank-k accuracy and open-set rates. Each probe's candidate list must hold
 * at least 6 identities (or the whole gallery), so that its best non-mated
 * candidate is known.
 */
export function evaluateIdentification(searches: readonly ProbeSearch[], threshold: number): IdentificationReport {
  if (searches.length === 0) throw new InvalidArgumentError('probes', 'no probe searches to evaluate');
  let rank1 = 0;
  let rank5 = 0;
  let truePositives = 0;
  let falsePositives = 0;

  for (const search of searches) {
    const rank = search.candidates.findIndex((candidate) => candidate.label === search.identity);
    if (rank === 0) rank1++;
    if (rank >= 0 && rank < 5) rank5++;
    if (rank === 0 && search.candidates[0].distance <= threshold) truePositives++;

    const nonMated = search.candidates.find((candidate) => candidate.label !== search.identity);
    if (nonMated && nonMated.distance <= threshold) falsePositives++;
  }

  const count = searches.length;
  return {
    probes: count,
    rank1: rank1 / count,
    rank5: rank5 / count,
    threshold,
    tpir: truePositives / count,
    fpir: falsePositives / count,
  };
}
