// Synthetic distractor templates: random unit vectors, uniform on the sphere
// (normalised Gaussian vectors), from a seeded generator so a run can be
// repeated. In 512 dimensions a random unit vector lies at squared L2
// 2 ± 0.09 (one standard deviation) from any fixed unit vector. The nearest
// of a million lies at about 1.57 (4.9 standard deviations), which is still
// beyond the calibrated threshold of 1.33. Distractors therefore test search
// speed and ranking at scale, not accuracy against real look-alikes.

export { randomUnitVectors, seededRandom } from '@facegate/kernels';

/** Label prefix reserved for distractors; enrolment rejects names that start with it. */
export const DISTRACTOR_PREFIX = 'synthetic:';

/** Upper bound on distractors in the gallery. */
export const MAX_DISTRACTORS = 1_000_000;

export function isDistractorLabel(label: string): boolean {
  return label.startsWith(DISTRACTOR_PREFIX);
}

export function distractorLabel(serial: number): string {
  return `${DISTRACTOR_PREFIX}${serial}`;
}
