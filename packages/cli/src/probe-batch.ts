import type { DetectedFace, FacePipeline } from '@facegate/core';
import { analysePhoto, isFailure } from '@facegate/core/node';
import type { Encoding } from './encoding.js';
import { printJson, reportFailure } from './output.js';

/**
 * Runs `compare` on the encoded faces of each probe photo. A photo that
 * cannot be read is reported on stderr and skipped; with `json` all results
 * are printed together at the end. Returns the exit status: 1 when any photo
 * failed, else 0.
 */
export async function compareProbes<T extends object>(
  pipeline: FacePipeline,
  encoding: Encoding,
  paths: readonly string[],
  options: { json: boolean; maxPixels?: number },
  compare: (faces: DetectedFace[], path: string) => Promise<T>,
  printLines: (result: T, path: string) => void,
): Promise<number> {
  let failed = false;
  const results: object[] = [];
  for (const path of paths) {
    const analysed = await analysePhoto(pipeline, path, options.maxPixels);
    if (isFailure(analysed)) {
      reportFailure(path, analysed.error);
      failed = true;
      results.push({ photo: path, error: analysed.error.message });
      continue;
    }
    const result = await compare(encoding.encode(analysed.faces), path);
    results.push({ photo: path, ...result });
    if (!options.json) printLines(result, path);
  }
  if (options.json) printJson(results);
  return failed ? 1 : 0;
}
