// Triplet loss hinges and gradients for any dim: one 64-invocation workgroup
// per (anchor, positive, negative) row reduces the two squared distances in
// workgroup memory, then writes 2(N-P), 2(P-A) and 2(A-N) where the hinge
// |A-P|^2 - |A-N|^2 + alpha is positive and zeros elsewhere. Components are
// read as scalars, so dim needs no padding.

struct Params {
  rows: u32,
  dim: u32,
  alpha: f32,
  rowsPerGridLine: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> anchor: array<f32>;
@group(0) @binding(2) var<storage, read> positive: array<f32>;
@group(0) @binding(3) var<storage, read> negative: array<f32>;
// gradAnchor, gradPositive and gradNegative, each rows x dim, one after another.
@group(0) @binding(4) var<storage, read_write> gradients: array<f32>;
@group(0) @binding(5) var<storage, read_write> hinges: array<f32>;

const LANES: u32 = 64u;

var<workgroup> toPositive: array<f32, 64>;
var<workgroup> toNegative: array<f32, 64>;

@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) group: vec3<u32>, @builtin(local_invocation_index) lane: u32) {
  let row = group.x + group.y * params.rowsPerGridLine;
  if (row >= params.rows) {
    return;
  }
  let base = row * params.dim;

  var positiveSum = 0.0;
  var negativeSum = 0.0;
  for (var i = lane; i < params.dim; i += LANES) {
    let a = anchor[base + i];
    let dp = a - positive[base + i];
    let dn = a - negative[base + i];
    positiveSum += dp * dp;
    negativeSum += dn * dn;
  }
  toPositive[lane] = positiveSum;
  toNegative[lane] = negativeSum;
  workgroupBarrier();

  for (var width = LANES / 2u; width > 0u; width /= 2u) {
    if (lane < width) {
      toPositive[lane] += toPositive[lane + width];
      toNegative[lane] += toNegative[lane + width];
    }
    workgroupBarrier();
  }

  let hinge = toPositive[0] - toNegative[0] + params.alpha;
  if (lane == 0u) {
    hinges[row] = hinge;
  }

  let gate = select(0.0, 2.0, hinge > 0.0);
  let size = params.rows * params.dim;
  for (var i = lane; i < params.dim; i += LANES) {
    let a = anchor[base + i];
    let p = positive[base + i];
    let n = negative[base + i];
    gradients[base + i] = gate * (n - p);
    gradients[size + base + i] = gate * (p - a);
    gradients[2u * size + base + i] = gate * (a - n);
  }
}
