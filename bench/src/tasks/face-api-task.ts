// Child task of the anchor suite: the same photos through @vladmandic/face-api
// 1.7.15 on tfjs 4.22 in Node (its node-wasm bundle). The stages are timed as
// the embedding suite times facegate's: SSD MobileNet v1 detection, 68-point
// landmarks, alignment and the 128-d recognition network. face-api aligns by
// cropping the box its landmarks give, without rotating the face.

import { createRequire } from 'node:module';
import { join } from 'node:path';
import { readImageFile } from '@facegate/core/node';
import { faceApiRoot } from '../data/face-api-package.js';
import type { EmbeddingRow, FaceStage } from '../results.js';
import { describeError } from '../run/describe-error.js';
import { progress } from '../run/log.js';
import type { MeasureSettings } from '../settings.js';
import { measureStage, unavailableStages } from './stage-row.js';

export interface FaceApiTaskInput {
  /** tfjs backend: `wasm` (WebAssembly SIMD) or `cpu` (plain JavaScript). */
  backend: 'wasm' | 'cpu';
  threads: number;
  batches: number[];
  faces: number;
  photos: string[];
  measure: MeasureSettings;
}

export interface FaceApiTaskOutput {
  rows: EmbeddingRow[];
  facesFound: number;
  /** Threads tfjs-backend-wasm runs with; it runs single-threaded where it finds no thread support. */
  threads?: number;
}

// The parts of face-api and tfjs this task calls; the package's own types describe a browser build.
interface Tensor {
  shape: number[];
  dispose(): void;
}
interface Box {
  x: number;
  y: number;
}
interface Detection {
  box: Box;
}
interface Landmarks {
  shiftBy(x: number, y: number): Landmarks;
  align(): unknown;
}
interface FaceApi {
  tf: {
    setBackend(name: string): Promise<boolean>;
    ready(): Promise<void>;
    tensor3d(values: Int32Array, shape: [number, number, number], dtype: 'int32'): Tensor;
    setThreadsCount?(threads: number): void;
    getThreadsCount?(): number;
    getBackend(): string;
  };
  nets: Record<'ssdMobilenetv1' | 'faceLandmark68Net' | 'faceRecognitionNet', { loadFromDisk(path: string): Promise<void> }> & {
    faceLandmark68Net: { detectLandmarks(face: Tensor): Promise<Landmarks> };
    faceRecognitionNet: { computeFaceDescriptor(faces: Tensor[]): Promise<Float32Array | Float32Array[]> };
  };
  SsdMobilenetv1Options: new (options: { minConfidence: number; maxResults: number }) => unknown;
  detectAllFaces(image: Tensor, options: unknown): Promise<Detection[]>;
  extractFaceTensors(image: Tensor, regions: unknown[]): Promise<Tensor[]>;
}

export async function runFaceApiTask(input: FaceApiTaskInput): Promise<FaceApiTaskOutput> {
  const base = { engine: 'face-api' as const, provider: `tfjs-${input.backend}`, photos: input.photos.length };
  let threads = 1;
  const allRows = (reason: string) => unavailableStages({ ...base, threads }, input.batches, input.faces, reason);

  let faceapi: FaceApi;
  try {
    // NOTE: the bundle requires @tensorflow/tfjs from its own folder, which pnpm resolves through its
    // hoisted node_modules/.pnpm/node_modules (pnpm's default hoist-pattern '*').
    faceapi = createRequire(import.meta.url)(join(faceApiRoot(), 'dist/face-api.node-wasm.js')) as FaceApi;
    if (input.backend === 'wasm') faceapi.tf.setThreadsCount?.(input.threads);
    if (!(await faceapi.tf.setBackend(input.backend))) throw new Error(`tfjs backend ${input.backend} failed to start`);
    await faceapi.tf.ready();
    threads = input.backend === 'wasm' ? (faceapi.tf.getThreadsCount?.() ?? 1) : 1;

    progress(`anchor face-api tfjs-${input.backend}: loading models`);
    const models = join(faceApiRoot(), 'model');
    await faceapi.nets.ssdMobilenetv1.loadFromDisk(models);
    await faceapi.nets.faceLandmark68Net.loadFromDisk(models);
    await faceapi.nets.faceRecognitionNet.loadFromDisk(models);
  } catch (error) {
    return { rows: allRows(describeError(error)), facesFound: 0 };
  }
  const rowBase = { ...base, threads };
  const stageRow = (stage: FaceStage, batch: number, faces: number, run: () => unknown) => measureStage(rowBase, stage, batch, faces, run, input.measure);

  const images: Tensor[] = [];
  for (const path of input.photos) {
    const image = await readImageFile(path);
    images.push(faceapi.tf.tensor3d(Int32Array.from(image.data), [image.height, image.width, 3], 'int32'));
  }
  const detectorOptions = new faceapi.SsdMobilenetv1Options({ minConfidence: 0.5, maxResults: 100 });

  progress('anchor face-api: detection');
  const found: { image: Tensor; detection: Detection }[] = [];
  for (const image of images) for (const detection of await faceapi.detectAllFaces(image, detectorOptions)) found.push({ image, detection });
  if (found.length === 0) return { rows: allRows(`face-api found no face in ${input.photos.length} photos`), facesFound: 0, threads };

  const rows: EmbeddingRow[] = [];
  rows.push(
    await stageRow('detection', 1, found.length, async () => {
      for (const image of images) await faceapi.detectAllFaces(image, detectorOptions);
    }),
  );

  progress('anchor face-api: landmarks');
  const locate = async (face: (typeof found)[number]) => {
    const [crop] = await faceapi.extractFaceTensors(face.image, [face.detection]);
    const landmarks = await faceapi.nets.faceLandmark68Net.detectLandmarks(crop);
    crop.dispose();
    return landmarks.shiftBy(face.detection.box.x, face.detection.box.y);
  };
  const landmarkSets: Landmarks[] = [];
  for (const face of found) landmarkSets.push(await locate(face));
  rows.push(
    await stageRow('landmarks', 1, found.length, async () => {
      for (const face of found) await locate(face);
    }),
  );

  progress('anchor face-api: alignment');
  const align = async () => {
    const faces: Tensor[] = [];
    for (let i = 0; i < found.length; i++) faces.push(...(await faceapi.extractFaceTensors(found[i].image, [landmarkSets[i].align()])));
    return faces;
  };
  const aligned = await align();
  rows.push(
    await stageRow('alignment', 1, found.length, async () => {
      for (const face of await align()) face.dispose();
    }),
  );

  const faces = Array.from({ length: input.faces }, (_, index) => aligned[index % aligned.length]);
  for (const batch of input.batches) {
    progress(`anchor face-api: embedding, batch ${batch}`);
    rows.push(
      await stageRow('embedding', batch, faces.length, async () => {
        for (let start = 0; start < faces.length; start += batch) {
          const descriptors = await faceapi.nets.faceRecognitionNet.computeFaceDescriptor(faces.slice(start, start + batch));
          const count = Array.isArray(descriptors) ? descriptors.length : 1;
          if (count !== Math.min(batch, faces.length - start)) throw new Error(`face-api returned ${count} descriptors for ${batch} faces`);
        }
      }),
    );
  }
  return { rows, facesFound: found.length, threads };
}
