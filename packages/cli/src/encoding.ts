import { type DetectedFace, type FacePipeline, defaultThreshold } from '@facegate/core';
import { type ProjectionHead, headModelId } from '@facegate/train';
import { readHeadFile } from '@facegate/train/node';
import { UsageError } from './options.js';

/**
 * The vectors a command compares: the embedder's own embeddings, or their
 * projection through a head trained by `facegate train-head`. Galleries are
 * stored under `modelId` (for a head: `<embedder>+head-<name>@<sha256 prefix>`),
 * so vectors of different encodings never mix.
 */
export interface Encoding {
  readonly modelId: string;
  readonly dim: number;
  readonly preprocessingVersion: string;
  /** Squared-L2 accept threshold: --threshold, else the head's or the manifest's calibrated value. */
  readonly threshold: number;
  /** Head file and its sha256, when a head is in use. */
  readonly head?: { readonly path: string; readonly sha256: string };
  /** Returns the faces with their embeddings in this encoding. */
  encode(faces: readonly DetectedFace[]): DetectedFace[];
  /** Returns one embedding in this encoding. */
  encodeVector(embedding: Float32Array): Float32Array;
}

export async function loadEncoding(pipeline: FacePipeline, options: { head?: string; threshold?: number }): Promise<Encoding> {
  const preprocessingVersion = String(pipeline.preprocessingVersion);
  if (!options.head) {
    return {
      modelId: pipeline.modelId,
      dim: pipeline.dim,
      preprocessingVersion,
      threshold: options.threshold ?? defaultThreshold(),
      encode: (faces) => [...faces],
      encodeVector: (embedding) => embedding,
    };
  }

  const decoded = await readHeadFile(options.head, { sourceModelId: pipeline.modelId });
  const threshold = options.threshold ?? decoded.header.threshold?.value;
  if (threshold === undefined) {
    throw new UsageError(`${options.head}: the head file has no calibrated threshold; pass --threshold`);
  }
  const head: ProjectionHead = decoded.head;
  return {
    // The sha256 prefix distinguishes heads that share a name but not their weights.
    modelId: `${headModelId(decoded.header)}@${decoded.sha256.slice(0, 12)}`,
    dim: head.outputDim,
    preprocessingVersion,
    threshold,
    head: { path: options.head, sha256: decoded.sha256 },
    encode: (faces) => faces.map((face) => ({ ...face, embedding: head.project(face.embedding) })),
    encodeVector: (embedding) => head.project(embedding),
  };
}
