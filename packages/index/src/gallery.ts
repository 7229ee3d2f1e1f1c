// A gallery of enrolled identities: user labels, each with one or more
// templates (embeddings), searched through an exact or an HNSW index.
// Identification returns labels, never internal ids, keeps the best template
// per identity and can mark probes beyond a threshold as unknown.
//
// Internal ids: every template gets a template id that is never reused, not
// even across save and load, and every identity an identity id that survives
// replace() and rename(). The indexes work on template ids only.

import { type BackendName, createBackend, distancesReference, type KernelBackend } from '@facegate/kernels';
import { type CompatibilityField, DuplicateIdentityError, GalleryArgumentError, GalleryFormatError, GalleryMismatchError, IdentityNotFoundError } from './errors.js';
import { ExactIndex } from './exact-index.js';
import { decodeGallery, type DecodedGallery, encodeGallery, type StoredIdentity } from './gallery-file.js';
import { formatGalleryJson, parseGalleryJson } from './gallery-json.js';
import { type GalleryStorage, getDefaultGalleryStorage } from './gallery-storage.js';
import { HnswIndex, type HnswParameters, resolveHnswParameters } from './hnsw-index.js';
import { checkK, checkLabel, checkThreshold, describe, toRows } from './input-checks.js';
import { GALLERY_METRICS, type GalleryMetric } from './metric.js';
import { TemplateStore } from './template-store.js';
import type { IndexKind, TemplateCandidates } from './vector-index.js';

export type IndexChoice = 'auto' | IndexKind;

/**
 * Template count from which `index: 'auto'` searches with HNSW. Below it an
 * exact scan is fast enough and HNSW's build time is not worth paying; see
 * docs/index.md for the measurements.
 */
export const AUTO_HNSW_THRESHOLD = 20_000;

export interface GalleryOptions {
  /** Embedding model the templates come from; files and exports of another model are rejected. */
  modelId: string;
  dim: number;
  /** Default `squaredL2`. */
  metric?: GalleryMetric;
  /** Version of the face pre-processing (detection, alignment) behind the embeddings; default ''. */
  preprocessingVersion?: string;
  /** Default `auto`: exact below `hnswThreshold` templates, HNSW from there on. */
  index?: IndexChoice;
  /** Template count at which `auto` switches to HNSW; default AUTO_HNSW_THRESHOLD. */
  hnswThreshold?: number;
  /** HNSW parameters; unset fields take DEFAULT_HNSW_PARAMETERS. */
  hnsw?: Partial<HnswParameters>;
  /**
   * Kernel backend of the exact index: an existing backend (the caller keeps
   * ownership) or the name passed to createBackend (default `auto`), which
   * the gallery starts on its first exact search and disposes in dispose().
   */
  backend?: KernelBackend | 'auto' | BackendName;
  /** Storage of save() and load(); default getDefaultGalleryStorage(). */
  storage?: GalleryStorage;
}

export interface IdentityMatch {
  label: string;
  /** Distance of the identity's best template, ascending (see GalleryMetric). */
  distance: number;
  /** The best template; ids are stable for the template's lifetime and never reused. */
  templateId: number;
}

export interface GallerySearchOptions {
  /** Drops matches whose distance exceeds it, so an empty list means "unknown". */
  threshold?: number;
  /** Searches with the exact index even when the gallery uses HNSW. */
  exact?: boolean;
  /** HNSW candidate list size for this search only; default hnswParameters.ef. */
  ef?: number;
  /** Re-scores HNSW candidates with exact distances from the stored vectors. */
  rerank?: boolean;
  /** HNSW candidates per query to re-rank; default max(4k, k + 32) templates. */
  rerankCandidates?: number;
}

export interface Identification {
  /** The nearest identity when it is within the threshold; undefined means unknown. */
  label: string | undefined;
  /** Distance of the nearest identity, known or not; undefined for an empty gallery. */
  distance: number | undefined;
  /** Nearest identity regardless of the threshold. */
  nearest: IdentityMatch | undefined;
}

export interface EnrolledIdentity {
  label: string;
  identityId: number;
  templateIds: number[];
}

