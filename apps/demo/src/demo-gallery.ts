// The page's gallery: the people enrolled by the user, which are saved, plus
// optional synthetic distractors, which live only in this tab. Both sit in one
// @facegate/index Gallery so that every search covers all of them. The kernel
// backend and the index kind are fixed when a Gallery is built, so switching
// either rebuilds it from the current templates.

import { Gallery, type IndexChoice, type IndexKind } from '@facegate/index';
import type { KernelBackend } from '@facegate/kernels';
import { DISTRACTOR_PREFIX, distractorLabel, isDistractorLabel, MAX_DISTRACTORS, randomUnitVectors, seededRandom } from './distractors.js';
import { nextFrame } from './dom.js';

export interface GallerySettings {
  readonly modelId: string;
  readonly dim: number;
  readonly preprocessingVersion: string;
}

export interface Person {
  readonly label: string;
  readonly templates: number;
}

/** Distractors enrolled per step between progress updates. */
const DISTRACTOR_CHUNK = 2_000;

const DISTRACTOR_SEED = 0x5eed;

/** A label that enrolment, rename or import rejects; `label` names it. */
export class InvalidLabelError extends Error {
  override name = 'InvalidLabelError';

  constructor(
    readonly label: string,
    reason: string,
  ) {
    super(`invalid name ${JSON.stringify(label)}: ${reason}`);
  }
}

export class DemoGallery {
  private current: Gallery;
  private distractors = 0;
  private nextDistractorSerial = 1;
  private changedSinceSearch = true;
  private readonly listeners = new Set<() => void>();

  constructor(
    readonly settings: GallerySettings,
    private searchBackend: KernelBackend,
    private index: IndexChoice,
  ) {
    this.current = this.createGallery(searchBackend, index);
  }

  /** The Gallery that identify() and verify() search. */
  get gallery(): Gallery {
    return this.current;
  }

  get backend(): KernelBackend {
    return this.searchBackend;
  }

  get indexChoice(): IndexChoice {
    return this.index;
  }

  /** The index the next search uses (`auto` resolves by gallery size). */
  get indexKind(): IndexKind {
    return this.current.indexKind;
  }

  get templateCount(): number {
    return this.current.templateCount;
  }

  get distractorCount(): number {
    return this.distractors;
  }

  /** Enrolled people in enrolment order, without distractors. */
  people(): Person[] {
    return this.current
      .labels()
      .filter((label) => !isDistractorLabel(label))
      .map((label) => ({ label, templates: this.current.identity(label)?.templateIds.length ?? 0 }));
  }

  onChange(listener: () => void): void {
    this.listeners.add(listener);
  }

  /** Adds a template to `label`, enrolling the person if they are new. */
  async addFace(label: string, embedding: Float32Array): Promise<void> {
    checkPersonLabel(label);
    if (this.current.has(label)) await this.current.addTemplates(label, embedding);
    else await this.current.enrol(label, embedding);
    this.changed();
  }

  async remove(label: string): Promise<void> {
    checkPersonLabel(label);
    await this.current.remove(label);
    this.changed();
  }

  async rename(from: string, to: string): Promise<void> {
    checkPersonLabel(from);
    checkPersonLabel(to);
    await this.current.rename(from, to);
    this.changed();
  }

  /** Removes every person and keeps the distractors. */
  async removeAllPeople(): Promise<void> {
    for (const { label } of this.people()) await this.current.remove(label);
    this.changed();
  }

  /**
   * Adds `count` random unit-vector templates, each its own identity, so that
   * they compete with the people in identification. `onProgress` runs after
   * each chunk, once the page had a chance to repaint.
   */
  async addDistractors(count: number, onProgress: (done: number) => void): Promise<void> {
    if (!Number.isInteger(count) || count < 1) throw new RangeError(`distractor count must be a positive integer, got ${count}`);
    if (this.distractors + count > MAX_DISTRACTORS) {
      throw new RangeError(
        `the gallery has ${this.distractors} distractors; adding ${count} would exceed the limit of ${MAX_DISTRACTORS.toLocaleString('en-US')}`,
      );
    }

    const { dim } = this.settings;
    const random = seededRandom(DISTRACTOR_SEED + this.nextDistractorSerial);
    for (let done = 0; done < count; ) {
      const rows = Math.min(DISTRACTOR_CHUNK, count - done);
      const vectors = randomUnitVectors(rows, dim, random);
      const enrolled: Promise<unknown>[] = [];
      for (let row = 0; row < rows; row++) {
        enrolled.push(this.current.enrol(distractorLabel(this.nextDistractorSerial++), vectors.subarray(row * dim, (row + 1) * dim)));
      }
      await Promise.all(enrolled);
      this.distractors += rows;
      done += rows;
      this.changedSinceSearch = true;
      onProgress(done);
      await nextFrame();
    }
    this.changed();
  }

  /** Drops every distractor by rebuilding the gallery from the people alone. */
  async removeDistractors(): Promise<void> {
    await this.rebuild(this.searchBackend, this.index, false);
    this.distractors = 0;
    this.changed();
  }

  /** Rebuilds the gallery on another kernel backend or index kind; the caller disposes the old backend. */
  async switchTo(backend: KernelBackend, index: IndexChoice): Promise<void> {
    await this.rebuild(backend, index, true);
    this.changed();
  }

