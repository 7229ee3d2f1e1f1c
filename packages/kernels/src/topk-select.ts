// Bounded selection of the k best (key, index) pairs, shared by the js
// reference, the merge of partial GPU and WASM lists, and re-ranking. Keys
// rank ascending (callers pass -dot for the dot metric) and equal keys go to
// the lower index, which is the tie rule every backend follows.

import type { KernelMetric } from './backend.js';

/** Returns the ranking key of a distance: ascending for squared L2, negated for dot. */
export function rankKey(value: number, metric: KernelMetric): number {
  return metric === 'dot' ? -value : value;
}

export class TopKSelector {
  private readonly keys: Float64Array;
  private readonly indices: Int32Array;
  private size = 0;

  constructor(readonly capacity: number) {
    this.keys = new Float64Array(capacity);
    this.indices = new Int32Array(capacity);
  }

  get count(): number {
    return this.size;
  }

  reset(): void {
    this.size = 0;
  }

  /** Offers one candidate; the heap root is the worst kept pair. */
  push(key: number, index: number): void {
    if (this.capacity === 0) return;

    if (this.size < this.capacity) {
      this.siftUp(this.size, key, index);
      this.size++;
      return;
    }

    if (!isBetter(key, index, this.keys[0], this.indices[0])) return;
    this.siftDown(0, key, index, this.size);
  }

  /**
   * Writes the kept pairs best first at `offset`, converting keys back to
   * metric values, and empties the selector.
   */
  drainSorted(outIndices: Int32Array, outValues: Float32Array, offset: number, metric: KernelMetric): number {
    const count = this.size;

    for (let last = count - 1; last >= 0; last--) {
      const key = this.keys[0];
      const index = this.indices[0];
      outIndices[offset + last] = index;
      outValues[offset + last] = rankKey(key, metric);

      const tailKey = this.keys[last];
      const tailIndex = this.indices[last];
      this.size = last;
      if (last > 0) this.siftDown(0, tailKey, tailIndex, last);
    }

    this.size = 0;
    return count;
  }

  private siftUp(position: number, key: number, index: number): void {
    let child = position;
    while (child > 0) {
      const parent = (child - 1) >> 1;
      if (!isBetter(this.keys[parent], this.indices[parent], key, index)) break;
      this.keys[child] = this.keys[parent];
      this.indices[child] = this.indices[parent];
      child = parent;
    }
    this.keys[child] = key;
    this.indices[child] = index;
  }

  private siftDown(position: number, key: number, index: number, size: number): void {
    let parent = position;
    for (;;) {
      let child = 2 * parent + 1;
      if (child >= size) break;

      const right = child + 1;
      if (right < size && isBetter(this.keys[child], this.indices[child], this.keys[right], this.indices[right])) {
        child = right;
      }
      if (!isBetter(key, index, this.keys[child], this.indices[child])) break;

      this.keys[parent] = this.keys[child];
      this.indices[parent] = this.indices[child];
      parent = child;
    }
    this.keys[parent] = key;
    this.indices[parent] = index;
  }
}

/** Orders (key, index) pairs: smaller key first, then lower index. */
export function isBetter(key: number, index: number, otherKey: number, otherIndex: number): boolean {
  return key < otherKey || (key === otherKey && index < otherIndex);
}
