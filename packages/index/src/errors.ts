// Typed errors of the gallery and its indexes. Callers branch on the class,
// and each error carries the field needed to act on it: the argument, the
// label, the file location, the record number or the mismatching header field.

export class GalleryError extends Error {
  override name = 'GalleryError';
}

/** An argument with the wrong type, shape or value; `argument` names it. */
export class GalleryArgumentError extends GalleryError {
  override name = 'GalleryArgumentError';

  constructor(
    readonly argument: string,
    message: string,
  ) {
    super(`invalid ${argument}: ${message}`);
  }
}

/** A label that is not enrolled, passed to an operation that needs an enrolled identity. */
export class IdentityNotFoundError extends GalleryError {
  override name = 'IdentityNotFoundError';

  constructor(readonly label: string) {
    super(`identity "${label}" is not enrolled in the gallery`);
  }
}

/** A label that is already enrolled, passed to an operation that creates an identity. */
export class DuplicateIdentityError extends GalleryError {
  override name = 'DuplicateIdentityError';

  constructor(readonly label: string) {
    super(`identity "${label}" is already enrolled; use replace() or addTemplates() to change its templates`);
  }
}

/** Header fields that a gallery file or JSON export and the receiving gallery must share. */
export type CompatibilityField = 'modelId' | 'dim' | 'metric' | 'preprocessingVersion';

/** A gallery file or JSON export made for another model, dimension, metric or pre-processing. */
export class GalleryMismatchError extends GalleryError {
  override name = 'GalleryMismatchError';

  constructor(
    readonly source: string,
    readonly field: CompatibilityField,
    readonly expected: string | number,
    readonly actual: string | number,
  ) {
    super(
      `${source}: its ${field} is ${JSON.stringify(actual)}, but ${JSON.stringify(expected)} is expected; ` +
        'use the model that built it, or re-enrol the identities with this one',
    );
  }
}

export type GalleryFormatErrorCode =
  | 'bad-magic'
  | 'unsupported-version'
  | 'truncated'
  | 'checksum-mismatch'
  | 'malformed';

/** A gallery file that is not a gallery, is from a newer format, is cut short or is corrupted. */
export class GalleryFormatError extends GalleryError {
  override name = 'GalleryFormatError';

  constructor(
    readonly code: GalleryFormatErrorCode,
    readonly source: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${source}: ${message}`, options);
  }
}

/** A JSON export that cannot be imported; `record` is the 1-based template record number, if one is at fault. */
export class GalleryJsonError extends GalleryError {
  override name = 'GalleryJsonError';

  constructor(
    readonly record: number | undefined,
    message: string,
  ) {
    super(record === undefined ? `invalid gallery JSON: ${message}` : `invalid gallery JSON record ${record}: ${message}`);
  }
}

/** A read or write of a stored gallery (file, IndexedDB or OPFS) that failed. */
export class GalleryStorageError extends GalleryError {
  override name = 'GalleryStorageError';

  constructor(
    readonly location: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${location}: ${message}`, options);
  }
}

/** A C++ exception or load failure inside hnswlib-wasm, with its message decoded. */
export class HnswError extends GalleryError {
  override name = 'HnswError';

  constructor(
    readonly operation: string,
    readonly nativeType: string | undefined,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`hnswlib ${operation} failed: ${message}`, options);
  }
}