/** Name of a stored gallery: a file path in Node, a record or file name in browser storages. */
export type GalleryLocation = string;

interface Identity {
  identityId: number;
  label: string;
  templateIds: number[];
}

type ImportMode = 'error' | 'append' | 'replace';

export class Gallery {
  readonly modelId: string;
  readonly dim: number;
  readonly metric: GalleryMetric;
  readonly preprocessingVersion: string;
  readonly indexChoice: IndexChoice;
  readonly hnswThreshold: number;

  private hnswConfig: HnswParameters;
  private readonly explicitHnsw: Partial<HnswParameters>;
  private readonly storage: GalleryStorage | undefined;
  private readonly backendOption: KernelBackend | 'auto' | BackendName;
  private backendPromise: Promise<KernelBackend> | undefined;

  private identities = new Map<string, Identity>();
  private ownerOf = new Map<number, Identity>();
  private store: TemplateStore;
  private exact: ExactIndex;
  private hnsw: HnswIndex | undefined;
  private nextTemplateId = 1;
  private nextIdentityId = 1;
  private queue: Promise<unknown> = Promise.resolve();
  private disposed = false;
  private disposing: Promise<void> | undefined;

  constructor(options: GalleryOptions) {
    if (options === null || typeof options !== 'object') throw new GalleryArgumentError('options', `expected an object, got ${describe(options)}`);
    const { modelId, dim, metric = 'squaredL2', preprocessingVersion = '', index = 'auto', hnswThreshold = AUTO_HNSW_THRESHOLD } = options;

    if (typeof modelId !== 'string' || modelId.length === 0) throw new GalleryArgumentError('modelId', `expected a non-empty string, got ${describe(modelId)}`);
    if (typeof dim !== 'number' || !Number.isInteger(dim) || dim < 1 || dim > 65_536) {
      throw new GalleryArgumentError('dim', `expected an integer from 1 to 65536, got ${describe(dim)}`);
    }
    if (!GALLERY_METRICS.includes(metric)) throw new GalleryArgumentError('metric', `expected one of ${GALLERY_METRICS.join(', ')}, got ${describe(metric)}`);
    if (typeof preprocessingVersion !== 'string') throw new GalleryArgumentError('preprocessingVersion', `expected a string, got ${describe(preprocessingVersion)}`);
    if (!['auto', 'exact', 'hnsw'].includes(index)) throw new GalleryArgumentError('index', `expected 'auto', 'exact' or 'hnsw', got ${describe(index)}`);
    if (typeof hnswThreshold !== 'number' || !Number.isInteger(hnswThreshold) || hnswThreshold < 1) {
      throw new GalleryArgumentError('hnswThreshold', `expected a positive integer, got ${describe(hnswThreshold)}`);
    }

    this.modelId = modelId;
    this.dim = dim;
    this.metric = metric;
    this.preprocessingVersion = preprocessingVersion;
    this.indexChoice = index;
    this.hnswThreshold = hnswThreshold;
    this.explicitHnsw = { ...(options.hnsw ?? {}) };
    this.hnswConfig = resolveHnswParameters(options.hnsw);
    this.backendOption = options.backend ?? 'auto';
    this.storage = options.storage;

    this.store = new TemplateStore(dim);
    this.exact = new ExactIndex(() => this.kernelBackend(), this.store, metric);
  }

  /** Reads a gallery file and returns a gallery with the file's model, dimension and metric. */
  static async open(location: GalleryLocation, options: Partial<GalleryOptions> = {}): Promise<Gallery> {
    const storage = options.storage ?? getDefaultGalleryStorage(location);
    const bytes = await storage.read(location);
    return Gallery.fromBytes(bytes, { ...options, storage }, location);
  }

