import { InvalidArgumentError, UnknownIdentityError } from '../errors.js';
import type { FaceBox } from '../detection/box.js';
import type { DetectedFace } from '../pipeline.js';
import type { FaceGallery, IdentityMatch } from './gallery.js';

export interface VerifyOptions {
  /** Accept when the squared L2 distance is at most this. Default: the manifest's calibrated value. */
  readonly threshold: number;
}

export type VerifyDecision = 'accept' | 'reject' | 'no-face';

export interface VerifyResult {
  readonly decision: VerifyDecision;
  readonly claimedIdentity: string;
  /** Squared L2 from the probe face to the claimed identity's closest template; undefined without a face. */
  readonly distance: number | undefined;
  readonly threshold: number;
  /** The probe face that was compared: the largest one, index 0. */
  readonly faceIndex: number | undefined;
  readonly box: FaceBox | undefined;
  /** How many faces the probe contained. */
  readonly faceCount: number;
  readonly modelId: string;
}

export interface IdentifyOptions {
  readonly threshold: number;
  /** Candidate identities listed per face. Default 1. */
  readonly k?: number;
}

export interface FaceIdentification {
  readonly faceIndex: number;
  readonly box: FaceBox;
  /** Best match within the threshold, or 'unknown'. */
  readonly identity: string | 'unknown';
  /** Distance of the best candidate, within the threshold or not; undefined for an empty gallery. */
  readonly distance: number | undefined;
  /** Up to k nearest identities, closest first, including those beyond the threshold. */
  readonly candidates: readonly IdentityMatch[];
}

export interface IdentifyResult {
  /** One entry per detected face, largest first; empty for a photo without faces. */
  readonly faces: readonly FaceIdentification[];
  readonly threshold: number;
  readonly modelId: string;
}

function checkThreshold(threshold: number): void {
  if (!Number.isFinite(threshold) || threshold < 0) {
    throw new InvalidArgumentError('threshold', `must be a finite squared-L2 distance >= 0, got ${threshold}`);
  }
}

function checkModel(gallery: FaceGallery, faces: readonly DetectedFace[], modelId: string): void {
  if (gallery.modelId !== modelId) {
    throw new InvalidArgumentError('gallery', `was built with model ${gallery.modelId}, but the probe was embedded with ${modelId}`);
  }
  for (const face of faces) {
    if (face.embedding.length !== gallery.dim) {
      throw new InvalidArgumentError('probe', `embedding has ${face.embedding.length} dimensions, the gallery ${gallery.dim}`);
    }
  }
}

/**
 * 1:1 verification: compares the probe's largest face with the claimed
 * identity's templates. A probe without a face is 'no-face', never an accept.
 */
export async function verify(
  faces: readonly DetectedFace[],
  claimedIdentity: string,
  gallery: FaceGallery,
  modelId: string,
  options: VerifyOptions,
): Promise<VerifyResult> {
  checkThreshold(options.threshold);
  checkModel(gallery, faces, modelId);
  const base = { claimedIdentity, threshold: options.threshold, faceCount: faces.length, modelId };

  if (!gallery.has(claimedIdentity)) throw new UnknownIdentityError(claimedIdentity);
  if (faces.length === 0) {
    return { ...base, decision: 'no-face', distance: undefined, faceIndex: undefined, box: undefined };
  }

  const distance = await gallery.distanceToIdentity(faces[0].embedding, claimedIdentity);
  if (distance === undefined) throw new UnknownIdentityError(claimedIdentity);
  return {
    ...base,
    decision: distance <= options.threshold ? 'accept' : 'reject',
    distance,
    faceIndex: 0,
    box: faces[0].box,
  };
}

/** 1:K identification of every face in the probe. */
export async function identify(
  faces: readonly DetectedFace[],
  gallery: FaceGallery,
  modelId: string,
  options: IdentifyOptions,
): Promise<IdentifyResult> {
  checkThreshold(options.threshold);
  checkModel(gallery, faces, modelId);
  const k = options.k ?? 1;
  if (!Number.isInteger(k) || k < 1) throw new InvalidArgumentError('k', `must be an integer >= 1, got ${k}`);
  if (faces.length === 0) return { faces: [], threshold: options.threshold, modelId };

  const queries = new Float32Array(faces.length * gallery.dim);
  faces.forEach((face, index) => queries.set(face.embedding, index * gallery.dim));
  const matches = await gallery.search(queries, k);

  const identified = faces.map((face, index): FaceIdentification => {
    const candidates = matches[index] ?? [];
    const best = candidates[0];
    const known = best !== undefined && best.distance <= options.threshold;
    return {
      faceIndex: face.index,
      box: face.box,
      identity: known ? best.label : 'unknown',
      distance: best?.distance,
      candidates,
    };
  });
  return { faces: identified, threshold: options.threshold, modelId };
}
