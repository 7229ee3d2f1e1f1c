// The memory-bandwidth baseline: a plain sequential read of float32 data with
// 128-bit loads and nothing else to do, so its speed is the read bandwidth
// that a gallery scan can at best reach on one thread. The host copies the
// bytes to `dataStart()` and grows the memory; nothing here allocates.

/** First 64 KiB page boundary after the static data, where the host places the bytes. */
export function dataStart(): usize {
  return (__heap_base + 0xffff) & ~(<usize>0xffff);
}

/**
 * Returns the sum of the float32 values in [start, start + bytes). `bytes`
 * must be a multiple of 64; four independent accumulators keep the loads
 * from waiting on one addition chain. The sum is returned so the reads
 * cannot be optimised away.
 */
export function readSum(start: usize, bytes: usize): f32 {
  let sum0 = f32x4.splat(0);
  let sum1 = f32x4.splat(0);
  let sum2 = f32x4.splat(0);
  let sum3 = f32x4.splat(0);
  const end = start + bytes;
  for (let at = start; at < end; at += 64) {
    sum0 = f32x4.add(sum0, v128.load(at));
    sum1 = f32x4.add(sum1, v128.load(at, 16));
    sum2 = f32x4.add(sum2, v128.load(at, 32));
    sum3 = f32x4.add(sum3, v128.load(at, 48));
  }
  const total = f32x4.add(f32x4.add(sum0, sum1), f32x4.add(sum2, sum3));
  return f32x4.extract_lane(total, 0) + f32x4.extract_lane(total, 1) + f32x4.extract_lane(total, 2) + f32x4.extract_lane(total, 3);
}
