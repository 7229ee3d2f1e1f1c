// `pnpm bench --combine A/results.json B/results.json ...`: one report from
// runs that each measured some of the suites (see ../combine.ts).

import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { asResults, combineResults, CombineError, type ResultsFile } from '../combine.js';
import { USAGE } from '../settings.js';
import { publishResults, shellQuote } from './publish.js';

/** Runs the combine command; returns the exit code: 2 for usage errors, 1 for files that cannot be combined. */
export function runCombine(args: readonly string[], benchRoot: string): number {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      strict: true,
      allowPositionals: true,
      options: { combine: { type: 'boolean' }, out: { type: 'string' }, 'write-docs': { type: 'boolean' } },
    });
  } catch (error) {
    process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)} (with --combine only --out and --write-docs apply)\n\n${USAGE}`);
    return 2;
  }

  try {
    const files: ResultsFile[] = parsed.positionals.map((path) => ({ path, results: asResults(path, readJson(path)) }));
    const outDir = resolve(parsed.values.out ?? resolve(benchRoot, 'results'));
    const docsDir = parsed.values['write-docs'] ? resolve(dirname(benchRoot), 'docs') : undefined;
    const results = combineResults(files, ['pnpm bench', ...args.map(shellQuote)].join(' '));
    results.settings = { ...results.settings, outDir, docsDir };
    publishResults(results, outDir, docsDir);
    return 0;
  } catch (error) {
    if (!(error instanceof CombineError)) throw error;
    process.stderr.write(`error: ${error.message}\n`);
    return 1;
  }
}

function readJson(path: string): unknown {
  let text;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new CombineError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CombineError(`${path} is not valid JSON: ${(error as Error).message}`);
  }
}
