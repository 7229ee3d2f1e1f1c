import type { InferenceSession } from 'onnxruntime-web';
import { ModelError } from '../errors.js';
import { ImageTensor } from '../image/image-tensor.js';
import type { RgbImage } from '../image/rgb-image.js';
import type { ModelEntry } from '../runtime/manifest.js';
import { runSession } from '../runtime/onnx.js';
import { type FaceBox, clipBox, nonMaximumSuppression } from './box.js';

export interface DetectorOptions {
  /** Minimum face probability. Default 0.65. */
  readonly scoreThreshold?: number;
  /** Boxes overlapping a better one by more than this IoU are dropped. Default 0.4. */
  readonly iouThreshold?: number;
}

const INPUT_WIDTH = 320;
const INPUT_HEIGHT = 240;
const PRIOR_COUNT = 4420;

/**
 * Face detector on the RFB-320 SSD-style network. Its exported graph already
 * decodes the 4420 prior boxes (strides 8, 16, 32 and 64 over a 320x240
 * input) into corner coordinates, so only thresholding, suppression and
 * mapping back to image pixels happen here.
 */
export class FaceDetector {
  constructor(
    private readonly session: InferenceSession,
    private readonly model: ModelEntry,
    private readonly options: DetectorOptions = {},
  ) {}

  /**
   * Finds faces, best score first. Faces that fill the whole frame (tight
   * crops) are missed by this detector at their own scale, so when nothing
   * is found the search is repeated on the image inside a 25 % zero border.
   */
  async detect(image: RgbImage): Promise<FaceBox[]> {
    const faces = await this.detectOnce(image, 0, 0);
    if (faces.length > 0) return faces;

    const borderX = Math.round(image.width * 0.25);
    const borderY = Math.round(image.height * 0.25);
    return this.detectOnce(image.pad(borderX, borderY, borderX, borderY), borderX, borderY, image);
  }

  private async detectOnce(frame: RgbImage, offsetX: number, offsetY: number, original: RgbImage = frame): Promise<FaceBox[]> {
    // Pad right/bottom to the network's 4:3 aspect, so faces keep their shape.
    const paddedWidth = Math.max(frame.width, Math.ceil((frame.height * 4) / 3));
    const paddedHeight = Math.max(frame.height, Math.ceil((frame.width * 3) / 4));
    const input = frame.pad(0, 0, paddedWidth - frame.width, paddedHeight - frame.height).resize(INPUT_WIDTH, INPUT_HEIGHT);
    const tensor = ImageTensor.fromImages([input], { mean: 127, divisor: 128 });

    const outputs = await runSession(this.session, this.model, 'input', tensor.toNCHW(), [1, 3, INPUT_HEIGHT, INPUT_WIDTH]);
    const scores = outputs.scores?.data as Float32Array | undefined;
    const corners = outputs.boxes?.data as Float32Array | undefined;
    if (!scores || !corners || scores.length !== PRIOR_COUNT * 2 || corners.length !== PRIOR_COUNT * 4) {
      throw new ModelError(this.model.id, 'detector outputs "scores" [1,4420,2] and "boxes" [1,4420,4] are missing or mis-shaped');
    }

    const scoreThreshold = this.options.scoreThreshold ?? 0.65;
    const candidates: FaceBox[] = [];
    for (let i = 0; i < PRIOR_COUNT; i++) {
      const score = scores[i * 2 + 1];
      if (!(score >= scoreThreshold)) continue;
      candidates.push({
        x1: corners[i * 4] * paddedWidth - offsetX,
        y1: corners[i * 4 + 1] * paddedHeight - offsetY,
        x2: corners[i * 4 + 2] * paddedWidth - offsetX,
        y2: corners[i * 4 + 3] * paddedHeight - offsetY,
        score,
      });
    }

    const kept = nonMaximumSuppression(candidates, this.options.iouThreshold ?? 0.4);
    const faces: FaceBox[] = [];
    for (const box of kept) {
      const clipped = clipBox(box, original.width, original.height);
      if (clipped) faces.push(clipped);
    }
    return faces;
  }
}
