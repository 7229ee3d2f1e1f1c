import { describe, expect, it } from 'vitest';
import { parseSettings, UsageError } from '../src/settings.js';

const ROOT = '/repo/bench';

function parse(args: string[]) {
  const settings = parseSettings(args, ROOT);
  if (settings === 'help') throw new Error('unexpected help');
  return settings;
}

describe('parseSettings', () => {
  it('defaults to quick mode', () => {
    const settings = parse([]);
    expect(settings.mode).toBe('quick');
    expect(settings.outDir).toBe('/repo/bench/results');
    expect(settings.docsDir).toBeUndefined();
    expect(settings.suites).toEqual(['distance', 'triplet', 'embedding', 'index', 'anchor']);
  });

  it('full mode has the issue sizes', () => {
    const settings = parse(['--full']);
    expect(settings.distance.queries).toEqual([1, 64, 1024]);
    expect(settings.distance.galleries).toEqual([10_000, 100_000, 1_000_000]);
    expect(settings.distance.dims).toEqual([128, 512]);
    expect(settings.distance.k).toBe(10);
    expect(settings.triplet.batches).toEqual([256, 4096]);
    expect(settings.embedding.batches).toEqual([1, 8, 32]);
    expect(settings.index.galleries).toEqual([10_000, 100_000, 1_000_000]);
    expect(settings.index.efs).toEqual([16, 32, 64, 128, 256]);
  });

  it('all-thread variants use --threads', () => {
    const settings = parse(['--threads', '3', '--variants', 'wasm-simd:1,wasm-simd:all,js']);
    expect(settings.distance.variants).toEqual([
      { backend: 'wasm-simd', threads: 1 },
      { backend: 'wasm-simd', threads: 3 },
      { backend: 'js', threads: 1 },
    ]);
  });

  it('size lists are sorted and deduplicated', () => {
    expect(parse(['--galleries', '5000,1000,5000']).distance.galleries).toEqual([1000, 5000]);
  });

  it('--write-docs targets the docs folder', () => {
    expect(parse(['--write-docs']).docsDir).toBe('/repo/docs');
  });

  it('--help returns help', () => {
    expect(parseSettings(['--help'], ROOT)).toBe('help');
  });

  it.each([
    [['--full', '--tiny'], /choose one mode/],
    [['--dims', '130'], /not a multiple of 4/],
    [['--queries', '0'], /--queries must be an integer from 1/],
    [['--variants', 'cuda'], /unknown variant "cuda"/],
    [['--suites', 'distance,speed'], /unknown suite "speed"/],
    [['--repeats', '2', '--min-repeats', '3'], /exceeds --repeats/],
    [['--lfw', 'maybe'], /--lfw must be one of auto, off/],
    [['--max-row-seconds', 'soon'], /--max-row-seconds must be a number/],
    [['--unknown'], /Unknown option/],
  ])('rejects %j', (args, message) => {
    expect(() => parseSettings(args, ROOT)).toThrow(UsageError);
    expect(() => parseSettings(args, ROOT)).toThrow(message);
  });
});

describe('parseSettings on one thread', () => {
  it('drops duplicate all-thread variants', () => {
    const settings = parseSettings(['--threads', '1', '--variants', 'wasm-simd:1,wasm-simd:all'], ROOT);
    if (settings === 'help') throw new Error('unexpected help');
    expect(settings.distance.variants).toEqual([{ backend: 'wasm-simd', threads: 1 }]);
  });
});
