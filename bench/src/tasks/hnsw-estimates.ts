// Size and time estimates that decide, before a build starts, whether an
// HNSW index of a given size can run here.

/** hnswlib-wasm 0.8.2 caps its WebAssembly heap at 2 GB. */
export const HNSWLIB_WASM_HEAP_BYTES = 2 * 1024 ** 3;

/**
 * Bytes of an hnswlib graph (an estimate): per element the vector, the
 * level-0 list of 2M links plus its count, the label, and the upper levels,
 * which hold M links on a 1/ln(M) share of the elements on average.
 */
export function hnswGraphBytes(n: number, d: number, M: number): number {
  const level0 = (2 * M + 1) * 4;
  const upper = ((M + 1) * 4) / Math.log(M);
  return n * (d * 4 + level0 + 8 + upper + 16);
}

/**
 * Estimated build seconds at n templates from the build rate at a smaller n,
 * scaled by n log n (each insertion searches a graph whose depth grows with log n).
 */
export function estimateHnswBuild(hint: { n: number; msPerTemplate: number } | undefined, n: number): number | undefined {
  if (!hint || hint.n >= n) return undefined;
  return (hint.msPerTemplate * n * (Math.log(n) / Math.log(hint.n))) / 1000;
}
