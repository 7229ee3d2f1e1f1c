import { readFile, rename, stat, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';

interface CacheEntry {
  /** Base64 of the Float32 embedding of the largest face, or null when the photo has no face. */
  readonly embedding: string | null;
}

/**
 * Embeddings of photos keyed by absolute path, size, modification time and
 * model id, so evaluation runs and tests over the same photo set embed each
 * photo once. A stale entry (file changed, other model) is never returned.
 */
export class EmbeddingCache {
  private dirty = false;

  private constructor(
    private readonly path: string | undefined,
    private readonly entries: Map<string, CacheEntry>,
  ) {}

  static async open(path: string | undefined): Promise<EmbeddingCache> {
    const entries = new Map<string, CacheEntry>();
    if (path) {
      try {
        const stored = JSON.parse(await readFile(path, 'utf8')) as Record<string, CacheEntry>;
        for (const [key, entry] of Object.entries(stored)) entries.set(key, entry);
      } catch {
        // A missing or unreadable cache only costs time: start empty.
      }
    }
    return new EmbeddingCache(path, entries);
  }

  static async keyFor(photo: string, modelId: string): Promise<string> {
    const absolute = resolve(photo);
    const info = await stat(absolute);
    return `${modelId}|${absolute}|${info.size}|${info.mtimeMs}`;
  }

  get(key: string): Float32Array | null | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.embedding === null) return null;
    const bytes = Buffer.from(entry.embedding, 'base64');
    return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  }

  set(key: string, embedding: Float32Array | null): void {
    const encoded = embedding === null ? null : Buffer.from(embedding.buffer, embedding.byteOffset, embedding.byteLength).toString('base64');
    this.entries.set(key, { embedding: encoded });
    this.dirty = true;
  }

  async save(): Promise<void> {
    if (!this.path || !this.dirty) return;
    const temporary = `${this.path}.${process.pid}.tmp`;
    await writeFile(temporary, JSON.stringify(Object.fromEntries(this.entries)));
    await rename(temporary, this.path);
    this.dirty = false;
  }
}
