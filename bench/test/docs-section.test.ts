import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { demoteHeadings, DOCS_BEGIN, DOCS_END, writeDocsSection } from '../src/report/write-outputs.js';

let folder: string | undefined;

function page(): string {
  folder = mkdtempSync(join(tmpdir(), 'facegate-bench-docs-'));
  return join(folder, 'benchmarks.md');
}

afterEach(() => {
  if (folder) rmSync(folder, { recursive: true, force: true });
  folder = undefined;
});

describe('writeDocsSection', () => {
  it('appends after hand-written content', () => {
    const path = page();
    writeFileSync(path, '# Benchmarks\n\n## Training\n\nHand-written text.\n');
    writeDocsSection(path, '## Suite\n\nfirst run');

    const text = readFileSync(path, 'utf8');
    expect(text.startsWith('# Benchmarks\n\n## Training\n\nHand-written text.\n\n')).toBe(true);
    expect(text).toContain(`${DOCS_BEGIN}\n\n## Suite\n\nfirst run\n\n${DOCS_END}\n`);
  });

  it('replaces only its own section', () => {
    const path = page();
    writeFileSync(path, '# Benchmarks\n\nbefore\n');
    writeDocsSection(path, 'first run');
    writeFileSync(path, `${readFileSync(path, 'utf8')}\n## Later hand-written section\n`);
    writeDocsSection(path, 'second run');

    const text = readFileSync(path, 'utf8');
    expect(text).not.toContain('first run');
    expect(text).toContain('second run');
    expect(text).toContain('before');
    expect(text).toContain('## Later hand-written section');
    expect(text.split(DOCS_BEGIN)).toHaveLength(2);
  });

  it('creates a missing page', () => {
    const path = page();
    writeDocsSection(path, 'only run');
    expect(readFileSync(path, 'utf8')).toBe(`# Benchmarks\n\n${DOCS_BEGIN}\n\nonly run\n\n${DOCS_END}\n`);
  });
});

describe('demoteHeadings', () => {
  it('skips code blocks', () => {
    expect(demoteHeadings('# A\n## B\n```\n# not a heading\n```\ntext')).toBe('## A\n### B\n```\n# not a heading\n```\ntext');
  });
});
