// packages/core/src/runtime/node-loader.ts
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

// packages/core/src/errors.ts
var FacegateError = class extends Error {
  name = "FacegateError";
};
var ImageDecodeError = class extends FacegateError {
  constructor(code, source, message, options) {
    super(`${source}: ${message}`, options);
    this.code = code;
    this.source = source;
  }
  name = "ImageDecodeError";
};
var ModelError = class extends FacegateError {
  constructor(modelId, message, options) {
    super(`model ${modelId}: ${message}`, options);
    this.modelId = modelId;
  }
  name = "ModelError";
};
var NonFiniteEmbeddingError = class extends FacegateError {
  constructor(source, message) {
    super(`${source}: ${message}`);
    this.source = source;
  }
  name = "NonFiniteEmbeddingError";
};
var InvalidArgumentError = class extends FacegateError {
  constructor(argument, message) {
    super(`${argument}: ${message}`);
    this.argument = argument;
  }
  name = "InvalidArgumentError";
};

// packages/core/src/runtime/node-loader.ts
function nodeModelLoader(folder) {
  const modelFolder = folder ?? join(dirname(createRequire(import.meta.url).resolve("@facegate/models/package.json")), "dist");
  return {
    async load(model) {
      const path = join(modelFolder, model.file);
      let bytes;
      try {
        bytes = await readFile(path);
      } catch (error) {
        throw new ModelError(model.id, `cannot read ${path}; run \`pnpm build\` to prepare the models`, { cause: error });
      }
      const actual = createHash("sha256").update(bytes).digest("hex");
      if (actual !== model.sha256) {
        throw new ModelError(model.id, `${path} has sha256 ${actual}, expected ${model.sha256}; run \`pnpm build\` again`);
      }
      return bytes;
    }
  };
}

// packages/core/src/alignment/similarity.ts
var ARCFACE_REFERENCE_112 = [
  { x: 38.2946, y: 51.6963 },
  { x: 73.5318, y: 51.5014 },
  { x: 56.0252, y: 71.7366 },
  { x: 41.5493, y: 92.3655 },
  { x: 70.7299, y: 92.2041 }
];
var ALIGNED_FACE_SIZE = 112;
function similarityTransform(source, target) {
  if (source.length !== target.length || source.length < 2) {
    throw new InvalidArgumentError("points", `need two equally long lists of at least 2 points, got ${source.length} and ${target.length}`);
  }
  const count = source.length;
  let sourceMeanX = 0;
  let sourceMeanY = 0;
  let targetMeanX = 0;
  let targetMeanY = 0;
  for (let i = 0; i < count; i++) {
    sourceMeanX += source[i].x / count;
    sourceMeanY += source[i].y / count;
    targetMeanX += target[i].x / count;
    targetMeanY += target[i].y / count;
  }
  let dotSum = 0;
  let crossSum = 0;
  let sourceVariance = 0;
  for (let i = 0; i < count; i++) {
    const px = source[i].x - sourceMeanX;
    const py = source[i].y - sourceMeanY;
    const qx = target[i].x - targetMeanX;
    const qy = target[i].y - targetMeanY;
    dotSum += px * qx + py * qy;
    crossSum += px * qy - py * qx;
    sourceVariance += px * px + py * py;
  }
  if (sourceVariance < 1e-9) {
    throw new InvalidArgumentError("points", "source points coincide, so no transform can be fitted");
  }
  const a = dotSum / sourceVariance;
  const b = crossSum / sourceVariance;
  const tx = targetMeanX - (a * sourceMeanX - b * sourceMeanY);
  const ty = targetMeanY - (b * sourceMeanX + a * sourceMeanY);
  return [a, -b, tx, b, a, ty];
}
function alignFace(image, points) {
  const transform = similarityTransform(points, ARCFACE_REFERENCE_112);
  return image.warpAffine(transform, ALIGNED_FACE_SIZE, ALIGNED_FACE_SIZE);
}

// packages/core/src/detection/box.ts
function boxArea(box) {
  return Math.max(0, box.x2 - box.x1) * Math.max(0, box.y2 - box.y1);
}
function intersectionOverUnion(a, b) {
  const width = Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1);
  const height = Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1);
  if (width <= 0 || height <= 0) return 0;
  const intersection = width * height;
  return intersection / (boxArea(a) + boxArea(b) - intersection);
}
function nonMaximumSuppression(boxes, iouThreshold) {
  const sorted = [...boxes].sort((a, b) => b.score - a.score);
  const kept = [];
  for (const candidate of sorted) {
    if (kept.every((box) => intersectionOverUnion(box, candidate) <= iouThreshold)) kept.push(candidate);
  }
  return kept;
}
function clipBox(box, width, height) {
  const clipped = {
    x1: Math.min(Math.max(box.x1, 0), width),
    y1: Math.min(Math.max(box.y1, 0), height),
    x2: Math.min(Math.max(box.x2, 0), width),
    y2: Math.min(Math.max(box.y2, 0), height),
    score: box.score
  };
  return boxArea(clipped) > 0 ? clipped : void 0;
}

