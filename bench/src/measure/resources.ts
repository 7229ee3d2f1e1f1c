// Checks made before a large row starts, so that a size that cannot fit is
// reported as unavailable instead of ending the child process.

import { freemem } from 'node:os';

/** Share of the available memory a row may plan to use; the rest covers estimates that run low. */
const USABLE_SHARE = 0.85;

/** Returns why `bytes` more would not fit in memory, or undefined when they fit. */
export function memoryShortfall(bytes: number, what: string): string | undefined {
  const limit = availableMemory() * USABLE_SHARE;
  if (bytes <= limit) return undefined;
  return `${what} needs about ${formatBytes(bytes)}, more than ${Math.round(USABLE_SHARE * 100)} % of the ${formatBytes(availableMemory())} available`;
}

/** Free memory (MemAvailable on Linux), lowered to the cgroup limit when one is set. */
export function availableMemory(): number {
  let available = freemem();
  const constrained = (process as { constrainedMemory?: () => number | undefined }).constrainedMemory?.();
  if (constrained && constrained > 0 && constrained < Number.MAX_SAFE_INTEGER) {
    available = Math.min(available, constrained - process.memoryUsage().rss);
  }
  return available;
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(1)} GiB`;
  if (bytes >= 1024 ** 2) return `${(bytes / 1024 ** 2).toFixed(0)} MiB`;
  return `${(bytes / 1024).toFixed(0)} KiB`;
}

/** Runs a full garbage collection when the process was started with --expose-gc. */
export function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/** Resident set size after a garbage collection, for memory-growth measurements. */
export function settledRss(): number {
  collectGarbage();
  return process.memoryUsage().rss;
}