  /**
   * Builds a gallery from file bytes. Options that name a model, dimension,
   * metric or pre-processing version must match the file's; `index` defaults
   * to the choice the gallery was saved with.
   */
  static async fromBytes(bytes: Uint8Array, options: Partial<GalleryOptions> = {}, source = 'gallery file'): Promise<Gallery> {
    const decoded = decodeGallery(bytes, source);
    const { header } = decoded;
    for (const field of ['modelId', 'dim', 'metric', 'preprocessingVersion'] as const) {
      const expected = options[field];
      if (expected !== undefined && expected !== header[field]) throw new GalleryMismatchError(source, field, expected, header[field]);
    }

    const gallery = new Gallery({
      ...options,
      index: options.index ?? header.indexChoice,
      modelId: header.modelId,
      dim: header.dim,
      metric: header.metric,
      preprocessingVersion: header.preprocessingVersion,
    });
    await gallery.adopt(decoded, source);
    return gallery;
  }

  /** Number of enrolled identities. */
  get count(): number {
    return this.identities.size;
  }

  get templateCount(): number {
    return this.store.count;
  }

  /** The index that the next search uses. */
  get indexKind(): IndexKind {
    return this.wantsHnsw() ? 'hnsw' : 'exact';
  }

  /** HNSW parameters in effect; after a load, M and efConstruction are the stored graph's. */
  get hnswParameters(): Readonly<HnswParameters> {
    return this.hnswConfig;
  }

  /** Labels in enrolment order. */
  labels(): string[] {
    return [...this.identities.keys()];
  }

  has(label: string): boolean {
    return this.identities.has(label);
  }

  identity(label: string): EnrolledIdentity | undefined {
    const identity = this.identities.get(label);
    return identity && { label: identity.label, identityId: identity.identityId, templateIds: [...identity.templateIds] };
  }

  /** Returns copies of the identity's template vectors, in enrolment order. */
  templates(label: string): Float32Array[] {
    const identity = this.identities.get(label);
    if (!identity) throw new IdentityNotFoundError(label);
    return identity.templateIds.map((id) => (this.store.vector(id) as Float32Array).slice());
  }

  /**
   * Enrols a new identity with one or more templates (a rows x dim
   * Float32Array or an array of vectors). Like every method here, it rejects
   * invalid input before it changes anything.
   */
  async enrol(label: string, embeddings: Float32Array | readonly Float32Array[]): Promise<EnrolledIdentity> {
    checkLabel(label);
    const rows = toRows(embeddings, this.dim, 'embeddings', false);

    return this.serial(async () => {
      if (this.identities.has(label)) throw new DuplicateIdentityError(label);
      const identity: Identity = { identityId: this.nextIdentityId++, label, templateIds: [] };
      await this.addTemplateRows(identity, rows);
      this.identities.set(label, identity);
      return this.describeIdentity(identity);
    });
  }

  /** Adds templates to an enrolled identity. */
  async addTemplates(label: string, embeddings: Float32Array | readonly Float32Array[]): Promise<EnrolledIdentity> {
    checkLabel(label);
    const rows = toRows(embeddings, this.dim, 'embeddings', false);

    return this.serial(async () => {
      const identity = this.identities.get(label);
      if (!identity) throw new IdentityNotFoundError(label);
      await this.addTemplateRows(identity, rows);
      return this.describeIdentity(identity);
    });
  }

  /** Replaces all templates of an enrolled identity; its identity id stays, its template ids are new. */
  async replace(label: string, embeddings: Float32Array | readonly Float32Array[]): Promise<EnrolledIdentity> {
    checkLabel(label);
    const rows = toRows(embeddings, this.dim, 'embeddings', false);

    return this.serial(async () => {
      const identity = this.identities.get(label);
      if (!identity) throw new IdentityNotFoundError(label);

      const old = identity.templateIds;
      identity.templateIds = [];
      try {
        await this.addTemplateRows(identity, rows);
      } catch (error) {
        identity.templateIds = old;
        throw error;
      }
      this.dropTemplates(old);
      return this.describeIdentity(identity);
    });
  }

  /** Removes an identity and all its templates; they are never returned again. */
  async remove(label: string): Promise<void> {
    checkLabel(label);
    return this.serial(async () => {
      const identity = this.identities.get(label);
      if (!identity) throw new IdentityNotFoundError(label);
      this.identities.delete(label);
      this.dropTemplates(identity.templateIds);
    });
  }