// packages/core/src/image/image-tensor.ts
var ImageTensor = class _ImageTensor {
  constructor(shape, data) {
    this.shape = shape;
    this.data = data;
    const [count, height, width, channels] = shape;
    if (data.length !== count * height * width * channels) {
      throw new InvalidArgumentError(
        "tensor data",
        `expected ${count * height * width * channels} values for shape (${shape.join(", ")}), got ${data.length}`
      );
    }
  }
  get count() {
    return this.shape[0];
  }
  get height() {
    return this.shape[1];
  }
  get width() {
    return this.shape[2];
  }
  get channels() {
    return this.shape[3];
  }
  /**
   * Stacks same-sized images into one batch. `gray` converts with the
   * ITU-R BT.601 luma weights (0.299 R + 0.587 G + 0.114 B) before
   * normalising.
   */
  static fromImages(images, normalisation, colour = "rgb") {
    if (images.length === 0) {
      throw new InvalidArgumentError("images", "cannot build a tensor from an empty batch");
    }
    const { width, height } = images[0];
    const channels = colour === "rgb" ? 3 : 1;
    const pixels = width * height;
    const data = new Float32Array(images.length * pixels * channels);
    const { mean: mean2, divisor } = normalisation;
    images.forEach((image, index) => {
      if (image.width !== width || image.height !== height) {
        throw new InvalidArgumentError(
          `images[${index}]`,
          `is ${image.width}x${image.height}, expected ${width}x${height} like the first image`
        );
      }
      const offset = index * pixels * channels;
      const source = image.data;
      if (colour === "rgb") {
        for (let i = 0; i < pixels * 3; i++) data[offset + i] = (source[i] - mean2) / divisor;
      } else {
        for (let i = 0; i < pixels; i++) {
          const gray = 0.299 * source[i * 3] + 0.587 * source[i * 3 + 1] + 0.114 * source[i * 3 + 2];
          data[offset + i] = (gray - mean2) / divisor;
        }
      }
    });
    return new _ImageTensor([images.length, height, width, channels], data);
  }
  /** Returns image `index` of the batch as a (height, width, channels) view. */
  image(index) {
    const size = this.height * this.width * this.channels;
    return this.data.subarray(index * size, (index + 1) * size);
  }
  /** Cuts the same rectangle out of every image; parts outside are zero. */
  crop(x, y, width, height) {
    const [count, sourceHeight, sourceWidth, channels] = this.shape;
    const out = new Float32Array(count * height * width * channels);
    for (let n = 0; n < count; n++) {
      for (let row = 0; row < height; row++) {
        const sourceRow = y + row;
        if (sourceRow < 0 || sourceRow >= sourceHeight) continue;
        const from = Math.max(0, x);
        const to = Math.min(sourceWidth, x + width);
        if (to <= from) continue;
        const sourceStart = ((n * sourceHeight + sourceRow) * sourceWidth + from) * channels;
        const targetStart = ((n * height + row) * width + (from - x)) * channels;
        out.set(this.data.subarray(sourceStart, sourceStart + (to - from) * channels), targetStart);
      }
    }
    return new _ImageTensor([count, height, width, channels], out);
  }
  /** Resizes every image with bilinear interpolation, pixel centres aligned. */
  resize(width, height) {
    const [count, sourceHeight, sourceWidth, channels] = this.shape;
    const out = new Float32Array(count * height * width * channels);
    const scaleX = sourceWidth / width;
    const scaleY = sourceHeight / height;
    for (let n = 0; n < count; n++) {
      const base = n * sourceHeight * sourceWidth * channels;
      for (let ty = 0; ty < height; ty++) {
        const sy = Math.min(Math.max((ty + 0.5) * scaleY - 0.5, 0), sourceHeight - 1);
        const y0 = Math.floor(sy);
        const y1 = Math.min(y0 + 1, sourceHeight - 1);
        const fy = sy - y0;
        for (let tx = 0; tx < width; tx++) {
          const sx = Math.min(Math.max((tx + 0.5) * scaleX - 0.5, 0), sourceWidth - 1);
          const x0 = Math.floor(sx);
          const x1 = Math.min(x0 + 1, sourceWidth - 1);
          const fx = sx - x0;
          const target = ((n * height + ty) * width + tx) * channels;
          for (let ch = 0; ch < channels; ch++) {
            const top = this.data[base + (y0 * sourceWidth + x0) * channels + ch] * (1 - fx) + this.data[base + (y0 * sourceWidth + x1) * channels + ch] * fx;
            const bottom = this.data[base + (y1 * sourceWidth + x0) * channels + ch] * (1 - fx) + this.data[base + (y1 * sourceWidth + x1) * channels + ch] * fx;
            out[target + ch] = top * (1 - fy) + bottom * fy;
          }
        }
      }
    }
    return new _ImageTensor([count, height, width, channels], out);
  }
  /** Returns the batch in NCHW order, the layout of the ONNX models' inputs. */
  toNCHW() {
    const [count, height, width, channels] = this.shape;
    const plane = height * width;
    const out = new Float32Array(this.data.length);
    for (let n = 0; n < count; n++) {
      const base = n * plane * channels;
      for (let i = 0; i < plane; i++) {
        for (let ch = 0; ch < channels; ch++) {
          out[base + ch * plane + i] = this.data[base + i * channels + ch];
        }
      }
    }
    return out;
  }
};

