import { ModelError } from '../errors.js';
import type { ModelEntry } from './manifest.js';
import type { ModelLoader } from './onnx.js';

function hex(bytes: ArrayBuffer): string {
  return [...new Uint8Array(bytes)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * Fetches models from `baseUrl` (for example the app's own build output) and
 * checks their sha256. A missing file, or an HTML page served in place of
 * the binary (a common dev-server fallback), fails with the URL named.
 */
export function urlModelLoader(baseUrl: string): ModelLoader {
  return {
    async load(model: ModelEntry): Promise<Uint8Array> {
      const url = new URL(model.file, new URL(baseUrl, globalThis.location?.href)).href;
      let response: Response;
      try {
        response = await fetch(url);
      } catch (error) {
        throw new ModelError(model.id, `fetching ${url} failed: ${String(error)}`, { cause: error });
      }
      if (!response.ok) {
        throw new ModelError(model.id, `fetching ${url} failed with HTTP ${response.status} ${response.statusText}`);
      }
      const type = response.headers.get('content-type') ?? '';
      const buffer = await response.arrayBuffer();
      const bytes = new Uint8Array(buffer);
      if (type.includes('text/html') || bytes[0] === 0x3c /* '<' */) {
        throw new ModelError(model.id, `${url} returned an HTML page (content-type "${type}") instead of the ONNX model`);
      }
      if (globalThis.crypto?.subtle) {
        const actual = hex(await crypto.subtle.digest('SHA-256', buffer));
        if (actual !== model.sha256) {
          throw new ModelError(model.id, `${url} has sha256 ${actual}, expected ${model.sha256}`);
        }
      }
      return bytes;
    },
  };
}
