import type { InferenceSession } from 'onnxruntime-web';
import { ModelError } from '../errors.js';
import type { FaceBox } from '../detection/box.js';
import { ImageTensor } from '../image/image-tensor.js';
import type { RgbImage } from '../image/rgb-image.js';
import type { ModelEntry } from '../runtime/manifest.js';
import { runSession } from '../runtime/onnx.js';

export interface Point {
  readonly x: number;
  readonly y: number;
}

const INPUT_SIZE = 64;
const POINT_COUNT = 68;

/** 68-point landmark regressor (iBUG 300-W order) on 64x64 grayscale crops. */
export class LandmarkDetector {
  constructor(
    private readonly session: InferenceSession,
    private readonly model: ModelEntry,
  ) {}

  /**
   * Returns 68 landmarks in image pixels. The crop is a square of side equal
   * to the box height, centred on the box. Points stay fractional, because
   * rounding them to whole pixels measurably hurts the alignment.
   */
  async locate(image: RgbImage, box: FaceBox): Promise<Point[]> {
    const side = box.y2 - box.y1;
    const left = (box.x1 + box.x2) / 2 - side / 2;
    const top = box.y1;
    const cropSide = Math.max(1, Math.round(side));
    const crop = image.crop(left, top, cropSide, cropSide).resize(INPUT_SIZE, INPUT_SIZE);
    const tensor = ImageTensor.fromImages([crop], { mean: 0, divisor: 256 }, 'gray');

    const outputs = await runSession(this.session, this.model, 'input', tensor.toNCHW(), [1, 1, INPUT_SIZE, INPUT_SIZE]);
    const values = outputs.output?.data as Float32Array | undefined;
    if (!values || values.length !== POINT_COUNT * 2) {
      throw new ModelError(this.model.id, 'landmark output "output" [1,136] is missing or mis-shaped');
    }

    // The crop was cut at integer pixels, so map back from the rounded origin.
    const originX = Math.round(left);
    const originY = Math.round(top);
    const points: Point[] = [];
    for (let i = 0; i < POINT_COUNT; i++) {
      points.push({ x: originX + values[i * 2] * cropSide, y: originY + values[i * 2 + 1] * cropSide });
    }
    return points;
  }
}

function mean(points: readonly Point[], indices: readonly number[]): Point {
  let x = 0;
  let y = 0;
  for (const index of indices) {
    x += points[index].x;
    y += points[index].y;
  }
  return { x: x / indices.length, y: y / indices.length };
}

/**
 * Reduces 68 landmarks (0-based iBUG indices) to the five alignment points:
 * left eye centre (37, 38, 40, 41), right eye centre (43, 44, 46, 47), nose
 * tip (30), left mouth corner (48, 60) and right mouth corner (54, 64).
 */
export function fivePoints(landmarks: readonly Point[]): Point[] {
  if (landmarks.length !== POINT_COUNT) {
    throw new RangeError(`expected 68 landmarks, got ${landmarks.length}`);
  }
  return [
    mean(landmarks, [37, 38, 40, 41]),
    mean(landmarks, [43, 44, 46, 47]),
    landmarks[30],
    mean(landmarks, [48, 60]),
    mean(landmarks, [54, 64]),
  ];
}
