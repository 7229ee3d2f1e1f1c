// Typed errors. Every error that concerns one input names it in `source`, so a
// batch can report the failing file and carry on with the others.

export type ImageErrorCode =
  | 'unreadable'
  | 'empty'
  | 'not-an-image'
  | 'unsupported-format'
  | 'truncated'
  | 'too-large'
  | 'decode-failed';

export class FacegateError extends Error {
  override name = 'FacegateError';
}

/** An image that cannot be decoded: empty, not an image, truncated, or above the pixel limit. */
export class ImageDecodeError extends FacegateError {
  override name = 'ImageDecodeError';

  constructor(
    readonly code: ImageErrorCode,
    readonly source: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${source}: ${message}`, options);
  }
}

/** A model file that is missing, corrupt, or produced unusable output. */
export class ModelError extends FacegateError {
  override name = 'ModelError';

  constructor(
    readonly modelId: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`model ${modelId}: ${message}`, options);
  }
}

/** An embedding with NaN or infinite components, or with zero length. */
export class NonFiniteEmbeddingError extends FacegateError {
  override name = 'NonFiniteEmbeddingError';

  constructor(
    readonly source: string,
    message: string,
  ) {
    super(`${source}: ${message}`);
  }
}

/** An argument outside its documented range (shape mismatch, negative k, unknown metric). */
export class InvalidArgumentError extends FacegateError {
  override name = 'InvalidArgumentError';

  constructor(
    readonly argument: string,
    message: string,
  ) {
    super(`${argument}: ${message}`);
  }
}

/** A claimed identity that the gallery does not contain. */
export class UnknownIdentityError extends FacegateError {
  override name = 'UnknownIdentityError';

  constructor(readonly identity: string) {
    super(`identity "${identity}" is not enrolled in the gallery`);
  }
}

/** A photo with no face, or with several, where exactly one is required (enrolment). */
export class FaceCountError extends FacegateError {
  override name = 'FaceCountError';

  constructor(
    readonly source: string,
    readonly faceCount: number,
  ) {
    super(
      faceCount === 0
        ? `${source}: no face found; enrolment needs a photo with one face`
        : `${source}: ${faceCount} faces found; enrolment needs a photo with exactly one face (crop it to one person)`,
    );
  }
}
