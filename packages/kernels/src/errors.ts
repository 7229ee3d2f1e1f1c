// Typed errors of the kernel backends. Callers branch on the class, and each
// error carries the field a caller needs to act: the argument, the backend
// and the reasons it could not be used, or the device-loss reason.

import type { BackendName } from './backend.js';

export class KernelError extends Error {
  override name = 'KernelError';
}

/** A requested backend that cannot run here, with the reason for each backend tried. */
export class BackendUnavailableError extends KernelError {
  override name = 'BackendUnavailableError';

  constructor(
    readonly backend: BackendName,
    readonly reasons: readonly string[],
    options?: { cause?: unknown },
  ) {
    super(`backend ${backend} is unavailable: ${reasons.join('; ')}`, options);
  }
}

/** An argument with the wrong type, shape or value; `argument` names it. */
export class InvalidInputError extends KernelError {
  override name = 'InvalidInputError';

  constructor(
    readonly argument: string,
    message: string,
  ) {
    super(`invalid ${argument}: ${message}`);
  }
}

/** The GPU device was lost; the call that saw it failed and its galleries are gone. */
export class DeviceLostError extends KernelError {
  override name = 'DeviceLostError';

  constructor(
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`WebGPU device lost: ${reason}`, options);
  }
}

/** A call on a backend or gallery after its dispose(). */
export class DisposedError extends KernelError {
  override name = 'DisposedError';

  constructor(what: string) {
    super(`${what} was disposed; create a new one`);
  }
}
