// Gallery rows stored as IEEE half floats, four per vec2<u32> (component 0 in
// the low half of x). unpack2x16float is core WGSL, so this needs no
// shader-f16 feature.

@group(0) @binding(1) var<storage, read> gallery: array<vec2<u32>>;
@group(0) @binding(2) var<storage, read> scales: array<f32>;

fn galleryVec4(row: u32, index: u32, dim4: u32) -> vec4<f32> {
  let words = gallery[row * dim4 + index];
  return vec4<f32>(unpack2x16float(words.x), unpack2x16float(words.y));
}