// packages/core/src/runtime/onnx.ts
import * as ort from "onnxruntime-web";
var configuredThreads;
function configureThreads(threads) {
  if (configuredThreads !== void 0) return;
  const cores = typeof navigator !== "undefined" && navigator.hardwareConcurrency ? navigator.hardwareConcurrency : 1;
  configuredThreads = Math.max(1, Math.floor(threads ?? Math.min(4, cores)));
  ort.env.wasm.numThreads = configuredThreads;
}
async function createSession(model, loader, options = {}) {
  configureThreads(options.threads);
  const bytes = await loader.load(model);
  try {
    return await ort.InferenceSession.create(bytes, {
      executionProviders: [...options.executionProviders ?? ["wasm"]],
      graphOptimizationLevel: "all"
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new ModelError(model.id, `onnxruntime-web could not load ${model.file}: ${message}`, { cause: error });
  }
}
async function runSession(session, model, inputName, data, dims) {
  try {
    return await session.run({ [inputName]: new ort.Tensor("float32", data, dims) });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new ModelError(model.id, `inference failed: ${message}`, { cause: error });
  }
}

// packages/core/src/detection/detector.ts
var INPUT_WIDTH = 320;
var INPUT_HEIGHT = 240;
var PRIOR_COUNT = 4420;
var FaceDetector = class {
  constructor(session, model, options = {}) {
    this.session = session;
    this.model = model;
    this.options = options;
  }
  /**
   * Finds faces, best score first. Faces that fill the whole frame (tight
   * crops) are missed by this detector at their own scale, so when nothing
   * is found the search is repeated on the image inside a 25 % zero border.
   */
  async detect(image) {
    const faces = await this.detectOnce(image, 0, 0);
    if (faces.length > 0) return faces;
    const borderX = Math.round(image.width * 0.25);
    const borderY = Math.round(image.height * 0.25);
    return this.detectOnce(image.pad(borderX, borderY, borderX, borderY), borderX, borderY, image);
  }
  async detectOnce(frame, offsetX, offsetY, original = frame) {
    const paddedWidth = Math.max(frame.width, Math.ceil(frame.height * 4 / 3));
    const paddedHeight = Math.max(frame.height, Math.ceil(frame.width * 3 / 4));
    const input = frame.pad(0, 0, paddedWidth - frame.width, paddedHeight - frame.height).resize(INPUT_WIDTH, INPUT_HEIGHT);
    const tensor = ImageTensor.fromImages([input], { mean: 127, divisor: 128 });
    const outputs = await runSession(this.session, this.model, "input", tensor.toNCHW(), [1, 3, INPUT_HEIGHT, INPUT_WIDTH]);
    const scores2 = outputs.scores?.data;
    const corners = outputs.boxes?.data;
    if (!scores2 || !corners || scores2.length !== PRIOR_COUNT * 2 || corners.length !== PRIOR_COUNT * 4) {
      throw new ModelError(this.model.id, 'detector outputs "scores" [1,4420,2] and "boxes" [1,4420,4] are missing or mis-shaped');
    }
    const scoreThreshold = this.options.scoreThreshold ?? 0.65;
    const candidates = [];
    for (let i = 0; i < PRIOR_COUNT; i++) {
      const score = scores2[i * 2 + 1];
      if (!(score >= scoreThreshold)) continue;
      candidates.push({
        x1: corners[i * 4] * paddedWidth - offsetX,
        y1: corners[i * 4 + 1] * paddedHeight - offsetY,
        x2: corners[i * 4 + 2] * paddedWidth - offsetX,
        y2: corners[i * 4 + 3] * paddedHeight - offsetY,
        score
      });
    }
    const kept = nonMaximumSuppression(candidates, this.options.iouThreshold ?? 0.4);
    const faces = [];
    for (const box of kept) {
      const clipped = clipBox(box, original.width, original.height);
      if (clipped) faces.push(clipped);
    }
    return faces;
  }
};

// packages/core/src/image/affine.ts
function invertAffine(matrix) {
  const [a, b, c, d, e, f] = matrix;
  const determinant = a * e - b * d;
  if (Math.abs(determinant) < 1e-12) {
    throw new InvalidArgumentError("affine matrix", "is singular and cannot be inverted");
  }
  const ia = e / determinant;
  const ib = -b / determinant;
  const id = -d / determinant;
  const ie = a / determinant;
  return [ia, ib, -(ia * c + ib * f), id, ie, -(id * c + ie * f)];
}

// packages/core/src/image/rgb-image.ts
var RgbImage = class _RgbImage {
  constructor(width, height, data) {
    this.width = width;
    this.height = height;
    this.data = data;
    if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
      throw new InvalidArgumentError("image size", `expected positive integers, got ${width}x${height}`);
    }
    if (data.length !== width * height * 3) {
      throw new InvalidArgumentError(
        "image data",
        `expected ${width * height * 3} bytes for ${width}x${height} RGB, got ${data.length}`
      );
    }
  }
  /** Builds an RGB image from interleaved pixels with 1 (gray), 2 (gray+alpha), 3 or 4 (RGBA) channels; alpha is dropped. */
  static fromPixels(width, height, pixels, channels) {
    if (pixels.length !== width * height * channels) {
      throw new InvalidArgumentError(
        "pixels",
        `expected ${width * height * channels} bytes for ${width}x${height}x${channels}, got ${pixels.length}`
      );
    }
    const rgb = new Uint8Array(width * height * 3);
    const count = width * height;
    if (channels === 3) {
      rgb.set(pixels);
    } else if (channels === 4) {
      for (let i = 0; i < count; i++) {
        rgb[i * 3] = pixels[i * 4];
        rgb[i * 3 + 1] = pixels[i * 4 + 1];
        rgb[i * 3 + 2] = pixels[i * 4 + 2];
      }
    } else if (channels === 1 || channels === 2) {
      for (let i = 0; i < count; i++) {
        const gray = pixels[i * channels];
        rgb[i * 3] = gray;
        rgb[i * 3 + 1] = gray;
        rgb[i * 3 + 2] = gray;
      }
    } else {
      throw new InvalidArgumentError("channels", `expected 1, 2, 3 or 4, got ${channels}`);
    }
    return new _RgbImage(width, height, rgb);
  }
  /** Returns RGBA pixels, as canvases and PNG encoders expect them. */
  toRgba() {
    const count = this.width * this.height;
    const rgba = new Uint8ClampedArray(count * 4);
    for (let i = 0; i < count; i++) {
      rgba[i * 4] = this.data[i * 3];
      rgba[i * 4 + 1] = this.data[i * 3 + 1];
      rgba[i * 4 + 2] = this.data[i * 3 + 2];
      rgba[i * 4 + 3] = 255;
    }
    return rgba;
  }
  /**
   * Cuts out the rectangle at (x, y) of the given size. Parts outside the
   * image are filled with zeros, so a face cut by the border keeps its
   * geometry.
   */
  crop(x, y, width, height) {
    const left = Math.round(x);
    const top = Math.round(y);
    const out = new Uint8Array(width * height * 3);
    for (let row = 0; row < height; row++) {
      const sourceRow = top + row;
      if (sourceRow < 0 || sourceRow >= this.height) continue;
      const from = Math.max(0, left);
      const to = Math.min(this.width, left + width);
      if (to <= from) continue;
      out.set(
        this.data.subarray((sourceRow * this.width + from) * 3, (sourceRow * this.width + to) * 3),
        (row * width + (from - left)) * 3
      );
    }
    return new _RgbImage(width, height, out);
  }
  /** Adds a zero border of the given widths in pixels. */
  pad(left, top, right, bottom) {
    return this.crop(-left, -top, this.width + left + right, this.height + top + bottom);
  }
  /**
   * Resizes with bilinear interpolation. For reductions of 2x or more the
   * image is first averaged over integer blocks, because bilinear sampling
   * alone skips most source pixels and aliases fine detail.
   */
  resize(width, height) {
    if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
      throw new InvalidArgumentError("resize size", `expected positive integers, got ${width}x${height}`);
    }
    let source = this;
    const blockX = Math.floor(this.width / width);
    const blockY = Math.floor(this.height / height);
    if (blockX >= 2 || blockY >= 2) {
      source = this.averageBlocks(Math.max(1, blockX), Math.max(1, blockY));
    }
    if (source.width === width && source.height === height) return source;
    const scaleX = source.width / width;
    const scaleY = source.height / height;
    const matrix = [scaleX, 0, 0.5 * scaleX - 0.5, 0, scaleY, 0.5 * scaleY - 0.5];
    return source.sample(matrix, width, height, "clamp");
  }
  /**
   * Warps the image with the affine transform `sourceToTarget` onto a
   * `width` x `height` canvas; target pixels that map outside the source
   * are zero.
   */
  warpAffine(sourceToTarget, width, height) {
    return this.sample(invertAffine(sourceToTarget), width, height, "zero");
  }
  averageBlocks(blockX, blockY) {
    const width = Math.floor(this.width / blockX);
    const height = Math.floor(this.height / blockY);
    const out = new Uint8Array(width * height * 3);
    const sums = new Uint32Array(width * 3);
    const area = blockX * blockY;
    for (let y = 0; y < height; y++) {
      sums.fill(0);
      for (let dy = 0; dy < blockY; dy++) {
        const rowStart = (y * blockY + dy) * this.width * 3;
        for (let x = 0; x < width; x++) {
          let offset = rowStart + x * blockX * 3;
          for (let dx = 0; dx < blockX; dx++) {
            sums[x * 3] += this.data[offset];
            sums[x * 3 + 1] += this.data[offset + 1];
            sums[x * 3 + 2] += this.data[offset + 2];
            offset += 3;
          }
        }
      }
      const outRow = y * width * 3;
      for (let i = 0; i < width * 3; i++) out[outRow + i] = Math.round(sums[i] / area);
    }
    return new _RgbImage(width, height, out);
  }
  /** Bilinear sampling where `targetToSource` maps target pixel centres to source coordinates. */
  sample(targetToSource, width, height, border) {
    const [a, b, c, d, e, f] = targetToSource;
    const out = new Uint8Array(width * height * 3);
    const maxX = this.width - 1;
    const maxY = this.height - 1;
    const source = this.data;
    const stride = this.width * 3;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        let sx = a * x + b * y + c;
        let sy = d * x + e * y + f;
        if (border === "clamp") {
          sx = Math.min(Math.max(sx, 0), maxX);
          sy = Math.min(Math.max(sy, 0), maxY);
        } else if (sx <= -1 || sy <= -1 || sx >= this.width || sy >= this.height) {
          continue;
        }
        const x0 = Math.floor(sx);
        const y0 = Math.floor(sy);
        const fx = sx - x0;
        const fy = sy - y0;
        const w00 = (1 - fx) * (1 - fy);
        const w01 = fx * (1 - fy);
        const w10 = (1 - fx) * fy;
        const w11 = fx * fy;
        const in00 = x0 >= 0 && y0 >= 0;
        const in01 = x0 + 1 <= maxX && y0 >= 0;
        const in10 = x0 >= 0 && y0 + 1 <= maxY;
        const in11 = x0 + 1 <= maxX && y0 + 1 <= maxY;
        const o00 = y0 * stride + x0 * 3;
        const o10 = o00 + stride;
        const target = (y * width + x) * 3;
        for (let ch = 0; ch < 3; ch++) {
          let value = 0;
          if (in00) value += w00 * source[o00 + ch];
          if (in01) value += w01 * source[o00 + 3 + ch];
          if (in10) value += w10 * source[o10 + ch];
          if (in11) value += w11 * source[o10 + 3 + ch];
          out[target + ch] = Math.round(value);
        }
      }
    }
    return new _RgbImage(width, height, out);
  }
};

