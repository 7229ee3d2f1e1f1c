import type { InferenceSession } from 'onnxruntime-web';
import { InvalidArgumentError, ModelError, NonFiniteEmbeddingError } from '../errors.js';
import { ImageTensor } from '../image/image-tensor.js';
import type { RgbImage } from '../image/rgb-image.js';
import type { ModelEntry } from '../runtime/manifest.js';
import { runSession } from '../runtime/onnx.js';
import { ALIGNED_FACE_SIZE } from '../alignment/similarity.js';

export interface EmbedderOptions {
  /** Faces per inference call. Default 16. */
  readonly batchSize?: number;
}

/** Maps aligned 112x112 faces to L2-normalised embeddings. */
export class FaceEmbedder {
  readonly dim: number;

  constructor(
    private readonly session: InferenceSession,
    readonly model: ModelEntry,
    private readonly options: EmbedderOptions = {},
  ) {
    this.dim = Number(model.output.shape?.[1] ?? 512);
  }

  /**
   * Embeds faces in batches; returns one unit-length vector per face, packed
   * row-major into a single (faces x dim) array.
   */
  async embed(faces: readonly RgbImage[], sources: readonly string[] = []): Promise<Float32Array> {
    const out = new Float32Array(faces.length * this.dim);
    const batchSize = Math.max(1, this.options.batchSize ?? 16);
    for (let start = 0; start < faces.length; start += batchSize) {
      const batch = faces.slice(start, start + batchSize);
      batch.forEach((face, index) => {
        if (face.width !== ALIGNED_FACE_SIZE || face.height !== ALIGNED_FACE_SIZE) {
          throw new InvalidArgumentError(`faces[${start + index}]`, `must be an aligned 112x112 face, got ${face.width}x${face.height}`);
        }
      });
      const tensor = ImageTensor.fromImages(batch, { mean: 127, divisor: 128 });
      const outputs = await runSession(this.session, this.model, 'input', tensor.toNCHW(), [batch.length, 3, ALIGNED_FACE_SIZE, ALIGNED_FACE_SIZE]);
      const raw = outputs.output?.data as Float32Array | undefined;
      if (!raw || raw.length !== batch.length * this.dim) {
        throw new ModelError(this.model.id, `expected output [${batch.length}, ${this.dim}], got ${raw?.length ?? 'none'} values`);
      }
      for (let row = 0; row < batch.length; row++) {
        const source = sources[start + row] ?? `face ${start + row}`;
        const vector = normaliseEmbedding(raw.subarray(row * this.dim, (row + 1) * this.dim), source);
        out.set(vector, (start + row) * this.dim);
      }
    }
    return out;
  }
}

/** Scales a raw network output to unit length, rejecting NaN, infinities and zero vectors. */
export function normaliseEmbedding(raw: Float32Array, source: string): Float32Array {
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
