// `pnpm bench --combine A/results.json B/results.json ...`: one report from
// runs that each measured some of the suites (see ../combine.ts).

import { readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { asResults, combineResults, CombineError, type ResultsFile } from '../combine.js';
import { RESULTS_FILE } from '../report/write-outputs.js';
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
    // parseArgs follows an unknown option with advice about positionals that does not apply here.
    const message = error instanceof Error ? error.message.split('. ')[0] : String(error);
    return usageError(`${message}: with --combine only --out and --write-docs apply`);
  }
  if (parsed.positionals.length < 2) return usageError(`--combine needs at least two results files, got ${parsed.positionals.length}`);

  const outDir = resolve(parsed.values.out ?? resolve(benchRoot, 'results'));
  const docsDir = parsed.values['write-docs'] ? resolve(dirname(benchRoot), 'docs') : undefined;
  try {
    const files: ResultsFile[] = parsed.positionals.map((argument) => {
      const path = resultsPath(argument);
      return { path, results: asResults(path, readJson(path)) };
    });

    // Writing into a part's folder would replace that part's results.json with the combined one.
    const overwritten = files.find((file) => resolve(file.path) === join(outDir, RESULTS_FILE));
    if (overwritten) throw new CombineError(`--out ${outDir} would overwrite ${overwritten.path}: choose another output folder`);

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

/** Accepts a results file or the output folder of a run, which contains results.json. */
function resultsPath(argument: string): string {
  try {
    return statSync(argument).isDirectory() ? join(argument, RESULTS_FILE) : argument;
  } catch {
    // readJson reports the missing file.
    return argument;
  }
}

function readJson(path: string): unknown {
  let text;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CombineError(code === 'ENOENT' ? `${path} not found: pass the results.json of each run, or its --out folder` : `cannot read ${path}: ${code ?? String(error)}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CombineError(`${path} is not valid JSON: ${(error as Error).message}`);
  }
}

function usageError(message: string): number {
  process.stderr.write(`error: ${message}\n\n${USAGE}`);
  return 2;
}
