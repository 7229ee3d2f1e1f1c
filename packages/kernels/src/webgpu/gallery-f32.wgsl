// Gallery rows stored as float32, four components per vec4.

@group(0) @binding(1) var<storage, read> gallery: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> scales: array<f32>;

fn galleryVec4(row: u32, index: u32, dim4: u32) -> vec4<f32> {
  return gallery[row * dim4 + index];
}
