import type { DetectedFace, FacePipeline } from '../pipeline.js';
import { FacegateError } from '../errors.js';
import { readImageFile } from '../image/decode-node.js';

export interface PhotoFaces {
  readonly path: string;
  readonly faces: readonly DetectedFace[];
}

export interface PhotoFailure {
  readonly path: string;
  readonly error: Error;
}

/** Decodes and analyses one photo; a bad file becomes a failure record instead of an exception. */
export async function analysePhoto(pipeline: FacePipeline, path: string, maxPixels?: number): Promise<PhotoFaces | PhotoFailure> {
  try {
    const image = await readImageFile(path, { maxPixels });
    return { path, faces: await pipeline.analyse(image, path) };
  } catch (error) {
    if (error instanceof FacegateError) return { path, error };
    throw error;
  }
}

export function isFailure(result: PhotoFaces | PhotoFailure): result is PhotoFailure {
  return 'error' in result;
}

