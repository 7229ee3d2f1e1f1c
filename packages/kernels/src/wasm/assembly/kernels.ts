// WebAssembly SIMD kernels, compiled by AssemblyScript. The host (kernel-
// instance.ts) lays out every buffer in linear memory and passes byte
// pointers; nothing here allocates. Gallery rows are scanned in blocks of
// BLOCK_ROWS so a block stays in cache while every query of a call visits it,
// and quantised rows are decoded one block at a time into float32 scratch.

const FORMAT_INT8: i32 = 1;
const FORMAT_F16: i32 = 2;
const METRIC_DOT: i32 = 1;

/** Gallery rows per block; the host sizes the decode scratch as BLOCK_ROWS * dim floats. */
export const BLOCK_ROWS: i32 = 64;

/** First byte after the static data, where the host may place buffers. */
export function heapBase(): usize {
  return __heap_base;
}

// @ts-ignore: decorator
@inline
function horizontalSum(v: v128): f32 {
  return (f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1)) + (f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3));
}

/** Writes the distances of `count` contiguous float32 rows (starting at `block`) to one query. */
function blockDistances(query: usize, block: usize, count: i32, dim: i32, metric: i32, out: usize): void {
  if (metric == METRIC_DOT) blockDot(query, block, count, dim, out);
  else blockSquaredL2(query, block, count, dim, out);
}

function blockSquaredL2(query: usize, block: usize, count: i32, dim: i32, out: usize): void {
  const rowBytes = <usize>dim << 2;
  let r = 0;

  // Four rows at a time share each query load and give four independent sums.
  for (; r + 4 <= count; r += 4) {
    const row0 = block + <usize>r * rowBytes;
    const row1 = row0 + rowBytes;
    const row2 = row1 + rowBytes;
    const row3 = row2 + rowBytes;
    let sum0 = f32x4.splat(0);
    let sum1 = f32x4.splat(0);
    let sum2 = f32x4.splat(0);
    let sum3 = f32x4.splat(0);
    for (let i: usize = 0; i < rowBytes; i += 16) {
      const q = v128.load(query + i);
      const d0 = f32x4.sub(q, v128.load(row0 + i));
      const d1 = f32x4.sub(q, v128.load(row1 + i));
      const d2 = f32x4.sub(q, v128.load(row2 + i));
      const d3 = f32x4.sub(q, v128.load(row3 + i));
      sum0 = f32x4.add(sum0, f32x4.mul(d0, d0));
      sum1 = f32x4.add(sum1, f32x4.mul(d1, d1));
      sum2 = f32x4.add(sum2, f32x4.mul(d2, d2));
      sum3 = f32x4.add(sum3, f32x4.mul(d3, d3));
    }
    const target = out + (<usize>r << 2);
    store<f32>(target, horizontalSum(sum0));
    store<f32>(target, horizontalSum(sum1), 4);
    store<f32>(target, horizontalSum(sum2), 8);
    store<f32>(target, horizontalSum(sum3), 12);
  }

  for (; r < count; r++) {
    const row = block + <usize>r * rowBytes;
    let sum = f32x4.splat(0);
    for (let i: usize = 0; i < rowBytes; i += 16) {
      const d = f32x4.sub(v128.load(query + i), v128.load(row + i));
      sum = f32x4.add(sum, f32x4.mul(d, d));
    }
    store<f32>(out + (<usize>r << 2), horizontalSum(sum));
  }
}

