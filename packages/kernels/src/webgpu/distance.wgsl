// Distance matrix of a block of queries against one gallery chunk: one
// workgroup per 16 queries x 64 rows, written row-major (queries x rows).

struct Params {
  queryCount: u32,
  rows: u32,
  dim4: u32,
  metric: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(4) var<storage, read_write> distances: array<f32>;

@compute @workgroup_size(16, 16)
fn main(
  @builtin(workgroup_id) group: vec3<u32>,
  @builtin(local_invocation_id) local: vec3<u32>,
  @builtin(local_invocation_index) lane: u32,
) {
  let firstQuery = group.y * TILE_QUERIES;
  let tileStart = group.x * TILE_ROWS;
  let sums = scoreTile(firstQuery, params.queryCount, tileStart, params.rows, params.dim4, params.metric, local, lane);

  let query = firstQuery + local.y;
  if (query >= params.queryCount) {
    return;
  }
  for (var j = 0u; j < 4u; j++) {
    let row = tileStart + local.x + 16u * j;
    if (row < params.rows) {
      distances[query * params.rows + row] = sums[j];
    }
  }
}