  /**
   * Runs one search with a random probe, so that the upload of the gallery to
   * the backend (exact index) or the HNSW graph build happens outside the
   * timed searches. `k` should match the next search's, because the WebGPU
   * backend compiles its top-k shader on first use of a k. Returns the
   * duration in ms, or 0 when nothing changed.
   */
  async prepare(k = 1): Promise<number> {
    if (!this.changedSinceSearch || this.current.templateCount === 0) return 0;
    const probe = randomUnitVectors(1, this.settings.dim, seededRandom(1));
    const started = performance.now();
    await this.current.search(probe, k);
    this.changedSinceSearch = false;
    return performance.now() - started;
  }

  /** Records that a search ran, so the next one needs no preparation. */
  searched(): void {
    this.changedSinceSearch = false;
  }

  /** Returns the gallery file of the people only, for saving and export. */
  async peopleFile(): Promise<Uint8Array> {
    const people = await this.peopleGallery();
    try {
      return await people.toBytes();
    } finally {
      await people.dispose();
    }
  }

  /** Returns the JSON export of the people only. */
  async peopleJson(): Promise<string> {
    const people = await this.peopleGallery();
    try {
      return people.exportJson();
    } finally {
      await people.dispose();
    }
  }

  /** Replaces every person with those of a gallery file (at startup, from storage); distractors stay. */
  async loadPeopleFile(bytes: Uint8Array, source: string): Promise<void> {
    const loaded = await Gallery.fromBytes(bytes, { ...this.galleryOptions(), index: 'exact', backend: 'js' }, source);
    try {
      for (const label of loaded.labels()) checkImportedLabel(label, source);
      await this.removeAllPeople();
      for (const label of loaded.labels()) await this.current.enrol(label, loaded.templates(label));
    } finally {
      await loaded.dispose();
    }
    this.changed();
  }

  /**
   * Imports a JSON export or a gallery file (such as one written by the
   * facegate CLI). A person in the file replaces the person of the same name;
   * others are added. Returns the imported labels.
   */
  async importFile(bytes: Uint8Array, source: string): Promise<string[]> {
    const firstByte = bytes.find((byte) => byte !== 0x20 && byte !== 0x0a && byte !== 0x0d && byte !== 0x09);
    const isJson = firstByte === 0x7b /* '{' */ || firstByte === 0x5b; /* '[' */

    // Both formats go through a scratch gallery first, which checks the whole
    // file (model, dimension, records) before anything changes here.
    const scratch = new Gallery({ ...this.galleryOptions(), index: 'exact', backend: 'js' });
    try {
      if (isJson) await scratch.importJson(new TextDecoder().decode(bytes));
      else await scratch.loadBytes(bytes, source);

      const labels = scratch.labels();
      for (const label of labels) checkImportedLabel(label, source);
      for (const label of labels) {
        const templates = scratch.templates(label);
        if (this.current.has(label)) await this.current.replace(label, templates);
        else await this.current.enrol(label, templates);
      }
      this.changed();
      return labels;
    } finally {
      await scratch.dispose();
    }
  }

  private changed(): void {
    this.changedSinceSearch = true;
    for (const listener of this.listeners) listener();
  }

  private galleryOptions() {
    return {
      modelId: this.settings.modelId,
      dim: this.settings.dim,
      metric: 'squaredL2' as const,
      preprocessingVersion: this.settings.preprocessingVersion,
    };
  }

  private createGallery(backend: KernelBackend, index: IndexChoice): Gallery {
    return new Gallery({ ...this.galleryOptions(), index, backend });
  }

  private async peopleGallery(): Promise<Gallery> {
    // Never searched, so it never starts a backend of its own.
    const people = new Gallery({ ...this.galleryOptions(), index: 'exact', backend: 'js' });
    for (const { label } of this.people()) await people.enrol(label, this.current.templates(label));
    return people;
  }

  private async rebuild(backend: KernelBackend, index: IndexChoice, keepDistractors: boolean): Promise<void> {
    const next = this.createGallery(backend, index);
    try {
      for (const label of this.current.labels()) {
        if (!keepDistractors && isDistractorLabel(label)) continue;
        await next.enrol(label, this.current.templates(label));
      }
    } catch (error) {
      await next.dispose();
      throw error;
    }

    const previous = this.current;
    this.current = next;
    this.searchBackend = backend;
    this.index = index;
    await previous.dispose();
  }
}

function checkPersonLabel(label: string): void {
  if (label.trim().length === 0) throw new InvalidLabelError(label, 'a name must contain a visible character');
  if (label !== label.trim()) throw new InvalidLabelError(label, 'a name must not start or end with white space');
  if (isDistractorLabel(label)) throw new InvalidLabelError(label, `names starting with "${DISTRACTOR_PREFIX}" are reserved for synthetic distractors`);
}

function checkImportedLabel(label: string, source: string): void {
  if (isDistractorLabel(label)) {
    throw new InvalidLabelError(label, `${source} contains a name starting with "${DISTRACTOR_PREFIX}", which is reserved for synthetic distractors; nothing was imported`);
  }
}
