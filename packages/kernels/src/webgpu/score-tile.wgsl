// Scores a tile of 16 queries x 64 gallery rows with a 16 x 16 workgroup.
// Components are staged through workgroup memory 32 at a time (8 vec4 per
// row), so each gallery vec4 is read from storage once per tile and used by
// all 16 queries. Components past dim4 are zero, which adds nothing to
// either metric. Prepended by the host to distance.wgsl and topk.wgsl, after
// a gallery-*.wgsl file that defines galleryVec4.

const TILE_QUERIES: u32 = 16u;
const TILE_ROWS: u32 = 64u;
const STEP4: u32 = 8u;
const METRIC_DOT: u32 = 1u;

@group(0) @binding(3) var<storage, read> queries: array<vec4<f32>>;

var<workgroup> queryTile: array<vec4<f32>, 128>;
var<workgroup> rowTile: array<vec4<f32>, 512>;

// Returns the scores of query firstQuery + local.y against tile rows
// tileStart + local.x + 16 j, for j = 0..3: squared L2, or the dot product.
fn scoreTile(
  firstQuery: u32,
  queryCount: u32,
  tileStart: u32,
  rowEnd: u32,
  dim4: u32,
  metric: u32,
  local: vec3<u32>,
  lane: u32,
) -> vec4<f32> {
  var sums = vec4<f32>(0.0);

  for (var base = 0u; base < dim4; base += STEP4) {
    if (lane < TILE_QUERIES * STEP4) {
      let query = firstQuery + lane / STEP4;
      let index = base + lane % STEP4;
      var value = vec4<f32>(0.0);
      if (query < queryCount && index < dim4) {
        value = queries[query * dim4 + index];
      }
      queryTile[lane] = value;
    }
    for (var slot = lane; slot < TILE_ROWS * STEP4; slot += 256u) {
      let row = tileStart + slot / STEP4;
      let index = base + slot % STEP4;
      var value = vec4<f32>(0.0);
      if (row < rowEnd && index < dim4) {
        value = galleryVec4(row, index, dim4);
      }
      rowTile[slot] = value;
    }
    workgroupBarrier();

    for (var i = 0u; i < STEP4; i++) {
      let q = queryTile[local.y * STEP4 + i];
      let g0 = rowTile[local.x * STEP4 + i];
      let g1 = rowTile[(local.x + 16u) * STEP4 + i];
      let g2 = rowTile[(local.x + 32u) * STEP4 + i];
      let g3 = rowTile[(local.x + 48u) * STEP4 + i];
      if (metric == METRIC_DOT) {
        sums += vec4<f32>(dot(q, g0), dot(q, g1), dot(q, g2), dot(q, g3));
      } else {
        let d0 = q - g0;
        let d1 = q - g1;
        let d2 = q - g2;
        let d3 = q - g3;
        sums += vec4<f32>(dot(d0, d0), dot(d1, d1), dot(d2, d2), dot(d3, d3));
      }
    }
    workgroupBarrier();
  }

  return sums;
}