// packages/core/src/embedding/embedder.ts
function mirror(face) {
  const out = new Uint8Array(face.data.length);
  for (let y = 0; y < face.height; y++) {
    for (let x = 0; x < face.width; x++) {
      const from = (y * face.width + x) * 3;
      const to = (y * face.width + (face.width - 1 - x)) * 3;
      out[to] = face.data[from];
      out[to + 1] = face.data[from + 1];
      out[to + 2] = face.data[from + 2];
    }
  }
  return new RgbImage(face.width, face.height, out);
}
var FaceEmbedder = class {
  constructor(session, model, options = {}) {
    this.session = session;
    this.model = model;
    this.options = options;
    this.dim = Number(model.output.shape?.[1] ?? 512);
  }
  dim;
  /**
   * Embeds faces in batches; returns one unit-length vector per face, packed
   * row-major into a single (faces x dim) array.
   */
  async embed(faces, sources = []) {
    const out = new Float32Array(faces.length * this.dim);
    const batchSize = Math.max(1, this.options.batchSize ?? 16);
    for (let start = 0; start < faces.length; start += batchSize) {
      const batch = faces.slice(start, start + batchSize);
      batch.forEach((face, index) => {
        if (face.width !== ALIGNED_FACE_SIZE || face.height !== ALIGNED_FACE_SIZE) {
          throw new InvalidArgumentError(`faces[${start + index}]`, `must be an aligned 112x112 face, got ${face.width}x${face.height}`);
        }
      });
      const raw = await this.infer(batch);
      if (this.options.flipTest) {
        const mirrored = await this.infer(batch.map(mirror));
        for (let i = 0; i < raw.length; i++) raw[i] += mirrored[i];
      }
      for (let row = 0; row < batch.length; row++) {
        const source = sources[start + row] ?? `face ${start + row}`;
        const vector = normaliseEmbedding(raw.subarray(row * this.dim, (row + 1) * this.dim), source);
        out.set(vector, (start + row) * this.dim);
      }
    }
    return out;
  }
  async infer(batch) {
    const tensor = ImageTensor.fromImages(batch, { mean: 127, divisor: 128 });
    const outputs = await runSession(this.session, this.model, "input", tensor.toNCHW(), [batch.length, 3, ALIGNED_FACE_SIZE, ALIGNED_FACE_SIZE]);
    const raw = outputs.output?.data;
    if (!raw || raw.length !== batch.length * this.dim) {
      throw new ModelError(this.model.id, `expected output [${batch.length}, ${this.dim}], got ${raw?.length ?? "none"} values`);
    }
    return new Float32Array(raw);
  }
};
function normaliseEmbedding(raw, source) {
  let sumOfSquares = 0;
  for (let i = 0; i < raw.length; i++) {
    const value = raw[i];
    if (!Number.isFinite(value)) {
      throw new NonFiniteEmbeddingError(source, `embedding component ${i} is ${value}; the face or the model output is invalid`);
    }
    sumOfSquares += value * value;
  }
  const norm = Math.sqrt(sumOfSquares);
  if (!(norm > 1e-12) || !Number.isFinite(norm)) {
    throw new NonFiniteEmbeddingError(source, `embedding has length ${norm} and cannot be normalised`);
  }
  const out = new Float32Array(raw.length);
  for (let i = 0; i < raw.length; i++) out[i] = raw[i] / norm;
  return out;
}

