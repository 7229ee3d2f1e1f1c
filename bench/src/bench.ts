// `pnpm bench`: the facegate benchmark suite. Without --task this is the
// parent process. With `--task NAME INPUT OUTPUT` it is one of the child
// processes that the parent starts for each group of rows.

import { runBench } from './run/run-bench.js';
import { runTaskInThisProcess } from './run/tasks.js';

const args = process.argv.slice(2);
if (args[0] === '--task') {
  await runTaskInThisProcess(args[1] ?? '', args[2] ?? '', args[3] ?? '');
} else {
  process.exitCode = await runBench(args);
}
