import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './support/cli.js';
import { LFW, LFW_CACHE, hasLfw } from './support/lfw.js';

let folder: string;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'facegate-train-head-'));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('facegate train-head usage errors', () => {
  it('requires --out', async () => {
    const result = await runCli(['train-head', join(LFW, 'images')]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--out FILE is required');
  });

  it('rejects an unknown backend', async () => {
    const result = await runCli(['train-head', '--out', join(folder, 'x.fghead'), '--backend', 'cuda', join(LFW, 'images')]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--backend must be one of js, wasm-simd, webgpu, got "cuda"');
  });

  it('rejects a negative selection it does not know', async () => {
    const result = await runCli(['train-head', '--out', join(folder, 'x.fghead'), '--selection', 'easy', join(LFW, 'images')]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--selection must be semi-hard or hard, got "easy"');
  });

  it('rejects a missing training folder', async () => {
    const result = await runCli(['train-head', '--out', join(folder, 'x.fghead'), join(folder, 'missing')]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('missing: not found');
  });

  it('rejects a flat folder without identity names', async () => {
    const flat = join(folder, 'flat');
    await mkdir(flat, { recursive: true });
    await writeFile(join(flat, 'holiday.jpg'), 'not read');
    const result = await runCli(['train-head', '--out', join(folder, 'x.fghead'), flat]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('holiday.jpg: file name has no _NNNN suffix');
  });
});

describe.skipIf(!hasLfw())('facegate train-head and eval --head on lfw-gray', { timeout: 900_000 }, () => {
  const headPath = () => join(folder, 'lfw-disjoint.fghead');
  const train = (out: string) =>
    runCli(['train-head', '--json', '--threads', '1', '--out', out, '--exclude', join(LFW, 'pairs.tsv'), '--cache', LFW_CACHE, join(LFW, 'images')]);
  const evaluate = (protocol: string, extra: string[] = []) =>
    runCli(['eval', '--json', '--threads', '1', '--backend', 'js', '--images', join(LFW, 'images'), '--cache', LFW_CACHE, ...extra, join(LFW, protocol)]);
  let report: Record<string, any>;

  beforeAll(async () => {
    const result = await train(headPath());
    expect(result.status, result.stderr).toBe(0);
    report = JSON.parse(result.stdout);
  }, 900_000);

  it('trains a 128-d head on the disjoint identities', () => {
    expect(report.outputDim).toBe(128);
    expect(report.inputDim).toBe(512);
    expect(report.modelId).toBe('faceplugin-mobilefacenet-512+head-lfw-disjoint');
    expect(report.data.faces).toBe(559);
    expect(report.data.identities).toBe(418);
    expect(report.history).toHaveLength(20);
    expect(report.history.at(-1).loss).toBeLessThan(report.history[0].loss);
    expect(report.history[0].activeFraction).toBeGreaterThan(0);
  });

  it('writes the head file and the loss chart', async () => {
    const svg = await readFile(join(folder, 'lfw-disjoint.svg'), 'utf8');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.match(/<polyline /g)).toHaveLength(2);
    const bytes = await readFile(headPath());
    expect(bytes.subarray(0, 6).toString()).toBe('FGHEAD');
    expect(bytes.length).toBe(report.bytes);
  });

  it('writes the same file again with the same seed', async () => {
    const again = await train(join(folder, 'again.fghead'));
    expect(again.status, again.stderr).toBe(0);
    const second = JSON.parse(again.stdout);
    expect(second.history.map((record: { loss: number }) => record.loss)).toEqual(report.history.map((record: { loss: number }) => record.loss));
    // The header differs in the name, which comes from the file name; the float32 weights and bias that end the file must not.
    const payloadBytes = (128 * 512 + 128) * 4;
    const first = await readFile(headPath());
    const other = await readFile(join(folder, 'again.fghead'));
    expect(other.subarray(-payloadBytes).equals(first.subarray(-payloadBytes))).toBe(true);
  });

  it('evaluates the head on the pairs within 1 point of the 512-d embedding', async () => {
    const baseline = await evaluate('pairs.tsv');
    const head = await evaluate('pairs.tsv', ['--head', headPath()]);
    expect(baseline.status, baseline.stderr).toBe(0);
    expect(head.status, head.stderr).toBe(0);
    const base = JSON.parse(baseline.stdout);
    const projected = JSON.parse(head.stdout);

    expect(projected.encoding.modelId).toMatch(/^faceplugin-mobilefacenet-512\+head-lfw-disjoint@[0-9a-f]{12}$/);
    expect(projected.encoding.dim).toBe(128);
    expect(base.encoding.dim).toBe(512);
    // Without --threshold the head's own calibrated threshold applies.
    expect(projected.atThreshold.threshold).toBe(report.threshold.value);
    expect(base.atThreshold.accuracy - projected.atThreshold.accuracy).toBeLessThanOrEqual(0.01);
    expect(base.bestAccuracy - projected.bestAccuracy).toBeLessThanOrEqual(0.01);
  });

  it('identifies with a gallery of head vectors', async () => {
    const result = await evaluate('identification.tsv', ['--head', headPath()]);
    expect(result.status, result.stderr).toBe(0);
    const identification = JSON.parse(result.stdout);
    expect(identification.encoding.modelId).toMatch(/^faceplugin-mobilefacenet-512\+head-lfw-disjoint@[0-9a-f]{12}$/);
    expect(identification.probes).toBe(606);
    expect(identification.rank1).toBeGreaterThanOrEqual(0.95);
  });

  it('rejects a corrupt head file', async () => {
    const bytes = await readFile(headPath());
    bytes[bytes.length - 1] ^= 0xff;
    const corrupt = join(folder, 'corrupt.fghead');
    await writeFile(corrupt, bytes);
    const result = await evaluate('pairs.tsv', ['--head', corrupt]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('HeadFileError');
    expect(result.stderr).toContain('corrupt.fghead: payload CRC-32');
  });

  it('rejects a missing head file', async () => {
    const result = await evaluate('pairs.tsv', ['--head', join(folder, 'none.fghead')]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('none.fghead: cannot read head file (ENOENT)');
  });
});