  /** Changes an identity's label, keeping its ids, templates and enrolment position. */
  async rename(from: string, to: string): Promise<void> {
    checkLabel(from, 'from');
    checkLabel(to, 'to');
    return this.serial(async () => {
      const identity = this.identities.get(from);
      if (!identity) throw new IdentityNotFoundError(from);
      if (from === to) return;
      if (this.identities.has(to)) throw new DuplicateIdentityError(to);

      identity.label = to;
      this.identities = new Map([...this.identities].map(([label, value]) => (label === from ? [to, value] : [label, value])));
    });
  }

  /** Removes every identity. Template and identity ids keep counting up. */
  clear(): Promise<void> {
    return this.serial(async () => {
      this.dropTemplates([...this.ownerOf.keys()]);
      this.identities.clear();
    });
  }

  /**
   * Returns, per query (embeddings: rows x dim, row-major), up to k distinct
   * identities ascending by the distance of their best template. k larger
   * than the number of identities returns them all.
   */
  async search(embeddings: Float32Array | readonly Float32Array[], k: number, options: GallerySearchOptions = {}): Promise<IdentityMatch[][]> {
    const queries = toRows(embeddings, this.dim, 'embeddings', true);
    checkK(k);
    checkThreshold(options.threshold);
    if (options.rerankCandidates !== undefined) checkK(options.rerankCandidates);
    if (options.ef !== undefined && (!Number.isInteger(options.ef) || options.ef < 1)) {
      throw new GalleryArgumentError('ef', `expected a positive integer, got ${describe(options.ef)}`);
    }

    return this.serial(() => this.searchIdentities(queries, k, options));
  }

  /** Decides, per query, the nearest identity within `threshold`, or unknown. */
  async identify(embeddings: Float32Array | readonly Float32Array[], threshold: number, options: Omit<GallerySearchOptions, 'threshold'> = {}): Promise<Identification[]> {
    if (typeof threshold !== 'number' || Number.isNaN(threshold)) throw new GalleryArgumentError('threshold', `expected a number, got ${describe(threshold)}`);
    const results = await this.search(embeddings, 1, { ...options, threshold: undefined });
    return results.map(([nearest]) => ({
      label: nearest && nearest.distance <= threshold ? nearest.label : undefined,
      distance: nearest?.distance,
      nearest,
    }));
  }

  /** Returns the exact distance from `embedding` to the label's best template, or undefined if it is not enrolled. */
  async distanceToIdentity(embedding: Float32Array, label: string): Promise<number | undefined> {
    const query = toRows(embedding, this.dim, 'embedding', false);
    if (query.length !== this.dim) throw new GalleryArgumentError('embedding', `expected one embedding of ${this.dim} components, got ${query.length / this.dim}`);
    checkLabel(label);

    return this.serial(async () => {
      const identity = this.identities.get(label);
      if (!identity) return undefined;
      // A 1:1 comparison scores a handful of templates: the js kernel does it
      // without uploading them to a GPU or WASM backend first.
      const templates = new Float32Array(identity.templateIds.length * this.dim);
      identity.templateIds.forEach((id, row) => templates.set(this.store.vector(id) as Float32Array, row * this.dim));
      const scores = distancesReference(query, templates, this.dim, this.metric);
      let best = Infinity;
      for (const score of scores) best = Math.min(best, this.metric === 'dot' ? 1 - score : score);
      return best;
    });
  }

  /** Rebuilds the HNSW graph from the live templates, dropping the slots of removed ones. */
  compact(): Promise<void> {
    return this.serial(async () => {
      if (!this.hnsw) return;
      const rebuilt = await HnswIndex.build(this.store, this.metric, this.hnswConfig);
      this.hnsw.dispose();
      this.hnsw = rebuilt;
    });
  }