function blockDot(query: usize, block: usize, count: i32, dim: i32, out: usize): void {
  const rowBytes = <usize>dim << 2;
  let r = 0;

  for (; r + 4 <= count; r += 4) {
    const row0 = block + <usize>r * rowBytes;
    const row1 = row0 + rowBytes;
    const row2 = row1 + rowBytes;
    const row3 = row2 + rowBytes;
    let sum0 = f32x4.splat(0);
    let sum1 = f32x4.splat(0);
    let sum2 = f32x4.splat(0);
    let sum3 = f32x4.splat(0);
    for (let i: usize = 0; i < rowBytes; i += 16) {
      const q = v128.load(query + i);
      sum0 = f32x4.add(sum0, f32x4.mul(q, v128.load(row0 + i)));
      sum1 = f32x4.add(sum1, f32x4.mul(q, v128.load(row1 + i)));
      sum2 = f32x4.add(sum2, f32x4.mul(q, v128.load(row2 + i)));
      sum3 = f32x4.add(sum3, f32x4.mul(q, v128.load(row3 + i)));
    }
    const target = out + (<usize>r << 2);
    store<f32>(target, horizontalSum(sum0));
    store<f32>(target, horizontalSum(sum1), 4);
    store<f32>(target, horizontalSum(sum2), 8);
    store<f32>(target, horizontalSum(sum3), 12);
  }

  for (; r < count; r++) {
    const row = block + <usize>r * rowBytes;
    let sum = f32x4.splat(0);
    for (let i: usize = 0; i < rowBytes; i += 16) {
      sum = f32x4.add(sum, f32x4.mul(v128.load(query + i), v128.load(row + i)));
    }
    store<f32>(out + (<usize>r << 2), horizontalSum(sum));
  }
}

/**
 * Returns a pointer to `count` float32 rows starting at `firstRow`: the
 * gallery itself for float32, else the rows decoded into `scratch`.
 */
function blockRows(gallery: usize, scales: usize, format: i32, firstRow: i32, count: i32, dim: i32, scratch: usize): usize {
  if (format == FORMAT_INT8) {
    decodeInt8(gallery, scales, firstRow, count, dim, scratch);
    return scratch;
  }
  if (format == FORMAT_F16) {
    decodeFloat16(gallery, firstRow, count, dim, scratch);
    return scratch;
  }
  return gallery + ((<usize>firstRow * <usize>dim) << 2);
}

/** Decodes int8 codes times the row scale, four components per step. */
function decodeInt8(codes: usize, scales: usize, firstRow: i32, count: i32, dim: i32, out: usize): void {
  for (let r = 0; r < count; r++) {
    const row = firstRow + r;
    const scale = f32x4.splat(load<f32>(scales + (<usize>row << 2)));
    const source = codes + <usize>row * <usize>dim;
    const target = out + ((<usize>r * <usize>dim) << 2);
    for (let i: usize = 0; i < <usize>dim; i += 4) {
      const bytes = v128.load32_zero(source + i);
      const ints = i32x4.extend_low_i16x8_s(i16x8.extend_low_i8x16_s(bytes));
      v128.store(target + (i << 2), f32x4.mul(f32x4.convert_i32x4_s(ints), scale));
    }
  }
}

/**
 * Decodes IEEE half floats exactly: the half's exponent and mantissa bits,
 * shifted into float32 position, read as a float32 that is 2^-112 times the
 * half's value (subnormals included), so one multiply by 2^112 rebiases it.
 * Halves are finite here because the host rejects values beyond ±65504.
 */
function decodeFloat16(halves: usize, firstRow: i32, count: i32, dim: i32, out: usize): void {
  const magnitudeMask = i32x4.splat(0x7fff);
  const signMask = i32x4.splat(0x8000);
  const rebias = f32x4.splat(5.192296858534828e33);

  for (let r = 0; r < count; r++) {
    const source = halves + ((<usize>(firstRow + r) * <usize>dim) << 1);
    const target = out + ((<usize>r * <usize>dim) << 2);
    for (let i: usize = 0; i < <usize>dim; i += 4) {
      const bits = i32x4.extend_low_i16x8_u(v128.load64_zero(source + (i << 1)));
      const magnitude = f32x4.mul(i32x4.shl(v128.and(bits, magnitudeMask), 13), rebias);
      const sign = i32x4.shl(v128.and(bits, signMask), 16);
      v128.store(target + (i << 2), v128.or(magnitude, sign));
    }
  }
}

