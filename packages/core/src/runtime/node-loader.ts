import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { ModelError } from '../errors.js';
import type { ModelEntry } from './manifest.js';
import type { ModelLoader } from './onnx.js';

/**
 * Reads prepared models from a folder (default: the dist/ folder that the
 * @facegate/models build writes) and checks each file's sha256 against the
 * manifest, so a stale or corrupt file fails loudly instead of producing
 * wrong embeddings.
 */
export function nodeModelLoader(folder?: string): ModelLoader {
  const modelFolder = folder ?? join(dirname(createRequire(import.meta.url).resolve('@facegate/models/package.json')), 'dist');
  return {
    async load(model: ModelEntry): Promise<Uint8Array> {
      const path = join(modelFolder, model.file);
      let bytes: Uint8Array;
      try {
        bytes = await readFile(path);
      } catch (error) {
        throw new ModelError(model.id, `cannot read ${path}; run \`pnpm build\` to prepare the models`, { cause: error });
      }
      const actual = createHash('sha256').update(bytes).digest('hex');
      if (actual !== model.sha256) {
        throw new ModelError(model.id, `${path} has sha256 ${actual}, expected ${model.sha256}; run \`pnpm build\` again`);
      }
      return bytes;
    },
  };
}
