import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { LFW_CACHE, fixturePath, hasFixtures, runCli } from './support/cli.js';

const present = hasFixtures('lfw-gray');

async function evaluate(protocol: string, extra: string[] = []) {
  const result = await runCli([
    'eval',
    '--json',
    '--images',
    fixturePath('lfw-gray', 'images'),
    '--cache',
    LFW_CACHE,
    ...extra,
    fixturePath('lfw-gray', protocol),
  ]);
  expect(result.status, result.stderr).toBe(0);
  return JSON.parse(result.stdout);
}

// The vitest global setup embeds the photos into LFW_CACHE before this file
// runs, so each evaluation here reads embeddings from the cache.
describe.skipIf(!present)('lfw-gray evaluation (CLI)', { timeout: 900_000 }, () => {
  beforeAll(async () => {
    await mkdir(dirname(LFW_CACHE), { recursive: true });
  }, 900_000);

  it('reaches 98 % pairs accuracy at the default threshold', async () => {
    const report = await evaluate('pairs.tsv');
    expect(report.positives).toBe(300);
    expect(report.negatives).toBe(300);
    expect(report.atThreshold.accuracy).toBeGreaterThanOrEqual(0.98);
    expect(report.auc).toBeGreaterThan(0.99);
  });

  it('reaches 95 % rank-1 on the identification protocol', async () => {
    const report = await evaluate('identification.tsv');
    expect(report.probes).toBe(606);
    expect(report.rank1).toBeGreaterThanOrEqual(0.95);
    expect(report.rank5).toBeGreaterThanOrEqual(report.rank1);
  });

  it('gives the same rank-1 with the HNSW index as with exact search', async () => {
    const exact = await evaluate('identification.tsv', ['--index', 'exact']);
    const hnsw = await evaluate('identification.tsv', ['--index', 'hnsw']);
    expect(exact.index).toBe('exact');
    expect(hnsw.index).toBe('hnsw');
    expect(hnsw.rank1).toBe(exact.rank1);
    expect(hnsw.rank5).toBe(exact.rank5);
  });

  it('calibrates on identities disjoint from the pairs', async () => {
    const report = await evaluate('identification.tsv', ['--exclude', fixturePath('lfw-gray', 'pairs.tsv')]);
    expect(report.probes).toBeLessThan(606);
    const far3 = report.verification.tarAtFar.find((point: { farTarget: number }) => point.farTarget === 0.001);
    // The manifest's default threshold is this value, rounded.
    expect(far3.threshold).toBeGreaterThan(1.3);
    expect(far3.threshold).toBeLessThan(1.36);
  });
});
