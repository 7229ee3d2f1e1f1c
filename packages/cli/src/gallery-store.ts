import { access } from 'node:fs/promises';
import { Gallery, GalleryMismatchError, type IndexChoice } from '@facegate/index/node';
import { type KernelBackend, createBackend } from '@facegate/kernels';
import type { Encoding } from './encoding.js';
import { type BackendChoice, UsageError } from './options.js';

export type { IndexChoice };

/**
 * Starts the kernels that score probes against the gallery. For the CLI,
 * `auto` means wasm-simd (else js). Each command runs one short search per
 * process, so a GPU upload rarely pays off. Probing for a WebGPU adapter in
 * Node also costs start-up time and prints driver warnings on machines
 * without a GPU. A named backend that cannot start falls back with a warning.
 */
async function startKernels(choice: BackendChoice): Promise<KernelBackend> {
  const requested = choice === 'auto' ? 'wasm-simd' : choice;
  const { backend, chosen, reason } = await createBackend({ backend: requested });
  if (chosen !== requested) process.stderr.write(`facegate: --backend ${requested} is unavailable, using ${chosen}: ${reason}\n`);
  return backend;
}

/** Gallery settings that must match the encoding of the probe vectors. */
async function galleryOptionsFor(encoding: Encoding, choice: BackendChoice) {
  return {
    backend: await startKernels(choice),
    modelId: encoding.modelId,
    dim: encoding.dim,
    metric: 'squaredL2' as const,
    preprocessingVersion: encoding.preprocessingVersion,
  };
}

/** Creates an in-memory gallery for vectors of the encoding. */
export async function createEmptyGallery(
  encoding: Encoding,
  index: IndexChoice = 'auto',
  backend: BackendChoice = 'auto',
): Promise<Gallery> {
  return new Gallery({ ...(await galleryOptionsFor(encoding, backend)), index });
}

/**
 * Opens a gallery file. The file must come from the same model (or head),
 * dimension, metric and pre-processing as the encoding. Otherwise the error
 * names the difference and the --head to use.
 */
export async function openGallery(
  path: string,
  encoding: Encoding,
  options: { createIfMissing: boolean; backend?: BackendChoice },
): Promise<Gallery> {
  const exists = await access(path).then(
    () => true,
    () => false,
  );
  if (!exists) {
    if (options.createIfMissing) return createEmptyGallery(encoding, 'auto', options.backend);
    throw new UsageError(`${path}: gallery file not found; create it with 'facegate enroll --gallery ${path} PHOTO...'`);
  }
  try {
    return await Gallery.open(path, await galleryOptionsFor(encoding, options.backend ?? 'auto'));
  } catch (error) {
    if (error instanceof GalleryMismatchError && error.field === 'modelId') {
      const built = String(error.actual);
      const hint = built.includes('+head-')
        ? `pass --head with the head file that built it (head ${built.split('+head-')[1]}, name@sha256 prefix)`
        : 'leave out --head, because it was built with the 512-d embedding';
      throw new UsageError(`${path}: gallery was built with encoding ${built}, not ${encoding.modelId}; ${hint}`);
    }
    throw error;
  }
}

/** Saves atomically: a crash mid-save leaves the previous file readable. */
export async function saveGallery(gallery: Gallery, path: string): Promise<void> {
  await gallery.save(path);
}

/** Adds a template to an enrolled identity, or enrols a new one. */
export async function enrolTemplate(gallery: Gallery, label: string, embedding: Float32Array): Promise<void> {
  if (gallery.has(label)) await gallery.addTemplates(label, embedding);
  else await gallery.enrol(label, embedding);
}