/**
 * Writes the queryCount x rows distance matrix to `out`. `scratch` has room
 * for BLOCK_ROWS * dim floats for decoding quantised rows.
 */
export function scanDistances(
  queries: usize,
  queryCount: i32,
  gallery: usize,
  scales: usize,
  rows: i32,
  dim: i32,
  format: i32,
  metric: i32,
  out: usize,
  scratch: usize,
): void {
  const queryBytes = <usize>dim << 2;
  for (let first = 0; first < rows; first += BLOCK_ROWS) {
    const count = min(BLOCK_ROWS, rows - first);
    const block = blockRows(gallery, scales, format, first, count, dim, scratch);
    for (let q = 0; q < queryCount; q++) {
      const target = out + ((<usize>q * <usize>rows + <usize>first) << 2);
      blockDistances(queries + <usize>q * queryBytes, block, count, dim, metric, target);
    }
  }
}

/**
 * Keeps, per query, the k best rows in a bounded max-heap whose root is the
 * worst kept (key, row) pair. Keys rank ascending (squared L2, or the negated
 * dot product) and equal keys go to the lower row. The heaps are left
 * unsorted; the host merges and sorts them. `heapSizes` must start at zero.
 */
export function scanTopK(
  queries: usize,
  queryCount: i32,
  gallery: usize,
  scales: usize,
  rows: i32,
  dim: i32,
  format: i32,
  metric: i32,
  k: i32,
  heapKeys: usize,
  heapRows: usize,
  heapSizes: usize,
  scratch: usize,
  distances: usize,
): void {
  const queryBytes = <usize>dim << 2;
  const heapBytes = <usize>k << 2;
  const negate = metric == METRIC_DOT;

  for (let first = 0; first < rows; first += BLOCK_ROWS) {
    const count = min(BLOCK_ROWS, rows - first);
    const block = blockRows(gallery, scales, format, first, count, dim, scratch);

    for (let q = 0; q < queryCount; q++) {
      blockDistances(queries + <usize>q * queryBytes, block, count, dim, metric, distances);

      const keys = heapKeys + <usize>q * heapBytes;
      const rowsOfHeap = heapRows + <usize>q * heapBytes;
      const sizeAt = heapSizes + (<usize>q << 2);
      let size = load<i32>(sizeAt);

      for (let r = 0; r < count; r++) {
        let key = load<f32>(distances + (<usize>r << 2));
        if (negate) key = -key;
        const row = first + r;

        if (size < k) {
          siftUp(keys, rowsOfHeap, size, key, row);
          size++;
        } else if (isBetter(key, row, load<f32>(keys), load<i32>(rowsOfHeap))) {
          siftDown(keys, rowsOfHeap, size, key, row);
        }
      }
      store<i32>(sizeAt, size);
    }
  }
}

// @ts-ignore: decorator
@inline
function isBetter(key: f32, row: i32, otherKey: f32, otherRow: i32): bool {
  return key < otherKey || (key == otherKey && row < otherRow);
}

function siftUp(keys: usize, rows: usize, position: i32, key: f32, row: i32): void {
  let child = position;
  while (child > 0) {
    const parent = (child - 1) >> 1;
    const parentKey = load<f32>(keys + (<usize>parent << 2));
    const parentRow = load<i32>(rows + (<usize>parent << 2));
    if (!isBetter(parentKey, parentRow, key, row)) break;
    store<f32>(keys + (<usize>child << 2), parentKey);
    store<i32>(rows + (<usize>child << 2), parentRow);
    child = parent;
  }
  store<f32>(keys + (<usize>child << 2), key);
  store<i32>(rows + (<usize>child << 2), row);
}

