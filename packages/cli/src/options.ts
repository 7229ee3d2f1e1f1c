import { FacegateError } from '@facegate/core';

export type BackendChoice = 'auto' | 'webgpu' | 'wasm-simd' | 'js';
const BACKENDS: readonly string[] = ['auto', 'webgpu', 'wasm-simd', 'js'];

/** Options every command accepts. */
export interface CommonOptions {
  /** --threshold; undefined means the encoding's calibrated value. */
  readonly threshold?: number;
  /** --head: projection head file whose encoding replaces the 512-d embedding. */
  readonly head?: string;
  /** Kernel backend that scores probes against the gallery. */
  readonly backend: BackendChoice;
  readonly json: boolean;
  readonly threads?: number;
  readonly maxPixels?: number;
}

/** Thrown for bad command-line usage; the CLI prints it with the usage text and exits with status 2. */
export class UsageError extends FacegateError {
  override name = 'UsageError';
}

export function parseNumber(value: string | undefined, option: string, check: (n: number) => boolean, expected: string): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (value.trim() === '' || !Number.isFinite(number) || !check(number)) {
    const flag = option.length === 1 ? `-${option}` : `--${option}`;
    throw new UsageError(`${flag} must be ${expected}, got "${value}"`);
  }
  return number;
}

export function commonOptions(values: Record<string, string | boolean | undefined>): CommonOptions {
  const threshold = parseNumber(values.threshold as string | undefined, 'threshold', (n) => n >= 0 && n <= 4, 'a squared L2 distance between 0 and 4');
  const backend = (values.backend as string | undefined) ?? 'auto';
  if (!BACKENDS.includes(backend)) throw new UsageError(`--backend must be one of ${BACKENDS.join(', ')}, got "${backend}"`);
  return {
    threshold,
    head: values.head as string | undefined,
    backend: backend as BackendChoice,
    json: Boolean(values.json),
    threads: parseNumber(values.threads as string | undefined, 'threads', (n) => Number.isInteger(n) && n >= 1, 'a whole number >= 1'),
    maxPixels: parseNumber(values['max-pixels'] as string | undefined, 'max-pixels', (n) => Number.isInteger(n) && n >= 1, 'a whole number of pixels >= 1'),
  };
}

export const COMMON_OPTION_SPECS = {
  threshold: { type: 'string' },
  head: { type: 'string' },
  backend: { type: 'string' },
  json: { type: 'boolean' },
  threads: { type: 'string' },
  'max-pixels': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export const COMMON_HELP = `Common options:
  --threshold D     accept distance, squared L2 between unit embeddings (default: the calibrated
                    value of the model, or of the head with --head)
  --head FILE       compare in the encoding of a projection head from 'facegate train-head'
                    (for example models/heads/lfw-gray-128.fghead); galleries record it
  --backend NAME    gallery scoring kernels: auto, webgpu, wasm-simd or js (default auto:
                    wasm-simd, else js; webgpu only when named)
  --json            print machine-readable JSON instead of text
  --threads N       WASM threads for inference (default: logical cores, at most 4)
  --max-pixels N    reject images larger than N pixels (default 50000000)`;
