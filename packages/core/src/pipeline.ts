import { alignFace } from './alignment/similarity.js';
import { type FaceBox, boxArea } from './detection/box.js';
import { type DetectorOptions, FaceDetector } from './detection/detector.js';
import { FaceEmbedder } from './embedding/embedder.js';
import type { RgbImage } from './image/rgb-image.js';
import { LandmarkDetector, type Point, fivePoints } from './landmarks/landmarker.js';
import { manifest, modelForRole } from './runtime/manifest.js';
import { type ModelLoader, type RuntimeOptions, createSession } from './runtime/onnx.js';

export interface PipelineOptions extends RuntimeOptions, DetectorOptions {
  /** Loads model bytes: from files in Node (`nodeModelLoader`), from URLs in a browser (`urlModelLoader`). */
  readonly loader: ModelLoader;
  /** Faces per embedding inference call. Default 16. */
  readonly batchSize?: number;
}

/** One face found in a photo, with everything the pipeline derived from it. */
export interface DetectedFace {
  /** Position in the photo's face list, largest face first. */
  readonly index: number;
  readonly box: FaceBox;
  readonly landmarks: readonly Point[];
  /** Eye centres, nose tip and mouth corners used for alignment. */
  readonly alignmentPoints: readonly Point[];
  /** The face warped onto the 112x112 reference. */
  readonly aligned: RgbImage;
  /** Unit-length embedding. */
  readonly embedding: Float32Array;
}

/**
 * Detection, 68-point landmarks, five-point similarity alignment and
 * embedding, on onnxruntime-web. One pipeline owns three inference
 * sessions, so reuse it across photos.
 */
export class FacePipeline {
  private constructor(
    readonly detector: FaceDetector,
    readonly landmarker: LandmarkDetector,
    readonly embedder: FaceEmbedder,
  ) {}

  static async create(options: PipelineOptions): Promise<FacePipeline> {
    const detectorModel = modelForRole('detector');
    const landmarkModel = modelForRole('landmarks');
    const embedderModel = modelForRole('embedder');
    // One after another: onnxruntime-web 1.31's WebGPU execution provider
    // rejects a session created while another is still being created.
    const detectorSession = await createSession(detectorModel, options.loader, options);
    const landmarkSession = await createSession(landmarkModel, options.loader, options);
    const embedderSession = await createSession(embedderModel, options.loader, options);
    return new FacePipeline(
      new FaceDetector(detectorSession, detectorModel, options),
      new LandmarkDetector(landmarkSession, landmarkModel),
      new FaceEmbedder(embedderSession, embedderModel, { batchSize: options.batchSize }),
    );
  }

  /** Identifier of the embedding model; galleries record it so vectors of different models never mix. */
  get modelId(): string {
    return this.embedder.model.id;
  }

  get dim(): number {
    return this.embedder.dim;
  }

  get preprocessingVersion(): number {
    return manifest.preprocessingVersion;
  }

  /**
   * Finds, aligns and embeds every face in the photo, largest first.
   * Returns an empty list for a photo without faces.
   */
  async analyse(image: RgbImage, source = '<image>'): Promise<DetectedFace[]> {
    const boxes = (await this.detector.detect(image)).sort((a, b) => boxArea(b) - boxArea(a));
    if (boxes.length === 0) return [];

    const landmarkSets: Point[][] = [];
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
      embedding: embeddings.slice(index * this.dim, (index + 1) * this.dim),
    }));
  }
}
