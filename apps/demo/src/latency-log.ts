// Search latencies per query, with the gallery size, backend and index that
// served it, for the query table and the latency chart.

import type { IndexKind } from '@facegate/index';
import type { BackendName } from '@facegate/kernels';

export interface LatencySample {
  /** Templates in the gallery when the search ran. */
  readonly templates: number;
  /** Wall time of the gallery search alone (no image decoding or face analysis), in ms. */
  readonly ms: number;
  readonly backend: BackendName;
  readonly index: IndexKind;
  /** Origin of the search: an identification or a latency measurement with random probes. */
  readonly source: 'identify' | 'measure';
  readonly probe: string;
}

const MAX_SAMPLES = 500;

export class LatencyLog {
  private readonly entries: LatencySample[] = [];
  private readonly listeners = new Set<(samples: readonly LatencySample[]) => void>();

  get samples(): readonly LatencySample[] {
    return this.entries;
  }

  add(sample: LatencySample): void {
    this.entries.push(sample);
    if (this.entries.length > MAX_SAMPLES) this.entries.shift();
    for (const listener of this.listeners) listener(this.entries);
  }

  onChange(listener: (samples: readonly LatencySample[]) => void): void {
    this.listeners.add(listener);
  }
}
