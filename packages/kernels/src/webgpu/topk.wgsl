// Fused distance and top-k: each workgroup scans one segment of a gallery
// chunk for 16 queries and writes each query's k best (key, row) pairs of
// that segment, so no queries x rows matrix is stored. Keys rank ascending:
// the squared L2 distance, or the negated dot product. The host merges the
// per-segment lists of all segments and chunks.
//
// Each of the 16 lanes of a query keeps a sorted private list of its own
// candidates (rows lane, lane + 16, ...); the lists are then merged k times
// by picking the best head among the 16 lanes.

// Replaced by the host with the list length of the pipeline variant (>= k).
const LIST_LENGTH: u32 = 16u;

const SENTINEL_KEY: f32 = 3.0e38;
const SENTINEL_ROW: u32 = 0xffffffffu;

struct Params {
  queryCount: u32,
  rows: u32,
  dim4: u32,
  metric: u32,
  k: u32,
  segmentRows: u32,
  segments: u32,
  padding: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
// One (bitcast key, row) pair per slot: [query][segment][slot].
@group(0) @binding(4) var<storage, read_write> partials: array<vec2<u32>>;

var<workgroup> headKeys: array<f32, 256>;
var<workgroup> headRows: array<u32, 256>;
var<workgroup> winners: array<u32, 16>;

fn isBetter(key: f32, row: u32, otherKey: f32, otherRow: u32) -> bool {
  return key < otherKey || (key == otherKey && row < otherRow);
}

@compute @workgroup_size(16, 16)
fn main(
  @builtin(workgroup_id) group: vec3<u32>,
  @builtin(local_invocation_id) local: vec3<u32>,
  @builtin(local_invocation_index) lane: u32,
) {
  let segment = group.x;
  let firstQuery = group.y * TILE_QUERIES;
  let query = firstQuery + local.y;
  let segmentStart = segment * params.segmentRows;
  let segmentEnd = min(segmentStart + params.segmentRows, params.rows);
  let last = params.k - 1u;

  var keys: array<f32, LIST_LENGTH>;
  var rows: array<u32, LIST_LENGTH>;
  for (var i = 0u; i < LIST_LENGTH; i++) {
    keys[i] = SENTINEL_KEY;
    rows[i] = SENTINEL_ROW;
  }

  for (var tileStart = segmentStart; tileStart < segmentEnd; tileStart += TILE_ROWS) {
    let sums = scoreTile(firstQuery, params.queryCount, tileStart, segmentEnd, params.dim4, params.metric, local, lane);

    for (var j = 0u; j < 4u; j++) {
      let row = tileStart + local.x + 16u * j;
      var key = sums[j];
      if (params.metric == METRIC_DOT) {
        key = -key;
      }
      // Insertion into the sorted list; rows arrive in increasing order.
      if (row < segmentEnd && isBetter(key, row, keys[last], rows[last])) {
        var position = last;
        while (position > 0u && isBetter(key, row, keys[position - 1u], rows[position - 1u])) {
          keys[position] = keys[position - 1u];
          rows[position] = rows[position - 1u];
          position--;
        }
        keys[position] = key;
        rows[position] = row;
      }
    }
  }

  let laneBase = local.y * 16u;
  var head = 0u;
  for (var slot = 0u; slot < params.k; slot++) {
    headKeys[lane] = keys[head];
    headRows[lane] = rows[head];
    workgroupBarrier();

    if (local.x == 0u) {
      var best = laneBase;
      for (var other = laneBase + 1u; other < laneBase + 16u; other++) {
        if (isBetter(headKeys[other], headRows[other], headKeys[best], headRows[best])) {
          best = other;
        }
      }
      winners[local.y] = best - laneBase;
      if (query < params.queryCount) {
        let at = (query * params.segments + segment) * params.k + slot;
        partials[at] = vec2<u32>(bitcast<u32>(headKeys[best]), headRows[best]);
      }
    }
    workgroupBarrier();

    // A lane whose list is exhausted keeps offering its sentinel at index k - 1.
    if (winners[local.y] == local.x && head < last) {
      head++;
    } else if (winners[local.y] == local.x) {
      keys[last] = SENTINEL_KEY;
      rows[last] = SENTINEL_ROW;
    }
  }
}
