// Gallery rows stored as int8 codes, four per u32 (component 0 in the low
// byte), reconstructed as code * scale with one float32 scale per row.

@group(0) @binding(1) var<storage, read> gallery: array<u32>;
@group(0) @binding(2) var<storage, read> scales: array<f32>;

fn galleryVec4(row: u32, index: u32, dim4: u32) -> vec4<f32> {
  let word = gallery[row * dim4 + index];
  // Shifting the byte to the top and arithmetic-shifting back sign-extends it.
  let codes = vec4<i32>(
    i32(word << 24u) >> 24u,
    i32(word << 16u) >> 24u,
    i32(word << 8u) >> 24u,
    i32(word) >> 24u,
  );
  return vec4<f32>(codes) * scales[row];
}