  /** Serialises the gallery, with its HNSW graph when it uses HNSW, into the gallery file format. */
  toBytes(): Promise<Uint8Array> {
    return this.serial(async () => {
      const hnsw = await this.activeHnsw();
      const identities: StoredIdentity[] = [...this.identities.values()].map((identity) => ({
        identityId: identity.identityId,
        label: identity.label,
        templateIds: [...identity.templateIds],
      }));

      const vectors = new Float32Array(this.store.count * this.dim);
      let row = 0;
      for (const identity of identities) {
        for (const id of identity.templateIds) vectors.set(this.store.vector(id) as Float32Array, this.dim * row++);
      }

      const graph = hnsw ? await hnsw.exportGraph() : undefined;
      return encodeGallery({
        header: {
          modelId: this.modelId,
          dim: this.dim,
          metric: this.metric,
          preprocessingVersion: this.preprocessingVersion,
          nextTemplateId: this.nextTemplateId,
          nextIdentityId: this.nextIdentityId,
          index: hnsw ? 'hnsw' : 'exact',
          indexChoice: this.indexChoice,
          ...(hnsw ? { hnsw: this.hnswConfig } : {}),
        },
        identities,
        vectors,
        ...(graph ? { graph } : {}),
      });
    });
  }

  /**
   * Replaces this gallery's contents with a gallery file's. The file must
   * match modelId, dim, metric and preprocessingVersion; on any error the
   * gallery is left unchanged.
   */
  async loadBytes(bytes: Uint8Array, source = 'gallery file'): Promise<void> {
    const decoded = decodeGallery(bytes, source);
    this.checkCompatible(decoded, source);
    await this.serial(() => this.adopt(decoded, source));
  }

  /** Writes the gallery file to `location`, replacing what was there only once the new file is complete. */
  async save(location: GalleryLocation, storage?: GalleryStorage): Promise<void> {
    const target = storage ?? this.storage ?? getDefaultGalleryStorage(location);
    const bytes = await this.toBytes();
    await target.write(location, bytes);
  }

  /** Replaces this gallery's contents with the file at `location`; see loadBytes(). */
  async load(location: GalleryLocation, storage?: GalleryStorage): Promise<void> {
    const source = storage ?? this.storage ?? getDefaultGalleryStorage(location);
    const bytes = await source.read(location);
    await this.loadBytes(bytes, location);
  }

  /** Returns the JSON export: one { label, vector } record per template, in enrolment order. */
  exportJson(): string {
    const records = [...this.identities.values()].flatMap((identity) =>
      identity.templateIds.map((id) => ({ label: identity.label, vector: this.store.vector(id) as Float32Array })),
    );
    return formatGalleryJson({ modelId: this.modelId, dim: this.dim, metric: this.metric, preprocessingVersion: this.preprocessingVersion }, records);
  }

  /**
   * Imports a JSON export. Records of one label become one identity. With
   * `onExisting` 'error' (default) a label that is already enrolled rejects
   * the whole import; 'append' adds the templates to it; 'replace' replaces
   * its templates. Nothing is imported unless every record is valid.
   */
  async importJson(json: string | unknown, options: { onExisting?: ImportMode } = {}): Promise<EnrolledIdentity[]> {
    const mode = options.onExisting ?? 'error';
    if (!['error', 'append', 'replace'].includes(mode)) throw new GalleryArgumentError('onExisting', `expected 'error', 'append' or 'replace', got ${describe(mode)}`);

    const records = parseGalleryJson(json, { modelId: this.modelId, dim: this.dim, metric: this.metric, preprocessingVersion: this.preprocessingVersion });
    const byLabel = new Map<string, Float32Array[]>();
    for (const record of records) {
      const list = byLabel.get(record.label) ?? [];
      list.push(record.vector);
      byLabel.set(record.label, list);
    }
    for (const label of byLabel.keys()) checkLabel(label);

    return this.serial(async () => {
      if (mode === 'error') {
        const existing = [...byLabel.keys()].find((label) => this.identities.has(label));
        if (existing !== undefined) throw new DuplicateIdentityError(existing);
      }

      const results: EnrolledIdentity[] = [];
      for (const [label, vectors] of byLabel) {
        const rows = toRows(vectors, this.dim, `templates of "${label}"`, false);
        const existing = this.identities.get(label);
        if (!existing) {
          const identity: Identity = { identityId: this.nextIdentityId++, label, templateIds: [] };
          await this.addTemplateRows(identity, rows);
          this.identities.set(label, identity);
          results.push(this.describeIdentity(identity));
        } else if (mode === 'append') {
          await this.addTemplateRows(existing, rows);
          results.push(this.describeIdentity(existing));
        } else {
          const old = existing.templateIds;
          existing.templateIds = [];
          await this.addTemplateRows(existing, rows);
          this.dropTemplates(old);
          results.push(this.describeIdentity(existing));
        }
      }
      return results;
    });
  }

