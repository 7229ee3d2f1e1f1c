// Synthetic distractor templates: random unit vectors, uniform on the sphere
// (normalised Gaussian vectors), from a seeded generator so a run can be
// repeated. In 512 dimensions a random unit vector lies at squared L2
// 2 ± 0.09 (one standard deviation) from any fixed unit vector. The nearest
// of a million lies at about 1.57 (4.9 standard deviations), which is still
// beyond the calibrated threshold of 1.33. Distractors therefore test search
// speed and ranking at scale, not accuracy against real look-alikes.

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

/** mulberry32: a small, fast 32-bit generator; statistical quality is ample for test vectors. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fills `rows` x `dim` row-major unit vectors drawn uniformly from the sphere. */
export function randomUnitVectors(rows: number, dim: number, random: () => number): Float32Array {
  const out = new Float32Array(rows * dim);
  for (let row = 0; row < rows; row++) {
    const offset = row * dim;
    let norm = 0;
    // Box-Muller: two uniforms give two independent standard normals.
    for (let i = 0; i < dim; i += 2) {
      const radius = Math.sqrt(-2 * Math.log(1 - random()));
      const angle = 2 * Math.PI * random();
      const a = radius * Math.cos(angle);
      out[offset + i] = a;
      norm += a * a;
      if (i + 1 < dim) {
        const b = radius * Math.sin(angle);
        out[offset + i + 1] = b;
        norm += b * b;
      }
    }
    const scale = 1 / Math.sqrt(norm);
    for (let i = 0; i < dim; i++) out[offset + i] *= scale;
  }
  return out;
}
