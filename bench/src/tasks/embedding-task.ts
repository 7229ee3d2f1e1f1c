// Child task of the embedding suite: facegate's detection, landmarks,
// alignment and embedding, timed separately, on one onnxruntime-web
// execution provider with one thread count. onnxruntime-web fixes its thread
// count when the first session starts, so each thread count needs its own
// process.

import {
  alignFace,
  createSession,
  type FaceBox,
  FaceDetector,
  FaceEmbedder,
  fivePoints,
  LandmarkDetector,
  modelForRole,
  type Point,
  type RgbImage,
  runtimeThreads,
} from '@facegate/core';
import { nodeModelLoader, readImageFile } from '@facegate/core/node';
import type { EmbeddingRow, FaceStage } from '../results.js';
import { describeError } from '../run/describe-error.js';
import { progress } from '../run/log.js';
import type { MeasureSettings } from '../settings.js';
import { installNodeWebGpu } from './node-webgpu-shim.js';
import { measureStage, unavailableStages } from './stage-row.js';

export interface EmbeddingTaskInput {
  provider: 'wasm' | 'webgpu';
  threads: number;
  batches: number[];
  faces: number;
  photos: string[];
  measure: MeasureSettings;
}

export interface EmbeddingTaskOutput {
  rows: EmbeddingRow[];
  facesFound: number;
  /** The thread count onnxruntime-web was configured with. */
  threads?: number;
}

interface FoundFace {
  image: RgbImage;
  box: FaceBox;
}

export async function runEmbeddingTask(input: EmbeddingTaskInput): Promise<EmbeddingTaskOutput> {
  const { provider, threads, photos } = input;
  const label = `facegate ${provider} x${threads}`;
  const rows: EmbeddingRow[] = [];
  const base = { engine: 'facegate' as const, provider, threads, photos: photos.length };
  const allRows = (reason: string) => unavailableStages(base, input.batches, input.faces, reason);
  const stageRow = (stage: FaceStage, batch: number, faces: number, run: () => unknown) => measureStage(base, stage, batch, faces, run, input.measure);

  let pipeline: PipelineStages;
  try {
    if (provider === 'webgpu') await installNodeWebGpu();
    progress(`embedding ${label}: creating sessions`);
    pipeline = await createStages(provider, threads, Math.max(...input.batches));
  } catch (error) {
    return { rows: allRows(describeError(error)), facesFound: 0 };
  }
  const images = await Promise.all(photos.map((path) => readImageFile(path)));

  // Detection runs once per photo; the faces it finds feed the later stages.
  progress(`embedding ${label}: detection`);
  const found: FoundFace[] = [];
  for (const image of images) for (const box of await pipeline.detector.detect(image)) found.push({ image, box });
  if (found.length === 0) return { rows: allRows(`no face found in ${photos.length} photos`), facesFound: 0 };

  const detectAll = async () => {
    for (const image of images) await pipeline.detector.detect(image);
  };
  rows.push(await stageRow('detection', 1, found.length, detectAll));

  progress(`embedding ${label}: landmarks`);
  const landmarkSets: Point[][] = [];
  for (const face of found) landmarkSets.push(await pipeline.landmarker.locate(face.image, face.box));
  rows.push(
    await stageRow('landmarks', 1, found.length, async () => {
      for (const face of found) await pipeline.landmarker.locate(face.image, face.box);
    }),
  );

  progress(`embedding ${label}: alignment`);
  const aligned = found.map((face, index) => alignFace(face.image, fivePoints(landmarkSets[index])));
  rows.push(
    await stageRow('alignment', 1, found.length, () => {
      found.forEach((face, index) => alignFace(face.image, fivePoints(landmarkSets[index])));
    }),
  );

  // The embedding runs cycle through the aligned faces, so every batch size embeds the same number of faces.
  const faces = Array.from({ length: input.faces }, (_, index) => aligned[index % aligned.length]);
  for (const batch of input.batches) {
    progress(`embedding ${label}: embedding, batch ${batch}`);
    rows.push(
      await stageRow('embedding', batch, faces.length, async () => {
        for (let start = 0; start < faces.length; start += batch) await pipeline.embedder.embed(faces.slice(start, start + batch));
      }),
    );
  }
  return { rows, facesFound: found.length, threads: runtimeThreads() };
}

interface PipelineStages {
  detector: FaceDetector;
  landmarker: LandmarkDetector;
  embedder: FaceEmbedder;
}

/**
 * Creates the stages that FacePipeline.create creates, with the same models
 * and options, but one session after another: onnxruntime-web 1.31's WebGPU
 * execution provider rejects a session created while another is being
 * created, which FacePipeline.create does for its three models.
 */
async function createStages(provider: 'wasm' | 'webgpu', threads: number, batchSize: number): Promise<PipelineStages> {
  const loader = nodeModelLoader();
  const options = { threads, executionProviders: [provider] as const };
  const detectorModel = modelForRole('detector');
  const landmarkModel = modelForRole('landmarks');
  const embedderModel = modelForRole('embedder');

  const detectorSession = await createSession(detectorModel, loader, options);
  const landmarkSession = await createSession(landmarkModel, loader, options);
  const embedderSession = await createSession(embedderModel, loader, options);
  return {
    detector: new FaceDetector(detectorSession, detectorModel),
    landmarker: new LandmarkDetector(landmarkSession, landmarkModel),
    embedder: new FaceEmbedder(embedderSession, embedderModel, { batchSize }),
  };
}
