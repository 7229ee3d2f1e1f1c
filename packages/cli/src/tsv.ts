import { readFile } from 'node:fs/promises';
import { FacegateError } from '@facegate/core';

/** Reads a tab-separated file with a header row into records keyed by column name. */
export async function readTsv(path: string): Promise<{ columns: string[]; rows: Record<string, string>[] }> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new FacegateError(`${path}: cannot read file (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '');
  if (lines.length === 0) throw new FacegateError(`${path}: file is empty; expected a header row`);
  const columns = lines[0].split('\t').map((column) => column.trim());
  const rows = lines.slice(1).map((line, index) => {
    const cells = line.split('\t');
    if (cells.length !== columns.length) {
      throw new FacegateError(`${path}: line ${index + 2} has ${cells.length} columns, expected ${columns.length}`);
    }
    return Object.fromEntries(columns.map((column, i) => [column, cells[i].trim()]));
  });
  return { columns, rows };
}
