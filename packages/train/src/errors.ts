// Typed errors of the training library. Each names the input it concerns, so
// the CLI can print it as is and exit with a usage-level status.

export class TrainingError extends Error {
  override name = 'TrainingError';
}

/** An argument of a training or projection call that is missing, malformed or out of range. */
export class InvalidTrainingInputError extends TrainingError {
  override name = 'InvalidTrainingInputError';

  constructor(
    readonly argument: string,
    message: string,
  ) {
    super(`${argument}: ${message}`);
  }
}

/** A head file that is truncated, corrupt, of an unknown format version or inconsistent with itself. */
export class HeadFileError extends TrainingError {
  override name = 'HeadFileError';

  constructor(
    readonly source: string,
    message: string,
  ) {
    super(`${source}: ${message}`);
  }
}

/** Describes a value for an error message without dumping large arrays. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (typeof value === 'object') return value.constructor?.name ?? 'object';
  if (typeof value === 'string') return JSON.stringify(value);
  return String(value);
}