  /** Frees the HNSW graph, the exact index's backend copy and a backend the gallery started. */
  dispose(): Promise<void> {
    // Runs after the operations already queued; later calls return the same promise.
    this.disposing ??= this.serial(async () => {
      this.disposed = true;
      this.hnsw?.dispose();
      this.hnsw = undefined;
      this.exact.dispose();
      if (typeof this.backendOption === 'string' && this.backendPromise) {
        const backend = await this.backendPromise.catch(() => undefined);
        backend?.dispose();
      }
    });
    return this.disposing;
  }

  private serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(() => {
      if (this.disposed) throw new GalleryArgumentError('gallery', 'the gallery was disposed');
      return task();
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  private kernelBackend(): Promise<KernelBackend> {
    if (typeof this.backendOption !== 'string') return Promise.resolve(this.backendOption);
    this.backendPromise ??= createBackend({ backend: this.backendOption }).then((created) => created.backend);
    return this.backendPromise;
  }

  private wantsHnsw(): boolean {
    if (this.indexChoice === 'hnsw') return true;
    if (this.indexChoice === 'exact') return false;
    // Hysteresis: once built, HNSW stays until the gallery shrinks to half the threshold.
    return this.store.count >= (this.hnsw ? this.hnswThreshold / 2 : this.hnswThreshold);
  }

  // Builds the HNSW graph on first need rather than on every enrolment, so a
  // bulk enrolment pays for one build.
  private async activeHnsw(): Promise<HnswIndex | undefined> {
    if (!this.wantsHnsw()) {
      this.hnsw?.dispose();
      this.hnsw = undefined;
      return undefined;
    }
    this.hnsw ??= await HnswIndex.build(this.store, this.metric, this.hnswConfig);
    return this.hnsw;
  }

  private async searchIdentities(queries: Float32Array, k: number, options: GallerySearchOptions): Promise<IdentityMatch[][]> {
    const queryCount = queries.length / this.dim;
    if (queryCount === 0) return [];
    if (k === 0 || this.identities.size === 0) return Array.from({ length: queryCount }, () => []);

    // Enough templates that k distinct identities are among them even if
    // the nearest identities all have the most templates.
    let maxTemplates = 1;
    for (const identity of this.identities.values()) maxTemplates = Math.max(maxTemplates, identity.templateIds.length);
    const templateK = Math.min(this.store.count, k * maxTemplates);

    const hnsw = options.exact ? undefined : await this.activeHnsw();
    let candidates: TemplateCandidates[];
    if (hnsw) {
      const rerankCandidates = options.rerankCandidates === undefined ? undefined : Math.max(options.rerankCandidates, templateK);
      candidates = await hnsw.search(queries, templateK, {
        rerank: options.rerank === true,
        ...(rerankCandidates === undefined ? {} : { rerankCandidates }),
        ...(options.ef === undefined ? {} : { ef: options.ef }),
      });
    } else {
      candidates = await this.exact.search(queries, templateK);
    }

    return candidates.map((found) => this.aggregate(found, k, options.threshold));
  }

  private aggregate(found: TemplateCandidates, k: number, threshold: number | undefined): IdentityMatch[] {
    const matches: IdentityMatch[] = [];
    const seen = new Set<Identity>();

    for (let i = 0; i < found.templateIds.length && matches.length < k; i++) {
      const owner = this.ownerOf.get(found.templateIds[i]);
      if (!owner || seen.has(owner)) continue;
      seen.add(owner);

      const distance = found.distances[i];
      if (threshold !== undefined && distance > threshold) break;
      matches.push({ label: owner.label, distance, templateId: found.templateIds[i] });
    }
    return matches;
  }

  private async addTemplateRows(identity: Identity, rows: Float32Array): Promise<void> {
    const added: number[] = [];
    for (let offset = 0; offset < rows.length; offset += this.dim) {
      const id = this.nextTemplateId++;
      this.store.add(id, rows.subarray(offset, offset + this.dim));
      added.push(id);
    }

    try {
      await this.exact.add(added);
      await this.hnsw?.add(added);
    } catch (error) {
      this.hnsw?.remove(added.filter((id) => this.store.has(id)));
      for (const id of added) this.store.remove(id);
      throw error;
    }

    for (const id of added) {
      identity.templateIds.push(id);
      this.ownerOf.set(id, identity);
    }
  }

  private dropTemplates(templateIds: readonly number[]): void {
    this.hnsw?.remove(templateIds);
    this.exact.remove(templateIds);
    for (const id of templateIds) {
      this.store.remove(id);
      this.ownerOf.delete(id);
    }
  }

  private describeIdentity(identity: Identity): EnrolledIdentity {
    return { label: identity.label, identityId: identity.identityId, templateIds: [...identity.templateIds] };
  }

  private checkCompatible(decoded: DecodedGallery, source: string): void {
    const fields: CompatibilityField[] = ['modelId', 'dim', 'metric', 'preprocessingVersion'];
    for (const field of fields) {
      if (decoded.header[field] !== this[field]) throw new GalleryMismatchError(source, field, this[field], decoded.header[field]);
    }
  }

  // Builds the complete new state aside and swaps it in only when nothing failed.
  private async adopt(decoded: DecodedGallery, source: string): Promise<void> {
    const { header } = decoded;
    const store = new TemplateStore(this.dim, Math.max(64, header.templateCount));
    const identities = new Map<string, Identity>();
    const ownerOf = new Map<number, Identity>();

    let row = 0;
    for (const stored of decoded.identities) {
      checkStoredLabel(stored.label, source);
      const identity: Identity = { identityId: stored.identityId, label: stored.label, templateIds: [...stored.templateIds] };
      for (const id of stored.templateIds) {
        store.add(id, decoded.vectors.subarray(row * this.dim, (row + 1) * this.dim));
        ownerOf.set(id, identity);
        row += 1;
      }
      identities.set(stored.label, identity);
    }

    // M and efConstruction describe the stored graph; ef may be overridden by this gallery's options.
    const parameters = header.hnsw ? resolveHnswParameters({ ...header.hnsw, ...pick(this.explicitHnsw, ['ef', 'initialCapacity']) }) : this.hnswConfig;
    let hnsw: HnswIndex | undefined;
    if (decoded.graph && this.indexChoice !== 'exact') {
      hnsw = await HnswIndex.restore(decoded.graph, store, this.metric, parameters, [...ownerOf.keys()]);
      const mismatch = hnsw.checkLabels([...ownerOf.keys()]);
      if (mismatch) {
        hnsw.dispose();
        throw new GalleryFormatError('malformed', source, `the HNSW graph does not match the templates: ${mismatch}`);
      }
    }

    this.hnsw?.dispose();
    this.exact.dispose();
    this.store = store;
    this.identities = identities;
    this.ownerOf = ownerOf;
    this.hnsw = hnsw;
    this.hnswConfig = parameters;
    this.exact = new ExactIndex(() => this.kernelBackend(), store, this.metric);
    this.nextTemplateId = header.nextTemplateId;
    this.nextIdentityId = header.nextIdentityId;
  }
}

function checkStoredLabel(label: string, source: string): void {
  try {
    checkLabel(label);
  } catch (error) {
    throw new GalleryFormatError('malformed', source, (error as Error).message);
  }
}

function pick<T extends object, K extends keyof T>(value: T, keys: readonly K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const key of keys) if (value[key] !== undefined) out[key] = value[key];
  return out;
}