// packages/core/src/landmarks/landmarker.ts
var INPUT_SIZE = 64;
var POINT_COUNT = 68;
var LandmarkDetector = class {
  constructor(session, model) {
    this.session = session;
    this.model = model;
  }
  /**
   * Returns 68 landmarks in image pixels. The crop is a square of side equal
   * to the box height, centred on the box; points stay fractional, because
   * rounding them to whole pixels measurably hurts the alignment.
   */
  async locate(image, box) {
    const side = box.y2 - box.y1;
    const left = (box.x1 + box.x2) / 2 - side / 2;
    const top = box.y1;
    const cropSide = Math.max(1, Math.round(side));
    const crop = image.crop(left, top, cropSide, cropSide).resize(INPUT_SIZE, INPUT_SIZE);
    const tensor = ImageTensor.fromImages([crop], { mean: 0, divisor: 256 }, "gray");
    const outputs = await runSession(this.session, this.model, "input", tensor.toNCHW(), [1, 1, INPUT_SIZE, INPUT_SIZE]);
    const values = outputs.output?.data;
    if (!values || values.length !== POINT_COUNT * 2) {
      throw new ModelError(this.model.id, 'landmark output "output" [1,136] is missing or mis-shaped');
    }
    const originX = Math.round(left);
    const originY = Math.round(top);
    const points = [];
    for (let i = 0; i < POINT_COUNT; i++) {
      points.push({ x: originX + values[i * 2] * cropSide, y: originY + values[i * 2 + 1] * cropSide });
    }
    return points;
  }
};
function mean(points, indices) {
  let x = 0;
  let y = 0;
  for (const index of indices) {
    x += points[index].x;
    y += points[index].y;
  }
  return { x: x / indices.length, y: y / indices.length };
}
function fivePoints(landmarks) {
  if (landmarks.length !== POINT_COUNT) {
    throw new RangeError(`expected 68 landmarks, got ${landmarks.length}`);
  }
  return [
    mean(landmarks, [37, 38, 40, 41]),
    mean(landmarks, [43, 44, 46, 47]),
    landmarks[30],
    mean(landmarks, [48, 60]),
    mean(landmarks, [54, 64])
  ];
}

// models/manifest.json
var manifest_default = {
  manifestVersion: 1,
  preprocessingVersion: 1,
  models: [
    {
      id: "faceplugin-detect-rfb320",
      role: "detector",
      file: "fr_detect.onnx",
      sha256: "6c0256ccd3164f844736a401faf936ec2930764a87ae39442180887d0c5c8854",
      source: {
        package: "faceplugin-face-recognition-js",
        version: "0.0.1",
        file: "model/fr_detect.onnx",
        sha256: "6c0256ccd3164f844736a401faf936ec2930764a87ae39442180887d0c5c8854"
      },
      licence: "MIT (npm package licence; the origin of the weights and their training data is not documented)",
      architecture: "Ultra-light RFB-320 SSD-style detector, 4420 prior boxes over strides 8/16/32/64; the exported graph already decodes the priors",
      input: {
        name: "input",
        shape: [
          1,
          3,
          240,
          320
        ],
        layout: "NCHW",
        colour: "RGB",
        normalisation: "(p - 127) / 128",
        resize: "pad to 4:3 with zeros (right and bottom), then bilinear resize to 320x240"
      },
      output: {
        scores: {
          shape: [
            1,
            4420,
            2
          ],
          meaning: "softmax [background, face]"
        },
        boxes: {
          shape: [
            1,
            4420,
            4
          ],
          meaning: "corner coordinates x1, y1, x2, y2 in [0, 1] of the padded frame"
        }
      },
      defaults: {
        scoreThreshold: 0.65,
        nmsIoU: 0.4
      }
    },
    {
      id: "faceplugin-landmark68",
      role: "landmarks",
      file: "fr_landmark.onnx",
      sha256: "f10b0ba1d2a8a099adefede1ebf3733e44fe370715e7303dbeb7f59c02142258",
      source: {
        package: "faceplugin-face-recognition-js",
        version: "0.0.1",
        file: "model/fr_landmark.onnx",
        sha256: "f10b0ba1d2a8a099adefede1ebf3733e44fe370715e7303dbeb7f59c02142258"
      },
      licence: "MIT (npm package licence; the origin of the weights and their training data is not documented)",
      architecture: "68-point landmark regressor (iBUG 300-W point order)",
      input: {
        name: "input",
        shape: [
          1,
          1,
          64,
          64
        ],
        layout: "NCHW",
        colour: "gray = 0.299 R + 0.587 G + 0.114 B",
        normalisation: "gray / 256",
        resize: "square box with side = detector box height, centred on the box, bilinear resize to 64x64"
      },
      output: {
        output: {
          shape: [
            1,
            136
          ],
          meaning: "68 (x, y) pairs in units of the square box, 0 = left/top edge, 1 = right/bottom edge"
        }
      }
    },
    {
      id: "faceplugin-mobilefacenet-512",
      role: "embedder",
      file: "fr_feature_batched.onnx",
      sha256: "f5c4ddaf275987e289f49c1f21843ff9c9104522b106d168a74a685693b573fb",
      prepare: "batch-dynamic",
      source: {
        package: "faceplugin-face-recognition-js",
        version: "0.0.1",
        file: "model/fr_feature.onnx",
        sha256: "87aacdfe57510db2af90c0251df680e8eec88f122ee94712121d09bcaaaf3581"
      },
      licence: "MIT (npm package licence; the origin of the weights and their training data is not documented)",
      architecture: "MobileFaceNet-like (Conv, PRelu, Add), ONNX opset 9",
      input: {
        name: "input",
        shape: [
          "N",
          3,
          112,
          112
        ],
        layout: "NCHW",
        colour: "RGB",
        normalisation: "(p - 127) / 128",
        alignment: "5-point least-squares similarity transform onto the 112x112 ArcFace reference, bilinear warp"
      },
      output: {
        name: "output",
        shape: [
          "N",
          512
        ],
        meaning: "embedding, L2-normalised by the library"
      },
      threshold: {
        metric: "squaredL2",
        value: 1.33,
        calibration: "Threshold at FAR 1e-3 over every probe x gallery pair of lfw-gray identification.tsv restricted to identities absent from pairs.tsv (419 identities, 141 same-person and 58797 different-person pairs): 1.326, rounded to 1.33. Command: facegate eval --images DIR --exclude pairs.tsv identification.tsv"
      }
    }
  ]
};

