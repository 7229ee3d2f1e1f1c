import { InvalidArgumentError } from '../errors.js';

/** The distance between the two photos of one pair, and whether they show the same person. */
export interface PairScore {
  readonly distance: number;
  readonly same: boolean;
}

/** One operating point: accept when distance <= threshold. */
export interface RocPoint {
  readonly threshold: number;
  /** True accept rate: same-person pairs accepted / same-person pairs. */
  readonly tar: number;
  /** False accept rate: different-person pairs accepted / different-person pairs. */
  readonly far: number;
}

export interface TarAtFar {
  readonly farTarget: number;
  readonly tar: number;
  /** Largest threshold whose FAR stays within the target. */
  readonly threshold: number;
}

export interface VerificationReport {
  readonly positives: number;
  readonly negatives: number;
  readonly auc: number;
  readonly bestAccuracy: number;
  /** Midpoint between the distances around the best split. */
  readonly bestThreshold: number;
  readonly tarAtFar: readonly TarAtFar[];
  /** Equal error rate, where FAR = FRR (linear interpolation between ROC points). */
  readonly eer: number;
  readonly eerThreshold: number;
  /** Accuracy, TAR and FAR at the threshold passed in options, if any. */
  readonly atThreshold?: { readonly threshold: number; readonly accuracy: number; readonly tar: number; readonly far: number };
  readonly roc: readonly RocPoint[];
}

export interface VerificationOptions {
  readonly threshold?: number;
  /** FAR levels for TAR@FAR. Default [1e-2, 1e-3]. */
  readonly farTargets?: readonly number[];
}

/** Computes ROC, AUC, best accuracy, TAR@FAR and EER from scored pairs. */
export function evaluateVerification(scores: readonly PairScore[], options: VerificationOptions = {}): VerificationReport {
  const positives = scores.filter((score) => score.same).length;
  const negatives = scores.length - positives;
  if (positives === 0 || negatives === 0) {
    throw new InvalidArgumentError('pairs', `need same-person and different-person pairs, got ${positives} and ${negatives}`);
  }
  for (const [index, score] of scores.entries()) {
    if (!Number.isFinite(score.distance)) throw new InvalidArgumentError(`pairs[${index}]`, `distance is ${score.distance}`);
  }

  // Sweep thresholds over the sorted distances; ties move together.
  const sorted = [...scores].sort((a, b) => a.distance - b.distance);
  const roc: RocPoint[] = [{ threshold: -Infinity, tar: 0, far: 0 }];
  let acceptedSame = 0;
  let acceptedDifferent = 0;
  let bestCorrect = negatives;
  let bestThreshold = sorted[0].distance / 2;

  for (let i = 0; i < sorted.length; ) {
    const distance = sorted[i].distance;
    while (i < sorted.length && sorted[i].distance === distance) {
      if (sorted[i].same) acceptedSame++;
      else acceptedDifferent++;
      i++;
    }
    roc.push({ threshold: distance, tar: acceptedSame / positives, far: acceptedDifferent / negatives });

    const correct = acceptedSame + (negatives - acceptedDifferent);
    if (correct > bestCorrect) {
      bestCorrect = correct;
      bestThreshold = i < sorted.length ? (distance + sorted[i].distance) / 2 : distance;
    }
  }

  let auc = 0;
  for (let i = 1; i < roc.length; i++) {
    auc += ((roc[i].far - roc[i - 1].far) * (roc[i].tar + roc[i - 1].tar)) / 2;
  }

  const tarAtFar = (options.farTargets ?? [1e-2, 1e-3]).map((farTarget): TarAtFar => {
    let best: RocPoint = roc[0];
    for (const point of roc) if (point.far <= farTarget && point.tar >= best.tar) best = point;
    return { farTarget, tar: best.tar, threshold: best.threshold };
  });

  const { eer, eerThreshold } = equalErrorRate(roc);
  const report: VerificationReport = {
    positives,
    negatives,
    auc,
    bestAccuracy: bestCorrect / scores.length,
    bestThreshold,
    tarAtFar,
    eer,
    eerThreshold,
    roc,
  };

  if (options.threshold === undefined) return report;
  const threshold = options.threshold;
  const tar = scores.filter((score) => score.same && score.distance <= threshold).length / positives;
  const far = scores.filter((score) => !score.same && score.distance <= threshold).length / negatives;
  const accuracy = (tar * positives + (1 - far) * negatives) / scores.length;
  return { ...report, atThreshold: { threshold, accuracy, tar, far } };
}

function equalErrorRate(roc: readonly RocPoint[]): { eer: number; eerThreshold: number } {
  // FRR = 1 - TAR falls and FAR rises along the sweep; find where they cross.
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
