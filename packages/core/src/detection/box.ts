/** A face box in image pixels, corners inclusive of x1/y1 and exclusive of x2/y2. */
export interface FaceBox {
  readonly x1: number;
  readonly y1: number;
  readonly x2: number;
  readonly y2: number;
  /** Detector confidence in [0, 1]. */
  readonly score: number;
}

export function boxArea(box: FaceBox): number {
  return Math.max(0, box.x2 - box.x1) * Math.max(0, box.y2 - box.y1);
}

export function intersectionOverUnion(a: FaceBox, b: FaceBox): number {
  const width = Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1);
  const height = Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1);
  if (width <= 0 || height <= 0) return 0;
  const intersection = width * height;
  return intersection / (boxArea(a) + boxArea(b) - intersection);
}

/**
 * Greedy non-maximum suppression: keeps the highest-scoring box and drops
 * every remaining box that overlaps a kept one by more than `iouThreshold`.
 */
export function nonMaximumSuppression(boxes: readonly FaceBox[], iouThreshold: number): FaceBox[] {
  const sorted = [...boxes].sort((a, b) => b.score - a.score);
  const kept: FaceBox[] = [];
  for (const candidate of sorted) {
    if (kept.every((box) => intersectionOverUnion(box, candidate) <= iouThreshold)) kept.push(candidate);
  }
  return kept;
}

/** Clips a box to the image; returns undefined when nothing of it is left inside. */
export function clipBox(box: FaceBox, width: number, height: number): FaceBox | undefined {
  const clipped = {
    x1: Math.min(Math.max(box.x1, 0), width),
    y1: Math.min(Math.max(box.y1, 0), height),
    x2: Math.min(Math.max(box.x2, 0), width),
    y2: Math.min(Math.max(box.y2, 0), height),
    score: box.score,
  };
  return boxArea(clipped) > 0 ? clipped : undefined;
}