// packages/core/src/runtime/manifest.ts
var manifest = manifest_default;
function modelForRole(role) {
  const entry = manifest.models.find((model) => model.role === role);
  if (!entry) throw new Error(`models/manifest.json has no ${role} model`);
  return entry;
}

// packages/core/src/pipeline.ts
var FacePipeline = class _FacePipeline {
  constructor(detector, landmarker, embedder) {
    this.detector = detector;
    this.landmarker = landmarker;
    this.embedder = embedder;
  }
  static async create(options) {
    const detectorModel = modelForRole("detector");
    const landmarkModel = modelForRole("landmarks");
    const embedderModel = modelForRole("embedder");
    const [detectorSession, landmarkSession, embedderSession] = await Promise.all([
      createSession(detectorModel, options.loader, options),
      createSession(landmarkModel, options.loader, options),
      createSession(embedderModel, options.loader, options)
    ]);
    return new _FacePipeline(
      new FaceDetector(detectorSession, detectorModel, options),
      new LandmarkDetector(landmarkSession, landmarkModel),
      new FaceEmbedder(embedderSession, embedderModel, { batchSize: options.batchSize, flipTest: options.flipTest })
    );
  }
  /** Identifier of the embedding model; galleries record it so vectors of different models never mix. */
  get modelId() {
    return this.embedder.model.id;
  }
  get dim() {
    return this.embedder.dim;
  }
  get preprocessingVersion() {
    return manifest.preprocessingVersion;
  }
  /**
   * Finds, aligns and embeds every face in the photo, largest first.
   * Returns an empty list for a photo without faces.
   */
  async analyse(image, source = "<image>") {
    const boxes = (await this.detector.detect(image)).sort((a, b) => boxArea(b) - boxArea(a));
    if (boxes.length === 0) return [];
    const landmarkSets = [];
    for (const box of boxes) landmarkSets.push(await this.landmarker.locate(image, box));
    const pointSets = landmarkSets.map(fivePoints);
    const alignedFaces = pointSets.map((points) => alignFace(image, points));
    const sources = boxes.map((_, index) => `${source} face ${index}`);
    const embeddings = await this.embedder.embed(alignedFaces, sources);
    return boxes.map((box, index) => ({
      index,
      box,
      landmarks: landmarkSets[index],
      alignmentPoints: pointSets[index],
      aligned: alignedFaces[index],
      embedding: embeddings.slice(index * this.dim, (index + 1) * this.dim)
    }));
  }
};

// packages/core/src/distance.ts
function checkLengths(a, b) {
  if (a.length !== b.length) {
    throw new InvalidArgumentError("vectors", `lengths differ: ${a.length} and ${b.length}`);
  }
}
function squaredL2(a, b) {
  checkLengths(a, b);
  let sum = 0;
  for (let i = 0; i < a.length; i++) {
    const difference = a[i] - b[i];
    sum += difference * difference;
  }
  return sum;
}

// packages/core/src/evaluation/verification.ts
function evaluateVerification(scores2, options = {}) {
  const positives = scores2.filter((score) => score.same).length;
  const negatives = scores2.length - positives;
  if (positives === 0 || negatives === 0) {
    throw new InvalidArgumentError("pairs", `need same-person and different-person pairs, got ${positives} and ${negatives}`);
  }
  for (const [index, score] of scores2.entries()) {
    if (!Number.isFinite(score.distance)) throw new InvalidArgumentError(`pairs[${index}]`, `distance is ${score.distance}`);
  }
  const sorted = [...scores2].sort((a, b) => a.distance - b.distance);
  const roc = [{ threshold: -Infinity, tar: 0, far: 0 }];
  let acceptedSame = 0;
  let acceptedDifferent = 0;
  let bestCorrect = negatives;
  let bestThreshold = sorted[0].distance / 2;
  for (let i = 0; i < sorted.length; ) {
    const distance2 = sorted[i].distance;
    while (i < sorted.length && sorted[i].distance === distance2) {
      if (sorted[i].same) acceptedSame++;
      else acceptedDifferent++;
      i++;
    }
    roc.push({ threshold: distance2, tar: acceptedSame / positives, far: acceptedDifferent / negatives });
    const correct = acceptedSame + (negatives - acceptedDifferent);
    if (correct > bestCorrect) {
      bestCorrect = correct;
      bestThreshold = i < sorted.length ? (distance2 + sorted[i].distance) / 2 : distance2;
    }
  }
  let auc = 0;
  for (let i = 1; i < roc.length; i++) {
    auc += (roc[i].far - roc[i - 1].far) * (roc[i].tar + roc[i - 1].tar) / 2;
  }
  const tarAtFar = (options.farTargets ?? [0.01, 1e-3]).map((farTarget) => {
    let best = roc[0];
    for (const point of roc) if (point.far <= farTarget && point.tar >= best.tar) best = point;
    return { farTarget, tar: best.tar, threshold: best.threshold };
  });
  const { eer, eerThreshold } = equalErrorRate(roc);
  const report = {
    positives,
    negatives,
    auc,
    bestAccuracy: bestCorrect / scores2.length,
    bestThreshold,
    tarAtFar,
    eer,
    eerThreshold,
    roc
  };
  if (options.threshold === void 0) return report;
  const threshold = options.threshold;
  const tar = scores2.filter((score) => score.same && score.distance <= threshold).length / positives;
  const far = scores2.filter((score) => !score.same && score.distance <= threshold).length / negatives;
  const accuracy = (tar * positives + (1 - far) * negatives) / scores2.length;
  return { ...report, atThreshold: { threshold, accuracy, tar, far } };
}
function equalErrorRate(roc) {
  for (let i = 1; i < roc.length; i++) {
    const previous = roc[i - 1];
    const current = roc[i];
    const gapBefore = 1 - previous.tar - previous.far;
    const gapAfter = 1 - current.tar - current.far;
    if (gapAfter <= 0) {
      const weight = gapBefore === gapAfter ? 0 : gapBefore / (gapBefore - gapAfter);
      const eer = previous.far + weight * (current.far - previous.far);
      const from = Number.isFinite(previous.threshold) ? previous.threshold : current.threshold;
      return { eer, eerThreshold: from + weight * (current.threshold - from) };
    }
  }
  const last = roc[roc.length - 1];
  return { eer: last.far, eerThreshold: last.threshold };
}

