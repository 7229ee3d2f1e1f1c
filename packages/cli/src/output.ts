/** Prints a CSV cell, quoting values that contain commas, quotes or line breaks. */
export function csvCell(value: string | number | undefined): string {
  if (value === undefined) return '';
  const text = typeof value === 'number' ? formatDistance(value) : value;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(cells: readonly (string | number | undefined)[]): string {
  return cells.map(csvCell).join(',');
}

export function formatDistance(value: number): string {
  return value.toFixed(4);
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, (_, item) => (item instanceof Float32Array ? Array.from(item) : item), 2)}\n`);
}

/** Reports a failed input on stderr: the CLI carries on with the others. */
export function reportFailure(path: string, error: Error): void {
  const message = error.message.startsWith(path) ? error.message : `${path}: ${error.message}`;
  process.stderr.write(`facegate: ${error.name}: ${message}\n`);
}
