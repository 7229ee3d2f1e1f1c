// The float32 vectors of every live template, packed in rows 0..count-1 of one
// growable buffer so that the exact index can hand the whole gallery to a
// kernel backend in one copy. Removing a template moves the last row into its
// place, so row numbers change and template ids are the only stable handle.

export class TemplateStore {
  private vectors: Float32Array;
  private rowIds: Uint32Array;
  private readonly rowOf = new Map<number, number>();
  private rows = 0;
  private revision = 0;

  constructor(
    readonly dim: number,
    initialCapacity = 64,
  ) {
    const capacity = Math.max(1, initialCapacity);
    this.vectors = new Float32Array(capacity * dim);
    this.rowIds = new Uint32Array(capacity);
  }

  get count(): number {
    return this.rows;
  }

  /** Counter that changes on every add or remove, for caches built from the store. */
  get version(): number {
    return this.revision;
  }

  has(templateId: number): boolean {
    return this.rowOf.has(templateId);
  }

  /** Returns a view of the template's vector; it stays valid only until the next add or remove. */
  vector(templateId: number): Float32Array | undefined {
    const row = this.rowOf.get(templateId);
    if (row === undefined) return undefined;
    return this.vectors.subarray(row * this.dim, (row + 1) * this.dim);
  }

  /** Returns views of rows 0..count-1 and their template ids, valid until the next add or remove. */
  matrix(): { vectors: Float32Array; templateIds: Uint32Array } {
    return {
      vectors: this.vectors.subarray(0, this.rows * this.dim),
      templateIds: this.rowIds.subarray(0, this.rows),
    };
  }

  add(templateId: number, vector: Float32Array): void {
    if (this.rowOf.has(templateId)) throw new Error(`template ${templateId} is already stored`);
    this.reserve(this.rows + 1);

    this.vectors.set(vector, this.rows * this.dim);
    this.rowIds[this.rows] = templateId;
    this.rowOf.set(templateId, this.rows);
    this.rows += 1;
    this.revision += 1;
  }

  remove(templateId: number): void {
    const row = this.rowOf.get(templateId);
    if (row === undefined) return;

    const last = this.rows - 1;
    if (row !== last) {
      const movedId = this.rowIds[last];
      this.vectors.copyWithin(row * this.dim, last * this.dim, (last + 1) * this.dim);
      this.rowIds[row] = movedId;
      this.rowOf.set(movedId, row);
    }

    this.rowOf.delete(templateId);
    this.rows = last;
    this.revision += 1;
  }

  clear(): void {
    this.rowOf.clear();
    this.rows = 0;
    this.revision += 1;
  }

  private reserve(rows: number): void {
    if (rows <= this.rowIds.length) return;

    const capacity = Math.max(rows, this.rowIds.length * 2);
    const vectors = new Float32Array(capacity * this.dim);
    vectors.set(this.vectors.subarray(0, this.rows * this.dim));
    const rowIds = new Uint32Array(capacity);
    rowIds.set(this.rowIds.subarray(0, this.rows));
    this.vectors = vectors;
    this.rowIds = rowIds;
  }
}