// packages/core/src/image/decode-node.ts
import { readFile as readFile2 } from "node:fs/promises";
import sharp from "sharp";

// packages/core/src/image/header.ts
function readImageHeader(bytes, source) {
  if (bytes.length === 0) {
    throw new ImageDecodeError("empty", source, "file is empty (0 bytes)");
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const ascii = (start, length) => String.fromCharCode(...bytes.subarray(start, start + length));
  if (bytes.length >= 3 && bytes[0] === 255 && bytes[1] === 216 && bytes[2] === 255) {
    return readJpegHeader(bytes, view, source);
  }
  if (bytes.length >= 8 && ascii(1, 3) === "PNG" && bytes[0] === 137) {
    if (bytes.length < 24 || ascii(12, 4) !== "IHDR") {
      throw new ImageDecodeError("truncated", source, "PNG file ends before its IHDR header");
    }
    return { format: "png", width: view.getUint32(16), height: view.getUint32(20) };
  }
  if (bytes.length >= 6 && (ascii(0, 6) === "GIF87a" || ascii(0, 6) === "GIF89a")) {
    if (bytes.length < 10) throw new ImageDecodeError("truncated", source, "GIF file ends inside its header");
    return { format: "gif", width: view.getUint16(6, true), height: view.getUint16(8, true) };
  }
  if (bytes.length >= 12 && ascii(0, 4) === "RIFF" && ascii(8, 4) === "WEBP") {
    return readWebpHeader(bytes, view, source);
  }
  if (bytes.length >= 2 && ascii(0, 2) === "BM") {
    if (bytes.length < 26) throw new ImageDecodeError("truncated", source, "BMP file ends inside its header");
    return { format: "bmp", width: Math.abs(view.getInt32(18, true)), height: Math.abs(view.getInt32(22, true)) };
  }
  throw new ImageDecodeError(
    "not-an-image",
    source,
    "is not a JPEG, PNG, GIF, WebP or BMP image (unrecognised file signature)"
  );
}
function readJpegHeader(bytes, view, source) {
  let offset = 2;
  while (offset + 4 <= bytes.length) {
    if (bytes[offset] !== 255) {
      throw new ImageDecodeError("decode-failed", source, `corrupt JPEG: expected a marker at byte ${offset}`);
    }
    const marker = bytes[offset + 1];
    if (marker === 255) {
      offset += 1;
      continue;
    }
    if (marker === 1 || marker >= 208 && marker <= 215) {
      offset += 2;
      continue;
    }
    const length = view.getUint16(offset + 2);
    const isStartOfFrame = marker >= 192 && marker <= 207 && marker !== 196 && marker !== 200 && marker !== 204;
    if (isStartOfFrame) {
      if (offset + 9 > bytes.length) break;
      return { format: "jpeg", height: view.getUint16(offset + 5), width: view.getUint16(offset + 7) };
    }
    if (marker === 218 || marker === 217) {
      throw new ImageDecodeError("decode-failed", source, "corrupt JPEG: image data starts before any frame header");
    }
    offset += 2 + length;
  }
  throw new ImageDecodeError("truncated", source, "JPEG file ends before its frame header (truncated beyond recovery)");
}
function readWebpHeader(bytes, view, source) {
  const chunk = String.fromCharCode(...bytes.subarray(12, 16));
  if (chunk === "VP8X" && bytes.length >= 30) {
    const width = 1 + (bytes[24] | bytes[25] << 8 | bytes[26] << 16);
    const height = 1 + (bytes[27] | bytes[28] << 8 | bytes[29] << 16);
    return { format: "webp", width, height };
  }
  if (chunk === "VP8 " && bytes.length >= 30) {
    return { format: "webp", width: view.getUint16(26, true) & 16383, height: view.getUint16(28, true) & 16383 };
  }
  if (chunk === "VP8L" && bytes.length >= 25) {
    const bits = view.getUint32(21, true);
    return { format: "webp", width: (bits & 16383) + 1, height: (bits >> 14 & 16383) + 1 };
  }
  throw new ImageDecodeError("truncated", source, "WebP file ends inside its header");
}

// packages/core/src/image/limits.ts
var DEFAULT_MAX_PIXELS = 5e7;
function checkImageHeader(bytes, source, options = {}) {
  const maxPixels = options.maxPixels ?? DEFAULT_MAX_PIXELS;
  const header = readImageHeader(bytes, source);
  if (header.width === 0 || header.height === 0) {
    throw new ImageDecodeError("decode-failed", source, `declares an empty ${header.width}x${header.height} image`);
  }
  const pixels = header.width * header.height;
  if (pixels > maxPixels) {
    throw new ImageDecodeError(
      "too-large",
      source,
      `declares ${header.width}x${header.height} = ${pixels} pixels, above the limit of ${maxPixels} (raise maxPixels to accept it)`
    );
  }
  return header;
}

// packages/core/src/image/decode-node.ts
async function decodeImage(bytes, source = "<buffer>", options = {}) {
  const header = checkImageHeader(bytes, source, options);
  try {
    const { data, info } = await sharp(bytes, {
      // The header check above already enforces the limit; sharp's own check
      // stays as a second guard for formats whose header we read loosely.
      limitInputPixels: header.width * header.height + 1,
      // Accept recoverable damage (a JPEG cut inside its scan data decodes
      // with its missing rows grey); reject what libvips calls an error.
      failOn: "error"
    }).rotate().flatten({ background: "#000000" }).toColourspace("srgb").raw({ depth: "uchar" }).toBuffer({ resolveWithObject: true });
    return RgbImage.fromPixels(info.width, info.height, new Uint8Array(data.buffer, data.byteOffset, data.byteLength), info.channels);
  } catch (error) {
    if (error instanceof ImageDecodeError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    const truncated = /premature end|truncated|unexpected end|read error|not enough data/i.test(message);
    throw new ImageDecodeError(
      truncated ? "truncated" : "decode-failed",
      source,
      `${header.format.toUpperCase()} decoding failed: ${message.split("\n")[0]}`,
      { cause: error }
    );
  }
}
async function readImageFile(path, options = {}) {
  let bytes;
  try {
    bytes = await readFile2(path);
  } catch (error) {
    const code = error.code;
    throw new ImageDecodeError("unreadable", path, `cannot read file (${code ?? String(error)})`, { cause: error });
  }
  return decodeImage(bytes, path, options);
}

// packages/core/src/batch/analyse-photo.ts
async function analysePhoto(pipeline, path, maxPixels) {
  try {
    const image = await readImageFile(path, { maxPixels });
    return { path, faces: await pipeline.analyse(image, path) };
  } catch (error) {
    if (error instanceof FacegateError) return { path, error };
    throw error;
  }
}
function isFailure(result) {
  return "error" in result;
}

// packages/core/src/batch/embedding-cache.ts
import { readFile as readFile3, rename, stat, writeFile } from "node:fs/promises";
import { resolve } from "node:path";
var EmbeddingCache = class _EmbeddingCache {
  constructor(path, entries) {
    this.path = path;
    this.entries = entries;
  }
  dirty = false;
  static async open(path) {
    const entries = /* @__PURE__ */ new Map();
    if (path) {
      try {
        const stored = JSON.parse(await readFile3(path, "utf8"));
        for (const [key, entry] of Object.entries(stored)) entries.set(key, entry);
      } catch {
      }
    }
    return new _EmbeddingCache(path, entries);
  }
  static async keyFor(photo, modelId) {
    const absolute = resolve(photo);
    const info = await stat(absolute);
    return `${modelId}|${absolute}|${info.size}|${info.mtimeMs}`;
  }
  get(key) {
    const entry = this.entries.get(key);
    if (!entry) return void 0;
    if (entry.embedding === null) return null;
    const bytes = Buffer.from(entry.embedding, "base64");
    return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  }
  set(key, embedding) {
    const encoded = embedding === null ? null : Buffer.from(embedding.buffer, embedding.byteOffset, embedding.byteLength).toString("base64");
    this.entries.set(key, { embedding: encoded });
    this.dirty = true;
  }
  async save() {
    if (!this.path || !this.dirty) return;
    const temporary = `${this.path}.${process.pid}.tmp`;
    await writeFile(temporary, JSON.stringify(Object.fromEntries(this.entries)));
    await rename(temporary, this.path);
    this.dirty = false;
  }
};

// packages/core/src/batch/embed-photos.ts
async function embedPhotos(pipeline, paths2, options = {}) {
  const cache = await EmbeddingCache.open(options.cachePath);
  const results = /* @__PURE__ */ new Map();
  let done = 0;
  for (const path of paths2) {
    const key = await EmbeddingCache.keyFor(path, pipeline.modelId).catch(() => void 0);
    const cached = key === void 0 ? void 0 : cache.get(key);
    if (cached !== void 0) {
      results.set(path, { path, embedding: cached });
    } else {
      const analysed = await analysePhoto(pipeline, path, options.maxPixels);
      if (isFailure(analysed)) {
        results.set(path, { path, embedding: null, error: analysed.error });
      } else {
        const embedding = analysed.faces[0]?.embedding ?? null;
        results.set(path, { path, embedding });
        if (key !== void 0) cache.set(key, embedding);
      }
    }
    done++;
    options.onProgress?.(done, paths2.length);
    if (done % 200 === 0) await cache.save();
  }
  await cache.save();
  return results;
}

// packages/cli/src/tsv.ts
import { readFile as readFile4 } from "node:fs/promises";

// packages/kernels/src/quantize.ts
var conversionView = new DataView(new ArrayBuffer(4));

// packages/kernels/src/wasm/shard-kernels.ts
var SCRATCH_BYTES = 32 * 1024 * 1024;

// packages/kernels/src/wasm/wasm-backend.ts
var DEFAULT_MAX_SHARD_BYTES = 1024 * 1024 * 1024;

// packages/kernels/src/webgpu/device.ts
var DEFAULT_MAX_CHUNK_BYTES = 128 * 1024 * 1024;

// packages/kernels/src/webgpu/topk.ts
var LIST_LENGTHS = [4, 16, 64];
var MAX_FUSED_K = LIST_LENGTHS[LIST_LENGTHS.length - 1];

// packages/cli/src/tsv.ts
async function readTsv(path) {
  let text;
  try {
    text = await readFile4(path, "utf8");
  } catch (error) {
    throw new FacegateError(`${path}: cannot read file (${error.code ?? String(error)})`);
  }
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== "");
  if (lines.length === 0) throw new FacegateError(`${path}: file is empty; expected a header row`);
  const columns = lines[0].split("	").map((column) => column.trim());
  const rows = lines.slice(1).map((line, index) => {
    const cells = line.split("	");
    if (cells.length !== columns.length) {
      throw new FacegateError(`${path}: line ${index + 2} has ${cells.length} columns, expected ${columns.length}`);
    }
    return Object.fromEntries(columns.map((column, i) => [column, cells[i].trim()]));
  });
  return { columns, rows };
}

// .tmp/probe2.ts
var dir = "/work/shared/fixtures/lfw-gray/";
var p = await FacePipeline.create({ loader: nodeModelLoader(), threads: 2, flipTest: true });
var pairs = (await readTsv(dir + "pairs.tsv")).rows;
var ident = (await readTsv(dir + "identification.tsv")).rows;
var paths = [.../* @__PURE__ */ new Set([...pairs.flatMap((r) => [r.image_a, r.image_b]), ...ident.map((r) => r.image)])].map((f) => dir + "images/" + f);
var t = performance.now();
var emb = await embedPhotos(p, paths, { cachePath: "/work/main/.tmp/lfw-flip.json", onProgress: (d, n) => {
  if (d % 250 === 0) console.log(d, n, ((performance.now() - t) / d).toFixed(1) + " ms/photo");
} });
var noFace = 0;
for (const e of emb.values()) if (!e.embedding) noFace++;
console.log("no face", noFace);
var scores = pairs.map((r) => {
  const a = emb.get(dir + "images/" + r.image_a).embedding, b = emb.get(dir + "images/" + r.image_b).embedding;
  return { distance: a && b ? squaredL2(a, b) : 4, same: r.same_person === "1" };
});
var rep = evaluateVerification(scores, { threshold: 1.49 });
console.log(JSON.stringify({ ...rep, roc: void 0 }, null, 1));