/** Replaces the root (the worst kept pair) with (key, row) and restores the heap. */
function siftDown(keys: usize, rows: usize, size: i32, key: f32, row: i32): void {
  let parent = 0;
  while (true) {
    let child = 2 * parent + 1;
    if (child >= size) break;
    let childKey = load<f32>(keys + (<usize>child << 2));
    let childRow = load<i32>(rows + (<usize>child << 2));

    const right = child + 1;
    if (right < size) {
      const rightKey = load<f32>(keys + (<usize>right << 2));
      const rightRow = load<i32>(rows + (<usize>right << 2));
      if (isBetter(childKey, childRow, rightKey, rightRow)) {
        child = right;
        childKey = rightKey;
        childRow = rightRow;
      }
    }
    if (!isBetter(key, row, childKey, childRow)) break;

    store<f32>(keys + (<usize>parent << 2), childKey);
    store<i32>(rows + (<usize>parent << 2), childRow);
    parent = child;
  }
  store<f32>(keys + (<usize>parent << 2), key);
  store<i32>(rows + (<usize>parent << 2), row);
}

/**
 * Computes per-row hinges |A-P|^2 - |A-N|^2 + alpha into `hinges` and the
 * gradients of sum(max(hinge, 0)): 2(N-P), 2(P-A) and 2(A-N) on rows whose
 * hinge is positive, zero elsewhere. Any dim: a scalar loop takes the
 * components after the last multiple of 4. Returns the active row count.
 */
export function tripletLoss(
  anchor: usize,
  positive: usize,
  negative: usize,
  rows: i32,
  dim: i32,
  alpha: f32,
  gradAnchor: usize,
  gradPositive: usize,
  gradNegative: usize,
  hinges: usize,
): i32 {
  const rowBytes = <usize>dim << 2;
  const vectorBytes = <usize>(dim & ~3) << 2;
  let active = 0;

  for (let row = 0; row < rows; row++) {
    const base = <usize>row * rowBytes;
    let toPositive = f32x4.splat(0);
    let toNegative = f32x4.splat(0);
    for (let i: usize = 0; i < vectorBytes; i += 16) {
      const a = v128.load(anchor + base + i);
      const dp = f32x4.sub(a, v128.load(positive + base + i));
      const dn = f32x4.sub(a, v128.load(negative + base + i));
      toPositive = f32x4.add(toPositive, f32x4.mul(dp, dp));
      toNegative = f32x4.add(toNegative, f32x4.mul(dn, dn));
    }
    let positiveDistance = horizontalSum(toPositive);
    let negativeDistance = horizontalSum(toNegative);
    for (let i = vectorBytes; i < rowBytes; i += 4) {
      const a = load<f32>(anchor + base + i);
      const dp = a - load<f32>(positive + base + i);
      const dn = a - load<f32>(negative + base + i);
      positiveDistance += dp * dp;
      negativeDistance += dn * dn;
    }

    const hinge = positiveDistance - negativeDistance + alpha;
    store<f32>(hinges + (<usize>row << 2), hinge);
    const isActive = hinge > 0;
    if (isActive) active++;

    const gate = f32x4.splat(isActive ? 2 : 0);
    for (let i: usize = 0; i < vectorBytes; i += 16) {
      const a = v128.load(anchor + base + i);
      const p = v128.load(positive + base + i);
      const n = v128.load(negative + base + i);
      v128.store(gradAnchor + base + i, f32x4.mul(gate, f32x4.sub(n, p)));
      v128.store(gradPositive + base + i, f32x4.mul(gate, f32x4.sub(p, a)));
      v128.store(gradNegative + base + i, f32x4.mul(gate, f32x4.sub(a, n)));
    }
    const scalarGate: f32 = isActive ? 2 : 0;
    for (let i = vectorBytes; i < rowBytes; i += 4) {
      const a = load<f32>(anchor + base + i);
      const p = load<f32>(positive + base + i);
      const n = load<f32>(negative + base + i);
      store<f32>(gradAnchor + base + i, scalarGate * (n - p));
      store<f32>(gradPositive + base + i, scalarGate * (p - a));
      store<f32>(gradNegative + base + i, scalarGate * (a - n));
    }
  }
  return active;
}
